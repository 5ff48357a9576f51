"""The company directory (ACC-24), partners (ACC-22) and mail servers (ACC-23)."""

from __future__ import annotations

import uuid
from typing import Any

from accounts.storage.base import Queries
from accounts.storage.lines import like_pattern
from relais_kit.validation import as_uuid

CONTACT_FIELDS = ("first_name", "last_name", "company", "number", "mobile", "email", "department_id")
PARTNER_FIELDS = (
    "name",
    "regions",
    "contact_name",
    "email",
    "phone",
    "website",
    "referral_agreement",
    "referral_percent",
)
PRESET_FIELDS = ("name", "protocol", "host", "port", "security")
# One directory of people: the enterprise's users (internal) and its external contacts, searched together.
DIRECTORY_ROWS = """
SELECT * FROM (
    SELECT u.id, 'internal' AS kind, u.first_name, coalesce(u.last_name, u.display_name) AS last_name,
           u.display_name, NULL::text AS company, e.number AS extension,
           (SELECT min(n.number) FROM dids n WHERE n.target_type = 'user' AND n.target_id = u.id) AS number,
           NULL::text AS mobile, u.email, u.department_id, d.name AS department_name
    FROM users u LEFT JOIN extensions e ON e.user_id = u.id LEFT JOIN departments d ON d.id = u.department_id
    WHERE u.tenant_id = %(enterprise)s
    UNION ALL
    SELECT c.id, 'external', c.first_name, c.last_name, concat_ws(' ', c.first_name, c.last_name), c.company, NULL,
           c.number, c.mobile, c.email, c.department_id, d.name
    FROM directory_contacts c LEFT JOIN departments d ON d.id = c.department_id
    WHERE c.enterprise_id = %(enterprise)s
) x
WHERE (%(kind)s = 'all' OR x.kind = %(kind)s)
  AND (%(department)s::uuid IS NULL OR x.department_id = %(department)s::uuid)
  AND (%(search)s::text IS NULL OR concat_ws(' ', x.display_name, x.company, x.extension, x.number, x.mobile,
       x.email, x.department_name) ILIKE %(pattern)s)
"""


def _present(value: Any) -> Any:
    return str(value) if isinstance(value, uuid.UUID) else value


