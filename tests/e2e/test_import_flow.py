"""Issue 4's Done-when path, tried as a new user would (ACC-09, ACC-13, ACC-15, ACC-18, NUM-01): `relais up`, a
real slapd, Chromium; then the events of every change are checked in accounts' outbox (published) and in
routing's projection of the lines. Screenshots land in test-artifacts/import-done-when/."""

from typing import Any

import psycopg2
import pytest

from relais_kit.testing.ldap_server import LdapServer, person_ldif
from tests.e2e.conftest import RunningPlatform, run_browser_flow

pytestmark = pytest.mark.e2e
RESELLER_PASSWORD = "e2e-Revendeur-Secret-1"


def test_an_enterprise_administrator_imports_and_manages_users(
    launch_platform: Any, fresh_database: str, amqp_uri: str, ldap_server: LdapServer
) -> None:
    ldap_server.start(
        person_ldif("john", "John", "Smith", "john@gagnon.test", preferredLanguage="en")
        + "\n"
        + person_ldif("nadia", "Nadia", "Côté", "nadia@gagnon.test", telephoneNumber="514 555-0103")
    )
    platform: RunningPlatform = launch_platform(
        {
            "RELAIS_DATABASE_URL": fresh_database,
            "RELAIS_AMQP_URI": amqp_uri,
            "RELAIS_RESELLER_PASSWORD": RESELLER_PASSWORD,
        }
    )
    run_browser_flow(
        "import-done-when",
        platform.url,
        "import-done-when",
        RESELLER_PASSWORD,
        ldap_server.url,
        ldap_server.admin_dn,
        ldap_server.admin_password,
    )
    conn = psycopg2.connect(fresh_database)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT event_type, count(*), count(published_at) FROM accounts.outbox"
                " WHERE event_type IN ('user_created', 'user_updated', 'did_assigned', 'extension_changed',"
                " 'phone_assigned', 'user_credentials_changed') GROUP BY event_type"
            )
            events = {kind: (made, published) for kind, made, published in cur.fetchall()}
            # routing's projection of the enterprise's lines, fed by those events
            cur.execute(
                "SELECT u.display_name, l.extension FROM routing.lines l JOIN accounts.users u ON u.id = l.user_id"
                " JOIN accounts.tenants t ON t.id = l.tenant_id WHERE t.name = 'Quincaillerie Gagnon'"
                " AND u.role = 'user'"
            )
            projected = dict(cur.fetchall())
            cur.execute("SELECT user_number FROM accounts.users WHERE email LIKE '%%@gagnon.test'")
            numbers = [n for (n,) in cur.fetchall()]
    finally:
        conn.close()
    # four users imported: Sylvie, John, Émile, Nadia
    assert events["user_created"][0] >= 4, events
    for kind in ("user_updated", "did_assigned", "extension_changed", "phone_assigned", "user_created"):
        made, published = events.get(kind, (0, 0))
        assert made >= 1 and published == made, (kind, events)
    # Sylvie as the CSV updated her, John's line reset (anonymous), Émile with his extension; Nadia left
    assert len(projected) == 3 and projected["Émile Roy"] == "201", projected
    assert "Sylvie Gagnon-Roy" in projected and any(name.startswith("Line ") for name in projected), projected
    assert all(len(n) >= 4 and n.isdigit() for n in numbers), numbers
