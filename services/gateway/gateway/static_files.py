"""The portal's CSS, scripts and images, served with long-lived caching (their URLs carry a version)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

STATIC_DIR = (Path(__file__).parent / "static").resolve()


def serve(filename: str) -> Response:
    path = (STATIC_DIR / filename).resolve()
    if STATIC_DIR not in path.parents or not path.is_file():
        raise NotFound()
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = Response(path.read_bytes(), mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
