"""Invariant checks that run when a model is constructed.

Each model declares, field by field, what it accepts::

    __attrs_post_init__ = checks(id=IDENT, area_m2=POSITIVE_DECIMAL)

:func:`checks` compiles the declarations into one ``__attrs_post_init__`` whose
common path is a single boolean expression (cheap enough for loading 100,000
households); only when that expression fails does it walk every field again and
raise :class:`~neighborly.errors.InvalidInput` listing *every* problem with its
field path, what was expected and what arrived.  Both paths come from the same
expression, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs

from neighborly._model import Model
from neighborly.errors import InvalidInput, Problem
from neighborly.text import Text

__all__ = [
    "AREA_M2",
    "AWARE",
    "BOOL",
    "COUNT",
    "DATE",
    "DECIMAL_DIGITS_BEFORE_POINT",
    "FIRST_YEAR",
    "IDENT",
    "LAST_YEAR",
    "MAX_DECIMAL_DIGITS",
    "OPT_DATE",
    "OPT_PHONE",
    "OPT_PROSE",
    "OPT_TEXT",
    "PERSONAL_KEY",
    "POSITIVE_DECIMAL",
    "PROSE",
    "STR",
    "TEXT",
    "TEXTS",
    "TIME",
    "WEEKDAYS",
    "Check",
    "Where",
    "checks",
    "describe",
    "duplicate_ids",
    "enum_set",
    "field_checks",
    "field_problems",
    "int_range",
    "is_enum",
    "is_phone",
    "is_prose",
    "of_type",
    "one_line",
    "opt",
    "personal_fields",
    "plain_decimal",
    "string_set",
    "tuple_of",
    "unlisted",
    "withheld",
]

MAX_ID_LENGTH = 128

MAX_DESCRIBED = 1_000
"""The most problems a model's own checks describe; the rest are only counted."""


@attrs.frozen(eq=False, repr=False)
class Check(Model):
    """What one field accepts: a boolean expression over ``{v}`` and its description."""

    expr: str
    expected: Text
    names: Mapping[str, object] = attrs.field(factory=dict)


PERSONAL_KEY = "neighborly.personal"
"""The field metadata key that marks personal data (see :data:`neighborly.personal.PERSONAL`)."""


def personal_fields(cls: type) -> frozenset[str]:
    """The names of the fields of the attrs class ``cls`` that hold personal data."""
    return _personal_fields(cls)


@functools.cache
def _personal_fields(cls: type) -> frozenset[str]:
    if not attrs.has(cls):
        return frozenset()
    return frozenset(f.name for f in attrs.fields(cls) if f.metadata.get(PERSONAL_KEY, False))


def withheld(value: object) -> Text:
    """How a received personal value is shown in a problem: never the value itself,
    only its type and length, so an error message, a log or the command's output
    carries no phone or ID number.

    >>> withheld("1381234567").en
    'a string of 10 characters (personal data, not shown)'
    """
    if isinstance(value, str):
        return Text(
            f"a string of {len(value)} characters (personal data, not shown)",
            f"{len(value)} 个字符的字符串（个人信息，不显示）",
        )
    if value is None or isinstance(value, (bool, list, tuple, dict)):
        return describe(value, from_data=True)
    if isinstance(value, (int, float)):
        return Text("a number (personal data, not shown)", "数字（个人信息，不显示）")
    return Text(
        f"a value of type {type(value).__name__} (personal data, not shown)",
        f"{type(value).__name__} 类型的值（个人信息，不显示）",
    )


def describe(value: object, *, from_data: bool = False) -> Text:
    """How a received value is shown in a problem: JSON where it can be, short either way.

    A list passed to a model in Python gets a hint to pass a tuple; in data read from
    a file (``from_data``) a list is simply an array.
    """
    if isinstance(value, (str, int, float, bool)) or value is None:
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, list) and from_data:
        return describe(tuple(value))
    elif isinstance(value, list):
        return Text(
            f"a list of {len(value)} (pass a tuple)", f"含 {len(value)} 项的列表（应传元组）"
        )
    elif isinstance(value, tuple):
        text = f"an array of {len(value)}" if value else "an empty array"
        return Text(text, f"含 {len(value)} 项的数组" if value else "空数组")
    elif isinstance(value, (dict, Mapping)):
        return Text("an object", "一个对象")
    elif isinstance(value, Enum):
        text = json.dumps(value.value, ensure_ascii=False)
    elif isinstance(value, (Decimal, dt.date)):
        text = str(value)
    else:
        text = f"a {type(value).__name__}"
    if len(text) > 60:
        text = text[:57] + "..."
    return Text.same(text)


