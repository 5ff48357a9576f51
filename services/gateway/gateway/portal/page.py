"""Portal pages declared next to their views: a module of ``gateway.portal`` that defines ``PAGES`` gets its
entrypoints wired by the service, so adding a screen touches no shared file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.wrappers import Response

# view(ctx, backends, **path_values); ctx is a RequestContext, backends a gateway.backends.Backends
PageView = Callable[..., Response]


@dataclass(frozen=True)
class Page:
    method: str  # "GET" or "POST"
    rule: str  # werkzeug rule, e.g. "/users/<user_id>"
    view: PageView
    signed_in: bool = True

    @property
    def entrypoint_name(self) -> str:
        return f"page_{self.view.__module__.rsplit('.', 1)[-1]}_{self.view.__name__}_{self.method.lower()}"
