"""CSV downloads of the portal and the API: UTF-8 with a BOM (spreadsheets then read the accents), CRLF lines,
and every cell that a spreadsheet could run as a formula (= + - @, tab, CR) neutralised with a leading quote."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from werkzeug.wrappers import Response

from gateway.web import RequestContext

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def csv_response(ctx: RequestContext, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    """A download named ``<name>-<today>.csv``; ``header`` is already in the user's language."""
    response = Response(csv_text(header, rows).encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    filename = f"{SAFE_NAME.sub('-', name).strip('-') or 'export'}-{date.today().isoformat()}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return ctx.finish(response)
