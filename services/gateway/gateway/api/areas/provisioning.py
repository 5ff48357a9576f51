"""REST area: remote provisioning (ACC-26). A reseller keeps API keys (hashed, shown once); its own web site signs
customers up with ``POST /api/v1/provisioning/customers`` and the key in the ``X-Api-Key`` header."""

from __future__ import annotations

from werkzeug.wrappers import Response

from gateway import export_columns as columns
from gateway.api import inventory_schemas as s
from gateway.api import schemas, views
from gateway.api.relay import csv_relay, relay
from gateway.api.routes import op
from gateway.backends import Backend
from gateway.web import RequestContext

TAG = "Remote provisioning"
ROUTES = (
    op(
        "GET",
        "/resellers/<uuid:reseller_id>/provisioning-keys",
        "listProvisioningKeys",
        "The reseller's API keys (never the keys themselves)",
        TAG,
        s.ProvisioningKeyList,
        features=("ACC-26",),
    ),
    op(
        "GET",
        "/resellers/<uuid:reseller_id>/provisioning-keys.csv",
        "exportProvisioningKeys",
        "The API keys as CSV",
        TAG,
        None,
        features=("ACC-26",),
    ),
    op(
        "POST",
        "/resellers/<uuid:reseller_id>/provisioning-keys",
        "createProvisioningKey",
        "A new API key, shown in this answer only; the reseller's own administrator makes it and it acts as them",
        TAG,
        s.ProvisioningKeyCreated,
        201,
        s.ProvisioningKeyCreate,
        features=("ACC-26",),
    ),
    op(
        "DELETE",
        "/provisioning-keys/<uuid:key_id>",
        "revokeProvisioningKey",
        "Revoke an API key at once",
        TAG,
        None,
        204,
        features=("ACC-26",),
    ),
    op(
        "POST",
        "/provisioning/customers",
        "provisionCustomer",
        "Sign a customer up from the reseller's web site: send the API key in the X-Api-Key header",
        TAG,
        schemas.Customer,
        201,
        schemas.CustomerCreate,
        auth=False,
        features=("ACC-26",),
    ),
)


def provision_customer(ctx: RequestContext, accounts: Backend) -> Response:
    key = ctx.request.headers.get("X-Api-Key", "")
    return views.reply(ctx, accounts.call("provision_customer", key, views.raw_body(ctx)), 201)


HANDLERS = {
    "listProvisioningKeys": relay("list_provisioning_keys", items=True),
    "exportProvisioningKeys": csv_relay("list_provisioning_keys", "provisioning-keys", columns.PROVISIONING_KEYS),
    "createProvisioningKey": relay("create_provisioning_key", body=True, status=201),
    "revokeProvisioningKey": relay("revoke_provisioning_key", empty=True),
    "provisionCustomer": provision_customer,
}
