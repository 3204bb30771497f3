"""The errors neighborly raises.

Every error is a :class:`NeighborlyError`, and each kind also inherits the nearest
builtin, so ``except ValueError`` around input handling keeps working:

- :class:`InvalidInput` (also a ``ValueError``): data breaks a model's invariant or
  shape; carries every :class:`Problem` with its JSON path.
- :class:`IllegalTransition` (also a ``RuntimeError``): an action the subject's
  current state does not allow.
- :class:`Conflict` (also a ``ValueError``): something with the same identity exists
  already with other content.
- :class:`NotFound` (also a ``LookupError``): an identifier names nothing.
- :class:`Refused` (also a ``ValueError``): an operation that would break a limit
  the library keeps (a points balance below zero, a budget exceeded, stock gone);
  says which rule, with the figures.

Governance outcomes (no quorum, a grid without a head) are never raised: rules
return them as :class:`~neighborly.verdicts.Verdict` objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from neighborly._model import Model
from neighborly.text import Lang, Text

__all__ = [
    "Conflict",
    "IllegalTransition",
    "InvalidInput",
    "MissingExtra",
    "NeighborlyError",
    "NotFound",
    "Problem",
    "Refused",
]


@attrs.frozen(eq=False, repr=False)
class Problem(Model):
    """One thing wrong with some input, and where.

    ``path`` is a JSON path from the root of the input
    (``$.compounds[0].buildings[3].units[1].households[5].area_m2``); ``expected``
    says what would have been accepted and ``actual`` what arrived.
    """

    path: str
    expected: Text
    actual: Text

    def __attrs_post_init__(self) -> None:
        wrong = []
        if not (type(self.path) is str and self.path.startswith("$")):
            wrong.append(("$.path", Text("a JSON path starting with $", "以 $ 开头的 JSON 路径")))
        if type(self.expected) is not Text:
            wrong.append(("$.expected", Text("a Text", "Text 对象")))
        if type(self.actual) is not Text:
            wrong.append(("$.actual", Text("a Text", "Text 对象")))
        if wrong:
            shown = Text("something else", "其他值")
            raise InvalidInput(Problem(path, expected, shown) for path, expected in wrong)

    def explain(self, lang: Lang = "en") -> str:
        """One line: what was expected, what arrived, and where."""
        if lang == "zh":
            return f"应为{self.expected.zh}，实际为 {self.actual.zh} @ {self.path}"
        return f"expected {self.expected.en}, got {self.actual.en} @ {self.path}"

    def under(self, prefix: str) -> Problem:
        """This problem with its path re-rooted below ``prefix`` (itself a path from ``$``)."""
        if prefix == "$":
            return self
        return attrs.evolve(self, path=prefix + self.path[1:])

    def __str__(self) -> str:
        return self.explain("en")


class NeighborlyError(Exception):
    """The root of every error neighborly raises on purpose."""


class InvalidInput(NeighborlyError, ValueError):
    """Input that neighborly cannot accept, with every problem found and its path.

    >>> err = InvalidInput([Problem("$.area_m2", Text.same("> 0"), Text.same("-5"))])
    >>> err.problems[0].path
    '$.area_m2'
    """

    problems: tuple[Problem, ...]
    more: int
    """At least how many more problems there are than ``problems`` describes (0 when
    it lists them all): reading stops describing after ``Limits.max_problems`` and
    counts each further item that fails once."""

    def __init__(self, problems: Iterable[Problem], *, more: int = 0) -> None:
        self.problems = tuple(problems)
        self.more = more
        count = len(self.problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        lines = "\n".join(f"  {p.explain('en')}" for p in self.problems)
        tail = f"\n  {self._more_line('en')}" if more else ""
        super().__init__(f"{head} in input:\n{lines}{tail}")

    def _more_line(self, lang: Lang) -> str:
        return Text(
            f"... and at least {self.more:,} more, not described (Limits.max_problems)",
            f"……另有至少 {self.more:,} 处问题未列出（Limits.max_problems）",
        ).render(lang)

    def explain(self, lang: Lang = "en") -> str:
        """Every problem, one a line, in ``lang`` (and how many more, if any)."""
        lines = [p.explain(lang) for p in self.problems]
        if self.more:
            lines.append(self._more_line(lang))
        return "\n".join(lines)

    def under(self, prefix: str) -> InvalidInput:
        """The same problems with their paths re-rooted below ``prefix``."""
        return InvalidInput((p.under(prefix) for p in self.problems), more=self.more)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_invalid_input, (type(self), self.problems, self.more))


def _invalid_input(
    kind: type[InvalidInput], problems: tuple[Problem, ...], more: int
) -> InvalidInput:
    return kind(problems, more=more)


class IllegalTransition(NeighborlyError, RuntimeError):
    """An action that the subject's current state does not allow; nothing was changed.

    Says which verb was refused in which state, and what the state allows, in English
    and Chinese (each part a :class:`~neighborly.text.Text`; a plain string reads the
    same in both, for identifiers)::

        >>> err = IllegalTransition(
        ...     Text("wish w1", "心愿 w1"), Text("fulfilled", "已实现"),
        ...     Text("claim", "认领"), [Text("acknowledged", "已确认")])
        >>> print(err.explain("zh"))
        不能认领心愿 w1：当前为已实现；此时只能转为已确认
        >>> err.state, str(err)
        ('fulfilled', 'cannot claim wish w1: it is fulfilled; from fulfilled it may only acknowledged')
    """

    def __init__(
        self,
        subject: Text | str,
        state: Text | str,
        action: Text | str,
        allowed: Sequence[Text | str] = (),
    ) -> None:
        self.subject_text = _text(subject)
        self.state_text = _text(state)
        self.action_text = _text(action)
        self.allowed_texts = tuple(_text(a) for a in allowed)
        self.subject = self.subject_text.en
        self.state = self.state_text.en
        self.action = self.action_text.en
        self.allowed = tuple(a.en for a in self.allowed_texts)
        super().__init__(self.explain("en"))

    def explain(self, lang: Lang = "en") -> str:
        """Which verb was refused in which state, and what the state allows."""
        if lang == "zh":
            msg = f"不能{self.action_text.zh}{self.subject_text.zh}：当前为{self.state_text.zh}"
            if self.allowed_texts:
                msg += f"；此时只能转为{'、'.join(a.zh for a in self.allowed_texts)}"
            return msg
        msg = f"cannot {self.action} {self.subject}: it is {self.state}"
        if self.allowed:
            msg += f"; from {self.state} it may only {', '.join(self.allowed)}"
        return msg

    def __reduce__(
        self,
    ) -> tuple[type[IllegalTransition], tuple[Text, Text, Text, tuple[Text, ...]]]:
        return (
            type(self),
            (self.subject_text, self.state_text, self.action_text, self.allowed_texts),
        )


def _text(value: Text | str) -> Text:
    return value if isinstance(value, Text) else Text.same(value)


class Conflict(NeighborlyError, ValueError):
    """Something with the same identity exists already with other content; nothing was changed."""

    def __init__(self, kind: str, key: str, detail: str = "") -> None:
        self.kind = kind
        self.key = key
        self.detail = detail
        msg = f"{kind} {key!r} already exists" + (f": {detail}" if detail else "")
        super().__init__(msg)

    def __reduce__(self) -> tuple[type[Conflict], tuple[str, str, str]]:
        return (type(self), (self.kind, self.key, self.detail))


class NotFound(NeighborlyError, LookupError):
    """An identifier that names nothing of the kind asked for."""

    def __init__(self, kind: str, key: str, where: str = "") -> None:
        self.kind = kind
        self.key = key
        self.where = where
        msg = f"no {kind} with id {key!r}" + (f" in {where}" if where else "")
        super().__init__(msg)

    def __reduce__(self) -> tuple[type[NotFound], tuple[str, str, str]]:
        return (type(self), (self.kind, self.key, self.where))


class MissingExtra(NeighborlyError, ImportError):
    """An optional feature whose extra is not installed; the message names the
    ``pip install`` that brings it."""


class Refused(NeighborlyError, ValueError):
    """An operation refused because it would break a limit; nothing was changed.

    ``rule`` is the limit's stable code (``points.balance``), ``reason`` says why in
    English and Chinese with the figures, ``expected`` and ``actual`` are the figures.
    """

    def __init__(self, rule: str, reason: Text, expected: str = "", actual: str = "") -> None:
        self.rule = rule
        self.reason = reason
        self.expected = expected
        self.actual = actual
        super().__init__(f"{rule}: {reason.en}")

    def explain(self, lang: Lang = "en") -> str:
        """The rule and the reason in ``lang``."""
        return f"{self.rule}: {self.reason.render(lang)}"

    def __reduce__(self) -> tuple[type[Refused], tuple[str, Text, str, str]]:
        return (type(self), (self.rule, self.reason, self.expected, self.actual))
