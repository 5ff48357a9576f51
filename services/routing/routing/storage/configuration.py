"""Generic SQL for the configuration objects: a parent row and its child rows, replaced as a whole on update.

Table and column names come only from the resource definitions in routing.resources, never from callers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg2 import sql

from relais_kit.validation import as_uuid
from routing.storage.base import Queries


@dataclass(frozen=True)
class ChildTable:
    table: str
    field: str
    """The payload field holding the list of child items."""
    parent_column: str
    columns: tuple[str, ...]
    inherit: tuple[str, ...] = ()
    """Columns copied from the parent item (for grandchildren, such as a menu's keys)."""
    positioned: bool = False
    """Store the item's index in a ``position`` column and read items back in that order."""
    children: tuple[ChildTable, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    table: str
    columns: tuple[str, ...]
    children: tuple[ChildTable, ...] = ()
    key: str = "id"


def _insert(tx: Any, table: str, values: dict[str, Any]) -> None:
    tx.execute(
        sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            sql.Identifier(table),
            sql.SQL(", ").join(map(sql.Identifier, values)),
            sql.SQL(", ").join(sql.Placeholder() * len(values)),
        ),
        list(values.values()),
    )


class ConfigurationQueries(Queries):
    def owner_of(self, spec: TableSpec, object_id: Any) -> str | None:
        """The tenant owning the object, or None when there is none."""
        key = as_uuid(object_id) if spec.key == "id" else str(object_id)
        if key is None:
            return None
        return self.tx.scalar(
            sql.SQL("SELECT tenant_id::text FROM {} WHERE {} = %s").format(
                sql.Identifier(spec.table), sql.Identifier(spec.key)
            ),
            (key,),
        )

    def insert_object(self, spec: TableSpec, tenant_id: str, object_id: str, row: dict[str, Any]) -> None:
        values = {spec.key: object_id, "tenant_id": tenant_id, **{c: row.get(c) for c in spec.columns}}
        _insert(self.tx, spec.table, values)
        self._insert_children(spec.children, {"tenant_id": tenant_id}, object_id, row)

    def update_object(self, spec: TableSpec, object_id: str, row: dict[str, Any]) -> None:
        if spec.columns:
            self.tx.execute(
                sql.SQL("UPDATE {} SET {} WHERE {} = %s").format(
                    sql.Identifier(spec.table),
                    sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in spec.columns),
                    sql.Identifier(spec.key),
                ),
                [*(row.get(c) for c in spec.columns), object_id],
            )
        tenant_id = self.owner_of(spec, object_id)
        for child in spec.children:
            self.tx.execute(
                sql.SQL("DELETE FROM {} WHERE {} = %s").format(
                    sql.Identifier(child.table), sql.Identifier(child.parent_column)
                ),
                (object_id,),
            )
        self._insert_children(spec.children, {"tenant_id": tenant_id}, object_id, row)

    def _insert_children(
        self, children: tuple[ChildTable, ...], base: dict[str, Any], parent_id: str, item: dict[str, Any]
    ) -> None:
        for child in children:
            for index, entry in enumerate(item.get(child.field) or ()):
                values = {**base, child.parent_column: parent_id}
                values.update({c: item[c] for c in child.inherit})
                if child.positioned:
                    values["position"] = index
                values.update({c: entry.get(c) for c in child.columns})
                _insert(self.tx, child.table, values)
                if child.children:
                    self._insert_children(child.children, base, parent_id, entry)

    def delete_object(self, spec: TableSpec, object_id: str) -> bool:
        return bool(
            self.tx.scalar(
                sql.SQL("DELETE FROM {} WHERE {} = %s RETURNING 1").format(
                    sql.Identifier(spec.table), sql.Identifier(spec.key)
                ),
                (object_id,),
            )
        )

    def read_objects(self, spec: TableSpec, tenant_id: str, object_id: str | None = None) -> list[dict[str, Any]]:
        where = sql.SQL("tenant_id = %s") if object_id is None else sql.SQL("{} = %s").format(sql.Identifier(spec.key))
        rows = self.tx.all(
            sql.SQL("SELECT {}::text AS {}, tenant_id::text, {} FROM {} WHERE {} ORDER BY 1").format(
                sql.Identifier(spec.key),
                sql.Identifier(spec.key),
                sql.SQL(", ").join(map(sql.Identifier, spec.columns)) if spec.columns else sql.SQL("1 AS _"),
                sql.Identifier(spec.table),
                where,
            ),
            (tenant_id if object_id is None else object_id,),
        )
        for row in rows:
            row.pop("_", None)
            self._read_children(spec.children, row[spec.key], row, {})
        return rows

    def _read_children(
        self, children: tuple[ChildTable, ...], parent_id: str, item: dict[str, Any], inherited: dict[str, Any]
    ) -> None:
        for child in children:
            filters = {child.parent_column: parent_id, **{c: item[c] for c in child.inherit}}
            order = "position" if child.positioned else child.columns[0]
            entries = self.tx.all(
                sql.SQL("SELECT {} FROM {} WHERE {} ORDER BY {}").format(
                    sql.SQL(", ").join(map(sql.Identifier, child.columns)),
                    sql.Identifier(child.table),
                    sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in filters),
                    sql.Identifier(order),
                ),
                list(filters.values()),
            )
            for entry in entries:
                self._read_children(child.children, parent_id, entry, filters)
            item[child.field] = entries

    def exists_in_tenant(self, table: str, object_id: Any, tenant_id: str) -> bool:
        key = as_uuid(object_id)
        return key is not None and bool(
            self.tx.scalar(
                sql.SQL("SELECT 1 FROM {} WHERE id = %s AND tenant_id = %s").format(sql.Identifier(table)),
                (key, tenant_id),
            )
        )

    def are_company_list_rules(self, enterprise_id: str, rule_ids: list[str]) -> bool:
        found = self.tx.scalar(
            "SELECT count(*) FROM restriction_rules WHERE id = ANY(%s::uuid[]) AND tenant_id = %s"
            " AND level = 'enterprise' AND per_user",
            (rule_ids, enterprise_id),
        )
        return int(found) == len(rule_ids)

    def restriction_ticks(self, enterprise_id: str) -> dict[str, list[str]]:
        """Each line's ticked rules of the company's list, by user id."""
        rows = self.tx.all(
            "SELECT user_id::text, rule_id::text FROM user_restrictions WHERE tenant_id = %s ORDER BY user_id, rule_id",
            (enterprise_id,),
        )
        ticks: dict[str, list[str]] = {}
        for row in rows:
            ticks.setdefault(row["user_id"], []).append(row["rule_id"])
        return ticks

    def set_restriction_ticks(self, enterprise_id: str, user_id: str, rule_ids: list[str]) -> None:
        self.tx.execute("DELETE FROM user_restrictions WHERE user_id = %s", (user_id,))
        for rule_id in rule_ids:
            self.tx.execute(
                "INSERT INTO user_restrictions (tenant_id, user_id, rule_id) VALUES (%s, %s, %s)",
                (enterprise_id, user_id, rule_id),
            )
