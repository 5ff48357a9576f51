"""The route tracer (RTE-18): "what happens if this number calls that number at this time?" Every decision
routing would take (restrictions, schedule, auto attendant, group, forwarding, emergency) as a timeline, without
placing a call. Times are read in the enterprise's time zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.page import Page
from gateway.portal.routing_common import Errors, routing_errors, time_zone_of
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed
from relais_kit.validation import field_error

FEATURES = {
    "RTE-01": N_("Incoming call"),
    "RTE-02": N_("Call restrictions"),
    "RTE-03": N_("Phone zones"),
    "RTE-04": N_("Forwarding"),
    "RTE-05": N_("Simultaneous ring"),
    "RTE-06": N_("Auto attendant"),
    "RTE-07": N_("Schedule"),
    "RTE-08": N_("Hunt group"),
    "RTE-09": N_("Call centre"),
    "RTE-10": N_("Call pickup and park"),
    "RTE-11": N_("Group services"),
    "RTE-12": N_("Speed codes"),
    "RTE-13": N_("Account codes"),
    "RTE-14": N_("Call limits"),
    "RTE-15": N_("Emergency"),
    "RTE-18": N_("Route tracer"),
    "MED-04": N_("Voicemail"),
}
STEPS = {
    "CALL": N_("The call starts"),
    "DID": N_("The dialled number belongs to the enterprise"),
    "EXTENSION": N_("An extension of the enterprise"),
    "EXTERNAL": N_("A number outside the enterprise"),
    "BUSINESS_HOURS": N_("Within business hours"),
    "AFTER_HOURS": N_("Outside business hours"),
    "HOLIDAY": N_("A holiday"),
    "NO_SCHEDULE": N_("No schedule: always open"),
    "SIMPLE_MENU": N_("Simple menu: no schedule"),
    "PLAY_MENU": N_("The caller hears a menu"),
    "KEY": N_("The caller pressed a key"),
    "OPERATOR": N_("To the operator"),
    "DENIED": N_("Refused by a restriction"),
    "ALLOWED": N_("Allowed by a rule"),
    "EXEMPTED": N_("The restriction is lifted for this caller"),
    "NO_RESTRICTION": N_("No restriction applies"),
    "INTERNATIONAL": N_("An international call"),
    "LOCAL": N_("A local call"),
    "LONG_DISTANCE": N_("A long-distance call"),
    "EMERGENCY": N_("An emergency number: always put through"),
    "EMERGENCY_NOTIFY": N_("The emergency contacts are told"),
    "RING": N_("Phones ring"),
    "HUNT": N_("The hunt group rings its members"),
    "FORWARD": N_("The call is forwarded"),
    "VOICEMAIL": N_("Voicemail"),
    "QUEUED": N_("The caller waits in the queue"),
    "OVERFLOW": N_("Overflow destination"),
    "ALL_BUSY": N_("Every member is busy"),
    "ALL_LOGGED_OUT": N_("Every member is logged out"),
    "GROUP_INACTIVE": N_("The group is not active"),
    "SIMULTANEOUS_RING": N_("Other phones ring at the same time"),
    "SCREENING": N_("Call screening"),
    "CODE_REQUIRED": N_("An account code is asked"),
    "LIMIT_REACHED": N_("The limit of calls at once is reached"),
    "ENTERPRISE_LIMIT_REACHED": N_("The limit of calls at once is reached"),
    "EVENT": N_("Something happens to the call"),
    "OWN_DID": N_("A number of the enterprise"),
    "SPECIAL": N_("A special service number"),
    "UNKNOWN_TIME_ZONE": N_("Unknown time zone"),
    "SCHEDULE_MISSING": N_("The schedule no longer exists"),
    "NIGHT_FORWARDING_ON": N_("Night forwarding"),
    "NIGHT_FORWARDING_SCHEDULED": N_("Night forwarding"),
    "MENU_MISSING": N_("The menu no longer exists"),
    "INVALID_KEY": N_("A key with no action"),
    "NO_INPUT": N_("No key pressed"),
    "TOO_MANY_ATTEMPTS": N_("Too many attempts"),
    "DIRECTORY": N_("Dial by extension"),
    "UNKNOWN_EXTENSION": N_("Unknown extension"),
    "DIRECTORY_TRANSFER": N_("Transfer to the extension keyed in"),
    "LINE_BUSY": N_("The line is busy"),
    "SERIES_NEXT": N_("Series completion"),
    "SKIPPED_PHONE": N_("A phone is left out"),
    "NO_MEMBER_ANSWERED": N_("No member answered"),
    "QUEUE_FULL": N_("The queue is full"),
    "CALL_CENTRE_INACTIVE": N_("The call centre is not active"),
    "PAGE": N_("Paging"),
    "GROUP_CALL": N_("Instant group call"),
    "ANSWER_CONFIRMATION": N_("Answer confirmation"),
    "GROUP_PICKUP": N_("Group pickup"),
    "DIRECTED_PICKUP": N_("Directed pickup"),
    "PARK": N_("Call park"),
    "RETRIEVE": N_("A parked call is taken back"),
    "SPEED_DIAL": N_("Speed dial"),
    "SPEED_CODE": N_("Speed code"),
    "WRONG_CODE": N_("Wrong code"),
    "WRONG_AUTHORIZATION_CODE": N_("Wrong code"),
    "CODE_ACCEPTED": N_("Code accepted"),
    "AUTHORIZED": N_("Code accepted"),
    "AUTHORIZATION_REQUIRED": N_("An authorization code is asked"),
    "CARRIER_CODE": N_("Carrier access code"),
    "LOOP_DETECTED": N_("Forwarding loop"),
    "TOO_MANY_HOPS": N_("Too many transfers"),
    "VOICEMAIL_BOX": N_("Voicemail box"),
}
REFUSED = N_("The call is refused")
"""The title of the step that ends a refused call (its code is the refusal's reason)."""
TRANSLATED_PARAMS = frozenset({"kind", "call_class", "event", "stage", "weekday", "level"})
"""Trace params whose value is itself an English word to translate (protos/rpc/routing.v1.json, trace_step)."""
OUTCOMES = {
    "ring": N_("Phones ring"),
    "play_menu": N_("The caller hears a menu"),
    "voicemail": N_("The caller leaves a voicemail message"),
    "reject": N_("The call is refused"),
    "queue": N_("The caller waits in the queue"),
    "ask_account_code": N_("The caller is asked for an account code"),
    "voicemail_box": N_("The caller listens to their voicemail messages"),
    "pickup": N_("The caller answers a call ringing elsewhere"),
    "park": N_("The call is parked"),
    "retrieve_parked": N_("A parked call is taken back"),
}


def _at(values: dict[str, str], zone: str) -> str | None:
    """The date and time typed, in the enterprise's zone, as an ISO instant; None for "now"."""
    if not values["date"] and not values["time"]:
        return None
    try:
        tz = ZoneInfo(zone)
    except ZoneInfoNotFoundError:
        tz = ZoneInfo("America/Toronto")
    try:
        day = datetime.strptime(values["date"], "%Y-%m-%d").date() if values["date"] else datetime.now(tz).date()
        clock = datetime.strptime(values["time"] or "00:00", "%H:%M").time()
    except ValueError:
        raise field_error("at", "Not a valid date and time.") from None
    return datetime.combine(day, clock, tzinfo=tz).isoformat()


def _label(ctx: RequestContext, labels: dict[str, str], key: str) -> str:
    """The translated label of a feature or step; its raw code when there is none."""
    text = labels.get(key)
    return ctx._(text) if text else key.replace("_", " ").lower()


def _title(ctx: RequestContext, code: str, refusal: str | None) -> str:
    if code not in STEPS and refusal is not None and code == refusal.upper():
        return ctx._(REFUSED)
    return _label(ctx, STEPS, code)


def _detail(ctx: RequestContext, step: dict[str, Any]) -> str:
    """The step said in the user's language: its template and the words among its params translated, then filled
    in; the English message when routing sent no template."""
    msgid = step.get("msgid")
    if not msgid:
        return str(step.get("message", ""))
    params = {
        name: ctx.gettext(value) if name in TRANSLATED_PARAMS and isinstance(value, str) else value
        for name, value in (step.get("params") or {}).items()
    }
    try:
        return " ".join(str(ctx.gettext(msgid)).format(**params).split())
    except (KeyError, IndexError, ValueError):
        return str(step.get("message", ""))


def _timeline(ctx: RequestContext, trace: list[dict[str, Any]], refusal: str | None) -> list[dict[str, str]]:
    return [
        {
            "feature": step["feature"],
            "feature_label": _label(ctx, FEATURES, step["feature"]).upper(),
            "code": step["code"],
            "title": _title(ctx, step["code"], refusal),
            "detail": _detail(ctx, step),
        }
        for step in trace
    ]


def tracer(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    enterprise = str(enterprise_id)
    zone = time_zone_of(ctx, backends, enterprise)
    args = ctx.request.args
    values = {name: (args.get(name) or "").strip() for name in ("caller", "dialled", "date", "time")}
    result, errors, timeline, outcome = None, {}, [], None
    if values["caller"] or values["dialled"]:
        try:
            result = backends.routing.call(
                "trace_route", scope(ctx), values["caller"], values["dialled"], _at(values, zone), enterprise
            )
        except ValidationFailed as exc:
            errors = _placed(routing_errors(ctx, exc))
        if result is not None:
            plan = result["plan"]
            timeline = _timeline(ctx, result["trace"], plan.get("reason") if plan["kind"] == "reject" else None)
            fallback = plan.get("fallback") if isinstance(plan.get("fallback"), dict) else None
            outcome = {
                "kind": plan["kind"],
                "label": _label(ctx, OUTCOMES, plan["kind"]),
                "reason": plan.get("reason"),
                "then": _label(ctx, OUTCOMES, fallback["kind"]) if fallback and fallback.get("kind") else None,
            }
    return render(
        ctx,
        "routing/route_tracer.html",
        help_topic="route-tracer",
        status=422 if errors else 200,
        active="routing",
        enterprise_id=enterprise,
        values=values,
        errors=errors,
        time_zone=zone,
        result=result,
        timeline=timeline,
        outcome=outcome,
    )


def _placed(errors: Errors) -> Errors:
    names = {"caller_number": "caller", "dialled_number": "dialled", "at": "time"}
    return {names.get(name, name): messages for name, messages in errors.items()}


PAGES = [Page("GET", "/enterprises/<uuid:enterprise_id>/route-tracer", tracer)]
