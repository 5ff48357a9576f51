"""RTE-11: series completion. When a line of a series is busy, the call goes to the next line of the series (in the
series' order, never back to an earlier one) that is not busy; only when none is free do the line's own busy
forwarding and voicemail apply."""

from __future__ import annotations

from routing.engine.model import User
from routing.engine.walk import Walk
from routing.engine.wording import N_, line

FEATURE = "RTE-11"


def next_free(walk: Walk, user: User) -> User | None:
    busy = walk.request.context.busy_user_ids
    users = walk.snapshot.users_by_id
    for members in walk.snapshot.series_completions:
        if user.id not in members:
            continue
        for member in members[members.index(user.id) + 1 :]:
            if member not in busy and member in users:
                walk.note(
                    FEATURE,
                    "SERIES_NEXT",
                    N_("Line {line} is busy: the next free line of the series is {next}"),
                    line=line(user),
                    next=line(users[member]),
                )
                return users[member]
    return None
