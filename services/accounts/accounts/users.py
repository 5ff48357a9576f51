"""Users of an enterprise as lines: the users page, creating, editing, deleting and resetting (ACC-09..13, 17..19).

Every mistake is reported at once, field by field, and nothing is written when there is one. Users outside the
caller's reach are NotFound; a role that lacks the action is PermissionDenied. Administrators of the enterprise
are not lines: they are managed in administrators.py.
"""

from __future__ import annotations

from typing import Any

from accounts import audit, events, reach, sip_identities, user_mail, user_options
from accounts.callers import Caller
from accounts.mail import Mailer
from accounts.passwords import Hasher
from accounts.secrets import SecretBox, new_password, new_pin, new_username
from accounts.storage import AccountsStore
from accounts.user_schemas import (
    DeleteUserSchema,
    GroupAdministratorSchema,
    LineSchema,
    ResendActivationSchema,
    ResetLineSchema,
    UserInputSchema,
    UserListQuerySchema,
    UserMailSchema,
    UserUpdateSchema,
)
from relais_kit.errors import FieldErrors, PermissionDenied
from relais_kit.events import OutboxWriter
from relais_kit.validation import Msg, field_error, load

EMAIL_TAKEN = Msg("This e-mail address is already used by another account.")
IDENTIFIER_TAKEN = Msg("This identifier is already used.")
NUMBER_TAKEN = Msg("This user number is already used.")
EXTENSION_TAKEN = Msg("This extension is already used in this enterprise.")
ROLE_NOT_YOURS = Msg("Only the enterprise's administrators give this role.")
DEPARTMENT_REQUIRED = Msg("Choose one of your departments.")
NOT_YOURSELF = Msg("You cannot do this to your own account.")
NO_ADDRESS = Msg("This user has no e-mail address: add one first.")
ALREADY_ACTIVE = Msg("This account is already activated.")
SUBJECT_REQUIRED = Msg("Write a subject.")
BODY_REQUIRED = Msg("Write a message.")
LINK_REQUIRED = Msg("Missing data for required field.")
ADMIN_ROLES = ("administrator", "office_manager")


LINES = LineSchema(many=True)  # built once: building a schema costs more than dumping a row


def dump(line: dict[str, Any]) -> dict[str, Any]:
    return LineSchema().dump(line)


def details(store: AccountsStore, line: dict[str, Any]) -> dict[str, Any]:
    """A line with its options and SIP identities (user names only, never passwords)."""
    return {
        **dump(line),
        "options": user_options.dump_options(store.user_options(line["id"])),
        "sip_credentials": user_options.masked_credentials(store, line["id"]),
    }


def _a_line(line: dict[str, Any], action: str) -> None:
    if line["role"] != "user":
        raise PermissionDenied(action)


def _check(
    store: AccountsStore,
    caller: Caller,
    enterprise: dict[str, Any],
    data: dict[str, Any],
    errors: FieldErrors,
    current: dict[str, Any] | None = None,
) -> None:
    except_id = current["id"] if current else None
    email = data.get("email")
    if (
        email
        and "email" not in errors
        and (store.email_taken(email, except_id) or (current is None and store.identifier_taken(email)))
    ):
        reach.add_error(errors, "email", EMAIL_TAKEN)
    if data.get("identifier") and store.identifier_taken(data["identifier"]):
        reach.add_error(errors, "identifier", IDENTIFIER_TAKEN)
    number = data.get("user_number")
    if number and number != "-1" and store.user_number_taken(number):
        reach.add_error(errors, "user_number", NUMBER_TAKEN)
    extension = data.get("extension")
    if extension:
        mine = store.extension_of_user(except_id) if except_id else None
        if store.extensions_taken(enterprise["id"], [extension], mine["id"] if mine else None):
            reach.add_error(errors, "extension", EXTENSION_TAKEN)
    if "department_id" in data:
        reach.department(store, caller, enterprise, data["department_id"], errors)
        if data["department_id"] is None and not caller.is_tenant_admin and "department_id" not in errors:
            reach.add_error(errors, "department_id", DEPARTMENT_REQUIRED)
    elif current is None and not caller.is_tenant_admin:
        reach.add_error(errors, "department_id", DEPARTMENT_REQUIRED)
    if data.get("enterprise_role") in ADMIN_ROLES and not caller.is_tenant_admin:
        reach.add_error(errors, "enterprise_role", ROLE_NOT_YOURS)


