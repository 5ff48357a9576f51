"""A faster constructor for the engine's frozen dataclasses.

A frozen dataclass's generated ``__init__`` sets every field through ``object.__setattr__``, which costs about a
quarter of a routing decision (traces, call states, contacts and plans are built for every call). ``quick_init``
swaps in an ``__init__`` with the same signature, defaults and ``__post_init__`` call that writes the instance's
``__dict__`` directly. The class stays frozen: assigning a field afterwards still raises FrozenInstanceError.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")

_NO_VALUE = object()


def quick_init(cls: type[T]) -> type[T]:
    """Apply on top of ``@dataclass(frozen=True)`` (without slots)."""
    if not dataclasses.is_dataclass(cls) or "__slots__" in cls.__dict__:
        raise TypeError(f"{cls.__name__}: quick_init needs a dataclass without slots")
    namespace: dict[str, Any] = {"NO_VALUE": _NO_VALUE}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = ["    d = self.__dict__"]
    for item in dataclasses.fields(cls):
        name = item.name
        if not item.init:  # set from its default, as dataclass's own __init__ does
            if item.default is not dataclasses.MISSING:
                namespace[f"default_{name}"] = item.default
                body.append(f"    d[{name!r}] = default_{name}")
            elif item.default_factory is not dataclasses.MISSING:
                namespace[f"factory_{name}"] = item.default_factory
                body.append(f"    d[{name!r}] = factory_{name}()")
            continue
        if item.default is not dataclasses.MISSING:
            namespace[f"default_{name}"] = item.default
            parameter = f"{name}=default_{name}"
            body.append(f"    d[{name!r}] = {name}")
        elif item.default_factory is not dataclasses.MISSING:
            namespace[f"factory_{name}"] = item.default_factory
            parameter = f"{name}=NO_VALUE"
            body.append(f"    d[{name!r}] = factory_{name}() if {name} is NO_VALUE else {name}")
        else:
            parameter = name
            body.append(f"    d[{name!r}] = {name}")
        (keyword if item.kw_only else positional).append(parameter)
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    parameters = ", ".join(["self", *positional, *(["*", *keyword] if keyword else [])])
    source = f"def __init__({parameters}) -> None:\n" + "\n".join(body)
    exec(source, namespace)  # noqa: S102 - the source is built from the class's own field names only
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
