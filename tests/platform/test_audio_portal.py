"""Audio in the portal and the REST API (MED-02..05): an enterprise administrator uploads an announcement through
the portal (a refused file shows its reason in French), downloads it through the API; a user listens to and
deletes a voicemail in the browser's page; recordings list with its empty state."""

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from media.audio.conversion import is_telephony_wav
from media.audio.storage import LocalAudioStore
from media.audio.testing import b64, png, speech_wav
from media.voicemail import save_message
from relais_kit.events import OutboxWriter
from tests.hierarchy import PASSWORD, Hierarchy, build
from tests.platform.conftest import Platform
from tests.platform.media_seed import seed_media


def signed_in(platform: Platform, who: str, language: str = "fr") -> tuple[requests.Session, str]:
    browser = platform.session(language)
    page = browser.get(f"{platform.url}/sign-in", timeout=10)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    answer = browser.post(
        f"{platform.url}/sign-in",
        data={"identifier": who, "password": PASSWORD, "csrf_token": token.group(1)},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text[:500]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', browser.get(f"{platform.url}/home", timeout=10).text)
    assert csrf
    return browser, csrf.group(1)


def test_announcements_portal_and_api(db_connection: Any, sql_query: Any, platform: Platform, tmp_path: Path) -> None:
    tree: Hierarchy = build(db_connection)
    seed_media(sql_query, tree.ids)
    browser, csrf = signed_in(platform, "ea")
    page = browser.get(f"{platform.url}/announcements", timeout=10)
    assert page.status_code == 200 and "Aucune annonce pour le moment" in page.text
    assert 'href="/announcements"' in page.text  # the menu entry
    url = f"{platform.url}/enterprises/{tree['enterprise_a']}/announcements"
    refused = browser.post(
        url,
        data={"csrf_token": csrf, "kind": "announcement", "name": "Logo"},
        files={"file": ("logo.wav", png(), "audio/wav")},
        timeout=30,
    )
    assert refused.status_code == 422 and "Ce n&#39;est pas un fichier audio" in refused.text
    added = browser.post(
        url,
        data={"csrf_token": csrf, "kind": "announcement", "name": "Accueil", "description": "Jour"},
        files={"file": ("accueil.wav", speech_wav(tmp_path), "audio/wav")},
        timeout=30,
    )
    assert added.status_code == 200 and "Le fichier audio est ajouté." in added.text and "Accueil" in added.text
    token = platform.api_token("ea", PASSWORD)
    auth = {"Authorization": f"Bearer {token}"}
    files_url = f"{platform.url}/api/v1/enterprises/{tree['enterprise_a']}/audio-files"
    listed = requests.get(files_url, headers=auth, timeout=10)
    assert listed.status_code == 200
    (item,) = listed.json()["items"]
    audio = requests.get(f"{platform.url}/api/v1/audio-files/{item['id']}/audio", headers=auth, timeout=10)
    assert audio.headers["Content-Type"] == "audio/wav" and is_telephony_wav(audio.content)
    created = requests.post(
        f"{platform.url}/api/v1/enterprises/{tree['enterprise_a']}/audio-files",
        json={"kind": "music_on_hold", "name": "Jazz", "content_base64": b64(speech_wav(tmp_path))},
        headers={**auth, "Accept-Language": "en"},
        timeout=30,
    )
    assert created.status_code == 201 and created.json()["kind"] == "music_on_hold"
    # the employee has no access to the repository; the other enterprise's administrator does not see it
    employee = {"Authorization": f"Bearer {platform.api_token('employee', PASSWORD)}"}
    file_url = f"{platform.url}/api/v1/audio-files/{item['id']}"
    assert requests.get(file_url, headers=employee, timeout=10).status_code == 403
    eb = {"Authorization": f"Bearer {platform.api_token('eb', PASSWORD)}"}
    assert requests.get(file_url, headers=eb, timeout=10).status_code == 404
    deleted = requests.delete(f"{platform.url}/api/v1/audio-files/{item['id']}", headers=auth, timeout=10)
    assert deleted.status_code == 204
    recordings = browser.get(f"{platform.url}/recordings", timeout=10)
    assert recordings.status_code == 200 and "Aucun enregistrement" in recordings.text


def test_voicemail_page_listen_download_delete(
    db_connection: Any, sql_query: Any, platform: Platform, tmp_path: Path
) -> None:
    tree: Hierarchy = build(db_connection)
    seed_media(sql_query, tree.ids)
    browser, csrf = signed_in(platform, "employee")
    empty = browser.get(f"{platform.url}/voicemail", timeout=10)
    assert empty.status_code == 200 and "Aucun message vocal" in empty.text
    with db_connection.savepoint("media") as tx:
        message = save_message(
            tx,
            LocalAudioStore(Path("var/audio").resolve()),
            OutboxWriter("media"),
            user_id=tree["employee"],
            tenant_id=tree["enterprise_a"],
            call_id=f"portal-{datetime.now(UTC).timestamp()}",
            wav=speech_wav(tmp_path, "Call me back please", "en"),
            caller_number="+15145550123",
        )
    page = browser.get(f"{platform.url}/voicemail", timeout=10)
    assert f'<audio controls preload="none" src="/voicemail/messages/{message["id"]}/audio"' in page.text
    audio = browser.get(f"{platform.url}/voicemail/messages/{message['id']}/audio?download=1", timeout=10)
    assert audio.headers["Content-Disposition"].startswith("attachment") and is_telephony_wav(audio.content)
    bad = browser.post(
        f"{platform.url}/voicemail/greeting",
        data={"csrf_token": csrf},
        files={"file": ("huge.wav", b"RIFF" + b"\0" * (21 * 1024 * 1024), "audio/wav")},
        timeout=60,
    )
    assert bad.status_code == 422 and "dépasse 20 Mo" in bad.text
    delete_url = f"{platform.url}/voicemail/messages/{message['id']}/delete"
    gone = browser.post(delete_url, data={"csrf_token": csrf}, timeout=10)
    assert gone.status_code == 200 and "Le message est supprimé." in gone.text and "Aucun message vocal" in gone.text
