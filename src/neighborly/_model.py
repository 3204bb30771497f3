"""The base of the frozen models: equality, hashing and ``repr`` from their attrs fields.

attrs writes and compiles an ``__eq__``, a ``__hash__`` and a ``__repr__`` for every
class it makes; for the package's couple of hundred models that was about a fifth of
``import neighborly``.  A model is declared ``@attrs.frozen(eq=False, repr=False)``
over :class:`Model` instead, and shares these three methods, each reading the
class's fields through a getter made once when attrs builds the class.  They
behave as attrs' own: equal when of the same class with equal fields (those with
``eq=False`` left out), a hash of the same fields, and ``Name(field=value, ...)``
with each field's ``repr`` setting (left out, or shown through its callable).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, ClassVar

__all__ = ["Model"]


def _nothing(_: object) -> tuple[()]:
    return ()


# Not a plain function, which an instance would bind as a method.
_NOTHING: Callable[[Any], Any] = staticmethod(_nothing)


def _getter(names: list[str]) -> Callable[[Any], Any]:
    """The fields' values as one comparable, hashable value (a tuple, or the value of
    the one field)."""
    if not names:
        return _NOTHING
    return operator.attrgetter(*names)


class Model:
    """What every frozen model shares: see the module's description."""

    __slots__ = ()

    _eq_key: ClassVar[Callable[..., Any]] = _NOTHING
    _hash_key: ClassVar[Callable[..., Any]] = _NOTHING
    _shown: ClassVar[tuple[tuple[str, Callable[[Any], str]], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Called for the class as written and again for the class attrs builds from
        # it; only the second holds the fields.
        fields = cls.__dict__.get("__attrs_attrs__")
        if fields is None:
            return
        for field in fields:
            if field.eq_key is not None or field.order_key is not None:
                msg = f"{cls.__qualname__}.{field.name}: a Model compares fields as they are"
                raise TypeError(msg)
        cls._eq_key = _getter([f.name for f in fields if f.eq])
        cls._hash_key = _getter([f.name for f in fields if (f.eq if f.hash is None else f.hash)])
        cls._shown = tuple((f.name, f.repr if callable(f.repr) else repr) for f in fields if f.repr)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = self._eq_key
        return bool(key(self) == key(other))

    def __hash__(self) -> int:
        return hash(self._hash_key(self))

    def __repr__(self) -> str:
        name = self.__class__.__qualname__.rsplit(">.", 1)[-1]
        shown = ", ".join(f"{field}={show(getattr(self, field))}" for field, show in self._shown)
        return f"{name}({shown})"
