"""Call restrictions, case by case (RTE-02; guides 000, 001, 003): exemptions lift a rule for a reseller, an
enterprise or a user it binds; an enterprise's rules marked "per user" form the company's list, which each line
ticks entry by entry."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.restrictions import MATCHES, level_of
from gateway.portal.routing_common import Errors, enterprise_lines, routing_errors
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import DomainError, ValidationFailed

NOTICES = {
    "added": N_("The exemption is added."),
    "removed": N_("The exemption is removed."),
    "ticked": N_("The ticks are saved."),
}
SUBJECT_LEVELS = {"system": ("reseller", "enterprise"), "reseller": ("enterprise",), "enterprise": ("user",)}
LEVEL_LABELS = {"reseller": N_("Reseller"), "enterprise": N_("Enterprise"), "user": N_("User")}
LINES_PER_PAGE = 50


def _notice(ctx: RequestContext) -> str | None:
    notice = ctx.request.args.get("saved", "")
    return ctx._(NOTICES[notice]) if notice in NOTICES else None


def _rule_label(ctx: RequestContext, rule: dict[str, Any]) -> str:
    effect = ctx._("Allowed") if rule["allow"] else ctx._("Denied")
    kind = dict(MATCHES)[rule["match"]]
    what = ctx._(kind).split(" (")[0]
    return f"{rule['name'] or what} — {rule['value']} ({effect})"


def _subjects(ctx: RequestContext, backends: Backends, tenant: str, level: str) -> list[tuple[str, str, str]]:
    """(level, id, name) of what this tenant's rules can be lifted for."""
    found: list[tuple[str, str, str]] = []
    page = {"page_size": 1000}
    try:
        if "reseller" in SUBJECT_LEVELS[level]:
            found += [
                ("reseller", str(r["id"]), r["name"])
                for r in backends.accounts.call("list_resellers", ctx.caller, page)["items"]
            ]
        if "enterprise" in SUBJECT_LEVELS[level]:
            found += [
                ("enterprise", str(c["id"]), c["name"])
                for c in backends.accounts.call("list_customers", ctx.caller, page)["items"]
            ]
    except DomainError:
        pass
    if "user" in SUBJECT_LEVELS[level]:
        found += [
            ("user", line["id"], f"{line['name']} ({line['extension']})" if line["extension"] else line["name"])
            for line in enterprise_lines(ctx, backends, tenant)
        ]
    return found


