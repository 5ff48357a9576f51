"""REST for the group services and enterprise settings (RTE-07, RTE-09..16): night forwarding, call centres and their
agents, pickup, park and paging groups, instant group calls, series completion, speed codes and speed dials,
account and authorization codes, external calls, emergency notifications and the other enterprise settings.

Every handler passes the signed-in caller as routing's ``scope`` (gateway.routing_scope); routing checks the
tenant wall (NotFound) and the role (PermissionDenied) and validates every field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.wrappers import Response

from gateway.api import routing_feature_schemas as s
from gateway.api.areas.routing_config import _crud, _crud_handlers, _op
from gateway.api.routes import ApiRoute
from gateway.api.views import Handler, no_content, raw_body, reply
from gateway.backends import Backend
from gateway.routing_scope import scope
from gateway.web import RequestContext

RESOURCES = (
    # plural, single, id parameter, tag, schema, list schema, feature, owner
    ("night_forwardings", "night_forwarding", "night_forwarding_id", "Night forwarding", s.NightForwarding,
     s.NightForwardingList, "RTE-07", "enterprise"),
    ("call_centres", "call_centre", "centre_id", "Call centres", s.CallCentre, s.CallCentreList, "RTE-09",
     "enterprise"),
    ("pickup_groups", "pickup_group", "pickup_group_id", "Pickup groups", s.PickupGroup, s.PickupGroupList, "RTE-10",
     "enterprise"),
    ("park_groups", "park_group", "park_group_id", "Park groups", s.ParkGroup, s.ParkGroupList, "RTE-10",
     "enterprise"),
    ("paging_groups", "paging_group", "paging_group_id", "Paging groups", s.PagingGroup, s.PagingGroupList, "RTE-11",
     "enterprise"),
    ("instant_group_calls", "instant_group_call", "instant_call_id", "Instant group calls", s.InstantGroupCall,
     s.InstantGroupCallList, "RTE-11", "enterprise"),
    ("series_completions", "series_completion", "series_id", "Series completions", s.SeriesCompletion,
     s.SeriesCompletionList, "RTE-11", "enterprise"),
    ("speed_codes", "speed_code", "speed_code_id", "Speed codes", s.SpeedCode, s.SpeedCodeList, "RTE-12",
     "enterprise"),
)  # fmt: skip

ENTERPRISE = "/enterprises/<uuid:enterprise_id>"
LINE = f"{ENTERPRISE}/users/<uuid:user_id>"

ROUTES: tuple[ApiRoute, ...] = (
    *(route for p, n, i, t, sc, ls, f, o in RESOURCES for route in _crud(p, n, i, t, sc, ls, f, o)),
    _op("PUT", "/call-centres/<uuid:centre_id>/agents/<uuid:user_id>", "setCallCentreAgent",
        "An agent joins or leaves the call centre (agents themselves, or an administrator)", "Call centres",
        s.CallCentre, body=s.AgentState, features=("RTE-09",)),
    _op("POST", f"{ENTERPRISE}/speed-code-ranges", "createSpeedCodeRange",
        "Add a series of speed codes dialling consecutive numbers", "Speed codes", s.SpeedCodeList, status=201,
        body=s.SpeedCodeRange, features=("RTE-12",)),
    _op("POST", f"{ENTERPRISE}/speed-code-moves", "moveSpeedCodes",
        "Move speed codes to another department (or to the whole enterprise)", "Speed codes", s.Moved,
        body=s.SpeedCodeMove, features=("RTE-12",)),
    _op("GET", f"{LINE}/speed-dial-8", "getSpeedDial8", "A line's speed dial 8 (codes 2 to 9)", "Speed codes",
        s.SpeedDials, features=("RTE-12",)),
    _op("PUT", f"{LINE}/speed-dial-8", "setSpeedDial8", "Replace a line's speed dial 8", "Speed codes", s.SpeedDials,
        body=s.SpeedDials, features=("RTE-12",)),
    _op("GET", f"{LINE}/speed-dial-100", "getSpeedDial100", "A line's speed dial 100 (codes 00 to 99)",
        "Speed codes", s.SpeedDials, features=("RTE-12",)),
    _op("PUT", f"{LINE}/speed-dial-100", "setSpeedDial100", "Replace a line's speed dial 100", "Speed codes",
        s.SpeedDials, body=s.SpeedDials, features=("RTE-12",)),
    _op("GET", f"{ENTERPRISE}/account-codes", "getAccountCodePolicy",
        "Call types that need an account code, the codes, their length and the lockout", "Account codes",
        s.AccountCodePolicy, features=("RTE-13",)),
    _op("PUT", f"{ENTERPRISE}/account-codes", "setAccountCodePolicy", "Change the account-code settings",
        "Account codes", s.AccountCodePolicy, body=s.AccountCodePolicy, features=("RTE-13",)),
    _op("GET", f"{LINE}/account-codes", "getLineAccountCodes", "A line's account codes (its override, if any)",
        "Account codes", s.LineAccountCodes, features=("RTE-13",)),
    _op("PUT", f"{LINE}/account-codes", "setLineAccountCodes",
        "Override the account codes of one line (when the enterprise allows it)", "Account codes",
        s.LineAccountCodes, body=s.LineAccountCodes, features=("RTE-13",)),
    _op("DELETE", f"{LINE}/account-codes", "clearLineAccountCodes", "The line follows the enterprise's settings again",
        "Account codes", None, status=204, features=("RTE-13",)),
    _op("GET", f"{ENTERPRISE}/authorization-codes", "listAuthorizationCodes", "Authorization codes (masked)",
        "Account codes", s.AuthorizationCodeList, features=("RTE-13",)),
    _op("POST", f"{ENTERPRISE}/authorization-codes", "createAuthorizationCode",
        "Add an authorization code (kept hashed, shown masked)", "Account codes", s.AuthorizationCode, status=201,
        body=s.AuthorizationCode, features=("RTE-13",)),
    _op("DELETE", "/authorization-codes/<uuid:code_id>", "deleteAuthorizationCode", "Delete an authorization code",
        "Account codes", None, status=204, features=("RTE-13",)),
    _op("GET", f"{ENTERPRISE}/external-calls", "getExternalCalls",
        "Limits on external calls and carrier access codes", "Enterprise settings", s.ExternalCalls,
        features=("RTE-14",)),
    _op("PUT", f"{ENTERPRISE}/external-calls", "setExternalCalls", "Change the enterprise's external-call settings",
        "Enterprise settings", s.ExternalCalls, body=s.ExternalCalls, features=("RTE-14",)),
    _op("GET", f"{ENTERPRISE}/emergency-notifications", "getEmergencyNotifications",
        "Emergency call notifications and their recipients", "Enterprise settings", s.Emergency,
        features=("RTE-15",)),
    _op("PUT", f"{ENTERPRISE}/emergency-notifications", "setEmergencyNotifications",
        "Turn emergency call notifications on or off and set the recipients per department", "Enterprise settings",
        s.Emergency, body=s.Emergency, features=("RTE-15",)),
    _op("GET", f"{ENTERPRISE}/other-settings", "getOtherSettings",
        "Messaging inside the enterprise only, virtual operator number, internal extensions shown",
        "Enterprise settings", s.OtherSettings, features=("RTE-16",)),
    _op("PUT", f"{ENTERPRISE}/other-settings", "setOtherSettings", "Change the other enterprise settings",
        "Enterprise settings", s.OtherSettings, body=s.OtherSettings, features=("RTE-16",)),
)  # fmt: skip


def _enterprise_call(method: str, status: int = 200, with_body: bool = False) -> Handler:
    def handler(ctx: RequestContext, routing: Backend, enterprise_id: Any) -> Response:
        args = (raw_body(ctx),) if with_body else ()
        answer = routing.call(method, scope(ctx), str(enterprise_id), *args)
        return reply(ctx, {"items": answer} if isinstance(answer, list) else answer, status)

    return handler


def _line_call(method: str, *fixed: Any, with_body: bool = False) -> Handler:
    def handler(ctx: RequestContext, routing: Backend, enterprise_id: Any, user_id: Any) -> Response:
        args = (*fixed, raw_body(ctx)) if with_body else fixed
        answer = routing.call(method, scope(ctx), str(enterprise_id), str(user_id), *args)
        return no_content(ctx) if answer is None else reply(ctx, answer)

    return handler


def set_agent(ctx: RequestContext, routing: Backend, centre_id: Any, user_id: Any) -> Response:
    return reply(ctx, routing.call("set_call_centre_agent", scope(ctx), str(centre_id), str(user_id), raw_body(ctx)))


def delete_authorization_code(ctx: RequestContext, routing: Backend, code_id: Any) -> Response:
    routing.call("delete_authorization_code", scope(ctx), str(code_id))
    return no_content(ctx)


def _handlers() -> dict[str, Handler]:
    handlers: dict[str, Handler] = {}
    for plural, single, param, *_, owner in RESOURCES:
        handlers.update(_crud_handlers(plural, single, param, owner))
    extra: dict[str, Callable[..., Response]] = {
        "setCallCentreAgent": set_agent,
        "createSpeedCodeRange": _enterprise_call("create_speed_code_range", 201, with_body=True),
        "moveSpeedCodes": _enterprise_call("move_speed_codes", with_body=True),
        "getSpeedDial8": _line_call("get_speed_dials", "8"),
        "setSpeedDial8": _line_call("set_speed_dials", "8", with_body=True),
        "getSpeedDial100": _line_call("get_speed_dials", "100"),
        "setSpeedDial100": _line_call("set_speed_dials", "100", with_body=True),
        "getAccountCodePolicy": _enterprise_call("get_account_code_policy"),
        "setAccountCodePolicy": _enterprise_call("set_account_code_policy", with_body=True),
        "getLineAccountCodes": _line_call("get_line_account_codes"),
        "setLineAccountCodes": _line_call("set_line_account_codes", with_body=True),
        "clearLineAccountCodes": _line_call("clear_line_account_codes"),
        "listAuthorizationCodes": _enterprise_call("list_authorization_codes"),
        "createAuthorizationCode": _enterprise_call("create_authorization_code", 201, with_body=True),
        "deleteAuthorizationCode": delete_authorization_code,
        "getExternalCalls": _enterprise_call("get_external_calls"),
        "setExternalCalls": _enterprise_call("set_external_calls", with_body=True),
        "getEmergencyNotifications": _enterprise_call("get_emergency_settings"),
        "setEmergencyNotifications": _enterprise_call("set_emergency_settings", with_body=True),
        "getOtherSettings": _enterprise_call("get_enterprise_settings"),
        "setOtherSettings": _enterprise_call("set_enterprise_settings", with_body=True),
    }
    handlers.update(extra)
    return handlers


HANDLERS = _handlers()
