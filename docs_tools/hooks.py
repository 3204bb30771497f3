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


def catalogue_markdown(lang: str = "en") -> str:
    """The catalogue of rules as a Markdown table, one row per registered rule, with
    its headings, title and source in ``lang`` (``en`` or ``zh``)."""
    from neighborly.rules import catalogue  # the site is built with neighborly installed

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    def refused_by(names: tuple[str, ...]) -> str:
        return "<br>".join(f"`{n.removeprefix('neighborly.')}`" for n in names) or "-"

    zh = lang == "zh"
    rows = [
        "| 代码 | 规则 | 出处 | 依据 | 策略 | 拒绝的操作 |"
        if zh
        else "| code | rule | source | rests on | policy | refused by |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    rows.extend(
        f"| `{r.code}` | {cell(r.title.zh if zh else r.title.en)}"
        f"{'' if zh else '<br>' + cell(r.title.zh)} | {cell(r.source.render(lang))} "
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


def _chinese(page: Any) -> bool:
    """Whether ``page`` is a Chinese translation (``rules.zh.md``)."""
    return bool(page is not None and page.file.src_uri.endswith(".zh.md"))


def on_page_markdown(markdown: str, *, page: Any = None, **kwargs: Any) -> str:  # noqa: ARG001 - MkDocs passes keywords
    """Where a page asks for them, the catalogue of rules, the command's exit codes
    and its help, generated from the code (the catalogue in the page's language)."""
    lang = "zh" if _chinese(page) else "en"
    generated = {
        CATALOGUE_MARK: lambda: catalogue_markdown(lang),
        EXIT_CODES_MARK: exit_codes_markdown,
        HELP_MARK: help_markdown,
    }
    for mark, make in generated.items():
        if mark in markdown:
            markdown = markdown.replace(mark, make())
    return markdown


_ARTICLE = '<article class="md-content__inner md-typeset">'


def on_post_page(output: str, *, page: Any, config: Any, **kwargs: Any) -> str:  # noqa: ARG001 - MkDocs passes keywords
    """A page of the Chinese site that has no translation (the API reference) is
    served in English: its text is marked ``lang="en"`` inside the ``lang="zh"`` page,
    so a screen reader and a browser's translation read it as English."""
    if config["theme"]["language"] == "zh" and not _chinese(page):
        output = output.replace(_ARTICLE, _ARTICLE[:-1] + ' lang="en">', 1)
    return output
