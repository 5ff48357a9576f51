"""What every form page needs: the submitted values kept as typed, errors in the user's language, list queries."""

from __future__ import annotations

import math
from typing import Any

from gateway.i18n import translate_field_errors
from gateway.web import RequestContext
from relais_kit.errors import ValidationFailed

PAGE_SIZE = 20
Errors = dict[str, list[str]]


def submitted(ctx: RequestContext, *names: str) -> dict[str, str]:
    """The form's text fields, stripped; re-rendered as they were typed when something is wrong."""
    return {name: (ctx.request.form.get(name) or "").strip() for name in names}


def optional(value: str) -> str | None:
    """An empty text field means "none"."""
    return value or None


def number(value: str) -> int | str | None:
    """An empty field is "no limit"; digits are a number; anything else goes on as typed so that accounts names
    the mistake ("Not a valid integer.") in the same pass as the other fields."""
    if not value:
        return None
    return int(value) if value.lstrip("-").isdigit() else value


def errors_of(ctx: RequestContext, exc: ValidationFailed) -> Errors:
    return translate_field_errors(ctx.language, exc.field_errors)


def one_error(ctx: RequestContext, field: str, text: str) -> Errors:
    return {field: [ctx._(text)]}


def list_query(ctx: RequestContext, page_size: int = PAGE_SIZE) -> dict[str, Any]:
    """Search and page of a list page, from its URL; a page number that is not one means the first page."""
    search = (ctx.request.args.get("search") or "").strip()[:100]
    page_text = ctx.request.args.get("page") or "1"
    page = int(page_text) if page_text.isdigit() and 0 < int(page_text) <= 100000 else 1
    return {"search": search or None, "page": page, "page_size": page_size}


def pages(result: dict[str, Any]) -> int:
    """How many pages a ``{items, total, page, page_size}`` answer has (at least one)."""
    return max(1, math.ceil(int(result["total"]) / max(1, int(result["page_size"]))))
