"""Every page declared in a ``PAGES`` list of a module of ``gateway.portal``."""

from __future__ import annotations

import importlib
import pkgutil

from gateway import portal
from gateway.portal.page import Page


def declared_pages() -> list[Page]:
    pages: list[Page] = []
    for info in sorted(pkgutil.iter_modules(portal.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{portal.__name__}.{info.name}")
        pages.extend(getattr(module, "PAGES", ()))
    return pages
