"""Departments ("services") of an enterprise (ACC-20, guide 004): a tree with managers, operator number and limits
on concurrent calls. A department manager sees and changes only their departments and what lies below; accounts
enforces it, the pages only show what accounts returns."""

from __future__ import annotations

from typing import Any

from werkzeug.exceptions import NotFound as PageNotFound
from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.i18n import N_
from gateway.portal.forms import errors_of, number, optional, submitted
from gateway.portal.navigation import go
from gateway.rendering import render
from gateway.web import RequestContext
from relais_kit.errors import NotFound, ValidationFailed

FIELDS = ("name", "parent_id", "operator_number", "max_incoming_calls", "max_outgoing_calls")
SAVED_NOTICES = {
    "created": N_("The department is created."),
    "saved": N_("The department is saved."),
    "deleted": N_("The department is deleted."),
}


def own(ctx: RequestContext) -> Response:
    """The Departments menu item: the user's own enterprise; resellers reach one from its customer page."""
    if ctx.profile.get("tenant_kind") == "enterprise":
        return go(ctx, f"/enterprises/{ctx.profile['tenant_id']}/departments")
    if ctx.profile.get("role") in ("system_admin", "reseller_admin"):
        return go(ctx, "/customers")
    raise NotFound("enterprise")


def tree(departments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parents before their children, each with its depth in what this user sees (a manager's top is depth 0)."""
    ids = {d["id"] for d in departments}
    children: dict[str | None, list[dict[str, Any]]] = {}
    for department in departments:
        parent = department["parent_id"] if department["parent_id"] in ids else None
        children.setdefault(parent, []).append(department)
    ordered: list[dict[str, Any]] = []

    def walk(parent: str | None, depth: int) -> None:
        for department in sorted(children.get(parent, []), key=lambda d: str(d["name"]).lower()):
            ordered.append({**department, "level": depth})
            walk(department["id"], depth + 1)

    walk(None, 0)
    return ordered


def _users(ctx: RequestContext, accounts: Backend, enterprise_id: str) -> list[dict[str, Any]] | None:
    """The enterprise's users, to pick managers from; None for a department manager, who keeps the managers."""
    try:
        return list(accounts.call("list_users_of", ctx.caller, enterprise_id))
    except NotFound:
        return None


def index(ctx: RequestContext, accounts: Backend, enterprise_id: str) -> Response:
    departments = tree(accounts.call("list_departments", ctx.caller, enterprise_id))
    users = _users(ctx, accounts, enterprise_id) or []
    names = {u["id"]: u["display_name"] for u in users}
    saved = ctx.request.args.get("saved", "")
    return render(
        ctx,
        "departments/list.html",
        help_topic="departments",
        active="departments",
        enterprise_id=enterprise_id,
        departments=departments,
        manager_names=names,
        may_create_top=_is_enterprise_admin(ctx),
        saved=ctx._(SAVED_NOTICES[saved]) if saved in SAVED_NOTICES else None,
    )


def _is_enterprise_admin(ctx: RequestContext) -> bool:
    caps = set(ctx.profile.get("capabilities") or ()) | {ctx.profile.get("role")}
    return bool(caps & {"system_admin", "reseller_admin", "enterprise_admin", "administrator", "office_manager"})


def _department(ctx: RequestContext, accounts: Backend, enterprise_id: str, department_id: str) -> dict[str, Any]:
    for department in accounts.call("list_departments", ctx.caller, enterprise_id):
        if department["id"] == department_id:
            return dict(department)
    raise PageNotFound()


def form(
    ctx: RequestContext,
    accounts: Backend,
    enterprise_id: str,
    department_id: str | None = None,
    status: int = 200,
    values: dict[str, Any] | None = None,
    errors: dict[str, list[str]] | None = None,
) -> Response:
    departments = tree(accounts.call("list_departments", ctx.caller, enterprise_id))
    department = _department(ctx, accounts, enterprise_id, department_id) if department_id else None
    if values is None:
        source = department or {"parent_id": ctx.request.args.get("parent") or ""}
        values = {k: "" if source.get(k) is None else str(source.get(k)) for k in FIELDS}
        values["manager_ids"] = list(department["manager_ids"]) if department else []
    parents = [(d["id"], "\u2003" * d["level"] + d["name"]) for d in departments if d["id"] != department_id]
    top = [("", ctx._("None: a top-level department"))] if _is_enterprise_admin(ctx) else []
    return render(
        ctx,
        "departments/form.html",
        status=status,
        help_topic="department-form",
        active="departments",
        enterprise_id=enterprise_id,
        department=department,
        parents=top + parents,
        users=_users(ctx, accounts, enterprise_id),
        values=values,
        errors=errors or {},
    )


def _payload(ctx: RequestContext) -> tuple[dict[str, Any], dict[str, Any]]:
    values: dict[str, Any] = submitted(ctx, *FIELDS)
    values["manager_ids"] = ctx.request.form.getlist("manager_ids")
    payload = {
        "name": values["name"],
        "parent_id": optional(values["parent_id"]),
        "operator_number": optional(values["operator_number"]),
        "max_incoming_calls": number(values["max_incoming_calls"]),
        "max_outgoing_calls": number(values["max_outgoing_calls"]),
        "manager_ids": values["manager_ids"],
    }
    return values, payload


def create(ctx: RequestContext, accounts: Backend, enterprise_id: str) -> Response:
    values, payload = _payload(ctx)
    if _users(ctx, accounts, enterprise_id) is None:
        payload["manager_ids"] = []
    try:
        accounts.call("create_department", ctx.caller, enterprise_id, payload)
    except ValidationFailed as exc:
        return form(ctx, accounts, enterprise_id, None, 422, values, errors_of(ctx, exc))
    return go(ctx, f"/enterprises/{enterprise_id}/departments", saved="created")


def update(ctx: RequestContext, accounts: Backend, enterprise_id: str, department_id: str) -> Response:
    current = _department(ctx, accounts, enterprise_id, department_id)
    values, payload = _payload(ctx)
    if _users(ctx, accounts, enterprise_id) is None:  # a manager does not choose managers: they stay
        payload["manager_ids"] = values["manager_ids"] = list(current["manager_ids"])
    try:
        accounts.call("update_department", ctx.caller, department_id, payload)
    except ValidationFailed as exc:
        return form(ctx, accounts, enterprise_id, department_id, 422, values, errors_of(ctx, exc))
    return go(ctx, f"/enterprises/{enterprise_id}/departments", saved="saved")


def confirm_delete(
    ctx: RequestContext, accounts: Backend, enterprise_id: str, department_id: str, errors: Any = None
) -> Response:
    department = _department(ctx, accounts, enterprise_id, department_id)
    return render(
        ctx,
        "confirm_delete.html",
        status=422 if errors else 200,
        help_topic="departments",
        active="departments",
        title=ctx._("Delete the department %(name)s?", name=department["name"]),
        warning=ctx._("Only an empty department can be deleted: without sub-departments or users."),
        action=f"/enterprises/{enterprise_id}/departments/{department_id}/delete",
        cancel=f"/enterprises/{enterprise_id}/departments",
        errors=errors or {},
    )


def delete(ctx: RequestContext, accounts: Backend, enterprise_id: str, department_id: str) -> Response:
    try:
        accounts.call("delete_department", ctx.caller, department_id)
    except ValidationFailed as exc:
        return confirm_delete(ctx, accounts, enterprise_id, department_id, errors_of(ctx, exc))
    return go(ctx, f"/enterprises/{enterprise_id}/departments", saved="deleted")
