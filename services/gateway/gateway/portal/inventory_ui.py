"""What the numbers, extensions, trunks, phones, directory, partners, mail-server and provisioning pages share:
one list page and one form page driven by column and field lists, the caller's own tenant, CSV downloads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from werkzeug.exceptions import NotFound as NotFound
from werkzeug.wrappers import Response

from gateway.backends import Backend
from gateway.csv_export import csv_response
from gateway.export_columns import Columns, flat
from gateway.portal.forms import Errors, errors_of
from gateway.portal.navigation import go as go
from gateway.rendering import capabilities, render
from gateway.web import RequestContext
from relais_kit.errors import DomainError, ValidationFailed

ENTERPRISE_ADMINS = frozenset({"system_admin", "reseller_admin", "enterprise_admin", "administrator", "office_manager"})


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, tel, password, select, checkbox, checks, textarea
    required: bool = False
    options: Sequence[tuple[str, str]] = ()
    hint: str | None = None
    maxlength: int | None = None


@dataclass
class Row:
    cells: dict[str, Any]
    links: list[tuple[str, str]] = field(default_factory=list)


def own_enterprise(ctx: RequestContext, section: str) -> Response:
    """A menu item of an enterprise section: the user's own enterprise; resellers reach one from its customer."""
    if ctx.profile.get("tenant_kind") == "enterprise":
        return go(ctx, f"/enterprises/{ctx.profile['tenant_id']}/{section}")
    if ctx.profile.get("role") in ("system_admin", "reseller_admin"):
        return go(ctx, "/customers")
    raise NotFound()


def is_enterprise_admin(ctx: RequestContext) -> bool:
    return bool(capabilities(ctx.profile) & ENTERPRISE_ADMINS)


def list_page(
    ctx: RequestContext,
    *,
    title: str,
    intro: str,
    active: str,
    base_path: str,
    columns: Sequence[tuple[str, str]],
    rows: list[Row],
    empty_title: str,
    empty_text: str,
    testid: str,
    actions: Sequence[tuple[str, str, str]] = (),
    csv_href: str | None = None,
    csv_label: str | None = None,
    crumbs: Sequence[tuple[str, str]] = (),
    searchable: bool = False,
    filters: Sequence[tuple[str, str, Sequence[tuple[str, str]], str]] = (),
    result: dict[str, Any] | None = None,
    notices: dict[str, str] | None = None,
    secret: dict[str, str] | None = None,
    extra: Sequence[dict[str, Any]] = (),
) -> Response:
    saved = ctx.request.args.get("saved", "")
    query = {k: v for k, v in ctx.request.args.items() if k not in ("page", "saved")}
    page_count = 1
    if result is not None:
        page_count = max(1, -(-int(result["total"]) // max(1, int(result["page_size"]))))
    return render(
        ctx,
        "inventory/list.html",
        active=active,
        title=title,
        intro=intro,
        base_path=base_path,
        columns=[(k, ctx._(label)) for k, label in columns],
        rows=rows,
        empty_title=empty_title,
        empty_text=empty_text,
        testid=testid,
        actions=actions,
        csv_href=csv_href,
        csv_label=csv_label,
        crumbs=crumbs,
        searchable=searchable,
        search=ctx.request.args.get("search", ""),
        filters=filters,
        result=result,
        page_count=page_count,
        query=query,
        saved=ctx._(notices[saved]) if notices and saved in notices else None,
        secret=secret,
        extra=extra,
    )


def form_page(
    ctx: RequestContext,
    *,
    title: str,
    active: str,
    action: str,
    cancel: str,
    fields: Sequence[Field],
    values: dict[str, Any],
    errors: Errors | None = None,
    crumbs: Sequence[tuple[str, str]] = (),
    delete_href: str | None = None,
    intro: str | None = None,
    submit: str | None = None,
) -> Response:
    return render(
        ctx,
        "inventory/form.html",
        status=422 if errors else 200,
        active=active,
        title=title,
        action=action,
        cancel=cancel,
        fields=fields,
        values=values,
        errors=errors or {},
        crumbs=crumbs,
        delete_href=delete_href,
        intro=intro,
        submit=submit,
    )


def confirm_delete(
    ctx: RequestContext,
    *,
    title: str,
    warning: str,
    action: str,
    cancel: str,
    active: str,
    errors: Errors | None = None,
) -> Response:
    return render(
        ctx,
        "confirm_delete.html",
        status=422 if errors else 200,
        active=active,
        title=title,
        warning=warning,
        action=action,
        cancel=cancel,
        errors=errors or {},
    )


def save(
    ctx: RequestContext,
    call: Callable[[], Any],
    done: str,
    notice: str,
    again: Callable[[Errors], Response],
) -> Response:
    """Run the call; on a validation failure show the form again with every error, else go back to the list."""
    try:
        call()
    except ValidationFailed as exc:
        return again(errors_of(ctx, exc))
    return go(ctx, done, saved=notice)


def csv_download(ctx: RequestContext, name: str, columns: Columns, rows: Iterable[dict[str, Any]]) -> Response:
    return csv_response(ctx, name, [ctx._(h) for _, h in columns], ([flat(r.get(k)) for k, _ in columns] for r in rows))


def users_of(ctx: RequestContext, accounts: Backend, enterprise_id: str) -> list[tuple[str, str]]:
    """(id, name) of the enterprise's users the caller reaches, for pickers; empty when they reach none."""
    users: list[tuple[str, str]] = []
    page = 1
    while True:
        try:
            batch = accounts.call("list_users", ctx.caller, enterprise_id, {"page": page, "page_size": 1000})
        except DomainError:  # a picker without users is still a usable form
            return users
        users.extend((str(u["id"]), str(u["display_name"])) for u in batch["items"])
        if not batch["items"] or len(users) >= int(batch["total"]):
            return users
        page += 1


def departments_of(ctx: RequestContext, accounts: Backend, enterprise_id: str) -> list[tuple[str, str]]:
    try:
        found = accounts.call("list_departments", ctx.caller, enterprise_id)
    except DomainError:
        return []
    return [(str(d["id"]), str(d["name"])) for d in found]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]
