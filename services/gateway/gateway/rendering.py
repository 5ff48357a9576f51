"""Server-rendered pages: one Jinja environment per language, templates compiled once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from werkzeug.wrappers import Response

from gateway.i18n import N_, catalogue
from gateway.web import RequestContext

TEMPLATES_DIR = Path(__file__).parent / "templates"

ROLE_LABELS = {
    "system_admin": N_("System administrator"),
    "reseller_admin": N_("Reseller administrator"),
    "enterprise_admin": N_("Enterprise administrator"),
    "user": N_("User"),
}
ENTERPRISE_ROLE_LABELS = {
    "administrator": N_("Administrator"),
    "office_manager": N_("Office manager"),
    "receptionist": N_("Receptionist"),
    "technical_support": N_("Technical support"),
}
MenuItem = tuple[str, str, str]
HOME: MenuItem = ("home", "/home", N_("Home"))
RESELLERS: MenuItem = ("resellers", "/resellers", N_("Resellers"))
CUSTOMERS: MenuItem = ("customers", "/customers", N_("Customers"))
DEPARTMENTS: MenuItem = ("departments", "/departments", N_("Departments"))
AUDIT: MenuItem = ("audit", "/audit", N_("Audit log"))
SETTINGS: MenuItem = ("settings", "/settings", N_("Settings"))
SETUP: MenuItem = ("setup", "/setup", N_("Set-up"))
USERS: MenuItem = ("users", "/users", N_("Users"))
NUMBERS: MenuItem = ("numbers", "/numbers", N_("Phone numbers"))
TRUNKS: MenuItem = ("trunks", "/trunks", N_("PBX and trunks"))
EXTENSIONS: MenuItem = ("extensions", "/extensions", N_("Extensions"))
PHONES: MenuItem = ("phones", "/phones", N_("Phones"))
DIRECTORY: MenuItem = ("directory", "/directory", N_("Directory"))
PARTNERS: MenuItem = ("partners", "/partners", N_("Partners"))
MAIL_SERVERS: MenuItem = ("mailservers", "/mail-servers", N_("Mail servers"))
PROVISIONING: MenuItem = ("provisioning", "/provisioning", N_("Remote provisioning"))
ROUTING: MenuItem = ("routing", "/routing", N_("Call routing"))
MY_FORWARDING: MenuItem = ("routing", "/routing", N_("My call forwarding"))
GROUP_SERVICES: MenuItem = ("groupservices", "/group-services", N_("Group services"))
ANNOUNCEMENTS: MenuItem = ("announcements", "/announcements", N_("Announcements"))
RECORDINGS: MenuItem = ("recordings", "/recordings", N_("Call recordings"))
VOICEMAIL: MenuItem = ("voicemail", "/voicemail", N_("My voicemail"))
CALLS: MenuItem = ("calls", "/calls", N_("Call history"))
MY_CALLS: MenuItem = ("calls", "/calls", N_("My calls"))
ENTERPRISE_MANAGERS = frozenset({"enterprise_admin", "administrator", "office_manager"})
AUDIT_READERS = frozenset({"system_admin", "reseller_admin", "enterprise_admin", "administrator"})


@cache
def environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(catalogue(language), newstyle=True)  # type: ignore[attr-defined]
    return env


def capabilities(profile: dict[str, Any]) -> frozenset[str]:
    """The profile's role, enterprise role and ``department_manager`` as accounts computed them."""
    found = set(profile.get("capabilities") or ())
    found.add(str(profile.get("role")))
    if profile.get("enterprise_role"):
        found.add(str(profile["enterprise_role"]))
    return frozenset(found)


def menu_for(profile: dict[str, Any]) -> list[MenuItem]:
    """(key, href, label) of the main menu sections this user has (guide 000 names 14 for the system admin;
    a section appears here once it exists). Accounts enforces the same rules on every call."""
    role, caps = profile.get("role"), capabilities(profile)
    if role == "system_admin":
        return [HOME, RESELLERS, CUSTOMERS, TRUNKS, MAIL_SERVERS, PARTNERS, ROUTING, AUDIT, SETTINGS, SETUP]
    if role == "reseller_admin":
        return [HOME, CUSTOMERS, NUMBERS, TRUNKS, PARTNERS, PROVISIONING, ROUTING, AUDIT, SETTINGS, SETUP]
    if caps & ENTERPRISE_MANAGERS:
        inventory = [NUMBERS, EXTENSIONS, PHONES, DIRECTORY, TRUNKS, MAIL_SERVERS]
        calling = [ROUTING, GROUP_SERVICES, ANNOUNCEMENTS, RECORDINGS, VOICEMAIL, CALLS]
        return [HOME, DEPARTMENTS, USERS, *inventory, *calling, *([AUDIT] if caps & AUDIT_READERS else []), SETTINGS]
    if "department_manager" in caps:
        return [HOME, DEPARTMENTS, USERS, PHONES, DIRECTORY, MY_FORWARDING, VOICEMAIL, MY_CALLS, SETTINGS]
    if profile.get("tenant_kind") == "enterprise":
        return [HOME, DIRECTORY, MY_FORWARDING, VOICEMAIL, MY_CALLS, SETTINGS]
    if profile.get("tenant_kind") == "professional":
        return [HOME, MY_FORWARDING, VOICEMAIL, MY_CALLS, SETTINGS]
    return [HOME, SETTINGS]


def role_label(profile: dict[str, Any]) -> str:
    """The untranslated label of the user's role; the template translates it."""
    if profile.get("enterprise_role") in ENTERPRISE_ROLE_LABELS:
        return ENTERPRISE_ROLE_LABELS[str(profile["enterprise_role"])]
    return ROLE_LABELS.get(str(profile.get("role")), "")


def render(
    ctx: RequestContext, template: str, status: int = 200, help_topic: str | None = None, **values: Any
) -> Response:
    profile = ctx.session.profile if ctx.session else None
    html = (
        environment(ctx.language)
        .get_template(template)
        .render(
            ctx=ctx,
            lang=ctx.language,
            other_lang="en" if ctx.language == "fr" else "fr",
            profile=profile,
            menu=menu_for(profile) if profile else [],
            role_label=role_label(profile) if profile else "",
            settings=ctx.settings,
            brand=ctx.brand,
            csrf_token=ctx.csrf_token,
            help_topic=help_topic,
            current_path=ctx.request.full_path.rstrip("?"),
            **values,
        )
    )
    return ctx.finish(Response(html, status=status, mimetype="text/html"))
