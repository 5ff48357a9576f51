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
from gateway.api.routes import ROUTES, ApiRoute
from gateway.backends import Backend, BackendRpc, ServiceUnavailable
from gateway.errors import api_error, api_error_from, portal_error, portal_error_from
from gateway.portal import pages, resellers, sign_in
from gateway.portal.navigation import go
from gateway.rendering import render
from gateway.settings import GatewaySettings, Settings
from gateway.web import RequestContext, json_response
from relais_kit.db import Database
from relais_kit.errors import DomainError
from relais_kit.service import PlatformService
from relais_kit.web import http

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"

PortalView = Callable[..., Response]


class GatewayService(PlatformService):
    name = "gateway"
    schema = "gateway"
    migrations_dir = MIGRATIONS

    db = Database("gateway")
    settings: GatewaySettings = Settings()
    accounts: Backend = BackendRpc("accounts")

    # plumbing shared by every page and API operation
    def _portal(self, request: Request, view: PortalView, *args: Any, signed_in: bool = True) -> Response:
        ctx = RequestContext(request, self.settings, self.db)
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
            return api_views.HANDLERS[route.operation_id](ctx, self.accounts, **path_values)
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

    @http("GET", "/resellers")
    def resellers_page(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: resellers.index(ctx, self.accounts))

    @http("GET", "/resellers/new")
    def reseller_form(self, request: Request) -> Response:
        return self._portal(request, resellers.new)

    @http("POST", "/resellers")
    def reseller_create(self, request: Request) -> Response:
        return self._portal(request, lambda ctx: resellers.create(ctx, self.accounts))

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


for _route in ROUTES:
    setattr(GatewayService, f"api_{_route.operation_id}", _api_entrypoint(_route))