IDENT = Check(
    f"type({{v}}) is str and 0 < len({{v}}) <= {MAX_ID_LENGTH} and {{v}}.strip() == {{v}}"
    " and {v}.isprintable()",
    Text(
        f"an identifier: a non-empty string of at most {MAX_ID_LENGTH} characters "
        "without surrounding spaces or control characters",
        f"标识符：非空字符串，最多 {MAX_ID_LENGTH} 个字符，首尾不能有空格，不含控制字符",
    ),
)
# What a terminal acts on rather than shows, and what starts a new line: C0 and C1
# controls, DEL, the line and paragraph separators.  One-line text refuses them all;
# prose keeps tab, line feed and carriage return.
_UNSHOWN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_UNSHOWN_IN_PROSE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(value: str) -> bool:
    """Whether ``value`` is shown on one line as it is: no control characters (tab
    and line breaks included) and no line or paragraph separator."""
    return value.isprintable() or _UNSHOWN_IN_LINE.search(value) is None


def is_prose(value: str) -> bool:
    """Whether ``value`` is text that may run over lines: control characters other
    than tab, line feed and carriage return are refused."""
    return value.isprintable() or _UNSHOWN_IN_PROSE.search(value) is None


TEXT = Check(
    "type({v}) is str and {v}.strip() != '' and _one_line({v})",
    Text(
        "a non-empty line of text, without line breaks or control characters",
        "非空的单行文本，不含换行或控制字符",
    ),
    {"_one_line": one_line},
)
TEXTS = Check(
    "type({v}) is tuple and all(type(x) is str and x.strip() != '' and _one_line(x) for x in {v})",
    Text(
        "an array of non-empty lines of text, without line breaks or control characters",
        "由非空单行文本组成的数组，不含换行或控制字符",
    ),
    {"_one_line": one_line},
)
PROSE = Check(
    "type({v}) is str and {v}.strip() != '' and _is_prose({v})",
    Text(
        "non-empty text; line breaks and tabs are kept, other control characters refused",
        "非空文本；可含换行和制表符，不含其他控制字符",
    ),
    {"_is_prose": is_prose},
)
BOOL = Check("type({v}) is bool", Text("true or false", "true 或 false"))
STR = Check("type({v}) is str", Text("a string", "字符串"))
COUNT = Check(
    "type({v}) is int and 0 <= {v} < 2**63",
    Text("a whole number, 0 or more (below 2^63)", "大于等于 0 的整数（小于 2^63）"),
)
FIRST_YEAR, LAST_YEAR = 1900, 2100
"""Every date and datetime falls in these years (both included): the years the lunar
tables cover, so every rule can compute with any date a model accepts (a deadline,
a term's end, a recurrence's next occurrence) without leaving the calendar."""

DATE = Check(
    f"type({{v}}) is _date and {FIRST_YEAR} <= {{v}}.year <= {LAST_YEAR}",
    Text(
        f"a date (YYYY-MM-DD) from {FIRST_YEAR} to {LAST_YEAR}",
        f"{FIRST_YEAR} 至 {LAST_YEAR} 年间的日期（YYYY-MM-DD）",
    ),
    {"_date": dt.date},
)
AWARE = Check(
    f"type({{v}}) is _datetime and {{v}}.utcoffset() is not None"
    f" and {FIRST_YEAR} <= {{v}}.year <= {LAST_YEAR}",
    Text(
        f"a datetime with a time zone (Asia/Shanghai by default), from {FIRST_YEAR} to {LAST_YEAR}",
        f"带时区的日期时间（默认 Asia/Shanghai），{FIRST_YEAR} 至 {LAST_YEAR} 年间",
    ),
    {"_datetime": dt.datetime},
)
WEEKDAYS = Check(
    "type({v}) is frozenset and {v} and all(type(d) is int and 0 <= d <= 6 for d in {v})",
    Text(
        "a non-empty set of weekdays, 0 (Monday) to 6 (Sunday)",
        "非空的星期集合，0（周一）至 6（周日）",
    ),
)
TIME = Check("type({v}) is _time", Text("a time of day", "一天中的时刻"), {"_time": dt.time})
MAX_DECIMAL_DIGITS = 28
"""The most significant digits (and decimal places) a decimal may have: what the
default arithmetic context keeps exactly."""
DECIMAL_DIGITS_BEFORE_POINT = 15
"""Every decimal is smaller in magnitude than 10^15 (an area of a billion square
kilometres), so sums over a city stay exact."""


