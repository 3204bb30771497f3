"""The ``neighborly`` command.

    neighborly demo                    report on the sample community shipped in the package
    neighborly check FILE              validate a community file (JSON or TOML) and run the rules
    neighborly card FILE HOUSEHOLD     print one household's contact card
    neighborly calendar [--year Y]     festivals, official holidays and swapped working days;
                                       --community FILE (or --sample) adds its events and the
                                       scheduling rules, --ics FILE writes an iCalendar file
    neighborly points FILE | --sample  replay and verify a community's points ledger: balances,
                                       star levels, the hash chain, refused entries
    neighborly tally FILE | --sample   count an owners' vote under Civil Code Art. 278
    neighborly rules                   every rule: its code, title, source and policy
    neighborly sample                  write the sample community as JSON (to start a file from)

Every command takes ``--lang en|zh`` and ``--json``.  Exit status: 0 when the input is
valid and every rule passed, 1 when the input has problems or a rule failed, 2 for a
usage error or a file that cannot be read, 70 for a fault in neighborly itself (said
in one line, to be reported).  No input makes it print a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
import textwrap
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from neighborly import __version__
from neighborly import _cli_calendar as cal
from neighborly import _cli_party as party_text
from neighborly import _cli_points as pts
from neighborly import _cli_services as services_text
from neighborly._checks import FIRST_YEAR, LAST_YEAR
from neighborly._time import DEFAULT_ZONE, today
from neighborly.calendar import FIRST_DAY, LAST_DAY, FestivalPolicy
from neighborly.community import Community, summarize
from neighborly.errors import InvalidInput, NeighborlyError, NotFound
from neighborly.grids import GridPolicy, contact_card
from neighborly.ical import MissingExtra, to_ical
from neighborly.owners.votes import Tally, Vote, roll_of, tally_vote
from neighborly.rules import PRESETS, Policies, catalogue, check_community, load_policies
from neighborly.sample import sample_bytes, sample_community
from neighborly.scheduling import Occurrence, occurrences
from neighborly.serialization import (
    DEFAULT_LIMITS,
    MIN_PURPOSE_LETTERS,
    Limits,
    dumps,
    is_purpose,
    load,
    load_community,
    unstructure,
)
from neighborly.text import Lang, Text
from neighborly.verdicts import Report, Verdict
from neighborly.volunteering import STAR_POLICIES, StarPolicy

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
    "events": Text("Events", "活动安排"),
    "schedule": Text("Scheduling rules", "活动安排规则"),
    "calendar": Text("Calendar", "日历"),
    "points": Text("Points and stars", "积分与星级"),
    "ledger": Text("Points ledger", "积分台账"),
    "records": Text("Service records", "志愿服务记录"),
    "party": Text("Party organisation", "党组织"),
    "votes": Text("Owners' votes", "业主表决"),
    "other": Text("Plan, records, points and votes", "年度计划、服务记录、积分与表决"),
}
# How far ahead ``demo`` and ``check`` look at a community's events.
AHEAD_DAYS = 60


def _heading(key: str, lang: Lang) -> str:
    return _HEADINGS[key].render(lang)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors exit with status 2 and a one-line message."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


# Characters a terminal acts on rather than shows: C0 controls but line feed and tab,
# DEL, C1 controls (ESC starts colour and title sequences, CR rewrites a line), the
# line and paragraph separators, and the bidirectional overrides and isolates that
# reorder what is shown.
_ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


class _PipeSafe(io.TextIOBase):
    """``out`` as the command writes to it.  Text output shows the characters a
    terminal would act on as escapes (``\\x1b``), so data cannot colour, retitle or
    rewrite the screen; JSON output writes them as JSON escapes (``\\u001b``), the
    same data.  Once the reader has gone away (a closed pipe) the rest of the output
    is dropped, so the command still finishes and exits with the status its result
    deserves."""

    def __init__(self, out: TextIO, *, json: bool) -> None:
        super().__init__()
        self._out = out
        self._escape = _escaped if json else _shown
        self.broken = False

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                self._out.write(_ACTIVE.sub(self._escape, text))
            except BrokenPipeError:
                self.broken = True
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self._out.flush()
            except BrokenPipeError:
                self.broken = True


def _day(text: str) -> dt.date:
    """A day to judge on, given on the command line: YYYY-MM-DD, a year before the
    last the data may hold, since the rules look up to a year ahead of it."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year < LAST_YEAR:
        msg = f"{text!r} is not a day YYYY-MM-DD from {FIRST_YEAR} to {LAST_YEAR - 1}"
        raise argparse.ArgumentTypeError(msg)
    return day


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the report")
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    for name, default, what in (
        ("--max-bytes", DEFAULT_LIMITS.max_bytes, "largest file to read, in bytes"),
        ("--max-depth", DEFAULT_LIMITS.max_depth, "deepest nesting of arrays and objects"),
        ("--max-items", DEFAULT_LIMITS.max_items, "most values in a file"),
        ("--max-string", DEFAULT_LIMITS.max_string, "longest string, in characters"),
        ("--max-problems", DEFAULT_LIMITS.max_problems, "problems described of an invalid file"),
    ):
        common.add_argument(name, type=int, default=default, help=f"{what} (default {default:,})")
    policy = _Parser(add_help=False)
    policy.add_argument(
        "--min-households",
        type=int,
        default=None,
        help="smallest level-3 grid (default: the policies', 300)",
    )
    policy.add_argument(
        "--max-households",
        type=int,
        default=None,
        help="largest level-3 grid (default: the policies', 500)",
    )
    chosen = policy.add_mutually_exclusive_group()
    chosen.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default="national",
        help="the local policies to judge by (default national)",
    )
    chosen.add_argument(
        "--policy",
        type=Path,
        default=None,
        metavar="FILE",
        help="policies from a TOML file; what it leaves out is national (see docs/rules.md)",
    )
    policy.add_argument(
        "--today",
        type=_day,
        default=None,
        help="the day to count ages on and to look ahead from, YYYY-MM-DD "
        "(default: today in Asia/Shanghai)",
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
    _star_options(demo)
    check = commands.add_parser(
        "check", parents=[common, policy], help="validate a community file and run the rules"
    )
    check.add_argument("file", type=Path, help="a community as JSON or TOML")
    card = commands.add_parser("card", parents=[common], help="print a household's contact card")
    card.add_argument("file", type=Path, help="a community as JSON or TOML")
    card.add_argument("household", help="the household's id")
    _calendar_parser(commands, common)
    _points_parser(commands, common)
    tally = commands.add_parser(
        "tally", parents=[common], help="count an owners' vote (Civil Code Art. 278)"
    )
    tally.add_argument("file", type=Path, nargs="?", help="a vote: roll, motions, ballots")
    tally.add_argument("--sample", action="store_true", help="the sample community's votes")
    rules = commands.add_parser(
        "rules", help="list every rule: its code, title and source (like a linter's rule list)"
    )
    rules.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the list")
    rules.add_argument("--json", action="store_true", help="print machine-readable JSON")
    sample = commands.add_parser(
        "sample", help="write the sample community as JSON to standard output"
    )
    sample.add_argument(
        "--personal-data",
        metavar="PURPOSE",
        help="include the (synthetic) names, phones and ID numbers, saying why",
    )
    return parser


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        msg = f"not a year: {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if not FIRST_DAY.year + 1 <= year <= LAST_DAY.year - 1:
        msg = f"{year} is outside {FIRST_DAY.year + 1}-{LAST_DAY.year - 1}"
        raise argparse.ArgumentTypeError(msg)
    return year


def _star_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stars",
        choices=sorted(STAR_POLICIES),
        default="national",
        help="star-level scale (default national: 100/300/600/1000/1500 hours)",
    )
    parser.add_argument(
        "--top", type=int, default=10, help="how many volunteers the leaderboard shows (default 10)"
    )


