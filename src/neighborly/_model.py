"""The base of the frozen models: equality, hashing and ``repr`` from their attrs fields.

attrs writes and compiles an ``__eq__``, a ``__hash__`` and a ``__repr__`` for every
class it makes; for the package's couple of hundred models that was about a fifth of
``import neighborly``.  A model is declared ``@attrs.frozen(eq=False, repr=False)``
over :class:`Model` instead, and shares these three methods, each reading the
class's fields through a getter made once when attrs builds the class.  They
behave as attrs' own: equal when of the same class with equal fields (those with
``eq=False`` left out), a hash of the same fields, and ``Name(field=value, ...)``
with each field's ``repr`` setting (left out, or shown through its callable).

A model pickles as its class and the values of the fields it is made from (see
:meth:`Model.__reduce__`): copying or unpickling one sets them again as they were,
without running the checks they passed when it was made, and gives the fields it
derives itself (``init=False``: caches, indexes) their defaults, to fill again when
used.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, ClassVar

import attrs

__all__ = ["Model", "rebuilt"]


def _nothing(_: object) -> tuple[()]:
    return ()


# Not a plain function, which an instance would bind as a method.
_NOTHING: Callable[[Any], Any] = staticmethod(_nothing)


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields' values, always as a tuple."""
    if len(names) != 1:
        return _getter(names)
    name = names[0]

    def one(model: Any) -> tuple[Any, ...]:
        return (getattr(model, name),)

    found: Callable[[Any], tuple[Any, ...]] = staticmethod(one)  # not bound as a method
    return found


def rebuilt(cls: type[Model], values: tuple[Any, ...]) -> Any:
    """A model of ``cls`` holding ``values``, one for each field it is made from in
    order (as :meth:`Model.__reduce__` gives them), its derived fields at their
    defaults.  Nothing is checked again: the values are a model's own."""
    names = cls._stored
    if len(values) != len(names):
        msg = f"{cls.__qualname__} has {len(names)} fields; {len(values)} values were given"
        raise TypeError(msg)
    model = object.__new__(cls)
    for name, value in zip(names, values, strict=True):
        object.__setattr__(model, name, value)
    for name, factory, default in cls._derived:
        object.__setattr__(model, name, default if factory is None else factory())
    return model


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
    _stored: ClassVar[tuple[str, ...]] = ()
    # (name, factory or None, default) of each field the model derives itself
    _derived: ClassVar[tuple[tuple[str, Callable[[], Any] | None, Any], ...]] = ()
    _stored_key: ClassVar[Callable[..., tuple[Any, ...]]] = _NOTHING

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
        derived = []
        for field in fields:
            if field.init:
                continue
            factory = getattr(field.default, "factory", None)
            if field.default is attrs.NOTHING or getattr(field.default, "takes_self", False):
                msg = f"{cls.__qualname__}.{field.name}: a derived field needs a plain default"
                raise TypeError(msg)
            derived.append((field.name, factory, None if factory else field.default))
        cls._stored = tuple(f.name for f in fields if f.init)
        cls._stored_key = _values(list(cls._stored))
        cls._derived = tuple(derived)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = self._eq_key
        return bool(key(self) == key(other))

    def __hash__(self) -> int:
        return hash(self._hash_key(self))

    def __reduce__(self) -> tuple[Callable[..., Model], tuple[type[Model], tuple[Any, ...]]]:
        """Pickle (and copy) as the class and the values of the fields it is made
        from: see :func:`rebuilt`.  A tuple rather than attrs' dict of names, and
        no caches: smaller, and faster to read back."""
        return rebuilt, (self.__class__, self._stored_key(self))

    def __repr__(self) -> str:
        name = self.__class__.__qualname__.rsplit(">.", 1)[-1]
        shown = ", ".join(f"{field}={show(getattr(self, field))}" for field, show in self._shown)
        return f"{name}({shown})"
