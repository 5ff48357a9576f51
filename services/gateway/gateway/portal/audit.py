"""The audit log (ACC-14, ACC-28): who did what, when, acting as whom, before → after; searchable by text and by
dates in the account's time zone, and exported as CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.i18n import N_
from gateway.portal.forms import Errors, errors_of, list_query, pages
from gateway.rendering import render
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

EXPORT_PAGE_SIZE = 1000
EXPORT_MAX_ROWS = 100_000
INTERNAL_FIELDS = frozenset({"id", "tenant_path", "created_at", "depth", "tenant_kind", "tenant_name"})
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ACTIONS = {
    "reseller.create": N_("Reseller created"),
    "reseller.update": N_("Reseller changed"),
    "reseller.branding": N_("Brand changed"),
    "reseller.logo": N_("Logo changed"),
    "reseller.delete": N_("Reseller deleted"),
    "customer.create": N_("Customer account created"),
    "customer.update": N_("Customer account changed"),
    "customer.delete": N_("Customer account deleted"),
    "department.create": N_("Department created"),
    "department.update": N_("Department changed"),
    "department.delete": N_("Department deleted"),
    "administrator.create": N_("Administrator added"),
    "administrator.delete": N_("Administrator removed"),
    "user.act_as": N_("Session of the user opened"),
    "user.profile": N_("Profile changed"),
    "user.password_change": N_("Password changed"),
    "user.pin_change": N_("Voicemail PIN changed"),
    "user.password_reset": N_("Password reset by e-mail link"),
    "user.locked": N_("Account locked after wrong attempts"),
    "user.unlock": N_("Account unlocked"),
    "user.create": N_("User created"),
    "user.update": N_("User's details changed"),
    "user.options": N_("User's options changed"),
    "user.sip_credentials": N_("SIP credentials changed"),
    "user.group_admin": N_("Group administrators changed"),
    "user.reset": N_("Line reset"),
    "user.delete": N_("User deleted from the system"),
    "user.remove_from_company": N_("User removed from the company"),
    "user.mail": N_("E-mail sent to the user"),
    "user.activation_sent": N_("Activation e-mail sent"),
    "user.import": N_("User imported"),
    "user.import_update": N_("User updated by an import"),
    "did.create": N_("Numbers added"),
    "did.assign": N_("Number assigned"),
    "did.delete": N_("Number deleted"),
    "number_block.create": N_("Number block created"),
    "number_block.delete": N_("Number block deleted"),
    "extension.create": N_("Extension added"),
    "extension.update": N_("Extension changed"),
    "extension.delete": N_("Extension deleted"),
    "phone.create": N_("Phone added"),
    "phone.update": N_("Phone changed"),
    "phone.assign": N_("Phone assigned"),
    "phone.delete": N_("Phone deleted"),
    "phone.keys": N_("Phone keys changed"),
    "trunk.create": N_("Trunk created"),
    "trunk.update": N_("Trunk changed"),
    "trunk.delete": N_("Trunk deleted"),
    "tenant.contact": N_("Contact details changed"),
    "tenant.support": N_("Support details changed"),
    "setup.offer": N_("Set-up: service offer saved"),
    "setup.store": N_("Set-up: store saved"),
    "setup.billing": N_("Set-up: billing saved"),
}


def _zone(ctx: RequestContext, accounts: Backend) -> ZoneInfo:
    """Dates are read and shown in the time zone of the user's account."""
    tenant = accounts.call("get_settings", ctx.caller)["tenant"]
    try:
        return ZoneInfo(str(tenant.get("time_zone") or "America/Toronto"))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("America/Toronto")


def _filters(ctx: RequestContext, zone: ZoneInfo) -> tuple[dict[str, str], dict[str, Any], Errors]:
    """The form's values as typed, the query for accounts, and the dates that are not dates. "Until" includes
    the whole day."""
    typed = {k: (ctx.request.args.get(k) or "").strip() for k in ("search", "since", "until")}
    query: dict[str, Any] = {**list_query(ctx, 50), "search": typed["search"] or None}
    errors: Errors = {}
    for field, extra_days in (("since", 0), ("until", 1)):
        if not typed[field]:
            continue
        try:
            day = date.fromisoformat(typed[field])
        except ValueError:
            errors[field] = [ctx._("A date like 2025-03-31.")]
            continue
        query[field] = datetime.combine(day + timedelta(days=extra_days), time(), zone).isoformat()
    return typed, query, errors