def _points_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    points = commands.add_parser(
        "points",
        parents=[common],
        help="replay and verify a community's points ledger; balances and star levels",
    )
    points.add_argument("file", type=Path, nargs="?", help="a community file with a points ledger")
    points.add_argument("--sample", action="store_true", help="use the embedded sample community")
    points.add_argument(
        "--as-of",
        type=_day,
        default=None,
        help="count hours and stars up to this day, YYYY-MM-DD (default: today in Asia/Shanghai)",
    )
    _star_options(points)


def _calendar_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    calendar = commands.add_parser(
        "calendar",
        parents=[common],
        help="festivals, official holidays and a community's events for a year",
    )
    calendar.add_argument(
        "--year", type=_year, default=None, help="the year (default: this year in Asia/Shanghai)"
    )
    source = calendar.add_mutually_exclusive_group()
    source.add_argument(
        "--community", type=Path, default=None, help="a community file whose events to add"
    )
    source.add_argument(
        "--sample", action="store_true", help="add the events of the embedded sample community"
    )
    calendar.add_argument(
        "--ics", type=Path, default=None, help="also write the year as an iCalendar file"
    )
    calendar.add_argument(
        "--little-new-year",
        type=int,
        choices=(23, 24, 25),
        default=23,
        help="lunar 12th-month day of Little New Year: 23 (north, default), 24 (south) or 25",
    )


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command; returns the exit status instead of exiting."""
    out = out if out is not None else sys.stdout
    args = _parser().parse_args(argv)
    sink = _PipeSafe(out, json=bool(getattr(args, "json", False)))
    try:
        return _run(args, typing.cast("TextIO", sink))  # a TextIOBase that writes text
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
    finally:
        if sink.broken and out is sys.stdout:
            # The reader went away (``neighborly check FILE | head -1``): the run still
            # ends with its own status; keep Python from complaining when it flushes
            # standard output at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())


def _rules(args: argparse.Namespace, out: TextIO) -> int:
    if args.json:
        _emit_json(unstructure(list(catalogue())), out)
        return EXIT_OK
    lang: Lang = args.lang
    for rule in catalogue():
        policy = f" [{rule.policy}]" if rule.policy else ""
        out.write(f"{rule.code}{policy}  {rule.title.render(lang)}\n")
        label = "依据：" if lang == "zh" else "source: "
        out.write(f"    {label}{rule.source.render(lang)}\n")
        if rule.refuses:
            refused = "拒绝于：" if lang == "zh" else "refused by: "
            out.write(f"    {refused}{', '.join(rule.refuses)}\n")
    count = len(catalogue())
    tail = Text(f"{count} rules", f"共 {count} 条规则").render(lang)
    out.write(f"\n{tail}\n")
    return EXIT_OK


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.command == "rules":
        return _rules(args, out)
    if args.command == "sample":
        if args.personal_data is not None and not is_purpose(args.personal_data):
            print(
                "neighborly: --personal-data needs a purpose, in words "
                f"(at least {MIN_PURPOSE_LETTERS} letters, no control characters)",
                file=sys.stderr,
            )
            return EXIT_USAGE
        if args.personal_data is not None:
            out.write(sample_bytes().decode("utf-8"))
            return EXIT_OK
        out.write(dumps(sample_community(), indent=True).decode("utf-8") + "\n")
        return EXIT_OK
    if hasattr(args, "max_bytes"):
        try:
            _limits(args)
        except InvalidInput as exc:
            print(f"neighborly: invalid limits:\n{exc.explain(args.lang)}", file=sys.stderr)
            return EXIT_USAGE
    commands = {
        "demo": _demo,
        "check": _check,
        "calendar": _calendar,
        "points": _points,
        "tally": _tally,
        "card": _card,
    }
    return commands[args.command](args, out)


def _policies(args: argparse.Namespace) -> Policies | None:
    """The preset or the policy file, with the grid flags over it; None after saying
    what is wrong."""
    try:
        policies = PRESETS[args.preset] if args.policy is None else load_policies(args.policy)
    except InvalidInput as exc:
        print(
            f"neighborly: invalid policies in {args.policy}:\n{exc.explain(args.lang)}",
            file=sys.stderr,
        )
        return None
    grids = policies.grids
    try:
        if args.min_households is not None:
            grids = attrs.evolve(grids, min_households=args.min_households)
        if args.max_households is not None:
            grids = attrs.evolve(grids, max_households=args.max_households)
    except InvalidInput as exc:
        print(f"neighborly: invalid grid policy:\n{exc.explain(args.lang)}", file=sys.stderr)
        return None
    return attrs.evolve(policies, grids=grids)


def _policy(args: argparse.Namespace) -> GridPolicy | None:
    policies = _policies(args)
    return policies.grids if policies is not None else None


def _emit_json(data: Any, out: TextIO) -> None:
    out.write(dumps(data, indent=True).decode("utf-8") + "\n")


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    policies = _policies(args)
    if policies is None:
        return EXIT_USAGE
    lang: Lang = args.lang
    community = sample_community()
    as_of = args.today or today()
    summary = summarize(community, as_of)
    # every rule, the same set as check_community; each section shows its own part
    everything = check_community(community, as_of=as_of, policies=policies)
    report = _part(everything, "grids.")
    household_id = args.household or next(community.households()).id
    try:
        card = contact_card(community, household_id)
    except NotFound as exc:
        print(f"neighborly: {exc}", file=sys.stderr)
        return EXIT_USAGE
    window = cal.days_window(as_of, AHEAD_DAYS)
    found = occurrences(community.events, *window)
    schedule = _part(everything, "scheduling.")
    stars = STAR_POLICIES[args.stars]
    view = pts.points_view(community, as_of, stars)
    party = _part(everything, "party.") if community.party is not None else None
    roll = roll_of(community)
    votes = [(vote, tally_vote(vote, roll)) for vote in community.votes]
    services = services_text.services_view(community, as_of, everything)
    if args.json:
        _emit_json(
            {
                "summary": unstructure(summary),
                "report": unstructure(report),
                "card": unstructure(card),
                "events": cal.events_data(community, found, schedule),
                "points": pts.points_data(view, args.top),
                "party": None if party is None else unstructure(party),
                "votes": [
                    {"vote": vote.id, "tallies": unstructure(list(tallies))}
                    for vote, tallies in votes
                ],
                "services": services_text.services_data(services),
                "rules": unstructure(everything),
            },
            out,
        )
        return EXIT_OK
    out.write(f"== {_heading('structure', lang)} ==\n{summary.render(lang)}\n\n")
    out.write(f"== {_heading('rules', lang)} ==\n{report.explain(lang)}\n\n")
    out.write(f"== {_heading('card', lang)} {household_id} ==\n{card.render(lang)}\n\n")
    _write_events(community, found, schedule, window, lang=lang, out=out)
    out.write("\n")
    _write_points(view, args.top, stars, lang=lang, out=out)
    if party is not None:
        out.write("\n")
        _write_party(community, party, as_of, lang=lang, out=out)
    if votes:
        out.write(f"\n== {_heading('votes', lang)} ==\n")
        _write_tallies(votes, lang=lang, out=out)
    _write_services(services, lang=lang, out=out)
    shown = (
        *report,
        *schedule,
        *view.records,
        *(() if view.chain is None else (view.chain,)),
        *(party or ()),
        *(t.verdict for _, tallies in votes for t in tallies),
        *services.verdicts(),
    )
    _write_other_rules(everything, shown, lang=lang, out=out)
    return EXIT_OK


def _write_services(view: services_text.ServicesView, *, lang: Lang, out: TextIO) -> None:
    for heading, lines in services_text.sections(view, lang):
        out.write(f"\n== {heading.render(lang)} ==\n" + "\n".join(lines) + "\n")


def _write_party(
    community: Community, report: Report, as_of: dt.date, *, lang: Lang, out: TextIO
) -> None:
    assert community.party is not None  # noqa: S101 - callers check
    lines = party_text.summary_text(community.party, as_of, lang)
    out.write(f"== {_heading('party', lang)} ==\n" + "\n".join(lines) + "\n\n")
    out.write(report.explain(lang) + "\n")


def _write_points(
    view: pts.PointsView, top: int, stars: StarPolicy, *, lang: Lang, out: TextIO
) -> None:
    board = pts.leaderboard_text(view, top, lang, stars)
    out.write(f"== {_heading('points', lang)} ==\n" + "\n".join(board) + "\n\n")
    out.write(
        f"== {_heading('ledger', lang)} ==\n" + "\n".join(pts.ledger_text(view, lang)) + "\n\n"
    )
    out.write(f"== {_heading('records', lang)} ==\n{view.records.explain(lang)}\n")


def _points(args: argparse.Namespace, out: TextIO) -> int:
    lang: Lang = args.lang
    if args.sample == (args.file is not None):
        print("neighborly points: give a community FILE or --sample (one of them)", file=sys.stderr)
        return EXIT_USAGE
    if args.top < 0:
        print("neighborly points: --top must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    if args.sample:
        community = sample_community()
    else:
        loaded = _load(args.file, lang, as_json=args.json, out=out, limits=_limits(args))
        if loaded is None:
            return EXIT_FAILED
        community = loaded
    stars = STAR_POLICIES[args.stars]
    view = pts.points_view(community, args.as_of or today(), stars)
    status = EXIT_OK if view.passed else EXIT_FAILED
    if args.json:
        data = pts.points_data(view, args.top)
        _emit_json(
            {
                "community": {"id": community.id, "name": community.name},
                "valid": view.passed,
                **data,
            },
            out,
        )
        return status
    out.write(f"{community.name} ({community.id})\n\n")
    _write_points(view, args.top, stars, lang=lang, out=out)
    return status


def _tally(args: argparse.Namespace, out: TextIO) -> int:
    lang: Lang = args.lang
    if args.sample == (args.file is not None):
        print("neighborly tally: give a vote FILE or --sample (one of them)", file=sys.stderr)
        return EXIT_USAGE
    counted: list[tuple[Vote, tuple[Tally, ...]]]
    if args.sample:
        community = sample_community()
        roll = roll_of(community)
        counted = [(vote, tally_vote(vote, roll)) for vote in community.votes]
    else:
        try:
            vote = load(args.file, Vote, limits=_limits(args))
        except InvalidInput as exc:
            _report_problems(args.file, exc, lang, as_json=args.json, out=out)
            return EXIT_FAILED
        counted = [(vote, tally_vote(vote))]
    passed = all(t.passed for _, tallies in counted for t in tallies)
    if args.json:
        _emit_json(
            [
                {"vote": v.id, "title": v.title, "tallies": unstructure(list(tallies))}
                for v, tallies in counted
            ],
            out,
        )
    else:
        _write_tallies(counted, lang=lang, out=out)
    return EXIT_OK if passed else EXIT_FAILED


def _write_tallies(
    counted: Sequence[tuple[Vote, Sequence[Tally]]], *, lang: Lang, out: TextIO
) -> None:
    for vote, tallies in counted:
        out.write(f"== {vote.title} ({vote.id}) ==\n")
        out.write("\n\n".join(t.explain(lang) for t in tallies) + "\n")


def _write_events(
    community: Community,
    found: Sequence[Occurrence],
    schedule: Report,
    window: tuple[dt.datetime, dt.datetime],
    *,
    lang: Lang,
    out: TextIO,
) -> None:
    lines = cal.events_text(community, found, window, lang)
    out.write(f"== {_heading('events', lang)} ==\n" + "\n".join(lines) + "\n\n")
    out.write(f"== {_heading('schedule', lang)} ==\n{schedule.explain(lang)}\n")


def _limits(args: argparse.Namespace) -> Limits:
    """The reading limits the command line asks for (:class:`InvalidInput` if absurd)."""
    return Limits(
        args.max_bytes, args.max_depth, args.max_items, args.max_string, args.max_problems
    )


def _load(
    path: Path, lang: Lang, *, as_json: bool, out: TextIO, limits: Limits = DEFAULT_LIMITS
) -> Community | None:
    """The community in ``path``, or None after printing every problem with it."""
    try:
        return load_community(path, limits=limits)
    except InvalidInput as exc:
        _report_problems(path, exc, lang, as_json=as_json, out=out)
        return None


def _report_problems(
    path: Path, exc: InvalidInput, lang: Lang, *, as_json: bool, out: TextIO
) -> None:
    """Print every problem with a file, as JSON or as text."""
    if as_json:
        _emit_json(
            {
                "file": str(path),
                "valid": False,
                "problems": unstructure(list(exc.problems)),
                "more": exc.more,
            },
            out,
        )
        return
    count = len(exc.problems)
    status = _heading("invalid", lang)
    shown = f"{count}+" if exc.more else str(count)
    out.write(f"{path}: {status}, {shown} {_problems_word(count, lang)}\n")
    out.write(textwrap.indent(exc.explain(lang), "  ") + "\n")


def _problems_word(count: int, lang: Lang) -> str:
    if lang == "zh":
        return "个问题"
    return "problem" if count == 1 else "problems"


def _check(args: argparse.Namespace, out: TextIO) -> int:
    policies = _policies(args)
    if policies is None:
        return EXIT_USAGE
    lang: Lang = args.lang
    community = _load(args.file, lang, as_json=args.json, out=out, limits=_limits(args))
    if community is None:
        return EXIT_FAILED
    as_of = args.today or today()
    summary = summarize(community, as_of)
    # every rule, the same set as check_community; each section shows its own part
    everything = check_community(community, as_of=as_of, policies=policies)
    report = _part(everything, "grids.")
    # A community that keeps a calendar has its next weeks of events checked too.
    window = cal.days_window(as_of, AHEAD_DAYS)
    found = occurrences(community.events, *window) if community.events else ()
    schedule = _part(everything, "scheduling.") if community.events else None
    party = _part(everything, "party.") if community.party is not None else None
    services = services_text.services_view(community, as_of, everything)
    passed = everything.passed
    status = EXIT_OK if passed else EXIT_FAILED
    if args.json:
        _emit_json(
            {
                "file": str(args.file),
                "valid": True,  # the file was read; whether its rules passed is "passed"
                "problems": [],
                "passed": passed,
                "failed": [v.rule for v in everything.failed],
                "summary": unstructure(summary),
                "report": unstructure(report),
                "events": None if schedule is None else cal.events_data(community, found, schedule),
                "party": None if party is None else unstructure(party),
                "services": services_text.services_data(services),
                "rules": unstructure(everything),
            },
            out,
        )
        return status
    out.write(f"{args.file}: {_outcome(everything, lang)}\n")
    out.write(f"{summary.render(lang)}\n\n{report.explain(lang)}\n")
    if schedule is not None:
        out.write("\n")
        _write_events(community, found, schedule, window, lang=lang, out=out)
    if party is not None:
        out.write("\n")
        _write_party(community, party, as_of, lang=lang, out=out)
    _write_services(services, lang=lang, out=out)
    shown = (*report, *(schedule or ()), *(party or ()), *services.verdicts())
    _write_other_rules(everything, shown, lang=lang, out=out)
    return status


def _outcome(report: Report, lang: Lang) -> str:
    """What a valid file's rules came to, in words unlike those for an invalid file."""
    total, failed = len(report), len(report.failed)
    if not failed:
        return Text(f"valid; all {total} rules passed", f"有效；{total} 条规则全部通过").render(
            lang
        )
    return Text(
        f"valid, but {failed} of {total} rules failed",
        f"有效，但 {total} 条规则中 {failed} 条未通过",
    ).render(lang)


