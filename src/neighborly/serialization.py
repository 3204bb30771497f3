"""One converter between neighborly's models and JSON-ready data.

Everything crosses the edge here: :func:`structure` builds models from plain data
(as :func:`json.loads` or :mod:`tomllib` return it), :func:`unstructure` turns models
back into plain data, and :func:`load_community` / :func:`dumps` read and write files.

The format, for every model:

* field names as in the classes; unknown fields are refused (a typo never passes);
* dates as ``YYYY-MM-DD``; times of day as ``HH:MM[:SS]``; datetimes as ISO 8601
  *with* an offset (naive ones are refused); enums by value; areas and other exact quantities (``Decimal``) as strings
  (JSON numbers are accepted on input); whole numbers (counts, and money in
  integer fen) strictly as JSON integers; tuples and sets as arrays (sets sorted,
  so output is stable);
* personal data (fields marked :data:`~neighborly.places.PERSONAL`: names, phones, ID
  numbers, number plates) is left out unless the caller passes ``personal_data=True``
  *and* names the ``purpose`` of the export (PIPL Art. 6: a clear, reasonable purpose).

Round trips are lossless:
``structure(unstructure(x, personal_data=True, purpose=...), type(x)) == x``.

The configuration lives here and nowhere else.  It runs as a few cattrs converters
built from the same hooks: a fast one for valid input, a detailed one that reports
problems, and output ones with and without personal data (plain data, or plain data
for msgspec to write).

Bad input raises :class:`~neighborly.errors.InvalidInput` listing *every* problem in
the data at once, each with its JSON path.  Valid input takes a fast path that skips
the bookkeeping; only when it fails is the input walked again in detail to report
the problems, so validity costs nothing extra.  While building a large object graph
the cyclic garbage collector is paused (nothing built here has cycles), which keeps
load time linear in the size of the file.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import io
import itertools
import json
import math
import operator
import os
import re
import sys
import typing
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn
from dateutil.parser import isoparse

from neighborly._checks import (
    STR,
    _holds,
    checks,
    describe,
    field_checks,
    field_problems,
    int_range,
    personal_fields,
    plain_decimal,
    withheld,
)
from neighborly._model import Model
from neighborly._reading import collector_paused, decode_json
from neighborly._time import moment_text
from neighborly.community import Community
from neighborly.errors import InvalidInput, Problem
from neighborly.points import Book, Entry
from neighborly.text import Text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

try:
    import msgspec
except ImportError:  # pragma: no cover - the fast extra is optional
    _FAST_JSON = False
else:
    _FAST_JSON = True

# The collector's pause while a graph is built (replaced by the load benchmark, to
# run every contender with the collector on).
_collector_paused = collector_paused

__all__ = [
    "DEFAULT_LIMITS",
    "Format",
    "Limits",
    "book_lines",
    "dumps",
    "is_purpose",
    "load",
    "load_book_lines",
    "load_community",
    "load_data",
    "loads",
    "parse",
    "structure",
    "unstructure",
]

T = TypeVar("T")
Format = Literal["json", "toml"]


class _Bad(ValueError):
    """A value a hook cannot convert; carries what was expected and the value."""

    def __init__(self, expected: Text, value: object) -> None:
        super().__init__(expected.en)
        self.expected = expected
        self.value = value


# --- structuring hooks for leaf types -------------------------------------------------

_DECIMAL = Text(
    'a finite decimal number (a JSON number or a string such as "89.37"), below 10^15,'
    " with at most 28 digits",
    '有限的十进制数（JSON 数字或 "89.37" 这样的字符串），小于 10^15，最多 28 位数字',
)
_DATE = Text('a date as "YYYY-MM-DD"', '"YYYY-MM-DD" 格式的日期')
_DATETIME = Text(
    'a date and time in ISO 8601 with an offset, such as "2026-05-01T09:30:00+08:00",'
    ' optionally with its zone: "2026-05-01T09:30:00+08:00[Asia/Shanghai]"',
    '带时区偏移的 ISO 8601 日期时间，如 "2026-05-01T09:30:00+08:00"，'
    '可附时区名："2026-05-01T09:30:00+08:00[Asia/Shanghai]"',
)
_OBJECT = Text("an object", "一个对象")
_ARRAY = Text("an array", "一个数组")


def _structure_decimal(value: Any, _: Any = None) -> Decimal:
    kind = type(value)
    try:
        if kind is str:
            # At most 15 ASCII digits and one point: plain by construction (no more
            # than 15 digits either side of the point, no exponent, no sign).
            if len(value) <= 15 and value.isascii() and value.replace(".", "", 1).isdigit():
                return Decimal(value)
            if value.strip() != value or "_" in value:  # Decimal() would forgive both
                raise _Bad(_DECIMAL, value)
            result = Decimal(value)
        elif kind is float:
            result = Decimal(repr(value))
        elif kind is int:
            result = Decimal(value)
        elif kind is Decimal:
            result = value
        else:
            raise _Bad(_DECIMAL, value)
    except InvalidOperation:
        raise _Bad(_DECIMAL, value) from None
    if not plain_decimal(result):
        raise _Bad(_DECIMAL, value)
    return result


def _structure_date(value: Any, _: Any = None) -> dt.date:
    kind = type(value)
    if kind is dt.date:
        return value  # type: ignore[no-any-return]
    # Exactly YYYY-MM-DD: newer Pythons' fromisoformat would also take "2026-W47-7".
    if kind is not str or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise _Bad(_DATE, value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _Bad(_DATE, value) from None


_TIME = Text('a time of day as "HH:MM" or "HH:MM:SS"', '"HH:MM" 或 "HH:MM:SS" 格式的时刻')


def _structure_time(value: Any, _: Any = None) -> dt.time:
    """A wall-clock time of day, without a zone (TOML's local times are taken as they are)."""
    if type(value) is dt.time and value.tzinfo is None:
        return value
    if type(value) is str and 5 <= len(value) <= 15 and value[2:3] == ":":
        try:
            result = dt.time.fromisoformat(value)
        except ValueError:
            pass
        else:
            if result.tzinfo is None:
                return result
    raise _Bad(_TIME, value)


_MOMENT = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{6})?"
    r"(?:[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]|Z)"
)
_PLAIN_MOMENT = re.compile(_MOMENT, re.ASCII).fullmatch
_from_iso = dt.datetime.fromisoformat


# A file repeats its moments (an event's every start, a record's times): each text is
# converted once and kept, the most recently used this many (well under a megabyte);
# the values are immutable, so sharing one between models is safe.
_MOMENT_CACHE = 4096


def _structure_datetime(value: Any, _: Any = None) -> dt.datetime:
    if type(value) is str:
        return _moment_text(value)
    if type(value) is dt.datetime and value.tzinfo is not None and value.utcoffset() is not None:
        return value
    raise _Bad(_DATETIME, value)


@functools.lru_cache(maxsize=_MOMENT_CACHE)
def _moment_text(value: str) -> dt.datetime:
    text, zone = value, None
    if value[-1:] == "]" and "[" in value:
        text, _, zone = value[:-1].partition("[")
    # The shapes neighborly and most services write (seconds, an offset or Z, with or
    # without a zone name) parse in C; the pattern admits only text that both
    # parsers read alike, always with an offset.  Anything else is dateutil's to
    # judge.
    try:
        if _PLAIN_MOMENT(text) is not None:
            # Python 3.10's fromisoformat does not read Z; a day the month lacks is a
            # ValueError
            result = (
                _from_iso(text[:-1]).replace(tzinfo=dt.timezone.utc)
                if text[-1] == "Z"
                else _from_iso(text)
            )
            return result if zone is None else _in_zone(result, zone, value)
        result = isoparse(text)
    except (ValueError, OverflowError):
        raise _Bad(_DATETIME, value) from None
    if zone is not None and result.utcoffset() is not None:
        result = _in_zone(result, zone, value)
    if result.tzinfo is None or result.utcoffset() is None:
        raise _Bad(_DATETIME, value)
    return result


_ZONE_NAME_MAX = 64  # the longest IANA zone name is 32 characters


def _in_zone(moment: dt.datetime, zone: str, value: str) -> dt.datetime:
    """``moment`` (with a fixed offset) as the wall time of the named ``zone``, choosing
    the fold whose offset matches; refused when no fold does."""
    if len(zone) > _ZONE_NAME_MAX:  # no IANA name is this long; do not ask the disk
        raise _Bad(_DATETIME, value)
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # unknown, malformed, unreadable
        raise _Bad(_DATETIME, value) from None
    found = _zoned(moment, tz)
    if found is None:
        raise _Bad(_DATETIME, value)
    return found