def index(ctx: RequestContext, accounts: Backend) -> Response:
    zone = _zone(ctx, accounts)
    typed, query, errors = _filters(ctx, zone)
    result: dict[str, Any] = {"items": [], "total": 0, "page": 1, "page_size": query["page_size"]}
    if not errors:
        try:
            result = accounts.call("audit_log", ctx.caller, query)
        except ValidationFailed as exc:
            errors = errors_of(ctx, exc)
    return render(
        ctx,
        "audit/list.html",
        status=422 if errors else 200,
        help_topic="audit",
        active="audit",
        values=typed,
        errors=errors,
        result=result,
        page_count=pages(result),
        entries=[_readable(ctx, entry, zone) for entry in result["items"]],
        export_query=_query_string(typed),
    )


def _query_string(typed: dict[str, str]) -> str:
    return urlencode({k: v for k, v in typed.items() if v})


def _readable(ctx: RequestContext, entry: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    when = datetime.fromisoformat(entry["occurred_at"]).astimezone(zone)
    before, after = entry.get("before") or {}, entry.get("after") or {}
    changes = [
        (key, _show(before.get(key)), _show(after.get(key)))
        for key in sorted(set(before) | set(after))
        if _worth_showing(key, before.get(key), after.get(key))
    ]
    return {
        **entry,
        "when": when.strftime("%Y-%m-%d %H:%M"),
        "when_iso": when.isoformat(timespec="seconds"),
        "action_label": ctx._(ACTIONS[entry["action"]]) if entry["action"] in ACTIONS else entry["action"],
        "changes": changes,
    }


def _worth_showing(key: str, before: Any, after: Any) -> bool:
    """The page shows what a person reads: not internal ids nor fields empty on both sides (the CSV keeps all)."""
    if key in INTERNAL_FIELDS or key.endswith(("_id", "_ids")):
        return False
    return before not in (None, "", [], {}) or after not in (None, "", [], {})


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def safe_cell(value: Any) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @ (or a tab/CR) gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export(ctx: RequestContext, accounts: Backend) -> Response:
    """Every entry the filters select, as UTF-8 CSV with a BOM (so spreadsheets read the accents), CRLF lines."""
    zone = _zone(ctx, accounts)
    _typed, query, errors = _filters(ctx, zone)
    if errors:
        return index(ctx, accounts)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = (
        N_("When"),
        N_("Who"),
        N_("Acting as"),
        N_("Action"),
        N_("Target type"),
        N_("Target"),
        N_("Before"),
        N_("After"),
    )
    writer.writerow([ctx._(h) for h in header])
    page, written = 1, 0
    while written < EXPORT_MAX_ROWS:
        batch = accounts.call("audit_log", ctx.caller, {**query, "page": page, "page_size": EXPORT_PAGE_SIZE})
        for entry in batch["items"]:
            readable = _readable(ctx, entry, zone)
            writer.writerow(
                safe_cell(v)
                for v in (
                    readable["when_iso"],
                    entry["actor_name"],
                    entry.get("acting_as_name") or "",
                    entry["action"],
                    entry["target_type"],
                    entry.get("target_name") or "",
                    json.dumps(entry["before"], ensure_ascii=False, sort_keys=True) if entry.get("before") else "",
                    json.dumps(entry["after"], ensure_ascii=False, sort_keys=True) if entry.get("after") else "",
                )
            )
        written += len(batch["items"])
        if not batch["items"] or written >= int(batch["total"]):
            break
        page += 1
    body = "\ufeff" + buffer.getvalue()
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="audit-{date.today().isoformat()}.csv"'
    return ctx.finish(response)