def list_users(store: AccountsStore, caller: Caller, enterprise_id: Any, query: Any = None) -> dict[str, Any]:
    """The users page (ACC-09): initial letter, paging, sort by any column, search across all columns or one;
    the search word "admin" lists the administrators."""
    caller.can("user.list")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    data = load(UserListQuerySchema(), query or {})
    search = data["search"] or None
    filters = {
        **data,
        "search": search,
        "administrators": bool(search and search.lower() == "admin" and not data["column"]),
    }
    scope = reach.managed_departments(store, caller, enterprise)
    offset = (data["page"] - 1) * data["page_size"]
    rows, total, capped = store.lines_page(enterprise["id"], scope, filters, data["page_size"], offset)
    return {
        "items": LINES.dump(rows),
        "total": total,
        "total_capped": capped,
        "page": data["page"],
        "page_size": data["page_size"],
    }


def get_user(store: AccountsStore, caller: Caller, user_id: Any) -> dict[str, Any]:
    caller.can("user.list")
    line, _ = reach.line(store, caller, user_id)
    return details(store, line)


def own_line(store: AccountsStore, caller: Caller) -> dict[str, Any]:
    """The signed-in user's own extension, DIDs and SIP user names, so that their call history finds the calls
    made to them (ACC-10). Reading one's own line needs no right; an account without a line has none of them."""
    line = store.line(caller.user["id"])
    if line is None or line["role"] != "user":
        return {"extension": None, "dids": [], "sip_usernames": []}
    dumped = dump(line)
    usernames = [c["username"] for c in user_options.masked_credentials(store, line["id"]) if c.get("username")]
    return {"extension": dumped.get("extension"), "dids": list(dumped.get("dids") or []), "sip_usernames": usernames}


def create_user(
    store: AccountsStore,
    outbox: OutboxWriter,
    hasher: Hasher,
    caller: Caller,
    enterprise_id: Any,
    payload: Any,
    mailer: Mailer | None = None,
) -> dict[str, Any]:
    """A user created by hand (ACC-13): an employee of the enterprise, pending activation by default. With an
    ``activation_url``, a pending user gets the welcome e-mail: user number, account name, phone, and a link to
    choose a password, valid 7 days (never a password)."""
    caller.can("user.create")
    enterprise = reach.enterprise(store, caller, enterprise_id)
    data, errors = reach.load_all(UserInputSchema(), payload)
    _check(store, caller, enterprise, data, errors)
    reach.fail_if(errors)
    data["user_number"] = store.next_user_number() if data["user_number"] == "-1" else data["user_number"]
    data["identifier"] = data["identifier"] or data["email"]
    data["display_name"] = f"{data['first_name']} {data['last_name']}"
    data["activation_email"] = data["activation_email"] or data["email"]
    line = store.create_line(enterprise["id"], data, hasher.hash(new_password(32)))
    if data["extension"]:
        extension = store.add_extension(enterprise["id"], data["extension"], line["id"])
        events.extension_changed(outbox, store.tx, extension, enterprise["path"])
        line = store.line(line["id"]) or line
    events.user_changed(outbox, store.tx, "created", line, enterprise["path"])
    audit.record(store, caller, "user.create", "user", line, enterprise["path"], after=dump(line))
    if mailer is not None and data["activation_url"] and line["status"] == "pending":
        welcome(store, mailer, line, enterprise, data["activation_url"])
    return details(store, line)


