"""Call history (MED-01): an enterprise's calls for its administrators, a user's own calls for a user, read from
media's journals (calls through a pjsua2 worker and calls the SIP front proxied). Filter by dates and by line,
pages of 50, a CSV of what the filter selects and a chart of the calls per day or hour."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backend, Backends
from gateway.csv_export import csv_response
from gateway.i18n import N_
from gateway.local_time import zone_of
from gateway.portal.audio_common import errors_of
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.routing_common import time_zone_of
from gateway.rendering import capabilities, render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import DomainError, ValidationFailed
from relais_kit.validation import as_uuid

PAGE_SIZE = 50
CSV_ROWS = 1000
MANAGERS = frozenset({"system_admin", "reseller_admin", "enterprise_admin", "administrator", "office_manager"})
DISPOSITIONS = {
    "answered": N_("Answered"),
    "no_answer": N_("No answer"),
    "busy": N_("Busy"),
    "cancelled": N_("Cancelled"),
    "refused": N_("Refused"),
    "failed": N_("Failed"),
    "transferred": N_("Transferred"),
    "worker_lost": N_("Interrupted"),
    "shutdown": N_("Interrupted"),
    "in_progress": N_("In progress"),
    "ended": N_("Ended"),
}
ANSWERERS = {"voicemail": N_("Voicemail"), "service": N_("Automated service")}


def _filters(ctx: RequestContext) -> dict[str, str]:
    args = ctx.request.args
    return {key: args.get(key, "").strip() for key in ("since", "until", "line")}


def _page(ctx: RequestContext) -> int:
    try:
        return max(1, int(ctx.request.args.get("page", "1")))
    except ValueError:
        return 1


def _query(filters: dict[str, str], limit: int, offset: int) -> dict[str, Any]:
    query: dict[str, Any] = {"limit": limit, "offset": offset}
    query.update({k: v for k, v in filters.items() if v})
    return query


def _is_manager(ctx: RequestContext) -> bool:
    return bool(capabilities(ctx.profile) & MANAGERS)


def own_calls_or_enterprise(ctx: RequestContext, backends: Backends) -> Response:
    if _is_manager(ctx):
        return go(ctx, f"/enterprises/{ctx.profile['tenant_id']}/calls")
    return _show(ctx, backends, None)


def enterprise_calls(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return _show(ctx, backends, str(enterprise_id))


def own_numbers(ctx: RequestContext, accounts: Backend) -> list[str]:
    """The signed-in user's extension, numbers and SIP names as accounts knows them (media knows their id)."""
    try:
        line = accounts.call("own_line", ctx.caller)
    except DomainError:
        return []
    found = [line.get("extension"), ctx.profile.get("phone"), *line.get("dids", ()), *line.get("sip_usernames", ())]
    return sorted({str(n) for n in found if n})[:50]


def _time_zone(ctx: RequestContext, backends: Backends, enterprise: str | None) -> str:
    """Calls are shown in the enterprise's time zone: the one listed, or the signed-in user's own."""
    if enterprise is not None:
        return time_zone_of(ctx, backends, enterprise)
    return zone_of(ctx.profile)


def _fetch(ctx: RequestContext, backends: Backends, enterprise: str | None, query: dict[str, Any]) -> dict[str, Any]:
    query = {**query, "time_zone": _time_zone(ctx, backends, enterprise)}
    if enterprise is None:
        query = {**query, "numbers": own_numbers(ctx, backends.accounts)}
        return dict(backends.media.call("list_user_calls", scope(ctx), str(ctx.profile["id"]), query))
    return dict(backends.media.call("list_calls", scope(ctx), enterprise, query))


