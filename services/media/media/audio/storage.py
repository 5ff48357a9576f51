"""Where audio lives: a storage interface with a local-directory implementation (the default, under AUDIO_DIR).

Keys are relative paths such as ``announcements/<tenant>/<id>.wav``; rows in the database hold the key, never a
path. An S3-compatible store would implement the same ``AudioStore`` protocol; it is not shipped because no S3
client (boto3) is installed here and no S3-compatible server is available to test it against, so only the
interface and ``LocalAudioStore`` exist (``store_from_settings`` refuses any other AUDIO_BACKEND).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any, Protocol

DEFAULT_AUDIO_DIR = "./var/audio"
_KEY = re.compile(r"^[a-z_]+(/[A-Za-z0-9_.-]{1,80}){1,4}$")


class AudioStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...

    def exists(self, key: str) -> bool: ...

    def local_path(self, key: str) -> Path:
        """A file the media workers (pjsua2 players) can open; a remote store would fetch it into a cache."""
        ...


def check_key(key: str) -> str:
    if not _KEY.match(key) or ".." in key:
        raise ValueError(f"not an audio key: {key!r}")
    return key


class LocalAudioStore:
    """Files under one directory; writes go to a temporary file renamed into place, so readers never see half."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()

    def local_path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> None:
        target = self.local_path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        return self.local_path(key).read_bytes()

    def delete(self, key: str) -> None:
        self.local_path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.local_path(key).is_file()


def audio_dir(settings: dict[str, Any]) -> Path:
    return Path(str(settings.get("AUDIO_DIR") or DEFAULT_AUDIO_DIR))


def store_from_settings(settings: dict[str, Any]) -> AudioStore:
    backend = str(settings.get("AUDIO_BACKEND") or "local").lower()
    if backend != "local":
        raise ValueError(f"AUDIO_BACKEND {backend!r} is not available: only 'local' is implemented")
    return LocalAudioStore(audio_dir(settings))
