"""Explainable outcomes of rules.

A rule is a pure function that looks at models and returns a :class:`Verdict`: which
rule (a stable code such as ``grids.coverage``), whether it passed, and every reason
with the numbers behind it and the path of the thing it is about, in English and
Chinese.  A :class:`Report` groups verdicts.

>>> v = Verdict(
...     rule="grids.size",
...     passed=False,
...     title=Text("Level-3 grid size", "三级网格规模"),
...     reasons=(
...         Reason(
...             path="$.grids[3]",
...             expected="300..500",
...             actual="281",
...             message=Text("needed at least 300 households, got 281 (19 short)",
...                          "至少应有 300 户，实有 281 户（差 19 户）"),
...         ),
...     ),
... )
>>> print(v.explain("zh"))
[未通过] grids.size 三级网格规模
  - 至少应有 300 户，实有 281 户（差 19 户） @ $.grids[3]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import attrs

from neighborly._checks import BOOL, IDENT, STR, TEXT, Check, Where, checks, of_type, opt, tuple_of
from neighborly._model import Model
from neighborly.errors import NotFound, Refused
from neighborly.text import Lang, Text, check_lang

__all__ = ["Reason", "Report", "Rule", "Verdict"]

_MARKS = {
    ("en", True): "PASS",
    ("en", False): "FAIL",
    ("zh", True): "通过",
    ("zh", False): "未通过",
}


@attrs.frozen(eq=False, repr=False)
class Reason(Model):
    """One reason behind a verdict.

    ``path`` locates the subject in the input (``$.grids[3]``); ``expected`` and
    ``actual`` are the language-neutral figures (``"300..500"``, ``"281"``);
    ``message`` says it in words, with the gap, in both languages.
    """

    path: str
    message: Text
    expected: str = ""
    actual: str = ""

    __attrs_post_init__ = checks(
        path=Check("type({v}) is str and {v}.startswith('$')", Text("a JSON path", "JSON 路径")),
        message=of_type(Text),
        expected=STR,
        actual=STR,
    )

    def explain(self, lang: Lang = "en") -> str:
        """The message and the path, on one line."""
        return f"{self.message.render(lang)} @ {self.path}"

    def under(self, root: str) -> Reason:
        """This reason with its path read from ``root`` instead of the document's top:
        ``$.motions[0]`` under ``$.votes[2]`` is ``$.votes[2].motions[0]``."""
        return attrs.evolve(self, path=root + self.path[1:])


def _reasons(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(reasons)


@attrs.frozen(eq=False, repr=False)
class Verdict(Model):
    """The outcome of one rule: its code, whether it passed, and why.

    ``source`` names where the rule comes from (a law article, a standard, or a
    local practice that a policy object makes configurable).
    """

    rule: str
    passed: bool
    title: Text
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=_reasons)
    source: Text | None = None

    __attrs_post_init__ = checks(
        rule=IDENT,
        passed=BOOL,
        title=of_type(Text),
        reasons=tuple_of(Reason),
        source=opt(of_type(Text)),
    )

    @classmethod
    def from_reasons(
        cls,
        rule: str,
        title: Text,
        problems: Sequence[Reason],
        otherwise: Reason,
        source: Text | None = None,
    ) -> Verdict:
        """A verdict that fails with ``problems`` when there are any, and otherwise passes,
        explained by ``otherwise`` (the figures that show why)."""
        return cls(
            rule=rule,
            passed=not problems,
            title=title,
            reasons=tuple(problems) or (otherwise,),
            source=source,
        )

    def explain(self, lang: Lang = "en") -> str:
        """The verdict as text: a heading line, the source, then one line per reason."""
        lang = check_lang(lang)
        lines = [f"[{_MARKS[lang, self.passed]}] {self.rule} {self.title.render(lang)}"]
        if self.source is not None:
            label = "依据" if lang == "zh" else "source"
            sep = "：" if lang == "zh" else ": "
            lines.append(f"  {label}{sep}{self.source.render(lang)}")
        lines.extend(f"  - {reason.explain(lang)}" for reason in self.reasons)
        return "\n".join(lines)

    def under(self, root: str) -> Verdict:
        """This verdict with every reason's path read from ``root`` (a rule judged on a
        part of a document, reported for the whole)."""
        return attrs.evolve(self, reasons=tuple(r.under(root) for r in self.reasons))

    def __bool__(self) -> bool:
        return self.passed


@attrs.frozen(eq=False, repr=False)
class Rule(Model):
    """A rule as data: its stable ``code``, its ``title``, its ``source`` (the article,
    standard or practice it rests on), ``basis`` (the fact it rests on, as the
    project's table of laws and standards gives it, with its section), what it
    ``reads``, the field of :class:`neighborly.rules.Policies` that tunes it
    (``policy``; None for a rule no locality changes), and ``refuses``: the operations
    (``neighborly.points.Ledger.post``) that refuse, with
    :class:`~neighborly.errors.Refused` and this code, what would break the rule
    (empty for a rule only judged).

    Each domain module declares its rules once, as constants; the rule functions build
    their verdicts and refusals from them and :func:`neighborly.rules.catalogue` lists
    them all.

    >>> rule = Rule("grids.size", Text("Grid size", "网格规模"), Text("local practice", "地方实践"),
    ...             basis="FACTS.md §8: no national number; 300-500 households per grid is common",
    ...             reads=Text("the grids", "网格"), policy="grids")
    >>> rule.judge([], Reason("$", Text("all fit", "均符合"))).passed
    True
    """

    code: str
    title: Text
    source: Text
    basis: str
    reads: Text
    policy: str | None = None
    refuses: tuple[str, ...] = ()

    __attrs_post_init__ = checks(
        code=IDENT,
        title=of_type(Text),
        source=of_type(Text),
        basis=TEXT,
        reads=of_type(Text),
        policy=opt(IDENT),
        refuses=tuple_of(str),
        where=(
            Where(
                "self.source.en.strip() != '' and self.source.zh.strip() != ''",
                "$.source",
                Text(
                    "the article, standard or practice the rule rests on, in both languages",
                    "规则所依据的条文、标准或做法（中英文）",
                ),
            ),
        ),
    )

    def judge(
        self, problems: Sequence[Reason], otherwise: Reason, *, title: Text | None = None
    ) -> Verdict:
        """This rule's verdict: failed with ``problems`` when there are any, else passed
        and explained by ``otherwise``; ``title`` replaces the rule's own where the
        verdict names its figures (``Each level-3 grid holds 300-500 households``)."""
        return Verdict.from_reasons(
            self.code, title if title is not None else self.title, problems, otherwise, self.source
        )

    def refuse(self, reason: Text, expected: str = "", actual: str = "") -> Refused:
        """The refusal, under this rule's code, of an operation that would break it
        (to raise or return); ``reason`` says why with the figures."""
        return Refused(self.code, reason, expected, actual)

    def verdict(
        self, *, passed: bool, reasons: Iterable[Reason], title: Text | None = None
    ) -> Verdict:
        """This rule's verdict with ``passed`` and ``reasons`` given outright."""
        return Verdict(
            rule=self.code,
            passed=passed,
            title=title if title is not None else self.title,
            reasons=tuple(reasons),
            source=self.source,
        )


def _verdicts(verdicts: Iterable[Verdict]) -> tuple[Verdict, ...]:
    return tuple(verdicts)


@attrs.frozen(eq=False, repr=False)
class Report(Model):
    """Verdicts from several rules, in the order they ran."""

    verdicts: tuple[Verdict, ...] = attrs.field(default=(), converter=_verdicts)

    __attrs_post_init__ = checks(verdicts=tuple_of(Verdict))

    @property
    def passed(self) -> bool:
        """Whether every verdict passed (an empty report passes)."""
        return all(v.passed for v in self.verdicts)

    @property
    def failed(self) -> tuple[Verdict, ...]:
        """The verdicts that did not pass."""
        return tuple(v for v in self.verdicts if not v.passed)

    def __getitem__(self, rule: str) -> Verdict:
        """The verdict of the rule with code ``rule``; :class:`~neighborly.errors.NotFound`
        (a ``LookupError``) if no such rule ran."""
        for verdict in self.verdicts:
            if verdict.rule == rule:
                return verdict
        raise NotFound("verdict", rule)

    def __iter__(self) -> Iterator[Verdict]:
        return iter(self.verdicts)

    def __len__(self) -> int:
        return len(self.verdicts)

    def explain(self, lang: Lang = "en") -> str:
        """Every verdict explained, separated by blank lines, then a one-line total."""
        lang = check_lang(lang)
        failed = len(self.failed)
        total = len(self.verdicts)
        if lang == "zh":
            tail = f"共 {total} 条规则，{total - failed} 条通过，{failed} 条未通过"
        else:
            tail = f"{total} rules: {total - failed} passed, {failed} failed"
        return "\n\n".join([*(v.explain(lang) for v in self.verdicts), tail])
