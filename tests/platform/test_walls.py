"""Tenant walls (ACC-01): every REST operation and every accounts RPC, called by users of one tenant on objects
of another or above them, answers 404 (out of scope) or 403 (role lacks the action) and changes nothing.

The operations are enumerated from the OpenAPI document and the RPC methods from the service class, so a new
endpoint is covered (or must be classified here) the day it is added.
"""

import time
import uuid
from collections.abc import Iterator
from typing import Any

import eventlet
import pytest
import requests
from nameko.rpc import Rpc

from accounts.service import AccountsService
from gateway.api.registry import ROUTES
from relais_kit.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationFailed
from relais_kit.testing.plugin import fresh_vhost
from tests.hierarchy import PASSWORD, Hierarchy, build
from tests.platform.conftest import Platform
from tests.platform.media_seed import MEDIA_TABLES, seed_media
from tests.routing.seed_tree import seed_routing

# A valid body per operation, so that edge validation passes and the wall itself is what answers.
BODIES: dict[str, Any] = {
    # bulk user import (ACC-15)
    "startUserImport": {"source": "phone_system"},
    "setUserImportTicks": {"all": True},
    "commitUserImport": {"all": True},
    "updateMe": {"display_name": "X", "language": "fr"},
    "setPresence": {"presence": "busy"},
    "changePassword": {"current_password": PASSWORD, "password": "A-new-password-99"},
    "changePin": {"current_password": PASSWORD, "pin": "1234"},
    "createReseller": {"name": "Wall Reseller"},
    "updateReseller": {"name": "Taken over"},
    "updateBranding": {"brand_name": "Taken over"},
    "setLogo": {"content_base64": "iVBORw0KGgo=", "mime": "image/png"},
    "createCustomer": {
        "kind": "enterprise",
        "name": "Wall Enterprise",
        "administrator": {
            "identifier": "wall-admin",
            "display_name": "W",
            "email": "wall@example.ca",
            "password": "Wall-password-1",
        },
    },
    "updateCustomer": {"name": "Taken over"},
    "createDepartment": {"name": "Wall department"},
    "updateDepartment": {"name": "Taken over"},
    "updateContact": {"language": "fr"},
    "updateSupport": {"support_phone": "+1 800 555-0000"},
    "createAdministrator": {
        "identifier": "wall-delegate",
        "display_name": "W",
        "email": "wd@example.ca",
        "password": "Wall-password-1",
    },
    "saveSetupStep": {"services": ["single_number"]},
    "requestPasswordReset": {"identifier": "eb"},
    "confirmPasswordReset": {"token": "x" * 43, "password": "Wall-password-1"},
    "createSession": {"identifier": "eb", "password": "wrong"},
    # routing configuration and the route tracer (RTE-02..08, 18)
    "createRestrictionRule": {"level": "enterprise", "match": "country", "value": "FR"},
    "updateRestrictionRule": {"level": "enterprise", "match": "country", "value": "FR"},
    "addRestrictionExemption": {"level": "enterprise", "subject_id": str(uuid.uuid4())},
    "setUserRestrictions": {"rule_ids": []},
    "createPhoneZone": {"name": "W", "area_codes": ["+1514"]},
    "updatePhoneZone": {"name": "W", "area_codes": ["+1514"]},
    "createSchedule": {"name": "W"},
    "updateSchedule": {"name": "W"},
    "createHuntGroup": {"name": "W"},
    "updateHuntGroup": {"name": "W"},
    "createAutoAttendant": {"name": "W", "business_hours_menu": "main", "menus": [{"menu": "main", "prompt": "p"}]},
    "updateAutoAttendant": {"name": "W", "business_hours_menu": "main", "menus": [{"menu": "main", "prompt": "p"}]},
    "setForwarding": {},
    "traceRoute": {"caller_number": "+15145550100", "dialled_number": "200"},
    # group services and enterprise settings (RTE-07, 09..16)
    "createNightForwarding": {"name": "W", "target": {"kind": "number", "ref": "5550000"}},
    "updateNightForwarding": {"name": "W", "target": {"kind": "number", "ref": "5550000"}},
    "createCallCentre": {"name": "W"},
    "updateCallCentre": {"name": "W"},
    "setCallCentreAgent": {"joined": False},
    "createPickupGroup": {"name": "W"},
    "updatePickupGroup": {"name": "W"},
    "createParkGroup": {"name": "W"},
    "updateParkGroup": {"name": "W"},
    "createPagingGroup": {"name": "W"},
    "updatePagingGroup": {"name": "W"},
    "createInstantGroupCall": {"name": "W", "external_numbers": ["+15145550100"]},
    "updateInstantGroupCall": {"name": "W", "external_numbers": ["+15145550100"]},
    "createSeriesCompletion": {"name": "W", "member_user_ids": []},
    "updateSeriesCompletion": {"name": "W", "member_user_ids": []},
    "createSpeedCode": {"code": "99", "number": "5550000"},
    "updateSpeedCode": {"code": "99", "number": "5550000"},
    "createSpeedCodeRange": {"first_code": "90", "last_code": "91", "first_number": "5550000"},
    "moveSpeedCodes": {"ids": [str(uuid.uuid4())]},
    "setSpeedDial8": {"entries": []},
    "setSpeedDial100": {"entries": []},
    "setAccountCodePolicy": {},
    "setLineAccountCodes": {},
    "createAuthorizationCode": {"code": "1234"},
    "setExternalCalls": {},
    "setEmergencyNotifications": {},
    "setOtherSettings": {},
    # the users page and line actions (ACC-09..19)
    "createUser": {"first_name": "W", "last_name": "W", "email": "wall-user@example.ca"},
    "updateUser": {"first_name": "Taken"},
    "setUserOptions": {"max_contacts": 1},
    "setSipCredentials": {"kind": "default", "username": "wall", "password": "Wall-password-1"},
    "generateSipCredentials": {"kind": "registration"},
    "setGroupAdministrator": {"department_id": str(uuid.uuid4()), "administrator": True},
    "resetLine": {"confirm": True},
    "resendActivation": {"activation_email": "wall@example.ca"},
    "sendUserMail": {"kind": "access_codes"},
    # numbers, extensions, trunks, phones, directory, partners, mail servers, provisioning (NUM, ACC-22..26)
    "addDids": {"numbers": ["+15145550177"]},
    "assignDid": {"target_type": "none"},
    "createNumberBlock": {"name": "W", "first_number": "+15145550400", "last_number": "+15145550401"},
    "addExtensions": {"first": "300"},
    "updateExtension": {"number": "201"},
    "createTrunk": {"name": "W", "host": "sip.example.net"},
    "updateTrunk": {"name": "W", "host": "sip.example.net"},
    "addPhone": {"mac": "00:1a:2b:3c:4d:60", "model": "W"},
    "updatePhone": {"mac": "00:1a:2b:3c:4d:5e", "model": "W"},
    "assignPhone": {"user_id": None},
    "setPhoneKeys": {"line_keys": []},
    "createDirectoryContact": {"last_name": "W", "number": "5145550100"},
    "updateDirectoryContact": {"last_name": "W", "number": "5145550100"},
    "createPartner": {"name": "W", "regions": ["Québec"]},
    "updatePartner": {"name": "W", "regions": ["Québec"]},
    "createMailPreset": {"name": "W", "protocol": "IMAP", "host": "imap.example.net"},
    "updateMailPreset": {"name": "W", "protocol": "IMAP", "host": "imap.example.net"},
    "setMailServer": {"protocol": "IMAP", "host": "imap.example.net"},
    "createProvisioningKey": {"name": "W"},
    # audio, voicemail and recordings (MED-02..05)
    "createAudioFile": {"kind": "announcement", "name": "W", "content_base64": "UklGRg=="},
    "updateAudioFile": {"name": "W"},
    "updateMailbox": {"email_notification": False},
    "setGreeting": {"content_base64": "UklGRg=="},
    "setRecordingSettings": {"enabled": True},
}
# Operations that act only on the caller's own account (no object of someone else can be named).
SELF_ONLY = {
    "getMe",
    "updateMe",
    "setPresence",
    "changePassword",
    "changePin",
    "endSession",
    "getSettings",
    "updateContact",
    "updateSupport",
    "listAdministrators",
    "createAdministrator",
    "getSetup",
    "saveSetupStep",
    "listAuditLog",
    "listResellers",
    "listCustomers",
    "createReseller",
    "createCustomer",
    "listMailPresets",
    "createMailPreset",
}
PUBLIC = {"createSession", "requestPasswordReset", "confirmPasswordReset", "provisionCustomer"}
INSIDERS = ("ra", "ea", "manager", "employee", "proa", "receptionist")


