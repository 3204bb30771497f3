"""MkDocs hooks for neighborly's site (mkdocs.yml loads them).

Chinese has no spaces between words, so the search index relies on jieba to cut the
pages into words at build time, and the browser matches a query only against whole
words (or their beginnings).  jieba does not know the field's vocabulary: it cuts
连心卡 into 连心 and 卡, so a reader searching for 连心卡 would find nothing.  Before
the pages are indexed, every term of the glossary is taught to jieba as one word,
except a term that ends in another (便民服务连心卡 ends in 连心卡): left to jieba,
it is cut before that ending, so both the whole term (by its beginning) and the
ending are found.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|[^|]*\|[^|]*\|\s*$")
_WORD = re.compile(r"^[0-9\u4e00-\u9fff]{2,}$")


def glossary_terms(glossary: str) -> list[str]:
    """The Chinese terms of the glossary's first column (``a / b`` gives two)."""
    terms: list[str] = []
    for line in glossary.splitlines():
        match = _ROW.match(line)
        if match is None or match.group(1) in ("term", "---"):
            continue
        for part in match.group(1).split("/"):
            term = part.strip()
            if _WORD.match(term) and term not in terms:
                terms.append(term)
    return terms


def search_words(terms: list[str]) -> list[str]:
    """The terms to teach jieba: all but those that end in another term."""
    return [t for t in terms if not any(t != o and t.endswith(o) for o in terms)]


def on_config(config: Any, **kwargs: Any) -> Any:  # noqa: ARG001 - MkDocs passes keywords
    try:
        import jieba
    except ImportError:  # no Chinese segmentation at all: nothing to teach
        return config
    glossary = Path(config["docs_dir"]) / "glossary.md"
    for word in search_words(glossary_terms(glossary.read_text(encoding="utf-8"))):
        jieba.add_word(word)
    return config


CATALOGUE_MARK = "<!-- the catalogue of rules -->"


def catalogue_markdown() -> str:
    """The catalogue of rules as a Markdown table, one row per registered rule."""
    from neighborly.rules import catalogue  # the site is built with neighborly installed

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    def refused_by(names: tuple[str, ...]) -> str:
        return "<br>".join(f"`{n.removeprefix('neighborly.')}`" for n in names) or "-"

    rows = [
        "| code | rule | source | rests on | policy | refused by |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    rows.extend(
        f"| `{r.code}` | {cell(r.title.en)}<br>{cell(r.title.zh)} | {cell(r.source.en)} "
        f"| {cell(r.basis)} | {f'`{r.policy}`' if r.policy else '-'} | {refused_by(r.refuses)} |"
        for r in catalogue()
    )
    return "\n".join(rows)


EXIT_CODES_MARK = "<!-- the exit codes -->"
HELP_MARK = "<!-- the command's help -->"


def exit_codes_markdown() -> str:
    """The command's exit codes as a Markdown table."""
    from neighborly.cli import EXIT_CODES

    rows = ["| status | meaning | 含义 |", "| ---: | --- | --- |"]
    rows.extend(f"| {code} | {what.en} | {what.zh} |" for code, what in EXIT_CODES)
    return "\n".join(rows)


def help_markdown() -> str:
    """The help of the command and of each subcommand, one section each."""
    from neighborly.cli import help_pages

    sections = []
    for name, text in help_pages().items():
        title = f"neighborly {name}".strip()
        sections.append(f"### `{title}`\n\n```text\n{text.rstrip()}\n```")
    return "\n\n".join(sections)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:  # noqa: ARG001 - MkDocs passes keywords
    """Where a page asks for them, the catalogue of rules, the command's exit codes
    and its help, generated from the code."""
    generated = {
        CATALOGUE_MARK: catalogue_markdown,
        EXIT_CODES_MARK: exit_codes_markdown,
        HELP_MARK: help_markdown,
    }
    for mark, make in generated.items():
        if mark in markdown:
            markdown = markdown.replace(mark, make())
    return markdown
