"""Plans, call states and events as plain JSON values: the shape media sees on the wire (protos/rpc/routing.v1.json).

A plan becomes ``{"kind": "ring" | "play_menu" | "ask_account_code" | "voicemail" | "voicemail_box" | "reject" |
"queue", ...its fields, "trace": [{"feature", "code", "message", "msgid", "params"}], "state": {...} | null}``.
Nested plans (a ring's ``fallback``, a queue's ``then``) have the same shape; they are previews: media asks
``step_call`` when the event happens, which is also when their shared-state changes are applied. ``updates`` stay
inside routing, which applies them itself. A trace step's ``message`` is its English text, rendered here.

The ``state`` carries the call id and enterprise id next to the engine's CallState, without the live context
(busy lines, hunt positions, counters), which routing reads afresh at every step.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

from routing.engine import (
    AccountCodeEntered,
    Busy,
    CallClass,
    CallRequest,
    CallState,
    DigitsPressed,
    Event,
    InputTimeout,
    NoAnswer,
    Origin,
    Plan,
    RouteContext,
    Stage,
    Unreachable,
)
from routing.engine.model import PlanBase, TraceStep, render_trace, wire_params

_SKIPPED_FIELDS = {"updates", "context"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_PLAIN_SCALARS = (str, int, float, bool, type(None))
_SHAPES: dict[type, tuple[str | None, tuple[str, ...]]] = {}


def _shape(cls: type) -> tuple[str | None, tuple[str, ...]]:
    """A dataclass's plan kind (or None) and the names of its wire fields, worked out once per class."""
    shape = _SHAPES.get(cls)
    if shape is None:
        kind = _snake(cls.__name__) if issubclass(cls, PlanBase) else None
        names = tuple(item.name for item in dataclasses.fields(cls) if item.name not in _SKIPPED_FIELDS)
        shape = _SHAPES[cls] = (kind, names)
    return shape


def to_plain(value: Any) -> Any:
    """Dataclasses, enums, tuples and sets of the engine's model as JSON values (plans get their ``kind``).

    It runs on every call-time answer, so the common cases are decided by exact type first."""
    cls = type(value)
    if cls in _PLAIN_SCALARS:
        return value
    if cls is TraceStep:
        return _step(value)
    if isinstance(value, Enum):
        return value.value
    if hasattr(cls, "__dataclass_fields__"):
        kind, names = _shape(cls)
        out: dict[str, Any] = {} if kind is None else {"kind": kind}
        for name in names:
            out[name] = to_plain(getattr(value, name))
        return out
    if isinstance(value, frozenset | set):
        return sorted(to_plain(item) for item in value)
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    return value


def _step(step: TraceStep) -> dict[str, Any]:
    """A trace step with its English text rendered (the engine only records the template and its params)."""
    params = wire_params(step.params)
    return {
        "feature": step.feature,
        "code": step.code,
        "message": render_trace(step.msgid, params),
        "msgid": step.msgid,
        "params": params,
    }


def plan_to_dict(plan: Plan, call_id: str, enterprise_id: str) -> dict[str, Any]:
    out: dict[str, Any] = to_plain(plan)
    _tag_states(out, call_id, enterprise_id)
    return out


def _tag_states(plan: dict[str, Any], call_id: str, enterprise_id: str) -> None:
    state = plan.get("state")
    if isinstance(state, dict):
        state["call_id"], state["enterprise_id"] = call_id, enterprise_id
    for nested in ("fallback", "then"):
        if isinstance(plan.get(nested), dict):
            _tag_states(plan[nested], call_id, enterprise_id)


def state_from_dict(data: Mapping[str, Any], context: RouteContext) -> CallState:
    """A state validated by ``schemas.CallStateSchema``, with the live context routing has just read."""
    request = data["request"]
    call_class = data.get("call_class")
    return CallState(
        request=CallRequest(
            caller=request["caller"],
            dialled=request["dialled"],
            origin=Origin(request["origin"]),
            caller_user_id=request.get("caller_user_id"),
            context=context,
        ),
        stage=Stage(data["stage"]),
        ref=data.get("ref", ""),
        menu_id=data.get("menu_id", ""),
        destination=data.get("destination", ""),
        call_class=CallClass(call_class) if call_class else None,
        forwarded_by=data.get("forwarded_by", ""),
        visited=tuple(data.get("visited", ())),
        hops=data.get("hops", 0),
        attempts=data.get("attempts", 0),
    )


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """An event validated by ``schemas.CallEventSchema``."""
    match data["type"]:
        case "digits_pressed":
            return DigitsPressed(data["digits"])
        case "account_code_entered":
            return AccountCodeEntered(data["code"])
        case "input_timeout":
            return InputTimeout()
        case "busy":
            return Busy()
        case "no_answer":
            return NoAnswer()
    return Unreachable()


EVENT_TYPES = ("digits_pressed", "account_code_entered", "input_timeout", "busy", "no_answer", "unreachable")