def welcome(store: AccountsStore, mailer: Mailer, line: dict[str, Any], enterprise: dict[str, Any], url: str) -> None:
    """The welcome e-mail (guide 003): user number, account name, phone, and a single-use link to choose a password;
    it leaves when the caller's transaction commits. Also sent to each user an import creates (ACC-15)."""
    to = line["activation_email"] or line["email"]
    link = user_mail.password_link(store, line["id"], url, user_mail.ACTIVATION_LINK_SECONDS)
    mail = user_mail.message(
        "welcome", to, line, company=enterprise["name"], link=link, days=user_mail.ACTIVATION_LINK_SECONDS // 86400
    )
    store.tx.on_commit(lambda: mailer.send(mail))


def resend_activation(
    store: AccountsStore, outbox: OutboxWriter, mailer: Mailer, caller: Caller, user_id: Any, payload: Any
) -> dict[str, Any]:
    """Guide 002, 5.3: change the address the activation e-mail goes to and send it again (ACC-13); also the
    reminder sent to pending accounts (ACC-10). A new link replaces none of the old ones: each works once."""
    caller.can("user.update")
    line, enterprise = reach.line(store, caller, user_id)
    _a_line(line, "user.update")
    data, errors = reach.load_all(ResendActivationSchema(), payload)
    if line["status"] == "activated":
        reach.add_error(errors, "_schema", ALREADY_ACTIVE)
    address = data.get("activation_email") or line["activation_email"] or line["email"]
    if not address and "activation_email" not in errors:
        reach.add_error(errors, "activation_email", NO_ADDRESS)
    reach.fail_if(errors)
    if data.get("activation_email") and data["activation_email"] != line["activation_email"]:
        store.update_line(line["id"], {"activation_email": data["activation_email"]})
    after = store.line(line["id"])
    assert after is not None
    welcome(store, mailer, {**after, "activation_email": address}, enterprise, data["activation_url"])
    if after["activation_email"] != line["activation_email"]:
        events.user_changed(outbox, store.tx, "updated", after, enterprise["path"])
    audit.record(
        store,
        caller,
        "user.activation_sent",
        "user",
        after,
        enterprise["path"],
        {"activation_email": line["activation_email"]},
        {"activation_email": address},
    )
    return details(store, after)


