"""REST area: DID inventory, number blocks and the lines CSV (NUM-01, NUM-02, NUM-08)."""

from __future__ import annotations

from gateway import export_columns as columns
from gateway.api import inventory_schemas as s
from gateway.api.relay import csv_relay, relay
from gateway.api.routes import op

TAG = "Numbers"
ROUTES = (
    op(
        "GET",
        "/tenants/<uuid:tenant_id>/dids",
        "listDids",
        "DIDs of a reseller or enterprise: used, available or all",
        TAG,
        s.DidPage,
        query=s.DidQuery,
        features=("NUM-01",),
    ),
    op(
        "GET",
        "/tenants/<uuid:tenant_id>/dids.csv",
        "exportDids",
        "The DIDs as CSV (UTF-8 with BOM)",
        TAG,
        None,
        features=("NUM-01",),
    ),
    op(
        "POST",
        "/tenants/<uuid:tenant_id>/dids",
        "addDids",
        "Add numbers to the inventory (reseller)",
        TAG,
        s.DidList,
        201,
        s.DidsAdd,
        features=("NUM-01",),
    ),
    op(
        "PUT",
        "/dids/<uuid:did_id>/assignment",
        "assignDid",
        "Assign a DID to a user, a department or a group service, change it, or remove it (target_type none)",
        TAG,
        s.Did,
        200,
        s.DidAssign,
        features=("NUM-01",),
    ),
    op(
        "DELETE",
        "/dids/<uuid:did_id>",
        "deleteDid",
        "Remove an unassigned number from the inventory",
        TAG,
        None,
        204,
        features=("NUM-01",),
    ),
    op(
        "GET",
        "/enterprises/<uuid:enterprise_id>/number-blocks",
        "listNumberBlocks",
        "Number blocks with how many of their numbers are assigned",
        TAG,
        s.NumberBlockList,
        features=("NUM-02",),
    ),
    op(
        "POST",
        "/enterprises/<uuid:enterprise_id>/number-blocks",
        "createNumberBlock",
        "A range of numbers for the enterprise or one department",
        TAG,
        s.NumberBlock,
        201,
        s.NumberBlockCreate,
        features=("NUM-02",),
    ),
    op(
        "DELETE",
        "/number-blocks/<uuid:block_id>",
        "deleteNumberBlock",
        "Delete a block none of whose numbers is used",
        TAG,
        None,
        204,
        features=("NUM-02",),
    ),
    op(
        "GET",
        "/enterprises/<uuid:enterprise_id>/lines.csv",
        "exportLines",
        "Every line (name, number, department) as CSV, sorted by department",
        TAG,
        None,
        features=("NUM-08",),
    ),
)
HANDLERS = {
    "listDids": relay("list_dids", query=s.DidQuery),
    "exportDids": csv_relay("list_dids", "numbers", columns.DIDS, {}, paged=True),
    "addDids": relay("add_dids", body=True, status=201, items=True),
    "assignDid": relay("assign_did", body=True),
    "deleteDid": relay("delete_did", empty=True),
    "listNumberBlocks": relay("list_number_blocks", items=True),
    "createNumberBlock": relay("create_number_block", body=True, status=201),
    "deleteNumberBlock": relay("delete_number_block", empty=True),
    "exportLines": csv_relay("export_lines", "lines", columns.LINES),
}
