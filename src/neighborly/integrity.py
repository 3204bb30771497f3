"""Ids and references declared as data, and the integrity check assembled from them.

Each domain module says, as data, which ids its models define and which ids they
refer to, relative to the model it declares for::

    GRID_DECLARED = Declarations(
        ids=(Ids("id", GRID),),
        refs=(Ref("parent", ("grid",)), Ref("places[*]", PLACE_KINDS, what=A_PLACE)),
    )

The composition root mounts each declaration where its models sit (``Part("grids[*]",
GRID_DECLARED)``) and :class:`Integrity` checks, for the whole assembly, that every id
is unique across every kind and that every reference names an id of a kind it
accepts.  A path is attribute names joined by dots, each optionally followed by
``[*]`` for "every item"; a value that is ``None`` (an optional field) is skipped.

The common case (nothing wrong) is one generated pass of plain loops that collects
ids and referenced values without building a single path; only when something is
wrong is the tree walked again with paths, to name every problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from neighborly._model import Model
from neighborly.errors import Problem
from neighborly.text import Text

__all__ = ["Declarations", "Ids", "Integrity", "Kind", "Known", "Part", "Ref", "missing"]


@attrs.frozen(eq=False, repr=False)
class Kind(Model):
    """A kind of id (``grid``) and how a person calls one (``a grid`` / ``网格``)."""

    name: str
    label: Text


@attrs.frozen(eq=False, repr=False)
class Ids(Model):
    """Every value at ``path`` is an id of ``kind``; its owner is the object holding it."""

    path: str
    kind: Kind


@attrs.frozen(eq=False, repr=False)
class Ref(Model):
    """Every value at ``path`` must be an id of one of ``kinds``.

    ``what`` replaces the label made from the kinds' own; ``when``, if given, is asked
    of the object holding the field, and the reference is checked only where it holds
    (a points account's holder is a volunteer or a household, by the account's kind).
    """

    path: str
    kinds: tuple[str, ...]
    what: Text | None = None
    when: Callable[[Any], bool] | None = None


Check = Callable[[Any, "Known"], Iterable[Problem]]
"""A check that needs code: given the mounted object and what is known, problems with
paths relative to the object (``$`` is the object)."""


@attrs.frozen(eq=False, repr=False)
class Declarations(Model):
    """What one model defines (``ids``), what it refers to (``refs``), and checks that
    need code (``checks``), with paths relative to the model."""

    ids: tuple[Ids, ...] = ()
    refs: tuple[Ref, ...] = ()
    checks: tuple[Check, ...] = ()


@attrs.frozen(eq=False, repr=False)
class Part(Model):
    """Declarations mounted at ``at`` (relative to the root; ``""`` is the root itself)."""

    at: str
    declared: Declarations


class Known:
    """Every id of an assembly, by kind, with the object that defines it."""

    __slots__ = ("_by_kind", "_ids", "_kind")

    def __init__(
        self,
        by_kind: Mapping[str, Mapping[str, object]],
        _kind: str | None = None,
        _ids: Mapping[str, object] | None = None,
    ) -> None:
        self._by_kind = by_kind
        self._kind = _kind  # a kind whose ids are _ids instead (see replacing)
        self._ids = _ids

    def _of(self, kind: str) -> Mapping[str, object] | None:
        return self._ids if kind == self._kind else self._by_kind.get(kind)

    def get(self, kind: str, key: str) -> object | None:
        """The object of ``kind`` whose id is ``key``, or None."""
        found = self._of(kind)
        return found.get(key) if found is not None else None

    def ids(self, kind: str) -> Mapping[str, object]:
        """Every id of ``kind`` with its object (empty for a kind with none)."""
        found = self._of(kind)
        return found if found is not None else {}

    def has(self, key: str, kinds: Iterable[str]) -> bool:
        """Whether ``key`` is an id of one of ``kinds``."""
        if self._kind is None:  # reading a file checks every reference here
            by_kind = self._by_kind
            return any(key in by_kind.get(kind, ()) for kind in kinds)
        return any(key in (self._of(kind) or ()) for kind in kinds)

    def without(self, kind: str) -> Known:
        """The same ids but none of ``kind`` (the others shared, not copied)."""
        kept = {k: v for k, v in self._by_kind.items() if k != kind}
        if self._kind is not None and self._kind != kind:
            kept[self._kind] = self._ids or {}
        return Known(kept)

    def replacing(self, kind: str, ids: Mapping[str, object]) -> Known:
        """The same ids, those of ``kind`` replaced by ``ids`` (the others shared, not
        copied: replacing costs the same for any number of ids)."""
        if self._kind is None or self._kind == kind:
            return Known(self._by_kind, kind, ids)
        return Known({**self._by_kind, self._kind: self._ids or {}}, kind, ids)


def missing(path: str, key: str, what: Text) -> Problem:
    """The problem of a reference at ``path`` to ``key``, which names nothing of ``what``."""
    return Problem(
        path,
        Text(f"the id of {what.en} in this community", f"本社区内{what.zh}的标识"),
        Text(f'"{key}", which names nothing here', f'"{key}"，本社区内不存在'),
    )


# --- paths ---------------------------------------------------------------------------


def _steps(path: str) -> tuple[tuple[str, bool], ...]:
    """``a.b[*].c`` -> (("a", False), ("b", True), ("c", False))."""
    if not path:
        return ()
    steps = []
    for part in path.split("."):
        many = part.endswith("[*]")
        name = part[:-3] if many else part
        if not name.isidentifier():
            msg = f"not a declaration path: {path!r}"
            raise ValueError(msg)
        steps.append((name, many))
    return tuple(steps)


@attrs.frozen(eq=False, repr=False)
class _Leaf(Model):
    """One declared path, from the root, split into steps."""

    steps: tuple[tuple[str, bool], ...]
    kind: Kind | None = None  # for ids
    ref: Ref | None = None  # for references


def _walk(
    node: object, steps: Sequence[tuple[str, bool]], path: str, owner: object
) -> Iterator[tuple[str, object, object]]:
    """(path, value, owner) for every value at ``steps`` below ``node``; the owner is
    the object holding the last attribute."""
    if not steps:
        yield path, node, owner
        return
    (name, many), rest = steps[0], steps[1:]
    value = getattr(node, name)
    if value is None:
        return
    if many:
        for index, item in enumerate(value):
            if item is not None:
                yield from _walk(item, rest, f"{path}.{name}[{index}]", node)
    else:
        yield from _walk(value, rest, f"{path}.{name}", node)


class Integrity:
    """The integrity check of an assembly of :class:`Part` s, compiled once.

    ``problems(root)`` lists every id used twice (each after the first, naming where it
    was first used) and every reference to an id of no accepted kind, then what the
    parts' own checks find.  ``known(root)`` is every id by kind, with its object.
    """

    def __init__(self, parts: Sequence[Part]) -> None:
        ids: list[_Leaf] = []
        refs: list[_Leaf] = []
        # Per part, in order: where it is, its checks and its references (by number),
        # so problems come part by part, each part's checks before its references.
        self._parts: list[tuple[tuple[tuple[str, bool], ...], tuple[Check, ...], range]] = []
        labels: dict[str, Text] = {}
        for part in parts:
            base = _steps(part.at)
            for declared_id in part.declared.ids:
                ids.append(_Leaf((*base, *_steps(declared_id.path)), kind=declared_id.kind))
                labels.setdefault(declared_id.kind.name, declared_id.kind.label)
            first = len(refs)
            refs.extend(_Leaf((*base, *_steps(ref.path)), ref=ref) for ref in part.declared.refs)
            self._parts.append((base, part.declared.checks, range(first, len(refs))))
        unknown = sorted(
            {k for leaf in refs if leaf.ref is not None for k in leaf.ref.kinds} - set(labels)
        )
        if unknown:
            msg = f"references to kinds no part defines: {', '.join(unknown)}"
            raise ValueError(msg)
        self._ids = tuple(ids)
        self._refs = tuple(refs)
        self._kinds = tuple(labels)
        self._labels = {
            leaf.ref: leaf.ref.what or _either(labels[k] for k in leaf.ref.kinds)
            for leaf in refs
            if leaf.ref is not None
        }
        self._tree = _tree(self._ids, self._refs)
        self._collect = _compile(self._tree, self._ids, self._refs)

    @property
    def kinds(self) -> tuple[str, ...]:
        """Every kind of id the parts define, in the order first declared."""
        return self._kinds

    def known(self, root: object) -> Known:
        """Every id of ``root`` by kind, with the object that defines it."""
        by_kind: dict[str, dict[str, object]] = {kind: {} for kind in self._kinds}
        self._collect(root, by_kind, [[] for _ in self._refs])
        return Known(by_kind)

    def problems(self, root: object) -> Iterator[Problem]:
        """Everything wrong with ids and references in ``root``, with paths, one at a
        time (a caller that has enough may stop)."""
        by_kind: dict[str, dict[str, object]] = {kind: {} for kind in self._kinds}
        values: list[list[str]] = [[] for _ in self._refs]
        count = self._collect(root, by_kind, values)
        if count != len(set().union(*by_kind.values())):
            yield from self._duplicates(root)
        known = Known(by_kind)
        for base, checks, numbers in self._parts:
            for check in checks:
                for path, node, _ in _walk(root, base, "$", root):
                    yield from (p.under(path) for p in check(node, known))
            for number in numbers:
                yield from self._missing(root, self._refs[number], values[number], known)

    def _missing(
        self, root: object, leaf: _Leaf, seen: Sequence[str], known: Known
    ) -> Iterator[Problem]:
        ref = leaf.ref
        assert ref is not None  # noqa: S101 - references carry their Ref
        # Look each value up (not the other way round: a kind may have tens of
        # thousands of ids and a reference a handful of values).
        if all(known.has(value, ref.kinds) for value in set(seen)):
            return
        what = self._labels[ref]
        for path, value, owner in _walk(root, leaf.steps, "$", root):
            if ref.when is not None and not ref.when(owner):
                continue
            if type(value) is str and not known.has(value, ref.kinds):
                yield missing(path, value, what)

    def _duplicates(self, root: object) -> Iterator[Problem]:
        first: dict[str, str] = {}
        for number, path, key, _ in _tree_walk(self._tree, root, "$", root):
            if number >= len(self._ids) or type(key) is not str:
                continue
            if key in first:
                yield Problem(
                    path,
                    Text(
                        f"an id not used elsewhere in the community (already used at {first[key]})",
                        f"社区内唯一的标识（已在 {first[key]} 使用）",
                    ),
                    Text.same(f'"{key}"'),
                )
            else:
                first[key] = path


def _tree_walk(
    node: Mapping[Any, Any], value: object, path: str, owner: object
) -> Iterator[tuple[int, str, object, object]]:
    """(leaf number, path, value, owner) for every declared leaf, in document order."""
    for number in node.get(None, ()):
        yield number, path, value, owner
    for step, child in node.items():
        if step is None:
            continue
        name, many = step
        inner = getattr(value, name)
        if inner is None:
            continue
        if many:
            for index, item in enumerate(inner):
                if item is not None:
                    yield from _tree_walk(child, item, f"{path}.{name}[{index}]", value)
        else:
            yield from _tree_walk(child, inner, f"{path}.{name}", value)


def _either(labels: Iterable[Text]) -> Text:
    shown = tuple(labels)
    return Text(" or ".join(t.en for t in shown), "或".join(t.zh for t in shown))


def _tree(ids: Sequence[_Leaf], refs: Sequence[_Leaf]) -> dict[Any, Any]:
    """The declared paths merged into one tree of steps (they share prefixes: every
    place is under ``compounds[*]``); a node's ``None`` key lists the leaves ending
    there, ids numbered first, then references."""
    tree: dict[Any, Any] = {}
    for number, leaf in enumerate((*ids, *refs)):
        node = tree
        for step in leaf.steps:
            node = node.setdefault(step, {})
        node.setdefault(None, []).append(number)
    return tree


def _compile(
    tree: Mapping[Any, Any], ids: Sequence[_Leaf], refs: Sequence[_Leaf]
) -> Callable[[object, dict[str, dict[str, object]], list[list[str]]], int]:
    """One function of plain nested loops over ``tree`` that fills ``by_kind`` (kind ->
    id -> owner) and ``values`` (per reference, every value seen) and returns how many
    ids it saw: the whole assembly in one pass, without building a path."""
    names: dict[str, object] = {}
    lines = ["def collect(v0, by_kind, values):", "    n = 0"]
    kinds = [leaf.kind for leaf in ids]
    whens = [leaf.ref.when if leaf.ref is not None else None for leaf in refs]

    def emit(node: Mapping[Any, Any], var: str, owner: str, depth: int, indent: str) -> None:
        for number in node.get(None, ()):
            if number < len(ids):
                kind = kinds[number]
                assert kind is not None  # noqa: S101 - ids carry their kind
                lines.append(f"{indent}by_kind[{kind.name!r}].setdefault({var}, {owner})")
                lines.append(f"{indent}n += 1")
            else:
                r = number - len(ids)
                when = whens[r]
                if when is None:
                    lines.append(f"{indent}values[{r}].append({var})")
                else:
                    names[f"when{r}"] = when
                    lines.append(f"{indent}if when{r}({owner}): values[{r}].append({var})")
        for step, child in node.items():
            if step is None:
                continue
            name, many = step
            value = f"v{depth + 1}"
            lines.append(f"{indent}{value} = {var}.{name}")
            lines.append(f"{indent}if {value} is not None:")
            if many:
                item = f"i{depth + 1}"
                lines.append(f"{indent}    for {item} in {value}:")
                lines.append(f"{indent}        if {item} is not None:")
                emit(child, item, var, depth + 1, indent + "            ")
            else:
                emit(child, value, var, depth + 1, indent + "    ")
        lines.append(f"{indent}pass")

    emit(tree, "v0", "v0", 0, "    ")
    lines.append("    return n")
    namespace: dict[str, Any] = dict(names)
    exec("\n".join(lines), namespace)  # noqa: S102 - source built above from declared paths
    collect: Callable[[object, dict[str, dict[str, object]], list[list[str]]], int]
    collect = namespace["collect"]
    return collect