def send_user_mail(store: AccountsStore, mailer: Mailer, caller: Caller, user_id: Any, payload: Any) -> None:
    """Guide 003, "Envoyer des messages aux usagers" (ACC-12): the access codes (user number, account name and a
    one-day link to choose a password; never the password itself) or a message of the administrator's own."""
    caller.can("user.update")
    line, enterprise = reach.line(store, caller, user_id)
    data, errors = reach.load_all(UserMailSchema(), payload)
    to = line["email"] or line["activation_email"]
    if not to:
        reach.add_error(errors, "_schema", NO_ADDRESS)
    if data.get("kind") == "message":
        if not data.get("subject") and "subject" not in errors:
            reach.add_error(errors, "subject", SUBJECT_REQUIRED)
        if not (data.get("body") or "").strip() and "body" not in errors:
            reach.add_error(errors, "body", BODY_REQUIRED)
    if data.get("kind") == "access_codes" and not data.get("access_url") and "access_url" not in errors:
        reach.add_error(errors, "access_url", LINK_REQUIRED)
    reach.fail_if(errors)
    if data["kind"] == "access_codes":
        seconds = user_mail.ACCESS_LINK_SECONDS
        link = user_mail.password_link(store, line["id"], data["access_url"], seconds)
        mail = user_mail.message("access_codes", to, line, link=link, hours=seconds // 3600)
        logged: dict[str, Any] = {"kind": "access_codes", "to": to}
    else:
        mail = user_mail.free_message(to, data["subject"], data["body"])
        logged = {"kind": "message", "to": to, "subject": data["subject"]}
    store.tx.on_commit(lambda: mailer.send(mail))
    audit.record(store, caller, "user.mail", "user", line, enterprise["path"], after=logged)


def update_user(
    store: AccountsStore, outbox: OutboxWriter, caller: Caller, user_id: Any, payload: Any
) -> dict[str, Any]:
    """Personal details, department, role, status, activation address and extension (ACC-13, ACC-19)."""
    caller.can("user.update")
    before, enterprise = reach.line(store, caller, user_id)
    _a_line(before, "user.update")
    data, errors = reach.load_all(UserUpdateSchema(partial=True), payload)
    _check(store, caller, enterprise, data, errors, before)
    reach.fail_if(errors)
    changes = dict(data)
    if "first_name" in data or "last_name" in data:
        first = data.get("first_name", before["first_name"]) or ""
        last = data.get("last_name", before["last_name"]) or ""
        changes["display_name"] = f"{first} {last}".strip() or before["display_name"]
    store.update_line(before["id"], changes)
    if "extension" in data:
        _set_extension(store, outbox, enterprise, before["id"], data["extension"])
    after = store.line(before["id"])
    assert after is not None
    events.user_changed(outbox, store.tx, "updated", after, enterprise["path"])
    audit.record(store, caller, "user.update", "user", after, enterprise["path"], dump(before), dump(after))
    return details(store, after)


def _set_extension(
    store: AccountsStore, outbox: OutboxWriter, enterprise: dict[str, Any], user_id: Any, number: str | None
) -> None:
    current = store.extension_of_user(user_id)
    if current is not None and number is None:
        store.delete_extension(current["id"])
        events.extension_changed(outbox, store.tx, current, enterprise["path"], deleted=True)
    elif current is not None and number != current["number"]:
        assert number is not None
        events.extension_changed(
            outbox, store.tx, store.update_extension(current["id"], number, user_id), enterprise["path"]
        )
    elif current is None and number is not None:
        events.extension_changed(
            outbox, store.tx, store.add_extension(enterprise["id"], number, user_id), enterprise["path"]
        )


def set_group_administrator(store: AccountsStore, caller: Caller, user_id: Any, payload: Any) -> dict[str, Any]:
    """Make a line the administrator (manager) of a department, or stop it being one (ACC-19)."""
    caller.can("user.group_admin")
    line, enterprise = reach.line(store, caller, user_id)
    _a_line(line, "user.group_admin")
    data, errors = reach.load_all(GroupAdministratorSchema(), payload)
    department = reach.department(store, caller, enterprise, data.get("department_id"), errors)
    reach.fail_if(errors)
    assert department is not None
    store.set_department_manager(department["id"], line["id"], data["administrator"])
    after = store.line(line["id"])
    assert after is not None
    audit.record(store, caller, "user.group_admin", "user", after, enterprise["path"], dump(line), dump(after))
    return dump(after)


def _release(store: AccountsStore, outbox: OutboxWriter, enterprise: dict[str, Any], line: dict[str, Any]) -> None:
    """Free what the line held in the enterprise: DIDs, extension, SIP account, phones, group management."""
    for did in store.dids_of_target("user", line["id"]):
        events.did_assigned(outbox, store.tx, store.assign_did(did["id"], None, None), enterprise["path"])
    _set_extension(store, outbox, enterprise, line["id"], None)
    for phone in store.phones_of_user(line["id"]):
        events.phone_assigned(
            outbox, store.tx, store.assign_phone(phone["id"], None, phone["department_id"]), enterprise["path"]
        )
    store.delete_sip_credentials(line["id"])
    store.leave_all_departments_management(line["id"])


def delete_user(
    store: AccountsStore,
    outbox: OutboxWriter,
    caller: Caller,
    user_id: Any,
    payload: Any,
    mailer: Mailer | None = None,
) -> None:
    """From the company only (the user goes on as a free user, in an account of their own under the same
    reseller) or from the system (ACC-17). Either way their DIDs, extension, SIP account and phone are released;
    with ``notify`` the user is told by e-mail."""
    caller.can("user.delete")
    line, enterprise = reach.line(store, caller, user_id)
    _a_line(line, "user.delete")
    data = load(DeleteUserSchema(), payload or {})
    if str(line["id"]) == str(caller.id):
        raise field_error("_schema", NOT_YOURSELF)
    before = dump(line)
    to = line["email"] or line["activation_email"]
    if data["notify"] and mailer is not None and to:
        notice = user_mail.message(f"deleted_{data['scope']}", to, line, company=enterprise["name"])
        store.tx.on_commit(lambda: mailer.send(notice))
    _release(store, outbox, enterprise, line)
    if data["scope"] == "system":
        events.user_changed(outbox, store.tx, "deleted", {**line, "extension": None}, enterprise["path"])
        events.user_credentials_changed(outbox, store.tx, {**line, "tenant_path": enterprise["path"]}, "deleted")
        store.delete_user(line["id"])
        audit.record(store, caller, "user.delete", "user", line, enterprise["path"], before=before)
        return
    reseller = store.tenant(enterprise["parent_id"])
    assert reseller is not None
    name = f"{line['display_name']} ({line['user_number']})"[:100]
    own = store.create_tenant(
        "professional", reseller, name, line["language"], contact_email=line["email"], time_zone=enterprise["time_zone"]
    )
    events.customer_account(outbox, store.tx, "created", own)
    store.update_line(
        line["id"],
        {"tenant_id": own["id"], "department_id": None, "enterprise_role": None, "account_kind": "professional"},
    )
    after = store.line(line["id"])
    assert after is not None
    events.user_changed(outbox, store.tx, "updated", after, own["path"], previous_tenant_id=str(enterprise["id"]))
    audit.record(store, caller, "user.remove_from_company", "user", after, enterprise["path"], before, dump(after))


def reset_line(
    store: AccountsStore,
    outbox: OutboxWriter,
    hasher: Hasher,
    box: SecretBox,
    caller: Caller,
    user_id: Any,
    payload: Any,
) -> dict[str, Any]:
    """Wipe a line for another subscriber (ACC-18): irreversible, so the input must confirm it. The number,
    extension, DIDs and department stay; the account name, password, PIN and SIP credentials are new and are
    returned this once, never stored in clear."""
    caller.can("user.reset")
    before, enterprise = reach.line(store, caller, user_id)
    _a_line(before, "user.reset")
    data = load(ResetLineSchema(), payload or {})
    if str(before["id"]) == str(caller.id):
        raise field_error("_schema", NOT_YOURSELF)
    identifier = new_username(f"line{before['user_number']}-")
    password, pin = new_password(), new_pin()
    sip = [
        {"kind": kind, "username": new_username(f"{before['user_number']}-"), "password": new_password(20)}
        for kind in ("default", "registration")
    ]
    store.update_line(
        before["id"],
        {
            "identifier": identifier,
            "display_name": f"Line {before['user_number']}",
            "first_name": None,
            "last_name": None,
            "email": None,
            "phone": None,
            "activation_email": None,
            "status": "pending",
        },
    )
    store.reset_line_secrets(before["id"], hasher.hash(password), hasher.hash(pin))
    store.clear_user_options(before["id"])
    store.delete_sip_credentials(before["id"])
    sip_identities.changed(store, outbox, before, enterprise, "all", None, None)
    for credential in sip:
        store.set_sip_credentials(
            before["id"], credential["kind"], credential["username"], box.encrypt(credential["password"])
        )
        sip_identities.changed(
            store, outbox, before, enterprise, credential["kind"], credential["username"], credential["password"]
        )
    if data["leave_groups"]:
        store.leave_all_departments_management(before["id"])
    after = store.line(before["id"])
    assert after is not None
    events.user_changed(
        outbox, store.tx, "updated", after, enterprise["path"], reset=True, leave_groups=data["leave_groups"]
    )
    events.user_credentials_changed(outbox, store.tx, {**after, "tenant_path": enterprise["path"]}, "password_reset")
    audit.record(store, caller, "user.reset", "user", after, enterprise["path"], dump(before), dump(after))
    return {
        "user": details(store, after),
        "identifier": identifier,
        "password": password,
        "pin": pin,
        "sip_credentials": sip,
    }