def _zoned(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime | None:
    """``moment`` (with a fixed offset) as the same wall time in ``tz``, on the fold
    whose offset is the one written; None when no fold has it."""
    # The instant in the zone: when the zone's offset then is the one written, this
    # is the same wall time, on the fold that has that offset.  Two offsets differ
    # by less than two days, so a different one moves the second, minute, hour or
    # day of the month (comparing those is cheaper than asking for the offsets).
    try:
        candidate = moment.astimezone(tz)
    except OverflowError:  # the instant falls outside the years datetime holds
        candidate = moment
    if (
        candidate.tzinfo is tz
        and candidate.second == moment.second
        and candidate.minute == moment.minute
        and candidate.hour == moment.hour
        and candidate.day == moment.day
    ):
        return candidate
    # A wall time the zone skips (a daylight-saving gap) has no instant of its own;
    # it is kept as written when one fold's offset is the one written.
    offset = moment.utcoffset()
    for fold in (0, 1):
        candidate = moment.replace(tzinfo=tz, fold=fold)  # the same wall time in the zone
        if candidate.utcoffset() == offset:
            return candidate
    return None


# While a file is read, the keys of every object built from it are counted here (one
# list per read), to compare with the keys written in the file: fewer means a key was
# given twice.  Outside a read it holds None and nothing is counted.
_KEYS: ContextVar[list[int] | None] = ContextVar("neighborly_keys_read", default=None)


def _structure_text(value: Any, _: Any = None) -> Text:
    """A bilingual message: an object of two strings, each judged with its own path
    (``Text`` itself treats a non-string as a programming error)."""
    if not isinstance(value, dict):
        raise _Bad(_OBJECT, value)
    keys = _KEYS.get()
    if keys is not None:
        keys[0] += len(value)
    problems = [
        Problem(f"$.{name}", STR.expected, describe(value.get(name), from_data=True))
        for name in ("en", "zh")
        if type(value.get(name)) is not str
    ]
    problems.extend(
        Problem(
            f"$.{key}",
            Text("no such field: Text has en, zh", "不存在该字段：Text 的字段为 en, zh"),
            describe(value[key], from_data=True),
        )
        for key in value
        if key not in ("en", "zh")
    )
    if problems:
        raise InvalidInput(problems)
    return Text(value["en"], value["zh"])


def _structure_plain(value: Any, kind: Any) -> Any:
    """Plain values pass unchanged (the model's checks judge them); enums are looked up."""
    if kind in _PASSTHROUGH:
        return value
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return _enum_hook(kind)(value, kind)
    return kind(value)  # pragma: no cover - no model has other str or int subclasses


@functools.cache
def _enum_hook(kind: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    members = kind._value2member_map_
    values = ", ".join(json.dumps(m.value, ensure_ascii=False) for m in kind)
    expected = Text(f"one of {values}", f"以下之一：{values}")

    def hook(value: Any, _: Any = None) -> enum.Enum:
        if type(value) is bool:  # True == 1 would otherwise find an IntEnum member
            raise _Bad(expected, value)
        try:
            return members[value]
        except (KeyError, TypeError):
            raise _Bad(expected, value) from None

    return hook


# --- the converters -------------------------------------------------------------------

_PASSTHROUGH = (str, int, float, bool, type(None))


def _is_passthrough(kind: Any) -> bool:
    """Types whose JSON value is the model value; the model's own checks judge it."""
    if kind in _PASSTHROUGH:
        return True
    args = typing.get_args(kind)
    return _is_union(kind) and all(a in _PASSTHROUGH for a in args)


def _is_union(kind: Any) -> bool:
    origin = typing.get_origin(kind)
    return origin is typing.Union or origin is _UnionType


_UnionType = type(int | None)


def _optional_of(kind: Any) -> Any | None:
    """``X`` for ``X | None``; None for anything else."""
    if not _is_union(kind):
        return None
    args = [a for a in typing.get_args(kind) if a is not type(None)]
    if len(args) == 1 and len(typing.get_args(kind)) == 2:
        return args[0]
    return None


def _is_homogeneous_tuple(kind: Any) -> bool:
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_frozenset(kind: Any) -> bool:
    return typing.get_origin(kind) is frozenset


def _personal_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in attrs.fields(cls) if f.name in personal_fields(cls))


def _leaf_hooks(converter: cattrs.Converter) -> None:
    # cattrs dispatches on these classes first (and so on their subclasses: a str
    # enum is a str, an IntEnum an int), so one hook serves them all and looks at
    # the type asked for.
    for kind in _PASSTHROUGH:
        converter.register_structure_hook(kind, _structure_plain)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(Text, _structure_text)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_structure_hook(dt.time, _structure_time)
    converter.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_unstructure_hook(dt.datetime, moment_text)
    converter.register_unstructure_hook(dt.time, dt.time.isoformat)
    converter.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda _: _enum_value
    )
    converter.register_unstructure_hook_factory(_is_frozenset, _frozenset_unstructure)


def _enum_value(member: enum.Enum) -> Any:
    return member.value


@functools.cache
def _holds_datetimes(cls: Hashable) -> bool:
    """Whether an attrs class, or any model inside it, has a datetime field."""
    seen: set[type] = set()

    def visit(kind: Any) -> bool:
        if kind is dt.datetime:
            return True
        if isinstance(kind, type) and attrs.has(kind):
            if kind in seen:
                return False
            seen.add(kind)
            hints = typing.get_type_hints(kind)
            return any(visit(hints.get(f.name, f.type)) for f in attrs.fields(kind))
        return any(visit(arg) for arg in typing.get_args(kind))

    return visit(cls)


@functools.cache
def _encoding_plan(cls: Hashable) -> tuple[tuple[str, str, Any, bool], ...]:
    """(key, attribute, type, holds datetimes) for each field a model writes."""
    assert isinstance(cls, type)  # noqa: S101 - only called with attrs classes
    hints = typing.get_type_hints(cls)
    plan = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        hint = hints.get(field.name, field.type)
        dated = _holds_datetimes(typing.cast("Hashable", hint))
        plan.append((field.alias or field.name, field.name, hint, dated))
    return tuple(plan)


def _frozenset_unstructure(kind: Any) -> Callable[[frozenset[Any]], list[Any]]:
    (item,) = typing.get_args(kind) or (Any,)

    if isinstance(item, type) and issubclass(item, enum.Enum):

        def sorted_values(value: frozenset[Any]) -> list[Any]:
            return sorted(m.value for m in value)

        return sorted_values

    def sorted_items(value: frozenset[Any]) -> list[Any]:
        return sorted(value)

    return sorted_items


def _item_hook(converter: cattrs.Converter, item: Any) -> Callable[[Any, Any], Any]:
    """The hook for the items of a tuple or set field.  An enum gets its own: through
    the converter a str enum goes to the str hook, which looks its hook up again for
    every item."""
    if isinstance(item, type) and issubclass(item, enum.Enum):
        return _enum_hook(item)
    return converter.get_structure_hook(item)


