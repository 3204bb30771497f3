"""The docs cannot drift from the code: every code block of README.md and docs/ runs
(conftest.py collects them, one test each), none is in a language that would be
skipped, and every docstring example in the package passes as a doctest."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import re
from pathlib import Path

import pytest

from builders import PACKAGE_MODULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```(\S*)", re.MULTILINE)
# The languages conftest.py runs, and text, which is a figure (a schema, a diagram).
RUN = {"python", "sh", "console"}
FIGURES = {"text"}


def test_the_docs_have_examples_of_each_kind_that_runs():
    kinds = [k for p in DOCS for k in FENCE.findall(p.read_text(encoding="utf-8"))[::2]]
    assert all(kinds.count(k) >= 2 for k in RUN), {k: kinds.count(k) for k in RUN}


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_code_block_is_in_a_language_that_runs(path: Path):
    """A block in another language (```py, ```bash, a bare ```) would be skipped
    silently by the collector; every code block must be one that runs."""
    openings = FENCE.findall(path.read_text(encoding="utf-8"))[::2]
    assert [k for k in openings if k not in RUN | FIGURES] == []


@pytest.mark.parametrize("name", [*PACKAGE_MODULES, "neighborly._text", "neighborly._checks"])
def test_docstring_examples_pass(name: str):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
