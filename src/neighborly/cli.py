"""The ``neighborly`` command.

    neighborly demo                    report on the sample community shipped in the package
    neighborly check FILE              validate a community file (JSON or TOML) and run the rules
    neighborly card FILE HOUSEHOLD     print one household's contact card
    neighborly sample                  write the sample community as JSON (to start a file from)

Every command takes ``--lang en|zh`` and ``--json``.  Exit status: 0 when the input is
valid and every rule passed, 1 when the input has problems or a rule failed, 2 for a
usage error or a file that cannot be read, 70 for a fault in neighborly itself (said
in one line, to be reported).  No input makes it print a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from neighborly import __version__
from neighborly._text import Lang, Text
from neighborly._time import today
from neighborly.errors import InvalidInput, NeighborlyError, NotFound
from neighborly.grids import GridPolicy, check_grids, contact_card
from neighborly.places import Community, summarize
from neighborly.sample import sample_bytes, sample_community
from neighborly.serialization import dumps, load_community, unstructure

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a fault in neighborly itself

_HEADINGS = {
    "structure": Text("Structure", "社区概况"),
    "rules": Text("Grid rules", "网格规则"),
    "card": Text("Contact card of household", "住户连心卡"),
    "valid": Text("valid", "有效"),
    "invalid": Text("not valid", "无效"),
    "problems": Text("problems", "个问题"),
}


def _heading(key: str, lang: Lang) -> str:
    return _HEADINGS[key].render(lang)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors exit with status 2 and a one-line message."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the report")
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    policy = _Parser(add_help=False)
    policy.add_argument(
        "--min-households", type=int, default=300, help="smallest level-3 grid (default 300)"
    )
    policy.add_argument(
        "--max-households", type=int, default=500, help="largest level-3 grid (default 500)"
    )
    policy.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="the day to count ages on, YYYY-MM-DD (default: today in Asia/Shanghai)",
    )
    parser = _Parser(
        prog="neighborly",
        description="Community governance models and rules: places, grids, contact cards.",
    )
    parser.add_argument("--version", action="version", version=f"neighborly {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    demo = commands.add_parser(
        "demo", parents=[common, policy], help="report on the embedded sample community"
    )
    demo.add_argument("--household", default=None, help="whose contact card to show")
    check = commands.add_parser(
        "check", parents=[common, policy], help="validate a community file and run the rules"
    )
    check.add_argument("file", type=Path, help="a community as JSON or TOML")
    card = commands.add_parser("card", parents=[common], help="print a household's contact card")
    card.add_argument("file", type=Path, help="a community as JSON or TOML")
    card.add_argument("household", help="the household's id")
    commands.add_parser("sample", help="write the sample community as JSON to standard output")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command; returns the exit status instead of exiting."""
    out = out if out is not None else sys.stdout
    args = _parser().parse_args(argv)
    try:
        return _run(args, out)
    except OSError as exc:
        print(f"neighborly: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except NeighborlyError as exc:  # pragma: no cover - each command handles its own
        print(f"neighborly: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a bug must not show users a traceback
        print(
            f"neighborly: internal error ({type(exc).__name__}: {exc}); please report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.command == "sample":
        out.write(sample_bytes().decode("utf-8"))
        return EXIT_OK
    if args.command == "demo":
        return _demo(args, out)
    if args.command == "check":
        return _check(args, out)
    return _card(args, out)


def _policy(args: argparse.Namespace) -> GridPolicy | None:
    try:
        return GridPolicy(min_households=args.min_households, max_households=args.max_households)
    except InvalidInput as exc:
        print(f"neighborly: invalid grid policy:\n{exc.explain(args.lang)}", file=sys.stderr)
        return None


def _emit_json(data: Any, out: TextIO) -> None:
    out.write(dumps(data, indent=True).decode("utf-8") + "\n")


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    policy = _policy(args)
    if policy is None:
        return EXIT_USAGE
    lang: Lang = args.lang
    community = sample_community()
    as_of = args.today or today()
    summary = summarize(community, as_of)
    report = check_grids(community, policy)
    household_id = args.household or next(community.households()).id
    try:
        card = contact_card(community, household_id)
    except NotFound as exc:
        print(f"neighborly: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        _emit_json(
            {
                "summary": unstructure(summary),
                "report": unstructure(report),
                "card": unstructure(card),
            },
            out,
        )
        return EXIT_OK
    out.write(f"== {_heading('structure', lang)} ==\n{summary.render(lang)}\n\n")
    out.write(f"== {_heading('rules', lang)} ==\n{report.explain(lang)}\n\n")
    out.write(f"== {_heading('card', lang)} {household_id} ==\n{card.render(lang)}\n")
    return EXIT_OK


def _load(path: Path, lang: Lang, *, as_json: bool, out: TextIO) -> Community | None:
    """The community in ``path``, or None after printing every problem with it."""
    try:
        return load_community(path)
    except InvalidInput as exc:
        if as_json:
            _emit_json(
                {"file": str(path), "valid": False, "problems": unstructure(list(exc.problems))},
                out,
            )
        else:
            count = len(exc.problems)
            status = _heading("invalid", lang)
            out.write(f"{path}: {status}, {count} {_problems_word(count, lang)}\n")
            for problem in exc.problems:
                out.write(f"  {problem.explain(lang)}\n")
        return None


def _problems_word(count: int, lang: Lang) -> str:
    if lang == "zh":
        return "个问题"
    return "problem" if count == 1 else "problems"


def _check(args: argparse.Namespace, out: TextIO) -> int:
    policy = _policy(args)
    if policy is None:
        return EXIT_USAGE
    lang: Lang = args.lang
    community = _load(args.file, lang, as_json=args.json, out=out)
    if community is None:
        return EXIT_FAILED
    summary = summarize(community, args.today or today())
    report = check_grids(community, policy)
    status = EXIT_OK if report.passed else EXIT_FAILED
    if args.json:
        _emit_json(
            {
                "file": str(args.file),
                "valid": report.passed,
                "problems": [],
                "summary": unstructure(summary),
                "report": unstructure(report),
            },
            out,
        )
        return status
    state = _heading("valid" if report.passed else "invalid", lang)
    out.write(f"{args.file}: {state}\n{summary.render(lang)}\n\n{report.explain(lang)}\n")
    return status


def _card(args: argparse.Namespace, out: TextIO) -> int:
    lang: Lang = args.lang
    community = _load(args.file, lang, as_json=args.json, out=out)
    if community is None:
        return EXIT_FAILED
    try:
        card = contact_card(community, args.household)
    except NotFound as exc:
        print(f"neighborly: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        _emit_json(unstructure(card), out)
    else:
        out.write(card.render(lang) + "\n")
    return EXIT_OK
