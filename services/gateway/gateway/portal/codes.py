"""Speed codes (RTE-12, guide 004 "Codes abrégés"): of the enterprise or one department, added one at a time or as a
series, moved to another department, deleted, edited. Account codes (RTE-13, guide 004 "Codes de comptes"): the
call types that need one, whether it must be on the list, its length (1 to 15), the wrong attempts before the line
is blocked (1 to 100), line-by-line overrides; and the authorization codes (guide 002 §6.8)."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from gateway.backends import Backends
from gateway.i18n import N_
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.routing_common import Errors, checked, integer, routing_errors
from gateway.rendering import render
from gateway.routing_scope import scope
from gateway.web import RequestContext
from relais_kit.errors import NotFound, PermissionDenied, ValidationFailed

CALL_CLASSES = (
    ("local", N_("Local calls")),
    ("long_distance", N_("Long-distance calls")),
    ("international", N_("International calls")),
    ("toll_free", N_("Toll-free calls")),
    ("premium", N_("Premium-rate calls")),
    ("special", N_("Special services")),
    ("internal", N_("Calls inside the enterprise")),
)
NOTICES = {
    "created": N_("Created."),
    "saved": N_("Saved."),
    "deleted": N_("Deleted."),
    "moved": N_("The speed codes are moved."),
    "range": N_("The series of speed codes is added."),
}


def _notice(ctx: RequestContext) -> str | None:
    notice = ctx.request.args.get("saved", "")
    return ctx._(NOTICES[notice]) if notice in NOTICES else None


def departments(ctx: RequestContext, backends: Backends, enterprise: str) -> list[dict[str, Any]]:
    try:
        found = backends.accounts.call("list_departments", ctx.caller, enterprise)
    except (NotFound, PermissionDenied):
        return []
    return [{"id": str(d["id"]), "name": d["name"]} for d in found]


def _errors(ctx: RequestContext, exc: ValidationFailed) -> Errors:
    errors: Errors = {}
    for name, messages in routing_errors(ctx, exc).items():
        errors.setdefault(name.split(".")[0], []).extend(messages)
    return errors


# --- speed codes ----------------------------------------------------------------------------------------------------


def speed_codes(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    *,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    form_name: str = "",
    status: int = 200,
) -> Response:
    enterprise = str(enterprise_id)
    codes = backends.routing.call("list_speed_codes", scope(ctx), enterprise)
    found = departments(ctx, backends, enterprise)
    names = {d["id"]: d["name"] for d in found}
    shown = ctx.request.args.get("department", "")
    if shown:
        codes = [c for c in codes if (c["department_id"] or "enterprise") == shown]
    options = [("", ctx._("The whole enterprise"))] + [(d["id"], d["name"]) for d in found]
    return render(ctx, "group_services/speed_codes.html", status=status, active="groupservices",
                  enterprise_id=enterprise, codes=sorted(codes, key=lambda c: (len(c["code"]), c["code"])),
                  department_names=names, departments=options, shown=shown, values=values or {},
                  errors=errors or {}, form_name=form_name, notice=_notice(ctx))  # fmt: skip


def _code_values(ctx: RequestContext) -> dict[str, str]:
    return {k: (ctx.request.form.get(k) or "").strip() for k in ctx.request.form}


def add_speed_code(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    values = _code_values(ctx)
    payload = {k: values.get(k, "") for k in ("code", "number", "name")}
    try:
        backends.routing.call(
            "create_speed_code",
            scope(ctx),
            str(enterprise_id),
            {**payload, "department_id": values.get("department_id") or None},
        )
    except ValidationFailed as exc:
        return speed_codes(ctx, backends, enterprise_id, values=values, errors=_errors(ctx, exc), form_name="one",
                           status=422)  # fmt: skip
    return go(ctx, f"/enterprises/{enterprise_id}/speed-codes", saved="created")


def add_speed_code_range(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    values = _code_values(ctx)
    payload = {k: values.get(k, "") for k in ("first_code", "last_code", "first_number", "name")}
    try:
        backends.routing.call(
            "create_speed_code_range",
            scope(ctx),
            str(enterprise_id),
            {**payload, "department_id": values.get("department_id") or None},
        )
    except ValidationFailed as exc:
        return speed_codes(ctx, backends, enterprise_id, values=values, errors=_errors(ctx, exc), form_name="range",
                           status=422)  # fmt: skip
    return go(ctx, f"/enterprises/{enterprise_id}/speed-codes", saved="range")


def act_on_speed_codes(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    """The selected codes are moved to the chosen department, or deleted."""
    ids = ctx.request.form.getlist("selected")
    if ctx.request.form.get("action") == "delete":
        for code_id in ids:
            backends.routing.call("delete_speed_code", scope(ctx), code_id)
        return go(ctx, f"/enterprises/{enterprise_id}/speed-codes", saved="deleted")
    department = ctx.request.form.get("move_to") or None
    try:
        backends.routing.call(
            "move_speed_codes", scope(ctx), str(enterprise_id), {"ids": ids, "department_id": department}
        )
    except ValidationFailed as exc:
        return speed_codes(ctx, backends, enterprise_id, errors=_errors(ctx, exc), form_name="move", status=422)
    return go(ctx, f"/enterprises/{enterprise_id}/speed-codes", saved="moved")


def speed_code_form(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    code_id: Any,
    *,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    enterprise = str(enterprise_id)
    code = backends.routing.call("get_speed_code", scope(ctx), str(code_id))
    options = [("", ctx._("The whole enterprise"))] + [
        (d["id"], d["name"]) for d in departments(ctx, backends, enterprise)
    ]
    values = values if values is not None else {**code, "department_id": code["department_id"] or ""}
    return render(ctx, "group_services/speed_code_form.html", status=status, active="groupservices",
                  enterprise_id=enterprise, code=code, values=values, errors=errors or {},
                  departments=options)  # fmt: skip


def save_speed_code(ctx: RequestContext, backends: Backends, enterprise_id: Any, code_id: Any) -> Response:
    values = _code_values(ctx)
    payload = {
        **{k: values.get(k, "") for k in ("code", "number", "name")},
        "department_id": values.get("department_id") or None,
    }
    try:
        backends.routing.call("update_speed_code", scope(ctx), str(code_id), payload)
    except ValidationFailed as exc:
        return speed_code_form(
            ctx, backends, enterprise_id, code_id, values=values, errors=_errors(ctx, exc), status=422
        )
    return go(ctx, f"/enterprises/{enterprise_id}/speed-codes", saved="saved")


# --- account codes and authorization codes --------------------------------------------------------------------------


def account_codes(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    *,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    new_code: dict[str, Any] | None = None,
    code_errors: Errors | None = None,
    status: int = 200,
) -> Response:
    enterprise = str(enterprise_id)
    policy = backends.routing.call("get_account_code_policy", scope(ctx), enterprise)
    authorization = backends.routing.call("list_authorization_codes", scope(ctx), enterprise)
    if values is None:
        values = {**policy, "codes": "\n".join(policy["codes"]), "required_for": set(policy["required_for"])}
        values = {k: str(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()}
    return render(ctx, "group_services/account_codes.html", status=status, active="groupservices",
                  enterprise_id=enterprise, values=values, errors=errors or {},
                  call_classes=[(k, ctx._(v)) for k, v in CALL_CLASSES], authorization=authorization,
                  new_code=new_code or {}, code_errors=code_errors or {}, notice=_notice(ctx))  # fmt: skip


def save_account_codes(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    form_ = ctx.request.form
    text = {k: (form_.get(k) or "").strip() for k in form_}
    values: dict[str, Any] = {
        "required_for": set(form_.getlist("required_for")),
        "must_be_valid": checked(ctx, "must_be_valid"),
        "codes": text.get("codes", ""),
        "min_length": text.get("min_length", ""),
        "max_length": text.get("max_length", ""),
        "max_attempts": text.get("max_attempts", ""),
        "allow_line_override": checked(ctx, "allow_line_override"),
        "lines_may_edit": checked(ctx, "lines_may_edit"),
    }
    payload = {
        **values,
        "required_for": sorted(values["required_for"]),
        "codes": [c.strip() for c in values["codes"].replace(",", "\n").splitlines() if c.strip()],
        "min_length": integer(values["min_length"] or "1"),
        "max_length": integer(values["max_length"] or "15"),
        "max_attempts": integer(values["max_attempts"] or "3"),
    }
    try:
        backends.routing.call("set_account_code_policy", scope(ctx), str(enterprise_id), payload)
    except ValidationFailed as exc:
        return account_codes(ctx, backends, enterprise_id, values=values, errors=_errors(ctx, exc), status=422)
    return go(ctx, f"/enterprises/{enterprise_id}/account-codes", saved="saved")


def add_authorization_code(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    new_code = {k: (ctx.request.form.get(k) or "").strip() for k in ("code", "description")}
    try:
        backends.routing.call("create_authorization_code", scope(ctx), str(enterprise_id), new_code)
    except ValidationFailed as exc:
        shown = {"description": new_code["description"]}  # the code itself is never sent back
        return account_codes(ctx, backends, enterprise_id, new_code=shown, code_errors=_errors(ctx, exc), status=422)
    return go(ctx, f"/enterprises/{enterprise_id}/account-codes", saved="created")


def delete_authorization_codes(ctx: RequestContext, backends: Backends, enterprise_id: Any) -> Response:
    for code_id in ctx.request.form.getlist("selected"):
        backends.routing.call("delete_authorization_code", scope(ctx), code_id)
    return go(ctx, f"/enterprises/{enterprise_id}/account-codes", saved="deleted")


BASE = "/enterprises/<uuid:enterprise_id>"
PAGES = [
    Page("GET", f"{BASE}/speed-codes", speed_codes),
    Page("POST", f"{BASE}/speed-codes", add_speed_code),
    Page("POST", f"{BASE}/speed-codes/range", add_speed_code_range),
    Page("POST", f"{BASE}/speed-codes/selected", act_on_speed_codes),
    Page("GET", f"{BASE}/speed-codes/<uuid:code_id>", speed_code_form),
    Page("POST", f"{BASE}/speed-codes/<uuid:code_id>", save_speed_code),
    Page("GET", f"{BASE}/account-codes", account_codes),
    Page("POST", f"{BASE}/account-codes", save_account_codes),
    Page("POST", f"{BASE}/authorization-codes", add_authorization_code),
    Page("POST", f"{BASE}/authorization-codes/delete", delete_authorization_codes),
]


# --- a line's own: speed dial 8 and 100 (RTE-12), account codes (RTE-13) ---------------------------------------------

SPEED_DIAL_CODES = {"8": [str(n) for n in range(2, 10)], "100": [f"{n:02d}" for n in range(100)]}


def _speed_dial(kind: str) -> tuple[Any, Any]:
    def show(
        ctx: RequestContext,
        backends: Backends,
        enterprise_id: Any,
        user_id: Any,
        *,
        values: dict[str, Any] | None = None,
        errors: Errors | None = None,
        status: int = 200,
    ) -> Response:
        dials = backends.routing.call("get_speed_dials", scope(ctx), str(enterprise_id), str(user_id), kind)
        if values is None:
            values = {}
            for entry in dials["entries"]:
                values[f"number-{entry['code']}"] = entry["number"]
                values[f"name-{entry['code']}"] = entry["name"]
        return render(ctx, "group_services/speed_dials.html", status=status, active="groupservices",
                      enterprise_id=str(enterprise_id), user_id=str(user_id), kind=kind,
                      codes=SPEED_DIAL_CODES[kind], values=values, errors=errors or {},
                      notice=_notice(ctx))  # fmt: skip

    def save(ctx: RequestContext, backends: Backends, enterprise_id: Any, user_id: Any) -> Response:
        values = {k: (ctx.request.form.get(k) or "").strip() for k in ctx.request.form}
        entries = [
            {"code": code, "number": values[f"number-{code}"], "name": values.get(f"name-{code}", "")}
            for code in SPEED_DIAL_CODES[kind]
            if values.get(f"number-{code}")
        ]
        try:
            backends.routing.call(
                "set_speed_dials", scope(ctx), str(enterprise_id), str(user_id), kind, {"entries": entries}
            )
        except ValidationFailed as exc:
            errors: Errors = {}
            for name, messages in routing_errors(ctx, exc).items():
                parts = name.split(".")
                row = entries[int(parts[1])]["code"] if len(parts) > 2 and parts[1].isdigit() else None
                key = f"{parts[2]}-{row}" if row is not None else "_schema"
                errors.setdefault(key, []).extend(messages)
            return show(ctx, backends, enterprise_id, user_id, values=values, errors=errors, status=422)
        return go(ctx, f"/enterprises/{enterprise_id}/users/{user_id}/speed-dial-{kind}", saved="saved")

    show.__name__, save.__name__ = f"speed_dial_{kind}", f"save_speed_dial_{kind}"
    return show, save


def line_account_codes(
    ctx: RequestContext,
    backends: Backends,
    enterprise_id: Any,
    user_id: Any,
    *,
    values: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    current = backends.routing.call("get_line_account_codes", scope(ctx), str(enterprise_id), str(user_id))
    if values is None:
        values = {
            "required_for": set(current["required_for"]),
            "codes": "\n".join(current["codes"]),
            "min_length": str(current["min_length"]),
            "max_length": str(current["max_length"]),
        }
    return render(ctx, "group_services/line_account_codes.html", status=status, active="groupservices",
                  enterprise_id=str(enterprise_id), user_id=str(user_id), current=current, values=values,
                  errors=errors or {}, call_classes=[(k, ctx._(v)) for k, v in CALL_CLASSES],
                  notice=_notice(ctx))  # fmt: skip


def save_line_account_codes(ctx: RequestContext, backends: Backends, enterprise_id: Any, user_id: Any) -> Response:
    form_ = ctx.request.form
    values: dict[str, Any] = {
        "required_for": set(form_.getlist("required_for")),
        **{k: (form_.get(k) or "").strip() for k in ("codes", "min_length", "max_length")},
    }
    payload = {
        "required_for": sorted(values["required_for"]),
        "codes": [c.strip() for c in values["codes"].replace(",", "\n").splitlines() if c.strip()],
        "min_length": integer(values["min_length"] or "1"),
        "max_length": integer(values["max_length"] or "15"),
    }
    try:
        backends.routing.call("set_line_account_codes", scope(ctx), str(enterprise_id), str(user_id), payload)
    except ValidationFailed as exc:
        return line_account_codes(ctx, backends, enterprise_id, user_id, values=values, errors=_errors(ctx, exc),
                                  status=422)  # fmt: skip
    return go(ctx, f"/enterprises/{enterprise_id}/users/{user_id}/account-codes", saved="saved")


LINE = "/enterprises/<uuid:enterprise_id>/users/<uuid:user_id>"
for _kind in ("8", "100"):
    _show, _save = _speed_dial(_kind)
    PAGES += [Page("GET", f"{LINE}/speed-dial-{_kind}", _show), Page("POST", f"{LINE}/speed-dial-{_kind}", _save)]
PAGES += [
    Page("GET", f"{LINE}/account-codes", line_account_codes),
    Page("POST", f"{LINE}/account-codes", save_line_account_codes),
]
