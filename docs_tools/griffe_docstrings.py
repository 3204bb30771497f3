"""A griffe extension for the API reference (mkdocs.yml loads it): neighborly's
docstrings are written for ``help()`` and doctest, so before mkdocstrings renders them
as Markdown, this fences each doctest as a Python console block (``>>>`` would read
as a quotation and ``['a', 'b']`` as a link) and turns Sphinx roles such as
``:func:`~neighborly.points.replay``` into code spans.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|mod|attr|data|exc|obj):`~?([^`]+)`")


def _fence_doctests(text: str) -> str:
    """Each run of lines from a ``>>>`` line to the next blank line, fenced."""
    lines, out, inside = text.splitlines(), [], False
    for line in lines:
        stripped = line.strip()
        if not inside and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            inside = True
        elif inside and not stripped:
            out.append(f"{indent}```")
            inside = False
        out.append(line)
    if inside:
        out.append(f"{indent}```")
    return "\n".join(out)


def _short(match: re.Match[str]) -> str:
    return f"`{match.group(1).rsplit('.', 1)[-1]}`"


class DocstringsForMarkdown(griffe.Extension):
    """Fence doctests and replace Sphinx roles in every docstring."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:  # noqa: ARG002
        if obj.docstring is not None:
            obj.docstring.value = _ROLE.sub(_short, _fence_doctests(obj.docstring.value))
