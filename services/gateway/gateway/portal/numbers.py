"""Phone numbers (guides 000, 001, 002, 003, 004): the DID inventory in E.164 of a reseller or an enterprise, used
and available, what each number rings (a user, a department, a group service or nothing) and which forwarding is
active on it; number blocks per enterprise and department with their assigned lines (NUM-01, 02, 03)."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway import export_columns as columns
from gateway.backends import Backends, ServiceUnavailable
from gateway.i18n import N_
from gateway.portal import inventory_ui as ui
from gateway.portal.forms import Errors, list_query, submitted
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import DomainError

NOTICES = {
    "added": N_("The numbers are added."),
    "assigned": N_("The number's assignment is saved."),
    "deleted": N_("The number is removed from the inventory."),
    "block_created": N_("The number block is created."),
    "block_deleted": N_("The number block is deleted."),
}
TARGET_LABELS = {
    "user": N_("User"),
    "department": N_("Department"),
    "auto_attendant": N_("Auto attendant"),
    "hunt_group": N_("Hunt group"),
    "pickup_group": N_("Pickup group"),
    "conference": N_("Conference"),
}
FORWARDING_KINDS = {
    "always": N_("Always"),
    "busy": N_("Busy"),
    "no_answer": N_("No answer"),
    "unreachable": N_("Unreachable"),
    "selective": N_("Selective"),
    "simultaneous": N_("Simultaneous ring"),
}
FORWARDING_LOOKUPS = 50  # one routing call per user-assigned number of the page, at most this many
STATES = (("all", N_("All numbers")), ("used", N_("Used")), ("available", N_("Available")))


def own(ctx: RequestContext, backends: Backends) -> Response:
    """The Numbers menu item: the enterprise's or the reseller's own inventory."""
    if ctx.profile.get("tenant_kind") in ("enterprise", "reseller"):
        return go(ctx, f"/tenants/{ctx.profile['tenant_id']}/numbers")
    return go(ctx, "/customers")


def active_forwarding(ctx: RequestContext, backends: Backends, enterprise_id: str, user_id: str) -> str | None:
    """The kinds of forwarding switched on for this user, from routing (NUM-03); None when routing cannot say."""
    try:
        found = backends.routing.call("get_forwarding", scope(ctx), enterprise_id, user_id)
    except (DomainError, ServiceUnavailable):
        return None
    kinds = [k for k in ("always", "busy", "no_answer", "unreachable") if (found.get(k) or {}).get("enabled")]
    if any(rule.get("enabled") for rule in found.get("selective") or []):
        kinds.append("selective")
    if (found.get("simultaneous") or {}).get("enabled"):
        kinds.append("simultaneous")
    if found.get("straight_to_voicemail"):
        return ctx._("Straight to voicemail")
    return ", ".join(ctx._(FORWARDING_KINDS[k]) for k in kinds) or ctx._("None")


def index(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    accounts = backends.accounts
    state = ctx.request.args.get("state") or "all"
    query = {**list_query(ctx, 50), "state": state if state in dict(STATES) else "all"}
    if query["search"]:
        query["search"] = "".join(c for c in query["search"] if c.isdigit() or c == "+")[:20] or None
    result = accounts.call("list_dids", ctx.caller, tenant_id, query)
    tenant_kind = _tenant_kind(ctx, backends, tenant_id)
    is_reseller = ctx.profile.get("role") in ("system_admin", "reseller_admin")
    lookups = 0
    rows: list[ui.Row] = []
    for did in result["items"]:
        forwarding = None
        if did["target_type"] == "user" and lookups < FORWARDING_LOOKUPS:
            lookups += 1
            forwarding = active_forwarding(ctx, backends, tenant_id, did["target_id"])
        kind = did.get("target_type")
        links = []
        if tenant_kind == "enterprise":
            links.append((ctx._("Assign"), f"/tenants/{tenant_id}/numbers/{did['id']}"))
        if is_reseller and not did["used"]:
            links.append((ctx._("Remove"), f"/tenants/{tenant_id}/numbers/{did['id']}/delete"))
        rows.append(
            ui.Row(
                {
                    "number": did["number"],
                    "state": ctx._("Used") if did["used"] else ctx._("Available"),
                    "target": f"{ctx._(TARGET_LABELS[kind])}: {did.get('target_name') or ''}".rstrip(": ")
                    if kind
                    else ctx._("None"),
                    "block": did.get("block_name"),
                    "department": did.get("department_name"),
                    "forwarding": forwarding,
                },
                links,
            )
        )
    base = f"/tenants/{tenant_id}/numbers"
    actions = [(ctx._("Add numbers"), f"{base}/new", "add-numbers")] if is_reseller else []
    if tenant_kind == "enterprise":
        actions.append((ctx._("Number blocks"), f"/enterprises/{tenant_id}/number-blocks", "number-blocks"))
        actions.append((ctx._("Download all lines"), f"/enterprises/{tenant_id}/lines.csv", "lines-csv"))
    return ui.list_page(
        ctx,
        title=ctx._("Phone numbers"),
        intro=ctx._(
            "Every phone number (DID) of the account in international format, used and available: what it rings "
            "and, for a user's number, which forwarding is active."
        ),
        active="numbers",
        base_path=base,
        columns=(
            ("number", N_("Number")),
            ("state", N_("State")),
            ("target", N_("Assigned to")),
            ("block", N_("Number block")),
            ("department", N_("Department")),
            ("forwarding", N_("Active forwarding")),
        ),
        rows=rows,
        empty_title=ctx._("No phone number here"),
        empty_text=ctx._("Numbers come from the reseller, one by one or in blocks; once here they can be assigned."),
        testid="numbers-table",
        actions=actions,
        csv_href=f"{base}.csv?state={query['state']}",
        searchable=True,
        filters=[("state", ctx._("State"), [(k, ctx._(v)) for k, v in STATES], query["state"])],
        result=result,
        notices=NOTICES,
    )


def _tenant_kind(ctx: RequestContext, backends: Backends, tenant_id: str) -> str:
    if str(ctx.profile.get("tenant_id")) == tenant_id:
        return str(ctx.profile.get("tenant_kind"))
    try:
        return str(backends.accounts.call("get_customer", ctx.caller, tenant_id)["kind"])
    except DomainError:
        return "reseller"


def export(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    state = ctx.request.args.get("state") or "all"
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        batch = backends.accounts.call(
            "list_dids",
            ctx.caller,
            tenant_id,
            {"state": state if state in dict(STATES) else "all", "page": page, "page_size": 1000},
        )
        rows.extend(batch["items"])
        if not batch["items"] or len(rows) >= int(batch["total"]):
            break
        page += 1
    return ui.csv_download(ctx, "numbers", columns.DIDS, rows)


def export_lines(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    """ "Download all lines" (NUM-08, guide 004): name, number and department, sorted by department."""
    rows = backends.accounts.call("export_lines", ctx.caller, enterprise_id)
    return ui.csv_download(ctx, "lines", columns.LINES, rows)


# adding numbers (reseller)
def _add_form(
    ctx: RequestContext, tenant_id: str, values: dict[str, Any] | None = None, errors: Errors | None = None
) -> Response:
    base = f"/tenants/{tenant_id}/numbers"
    return ui.form_page(
        ctx,
        title=ctx._("Add numbers"),
        active="numbers",
        action=f"{base}/new",
        cancel=base,
        crumbs=[(ctx._("Phone numbers"), base)],
        intro=ctx._("One number per line, in any usual spelling; they are stored in international format (E.164)."),
        fields=[
            ui.Field("numbers", ctx._("Numbers"), "textarea", required=True, hint=ctx._("For example +1 514 555-0100."))
        ],
        values=values or {},
        errors=errors,
        submit=ctx._("Add"),
    )


def add_form(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    return _add_form(ctx, tenant_id)


def add(ctx: RequestContext, backends: Backends, tenant_id: str) -> Response:
    values = submitted(ctx, "numbers")
    numbers = ui.lines(values["numbers"])

    def again(errors: Errors) -> Response:
        shown = dict(errors)
        for key in [k for k in errors if k.startswith("numbers.")]:
            index = int(key.split(".")[1])
            shown.setdefault("numbers", []).extend(f"{numbers[index]}: {m}" for m in errors[key])
        return _add_form(ctx, tenant_id, values, shown)

    return ui.save(
        ctx,
        lambda: backends.accounts.call("add_dids", ctx.caller, tenant_id, {"numbers": numbers}),
        f"/tenants/{tenant_id}/numbers",
        "added",
        again,
    )


# assigning (enterprise)
def _targets(ctx: RequestContext, backends: Backends, enterprise_id: str) -> list[tuple[str, str]]:
    options = [("none", ctx._("None"))]
    options += [(f"user:{i}", f"{ctx._('User')}: {n}") for i, n in ui.users_of(ctx, backends.accounts, enterprise_id)]
    options += [
        (f"department:{i}", f"{ctx._('Department')}: {n}")
        for i, n in ui.departments_of(ctx, backends.accounts, enterprise_id)
    ]
    for method, kind in (("list_auto_attendants", "auto_attendant"), ("list_hunt_groups", "hunt_group")):
        try:
            found = backends.routing.call(method, scope(ctx), enterprise_id)
        except (DomainError, ServiceUnavailable):
            continue
        options += [(f"{kind}:{g['id']}", f"{ctx._(TARGET_LABELS[kind])}: {g.get('name', '')}") for g in found]
    return options


def _did(ctx: RequestContext, backends: Backends, tenant_id: str, did_id: str) -> dict[str, Any]:
    page = 1
    while True:
        batch = backends.accounts.call("list_dids", ctx.caller, tenant_id, {"page": page, "page_size": 1000})
        for did in batch["items"]:
            if did["id"] == did_id:
                return dict(did)
        if not batch["items"] or page * 1000 >= int(batch["total"]):
            raise ui.NotFound()
        page += 1


def assign_form(
    ctx: RequestContext,
    backends: Backends,
    tenant_id: str,
    did_id: str,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
) -> Response:
    did = _did(ctx, backends, tenant_id, did_id)
    current = f"{did['target_type']}:{did['target_id']}" if did["target_type"] else "none"
    base = f"/tenants/{tenant_id}/numbers"
    return ui.form_page(
        ctx,
        title=ctx._("Assign %(number)s", number=did["number"]),
        active="numbers",
        action=f"{base}/{did_id}",
        cancel=base,
        crumbs=[(ctx._("Phone numbers"), base)],
        intro=ctx._("Choose what this number rings: a user, a department or a group service; None frees it."),
        fields=[ui.Field("target", ctx._("Assigned to"), "select", options=_targets(ctx, backends, tenant_id))],
        values=values or {"target": current},
        errors=errors,
    )


def assign(ctx: RequestContext, backends: Backends, tenant_id: str, did_id: str) -> Response:
    values = submitted(ctx, "target")
    kind, _, target = values["target"].partition(":")
    payload = {"target_type": kind or "none", "target_id": target or None}
    return ui.save(
        ctx,
        lambda: backends.accounts.call("assign_did", ctx.caller, did_id, payload),
        f"/tenants/{tenant_id}/numbers",
        "assigned",
        lambda errors: assign_form(
            ctx, backends, tenant_id, did_id, values, {"target": [m for ms in errors.values() for m in ms]}
        ),
    )


def confirm_delete(
    ctx: RequestContext, backends: Backends, tenant_id: str, did_id: str, errors: Errors | None = None
) -> Response:
    did = _did(ctx, backends, tenant_id, did_id)
    return ui.confirm_delete(
        ctx,
        title=ctx._("Remove %(number)s from the inventory?", number=did["number"]),
        warning=ctx._("Only a number assigned to nothing can be removed."),
        action=f"/tenants/{tenant_id}/numbers/{did_id}/delete",
        cancel=f"/tenants/{tenant_id}/numbers",
        active="numbers",
        errors=errors,
    )


def delete(ctx: RequestContext, backends: Backends, tenant_id: str, did_id: str) -> Response:
    return ui.save(
        ctx,
        lambda: backends.accounts.call("delete_did", ctx.caller, did_id),
        f"/tenants/{tenant_id}/numbers",
        "deleted",
        lambda errors: confirm_delete(ctx, backends, tenant_id, did_id, errors),
    )


# number blocks (NUM-02)
def blocks(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    found = backends.accounts.call("list_number_blocks", ctx.caller, enterprise_id)
    departments = dict(ui.departments_of(ctx, backends.accounts, enterprise_id))
    is_reseller = ctx.profile.get("role") in ("system_admin", "reseller_admin")
    base = f"/enterprises/{enterprise_id}/number-blocks"
    rows = [
        ui.Row(
            {
                "name": b["name"],
                "range": f"{b['first_number']} – {b['last_number']}",
                "department": departments.get(str(b.get("department_id")), ctx._("Whole enterprise")),
                "size": b["size"],
                "assigned": b["assigned"],
            },
            [(ctx._("Delete"), f"{base}/{b['id']}/delete")] if is_reseller else [],
        )
        for b in found
    ]
    return ui.list_page(
        ctx,
        title=ctx._("Number blocks"),
        intro=ctx._(
            "The phone number blocks of the enterprise or of a department, with how many lines are assigned in each."
        ),
        active="numbers",
        base_path=base,
        crumbs=[(ctx._("Phone numbers"), f"/tenants/{enterprise_id}/numbers")],
        columns=(
            ("name", N_("Name")),
            ("range", N_("Numbers")),
            ("department", N_("Department")),
            ("size", N_("Size")),
            ("assigned", N_("Assigned lines")),
        ),
        rows=rows,
        empty_title=ctx._("No number block yet"),
        empty_text=ctx._(
            "The reseller gives an enterprise its numbers in blocks, for the whole enterprise or one department."
        ),
        testid="blocks-table",
        actions=[(ctx._("Create a number block"), f"{base}/new", "new-block")] if is_reseller else [],
        csv_href=f"{base}.csv",
        notices=NOTICES,
    )


def blocks_csv(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    return ui.csv_download(
        ctx,
        "number-blocks",
        columns.NUMBER_BLOCKS,
        backends.accounts.call("list_number_blocks", ctx.caller, enterprise_id),
    )


def block_form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: str,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
) -> Response:
    base = f"/enterprises/{enterprise_id}/number-blocks"
    options = [("", ctx._("Whole enterprise")), *ui.departments_of(ctx, backends.accounts, enterprise_id)]
    return ui.form_page(
        ctx,
        title=ctx._("Create a number block"),
        active="numbers",
        action=f"{base}/new",
        cancel=base,
        crumbs=[(ctx._("Number blocks"), base)],
        fields=[
            ui.Field("name", ctx._("Name"), required=True, maxlength=100),
            ui.Field("first_number", ctx._("First number"), "tel", required=True, maxlength=30),
            ui.Field(
                "last_number",
                ctx._("Last number"),
                "tel",
                required=True,
                maxlength=30,
                hint=ctx._("At most 1000 numbers."),
            ),
            ui.Field("department_id", ctx._("Department"), "select", options=options),
        ],
        values=values or {},
        errors=errors,
        submit=ctx._("Create"),
    )


def block_create(ctx: RequestContext, backends: Backends, enterprise_id: str) -> Response:
    values = submitted(ctx, "name", "first_number", "last_number", "department_id")
    payload = {**values, "department_id": values["department_id"] or None}
    return ui.save(
        ctx,
        lambda: backends.accounts.call("create_number_block", ctx.caller, enterprise_id, payload),
        f"/enterprises/{enterprise_id}/number-blocks",
        "block_created",
        lambda errors: block_form(ctx, backends, enterprise_id, values, errors),
    )


def block_confirm_delete(
    ctx: RequestContext, backends: Backends, enterprise_id: str, block_id: str, errors: Errors | None = None
) -> Response:
    return ui.confirm_delete(
        ctx,
        title=ctx._("Delete this number block?"),
        warning=ctx._("Its numbers leave the inventory; a block with an assigned number cannot be deleted."),
        action=f"/enterprises/{enterprise_id}/number-blocks/{block_id}/delete",
        cancel=f"/enterprises/{enterprise_id}/number-blocks",
        active="numbers",
        errors=errors,
    )


def block_delete(ctx: RequestContext, backends: Backends, enterprise_id: str, block_id: str) -> Response:
    return ui.save(
        ctx,
        lambda: backends.accounts.call("delete_number_block", ctx.caller, block_id),
        f"/enterprises/{enterprise_id}/number-blocks",
        "block_deleted",
        lambda errors: block_confirm_delete(ctx, backends, enterprise_id, block_id, errors),
    )


PAGES = [
    Page("GET", "/numbers", own),
    Page("GET", "/tenants/<tenant_id>/numbers", index),
    Page("GET", "/tenants/<tenant_id>/numbers.csv", export),
    Page("GET", "/tenants/<tenant_id>/numbers/new", add_form),
    Page("POST", "/tenants/<tenant_id>/numbers/new", add),
    Page("GET", "/tenants/<tenant_id>/numbers/<did_id>", assign_form),
    Page("POST", "/tenants/<tenant_id>/numbers/<did_id>", assign),
    Page("GET", "/tenants/<tenant_id>/numbers/<did_id>/delete", confirm_delete),
    Page("POST", "/tenants/<tenant_id>/numbers/<did_id>/delete", delete),
    Page("GET", "/enterprises/<enterprise_id>/lines.csv", export_lines),
    Page("GET", "/enterprises/<enterprise_id>/number-blocks", blocks),
    Page("GET", "/enterprises/<enterprise_id>/number-blocks.csv", blocks_csv),
    Page("GET", "/enterprises/<enterprise_id>/number-blocks/new", block_form),
    Page("POST", "/enterprises/<enterprise_id>/number-blocks/new", block_create),
    Page("GET", "/enterprises/<enterprise_id>/number-blocks/<block_id>/delete", block_confirm_delete),
    Page("POST", "/enterprises/<enterprise_id>/number-blocks/<block_id>/delete", block_delete),
]
