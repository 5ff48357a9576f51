"""Every /api/v1 operation and its handler: the core table plus each module of ``gateway.api.areas``."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from gateway.api import areas
from gateway.api.routes import CORE_ROUTES, ApiRoute
from gateway.api.views import CORE_HANDLERS, Handler


def _area_modules() -> list[ModuleType]:
    names = sorted(info.name for info in pkgutil.iter_modules(areas.__path__))
    return [importlib.import_module(f"{areas.__name__}.{name}") for name in names]


def _collect() -> tuple[tuple[ApiRoute, ...], dict[str, Handler]]:
    routes, handlers = list(CORE_ROUTES), dict(CORE_HANDLERS)
    for module in _area_modules():
        routes.extend(module.ROUTES)
        for operation_id, handler in module.HANDLERS.items():
            if operation_id in handlers:
                raise RuntimeError(f"operation {operation_id} is defined twice ({module.__name__})")
            handlers[operation_id] = handler
    return tuple(routes), handlers


ROUTES, HANDLERS = _collect()
