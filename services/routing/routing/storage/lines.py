"""Lines, their extensions and DIDs as accounts' user, extension and DID events describe them (RTE-01).

An extension is unique within an enterprise: when one moves to another line, the line that held it lets it go
first, so events handled in any order never trip the unique constraint.
"""

from __future__ import annotations

from typing import Any

from routing.storage.base import Queries


class LineQueries(Queries):
    def release_extension(self, tenant_id: Any, extension: str, keep_user_id: Any = None) -> None:
        self.tx.execute(
            "UPDATE lines SET extension = NULL, updated_at = now()"
            " WHERE tenant_id = %s AND extension = %s AND user_id IS DISTINCT FROM %s::uuid",
            (str(tenant_id), extension, str(keep_user_id) if keep_user_id else None),
        )

    def set_line_extension(self, user_id: Any, extension: str | None) -> None:
        self.tx.execute(
            "UPDATE lines SET extension = %s, updated_at = now() WHERE user_id = %s", (extension, str(user_id))
        )

    def acd_groups(self, tenant_id: str, except_id: str | None) -> int:
        return int(
            self.tx.scalar(
                "SELECT count(*) FROM hunt_groups WHERE tenant_id = %s AND service_level <> 'none'"
                " AND id IS DISTINCT FROM %s::uuid",
                (tenant_id, except_id),
            )
        )