def plain_decimal(value: Decimal) -> bool:
    """Whether ``value`` is finite, smaller in magnitude than 10^15, with at
    most :data:`MAX_DECIMAL_DIGITS` significant digits and decimal places: a number
    every rule can add, divide and format without overflow or rounding."""
    if not value.is_finite():
        return False
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - finite decimals have an int exponent
    return (
        len(digits) <= MAX_DECIMAL_DIGITS
        and exponent >= -MAX_DECIMAL_DIGITS
        and value.adjusted() < DECIMAL_DIGITS_BEFORE_POINT
    )


_PLAIN_DECIMAL = "type({v}) is _Decimal and _plain_decimal({v}) and {v} > 0"
_BOUND = "below 10^15, at most 28 digits"
_BOUND_ZH = "小于 10^15，最多 28 位数字"

POSITIVE_DECIMAL = Check(
    _PLAIN_DECIMAL,
    Text(f"a number greater than 0 ({_BOUND})", f"大于 0 的数（{_BOUND_ZH}）"),
    {"_Decimal": Decimal, "_plain_decimal": plain_decimal},
)

AREA_M2 = Check(
    _PLAIN_DECIMAL,
    Text(
        f"an area in square metres greater than 0 ({_BOUND})",
        f"大于 0 的面积（平方米；{_BOUND_ZH}）",
    ),
    {"_Decimal": Decimal, "_plain_decimal": plain_decimal},
)


def opt(check: Check) -> Check:
    """``check``, or null."""
    return Check(
        f"{{v}} is None or ({check.expr})",
        Text(f"{check.expected.en}, or null", f"{check.expected.zh}，或 null"),
        check.names,
    )


OPT_TEXT = opt(TEXT)
OPT_PROSE = opt(PROSE)


def is_phone(value: str) -> bool:
    """Whether ``value`` looks like a phone number: 5-20 digits, an optional leading ``+``,
    and ``-`` or space separators (mobile ``13812345678``, landline ``0371-12345678``)."""
    if value.isdigit():  # the common case: plain digits
        return 5 <= len(value) <= 20 and value.isascii()
    body = value[1:] if value.startswith("+") else value
    digits = body.replace("-", "").replace(" ", "")
    return (
        5 <= len(digits) <= 20
        and digits.isdigit()
        and digits.isascii()
        and body[:1].isdigit()
        and body[-1:].isdigit()
    )


OPT_PHONE = opt(
    Check(
        "type({v}) is str and _is_phone({v})",
        Text(
            "a phone number: 5 to 20 digits, optionally with a leading + and - separators",
            "电话号码：5 到 20 位数字，可带前导 + 和 - 分隔符",
        ),
        {"_is_phone": is_phone},
    )
)
OPT_DATE = opt(DATE)


def of_type(kind: type, what: Text | None = None) -> Check:
    """An instance of exactly ``kind`` (a nested model)."""
    name = f"_K_{kind.__name__}"
    what = what if what is not None else Text(f"a {kind.__name__}", kind.__name__)
    return Check(f"type({{v}}) is {name}", what, {name: kind})


def int_range(low: int, high: int) -> Check:
    """A whole number from ``low`` to ``high`` inclusive."""
    return Check(
        f"type({{v}}) is int and {low} <= {{v}} <= {high}",
        Text(f"a whole number from {low} to {high}", f"{low} 到 {high} 之间的整数"),
    )