class DirectoryQueries(Queries):
    # directory (ACC-24)
    def directory_page(
        self, enterprise_id: Any, filters: dict[str, Any], limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        search = filters.get("search")
        params = {
            "enterprise": str(enterprise_id),
            "kind": filters.get("kind") or "all",
            "department": str(filters["department_id"]) if filters.get("department_id") else None,
            "search": search,
            "pattern": like_pattern(search or ""),
            "limit": limit,
            "offset": offset,
        }
        rows = self.tx.all(
            f"SELECT x.*, count(*) OVER () AS total FROM ({DIRECTORY_ROWS}) x"
            " ORDER BY lower(x.last_name), lower(coalesce(x.first_name, '')), x.id LIMIT %(limit)s OFFSET %(offset)s",
            params,
        )
        return rows, int(rows[0]["total"]) if rows else 0

    def contact(self, contact_id: Any) -> dict[str, Any] | None:
        found = as_uuid(contact_id)
        return self.tx.one("SELECT * FROM directory_contacts WHERE id = %s", (found,)) if found else None

    def save_contact(self, contact_id: Any, enterprise_id: Any, data: dict[str, Any]) -> dict[str, Any]:
        values = [_present(data.get(k)) for k in CONTACT_FIELDS]
        row = self.tx.one(
            f"INSERT INTO directory_contacts (id, enterprise_id, {', '.join(CONTACT_FIELDS)})"
            f" VALUES (%s, %s, {', '.join(['%s'] * len(CONTACT_FIELDS))})"
            " ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f"{k} = EXCLUDED.{k}" for k in CONTACT_FIELDS)
            + ", updated_at = now() RETURNING *",
            (str(contact_id), str(enterprise_id), *values),
        )
        assert row is not None
        return row

    def delete_contact(self, contact_id: Any) -> None:
        self.tx.execute("DELETE FROM directory_contacts WHERE id = %s", (str(contact_id),))

    # partners (ACC-22)
    def partner(self, partner_id: Any) -> dict[str, Any] | None:
        found = as_uuid(partner_id)
        return self.tx.one("SELECT * FROM partners WHERE id = %s", (found,)) if found else None

    def partners_of(self, tenant_id: Any, region: str | None, search: str | None) -> list[dict[str, Any]]:
        return self.tx.all(
            "SELECT * FROM partners WHERE tenant_id = %s"
            " AND (%s::text IS NULL OR EXISTS (SELECT 1 FROM unnest(regions) r WHERE lower(r) = lower(%s)))"
            " AND (%s::text IS NULL OR concat_ws(' ', name, contact_name, email, array_to_string(regions, ' '))"
            " ILIKE %s) ORDER BY lower(name)",
            (str(tenant_id), region, region, search, like_pattern(search or "")),
        )

    def partner_name_taken(self, tenant_id: Any, name: str, except_id: Any) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM partners WHERE tenant_id = %s AND lower(name) = lower(%s) AND id <> %s)",
                (str(tenant_id), name, str(except_id)),
            )
        )

    def save_partner(self, partner_id: Any, tenant_id: Any, data: dict[str, Any]) -> dict[str, Any]:
        values = [data.get(k) for k in PARTNER_FIELDS]
        row = self.tx.one(
            f"INSERT INTO partners (id, tenant_id, {', '.join(PARTNER_FIELDS)})"
            f" VALUES (%s, %s, {', '.join(['%s'] * len(PARTNER_FIELDS))})"
            " ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f"{k} = EXCLUDED.{k}" for k in PARTNER_FIELDS)
            + ", updated_at = now() RETURNING *",
            (str(partner_id), str(tenant_id), *values),
        )
        assert row is not None
        return row

    def delete_partner(self, partner_id: Any) -> None:
        self.tx.execute("DELETE FROM partners WHERE id = %s", (str(partner_id),))

    # mail servers (ACC-23)
    def mail_presets(self) -> list[dict[str, Any]]:
        return self.tx.all("SELECT * FROM mail_server_presets ORDER BY lower(name)")

    def mail_preset(self, preset_id: Any) -> dict[str, Any] | None:
        found = as_uuid(preset_id)
        return self.tx.one("SELECT * FROM mail_server_presets WHERE id = %s", (found,)) if found else None

    def mail_preset_name_taken(self, name: str, except_id: Any) -> bool:
        return bool(
            self.tx.scalar(
                "SELECT EXISTS (SELECT 1 FROM mail_server_presets WHERE lower(name) = lower(%s) AND id <> %s)",
                (name, str(except_id)),
            )
        )

    def save_mail_preset(self, preset_id: Any, data: dict[str, Any]) -> dict[str, Any]:
        row = self.tx.one(
            f"INSERT INTO mail_server_presets (id, {', '.join(PRESET_FIELDS)}) VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f"{k} = EXCLUDED.{k}" for k in PRESET_FIELDS)
            + ", updated_at = now() RETURNING *",
            (str(preset_id), *[data.get(k) for k in PRESET_FIELDS]),
        )
        assert row is not None
        return row

    def delete_mail_preset(self, preset_id: Any) -> None:
        self.tx.execute("DELETE FROM mail_server_presets WHERE id = %s", (str(preset_id),))

    def company_mail_server(self, enterprise_id: Any) -> dict[str, Any] | None:
        return self.tx.one(
            "SELECT m.*, p.name AS preset_name FROM company_mail_servers m"
            " LEFT JOIN mail_server_presets p ON p.id = m.preset_id WHERE m.enterprise_id = %s",
            (str(enterprise_id),),
        )

    def save_company_mail_server(self, enterprise_id: Any, data: dict[str, Any], token: str | None) -> None:
        """Insert or replace; the stored password token is kept when ``token`` is None."""
        self.tx.execute(
            "INSERT INTO company_mail_servers (enterprise_id, preset_id, protocol, host, port, security, username,"
            " password_encrypted) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (enterprise_id) DO UPDATE SET preset_id = EXCLUDED.preset_id,"
            " protocol = EXCLUDED.protocol, host = EXCLUDED.host, port = EXCLUDED.port,"
            " security = EXCLUDED.security, username = EXCLUDED.username,"
            " password_encrypted = coalesce(EXCLUDED.password_encrypted, company_mail_servers.password_encrypted),"
            " updated_at = now()",
            (
                str(enterprise_id),
                str(data["preset_id"]) if data.get("preset_id") else None,
                data["protocol"],
                data["host"],
                data.get("port"),
                data["security"],
                data.get("username"),
                token,
            ),
        )

    def delete_company_mail_server(self, enterprise_id: Any) -> None:
        self.tx.execute("DELETE FROM company_mail_servers WHERE enterprise_id = %s", (str(enterprise_id),))
