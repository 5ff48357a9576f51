"""The REST API under /api/v1 with the real services behind it (OPS-02, ACC-05, ACC-08)."""

from typing import Any

import requests

from relais_kit.testing.plugin import wait_for
from tests.platform.conftest import Platform


def test_token_flow_and_reseller_creation_reaches_routing(platform: Platform, sql_query: Any) -> None:
    token = platform.api_token("admin", "admin-pass-1")
    auth = {"Authorization": f"Bearer {token}"}
    me = requests.get(f"{platform.url}/api/v1/me", headers=auth, timeout=10).json()
    assert me["role"] == "system_admin" and "password_hash" not in me
    created = requests.post(f"{platform.url}/api/v1/resellers", json={"name": "API Telecom"}, headers=auth, timeout=10)
    assert created.status_code == 201, created.text
    listed = requests.get(f"{platform.url}/api/v1/resellers", headers=auth, timeout=10).json()["items"]
    assert "API Telecom" in [r["name"] for r in listed]
    rows = wait_for(lambda: sql_query("SELECT name FROM routing.tenants WHERE id = %s", (created.json()["id"],)))
    assert rows == [{"name": "API Telecom"}]
    ended = requests.delete(f"{platform.url}/api/v1/sessions/current", headers=auth, timeout=10)
    assert ended.status_code == 204
    assert requests.get(f"{platform.url}/api/v1/me", headers=auth, timeout=10).status_code == 401


def test_errors_name_fields_in_the_requested_language(platform: Platform) -> None:
    auth = {"Authorization": f"Bearer {platform.api_token('admin', 'admin-pass-1')}"}
    for language, text in (("en", "Not a valid email address."), ("fr", "Ce n’est pas une adresse courriel valide.")):
        response = requests.post(
            f"{platform.url}/api/v1/resellers",
            json={"name": "Relais", "contact_email": "x"},
            headers={**auth, "Accept-Language": language},
            timeout=10,
        )
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "validation_failed" and error["fields"]["contact_email"] == [text]
        assert "name" in error["fields"]


def test_malformed_requests(platform: Platform) -> None:
    auth = {"Authorization": f"Bearer {platform.api_token('admin', 'admin-pass-1')}"}
    url = f"{platform.url}/api/v1/resellers"
    not_json = requests.post(
        url, data="name=x", headers={**auth, "Content-Type": "application/x-www-form-urlencoded"}, timeout=10
    )
    assert not_json.status_code == 415
    broken = requests.post(url, data="{", headers={**auth, "Content-Type": "application/json"}, timeout=10)
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "invalid_json"
    wrong_shape = requests.post(url, json=["a"], headers=auth, timeout=10)
    assert wrong_shape.status_code == 422
    unknown = requests.post(url, json={"name": "X", "owner": "me"}, headers=auth, timeout=10)
    assert unknown.status_code == 422 and "owner" in unknown.json()["error"]["fields"]
    assert requests.get(f"{platform.url}/api/v1/nothing", headers=auth, timeout=10).status_code == 404


def test_authentication_and_roles(platform: Platform) -> None:
    url = f"{platform.url}/api/v1/resellers"
    assert requests.get(url, timeout=10).json()["error"]["code"] == "session_required"
    assert requests.get(url, headers={"Authorization": "Bearer forged"}, timeout=10).status_code == 401
    bad = requests.post(f"{platform.url}/api/v1/sessions", json={"identifier": "admin", "password": "x"}, timeout=10)
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "authentication_failed"
    pro = {"Authorization": f"Bearer {platform.api_token('pro', 'user-pass-1')}"}
    assert requests.get(url, headers=pro, timeout=10).status_code == 403
    assert requests.post(url, json={"name": "Mine"}, headers=pro, timeout=10).status_code == 403


def test_cookie_sessions_need_the_csrf_header_for_changes(platform: Platform) -> None:
    session = requests.Session()
    page = session.get(f"{platform.url}/sign-in", timeout=10)
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    session.post(
        f"{platform.url}/sign-in",
        data={"identifier": "admin", "password": "admin-pass-1", "csrf_token": token},
        timeout=10,
    )
    url = f"{platform.url}/api/v1/resellers"
    assert session.get(url, timeout=10).status_code == 200
    assert session.post(url, json={"name": "Cross site"}, timeout=10).status_code == 403


def test_openapi_document_and_docs_page(platform: Platform) -> None:
    spec = requests.get(f"{platform.url}/api/v1/openapi.json", timeout=10).json()
    assert "/api/v1/resellers" in spec["paths"]
    docs = requests.get(f"{platform.url}/api/docs", headers={"Accept-Language": "en"}, timeout=10)
    assert docs.status_code == 200 and "createReseller" in docs.text and "ResellerCreate" in docs.text


def counter(text: str, sample: str) -> float:
    for line in text.splitlines():
        if line.startswith(sample + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_health_and_metrics(platform: Platform) -> None:
    token = platform.api_token("admin", "admin-pass-1")
    sample = 'gateway_entrypoint_calls_total{entrypoint="api_listResellers",outcome="ok"}'
    before = counter(requests.get(f"{platform.url}/metrics", timeout=10).text, sample)
    for _ in range(3):
        requests.get(f"{platform.url}/api/v1/resellers", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    for name in ("accounts", "routing", "gateway"):
        base = f"http://{platform.config['HTTP_ADDRESSES'][name]}"
        assert requests.get(f"{base}/health/live", timeout=10).json()["status"] == "alive"
        ready = requests.get(f"{base}/health/ready", timeout=10)
        assert ready.status_code == 200, ready.text
    metrics = requests.get(f"{platform.url}/metrics", timeout=10).text
    assert counter(metrics, sample) == before + 3
    assert 'gateway_entrypoint_seconds_bucket{entrypoint="api_createSession"' in metrics
    accounts_metrics = requests.get(f"http://{platform.config['HTTP_ADDRESSES']['accounts']}/metrics", timeout=10).text
    assert 'accounts_entrypoint_calls_total{entrypoint="authenticate",outcome="ok"}' in accounts_metrics