@pytest.fixture()
def tree(db_connection: Any, sql_query: Any) -> Hierarchy:
    hierarchy = build(db_connection)
    department_b = str(uuid.uuid4())
    sql_query(
        "INSERT INTO accounts.departments (id, enterprise_id, path, name) VALUES (%s, %s, ARRAY[%s]::uuid[], 'Dept B')",
        (department_b, hierarchy["enterprise_b"], department_b),
    )
    hierarchy.ids["department_b"] = department_b
    import_b = str(uuid.uuid4())  # a user import of enterprise B (ACC-15)
    sql_query(
        "INSERT INTO accounts.user_import_jobs (id, enterprise_id, started_by, source, state)"
        " VALUES (%s, %s, jsonb_build_object('user_id', %s::text), 'csv', 'previewed')",
        (import_b, hierarchy["enterprise_b"], hierarchy["eb"]),
    )
    hierarchy.ids["import_b"] = import_b
    hierarchy.ids.update(seed_routing(db_connection, hierarchy.ids))
    hierarchy.ids.update(seed_media(sql_query, hierarchy.ids))
    return hierarchy


@pytest.fixture()
def walled(tree: Hierarchy, platform: Platform, sql_query: Any) -> tuple[Platform, Hierarchy, dict[str, str]]:
    tokens = {who: platform.api_token(who, PASSWORD) for who in (*INSIDERS, "admin", "rb", "eb")}
    settle(sql_query)
    return platform, tree, tokens


