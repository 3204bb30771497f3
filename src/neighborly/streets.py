"""Reading a street from files (an adapter: :mod:`neighborly.street` holds the models).

A street file is TOML or JSON with the fields of a :class:`~neighborly.street.Street`;
its ``communities`` are each a file name, relative to the street file's folder (a
community file, JSON or TOML), or a community written out in place::

    id = "s-dongcheng"
    name = "东城街道"
    policies = "beijing"
    communities = ["heping.json", "xinhua.toml"]

    [[brands]]
    community = "c-heping"
    year = 2026
    name = "连心卡"

    [[grids]]
    id = "sg-north"
    name = "北片区"
    communities = ["c-heping"]
    head = "so-1"
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import attrs

from neighborly.calendar import HolidayCalendar
from neighborly.community import Community
from neighborly.errors import InvalidInput, Problem
from neighborly.rules import Policies
from neighborly.serialization import DEFAULT_LIMITS, Limits, load, load_data, structure
from neighborly.street import Brand, Campaign, Judged, Street, StreetGrid, judge
from neighborly.text import Text

__all__ = ["judge_file", "load_street"]


def load_street(source: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Street:
    """The street of the file ``source`` and the community files it names.

    Every file is read within ``limits``; a community file must lie in the street
    file's folder or below it.  :class:`~neighborly.errors.InvalidInput` names
    every problem by its path in the street file (a community file's own problems
    under ``$.communities[i]``; a file named twice before any is read); an
    unreadable street file raises :class:`OSError`.  ``policies`` names the bundle
    of local policies its communities are judged by (a community file's own
    ``policies`` comes first)."""
    path = Path(source)
    data = load_data(path, limits=limits)
    if not isinstance(data, dict):
        raise InvalidInput(
            [
                Problem(
                    "$",
                    Text("a street: an object", "街道：一个对象"),
                    Text.same(type(data).__name__),
                )
            ]
        )
    items = data.get("communities", [])
    if not isinstance(items, list):
        raise InvalidInput(
            [
                Problem(
                    "$.communities",
                    Text("an array of file names or communities", "文件名或社区组成的数组"),
                    Text.same(type(items).__name__),
                )
            ]
        )
    folder = path.resolve().parent
    repeated = _repeated_files(folder, items)
    if repeated:  # refused before any is read: a file named a thousand times is read once
        raise InvalidInput(repeated)
    loaded = [_community_or_problems(folder, i, item, limits) for i, item in enumerate(items)]
    problems = [p for one in loaded if isinstance(one, list) for p in one]
    if problems:
        raise InvalidInput(problems)
    parts: dict[str, list[Any]] = {"communities": [], "campaigns": [], "brands": [], "grids": []}
    street: Street = structure({**data, **parts}, Street)
    campaigns = _items(data, "campaigns", tuple[Campaign, ...], limits)
    brands = _items(data, "brands", tuple[Brand, ...], limits)
    grids = _items(data, "grids", tuple[StreetGrid, ...], limits)
    # what the campaigns, brands and grids name is checked against the communities here
    return attrs.evolve(
        street,
        communities=tuple(c for c in loaded if isinstance(c, Community)),
        campaigns=campaigns,
        brands=brands,
        grids=grids,
    )


def _repeated_files(folder: Path, items: list[Any]) -> list[Problem]:
    """A problem for each file name that names a file named before."""
    seen: dict[Path, int] = {}
    problems = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            continue
        file = (folder / item).resolve()
        if file in seen:
            problems.append(
                Problem(
                    f"$.communities[{i}]",
                    Text("a file not named before", "此前未列出的文件"),
                    Text(
                        f"{item}, the file of $.communities[{seen[file]}]",
                        f"{item}，与 $.communities[{seen[file]}] 是同一文件",
                    ),
                )
            )
        else:
            seen[file] = i
    return problems


def _items(data: dict[str, Any], key: str, cls: Any, limits: Limits) -> Any:
    """The list ``data[key]`` built as ``cls``, its problems under ``$.key``."""
    try:
        return structure(data.get(key, []), cls, max_problems=limits.max_problems)
    except InvalidInput as exc:
        raise InvalidInput([_under(f"$.{key}", p) for p in exc.problems], more=exc.more) from None


def _community_or_problems(
    folder: Path, index: int, item: Any, limits: Limits
) -> Community | list[Problem]:
    try:
        return _community(folder, item, limits)
    except InvalidInput as exc:
        return [_under(f"$.communities[{index}]", p) for p in exc.problems]


def _community(folder: Path, item: Any, limits: Limits) -> Community:
    if not isinstance(item, str):
        return structure(item, Community, max_problems=limits.max_problems)
    file = (folder / item).resolve()
    if not file.is_relative_to(folder):
        raise InvalidInput(
            [
                Problem(
                    "$",
                    Text(
                        "a file in the street file's folder or below it",
                        "街道文件所在文件夹（或其子文件夹）中的文件",
                    ),
                    Text.same(item),
                )
            ]
        )
    try:
        return load(file, Community, limits=limits)
    except OSError as exc:
        raise InvalidInput(
            [
                Problem(
                    "$",
                    Text("a community file that can be read", "可读取的社区文件"),
                    Text.same(f"{item}: {exc.strerror}"),
                )
            ]
        ) from None


def _under(root: str, problem: Problem) -> Problem:
    return Problem(root + problem.path[1:], problem.expected, problem.actual)


def judge_file(
    source: str | os.PathLike[str],
    *,
    as_of: dt.date,
    policies: Policies | None = None,
    street_policies: str | None = None,
    calendar: HolidayCalendar | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Judged:
    """The community of the file ``source`` read within ``limits`` and judged for a
    street's roll-up (:func:`~neighborly.street.judge`); only the judgement is kept,
    so that a street's communities are read one at a time, in this process or in
    others, and combined with :func:`~neighborly.street.combine`.  Raises
    :class:`~neighborly.errors.InvalidInput` for a file with problems."""
    community = load(source, Community, limits=limits)
    return judge(
        community,
        as_of=as_of,
        policies=policies,
        street_policies=street_policies,
        calendar=calendar,
    )