def is_enum(enum: type[Enum]) -> Check:
    """A member of ``enum``."""
    values = ", ".join(json.dumps(m.value, ensure_ascii=False) for m in enum)
    return Check(
        f"type({{v}}) is _E_{enum.__name__}",
        Text(f"one of {values}", f"以下之一：{values}"),
        {f"_E_{enum.__name__}": enum},
    )


def enum_set(enum: type[Enum]) -> Check:
    """A frozenset of members of ``enum``."""
    name = f"_S_{enum.__name__}"
    values = ", ".join(json.dumps(m.value, ensure_ascii=False) for m in enum)
    return Check(
        f"type({{v}}) is frozenset and (not {{v}} or set(map(type, {{v}})) <= {name})",
        Text(f"a set of values from {values}", f"取值范围为 {values} 的集合"),
        {name: frozenset({enum})},
    )


def string_set(what: Text) -> Check:
    """A frozenset of non-empty strings (tags, skills, ids), described as ``what``."""
    return Check("type({v}) is frozenset and all(type(t) is str and t for t in {v})", what)


def tuple_of(kind: type, what: Text | None = None) -> Check:
    """A tuple whose items are all exactly of type ``kind``."""
    # set(map(type, ...)) runs in C; a generator expression here would cost a
    # function object per check.
    name = f"_S_{kind.__name__}"
    if what is None:
        what = Text(kind.__name__, kind.__name__)
    expr = f"type({{v}}) is tuple and (not {{v}} or set(map(type, {{v}})) <= {name})"
    names: dict[str, object] = {name: frozenset({kind})}
    if kind is str:
        expr = (
            f"type({{v}}) is tuple and (not {{v}} or (set(map(type, {{v}})) <= {name}"
            f" and all(map(_is_ident, {{v}}))))"
        )
        names["_is_ident"] = _is_ident
        what = Text("identifier", "标识符")
    return Check(
        expr,
        Text(f"an array of {what.en} items", f"由{what.zh}组成的数组"),
        names,
    )


def _is_ident(value: str) -> bool:
    return 0 < len(value) <= MAX_ID_LENGTH and value.strip() == value and value.isprintable()


@attrs.frozen(eq=False, repr=False)
class Where(Model):
    """A check across fields: ``expr`` over ``self`` must hold, else a problem at ``path``."""

    expr: str
    path: str
    expected: Text
    names: Mapping[str, object] = attrs.field(factory=dict)
    shows: str = ""


def checks(
    where: Iterable[Where] = (),
    then: Callable[[Any], Iterable[Problem]] | None = None,
    **fields: Check,
) -> Callable[[Any], None]:
    """Compile field checks (and cross-field ``where`` checks) into an ``__attrs_post_init__``.

    ``then`` runs after the field checks pass, for checks that need code (and may
    return problems with deeper paths).
    """
    wheres = tuple(where)
    names: dict[str, object] = {}
    terms: list[str] = []
    # One function for each field and rule says which of them fails; they are needed
    # only when a check fails (or a reader asks), so they are compiled then, in one
    # go: most classes never fail, and compiling is most of what a class costs here.
    sources: list[str] = []
    for i, (field, check) in enumerate(fields.items()):
        names.update(check.names)
        terms.append("(" + check.expr.format(v=f"_f_{field}") + ")")
        sources.append(f"_ok_f{i} = lambda v: bool({check.expr.format(v='v')})")
    for i, rule in enumerate(wheres):
        names.update(rule.names)
        terms.append("(" + rule.expr + ")")
        sources.append(f"_ok_w{i} = lambda self: bool({rule.expr})")
    compiled: list[_Judges] = []

    def judges() -> _Judges:
        if not compiled:
            namespace = dict(names)
            exec("\n".join(sources), namespace)  # noqa: S102
            compiled.append(
                (
                    tuple(
                        (field, namespace[f"_ok_f{i}"], check.expected)  # type: ignore[misc]
                        for i, (field, check) in enumerate(fields.items())
                    ),
                    tuple((rule, namespace[f"_ok_w{i}"]) for i, rule in enumerate(wheres)),  # type: ignore[misc]
                )
            )
        return compiled[0]

    def report(self: object) -> None:
        problems: list[Problem] = []
        personal = personal_fields(type(self))
        field_fns, where_fns = judges()
        for field, ok, expected in field_fns:
            value = getattr(self, field)
            if not _holds(ok, value):
                shown = withheld(value) if field in personal else describe(value)
                problems.append(Problem(f"$.{field}", expected, shown))
        if not problems:
            for rule, ok in where_fns:
                if not _holds(ok, self):
                    value = getattr(self, rule.shows) if rule.shows else None
                    shown = withheld(value) if rule.shows in personal else describe(value)
                    problems.append(Problem(rule.path, rule.expected, shown))
        if problems:
            raise InvalidInput(problems)

    loads = "\n".join(f"    _f_{field} = self.{field}" for field in fields)
    condition = " and ".join(terms) or "True"
    tail = "    _then(self)\n" if then is not None else ""
    source = (
        "def __attrs_post_init__(self):\n"
        f"{loads}\n"
        f"    if not ({condition}):\n"
        "        _report(self)\n"
        f"{tail}"
    )
    namespace: dict[str, object] = {**names, "_report": report, "_then": _raising(then)}
    exec(source, namespace)  # noqa: S102
    post_init: Callable[[Any], None] = namespace["__attrs_post_init__"]  # type: ignore[assignment]
    post_init.judges = judges  # type: ignore[attr-defined]
    return post_init