def settle(sql_query: Any, quiet_seconds: float = 1.0, timeout: float = 60.0) -> None:
    """Wait until the platform's own start-up work is done: every outbox published (the default accounts' events)
    and the watched tables unchanged for a while (their consumers ran), so no comparison sees it land."""
    deadline = time.monotonic() + timeout
    outboxes = [
        row["table_schema"]
        for row in sql_query("SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox'")
    ]
    previous = snapshot(sql_query)
    while time.monotonic() < deadline:
        eventlet.sleep(quiet_seconds)
        pending = sum(
            sql_query(f"SELECT count(*) AS n FROM {schema}.outbox WHERE published_at IS NULL")[0]["n"]
            for schema in outboxes
        )
        current = snapshot(sql_query)
        if not pending and current == previous:
            return
        previous = current
    pytest.fail("the platform did not settle within 60 s", pytrace=False)


def foreign_value(tree: Hierarchy, param: str) -> str:
    """An object of reseller B's side that none of reseller A's people may reach."""
    return {
        "reseller_id": tree["reseller_b"],
        "customer_id": tree["enterprise_b"],
        "enterprise_id": tree["enterprise_b"],
        "department_id": tree["department_b"],
        "import_id": tree["import_b"],
        "user_id": tree["eb"],
        "step": "offer",
        "tenant_id": tree["reseller_b"],
        **{key: tree[key] for key in ROUTING_OBJECTS},
        **{f"{key}_id": tree[f"{key}_b"] for key in INVENTORY_OBJECTS},
        "preset_id": tree["preset"],
        **{key: tree[f"media_{key}"] for key in ("audio_file_id", "message_id", "recording_id")},
    }[param]


INVENTORY_OBJECTS = ("did", "block", "extension", "trunk", "phone", "contact", "partner", "key")
INVENTORY_TABLES = tuple(
    f"accounts.{table}"
    for table in (
        "dids",
        "number_blocks",
        "extensions",
        "trunks",
        "phones",
        "phone_keys",
        "directory_contacts",
        "partners",
        "mail_server_presets",
        "company_mail_servers",
        "provisioning_keys",
    )
)


ROUTING_OBJECTS = (
    "rule_id",
    "exemption_id",
    "zone_id",
    "schedule_id",
    "group_id",
    "attendant_id",
    "night_forwarding_id",
    "centre_id",
    "pickup_group_id",
    "park_group_id",
    "paging_group_id",
    "instant_call_id",
    "series_id",
    "speed_code_id",
    "code_id",
)


def snapshot(sql_query: Any) -> dict[str, Any]:
    """Each watched table's row count and a hash of its rows, by table name (a difference names the table)."""
    return {
        table: sql_query(f"SELECT count(*) AS n, md5(string_agg(t::text, '' ORDER BY t::text)) AS h FROM {table} t")
        for table in (
            "accounts.tenants",
            "accounts.users",
            "accounts.departments",
            "accounts.department_managers",
            *INVENTORY_TABLES,
            *ROUTING_TABLES,
            *MEDIA_TABLES,
        )
    }


