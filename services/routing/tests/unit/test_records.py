"""quick_init keeps a frozen dataclass's constructor contract while building it faster (issue 5's engine figure)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from routing.engine.model import Reject, Ring, TraceStep
from routing.engine.records import quick_init


@quick_init
@dataclass(frozen=True)
class Sample:
    name: str
    count: int = 3
    tags: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.seen.append(self.name)


def test_defaults_factories_and_post_init_behave_as_dataclass_would() -> None:
    first, second = Sample("a"), Sample("b", 5, ["x"])
    assert (first.count, first.tags, first.seen) == (3, [], ["a"])
    assert (second.count, second.tags, second.seen) == (5, ["x"], ["b"])
    assert Sample("c").tags is not Sample("c").tags  # a new list per instance, not a shared default
    assert Sample("a") == Sample("a") and hash(Sample("a", tags=[]).name) == hash("a")


def test_the_class_stays_frozen_and_keyword_only_fields_stay_keyword_only() -> None:
    step = TraceStep("RTE-01", "DID", "{number}", {"number": "+15145550100"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.code = "OTHER"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Reject("busy", 486)  # type: ignore[misc]
    plan = Reject(reason="busy", sip_code=486)
    assert plan.trace == () and plan == Reject(reason="busy", sip_code=486)
    assert Ring.__init__.__qualname__ == "Ring.__init__"


def test_missing_required_field_is_still_an_error() -> None:
    with pytest.raises(TypeError):
        Sample()  # type: ignore[call-arg]