def _show(ctx: RequestContext, backends: Backends, enterprise: str | None) -> Response:
    filters, page = _filters(ctx), _page(ctx)
    errors: dict[str, list[str]] = {}
    try:
        result = _fetch(ctx, backends, enterprise, _query(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE))
    except ValidationFailed as exc:
        errors = errors_of(ctx, exc)
        result = {"items": [], "total": 0, "since": filters["since"], "until": filters["until"], "time_zone": "UTC"}
    names = _names(ctx, backends, result["items"])
    chart = None
    if enterprise is not None and not errors:
        chart = _chart(
            backends.media.call(
                "calls_per_period",
                scope(ctx),
                enterprise,
                {"unit": "day", "periods": 14, "time_zone": result.get("time_zone") or "UTC"},
            )
        )
    path = f"/enterprises/{enterprise}/calls" if enterprise else "/calls"
    return render(
        ctx,
        "media/calls.html",
        status=422 if errors else 200,
        active="calls",
        enterprise_id=enterprise,
        path=path,
        filters=filters,
        errors=errors,
        result={**result, "page": page},
        page_count=max(1, -(-int(result["total"]) // PAGE_SIZE)),
        chart=chart,
        disposition=lambda value: ctx._(DISPOSITIONS[value]) if value in DISPOSITIONS else value,
        answerer=lambda value: ctx._(ANSWERERS[value]) if value in ANSWERERS else names.get(value, value or "—"),
        duration=_duration,
        when=_when,
    )


def _names(ctx: RequestContext, backends: Backends, calls: list[dict[str, Any]]) -> dict[str, str]:
    """Users who answered a worker's call are journaled by id: show their names (those the caller may see)."""
    ids = {c["answered_by"] for c in calls if as_uuid(c.get("answered_by")) == c.get("answered_by")}
    names: dict[str, str] = {}
    for user_id in sorted(ids)[:PAGE_SIZE]:
        try:
            names[user_id] = str(backends.accounts.call("get_user", ctx.caller, user_id).get("display_name") or "")
        except DomainError:
            continue
    return {k: v for k, v in names.items() if v}


def _duration(seconds: Any) -> str:
    if seconds is None:
        return "—"
    total = int(seconds)
    if total >= 3600:
        return f"{total // 3600}:{total // 60 % 60:02d}:{total % 60:02d}"
    return f"{total // 60}:{total % 60:02d}"


def _when(iso: Any) -> str:
    text = str(iso or "")
    return text[:16].replace("T", " ") if text else "—"


def _chart(data: dict[str, Any]) -> dict[str, Any]:
    """Bars of a small dependency-free SVG: height scaled to the busiest period."""
    points = data["points"]
    top = max([p["calls"] for p in points] + [1])
    width, height, gap = 56, 80, 8
    bars = [
        {
            "x": i * (width + gap),
            "height": round(height * p["calls"] / top),
            "calls": p["calls"],
            "label": str(p["at"])[5:10] if data["unit"] == "day" else str(p["at"])[11:13] + "h",
        }
        for i, p in enumerate(points)
    ]
    return {"bars": bars, "width": len(bars) * (width + gap), "height": height, "bar": width, "top": top}


def export(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    return _export(ctx, backends, str(enterprise_id))


def export_own(ctx: RequestContext, backends: Backends) -> Response:
    return _export(ctx, backends, None)


def _export(ctx: RequestContext, backends: Backends, enterprise: str | None) -> Response:
    result = _fetch(ctx, backends, enterprise, _query(_filters(ctx), CSV_ROWS, 0))
    _ = ctx._
    header = [_("Started"), _("From"), _("To"), _("Answered by"), _("Duration"), _("Outcome"), _("SIP cause")]
    header.append("call_id")
    answerers = {key: _(label) for key, label in ANSWERERS.items()}
    outcomes = {key: _(label) for key, label in DISPOSITIONS.items()}
    rows = [
        [
            call["started_at"],
            call["caller"],
            call["callee"],
            answerers.get(call["answered_by"], call["answered_by"] or ""),
            "" if call["duration_seconds"] is None else call["duration_seconds"],
            outcomes.get(call["disposition"], call["disposition"]),
            call["cause"] or "",
            call["call_id"],
        ]
        for call in result["items"]
    ]
    return csv_response(ctx, _("calls"), header, rows)


PAGES = [
    Page("GET", "/calls", own_calls_or_enterprise),
    Page("GET", "/calls/export.csv", export_own),
    Page("GET", "/enterprises/<uuid:enterprise_id>/calls", enterprise_calls),
    Page("GET", "/enterprises/<uuid:enterprise_id>/calls/export.csv", export),
]