def _part(everything: Report, prefix: str) -> Report:
    """The verdicts of rules whose code starts with ``prefix``, in the order they ran."""
    return Report(v for v in everything if v.rule.startswith(prefix))


def _write_other_rules(
    everything: Report, shown: Sequence[Verdict], *, lang: Lang, out: TextIO
) -> None:
    """The verdicts of check_community no section above has shown (the year's plan,
    service records, the points chain, owners' votes)."""
    seen = {(v.rule, v.title) for v in shown}
    rest = [v for v in everything if (v.rule, v.title) not in seen]
    if rest:
        body = "\n\n".join(v.explain(lang) for v in rest)
        out.write(f"\n== {_heading('other', lang)} ==\n{body}\n")


def _calendar(args: argparse.Namespace, out: TextIO) -> int:
    lang: Lang = args.lang
    year: int = args.year or today().year
    policy = FestivalPolicy(little_new_year_day=args.little_new_year)
    community: Community | None = None
    if args.sample:
        community = sample_community()
    elif args.community is not None:
        community = _load(args.community, lang, as_json=args.json, out=out, limits=_limits(args))
        if community is None:
            return EXIT_FAILED
    window = cal.year_window(year)
    found: tuple[Occurrence, ...] = ()
    schedule: Report | None = None
    if community is not None:
        found, schedule = cal.schedule_report(community, *window, plan_year=year)
    if args.ics is not None:
        written = _write_ics(args.ics, community, window, policy)
        if written is not None:
            return written
    status = EXIT_OK if schedule is None or schedule.passed else EXIT_FAILED
    if args.json:
        data = cal.year_data(year, policy)
        data["events"] = (
            None
            if community is None or schedule is None
            else cal.events_data(community, found, schedule)
        )
        data["ics"] = None if args.ics is None else str(args.ics)
        _emit_json(data, out)
        return status
    lines = [
        f"== {_heading('calendar', lang)} {year} ==",
        *cal.festivals_text(year, policy, lang),
        "",
        *cal.holidays_text(year, lang),
    ]
    out.write("\n".join(lines) + "\n")
    if community is not None and schedule is not None:
        out.write("\n")
        _write_events(community, found, schedule, window, lang=lang, out=out)
    if args.ics is not None:
        out.write(Text(f"\nwrote {args.ics}", f"\n已写入 {args.ics}").render(lang) + "\n")
    return status


def _write_ics(
    path: Path,
    community: Community | None,
    window: tuple[dt.datetime, dt.datetime],
    policy: FestivalPolicy,
) -> int | None:
    """Write the iCalendar file; None when written, else the exit status to return."""
    try:
        data = to_ical(
            community.events if community is not None else (),
            *window,
            stamp=dt.datetime.now(DEFAULT_ZONE),
            domain=community.id if community is not None else "neighborly",
            festivals=True,
            holidays=True,
            policy=policy,
        )
    except MissingExtra as exc:
        print(f"neighborly: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        path.write_bytes(data)
    except OSError as exc:
        print(f"neighborly: cannot write {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    return None


def _card(args: argparse.Namespace, out: TextIO) -> int:
    lang: Lang = args.lang
    community = _load(args.file, lang, as_json=args.json, out=out, limits=_limits(args))
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
