"""RTE-07: business hours and holidays in the enterprise's time zone; group night forwarding.

Times are compared on the local wall clock, obtained from the UTC instant with zoneinfo, so a range such as
09:00–17:00 stays right on both sides of a daylight-saving change; on the spring-forward night, the skipped hour
simply never occurs, and on the fall-back night the repeated hour is inside any range covering it both times.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from routing.engine.model import Holiday, NightForwardingMode, Schedule, Target, TargetKind, User, WeeklyHours
from routing.engine.walk import Walk
from routing.engine.wording import N_, WEEKDAYS, named

FEATURE = "RTE-07"


def local_now(walk: Walk) -> datetime:
    try:
        zone = ZoneInfo(walk.snapshot.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        walk.note(
            FEATURE, "UNKNOWN_TIME_ZONE", N_("Unknown time zone '{zone}': UTC is used"), zone=walk.snapshot.time_zone
        )
        return walk.now.astimezone(UTC)
    return walk.now.astimezone(zone)


def _in_range(hours: WeeklyHours, moment: datetime) -> bool:
    if moment.weekday() != hours.weekday:
        return False
    clock = moment.time().replace(tzinfo=None)
    ends_at_midnight = hours.end == time(0, 0)
    return hours.start <= clock and (ends_at_midnight or clock < hours.end)


def _is_holiday(holiday: Holiday, day: date) -> bool:
    if not holiday.yearly:
        return holiday.start <= day <= holiday.end
    start, end, today = (
        (holiday.start.month, holiday.start.day),
        (holiday.end.month, holiday.end.day),
        (day.month, day.day),
    )
    return start <= today <= end if start <= end else today >= start or today <= end


def holiday_today(schedule: Schedule, day: date) -> Holiday | None:
    return next((holiday for holiday in schedule.holidays if _is_holiday(holiday, day)), None)


def is_business_hours(walk: Walk, business_schedule_id: str | None, holiday_schedule_id: str | None) -> bool:
    """Open when inside a weekly range of the business schedule and on no holiday of either schedule."""
    moment = local_now(walk)
    weekday = WEEKDAYS[moment.weekday()]
    schedules = walk.snapshot.schedules_by_id
    for schedule_id in (holiday_schedule_id, business_schedule_id):
        schedule = schedules.get(schedule_id) if schedule_id else None
        holiday = holiday_today(schedule, moment.date()) if schedule else None
        if holiday is not None:
            walk.note(
                FEATURE,
                "HOLIDAY",
                N_("{weekday} {at}: holiday {holiday} of {name}"),
                weekday=weekday,
                at=moment,
                holiday=holiday.name or holiday.start.isoformat(),
                name=named(schedule),
            )
            return False
    if business_schedule_id is None:
        walk.note(FEATURE, "NO_SCHEDULE", N_("{weekday} {at}: no business schedule, open"), weekday=weekday, at=moment)
        return True
    business = schedules.get(business_schedule_id)
    if business is None:
        walk.note(
            FEATURE, "SCHEDULE_MISSING", N_("Schedule {ref} not found: treated as open"), ref=business_schedule_id
        )
        return True
    inside = any(_in_range(hours, moment) for hours in business.weekly)
    walk.note(
        FEATURE,
        "BUSINESS_HOURS" if inside else "AFTER_HOURS",
        N_("{weekday} {at}: within the business hours of {name}")
        if inside
        else N_("{weekday} {at}: outside the business hours of {name}"),
        weekday=weekday,
        at=moment,
        name=named(business),
    )
    return inside


def night_forward_target(walk: Walk, user: User) -> Target | None:
    """The group night-forwarding destination that applies to `user` now, if any."""
    for rule in walk.snapshot.night_forwarding:
        if (rule.user_ids and user.id not in rule.user_ids) or rule.target == Target(TargetKind.USER, user.id):
            continue
        if rule.mode is NightForwardingMode.ON:
            walk.note(FEATURE, "NIGHT_FORWARDING_ON", N_("Group night forwarding is switched on by hand"))
            return rule.target
        if rule.mode is NightForwardingMode.SCHEDULED and not is_business_hours(
            walk, rule.business_schedule_id, rule.holiday_schedule_id
        ):
            walk.note(FEATURE, "NIGHT_FORWARDING_SCHEDULED", N_("Group night forwarding applies by schedule"))
            return rule.target
    return None
