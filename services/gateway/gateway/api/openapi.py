"""The OpenAPI 3.1 document of /api/v1, generated from the route table and the marshmallow schemas."""

from __future__ import annotations

from functools import cache
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from gateway.api import schemas
from gateway.api.registry import ROUTES

ERRORS = {
    401: "Not signed in, or the session ended after 10 minutes idle",
    403: "The caller's role lacks this action, or the CSRF token is missing (cookie sessions)",
    404: "Not found, or outside the caller's place in the hierarchy",
    415: "The request body must be JSON (Content-Type: application/json)",
    422: "Invalid fields; `error.fields` names each one",
    503: "A service behind the gateway did not answer in time",
}


@cache
def document() -> dict[str, Any]:
    spec = APISpec(
        title="Relais API",
        version="1.0.0",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={
            "description": "REST API of the Relais telephony platform. Sign in with POST /api/v1/sessions and send "
            "the token as a bearer token. Errors come back in the language of `Accept-Language` (fr or en)."
        },
        servers=[{"url": "/"}],
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme("cookie", {"type": "apiKey", "in": "cookie", "name": "relais_session"})
    spec.components.schema("ErrorResponse", schema=schemas.ErrorResponse)
    for route in ROUTES:
        responses: dict[str | int, Any] = {}
        if route.response is not None:
            responses[str(route.status)] = {
                "description": "Success",
                "content": {"application/json": {"schema": route.response}},
            }
        else:
            responses[str(route.status)] = {"description": "Success, no content"}
        codes = [415, 422] if route.body is not None else []
        codes += [401, 403, 404, 503] if route.auth else [401, 503]
        for code in sorted(set(codes)):
            responses[str(code)] = {
                "description": ERRORS[code],
                "content": {"application/json": {"schema": "ErrorResponse"}},
            }
        operation: dict[str, Any] = {
            "operationId": route.operation_id,
            "summary": route.summary,
            "tags": [route.tag],
            "responses": responses,
            "security": [{"bearer": []}, {"cookie": []}] if route.auth else [],
        }
        if route.features:
            operation["description"] = "Features: " + ", ".join(route.features)
        parameters: list[dict[str, Any]] = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "string"} if name == "step" else {"type": "string", "format": "uuid"},
            }
            for name in route.path_params
        ]
        if route.query is not None:
            parameters.append({"in": "query", "schema": route.query})
        if parameters:
            operation["parameters"] = parameters
        if route.body is not None:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": route.body}}}
        spec.path(path=route.openapi_path, operations={route.method.lower(): operation})
    return spec.to_dict()