def _fast_converter() -> cattrs.Converter:
    """The converter for valid input: generated code, no per-field bookkeeping."""
    converter = cattrs.Converter(detailed_validation=False, forbid_extra_keys=True)
    _leaf_hooks(converter)

    def tuple_factory(kind: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        (item, _) = typing.get_args(kind)
        if _is_passthrough(item):

            def plain(value: Any, _: Any = None) -> tuple[Any, ...]:
                if type(value) is not list and type(value) is not tuple:
                    raise _Bad(_ARRAY, value)
                return tuple(value)

            return plain
        hook = _item_hook(converter, item)

        def each(value: Any, _: Any = None) -> tuple[Any, ...]:
            if type(value) is not list and type(value) is not tuple:
                raise _Bad(_ARRAY, value)
            if len(value) < _HAND_BACK or type(value) is not list or _KEYS.get() is None:
                return tuple([hook(x, item) for x in value])
            # Data parsed by the read itself (keys are counted only then): each item's
            # data is let go as soon as its model is built, so the parsed tree shrinks
            # as the models grow rather than living beside them to the end.
            built: list[Any] = []
            add = built.append
            for index, x in enumerate(value):
                add(hook(x, item))
                value[index] = None
            return tuple(built)

        return each

    def frozenset_factory(kind: Any) -> Callable[[Any, Any], frozenset[Any]]:
        (item,) = typing.get_args(kind)
        hook = _item_hook(converter, item)
        empty: frozenset[Any] = frozenset()
        if _is_passthrough(item):  # the class's check judges the items

            def plain(value: Any, _: Any = None) -> frozenset[Any]:
                if type(value) is not list and type(value) is not tuple:
                    raise _Bad(_ARRAY, value)
                return frozenset(value) if value else empty

            return plain

        def each(value: Any, _: Any = None) -> frozenset[Any]:
            if type(value) is not list and type(value) is not tuple:
                raise _Bad(_ARRAY, value)
            if not value:
                return empty
            return frozenset([hook(x, item) for x in value])

        return each

    converter.register_structure_hook_factory(_is_homogeneous_tuple, tuple_factory)
    converter.register_structure_hook_factory(_is_frozenset, frozenset_factory)
    converter.register_structure_hook_factory(attrs.has, lambda cls: _generate_fast(cls, converter))
    return converter


def _generate_fast(cls: type, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """Straight-line structuring code for one attrs class.

    Primitive fields go to the class unchanged (its own checks judge them), other
    fields through their hooks; a missing default field takes the default; any key
    the class does not know makes the count come out wrong and fails.
    """
    namespace: dict[str, Any] = {
        "_cls": cls,
        "_Bad": _Bad,
        "_OBJECT": _OBJECT,
        "_dict": dict,
        "_keys_read": _KEYS.get,
    }
    args: list[str] = []
    counted: list[str] = []
    required = 0
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        if not field.init:
            continue
        kind = hints.get(field.name, field.type)
        key = field.alias if field.alias is not None else field.name
        value = f"o[{key!r}]"
        inner = _optional_of(kind)
        if _is_passthrough(kind):
            expr = value
        elif isinstance(kind, type) and issubclass(kind, enum.Enum):
            namespace[f"_h_{field.name}"] = _enum_hook(kind)
            expr = f"_h_{field.name}({value})"
        elif inner is not None:
            namespace[f"_h_{field.name}"] = converter.get_structure_hook(inner)
            namespace[f"_t_{field.name}"] = inner
            expr = f"(None if {value} is None else _h_{field.name}({value}, _t_{field.name}))"
        else:
            namespace[f"_h_{field.name}"] = converter.get_structure_hook(kind)
            namespace[f"_t_{field.name}"] = kind
            expr = f"_h_{field.name}({value}, _t_{field.name})"
        # Positional where the field allows it: a keyword call costs more per object.
        prefix = f"{key}=" if field.kw_only else ""
        if field.default is attrs.NOTHING:
            required += 1
            args.append(f"{prefix}{expr}")
        else:
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                namespace[f"_d_{field.name}"] = default.factory
                fallback = f"_d_{field.name}()"
            else:
                namespace[f"_d_{field.name}"] = default
                fallback = f"_d_{field.name}"
            counted.append(key)
            args.append(f"{prefix}({expr} if {key!r} in o else {fallback})")
    count = f"{required}" + "".join(f" + ({k!r} in o)" for k in counted)
    source = (
        "def structure(o, _=None):\n"
        "    if type(o) is not _dict:\n"
        "        raise _Bad(_OBJECT, o)\n"
        f"    if len(o) != {count}:\n"
        "        raise _Bad(_OBJECT, o)\n"
        "    _k = _keys_read()\n"
        "    if _k is not None:\n"
        "        _k[0] += len(o)\n"
        f"    return _cls({', '.join(args)})\n"
    )
    exec(source, namespace)  # noqa: S102 - the code is generated from the class's own fields
    hook: Callable[[Any, Any], Any] = namespace["structure"]
    return hook


# Values a limit refuses (or that nest), to ask a field's check whether it refuses
# them too: a list and an object, nested ones, integers just past 64 bits and
# numbers that are not finite.
_OVER_LIMITS: tuple[Any, ...] = (
    [],
    {},
    [[]],
    [{}],
    2**63,
    -(2**63) - 1,
    math.inf,
    -math.inf,
    math.nan,
)
_HASHABLE_OVER = tuple(v for v in _OVER_LIMITS if isinstance(v, Hashable))


@functools.cache
def _bounded_depth(kind: Hashable) -> int | None:
    """How deep the data of a ``kind`` nests, when building one refuses whatever the
    limits other than ``max_string`` would refuse; None when it may not.

    Leaves built by a hook of ours (decimals, dates, times, datetimes, enums, bilingual
    text) refuse anything but their own shape.  A field whose value the converter
    passes on unchanged (a string, a number, or a tuple or set of them) is judged by
    its class's check, which is asked whether it refuses lists, objects, integers past
    64 bits and numbers that are not finite; a field without such a check, or of any
    other type, makes the answer None.  A type that holds itself is None too.
    """
    return _depth_of(kind, frozenset())


def _depth_of(kind: Any, outer: frozenset[type]) -> int | None:
    if kind is Text:
        return 1
    leaf = kind in (Decimal, dt.date, dt.time, dt.datetime) or (
        isinstance(kind, type) and issubclass(kind, enum.Enum)
    )
    inner = _optional_of(kind)
    depth: int | None = None
    if leaf:
        depth = 0
    elif inner is not None:
        depth = _depth_of(inner, outer)
    elif _is_homogeneous_tuple(kind) or _is_frozenset(kind):
        item = _depth_of(typing.get_args(kind)[0], outer)
        depth = None if item is None else 1 + item
    elif isinstance(kind, type) and attrs.has(kind) and kind not in outer:
        depth = _class_depth(kind, outer | {kind})
    return depth


def _class_depth(cls: type, outer: frozenset[type]) -> int | None:
    judged = {name: ok for name, ok, _ in field_checks(cls)}
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # a name the hints use cannot be found: not judged, so walked
        return None
    deepest = 0
    for field in attrs.fields(cls):
        if not field.init:
            continue
        kind = hints.get(field.name, field.type)
        if _is_passthrough(kind):
            probes: Iterable[Any] = _OVER_LIMITS
        elif _is_homogeneous_tuple(kind) and _is_passthrough(typing.get_args(kind)[0]):
            probes = [(value,) for value in _OVER_LIMITS]
        elif _is_frozenset(kind) and _is_passthrough(typing.get_args(kind)[0]):
            probes = [frozenset([value]) for value in _HASHABLE_OVER]
        else:
            depth = _depth_of(kind, outer)
            if depth is None:
                return None
            deepest = max(deepest, depth)
            continue
        ok = judged.get(field.name)
        if ok is None or any(_holds(ok, value) for value in probes):
            return None
        deepest = max(deepest, 0 if _is_passthrough(kind) else 1)
    return 1 + deepest


def _detailed_converter() -> cattrs.Converter:
    """The converter for reporting: walks everything and notes where each failure is."""
    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    _leaf_hooks(converter)

    def tuple_factory(kind: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        (item, _) = typing.get_args(kind)
        hook = converter.get_structure_hook(item)
        return lambda value, _: tuple(_each(value, item, hook, kind))

    def frozenset_factory(kind: Any) -> Callable[[Any, Any], frozenset[Any]]:
        (item,) = typing.get_args(kind)
        hook = converter.get_structure_hook(item)
        return lambda value, _: frozenset(_each(value, item, hook, kind))

    def attrs_factory(cls: type) -> Callable[[Any, Any], Any]:
        generated: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter)

        order = {f.name: i for i, f in enumerate(attrs.fields(cls))}
        hints = typing.get_type_hints(cls)
        plain = frozenset(f.name for f in attrs.fields(cls) if _is_passthrough(hints[f.name]))

        def hook(value: Any, _: Any = None) -> Any:
            if not isinstance(value, dict):
                raise _Bad(_OBJECT, value)
            try:
                return generated(value, cls)
            except ClassValidationError as exc:
                raise _with_field_problems(exc, cls, value, plain, order) from None

        return hook

    converter.register_structure_hook_factory(_is_homogeneous_tuple, tuple_factory)
    converter.register_structure_hook_factory(_is_frozenset, frozenset_factory)
    converter.register_structure_hook_factory(attrs.has, attrs_factory)
    return converter


def _with_field_problems(
    exc: ClassValidationError,
    cls: type,
    value: dict[str, Any],
    plain: frozenset[str],
    order: dict[str, int],
) -> ClassValidationError:
    """``exc`` plus the problems in the plain fields that did convert, in field order.

    When every field converted, the class's own checks already ran and said it all.
    """
    with_notes, without = exc.group_exceptions()
    if not with_notes:
        return exc
    failed = {note.name for _, note in with_notes}
    extra = field_problems(cls, value, plain - failed)
    if not extra:
        return exc
    errors: list[tuple[int, Exception]] = [(order.get(n.name, 0), e) for e, n in with_notes]
    for problem in extra:
        name = problem.path[2:]
        error = InvalidInput([attrs.evolve(problem, path="$")])
        note = AttributeValidationNote(f"Checking {cls.__name__}.{name}", name, None)
        error.__notes__ = [note]  # type: ignore[attr-defined,unused-ignore] # 3.10 stubs lack it
        errors.append((order.get(name, 0), error))
    errors.sort(key=lambda pair: pair[0])
    return ClassValidationError(exc.message, [e for _, e in errors] + without, cls)


class _Budget:
    """How many more failing items the detailed walk may describe, and how many it
    has only counted since it ran out."""

    __slots__ = ("left", "more")

    def __init__(self, left: int) -> None:
        self.left = left
        self.more = 0


# The budget of the detailed walk in progress (one per call of _problems, so that
# threads and tasks reading files at once each keep their own).
_BUDGET: ContextVar[_Budget] = ContextVar("neighborly_problem_budget")


def _each(value: Any, item: Any, hook: Callable[[Any, Any], Any], kind: Any) -> list[Any]:
    if type(value) is not list and type(value) is not tuple:
        raise _Bad(_ARRAY, value)
    out: list[Any] = []
    errors: list[Exception] = []
    budget = _BUDGET.get(None)
    for index, element in enumerate(value):
        if budget is not None and budget.left <= 0:
            # past the budget, items are only counted, by the fast hook: no notes,
            # no nested reports, constant memory
            budget.more += _failing(value[index:], item)
            errors.append(_Unlisted())
            break
        try:
            out.append(hook(element, item))
        except Exception as exc:
            notes = [
                *getattr(exc, "__notes__", []),
                IterableValidationNote(f"Structuring item @ index {index}", index, item),
            ]
            exc.__notes__ = notes  # type: ignore[attr-defined,unused-ignore] # 3.10 stubs lack it
            errors.append(exc)
            if budget is not None:
                budget.left -= 1
    if errors:
        msg = f"While structuring {kind!r}"
        raise IterableValidationError(msg, errors, kind)
    return out


class _Unlisted(ValueError):
    """Items past the budget: counted in the budget, not described."""


def _failing(values: Sequence[Any], item: Any) -> int:
    hook = _FAST.get_structure_hook(item)
    failed = 0
    for value in values:
        try:
            hook(value, item)
        except Exception:  # noqa: PERF203 - any failure counts as one
            failed += 1
    return failed


def _unstructuring_converter(*, personal_data: bool, native: bool) -> cattrs.Converter:
    """A converter from models to data.

    ``native`` leaves dates, enums and tuples of plain values as they are, for a JSON
    encoder that writes them itself (msgspec), so they are not converted twice.
    """
    converter = cattrs.Converter()
    _leaf_hooks(converter)
    converter.register_unstructure_hook_factory(
        attrs.has,
        lambda cls: _UnstructureCode(converter, personal_data=personal_data, native=native).hook(
            cls
        ),
    )
    return converter


class _UnstructureCode:
    """Writes straight-line Python that turns a model into a dict.

    Plain fields are copied, others converted inline; models inside arrays are
    written inline too (no call per item), down to a fixed depth.
    """

    INLINE_DEPTH = 8

    def __init__(self, converter: cattrs.Converter, *, personal_data: bool, native: bool) -> None:
        self.converter = converter
        self.personal_data = personal_data
        self.native = native
        self.namespace: dict[str, Any] = {}
        self.names = 0

    def hook(self, cls: type) -> Callable[[Any], dict[str, Any]]:
        body = self.dict_expr(cls, "i", 0)
        source = f"def unstructure(i):\n    return {body}\n"
        exec(source, self.namespace)  # noqa: S102 - generated from the class's own fields
        hook: Callable[[Any], dict[str, Any]] = self.namespace["unstructure"]
        return hook

    def fresh(self, prefix: str) -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    def dict_expr(self, cls: type, value: str, depth: int) -> str:
        omitted = () if self.personal_data else _personal_fields(cls)
        hints = typing.get_type_hints(cls)
        items: list[str] = []
        # Keys in alphabetical order, as msgspec writes models (see dumps).
        for field in sorted(attrs.fields(cls), key=lambda f: f.alias or f.name):
            if not field.init or field.name in omitted:
                continue
            kind = hints.get(field.name, field.type)
            expr = self.expr(kind, f"{value}.{field.name}", depth)
            key = field.alias if field.alias is not None else field.name
            items.append(f"{key!r}: {expr}")
        return "{" + ", ".join(items) + "}"

    def expr(self, kind: Any, value: str, depth: int) -> str:  # noqa: PLR0911, PLR0912 - a case a type
        """Python source that unstructures ``value`` (an expression) of type ``kind``."""
        if _is_passthrough(kind):
            return value
        inner = _optional_of(kind)
        if inner is not None:
            inner_expr = self.expr(inner, value, depth)
            return value if inner_expr == value else f"(None if {value} is None else {inner_expr})"
        is_enum = isinstance(kind, type) and issubclass(kind, enum.Enum)
        if self.native and (kind is dt.date or is_enum):
            return value
        if kind is Decimal:
            return f"str({value})"
        if kind is dt.date or kind is dt.time:
            return f"{value}.isoformat()"
        if kind is dt.datetime:
            self.namespace["moment_text"] = moment_text
            return f"moment_text({value})"
        if is_enum:
            return f"{value}._value_"
        if _is_homogeneous_tuple(kind):
            (item, _) = typing.get_args(kind)
            if _is_passthrough(item):
                return value if self.native else f"list({value})"
            var = self.fresh("_y")
            return f"[{self.expr(item, var, depth + 1)} for {var} in {value}]"
        if _is_frozenset(kind):
            (item,) = typing.get_args(kind)
            if self.native:
                return value  # the encoder sorts sets itself
            if isinstance(item, type) and issubclass(item, enum.Enum):
                # map() with a C getter: a comprehension here would build a function per item
                self.namespace["_value_of"] = operator.attrgetter("_value_")
                return f"(sorted(map(_value_of, {value})) if {value} else [])"
            return f"sorted({value})"
        if attrs.has(kind) and depth < self.INLINE_DEPTH and value.isidentifier():
            return self.dict_expr(kind, value, depth)
        name = self.fresh("_u")
        self.namespace[name] = self.converter.get_unstructure_hook(kind)
        return f"{name}({value})"


_FAST = _fast_converter()
_DETAILED = _detailed_converter()
_PUBLIC = _unstructuring_converter(personal_data=False, native=False)
_PERSONAL = _unstructuring_converter(personal_data=True, native=False)
_PUBLIC_NATIVE = _unstructuring_converter(personal_data=False, native=True)
_ENCODER = msgspec.json.Encoder(order="deterministic") if _FAST_JSON else None


# Arrays of at least this many items, in data a read parsed itself, have each item's
# data let go once it is built (shorter ones go as a whole with their parent).
_HAND_BACK = 16


@attrs.frozen(eq=False, repr=False)
class Limits(Model):
    """How much a file may ask of the machine before it is refused.

    ``max_bytes``: the file's size in bytes (256 MiB); ``max_depth``: arrays and
    objects inside each other, and the parts of one dotted TOML key (64; a community
    nests about 10 deep); ``max_items``: values in all arrays and objects together,
    counted before parsing (20,000,000; the 3,281-household sample holds about
    450,000; each value costs the parser up to about 80 bytes); ``max_string``:
    characters in one string (1,000,000); ``max_problems``: problems listed when a
    file is invalid (100; the rest are counted, not described).  An application that
    reads uploads should lower them.

    Whatever the limits, integers are between -2^63 and 2^63-1, numbers are finite,
    and strings are Unicode text (no lone surrogates); see SECURITY.md for the cost
    of the largest file each limit admits.
    """

    max_bytes: int = 256 * 2**20
    max_depth: int = 64
    max_items: int = 20_000_000
    max_string: int = 1_000_000
    max_problems: int = 100

    __attrs_post_init__ = checks(
        max_bytes=int_range(1, 2**40),
        max_depth=int_range(1, 10_000),
        max_items=int_range(1, 2**40),
        max_string=int_range(1, 2**40),
        max_problems=int_range(1, 1_000_000),
    )


DEFAULT_LIMITS = Limits()


# --- public API -----------------------------------------------------------------------


def structure(data: Any, cls: type[T], *, max_problems: int = DEFAULT_LIMITS.max_problems) -> T:
    """Build a ``cls`` from JSON-ready ``data``.

    Raises :class:`~neighborly.errors.InvalidInput` with its problems and their paths:
    the first ``max_problems`` described, and how many more items failed
    (``InvalidInput.more``), counted without describing them.

    >>> from neighborly.places import Household
    >>> structure({"id": "h1", "room": "301", "area_m2": "89.5"}, Household).area_m2
    Decimal('89.5')
    """
    hook = _FAST.get_structure_hook(cls)
    with _collector_paused():
        try:
            return hook(data, cls)  # type: ignore[no-any-return]
        except Exception:  # walk again, slowly, to say exactly what is wrong
            problems, more = _problems(data, cls, max_problems)
    if not problems:  # pragma: no cover - the two converters accept the same input
        return _DETAILED.structure(data, cls)
    raise InvalidInput(problems, more=more)


def _problems(data: Any, cls: type, max_problems: int) -> tuple[list[Problem], int]:
    """The first ``max_problems`` problems, and how many more were found."""
    budget = _Budget(max_problems)
    token = _BUDGET.set(budget)
    try:
        _DETAILED.structure(data, cls)
    except Exception as exc:
        walked = _walk(exc, "$", data)
        listed = list(itertools.islice(walked, max_problems))
        unlisted = sum(1 for _ in walked)
    else:
        return [], 0
    finally:
        _BUDGET.reset(token)
    return listed, unlisted + budget.more


def _walk(
    exc: BaseException, path: str, value: Any, *, withhold: bool = False
) -> Iterator[Problem]:
    """Every problem inside a (possibly nested) structuring failure, with its path;
    below a personal field (``withhold``) no received value is shown."""
    if isinstance(exc, IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            index = note.index
            listed = isinstance(value, (list, tuple)) and isinstance(index, int)
            yield from _walk(
                inner, f"{path}[{index}]", value[index] if listed else None, withhold=withhold
            )
        for inner in without:
            yield from _walk(inner, path, value, withhold=withhold)
    elif isinstance(exc, ClassValidationError):
        attr_notes, others = exc.group_exceptions()
        personal = personal_fields(exc.cl)
        for inner, attr_note in attr_notes:
            child = value.get(attr_note.name) if isinstance(value, dict) else None
            private = withhold or attr_note.name in personal
            yield from _walk(inner, f"{path}.{attr_note.name}", child, withhold=private)
        for inner in others:
            yield from _walk(inner, path, value, withhold=withhold)
    elif not isinstance(exc, _Unlisted):
        for problem in _leaf_problems(exc, path, value):
            yield attrs.evolve(problem, actual=withheld(value)) if withhold else problem


def _leaf_problems(exc: BaseException, path: str, value: Any) -> Iterator[Problem]:
    if isinstance(exc, InvalidInput):
        for problem in exc.problems:
            yield problem.under(path)
        budget = _BUDGET.get(None)
        if budget is not None:
            budget.more += exc.more
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = ", ".join(f.name for f in attrs.fields(exc.cl) if f.init)
        for key in sorted(exc.extra_fields):
            yield Problem(
                f"{path}.{key}",
                Text(
                    f"no such field: {exc.cl.__name__} has {known}",
                    f"不存在该字段：{exc.cl.__name__} 的字段为 {known}",
                ),
                describe(value.get(key) if isinstance(value, dict) else None, from_data=True),
            )
    elif isinstance(exc, _Bad):
        yield Problem(path, exc.expected, describe(exc.value, from_data=True))
    elif isinstance(exc, KeyError):
        yield Problem(
            path,
            Text("a value: this field is required", "一个值：该字段必填"),
            Text("nothing (the field is missing)", "无（缺少该字段）"),
        )
    else:
        yield Problem(path, Text("a valid value", "有效的值"), Text.same(str(exc)))


MIN_PURPOSE_LETTERS = 4
"""The fewest letters a purpose may have (四个汉字, or a short English word)."""


def is_purpose(purpose: object) -> bool:
    """Whether ``purpose`` says why personal data is exported in words: printable
    text (no control or invisible format characters) with at least
    :data:`MIN_PURPOSE_LETTERS` letters.  ``"."``, ``"\\u200b"`` and ``"\\x00"`` are not.
    """
    return (
        type(purpose) is str
        and purpose.isprintable()
        and sum(1 for c in purpose if c.isalpha()) >= MIN_PURPOSE_LETTERS
    )


def _check_purpose(personal_data: bool, purpose: str | None) -> None:  # noqa: FBT001 - mirrors the keywords
    if personal_data and not is_purpose(purpose):
        raise InvalidInput(
            [
                Problem(
                    "$.purpose",
                    Text(
                        "the purpose of exporting personal data, in words: at least "
                        f"{MIN_PURPOSE_LETTERS} letters, no control characters (PIPL Art. 6)",
                        f"导出个人信息的目的，须用文字说明：至少 {MIN_PURPOSE_LETTERS} 个字，"
                        "不含控制字符（《个人信息保护法》第六条）",
                    ),
                    describe(purpose),
                )
            ]
        )


def unstructure(obj: Any, *, personal_data: bool = False, purpose: str | None = None) -> Any:
    """Turn a model (or a tuple, list or dict of models) into JSON-ready data.

    Personal data is left out unless ``personal_data=True`` is passed explicitly with a
    ``purpose`` (say why it is exported; without one,
    :class:`~neighborly.errors.InvalidInput` names ``$.purpose``).
    """
    _check_purpose(personal_data, purpose)
    converter = _PERSONAL if personal_data else _PUBLIC
    with _collector_paused():
        return converter.unstructure(obj)


def dumps(
    obj: Any, *, personal_data: bool = False, purpose: str | None = None, indent: bool = False
) -> bytes:
    """A model as UTF-8 JSON bytes, ready to write to a file or a response.

    Personal data is left out unless ``personal_data=True`` with a ``purpose`` (see
    :func:`unstructure`).  ``indent`` writes two
    spaces a level.  Keys come in alphabetical order and sets sorted, so equal
    models always give equal bytes.  (Bytes, like msgspec and orjson: call
    ``.decode()`` for a ``str``.)

    With the ``fast`` extra installed, msgspec encodes the models directly when
    everything is to be written, and encodes the plain data otherwise.
    """
    _check_purpose(personal_data, purpose)
    with _collector_paused():
        if _ENCODER is None:
            data = unstructure(obj, personal_data=personal_data, purpose=purpose)
            text = json.dumps(data, ensure_ascii=False, indent=2 if indent else None)
            return text.encode("utf-8")
        # Models encode directly, except what holds datetimes (msgspec writes no zone
        # names), which goes through plain data first, as does everything without
        # personal data (msgspec cannot leave fields out).
        kind = typing.cast("Hashable", type(obj))  # classes hash; mypy does not know type[Any] does
        if not personal_data or not attrs.has(type(obj)):
            data = (_PERSONAL if personal_data else _PUBLIC_NATIVE).unstructure(obj)
        elif not _holds_datetimes(kind):
            data = obj
        else:
            data = {
                key: _PERSONAL.unstructure(getattr(obj, name), hint)
                if dated
                else getattr(obj, name)
                for key, name, hint, dated in _encoding_plan(kind)
            }
        encoded = _ENCODER.encode(data)
        return msgspec.json.format(encoded, indent=2) if indent else encoded


_INT_LOW, _INT_HIGH = -(2**63), 2**63 - 1


def _over_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise InvalidInput(
            [
                Problem(
                    "$",
                    Text(
                        f"a file of at most {limits.max_bytes:,} bytes (Limits.max_bytes)",
                        f"不超过 {limits.max_bytes:,} 字节的文件（Limits.max_bytes）",
                    ),
                    Text(f"{size:,} bytes", f"{size:,} 字节"),
                )
            ]
        )


def _within(data: Any, limits: Limits, *, check_text: bool) -> int:
    """Refuse data deeper, larger or with longer strings than ``limits`` allow, or with
    integers, numbers or (when ``check_text``) strings no rule can use, naming the
    first place that is (a fast walk first; paths only when something is over).
    Returns the number of keys of all objects together.

    The walk keeps one iterator per level it is in, so its memory grows with the
    depth, not with the number of values."""
    max_depth, max_string, max_items = limits.max_depth, limits.max_string, limits.max_items
    items = keys = 0
    stack: list[tuple[Iterator[Any], int]] = []
    over = type(data) is str and len(data) > max_string
    if type(data) is dict or type(data) is list:
        stack.append((iter([data]), 1))
    while stack and not over:
        values, depth = stack[-1]
        for item in values:
            kind = type(item)
            if kind is dict or kind is list:
                items += len(item)
                if kind is dict:
                    keys += len(item)
                    over = bool(item) and max(map(len, item)) > max_string
                over = over or depth > max_depth or items > max_items
                if over or item:
                    stack.append((iter(item.values() if kind is dict else item), depth + 1))
                    break
            elif kind is str:
                over = len(item) > max_string
            elif kind is int:
                over = not _INT_LOW <= item <= _INT_HIGH
            elif kind is float:
                over = not math.isfinite(item)
            if over:
                break
        else:
            stack.pop()
    if over or (check_text and not _all_text(data)) or not _plain_leaf(data):
        raise InvalidInput([_limit_problem(data, limits)])
    return keys


def _plain_leaf(value: Any) -> bool:
    """Whether a value outside any array or object is within bounds."""
    if type(value) is int:
        return bool(_INT_LOW <= value <= _INT_HIGH)
    if type(value) is float:
        return math.isfinite(value)
    return type(value) is not str or _is_text(value)


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _all_text(data: Any) -> bool:
    """Whether every string and key in ``data`` is Unicode text (no lone surrogates)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if type(value) is dict:
            if not all(map(_is_text, value)):
                return False
            stack.extend(value.values())
        elif type(value) is list:
            stack.extend(value)
        elif type(value) is str and not _is_text(value):
            return False
    return True


def _too_many(limits: Limits, found: Text) -> Problem:
    return Problem(
        "$",
        Text(
            f"at most {limits.max_items:,} values in all (Limits.max_items)",
            f"总计不超过 {limits.max_items:,} 个值（Limits.max_items）",
        ),
        found,
    )


def _leaf_over(value: Any, path: str, limits: Limits) -> Problem | None:
    """What is wrong with a string or number, if anything."""
    kind = type(value)
    if kind is str:
        if len(value) > limits.max_string:
            return Problem(
                path,
                Text(
                    f"a string of at most {limits.max_string:,} characters (Limits.max_string)",
                    f"不超过 {limits.max_string:,} 个字符的字符串（Limits.max_string）",
                ),
                Text(f"{len(value):,} characters", f"{len(value):,} 个字符"),
            )
        return None if _is_text(value) else _not_text(path)
    if (kind is int or kind is float) and not _plain_leaf(value):
        return _number_problem(path, value)
    return None


def _limit_problem(data: Any, limits: Limits) -> Problem:
    items = 0
    stack: list[tuple[Any, int, str]] = [(data, 1, "$")]
    while stack:
        value, depth, path = stack.pop()
        kind = type(value)
        if kind is not dict and kind is not list:
            wrong = _leaf_over(value, path, limits)
            if wrong is not None:
                return wrong
            continue
        if depth > limits.max_depth:
            return Problem(
                path,
                Text(
                    f"arrays and objects nested at most {limits.max_depth} deep (Limits.max_depth)",
                    f"数组与对象嵌套不超过 {limits.max_depth} 层（Limits.max_depth）",
                ),
                Text(f"deeper than {limits.max_depth}", f"超过 {limits.max_depth} 层"),
            )
        items += len(value)
        if items > limits.max_items:
            return _too_many(
                limits,
                Text(f"more than {limits.max_items:,}", f"超过 {limits.max_items:,} 个"),
            )
        if kind is dict:
            for key, item in reversed(list(value.items())):
                if len(key) > limits.max_string:
                    return Problem(
                        path,
                        Text(
                            "keys of ordinary length (Limits.max_string)",
                            "长度正常的键（Limits.max_string）",
                        ),
                        Text(f"a key of {len(key):,} characters", f"{len(key):,} 个字符的键"),
                    )
                if not _is_text(key):
                    return _not_text(path)
                stack.append((item, depth + 1, f"{path}.{key}"))
        else:
            stack.extend(
                (value[i], depth + 1, f"{path}[{i}]") for i in range(len(value) - 1, -1, -1)
            )
    return Problem(  # pragma: no cover - the two walks judge alike
        "$",
        Text("data within Limits", "不超出 Limits 的数据"),
        Text("data over a limit", "超出限制的数据"),
    )


def _not_text(path: str) -> Problem:
    return Problem(
        path,
        Text("Unicode text", "Unicode 文本"),
        Text(
            "a lone surrogate (an unpaired \\uD800-\\uDFFF escape)",
            "孤立的代理码元（未配对的 \\uD800-\\uDFFF 转义）",
        ),
    )


def _digits(value: int) -> int:
    """How many decimal digits ``value`` has, without writing it out (Python refuses
    to for more than 4,300)."""
    bits = abs(value).bit_length()
    estimate = max(1, int(bits * 0.30102999566398120))  # log10(2)
    return estimate + int(abs(value) >= 10**estimate)


def _number_problem(path: str, value: float) -> Problem:
    if type(value) is int:
        return Problem(
            path,
            Text("an integer between -2^63 and 2^63-1", "介于 -2^63 与 2^63-1 之间的整数"),
            Text(
                f"an integer of {_digits(value):,} digits",
                f"{_digits(value):,} 位的整数",
            ),
        )
    return Problem(
        path,
        Text("a finite number", "有限的数"),
        Text.same(repr(value)),
    )


def loads(
    content: str | bytes,
    cls: type[T],
    *,
    format: Format | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> T:
    """Parse JSON or TOML ``content`` and build a ``cls`` from it.

    Without ``format``, content whose first non-blank character is ``{`` (or ``[``,
    unless it opens a TOML table header such as ``[grids]``) is JSON and anything else
    TOML.  Syntax errors are reported as
    :class:`~neighborly.errors.InvalidInput` with the line and column; content over
    ``limits`` (size in UTF-8 bytes, nesting, number of values, string length) is
    refused, saying which limit and where, and so is a key given twice in one object.
    """
    with _collector_paused():
        return _load(_utf8(content, limits), cls, format, limits)


def _load(content: bytes, cls: type[T], format_: Format | None, limits: Limits) -> T:
    """Bytes to a model: parsed, held to ``limits`` and built.

    Where the model's own checks already refuse whatever the limits would (see
    :func:`_bounded_depth`), valid JSON is built without walking the data for the
    limits first: the nesting is the model's, the longest possible string is
    bounded from the bytes, and the keys are counted as the objects are built.
    Anything that fails is read again the slow way, so every problem is reported
    exactly as before.
    """
    _over_size(len(content), limits)
    data, format_ = _parse(content, format_, limits)
    if format_ == "json":
        depth = _bounded_depth(typing.cast("Hashable", cls))
        if (
            depth is not None
            and depth <= limits.max_depth
            and _strings_within(content, limits)
            and (not _surrogate_escape(content) or _all_text(data))
        ):
            built = _build_counting_keys(data, cls)  # lets go of the data as it builds
            if built is not None:
                model, keys = built
                if not _keys_match(content, keys):
                    _no_repeated_keys(content)
                return model
            data, format_ = _parse(content, format_, limits)
    _within_limits(content, data, format_, limits)
    return structure(data, cls, max_problems=limits.max_problems)


def _build_counting_keys(data: Any, cls: type[T]) -> tuple[T, int] | None:
    """The model built the fast way and the keys of the objects it was built from,
    or None when it does not build."""
    counted = [0]
    token = _KEYS.set(counted)
    try:
        model = _FAST.get_structure_hook(cls)(data, cls)
    except Exception:  # the slow way says what is wrong
        return None
    finally:
        _KEYS.reset(token)
    return model, counted[0]


def _strings_within(content: bytes, limits: Limits) -> bool:
    """Whether no string or key of JSON ``content`` can be longer than
    ``limits.max_string`` characters, judged from the bytes (False: not shown).

    A string of more than ``max_string`` characters takes more than that many bytes
    with no unescaped quote among them, and so covers every byte of some block of
    ``max_string // 2`` bytes counted from the start.  A quote with no backslash
    before it is never escaped: when every such block holds one, no string is too
    long.  A few searches of the bytes, each stopping at its block's first quote.
    """
    size = limits.max_string // 2
    if size < 1:
        return False
    find = content.find
    for start in range(0, len(content) - size + 1, size):
        end = start + size
        quote = find(b'"', start, end)
        while quote > 0 and content[quote - 1] == 0x5C:  # a backslash before it
            quote = find(b'"', quote + 1, end)
        if quote < 0:
            return False
    return True


def parse(
    content: str | bytes, *, format: Format | None = None, limits: Limits = DEFAULT_LIMITS
) -> Any:
    """The plain data (dicts, lists, strings, numbers) of JSON or TOML ``content``,
    checked against ``limits`` as :func:`loads` checks it before building a model.

    For a caller that must look at a document before choosing its model:

    >>> data = parse(b'{"id": "v1", "title": "t", "roll": [], "motions": []}')
    >>> "motions" in data
    True
    """
    content = _utf8(content, limits)
    _over_size(len(content), limits)
    with _collector_paused():
        data, format_ = _parse(content, format, limits)
        _within_limits(content, data, format_, limits)
        return data


def _utf8(content: str | bytes, limits: Limits) -> bytes:
    if isinstance(content, bytes):
        return content
    if len(content) > limits.max_bytes:  # each character is at least one byte
        _over_size(len(content), limits)
    try:
        return content.encode("utf-8")
    except UnicodeEncodeError as exc:
        where = Text(
            f"a lone surrogate at character {exc.start + 1:,}",
            f"第 {exc.start + 1:,} 个字符为孤立的代理码元",
        )
        raise InvalidInput([Problem("$", Text("Unicode text", "Unicode 文本"), where)]) from None


def _within_limits(content: bytes, data: Any, format_: Format, limits: Limits) -> None:
    """Walk parsed data for every limit, then look for a key given twice."""
    keys = _within(data, limits, check_text=format_ == "json" and _surrogate_escape(content))
    if format_ == "json" and keys and not _keys_match(content, keys):
        _no_repeated_keys(content)


# A JSON escape of a UTF-16 surrogate: the only way JSON text can carry a lone one.
_ESCAPED = re.compile(rb"\\u[dD][89a-fA-F]")


def _surrogate_escape(content: bytes) -> bool:
    """Whether JSON ``content`` may hold a lone surrogate (a single byte is looked for
    first: most files have no backslash at all)."""
    return b"\\" in content and _ESCAPED.search(content) is not None


# A key with blanks between it and its colon.
_KEY_APART = re.compile(rb'"[ \t\r\n]+:')


def _keys_match(content: bytes, keys: int) -> bool:
    """Whether JSON ``content`` writes exactly ``keys`` keys (the keys of the objects
    read from it), so that none was given twice; False when it cannot be told from
    the bytes alone (then :func:`_no_repeated_keys` reads the text again).

    A key ends in a quote and a colon; the two characters together come elsewhere only
    in a string, after an escaped quote, so they are at least as many as the keys
    written, and more when a key was given twice (the object read keeps one).  A key
    written apart from its colon would go uncounted and could hide a repeated one, so
    when the text has colons other than those, it is looked for.
    """
    written = content.count(b'":')
    if written != keys:
        return False
    if content.count(b":") == written or not any(map(content.__contains__, _BLANKS_1)):
        return True  # every colon follows a quote, or there is no blank to keep one apart
    return _KEY_APART.search(content) is None


_BLANKS_1 = (b" ", b"\t", b"\r", b"\n")


def _no_repeated_keys(content: bytes) -> None:
    """Refuse a key given twice in one object, naming its path.  Called only when a
    quick count of the keys in the text disagrees with the keys read (a repeated
    key, or a string that holds the two characters that end a key)."""
    data = json.loads(_decode(content.removeprefix(b"\xef\xbb\xbf")), object_pairs_hook=_Pairs)
    stack: list[tuple[Any, str]] = [(data, "$")]
    while stack:
        value, path = stack.pop()
        if type(value) is list:
            stack.extend((value[i], f"{path}[{i}]") for i in range(len(value) - 1, -1, -1))
        elif type(value) is _Pairs:
            seen: set[str] = set()
            for key, _ in value.items:
                if key in seen:
                    raise InvalidInput(
                        [
                            Problem(
                                f"{path}.{key}",
                                Text("each key once in an object", "对象中每个键只出现一次"),
                                Text(f'"{key}" given twice', f'"{key}" 出现两次'),
                            )
                        ]
                    )
                seen.add(key)
            stack.extend((item, f"{path}.{key}") for key, item in reversed(value.items))


class _Pairs:
    """An object as read, every key kept in order (to find a repeated one)."""

    __slots__ = ("items",)

    def __init__(self, items: list[tuple[str, Any]]) -> None:
        self.items = items


def load(
    source: str | os.PathLike[str] | bytes, cls: type[T], *, limits: Limits = DEFAULT_LIMITS
) -> T:
    """Read a ``cls`` from a JSON or TOML file (a path) or from its bytes.

    A path's suffix (``.json``, ``.toml``) chooses the format; bytes are sniffed.
    Unreadable files raise :class:`OSError` as usual; a file larger than
    ``limits.max_bytes`` is refused before it is read, and everything wrong *in* the
    file raises :class:`~neighborly.errors.InvalidInput` with its problems at once
    (the first ``limits.max_problems``, and how many more).
    """
    content, format_ = _read(source, limits)
    with _collector_paused():
        return _load(content, cls, format_, limits)


def load_data(source: str | os.PathLike[str] | bytes, *, limits: Limits = DEFAULT_LIMITS) -> Any:
    """The plain data of a JSON or TOML file (a path) or of its bytes, checked as
    :func:`load` checks it before building a model (see :func:`parse`).

    A path's suffix (``.json``, ``.toml``) chooses the format; bytes are sniffed.  A
    file larger than ``limits.max_bytes`` is refused before it is read.
    """
    content, format_ = _read(source, limits)
    return parse(content, format=format_, limits=limits)


def _read(source: str | os.PathLike[str] | bytes, limits: Limits) -> tuple[bytes, Format | None]:
    """The bytes of a path (its size checked first) and the format its suffix names."""
    if isinstance(source, bytes):
        return source, None
    path = Path(source)
    _over_size(path.stat().st_size, limits)
    suffix = path.suffix.lower()
    format_: Format | None = "toml" if suffix == ".toml" else "json" if suffix == ".json" else None
    return path.read_bytes(), format_


def load_community(
    source: str | os.PathLike[str] | bytes, *, limits: Limits = DEFAULT_LIMITS
) -> Community:
    """Read a community from a JSON or TOML file (a path) or from its bytes (see
    :func:`load`)."""
    return load(source, Community, limits=limits)


# --- a points ledger as JSON Lines ----------------------------------------------------


def book_lines(book: Book) -> Iterator[bytes]:
    """A points ledger as JSON Lines, one line at a time, each ending in a line feed.

    The first line holds the accounts and the catalogue
    (``{"accounts": [...], "catalogue": [...]}``), each line after it one entry,
    shaped as in a :class:`~neighborly.points.Book`'s ``entries``, and the last line
    ``{"head": "..."}`` when the book has a head.  Write them as they come (a
    million entries need not be held twice):

    >>> from neighborly.points import Account, AccountKind, Book
    >>> lines = list(book_lines(Book(accounts=(Account("shop", AccountKind.SINK),))))
    >>> lines
    [b'{"accounts":[{"budget":null,"holder":null,"id":"shop","kind":"sink","name":null}],"catalogue":[]}\\n']
    >>> load_book_lines(b"".join(lines)) == Book(accounts=(Account("shop", AccountKind.SINK),))
    True

    A ledger holds no personal data (holders are named by id), so nothing is left out.
    """
    with _collector_paused():
        header = _PUBLIC.unstructure(attrs.evolve(book, entries=(), head=None))
        del header["entries"], header["head"]
        yield _line(header)
        unstructure_entry = _PUBLIC.get_unstructure_hook(Entry)
        for entry in book.entries:
            yield _line(unstructure_entry(entry))
        if book.head is not None:
            yield _line({"head": book.head})


def _line(data: Any) -> bytes:
    if _ENCODER is not None:
        return _ENCODER.encode(data) + b"\n"
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


def load_book_lines(
    source: str | os.PathLike[str] | bytes | typing.BinaryIO, *, limits: Limits = DEFAULT_LIMITS
) -> Book:
    """Read a points ledger written as JSON Lines (see :func:`book_lines`) from a
    path, from its bytes or from a binary file object.

    A ledger grows without end, so its file is read a line at a time and the limits
    apply as follows: ``limits.max_bytes`` bounds each line (the file as a whole may
    be larger: a million entries take about 290 MB); ``limits.max_items`` bounds the
    values of all lines together, and so the memory the ledger takes (each entry
    holds at most 14); the other limits apply within each line.  A line longer than
    ``max_bytes`` stops the reading there, so the memory used stays bounded too.

    Everything wrong is raised at once as :class:`~neighborly.errors.InvalidInput`
    (the first ``limits.max_problems`` problems, and how many more), each at the path
    it would have in the same ledger written as one JSON document: the first line's
    at ``$.accounts[...]`` and ``$.catalogue[...]``, the n-th entry's at
    ``$.entries[n-1]``, the head's at ``$.head``; a line that is not JSON names its
    line number.

    With the ``fast`` extra, entry lines written as neighborly writes them (every
    field, times with an offset and perhaps a zone name) are read up to 256 lines
    or 1 MiB at a time and built by msgspec, through the models' own checks; any
    other line is read on its own as above.  Either way the book, or the problems,
    are the same.
    """
    if isinstance(source, bytes):
        return _read_book_lines(io.BytesIO(source), limits)
    if isinstance(source, (str, os.PathLike)):
        with Path(source).open("rb") as stream:
            return _read_book_lines(stream, limits)
    return _read_book_lines(source, limits)


_STRUCTURE_ENTRY: Callable[[Any, Any], Entry] = _FAST.get_structure_hook(Entry)


class _Lines:
    """What reading a JSON Lines ledger has found so far."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.problems: list[Problem] = []
        self.more = 0
        self.left = limits.max_items  # values still allowed
        self.header: Book | None = None
        self.entries: list[Entry] = []
        self.head: str | None = None
        self.closed = False  # the head's line has been read
        self.stopped = False
        # Whether an entry that builds is within max_depth (as _load asks of a model)
        depth = _bounded_depth(Entry)
        self.shallow = depth is not None and depth <= limits.max_depth

    def fail(self, problems: Iterable[Problem], more: int = 0) -> None:
        room = self.limits.max_problems - len(self.problems)
        found = list(problems)
        self.problems.extend(found[: max(room, 0)])
        self.more += max(len(found) - max(room, 0), 0) + more

    def take(self, values: int) -> bool:
        """Count ``values`` against ``max_items``; False (and a problem) when over."""
        self.left -= values
        if self.left >= 0:
            return True
        found = Text(
            f"more than {self.limits.max_items:,} values in the lines read so far",
            f"已读各行超过 {self.limits.max_items:,} 个值",
        )
        self.fail([_too_many(self.limits, found)])
        self.stopped = True
        return False


# Entry lines are read in batches of at most this many lines and bytes: each batch
# parsed and built together when every line in it is an entry written as
# neighborly writes one (see _plain_entries), else one line at a time.
_BATCH_LINES = 256
_BATCH_BYTES = 2**20


def _read_book_lines(stream: typing.BinaryIO, limits: Limits) -> Book:
    found = _Lines(limits)
    readline, cap = stream.readline, limits.max_bytes + 2  # a line, then \r\n
    number = first = size = 0  # lines read; the first line of the batch; its bytes
    batch: list[bytes] = []
    with _collector_paused():
        while not found.stopped:
            line = readline(cap)
            if not line:
                break
            number += 1
            body = line[:-1] if line[-1:] == b"\n" else line
            if body[-1:] == b"\r":
                body = body[:-1]
            if len(body) > limits.max_bytes:
                _read_entries(batch, first, found)  # the lines before it come first
                batch = []
                if not found.stopped:
                    found.fail([_long_line(number, limits)])
                break
            if number == 1:
                _read_header(body.removeprefix(b"\xef\xbb\xbf"), found)
                continue
            if not batch:
                first, size = number, 0
            batch.append(body)
            size += len(body)
            if len(batch) == _BATCH_LINES or size >= _BATCH_BYTES:
                _read_entries(batch, first, found)
                batch = []
        _read_entries(batch, first, found)
    if number == 0:
        found.fail([_no_header()])
    if found.problems or found.more:
        raise InvalidInput(found.problems, more=found.more)
    header = typing.cast("Book", found.header)
    return Book(header.accounts, header.catalogue, tuple(found.entries), found.head)


def _read_entries(bodies: list[bytes], first: int, found: _Lines) -> None:
    """Lines ``first``, ``first + 1``, ... after the first line: entries, the head,
    and nothing after the head."""
    if bodies and not found.closed and not found.stopped:
        made = _plain_entries(bodies, found)
        if made is not None:
            found.entries.extend(made)
            return
    for number, body in enumerate(bodies, first):
        if found.stopped:
            return
        if found.closed:
            found.fail([_after_head(number)])
            found.stopped = True
            return
        _read_entry(body, number, found)


# An entry holds 14 values: the entry's three fields and its posting's eleven.
_ENTRY_VALUES = 14
# An entry line exactly as book_lines writes it: every field once, in order, no
# other; strings without escapes (so no quote inside one and no lone surrogate);
# the time in one of the shapes msgspec and _structure_datetime read alike, with
# the name of its zone, if any, after it.
_STRING = rb'"[^"\\\n]*"'
_OPT_STRING = rb'(?:null|"[^"\\\n]*")'
_INT = rb"-?(?:0|[1-9][0-9]*)"
_ZONE = rb"\[([A-Za-z0-9_+/-]{1,64})\]"
_PLAIN_LINE = re.compile(
    b"".join(
        [
            rb'\{"posting":\{"at":"' + _MOMENT.encode() + rb"(?:" + _ZONE + rb')?"',
            rb',"item":' + _OPT_STRING,
            rb',"key":' + _STRING,
            rb',"kind":"[a-z]+"',
            rb',"memo":' + _OPT_STRING,
            rb',"points":' + _INT,
            rb',"quantity":(?:null|' + _INT + rb")",
            rb',"record":' + _OPT_STRING,
            rb',"reverses":' + _OPT_STRING,
            rb',"source":' + _STRING,
            rb',"target":' + _STRING,
            rb'\},"prev":' + _STRING,
            rb',"seq":' + _INT + rb"\}",
        ]
    ),
    re.ASCII,
).fullmatch
# msgspec builds attrs models itself, running their checks (__attrs_post_init__).
_decode_entry_lines: Callable[[bytes], list[Entry]] | None = (
    msgspec.json.Decoder(Entry).decode_lines if _FAST_JSON else None
)


def _plain_entries(bodies: list[bytes], found: _Lines) -> list[Entry] | None:
    """The entries of ``bodies`` when each line holds one entry exactly as neighborly
    writes it (see _PLAIN_LINE), within the limits, and each builds: parsed and
    built together by msgspec, with the models' own checks.  None when any line is
    otherwise (a field left out, an escape in a string, a problem, the head): the
    lines are then read one at a time, as they would be without this path, and say
    what is wrong."""
    decode, count = _decode_entry_lines, len(bodies)
    if (
        decode is None
        or not found.shallow
        or count * _ENTRY_VALUES > found.left
        or max(map(len, bodies)) > found.limits.max_string  # a string might be longer
    ):
        return None
    matches = [match for match in map(_PLAIN_LINE, bodies) if match is not None]
    if len(matches) != count:
        return None
    joined = b"\n".join(bodies)
    zones: list[bytes | None] = [match[1] for match in matches]  # a zone's name, or None
    named = {zone for zone in zones if zone is not None}
    # msgspec reads offsets only: the names come out here and the zones go back on
    # below.  A name is followed by the next field's key, which no string is.
    for name in named:
        joined = joined.replace(b"[" + name + b']","item":', b'","item":')
    try:
        made = decode(joined)
        if named:
            tzs = {name: ZoneInfo(name.decode()) for name in named}
            for entry, zone in zip(made, zones, strict=True):
                if zone is not None:
                    posting = entry.posting
                    moment = _zoned(posting.at, tzs[zone])
                    if moment is None:  # read line by line, which says so
                        return None
                    object.__setattr__(posting, "at", moment)
    except (msgspec.MsgspecError, ValueError, TypeError, KeyError, OSError):
        return None  # InvalidInput is a ValueError, a zone not found a KeyError
    found.take(count * _ENTRY_VALUES)
    return made


def _read_entry(body: bytes, number: int, found: _Lines) -> None:
    """One line after the first: an entry, or the head."""
    where = number - 2  # the second line holds the first entry
    # A line no longer than the values still allowed, twice over, cannot hold more
    # of them than are left; only a longer one is counted first.
    if len(body) // 2 + 1 > found.left and _json_values(body) > found.left:
        found.take(found.left + 1)  # over: say so, and stop
        return
    data: Any = None
    try:
        data = decode_json(body)
        entry = _STRUCTURE_ENTRY(data, Entry)
    except Exception:  # read the line again, slowly, to say what is wrong
        if type(data) is dict and "head" in data and "posting" not in data:
            _read_head(body, number, found)
        else:
            _entry_problems(body, number, where, found)
        return
    # The entry's two objects hold every value the line has (a line with anything
    # else fails to build), so they are the count of its keys too.
    values = len(data) + len(data["posting"])
    if (
        not found.shallow  # an entry may be deeper than max_depth
        or len(body) > found.limits.max_string  # a string may be over max_string
        or not _keys_match(body, values)  # a key given twice?
        or _surrogate_escape(body)  # a lone surrogate?
    ):
        problems = _checked_line(body, number, found.limits)[0]
        if problems:
            found.fail(p.under(f"$.entries[{where}]") for p in problems)
            return
    if found.take(values):
        found.entries.append(entry)


def _checked_line(body: bytes, number: int, limits: Limits) -> tuple[list[Problem], Any]:
    """One line read as :func:`parse` reads a document (its JSON, its limits, a key
    given twice): the problems, or none and the line's data.  A line that is not JSON
    is named by its number in the file."""
    try:
        json.loads(body)
    except json.JSONDecodeError as exc:
        where = Text(
            f"{exc.msg} at line {number:,}, column {exc.colno:,}",
            f"第 {number:,} 行第 {exc.colno:,} 列：{exc.msg}",
        )
        return [Problem("$", Text("valid JSON", "有效的 JSON"), where)], None
    except (RecursionError, ValueError):  # too deep, not UTF-8, ...: parse says which
        pass
    try:
        return [], parse(body, format="json", limits=limits)
    except InvalidInput as exc:
        return list(exc.problems), None


def _read_header(body: bytes, found: _Lines) -> None:
    problems, data = _checked_line(body, 1, found.limits)
    if problems:
        found.fail(problems)
        return
    if type(data) is dict and ("entries" in data or "head" in data):
        key = "entries" if "entries" in data else "head"
        expected = Text(
            "only the accounts and the catalogue on the first line: each entry on a line"
            " of its own, and the head on the last",
            "第一行只写账户与兑换目录：每条记录各占一行，头哈希写在最后一行",
        )
        found.fail([Problem(f"$.{key}", expected, describe(data[key], from_data=True))])
        return
    try:
        found.header = structure(data, Book, max_problems=found.limits.max_problems)
    except InvalidInput as exc:
        found.fail(exc.problems, exc.more)
    else:
        found.take(_values_in(data))


def _read_head(body: bytes, number: int, found: _Lines) -> None:
    found.closed = True
    problems, data = _checked_line(body, number, found.limits)
    if problems:
        found.fail(problems)
        return
    try:
        found.head = structure(data, Book, max_problems=found.limits.max_problems).head
    except InvalidInput as exc:
        found.fail(exc.problems, exc.more)
    else:
        found.take(_values_in(data))


def _entry_problems(body: bytes, number: int, where: int, found: _Lines) -> None:
    problems, data = _checked_line(body, number, found.limits)
    more = 0
    if not problems:
        try:
            structure(data, Entry, max_problems=found.limits.max_problems)
        except InvalidInput as exc:
            problems, more = list(exc.problems), exc.more
    found.fail((p.under(f"$.entries[{where}]") for p in problems), more)


def _values_in(data: Any) -> int:
    """The values in all arrays and objects of plain data."""
    count, stack = 0, [data]
    while stack:
        value = stack.pop()
        if type(value) is dict:
            count += len(value)
            stack.extend(value.values())
        elif type(value) is list:
            count += len(value)
            stack.extend(value)
    return count


def _long_line(number: int, limits: Limits) -> Problem:
    return Problem(
        "$",
        Text(
            f"lines of at most {limits.max_bytes:,} bytes (Limits.max_bytes)",
            f"每行不超过 {limits.max_bytes:,} 字节（Limits.max_bytes）",
        ),
        Text(f"line {number:,} is longer", f"第 {number:,} 行更长"),
    )


def _after_head(number: int) -> Problem:
    return Problem(
        "$.head",
        Text("the head on the last line", "头哈希在最后一行"),
        Text(f"line {number:,} after it", f"其后还有第 {number:,} 行"),
    )


def _no_header() -> Problem:
    return Problem(
        "$",
        Text(
            "a ledger: its accounts and catalogue on the first line",
            "台账：第一行为账户与兑换目录",
        ),
        Text("an empty file", "空文件"),
    )


def _parse(content: bytes, format_: Format | None, limits: Limits) -> tuple[Any, Format]:
    content = content.removeprefix(b"\xef\xbb\xbf")
    if format_ is None:
        format_ = _sniff(content)
    _values_within(content, format_, limits)
    if format_ == "json" and _FAST_JSON:
        try:
            return msgspec.json.decode(content), format_
        except (msgspec.MsgspecError, UnicodeDecodeError, RecursionError):
            pass  # parsed again below, to report what and where
    text = _decode(content)
    if format_ == "json":
        try:
            return json.loads(text, parse_constant=_no_constant), format_
        except RecursionError:
            raise _too_deep("JSON") from None
        except json.JSONDecodeError as exc:
            line, column = exc.lineno, exc.colno
            where = Text(
                f"{exc.msg} at line {line}, column {column}",
                f"第 {line} 行第 {column} 列：{exc.msg}",
            )
            raise InvalidInput([Problem("$", Text("valid JSON", "有效的 JSON"), where)]) from None
        except InvalidInput:  # NaN or Infinity
            raise
        except ValueError:  # an integer longer than Python reads (4,300 digits)
            raise _too_long_integer() from None
    _toml_keys_within(text, limits)
    try:
        return tomllib.loads(text), format_
    except RecursionError:
        raise _too_deep("TOML") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(
            [Problem("$", Text("valid TOML", "有效的 TOML"), Text.same(str(exc)))]
        ) from None
    except ValueError:  # an integer longer than Python reads (4,300 digits)
        raise _too_long_integer() from None


def _values_within(content: bytes, format_: Format, limits: Limits) -> None:
    """Refuse, before it is parsed, text that holds more than ``limits.max_items``
    values, so that the limit bounds the parser's memory too.

    Each value in an array or object but the first follows a comma (in TOML, a key
    follows its ``=`` too, and each dot of a dotted key may open a table), and each
    non-empty array or object holds a first one.  These characters are counted in
    the text as it is.  For JSON, when there are more of them than the limit, the
    count is made exact by leaving out strings.  For TOML the count stays an upper
    bound (a key of an inline table counts twice; dots in numbers, strings and
    comments count too): a TOML file with more separators than the limit is
    refused.
    """
    if len(content) <= limits.max_items:
        return  # each character counted is a byte of the text: never more than it
    # in TOML, each dot of a dotted key may open a table
    separators = (b",", b"=", b".") if format_ == "toml" else (b",",)
    values = sum(map(content.count, (*separators, b"[", b"{")))
    if values <= limits.max_items:
        return
    if format_ == "toml":
        found = Text(
            f"{values:,} keys, dots, commas and opened arrays and tables",
            f"{values:,} 个键、点号、逗号及数组与表的开括号",
        )
    else:
        values = _json_values(content)
        if values <= limits.max_items:
            return
        found = Text(f"{values:,} values", f"{values:,} 个值")
    raise InvalidInput([_too_many(limits, found)])


# A JSON string, taken out when values are counted: linear in its length.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_BLANKS = re.compile(rb"[ \t\r\n]+")


def _json_values(content: bytes, chunk: int = 2**20) -> int:
    """The values in all arrays and objects of JSON text, counted without parsing:
    commas and non-empty arrays and objects outside strings.  The text is read in
    pieces of about ``chunk`` bytes, each cut before a string that does not end in
    it, so the memory used stays near ``chunk`` (or the longest string)."""
    values, start, size = 0, 0, chunk
    while start < len(content):
        end = start + size
        piece = content[start:end]
        bare = _JSON_STRING.sub(b"0", piece)
        if end < len(content):
            # A string that does not end in the piece, and an array or object
            # opened at its end, are left for the next piece (the text after them
            # is as it was: no string was taken out there).
            unended = bare.find(b'"')
            kept = len(bare[: len(bare) if unended < 0 else unended].rstrip(b" \t\r\n[{"))
            if kept == 0:
                size *= 2  # a string or a run of brackets longer than the piece
                continue
            bare, end = bare[:kept], end - (len(bare) - kept)
        bare = _BLANKS.sub(b"", bare)
        values += bare.count(b",") + bare.count(b"[") + bare.count(b"{")
        values -= bare.count(b"[]") + bare.count(b"{}")
        start, size = end, chunk
    return values


# A TOML table header of bare keys, as a file's first line: `[grids]`, `[[staff]]`.
_TOML_HEADER = re.compile(rb"\s*\[\[?[ \t]*[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*[ \t]*\]")


def _sniff(content: bytes) -> Format:
    """JSON when the first non-blank character opens an object (or an array that is
    not a TOML table header); TOML otherwise."""
    head = content[:256].lstrip()[:1]
    if head == b"{" or (head == b"[" and _TOML_HEADER.match(content) is None):
        return "json"
    return "toml"


def _no_constant(name: str) -> float:
    raise InvalidInput(
        [
            Problem(
                "$",
                Text("valid JSON (finite numbers only)", "有效的 JSON（只含有限数）"),
                Text.same(name),
            )
        ]
    )


def _too_long_integer() -> InvalidInput:
    return InvalidInput(
        [
            Problem(
                "$",
                Text("integers between -2^63 and 2^63-1", "介于 -2^63 与 2^63-1 之间的整数"),
                Text("an integer of more than 4,300 digits", "超过 4,300 位的整数"),
            )
        ]
    )


# A TOML key of more than a few parts: bare or quoted parts joined by dots.  A bare
# part is matched whole (the lookahead stops the engine from trying it shorter) and a
# chain starts only where no part or dot is before it, so each character is looked at
# a bounded number of times: the search is linear in the text.  (Possessive
# quantifiers would say the same, from Python 3.11 only.)
_PART = r"""(?:[A-Za-z0-9_-]+(?![A-Za-z0-9_-])|"[^"\n]*"|'[^'\n]*')"""


@functools.lru_cache(maxsize=8)
def _dotted(parts: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9_.-]){_PART}(?:[ \t]*\.[ \t]*{_PART}){{{parts},}}")


def _toml_keys_within(text: str, limits: Limits) -> None:
    """Refuse a dotted key or table header of more than ``limits.max_depth`` parts
    before the TOML parser sees it: its work grows with the square of the parts.
    (A string value of that many dotted words is refused too; none is expected.)"""
    found = _dotted(limits.max_depth).search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        raise InvalidInput(
            [
                Problem(
                    "$",
                    Text(
                        f"TOML keys of at most {limits.max_depth} dotted parts (Limits.max_depth)",
                        f"TOML 键最多 {limits.max_depth} 段（Limits.max_depth）",
                    ),
                    Text(
                        f"more than {limits.max_depth} parts at line {line}",
                        f"第 {line} 行超过 {limits.max_depth} 段",
                    ),
                )
            ]
        )


def _too_deep(language: str) -> InvalidInput:
    return InvalidInput(
        [
            Problem(
                "$",
                Text(f"valid {language} of ordinary depth", f"层级正常的有效 {language}"),
                Text("arrays or objects nested too deeply to read", "数组或对象嵌套过深，无法读取"),
            )
        ]
    )


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            [
                Problem(
                    "$",
                    Text("UTF-8 text", "UTF-8 编码的文本"),
                    Text(
                        f"a byte that is not UTF-8 at offset {exc.start}",
                        f"偏移 {exc.start} 处有非 UTF-8 字节",
                    ),
                )
            ]
        ) from None
