"""The docs are tests: pytest collects every code block of README.md and docs/.

- ```python blocks run in order, sharing one namespace per page.
- ```sh blocks run each line with bash, in a scratch folder of the page's own, with
  this environment's ``neighborly`` first on the path.  Every line must succeed: exit
  0, or, for a ``neighborly`` command, 1 (it ran and a rule failed, as some of the
  sample's rules fail on purpose); a usage error (2) or a fault (70) fails the test.
- ```console blocks run each ``$ `` command the same way and compare what it prints
  with the lines below it (``...`` stands for any text, as in doctest).
- ``<!-- skip: next "why" -->`` before a block skips it, and
  ``<!-- skip: next if(not installed("pyspark"), reason="...") -->`` skips it where an
  optional package is missing (Sybil's skip syntax; ``installed`` is provided).

Blocks of ```text are figures (a schema, a state diagram), not code, and are not run.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

try:
    from sybil import Example, Sybil
    from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser
except ImportError:  # without the test extra (say, to run examples/ alone): no doc tests
    Sybil = None

_BIN = str(Path(sys.executable).parent)


def installed(*names: str) -> bool:
    """Whether every named package can be imported here."""
    return all(importlib.util.find_spec(name) is not None for name in names)


def _setup(namespace: dict[str, Any]) -> None:
    namespace["installed"] = installed
    namespace["__name__"] = "docs"
    namespace["_scratch"] = Path(tempfile.mkdtemp(prefix="neighborly-docs-"))


def _teardown(namespace: dict[str, Any]) -> None:
    shutil.rmtree(namespace["_scratch"], ignore_errors=True)


def _shell(command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("NO_COLOR", None)
    return subprocess.run(  # noqa: S603 - the docs' own commands, run as written
        ["bash", "-o", "pipefail", "-c", command],  # noqa: S607 - bash from the path
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _lines(source: str) -> list[str]:
    return [
        line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


def run_sh(example: Example) -> str | None:
    """Every line of a ```sh block succeeds."""
    folder = example.namespace["_scratch"]
    for line in _lines(str(example.parsed)):
        done = _shell(line, folder)
        allowed = {0, 1} if line.startswith("neighborly ") else {0}
        if done.returncode not in allowed:
            return f"`{line}` exited with {done.returncode}:\n{done.stdout}{done.stderr}"
    return None


def run_console(example: Example) -> str | None:
    """Each ``$`` command of a ```console block prints what the block shows."""
    folder = example.namespace["_scratch"]
    steps: list[tuple[str, list[str]]] = []
    for line in str(example.parsed).splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    checker = doctest.OutputChecker()
    for command, want in steps:
        done = _shell(command, folder)
        expected = "\n".join(want).rstrip() + "\n"
        got = "\n".join(line.rstrip() for line in done.stdout.splitlines()) + "\n"
        if not checker.check_output(expected, got, doctest.ELLIPSIS):
            return f"`{command}` (exit {done.returncode}) printed:\n{got}{done.stderr}"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The examples of a Chinese page (``format.zh.md``) are its English page's, so
    ``make unit``'s quick loop leaves them to the whole suite (marked ``slow``)."""
    for item in items:
        if item.path.name.endswith(".zh.md"):
            item.add_marker(pytest.mark.slow)


if Sybil is not None:
    from sybil.integration.pytest import SybilItem

    _sybil_traceback_filter = SybilItem._traceback_filter

    def _traceback_filter(self: SybilItem, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:
        """Sybil's filter, or the whole traceback where Sybil's own filter fails.

        Sybil 10 indexes the traceback cut at its example module without checking its
        length; an error raised on another thread (a Dask cluster's event loop) leaves
        a traceback too short, and the IndexError stopped the whole run with an
        internal error that hid the example's own failure."""
        try:
            return _sybil_traceback_filter(self, excinfo)
        except IndexError:
            return excinfo.traceback

    SybilItem._traceback_filter = _traceback_filter  # type: ignore[method-assign]

    pytest_collect_file = Sybil(
        parsers=[
            PythonCodeBlockParser(),
            CodeBlockParser("sh", run_sh),
            CodeBlockParser("console", run_console),
            SkipParser(),
        ],
        patterns=["README.md", "*.md"],
        setup=_setup,
        teardown=_teardown,
        fixtures=[],
    ).pytest()