# What checks() judges each field and each cross-field rule by, one function each.
_Judges = tuple[
    tuple[tuple[str, Callable[[object], bool], Text], ...],
    tuple[tuple[Where, Callable[[object], bool]], ...],
]


def field_checks(cls: type) -> tuple[tuple[str, Callable[[object], bool], Text], ...]:
    """(field, test, what it expects) for each field check :func:`checks` gave ``cls``."""
    judges = getattr(getattr(cls, "__attrs_post_init__", None), "judges", None)
    return () if judges is None else judges()[0]


def field_problems(cls: type, values: Mapping[str, object], only: Iterable[str]) -> list[Problem]:
    """The problems :func:`checks` would find in the fields ``only`` of ``values``.

    Used when some fields could not even be converted, so the class was never
    built: the fields whose raw value is already the model value are still judged,
    so every problem is reported at once.
    """
    wanted = set(only)
    personal = personal_fields(cls)
    return [
        Problem(
            f"$.{field}",
            expected,
            withheld(values[field]) if field in personal else describe(values[field]),
        )
        for field, ok, expected in field_checks(cls)
        if field in wanted and field in values and not _holds(ok, values[field])
    ]


def _holds(ok: Callable[[object], bool], value: object) -> bool:
    try:
        return ok(value)
    except Exception:  # a value so odd that judging it fails is simply not valid
        return False


def _raising(
    then: Callable[[Any], Iterable[Problem]] | None,
) -> Callable[[Any], None]:
    def run(self: object) -> None:
        if then is not None:
            found = iter(then(self))
            problems = list(itertools.islice(found, MAX_DESCRIBED))
            if problems:
                # past the cap, problems are counted, not kept: memory stays bounded
                raise InvalidInput(problems, more=sum(1 for _ in found))

    return run


def duplicate_ids(field: str, ids: Iterable[str], key: str = "id") -> Iterator[Problem]:
    """A problem for every item in the list ``$.{field}`` whose ``key`` (its id, or
    another field that must be unique in the list) an earlier item already uses,
    naming where it was first used."""
    first: dict[str, int] = {}
    for i, value in enumerate(ids):
        if value in first:
            yield Problem(
                f"$.{field}[{i}].{key}",
                Text(
                    f"{'an' if key[0] in 'aeiou' else 'a'} {key} not used before "
                    f"(already at $.{field}[{first[value]}])",
                    f"未重复的 {key}（已在 $.{field}[{first[value]}] 使用）",
                ),
                Text.same(f'"{value}"'),
            )
        else:
            first[value] = i


def unlisted(path: str, key: str, field: str, what: Text) -> Problem:
    """The problem of a reference at ``path`` to ``key``, which is not the id of any
    item (``what``, e.g. "a slot") of the sibling list ``$.{field}``."""
    return Problem(
        path,
        Text(f"the id of {what.en} of $.{field}", f"$.{field} 中{what.zh}的标识"),
        Text.same(f'"{key}"'),
    )