def changed_tables(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [table for table in before if before[table] != after[table]]


@pytest.fixture(scope="module")
def amqp_uri() -> Iterator[str]:
    """This module's own vhost: the run's shared one can hold events that earlier tests published while no
    routing or media ran, and those would change the watched tables in the middle of a comparison."""
    with fresh_vhost() as uri:
        yield uri


ROUTING_TABLES = tuple(
    f"routing.{table}"
    for table in (
        "restriction_rules",
        "restriction_exemptions",
        "user_restrictions",
        "phone_zones",
        "schedules",
        "schedule_hours",
        "hunt_groups",
        "hunt_group_members",
        "auto_attendants",
        "attendant_menus",
        "attendant_menu_keys",
        "line_forwarding",
        "night_forwarding",
        "call_centres",
        "call_centre_agents",
        "pickup_groups",
        "park_groups",
        "paging_groups",
        "instant_group_calls",
        "series_completions",
        "speed_codes",
        "speed_dials",
        "account_code_policies",
        "authorization_codes",
        "external_call_settings",
        "emergency_settings",
        "emergency_recipients",
        "enterprise_settings",
    )
)


def test_every_operation_is_classified() -> None:
    operations = {r.operation_id for r in ROUTES}
    with_objects = {r.operation_id for r in ROUTES if set(r.path_params) - {"step"}}
    assert operations == SELF_ONLY | PUBLIC | with_objects | {"endSession"}
    assert all(r.auth for r in ROUTES if r.operation_id not in PUBLIC)


WITH_OBJECTS = [r for r in ROUTES if set(r.path_params) - {"step"}]


# Each of the two tests below walks every operation with one running platform: starting the four services per
# operation made this file take twelve minutes. A failure lists every operation that let someone through.


def test_objects_of_another_tenant_are_out_of_reach(
    walled: tuple[Platform, Hierarchy, dict[str, str]], sql_query: Any
) -> None:
    platform, tree, tokens = walled
    breaches: list[tuple[str, str, int, str]] = []
    changed: list[str] = []
    for route in WITH_OBJECTS:
        path = route.path
        for param in route.path_params:
            path = path.replace(f"<uuid:{param}>", foreign_value(tree, param))
        before = snapshot(sql_query)
        for who in INSIDERS:
            response = requests.request(
                route.method,
                f"{platform.url}{path}",
                json=BODIES.get(route.operation_id),
                headers={"Authorization": f"Bearer {tokens[who]}"},
                timeout=10,
            )
            refused = response.status_code == 404 or (
                response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
            )
            if not refused:
                breaches.append((who, route.operation_id, response.status_code, response.text[:200]))
        if after := changed_tables(before, snapshot(sql_query)):
            changed.append(f"{route.operation_id}: {', '.join(after)}")
    assert not breaches, breaches
    assert not changed, f"these operations changed data of another tenant: {changed}"


def test_guessed_ids_are_404_for_everyone(walled: tuple[Platform, Hierarchy, dict[str, str]]) -> None:
    platform, _, tokens = walled
    breaches: list[tuple[str, str, int]] = []
    for route in WITH_OBJECTS:
        path = route.path
        for param in route.path_params:
            path = path.replace(f"<uuid:{param}>", str(uuid.uuid4()))
        for who in ("admin", "ra", "ea"):
            response = requests.request(
                route.method,
                f"{platform.url}{path}",
                json=BODIES.get(route.operation_id),
                headers={"Authorization": f"Bearer {tokens[who]}"},
                timeout=10,
            )
            if response.status_code not in (403, 404):
                breaches.append((who, route.operation_id, response.status_code))
        malformed = route.path.split("<")[0] + "not-a-uuid"
        answer = requests.get(
            f"{platform.url}{malformed}", headers={"Authorization": f"Bearer {tokens['admin']}"}, timeout=10
        )
        if answer.status_code not in (404, 405):
            breaches.append(("admin", f"{route.operation_id} (malformed id)", answer.status_code))
    assert not breaches, breaches


def test_lists_show_nothing_of_another_tenant(walled: tuple[Platform, Hierarchy, dict[str, str]]) -> None:
    platform, tree, tokens = walled
    foreign = {tree[k] for k in ("reseller_b", "enterprise_b", "eb", "rb", "department_b")}
    for who in INSIDERS:
        auth = {"Authorization": f"Bearer {tokens[who]}"}
        for route in ROUTES:
            if route.method != "GET" or route.path_params:
                continue
            response = requests.get(f"{platform.url}{route.path}", headers=auth, timeout=10)
            assert response.status_code in (200, 403), (who, route.operation_id, response.status_code)
            assert not any(identifier in response.text for identifier in foreign), (who, route.operation_id)


def test_nobody_climbs_above_their_level(walled: tuple[Platform, Hierarchy, dict[str, str]]) -> None:
    platform, tree, tokens = walled
    own_reseller = f"{platform.url}/api/v1/resellers/{tree['reseller_a']}"
    for who in ("ea", "manager", "employee", "proa"):
        auth = {"Authorization": f"Bearer {tokens[who]}"}
        assert requests.get(own_reseller, headers=auth, timeout=10).status_code in (403, 404)
        assert requests.put(own_reseller, json={"name": "Mine"}, headers=auth, timeout=10).status_code in (403, 404)
        assert requests.post(
            f"{platform.url}/api/v1/users/{tree['ra']}/act-as", headers=auth, timeout=10
        ).status_code in (403, 404)
    ra = {"Authorization": f"Bearer {tokens['ra']}"}
    assert requests.put(own_reseller, json={"name": "Mine"}, headers=ra, timeout=10).status_code == 403
    assert requests.post(f"{platform.url}/api/v1/users/{tree['admin']}/act-as", headers=ra, timeout=10).status_code in (
        403,
        404,
    )


# The RPC surface of accounts: methods without a caller are public by design and listed here.
PUBLIC_RPCS = {
    "authenticate",
    "request_password_reset",
    "reset_password",
    "brand_for_host",
    "logo",
    "provision_customer",
}
FOREIGN_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "unlock_user": ("eb",),
    "act_as": ("eb",),
    "get_reseller": ("reseller_b",),
    "update_reseller": ("reseller_b", {}),
    "update_branding": ("reseller_b", {}),
    "set_logo": ("reseller_b", "iVBORw0KGgo=", "image/png"),
    "delete_reseller": ("reseller_b",),
    "get_customer": ("enterprise_b",),
    "update_customer": ("enterprise_b", {}),
    "delete_customer": ("enterprise_b",),
    "list_users_of": ("enterprise_b",),
    "list_departments": ("enterprise_b",),
    "create_department": ("enterprise_b", {"name": "X"}),
    "update_department": ("department_b", {"name": "X"}),
    "delete_department": ("department_b",),
    "delete_administrator": ("eb",),
    # users as lines, numbers, extensions, trunks, phones (ACC-09..19, NUM-01..07)
    "list_users": ("enterprise_b", {}),
    "get_user": ("eb",),
    "create_user": ("enterprise_b", {"first_name": "W", "last_name": "W", "email": "wall-user@example.ca"}),
    "update_user": ("eb", {"first_name": "Taken"}),
    "set_user_options": ("eb", {"max_contacts": 1}),
    "set_sip_credentials": ("eb", "default", {"username": "wall", "password": "Wall-password-1"}),
    "set_group_administrator": ("eb", {"department_id": "department_b", "administrator": True}),
    "delete_user": ("eb", {"scope": "system"}),
    "reset_line": ("eb", {"confirm": True}),
    "generate_sip_credentials": ("eb", "registration"),
    "resend_activation": ("eb", {"activation_url": "http://portal.test/reset-password"}),
    "send_user_mail": ("eb", {"kind": "access_codes", "access_url": "http://portal.test/reset-password"}),
    "add_dids": ("enterprise_b", {"numbers": ["+15145550177"]}),
    "list_dids": ("enterprise_b", {}),
    "assign_did": ("did_b", {"target_type": "none"}),
    "delete_did": ("did_b",),
    "create_number_block": (
        "enterprise_b",
        {"name": "W", "first_number": "+15145550400", "last_number": "+15145550401"},
    ),
    "list_number_blocks": ("enterprise_b",),
    "delete_number_block": ("block_b",),
    "list_extensions": ("enterprise_b",),
    "add_extensions": ("enterprise_b", {"first": "300"}),
    "update_extension": ("extension_b", {"number": "201"}),
    "delete_extension": ("extension_b",),
    "list_trunks": ("enterprise_b",),
    "create_trunk": ("enterprise_b", {"name": "W", "host": "sip.example.net"}),
    "update_trunk": ("trunk_b", {"name": "W", "host": "sip.example.net"}),
    "delete_trunk": ("trunk_b",),
    "list_phones": ("enterprise_b",),
    "get_phone": ("phone_b",),
    "add_phone": ("enterprise_b", {"mac": "00:1a:2b:3c:4d:60", "model": "W"}),
    "update_phone": ("phone_b", {"mac": "00:1a:2b:3c:4d:5e", "model": "W"}),
    "assign_phone": ("phone_b", {"user_id": None}),
    "set_phone_keys": ("phone_b", {"line_keys": []}),
    "delete_phone": ("phone_b",),
    # bulk user import (ACC-15)
    "start_user_import": ("enterprise_b", {"source": "phone_system"}),
    "get_user_import": ("import_b",),
    "set_user_import_ticks": ("import_b", {"all": True}),
    "commit_user_import": ("import_b", {"all": True}),
    # lines CSV, directory, partners, mail servers, provisioning (NUM-08, ACC-22..24, ACC-26)
    "export_lines": ("enterprise_b",),
    "search_directory": ("enterprise_b", {}),
    "get_contact": ("contact_b",),
    "create_contact": ("enterprise_b", {"last_name": "W", "number": "5145550100"}),
    "update_contact": ("contact_b", {"last_name": "W", "number": "5145550100"}),
    "delete_contact": ("contact_b",),
    "list_partners": ("reseller_b", {}),
    "create_partner": ("reseller_b", {"name": "W", "regions": ["Québec"]}),
    "update_partner": ("partner_b", {"name": "W", "regions": ["Québec"]}),
    "delete_partner": ("partner_b",),
    "save_mail_preset": ("preset", {"name": "W", "protocol": "IMAP", "host": "imap.example.net"}),
    "delete_mail_preset": ("preset",),
    "get_company_mail_server": ("enterprise_b",),
    "set_company_mail_server": ("enterprise_b", {"protocol": "IMAP", "host": "imap.example.net"}),
    "delete_company_mail_server": ("enterprise_b",),
    "list_provisioning_keys": ("reseller_b",),
    "create_provisioning_key": ("reseller_b", {"name": "W"}),
    "revoke_provisioning_key": ("key_b",),
}  # type: ignore[dict-item]


