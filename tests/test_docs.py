"""The docs cannot drift from the code: every code block of README.md and docs/ runs
(conftest.py collects them, one test each), none is in a language that would be
skipped, and every docstring example in the package passes as a doctest."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from builders import PACKAGE_MODULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```(\S*)", re.MULTILINE)
# The languages conftest.py runs, and text, which is a figure (a schema, a diagram).
RUN = {"python", "sh", "console"}
FIGURES = {"text"}


def test_the_collector_that_runs_the_docs_is_installed():
    """conftest.py collects the docs only where Sybil is installed (so examples/ can
    run without the test extra); where the suite runs, it must be."""
    assert importlib.util.find_spec("sybil") is not None


def test_the_docs_have_examples_of_each_kind_that_runs():
    kinds = [k for p in DOCS for k in FENCE.findall(p.read_text(encoding="utf-8"))[::2]]
    assert all(kinds.count(k) >= 2 for k in RUN), {k: kinds.count(k) for k in RUN}


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_code_block_is_in_a_language_that_runs(path: Path):
    """A block in another language (```py, ```bash, a bare ```) would be skipped
    silently by the collector; every code block must be one that runs."""
    openings = FENCE.findall(path.read_text(encoding="utf-8"))[::2]
    assert [k for k in openings if k not in RUN | FIGURES] == []


@pytest.mark.parametrize("name", [*PACKAGE_MODULES, "neighborly.text", "neighborly._checks"])
def test_docstring_examples_pass(name: str):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


# --- the glossary ------------------------------------------------------------------------

GLOSSARY = ROOT / "docs" / "glossary.md"
TERMS = (
    "网格",
    "连心卡",
    "党小组",
    "在职党员报到",
    "服务积分",
    "业主大会",
    "专有部分",
    "微心愿",
    "调休",
)


def _glossary_rows() -> list[list[str]]:
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and cells[0] not in ("term", "---"):
            rows.append(cells)
    return rows


def _hooks() -> ModuleType:
    """docs_tools/hooks.py, which reads the glossary's terms for the search index."""
    spec = importlib.util.spec_from_file_location("hooks", ROOT / "docs_tools" / "hooks.py")
    assert spec is not None
    assert spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    return hooks


def test_the_glossary_gives_every_term_of_the_field_a_row_of_its_own():
    terms = set(_hooks().glossary_terms(GLOSSARY.read_text(encoding="utf-8")))
    assert [t for t in (*TERMS, "15分钟生活圈") if t not in terms] == []


def _resolves(name: str) -> bool:
    if name.startswith("neighborly"):
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                found: object = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for attribute in parts[cut:]:
                if not hasattr(found, attribute):
                    return False
                found = getattr(found, attribute)
            return True
        return False
    head, *rest = name.split(".")
    for module_name in PACKAGE_MODULES:
        found = getattr(importlib.import_module(module_name), head, None)
        for attribute in rest:
            found = getattr(found, attribute, None)
        if found is not None:
            return True
    return False


def test_every_name_the_glossary_gives_is_something_neighborly_has():
    names = [
        match.group(1)
        for row in _glossary_rows()
        for match in re.finditer(r"`([A-Za-z_][\w.]*)", row[2])
    ]
    assert len(names) > 100
    assert [n for n in names if not _resolves(n)] == []


# --- the site ------------------------------------------------------------------------------


def test_every_page_is_in_the_sites_navigation():
    """Every page is in the navigation; a translation (``format.zh.md``) is reached
    through its page's entry (``format.md``)."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(
        str(p.relative_to(ROOT / "docs")).replace(".zh.md", ".md")
        for p in (ROOT / "docs").rglob("*.md")
    )
    assert [p for p in pages if f": {p}\n" not in nav] == []


# The pages every reader needs in Chinese: the home page, getting started, the
# tutorials, every guide, the rules and the glossary (the API reference, generated
# from English docstrings, and the changelog are served in English).
TRANSLATED = sorted(
    p
    for p in [*(ROOT / "docs").glob("*.md"), *(ROOT / "docs" / "tutorials").glob("*.md")]
    if not p.name.endswith(".zh.md") and p.name != "changelog.md"
)


@pytest.mark.parametrize("page", TRANSLATED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_page_has_its_chinese_translation_with_the_same_examples(page: Path):
    """A translation sits beside its page and shows the same examples, block for block
    and in the same languages, so a Chinese reader misses none."""
    translation = page.with_name(page.name.removesuffix(".md") + ".zh.md")
    assert translation.exists(), f"{translation.relative_to(ROOT)} is missing"
    original = FENCE.findall(page.read_text(encoding="utf-8"))[::2]
    translated = FENCE.findall(translation.read_text(encoding="utf-8"))[::2]
    assert translated == original
    assert re.search(r"[\u4e00-\u9fff]", translation.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [m for m in PACKAGE_MODULES if m != "neighborly"])
def test_every_public_module_has_its_api_reference_page(name: str):
    short = name.removeprefix("neighborly.")
    page = ROOT / "docs" / "reference" / f"{short}.md"
    assert f"::: {name}\n" in page.read_text(encoding="utf-8")


def test_the_search_index_keeps_each_term_of_the_field_whole():
    jieba = pytest.importorskip("jieba")
    hooks = _hooks()
    terms = hooks.glossary_terms(GLOSSARY.read_text(encoding="utf-8"))
    assert set(TERMS) <= set(terms)
    for word in hooks.search_words(terms):
        jieba.add_word(word)
    assert [t for t in (*TERMS, "15分钟生活圈") if list(jieba.cut(t)) != [t]] == []
    assert list(jieba.cut("便民服务连心卡")) == ["便民服务", "连心卡"]  # both parts found


def test_the_rules_page_carries_the_catalogue_generated_from_the_code():
    from neighborly.rules import catalogue

    hooks = _hooks()
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page.count(hooks.CATALOGUE_MARK) == 1
    built = hooks.on_page_markdown(page)
    assert hooks.CATALOGUE_MARK not in built
    rows = [line for line in built.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows[: len(catalogue())]] == [r.code for r in catalogue()]
    assert "| `grids.size` | Each level-3 grid holds" in built
    assert "| `points.redemption`<br>" not in built
    assert "| `points.Ledger.post`<br>`points.Ledger.post_all`<br>`points.redemption` |" in built


def test_the_command_page_carries_the_help_and_exit_codes_of_the_parser_itself():
    from neighborly.cli import EXIT_CODES, help_pages

    hooks = _hooks()
    page = (ROOT / "docs" / "command.md").read_text(encoding="utf-8")
    assert page.count(hooks.HELP_MARK) == page.count(hooks.EXIT_CODES_MARK) == 1
    built = hooks.on_page_markdown(page)
    assert hooks.HELP_MARK not in built
    for name, text in help_pages().items():
        title = f"neighborly {name}".strip()
        assert f"### `{title}`\n\n```text\n{text.rstrip()}\n```" in built
    for code, what in EXIT_CODES:
        assert f"| {code} | {what.en} | {what.zh} |" in built


def test_the_rules_page_says_when_each_catalogued_rule_passes_or_refuses_once():
    from neighborly.rules import catalogue

    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    explained = [
        line.split("`")[1] for line in page.splitlines() if re.match(r"^\| `[a-z_.]+` \| ", line)
    ]
    assert sorted(explained) == sorted(r.code for r in catalogue())
