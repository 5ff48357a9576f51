"""The gateway nameko service: HTTP wiring only; pages live in portal/, the REST API in api/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from gateway import static_files
from gateway.api import openapi
from gateway.api import views as api_views
from gateway.api.registry import HANDLERS, ROUTES
from gateway.api.routes import ApiRoute
from gateway.backends import Backend, BackendRpc, Backends, ServiceUnavailable
from gateway.branding import BrandCache
from gateway.consumers import UserCredentialsChanged
from gateway.errors import api_error, api_error_from, portal_error, portal_error_from
from gateway.portal import (
    acting,
    audit,
    brand,
    customers,
    departments,
    pages,
    password_reset,
    resellers,
    setup,
    sign_in,
)
from gateway.portal import settings as settings_pages
from gateway.portal.navigation import go
from gateway.portal.page import Page
from gateway.portal.registry import declared_pages
from gateway.rendering import render
from gateway.sessions import SessionStore
from gateway.settings import GatewaySettings, Settings
from gateway.web import RequestContext, json_response
from relais_kit.db import Database, Transaction
from relais_kit.errors import DomainError
from relais_kit.events import consumes
from relais_kit.service import PlatformService
from relais_kit.web import http

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
BRANDS = BrandCache()

PortalView = Callable[..., Response]


class GatewayService(PlatformService):
    name = "gateway"
    schema = "gateway"
    migrations_dir = MIGRATIONS

    kit_tables = ("inbox",)

    db = Database("gateway")
    settings: GatewaySettings = Settings()
    accounts: Backend = BackendRpc("accounts")
    routing: Backend = BackendRpc("routing")
    media: Backend = BackendRpc("media")

    @property
    def backends(self) -> Backends:
        return Backends(self.accounts, self.routing, self.media)

    @consumes("accounts", "user_credentials_changed", UserCredentialsChanged)
    def on_user_credentials_changed(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        """A password changed or was reset, the account locked or deleted: its sessions end (ACC-06, ACC-07)."""
        SessionStore(tx).end_all_of(str(data["user_id"]))

    # plumbing shared by every page and API operation
    def _portal(self, request: Request, view: PortalView, *args: Any, signed_in: bool = True) -> Response:
        ctx = RequestContext(request, self.settings, self.db)
        ctx.brand = BRANDS.for_host(request.host, self.accounts)
        try:
            if signed_in and ctx.session is None:
                query = {"next": ctx.request.full_path.rstrip("?")}
                if ctx.session_expired:
                    query["expired"] = "1"
                return go(ctx, "/sign-in", **query)
            if not ctx.csrf_ok():
                return portal_error(ctx, "csrf_failed", 403)
            return view(ctx, *args)
        except (DomainError, ServiceUnavailable) as exc:
            return portal_error_from(ctx, exc)
        except HTTPException as exc:
            return portal_error(ctx, "not_found", exc.code or 404) if exc.code == 404 else exc.get_response()

    def _api(self, request: Request, route: ApiRoute, **path_values: Any) -> Response:
        ctx = RequestContext(request, self.settings, self.db)
        try:
            if route.auth and ctx.session is None:
                return api_error(ctx, "session_expired" if ctx.session_expired else "session_required", 401)
            if not (ctx.csrf_ok() or (ctx.session is None and ctx.is_json)):
                # Signing in through the API needs no token: a JSON body cannot come from another site's form.
                return api_error(ctx, "csrf_failed", 403)
            if route.body is not None and not ctx.is_json:
                return api_error(ctx, "json_required", 415)
            return HANDLERS[route.operation_id](ctx, getattr(self, route.backend), **path_values)
        except api_views.InvalidJson:
            return api_error(ctx, "invalid_json", 400)
        except (DomainError, ServiceUnavailable) as exc:
            return api_error_from(ctx, exc)

    # portal
    @http("GET", "/")
    def root(self, request: Request) -> Response:
        return redirect("/home", code=303)

    @http("GET", "/sign-in")
    def sign_in_page(self, request: Request) -> Response:
        return self._portal(request, sign_in.show, signed_in=False)

    @http("POST", "/sign-in")
    def sign_in_submit(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: sign_in.submit(ctx, self.accounts), signed_in=False)

    @http("POST", "/sign-out")
    def sign_out(self, request: Request) -> Response:
        return self._portal(request, sign_in.sign_out, signed_in=False)

    @http("POST", "/language")
    def switch_language(self, request: Request) -> Response:
        return self._portal(request, sign_in.switch_language, signed_in=False)

    @http("GET", "/home")
    def home(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: pages.home(ctx, self.accounts))

    @http("GET", "/status")
    def status_page(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: pages.status_form(ctx, saved=bool(request.args.get("saved"))))

    @http("POST", "/status")
    def status_submit(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: pages.status_submit(ctx, self.accounts))

    # resellers (ACC-08)
    @http("GET", "/resellers")
    def resellers_page(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: resellers.index(ctx, self.accounts))

    @http("GET", "/resellers/new")
    def reseller_form(self, request: Request) -> Response:
        return self._portal(request, resellers.new)

    @http("POST", "/resellers")
    def reseller_create(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: resellers.create(ctx, self.accounts))

    @http("GET", "/resellers/<reseller_id>")
    def reseller_page(self, request: Request, reseller_id: str) -> Response:
        return self._portal(request, lambda ctx: resellers.edit(ctx, self.accounts, reseller_id))

    @http("POST", "/resellers/<reseller_id>")
    def reseller_update(self, request: Request, reseller_id: str) -> Response:
        return self._portal(request, lambda ctx: resellers.update(ctx, self.accounts, reseller_id))

    @http("POST", "/resellers/<reseller_id>/branding")
    def reseller_branding(self, request: Request, reseller_id: str) -> Response:
        return self._portal(request, lambda ctx: resellers.update_branding(ctx, self.accounts, reseller_id))

    @http("POST", "/resellers/<reseller_id>/logo")
    def reseller_logo(self, request: Request, reseller_id: str) -> Response:
        return self._portal(request, lambda ctx: resellers.upload_logo(ctx, self.accounts, reseller_id))

    @http("GET", "/resellers/<reseller_id>/delete")
    def reseller_delete_page(self, request: Request, reseller_id: str) -> Response:
        return self._portal(request, lambda ctx: resellers.confirm_delete(ctx, self.accounts, reseller_id))

    @http("POST", "/resellers/<reseller_id>/delete")
    def reseller_delete(self, request: Request, reseller_id: str) -> Response:
        return self._portal(request, lambda ctx: resellers.delete(ctx, self.accounts, reseller_id))

    # customers: enterprises and professionals (ACC-01, ACC-02, ACC-07)
    @http("GET", "/customers")
    def customers_page(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: customers.index(ctx, self.accounts))

    @http("GET", "/customers/new")
    def customer_form(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: customers.new(ctx, self.accounts))

    @http("POST", "/customers")
    def customer_create(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: customers.create(ctx, self.accounts))

    @http("GET", "/customers/<customer_id>")
    def customer_page(self, request: Request, customer_id: str) -> Response:
        return self._portal(request, lambda ctx: customers.show(ctx, self.accounts, customer_id))

    @http("POST", "/customers/<customer_id>")
    def customer_update(self, request: Request, customer_id: str) -> Response:
        return self._portal(request, lambda ctx: customers.update(ctx, self.accounts, customer_id))

    @http("GET", "/customers/<customer_id>/delete")
    def customer_delete_page(self, request: Request, customer_id: str) -> Response:
        return self._portal(request, lambda ctx: customers.confirm_delete(ctx, self.accounts, customer_id))

    @http("POST", "/customers/<customer_id>/delete")
    def customer_delete(self, request: Request, customer_id: str) -> Response:
        return self._portal(request, lambda ctx: customers.delete(ctx, self.accounts, customer_id))

    @http("POST", "/users/<user_id>/unlock")
    def user_unlock(self, request: Request, user_id: str) -> Response:
        return self._portal(request, lambda ctx: customers.unlock(ctx, self.accounts, user_id))

    # acting as a user (ACC-14)
    @http("POST", "/act-as/end")
    def act_as_end(self, request: Request) -> Response:
        return self._portal(request, acting.end)

    @http("POST", "/act-as/<user_id>")
    def act_as(self, request: Request, user_id: str) -> Response:
        return self._portal(request, lambda ctx: acting.start(ctx, self.accounts, user_id))

    # departments (ACC-20)
    @http("GET", "/departments")
    def departments_own(self, request: Request) -> Response:
        return self._portal(request, departments.own)

    @http("GET", "/enterprises/<enterprise_id>/departments")
    def departments_page(self, request: Request, enterprise_id: str) -> Response:
        return self._portal(request, lambda ctx: departments.index(ctx, self.accounts, enterprise_id))

    @http("GET", "/enterprises/<enterprise_id>/departments/new")
    def department_form(self, request: Request, enterprise_id: str) -> Response:
        return self._portal(request, lambda ctx: departments.form(ctx, self.accounts, enterprise_id))

    @http("POST", "/enterprises/<enterprise_id>/departments")
    def department_create(self, request: Request, enterprise_id: str) -> Response:
        return self._portal(request, lambda ctx: departments.create(ctx, self.accounts, enterprise_id))

    @http("GET", "/enterprises/<enterprise_id>/departments/<department_id>")
    def department_page(self, request: Request, enterprise_id: str, department_id: str) -> Response:
        return self._portal(request, lambda ctx: departments.form(ctx, self.accounts, enterprise_id, department_id))

    @http("POST", "/enterprises/<enterprise_id>/departments/<department_id>")
    def department_update(self, request: Request, enterprise_id: str, department_id: str) -> Response:
        return self._portal(request, lambda ctx: departments.update(ctx, self.accounts, enterprise_id, department_id))

    @http("GET", "/enterprises/<enterprise_id>/departments/<department_id>/delete")
    def department_delete_page(self, request: Request, enterprise_id: str, department_id: str) -> Response:
        return self._portal(
            request, lambda ctx: departments.confirm_delete(ctx, self.accounts, enterprise_id, department_id)
        )

    @http("POST", "/enterprises/<enterprise_id>/departments/<department_id>/delete")
    def department_delete(self, request: Request, enterprise_id: str, department_id: str) -> Response:
        return self._portal(request, lambda ctx: departments.delete(ctx, self.accounts, enterprise_id, department_id))

    # settings (ACC-06, ACC-21)
    @http("GET", "/settings")
    def settings_page(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: settings_pages.page(ctx, self.accounts, "profile"))

    @http("GET", "/settings/<any(security,account,administrators):tab>")
    def settings_tab(self, request: Request, tab: str) -> Response:
        return self._portal(request, lambda ctx: settings_pages.page(ctx, self.accounts, tab))

    @http("POST", "/settings/profile")
    def settings_profile(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: settings_pages.save_profile(ctx, self.accounts))

    @http("POST", "/settings/password")
    def settings_password(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: settings_pages.change_password(ctx, self.accounts))

    @http("POST", "/settings/pin")
    def settings_pin(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: settings_pages.change_pin(ctx, self.accounts))

    @http("POST", "/settings/contact")
    def settings_contact(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: settings_pages.save_contact(ctx, self.accounts))

    @http("POST", "/settings/support")
    def settings_support(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: settings_pages.save_support(ctx, self.accounts))

    @http("POST", "/settings/branding")
    def settings_branding(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: settings_pages.save_branding(ctx, self.accounts))

    @http("POST", "/settings/logo")
    def settings_logo(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: settings_pages.upload_logo(ctx, self.accounts))

    @http("POST", "/settings/administrators")
    def settings_add_administrator(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: settings_pages.add_administrator(ctx, self.accounts))

    @http("GET", "/settings/administrators/<user_id>/delete")
    def settings_remove_administrator_page(self, request: Request, user_id: str) -> Response:
        return self._portal(request, lambda ctx: settings_pages.confirm_remove(ctx, self.accounts, user_id))

    @http("POST", "/settings/administrators/<user_id>/delete")
    def settings_remove_administrator(self, request: Request, user_id: str) -> Response:
        return self._portal(request, lambda ctx: settings_pages.remove_administrator(ctx, self.accounts, user_id))

    # set-up wizard (ACC-25)
    @http("GET", "/setup")
    def setup_page(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: setup.start(ctx, self.accounts))

    @http("GET", "/setup/<step>")
    def setup_step(self, request: Request, step: str) -> Response:
        return self._portal(request, lambda ctx: setup.step(ctx, self.accounts, step))

    @http("POST", "/setup/<step>")
    def setup_save(self, request: Request, step: str) -> Response:
        return self._portal(request, lambda ctx: setup.save(ctx, self.accounts, step))

    # "Forgot?" (ACC-05)
    @http("GET", "/forgot-password")
    def forgot_password_page(self, request: Request) -> Response:
        return self._portal(request, password_reset.forgot_form, signed_in=False)

    @http("POST", "/forgot-password")
    def forgot_password(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: password_reset.forgot_submit(ctx, self.accounts), signed_in=False)

    @http("GET", "/reset-password")
    def reset_password_page(self, request: Request) -> Response:
        return self._portal(request, password_reset.reset_form, signed_in=False)

    @http("POST", "/reset-password")
    def reset_password(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: password_reset.reset_submit(ctx, self.accounts), signed_in=False)

    # audit log (ACC-28)
    @http("GET", "/audit")
    def audit_page(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: audit.index(ctx, self.accounts))

    @http("GET", "/audit.csv")
    def audit_csv(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: audit.export(ctx, self.accounts))

    # a reseller's brand, public (ACC-08)
    @http("GET", "/brand/<reseller_id>/logo")
    def brand_logo(self, request: Request, reseller_id: str) -> Response:
        return self._portal(request, lambda ctx: brand.logo(ctx, self.accounts, reseller_id), signed_in=False)

    @http("GET", "/brand/<reseller_id>/colours.css")
    def brand_colours(self, request: Request, reseller_id: str) -> Response:
        return self._portal(request, brand.colours, reseller_id, signed_in=False)

    @http("GET", "/help")
    def help_index(self, request: Request) -> Response:
        return self._portal(request, pages.help_index, signed_in=False)

    @http("GET", "/help/<topic>")
    def help_page(self, request: Request, topic: str) -> Response:
        return self._portal(request, pages.help_page, topic, signed_in=False)

    @http("GET", "/static/<path:filename>")
    def static(self, request: Request, filename: str) -> Response:
        return static_files.serve(filename)

    @http("GET,POST,PUT,PATCH,DELETE", "/<path:unknown>")
    def not_found(self, request: Request, unknown: str) -> Response:
        ctx = RequestContext(request, self.settings, self.db)
        if unknown.startswith("api/"):
            return api_error(ctx, "not_found", 404)
        return portal_error(ctx, "not_found", 404)

    # API documents
    @http("GET", "/api/v1/openapi.json")
    def openapi_document(self, request: Request) -> Response:
        return json_response(openapi.document())

    @http("GET", "/api/docs")
    def api_docs(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: render(ctx, "api_docs.html", spec=openapi.document()), signed_in=False)


def _api_entrypoint(route: ApiRoute) -> Callable[..., Response]:
    def handler(self: GatewayService, request: Request, **path_values: Any) -> Response:
        return self._api(request, route, **path_values)

    handler.__name__ = handler.__qualname__ = f"api_{route.operation_id}"
    return http(route.method, route.path)(handler)


def _page_entrypoint(page: Page) -> Callable[..., Response]:
    def handler(self: GatewayService, request: Request, **path_values: Any) -> Response:
        return self._portal(request, lambda ctx: page.view(ctx, self.backends, **path_values), signed_in=page.signed_in)

    handler.__name__ = handler.__qualname__ = page.entrypoint_name
    return http(page.method, page.rule)(handler)


for _page in declared_pages():
    if hasattr(GatewayService, _page.entrypoint_name):
        raise RuntimeError(f"two pages are wired as {_page.entrypoint_name}")
    setattr(GatewayService, _page.entrypoint_name, _page_entrypoint(_page))

for _route in ROUTES:
    setattr(GatewayService, f"api_{_route.operation_id}", _api_entrypoint(_route))
