"""Every /api/v1 operation, once: the service wires its handlers from here and the OpenAPI document is built
from here, so the two cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema

from gateway.api import schemas


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str  # werkzeug rule syntax
    operation_id: str
    summary: str
    tag: str
    response: type[Schema] | None
    status: int = 200
    body: type[Schema] | None = None
    auth: bool = True
    features: tuple[str, ...] = ()

    @property
    def openapi_path(self) -> str:
        return self.path.replace("<", "{").replace(">", "}")


ROUTES: tuple[ApiRoute, ...] = (
    ApiRoute(
        "POST",
        "/api/v1/sessions",
        "createSession",
        "Sign in; returns a bearer token",
        "Sessions",
        schemas.SessionCreated,
        201,
        schemas.SessionCreate,
        auth=False,
        features=("ACC-05",),
    ),
    ApiRoute(
        "DELETE",
        "/api/v1/sessions/current",
        "endSession",
        "Sign out (ends this token's session)",
        "Sessions",
        None,
        204,
        features=("ACC-05",),
    ),
    ApiRoute("GET", "/api/v1/me", "getMe", "The signed-in user's profile", "Me", schemas.Profile),
    ApiRoute(
        "PUT",
        "/api/v1/me/presence",
        "setPresence",
        "Change the signed-in user's status",
        "Me",
        schemas.Profile,
        200,
        schemas.PresenceUpdate,
    ),
    ApiRoute(
        "GET",
        "/api/v1/resellers",
        "listResellers",
        "Resellers under the system (system administrator)",
        "Resellers",
        schemas.ResellerList,
        features=("ACC-08",),
    ),
    ApiRoute(
        "POST",
        "/api/v1/resellers",
        "createReseller",
        "Create a reseller (system administrator)",
        "Resellers",
        schemas.Reseller,
        201,
        schemas.ResellerCreate,
        features=("ACC-08",),
    ),
)