def rpc_methods() -> set[str]:
    return {
        name
        for name in dir(AccountsService)
        if any(isinstance(e, Rpc) for e in getattr(getattr(AccountsService, name), "nameko_entrypoints", ()))
    }


def test_every_rpc_is_public_by_design_or_takes_a_caller() -> None:
    import inspect

    for name in rpc_methods() - PUBLIC_RPCS:
        parameters = list(inspect.signature(getattr(AccountsService, name)).parameters)
        assert parameters[:2] == ["self", "caller"], name


def test_rpcs_refuse_foreign_objects(tree: Hierarchy, run_services: Any, rpc: Any, sql_query: Any) -> None:
    run_services(AccountsService)
    accounts = rpc("accounts")
    before = snapshot(sql_query)
    for name, arguments in FOREIGN_ARGUMENTS.items():
        resolved = [tree[a] if isinstance(a, str) and a in tree.ids else a for a in arguments]
        for who in ("ra", "ea", "manager", "employee"):
            with pytest.raises((NotFound, PermissionDenied, ValidationFailed)):
                getattr(accounts, name)(tree.caller(who), *resolved)
    assert not changed_tables(before, snapshot(sql_query))
    covered = set(FOREIGN_ARGUMENTS) | PUBLIC_RPCS
    self_only = rpc_methods() - covered
    assert self_only == {
        "change_password",
        "change_pin",
        "get_profile",
        "own_line",
        "set_presence",
        "get_settings",
        "update_profile",
        "update_tenant_contact",
        "update_support",
        "setup_state",
        "save_setup_step",
        "list_administrators",
        "create_administrator",
        "list_resellers",
        "create_reseller",
        "list_customers",
        "list_customers_json",
        "list_resellers_json",
        "create_customer",
        "audit_log",
        "list_mail_presets",
        # media's voicemail box by phone (MED-04): the caller is the line that dialled, and only its own PIN is
        # checked; internal, on the broker (no REST operation), like every RPC taking a caller
        "check_voicemail_pin",
    }
    with pytest.raises(AuthenticationFailed):
        accounts.get_profile({"user_id": str(uuid.uuid4())})
    with pytest.raises(AuthenticationFailed):
        accounts.check_voicemail_pin({"user_id": str(uuid.uuid4())}, "1234")
