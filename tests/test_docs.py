"""The docs cannot drift from the code: every Python block in README.md and docs/*.md
runs (blocks of one file share a namespace, in order), and every docstring example
in the package passes as a doctest."""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import re
from pathlib import Path

import pytest

from builders import PACKAGE_MODULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_the_docs_have_python_examples():
    assert sum(len(BLOCK.findall(p.read_text(encoding="utf-8"))) for p in DOCS) >= 5


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_python_block_runs(path: Path):
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for number, block in enumerate(BLOCK.findall(path.read_text(encoding="utf-8")), 1):
        code = compile(block, f"{path.name} block {number}", "exec")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)  # noqa: S102 - running the documentation is the test


@pytest.mark.parametrize("name", [*PACKAGE_MODULES, "neighborly._text", "neighborly._checks"])
def test_docstring_examples_pass(name: str):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
