"""A griffe extension for the API reference (mkdocs.yml loads it): neighborly's models
are attrs classes, whose ``__init__`` attrs writes at import time, so static analysis
sees neither their signature nor their fields.  For every attrs class this extension

- gives the class its constructor's signature (keyword-only where the class says so),
- appends a table of its fields: name, type, default, and what the field means, put
  together from what the code already declares: the field's own docstring, the id it
  defines or the ids it refers to (the integrity declarations mounted in
  :data:`neighborly.community.PARTS`), what its check accepts (the same words an
  :class:`~neighborly.errors.InvalidInput` problem uses), and whether it is personal
  data.

Nothing here is written by hand per model, so the reference cannot drift from the code.
"""

from __future__ import annotations

import html
import importlib
import re
import types
import typing
from typing import Any

import attrs
import griffe

from neighborly._checks import field_checks, personal_fields
from neighborly.community import PARTS, Community
from neighborly.integrity import Ids, Ref

_STEP = re.compile(r"^(\w+)(\[\*\])?$")


def _element(hint: Any) -> Any:
    """The model class a field's type holds: ``X`` of ``X``, ``X | None`` or
    ``tuple[X, ...]``; None where it holds no attrs class."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        found = [_element(arg) for arg in typing.get_args(hint) if arg is not type(None)]
        return found[0] if len(found) == 1 else None
    if origin in (tuple, frozenset, list):
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return _element(args[0]) if len(args) == 1 else None
    return hint if isinstance(hint, type) and attrs.has(hint) else None


def _walk(cls: type, path: str) -> tuple[type, str] | None:
    """The class and field name that ``path`` (``buildings[*].units[*].id``) ends at,
    starting from ``cls``."""
    steps = [s for s in path.split(".") if s]
    for step in steps[:-1]:
        match = _STEP.match(step)
        if match is None or not attrs.has(cls):
            return None
        hint = typing.get_type_hints(cls).get(match.group(1))
        inner = _element(hint)
        if inner is None:
            return None
        cls = inner
    match = _STEP.match(steps[-1]) if steps else None
    return (cls, match.group(1)) if match is not None else None


def declared_meanings() -> dict[tuple[type, str], str]:
    """For each (class, field) that defines or names an id in a community, what it
    means, in English."""
    labels: dict[str, str] = {}
    for part in PARTS:
        for ids in part.declared.ids:
            labels[ids.kind.name] = ids.kind.label.en
    meanings: dict[tuple[type, str], str] = {}
    for part in PARTS:
        root = _walk(Community, f"{part.at}.x") if part.at else (Community, "x")
        if root is None:
            continue
        base = root[0]
        for decl in (*part.declared.ids, *part.declared.refs):
            found = _walk(base, decl.path)
            if found is None:
                continue
            if isinstance(decl, Ids):
                text = (
                    f"The id of this {decl.kind.name}: unique across every kind of id in "
                    "the community."
                )
            elif isinstance(decl, Ref):
                what = (
                    decl.what.en
                    if decl.what is not None
                    else " or ".join(labels.get(k, k) for k in decl.kinds)
                )
                many = decl.path.endswith("[*]")
                text = (
                    f"{'Ids' if many else 'The id'} of {what} in the same community"
                    + (" (checked only where it applies)" if decl.when is not None else "")
                    + "."
                )
            meanings.setdefault(found, text)
    return meanings


def _default(field: attrs.Attribute) -> str:  # type: ignore[type-arg]
    default = field.default
    if default is attrs.NOTHING:
        return "required"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory = default.factory
        name = getattr(factory, "__name__", repr(factory))
        return f"`{name}()`"
    if hasattr(default, "value") and hasattr(type(default), "__members__"):
        return f"`{type(default).__name__}.{default.name}`"
    return f"`{default!r}`"


def _type(annotation: str) -> str:
    """A type for a table cell: HTML-escaped, its ``|`` as an entity (a bare one would
    end the cell, an escaped one would show its backslash inside a code span)."""
    return html.escape(" ".join(annotation.split())).replace("|", "&#124;")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


class AttrsFields(griffe.Extension):
    """Signatures and field tables for attrs classes."""

    def __init__(self) -> None:
        super().__init__()
        self._meanings = declared_meanings()

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:  # noqa: ARG002
        self._module(pkg)

    def _module(self, module: griffe.Module) -> None:
        for member in list(module.members.values()):
            if member.is_alias:
                continue
            if isinstance(member, griffe.Module):
                self._module(member)
            elif isinstance(member, griffe.Class):
                self._class(member)

    def _class(self, cls: griffe.Class) -> None:
        try:
            runtime = getattr(importlib.import_module(cls.module.path), cls.name)
        except (ImportError, AttributeError):
            return
        if not (isinstance(runtime, type) and attrs.has(runtime)):
            return
        fields = [f for f in attrs.fields(runtime) if f.init]
        if not fields:
            return
        checks = {name: expected.en for name, _, expected in field_checks(runtime)}
        personal = personal_fields(runtime)
        rows = []
        parameters = []
        for field in fields:
            name = field.alias or field.name
            annotation = field.type if isinstance(field.type, str) else repr(field.type)
            meaning = []
            own = cls.members.get(field.name)
            if own is not None and not own.is_alias and own.docstring is not None:
                meaning.append(own.docstring.value)
            declared = self._meanings.get((runtime, field.name))
            if declared is not None:
                meaning.append(declared)
            if field.name in checks and not (
                declared is not None and checks[field.name].startswith("an identifier")
            ):
                meaning.append(f"Accepts {checks[field.name]}.")
            if field.name in personal:
                meaning.append("Personal data: masked in `repr`, left out of exports.")
            rows.append(
                f"| `{name}` | <code>{_type(annotation)}</code> | {_default(field)} "
                f"| {_cell(' '.join(meaning))} |"
            )
            parameters.append(
                griffe.Parameter(
                    name,
                    annotation=annotation,
                    kind=griffe.ParameterKind.keyword_only
                    if field.kw_only
                    else griffe.ParameterKind.positional_or_keyword,
                    default=None if field.default is attrs.NOTHING else _default(field).strip("`"),
                )
            )
        table = "\n".join(
            [
                "**Fields**" + (" (keyword-only)" if all(f.kw_only for f in fields) else ""),
                "",
                "| field | type | default | meaning |",
                "| --- | --- | --- | --- |",
                *rows,
            ]
        )
        if cls.docstring is None:
            cls.docstring = griffe.Docstring(table, parent=cls)
        else:
            cls.docstring.value = f"{cls.docstring.value}\n\n{table}"
        if "__init__" not in cls.members:
            init = griffe.Function(
                "__init__",
                parameters=griffe.Parameters(
                    griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword),
                    *parameters,
                ),
                returns="None",
            )
            cls.set_member("__init__", init)
