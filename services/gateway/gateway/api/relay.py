"""Handlers that pass a REST call on to one accounts RPC as it is: the path ids, then the documented query or the
JSON body; accounts checks scope, role and every field. Used by the inventory and directory areas."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from marshmallow import Schema
from werkzeug.wrappers import Response

from gateway.api import views
from gateway.backends import Backend
from gateway.csv_export import csv_response
from gateway.export_columns import flat
from gateway.web import RequestContext

Handler = Callable[..., Response]


def relay(
    method: str,
    *,
    body: bool = False,
    status: int = 200,
    query: type[Schema] | None = None,
    items: bool = False,
    empty: bool = False,
) -> Handler:
    """``items`` wraps a list answer as ``{"items": [...]}``; ``empty`` answers 204."""

    def handler(ctx: RequestContext, backend: Backend, **path: Any) -> Response:
        args: list[Any] = [str(v) for v in path.values()]
        if query is not None:
            args.append(views.query(ctx, query))
        if body:
            args.append(views.raw_body(ctx))
        result = backend.call(method, ctx.caller, *args)
        if empty:
            return views.no_content(ctx)
        return views.reply(ctx, {"items": result} if items else result, status)

    handler.__name__ = method
    return handler


def csv_relay(
    method: str,
    name: str,
    columns: Sequence[tuple[str, str]],
    query: dict[str, Any] | None = None,
    paged: bool = False,
) -> Handler:
    """A CSV of what ``method`` lists: (key, untranslated header) per column; a paged answer is read to its end."""

    def handler(ctx: RequestContext, backend: Backend, **path: Any) -> Response:
        return csv_response(
            ctx,
            name,
            [ctx._(h) for _, h in columns],
            ([flat(row.get(k)) for k, _ in columns] for row in rows_of(ctx, backend, method, path, query, paged)),
        )

    handler.__name__ = f"{method}_csv"
    return handler


def rows_of(
    ctx: RequestContext,
    backend: Backend,
    method: str,
    path: dict[str, Any],
    query: dict[str, Any] | None = None,
    paged: bool = False,
    limit: int = 100_000,
) -> list[dict[str, Any]]:
    args: list[Any] = [str(v) for v in path.values()]
    if not paged:
        found = backend.call(method, ctx.caller, *args, *([query] if query is not None else []))
        return list(found["items"] if isinstance(found, dict) else found)
    rows: list[dict[str, Any]] = []
    page = 1
    while len(rows) < limit:
        batch = backend.call(method, ctx.caller, *args, {**(query or {}), "page": page, "page_size": 1000})
        rows.extend(batch["items"])
        if not batch["items"] or len(rows) >= int(batch["total"]):
            break
        page += 1
    return rows