def exemptions(
    ctx: RequestContext,
    backends: Backends,
    tenant_id: Any,
    *,
    values: dict[str, str] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    tenant = str(tenant_id)
    level = level_of(ctx, tenant)
    routing_scope = scope(ctx)
    rules = backends.routing.call("list_restriction_rules", routing_scope, tenant)
    granted = backends.routing.call("list_restriction_exemptions", routing_scope, tenant)
    subjects = _subjects(ctx, backends, tenant, level)
    names = {subject_id: name for _, subject_id, name in subjects}
    rule_labels = {str(rule["id"]): _rule_label(ctx, rule) for rule in rules}
    rows = [
        {
            "id": e["id"],
            "rule": rule_labels.get(str(e["rule_id"]), ctx._("A rule of a higher level")),
            "level": ctx._(LEVEL_LABELS.get(e["level"], e["level"])),
            "subject": names.get(str(e["subject_id"]), str(e["subject_id"])),
        }
        for e in granted
    ]
    return render(
        ctx,
        "routing/exemptions.html",
        status=status,
        active="routing",
        help_topic="restrictions",
        tenant_id=tenant,
        enterprise_id=tenant if level == "enterprise" else None,
        level=level,
        rules=[(rule_id, label) for rule_id, label in rule_labels.items()],
        subjects=[
            (ctx._(LEVEL_LABELS[kind]), [(f"{kind}:{sid}", name) for k, sid, name in subjects if k == kind])
            for kind in SUBJECT_LEVELS[level]
        ],
        exemptions=rows,
        values=values or {},
        errors=errors or {},
        notice=_notice(ctx),
    )


def add_exemption(ctx: RequestContext, backends: Backends, tenant_id: Any) -> Response:
    tenant = str(tenant_id)
    values = {name: (ctx.request.form.get(name) or "").strip() for name in ("rule", "subject")}
    kind, _, subject_id = values["subject"].partition(":")
    errors: Errors = {}
    if not values["rule"]:
        errors["rule"] = [ctx._("Choose the rule to lift.")]
    if kind not in LEVEL_LABELS or not subject_id:
        errors["subject"] = [ctx._("Choose who the rule no longer binds.")]
    if not errors:
        payload = {"level": kind, "subject_id": subject_id, "enterprise_id": tenant if kind == "user" else None}
        try:
            backends.routing.call("add_restriction_exemption", scope(ctx), values["rule"], payload)
        except ValidationFailed as exc:
            found = routing_errors(ctx, exc)
            errors = {"subject" if k in ("subject_id", "level", "enterprise_id") else k: v for k, v in found.items()}
    if errors:
        return exemptions(ctx, backends, tenant, values=values, errors=errors, status=422)
    return go(ctx, f"/tenants/{tenant}/restrictions/exemptions", saved="added")


def remove_exemption(ctx: RequestContext, backends: Backends, tenant_id: Any, exemption_id: Any) -> Response:
    backends.routing.call("remove_restriction_exemption", scope(ctx), str(exemption_id))
    return go(ctx, f"/tenants/{tenant_id}/restrictions/exemptions", saved="removed")


def _page(ctx: RequestContext, lines: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    search = (ctx.request.args.get("search") or "").strip().lower()
    if search:
        lines = [line for line in lines if search in line["name"].lower() or search in (line["extension"] or "")]
    pages = max(1, -(-len(lines) // LINES_PER_PAGE))
    asked = ctx.request.args.get("page", "")
    number = min(max(1, int(asked)) if asked.isdigit() else 1, pages)
    start = (number - 1) * LINES_PER_PAGE
    return lines[start : start + LINES_PER_PAGE], {
        "page": number,
        "pages": pages,
        "total": len(lines),
        "search": search,
    }


def ticks(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    enterprise = str(enterprise_id)
    routing_scope = scope(ctx)
    rules = [r for r in backends.routing.call("list_restriction_rules", routing_scope, enterprise) if r["per_user"]]
    ticked = backends.routing.call("list_user_restrictions", routing_scope, enterprise)["ticks"]
    lines, paging = _page(ctx, enterprise_lines(ctx, backends, enterprise))
    return render(
        ctx,
        "routing/restriction_ticks.html",
        active="routing",
        help_topic="restrictions",
        enterprise_id=enterprise,
        rules=[{"id": str(r["id"]), "label": _rule_label(ctx, r)} for r in rules],
        lines=lines,
        ticked={user: set(rule_ids) for user, rule_ids in ticked.items()},
        paging=paging,
        notice=_notice(ctx),
    )


def save_ticks(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    """Each line shown on the page gets exactly the boxes ticked on its row; only changed lines are written."""
    enterprise = str(enterprise_id)
    routing_scope = scope(ctx)
    company_list = {
        str(r["id"])
        for r in backends.routing.call("list_restriction_rules", routing_scope, enterprise)
        if r["per_user"]
    }
    before = backends.routing.call("list_user_restrictions", routing_scope, enterprise)["ticks"]
    wanted: dict[str, set[str]] = {line: set() for line in ctx.request.form.getlist("line")}
    for tick in ctx.request.form.getlist("tick"):
        line, _, rule = tick.partition(":")
        if line in wanted and rule in company_list:
            wanted[line].add(rule)
    for line, rule_ids in wanted.items():
        if rule_ids != set(before.get(line, [])):
            backends.routing.call(
                "set_user_restrictions", routing_scope, enterprise, line, {"rule_ids": sorted(rule_ids)}
            )
    query = {
        k: v
        for k, v in (("page", ctx.request.form.get("page", "")), ("search", ctx.request.form.get("search", "")))
        if v
    }
    return go(ctx, f"/enterprises/{enterprise}/restrictions/per-user", saved="ticked", **query)


PAGES = [
    Page("GET", "/tenants/<uuid:tenant_id>/restrictions/exemptions", exemptions),
    Page("POST", "/tenants/<uuid:tenant_id>/restrictions/exemptions", add_exemption),
    Page("POST", "/tenants/<uuid:tenant_id>/restrictions/exemptions/<uuid:exemption_id>/delete", remove_exemption),
    Page("GET", "/enterprises/<uuid:enterprise_id>/restrictions/per-user", ticks),
    Page("POST", "/enterprises/<uuid:enterprise_id>/restrictions/per-user", save_ticks),
]
