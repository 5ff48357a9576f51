"""Business-hours and holiday schedules (RTE-07, guide 002 §6.4 "Horaires d'affaires / horaires de vacances"):
weekly opening ranges and dated holidays, read in the enterprise's time zone. Routing refuses overlapping ranges."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.routing_common import WEEKDAYS, Errors, checked, routing_errors, time_zone_of
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

RANGES_PER_DAY = 2
HOLIDAY_ROWS = 3  # blank rows offered under the existing holidays
NOTICES = {
    "created": N_("The schedule is created."),
    "saved": N_("The schedule is saved."),
    "deleted": N_("The schedule is deleted."),
}


def index(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    enterprise = str(enterprise_id)
    schedules = backends.routing.call("list_schedules", scope(ctx), enterprise)
    notice = ctx.request.args.get("saved", "")
    return render(
        ctx,
        "routing/schedules.html",
        help_topic="schedules",
        active="routing",
        enterprise_id=enterprise,
        schedules=schedules,
        weekdays=WEEKDAYS,
        time_zone=time_zone_of(ctx, backends, enterprise),
        notice=ctx._(NOTICES[notice]) if notice in NOTICES else None,
    )


def _grid(schedule: dict[str, Any] | None) -> dict[str, str]:
    """The schedule as the form's fields: day-<d>-<n>-start/end, holiday-<i>-name/start/end/yearly."""
    values: dict[str, str] = {"name": schedule["name"] if schedule else ""}
    per_day: dict[int, list[dict[str, Any]]] = {}
    for hours in (schedule or {}).get("weekly", []):
        per_day.setdefault(hours["weekday"], []).append(hours)
    for day in range(7):
        for n, hours in enumerate(sorted(per_day.get(day, []), key=lambda h: h["start"])[:RANGES_PER_DAY]):
            values[f"day-{day}-{n}-start"], values[f"day-{day}-{n}-end"] = hours["start"], hours["end"]
    for i, holiday in enumerate((schedule or {}).get("holidays", [])):
        values.update(
            {
                f"holiday-{i}-name": holiday["name"],
                f"holiday-{i}-start": holiday["start"],
                f"holiday-{i}-end": holiday["end"],
                f"holiday-{i}-yearly": "on" if holiday["yearly"] else "",
            }
        )
    return values


def form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    schedule_id: Any = None,
    *,
    values: dict[str, str] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    enterprise = str(enterprise_id)
    schedule = backends.routing.call("get_schedule", scope(ctx), str(schedule_id)) if schedule_id else None
    values = values if values is not None else _grid(schedule)
    holidays = len([k for k in values if k.startswith("holiday-") and k.endswith("-start")])
    return render(
        ctx,
        "routing/schedule_form.html",
        help_topic="schedules",
        status=status,
        active="routing",
        enterprise_id=enterprise,
        schedule=schedule,
        values=values,
        errors=errors or {},
        weekdays=WEEKDAYS,
        ranges=range(RANGES_PER_DAY),
        holiday_rows=range(holidays + HOLIDAY_ROWS),
        time_zone=time_zone_of(ctx, backends, enterprise),
    )


def _payload(ctx: RequestContext) -> tuple[dict[str, str], dict[str, Any]]:
    form_ = ctx.request.form
    values = {k: (v or "").strip() for k, v in form_.items() if k != "csrf_token"}
    weekly = []
    for day in range(7):
        for n in range(RANGES_PER_DAY):
            start, end = values.get(f"day-{day}-{n}-start", ""), values.get(f"day-{day}-{n}-end", "")
            if start or end:
                weekly.append({"weekday": day, "start": start, "end": end})
    holidays = []
    i = 0
    while f"holiday-{i}-start" in form_:
        name, start, end = (values.get(f"holiday-{i}-{part}", "") for part in ("name", "start", "end"))
        if start or end or name:
            holidays.append(
                {"name": name, "start": start, "end": end or start, "yearly": checked(ctx, f"holiday-{i}-yearly")}
            )
        i += 1
    return values, {"name": values.get("name", ""), "weekly": weekly, "holidays": holidays}


def _form_errors(errors: Errors, payload: dict[str, Any]) -> Errors:
    """routing names list items by position (weekly.3.end); the form shows them on the day or holiday row."""
    shown: Errors = {}
    for name, messages in errors.items():
        parts = name.split(".")
        if parts[0] == "weekly" and len(parts) > 1 and parts[1].isdigit():
            row = payload["weekly"][int(parts[1])]
            name = f"day-{row['weekday']}"
        elif parts[0] == "holidays" and len(parts) > 1 and parts[1].isdigit():
            name = f"holiday-{parts[1]}"
        shown.setdefault(name, []).extend(messages)
    return shown


def save(ctx: RequestContext, backends: Backends, enterprise_id: Any, schedule_id: Any = None) -> Response:
    enterprise = str(enterprise_id)
    values, payload = _payload(ctx)
    try:
        if schedule_id:
            backends.routing.call("update_schedule", scope(ctx), str(schedule_id), payload)
        else:
            backends.routing.call("create_schedule", scope(ctx), enterprise, payload)
    except ValidationFailed as exc:
        errors = _form_errors(routing_errors(ctx, exc), payload)
        return form(ctx, backends, enterprise, schedule_id, values=values, errors=errors, status=422)
    return go(ctx, f"/enterprises/{enterprise}/schedules", saved="saved" if schedule_id else "created")


def delete(ctx: RequestContext, backends: Backends, enterprise_id: Any, schedule_id: Any) -> Response:
    backends.routing.call("delete_schedule", scope(ctx), str(schedule_id))
    return go(ctx, f"/enterprises/{enterprise_id}/schedules", saved="deleted")


def new(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return form(ctx, backends, enterprise_id)


def create(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return save(ctx, backends, enterprise_id)


PAGES = [
    Page("GET", "/enterprises/<uuid:enterprise_id>/schedules", index),
    Page("GET", "/enterprises/<uuid:enterprise_id>/schedules/new", new),
    Page("POST", "/enterprises/<uuid:enterprise_id>/schedules", create),
    Page("GET", "/enterprises/<uuid:enterprise_id>/schedules/<uuid:schedule_id>", form),
    Page("POST", "/enterprises/<uuid:enterprise_id>/schedules/<uuid:schedule_id>", save),
    Page("POST", "/enterprises/<uuid:enterprise_id>/schedules/<uuid:schedule_id>/delete", delete),
]
