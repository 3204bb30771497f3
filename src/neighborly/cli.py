"""The ``neighborly`` command.

    neighborly demo                         report on the sample community in the package
    neighborly check FILE|-|--sample        validate a community and run every rule
    neighborly card FILE|-|--sample ID      print one household's contact card
    neighborly calendar [FILE|-|--sample]   festivals, holidays, swapped working days,
                                            a community's events; --ics OUT writes them
    neighborly points FILE|-|--sample       replay and verify a points ledger
    neighborly tally FILE|-|--sample        count the owners' votes of a vote file or a
                                            community under Civil Code Art. 278
    neighborly street PATH...|--sample      roll up a street's communities: failing rules,
                                            worst first, and volunteer figures
    neighborly rules [--preset NAME]        every rule: its code, title, source, policy;
                                            or a bundle of local policies and its sources
    neighborly store migrate URL            create or migrate a store's database
    neighborly sample                       write the sample community as JSON

One shape for every subcommand: ``FILE`` (JSON or TOML), ``-`` for standard input or
``--sample``; ``--as-of DATE`` wherever a day matters; ``--lang en|zh``; ``--json``
prints one JSON document whatever happens, whose ``kind`` is the subcommand's name,
``"invalid"`` (the input has problems) or ``"error"``, with its ``exit`` status.
Exit status (:data:`EXIT_CODES`): 0 the input is valid and every rule passed, 1 the
input has problems or a rule failed, 2 a usage error or input that cannot be read,
70 a fault in neighborly itself (said in one line, to be reported).  ``demo`` exits 0
once its report is made: the sample's failing rules are part of the show.  No input
makes it print a traceback.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import functools
import gc
import io
import itertools
import os
import re
import sys
import textwrap
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeVar

import attrs

from neighborly import __version__
from neighborly import _cli_calendar as cal
from neighborly import _cli_owners as owners_text
from neighborly import _cli_party as party_text
from neighborly import _cli_points as pts
from neighborly import _cli_services as services_text
from neighborly._checks import FIRST_YEAR, LAST_YEAR
from neighborly._time import DEFAULT_ZONE, today
from neighborly.calendar import (
    FIRST_DAY,
    LAST_DAY,
    OFFICIAL_CALENDAR,
    FestivalPolicy,
    HolidayCalendar,
    official_calendar,
)
from neighborly.community import Community, summarize
from neighborly.elections import count_election
from neighborly.errors import Conflict, InvalidInput, NeighborlyError, NotFound
from neighborly.grids import ContactCard, contact_card
from neighborly.ical import MissingExtra, to_ical
from neighborly.owners.votes import Tally, Vote, roll_of, tally_vote
from neighborly.rules import (
    BUNDLES,
    PRESETS,
    Policies,
    bundle_named,
    catalogue,
    check_community,
    dump_policies,
    load_policies,
    policies_for,
)
from neighborly.sample import sample_community, sample_street
from neighborly.scheduling import Occurrence, occurrences
from neighborly.serialization import (
    DEFAULT_LIMITS,
    MIN_PURPOSE_LETTERS,
    Limits,
    dumps,
    is_purpose,
    load,
    load_data,
    loads,
    parse,
    structure,
    unstructure,
)
from neighborly.street import Judged, Street, StreetReport, combine, roll_up
from neighborly.streets import judge_file, load_street
from neighborly.text import Lang, Text, number
from neighborly.verdicts import Report, Verdict
from neighborly.volunteering import STAR_POLICIES, StarPolicy

T = TypeVar("T")

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
    "certificates": Text(
        "Volunteer administration: certificates due, insurance cover",
        "志愿者管理：待出具证明与保险",
    ),
    "owners": Text("Owners and the property company", "业主自治与物业服务"),
    "elections": Text(
        "Self-government: elections, the residents' committee, disputes",
        "自治：选举、居民委员会与纠纷调解",
    ),
}
# How far ahead ``demo`` and ``check`` look at a community's events.
AHEAD_DAYS = 60


def _heading(key: str, lang: Lang) -> str:
    return _HEADINGS[key].render(lang)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors end the command with status 2 and a one-line
    message (a JSON document with --json)."""

    def error(self, message: str) -> Any:
        raise _Stop(
            EXIT_USAGE, Text.same(f"{self.prog}: error: {message}"), usage=self.format_usage()
        )


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

    def close(self) -> None:
        """Leave the stream as it is: it is the caller's, and may be closed already
        when this view is collected (closing an IOBase would flush it)."""

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
        msg = (
            f"expected a day as YYYY-MM-DD from {FIRST_YEAR}-01-01 to {LAST_YEAR - 1}-12-31,"
            f" such as 2026-12-05; got {text!r}"
        )
        raise argparse.ArgumentTypeError(msg)
    return day


def _count(text: str) -> int:
    """A whole number of 0 or more, given on the command line."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        msg = f"expected a whole number of 0 or more, such as 10; got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return number


# What each exit status means, the same for every subcommand.
EXIT_CODES = (
    (EXIT_OK, Text("the input is valid and every rule passed", "输入有效，所有规则通过")),
    (
        EXIT_FAILED,
        Text("the input has problems, or a rule failed", "输入有问题，或有规则未通过"),
    ),
    (
        EXIT_USAGE,
        Text(
            "a usage error, or input that cannot be read (a missing file, an unknown id)",
            "用法错误，或输入无法读取（文件不存在、编号不存在）",
        ),
    ),
    (
        EXIT_INTERNAL,
        Text(
            "a fault in neighborly itself, said in one line (please report it)",
            "neighborly 自身的故障（请报告）",
        ),
    ),
)

_EXIT_TEXT = "exit status:\n" + "\n".join(f"  {code:<3} {what.en}" for code, what in EXIT_CODES)

_COVERS = """\
neighborly models how Chinese urban communities govern themselves and judges a
community by rules that cite their sources: places and the three-level grid with
contact cards, the lunisolar calendar and official holidays, events and their
scheduling, volunteers, service records, star levels and the points ledger, the
Party organisation and its meetings, owners' votes under Civil Code Art. 278,
the owners' committee, its working committee and the property company, volunteer
training, insurance and certificates, micro-wishes, residents' requests and disputes with their mediation, garbage
sorting, the 15-minute life circle, elder care, shared parking, deliberation, the
community's registries, the Party's, owners' and residents' committee elections
and the residents' committee; a street's communities rolled up with its volunteer
figures; local policy bundles with their sources; and a points ledger kept in
SQLite or PostgreSQL.

A community is a JSON or TOML file (neighborly sample writes one to start from);
FILE may be - for standard input, and --sample takes the one shipped in the
package. --json prints one JSON document whatever happens, with a "kind" field:
the subcommand's name, "invalid" (the input has problems) or "error"."""

# Each subcommand: what it does (the line in the top-level help), more about it,
# and examples.
_COMMANDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "demo": (
        "report on the sample community shipped in the package",
        "Shows every part of the sample community and every rule's verdict, failing"
        " ones included. It exits 0 when the report was made, whatever the rules"
        " found: the failures are part of the show (judge the sample by its rules"
        " with `neighborly check --sample`).",
        (
            "neighborly demo",
            "neighborly demo --lang zh --as-of 2026-12-05",
            "neighborly demo --json",
        ),
    ),
    "check": (
        "validate a community file and run every rule",
        "Reads a community (JSON or TOML), lists every problem with its path, then"
        " runs every rule whose inputs it holds. It exits 0 when all pass and 1 when"
        " the file has problems or a rule failed.",
        (
            "neighborly check community.json",
            "neighborly check community.toml --lang zh --preset shanghai",
            "neighborly sample | neighborly check - --json",
            "neighborly check --sample --as-of 2026-12-05",
        ),
    ),
    "card": (
        "print a household's contact card (连心卡)",
        "The grid people at levels 3, 2 and 1 of one household, with their roles and"
        " phones, and the service teams.",
        ("neighborly card community.json h-03-2-502", "neighborly card --sample h-01-1-101 --json"),
    ),
    "calendar": (
        "festivals, official holidays and a community's events for a year",
        "The year's traditional festivals (by the lunisolar calendar), official"
        " holidays and swapped working days; given a community, its events and the"
        " scheduling rules too, and --ics writes it all as an iCalendar file (the"
        " ical extra).",
        (
            "neighborly calendar --year 2026",
            "neighborly calendar community.json --year 2026 --lang zh",
            "neighborly calendar --sample --ics year.ics",
        ),
    ),
    "points": (
        "replay and verify a community's points ledger: balances, star levels",
        "Replays the ledger entry by entry, verifies its hash chain, and shows the"
        " leaderboard, star levels and refused entries, then the service-record"
        " certificates volunteers asked for and are still waiting for, and the"
        " insurance-cover and certificate rules. It exits 1 when the ledger, a service"
        " record or the volunteer administration breaks a rule.",
        (
            "neighborly points community.json",
            "neighborly points --sample --as-of 2026-12-05 --top 5",
        ),
    ),
    "street": (
        "roll up a street's communities: failing rules worst first, volunteer figures",
        "Runs every rule on each community (community files, folders of them, or a"
        " street file, street.toml or street.json, naming its communities' files) and"
        " says which rules fail where, the community with the most failures first;"
        " then the volunteers of the year up to the day: registered, active, new (and"
        " new a day) and hours served, by field of service and by community. It exits"
        " 0 when every community passes every rule and 1 otherwise.",
        (
            "neighborly street communities/",
            "neighborly street a.json b.toml --as-of 2026-12-05 --lang zh",
            "neighborly street --sample --json",
        ),
    ),
    "tally": (
        "count an owners' vote under Civil Code Art. 278",
        "Reads a vote file (roll, motions, ballots) or a community file and counts"
        " each of its votes, motion by motion, by area and by heads; it says which it"
        " read. It exits 0 when every motion passed and 1 otherwise.",
        (
            "neighborly tally vote.json",
            "neighborly tally community.json --lang zh",
            "neighborly tally --sample --json",
        ),
    ),
    "rules": (
        "list every rule: its code, title, source and policy; or a bundle of local policies",
        "The catalogue of rules, like a linter's rule list. With --preset, a bundle of"
        " local policies: each number it changes from the national default and its"
        " source; with --toml as well, the bundle as a policy file for --policy.",
        (
            "neighborly rules",
            "neighborly rules --lang zh --json",
            "neighborly rules --preset beijing --lang zh",
            "neighborly rules --preset shanghai --toml > shanghai.toml",
        ),
    ),
    "store": (
        "create a store's database, or bring it to this version's schema",
        "URL is the SQLite file of a neighborly.store (a path or a sqlite:/// URL) or a"
        " PostgreSQL database (postgresql://, with the postgres extra): a new store is"
        " created, an older one migrated without loss, and one already up to date left"
        " as it is; running it again is safe.",
        (
            "neighborly store migrate points.db",
            "neighborly store migrate sqlite:///var/lib/points/points.db --json",
            "neighborly store migrate postgresql://app@db.internal/points",
        ),
    ),
    "report": (
        "write a community's or a street's report as one self-contained HTML file",
        "Draws the place and its grids, the Party organisation, the year's activities,"
        " the 15-minute life circle, owners' votes and points, then lists every failing"
        " rule linked to the figure that shows it; for a street (a folder, a street"
        " file or several community files), one row per community and the volunteers"
        " by month. The file has no script and fetches nothing: it opens from disk and"
        " prints on A4. It exits 0 when the report was written, whatever the rules found.",
        (
            "neighborly report --sample --html sample.html",
            "neighborly report community.json --html report.html --lang zh --as-of 2026-12-05",
            "neighborly report communities/ --html street.html",
        ),
    ),
    "sample": (
        "write the sample community as JSON to standard output",
        "A file to start your own from. Without --personal-data its residents'"
        " names, phones and ID numbers are left out.",
        (
            "neighborly sample > community.json",
            "neighborly sample --personal-data 'train the care team'",
        ),
    ),
}


def _subcommand(
    commands: Any, name: str, formatter: Any, *, json: bool = True
) -> argparse.ArgumentParser:
    """A subcommand's parser, with its help, ``--lang`` and (unless it writes data
    of its own) ``--json``."""
    line, more, examples = _COMMANDS[name]
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples) + "\n\n" + _EXIT_TEXT
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=line,
        description=f"{line[0].upper()}{line[1:]}.\n\n" + textwrap.fill(more, 80),
        epilog=epilog,
        formatter_class=formatter,
    )
    parser.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of the output (default en)"
    )
    if json:
        parser.add_argument(
            "--json", action="store_true", help="print one JSON document instead of text"
        )
    return parser


def _input_options(parser: argparse.ArgumentParser, what: str, *, required: bool = True) -> None:
    """FILE, ``-`` or --sample, and the limits on reading the file."""
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help=f"{what} as JSON or TOML, or - for standard input",
    )
    parser.add_argument(
        "--sample", action="store_true", help="use the sample community shipped in the package"
    )
    parser.set_defaults(input_required=required)
    _limit_options(parser)


def _limit_options(parser: argparse.ArgumentParser) -> None:
    """The limits on reading a file."""
    limits = parser.add_argument_group("input limits (see SECURITY.md)")
    for name, default, meaning in (
        ("--max-bytes", DEFAULT_LIMITS.max_bytes, "largest file to read, in bytes"),
        ("--max-depth", DEFAULT_LIMITS.max_depth, "deepest nesting of arrays and objects"),
        ("--max-items", DEFAULT_LIMITS.max_items, "most values in all arrays and objects"),
        ("--max-string", DEFAULT_LIMITS.max_string, "longest string, in characters"),
        ("--max-problems", DEFAULT_LIMITS.max_problems, "problems described of an invalid file"),
    ):
        limits.add_argument(
            name, type=_count, default=default, metavar="N", help=f"{meaning} (default {default:,})"
        )


def _as_of_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--as-of",
        type=_day,
        default=None,
        metavar="DATE",
        help=f"the day {what}, YYYY-MM-DD (default: today in Asia/Shanghai)",
    )
    # its earlier name, kept so that scripts keep working
    parser.add_argument("--today", type=_day, dest="as_of", help=argparse.SUPPRESS)


def _holidays_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument(
        "--holidays",
        type=Path,
        default=None,
        metavar="FILE",
        help="official holiday arrangements for years neighborly does not ship (TOML or JSON,"
        " shaped as the shipped ones), for counting working days",
    )


def _policy_options(parser: argparse.ArgumentParser) -> None:
    policy = parser.add_argument_group("policies (what the rules judge by)")
    chosen = policy.add_mutually_exclusive_group()
    chosen.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        default=None,
        help="the local policies to judge by (default: the bundle the file names in"
        " `policies`, else national)",
    )
    chosen.add_argument(
        "--policy",
        type=Path,
        default=None,
        metavar="FILE",
        help="policies from a TOML or JSON file; what it leaves out is national",
    )
    _holidays_option(policy)
    policy.add_argument(
        "--min-households",
        type=_count,
        default=None,
        metavar="N",
        help="smallest level-3 grid (default: the policies', 300)",
    )
    policy.add_argument(
        "--max-households",
        type=_count,
        default=None,
        metavar="N",
        help="largest level-3 grid (default: the policies', 500)",
    )


def _star_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stars",
        choices=sorted(STAR_POLICIES),
        default="national",
        help="star-level scale (default national: 100/300/600/1000/1500 hours)",
    )
    parser.add_argument(
        "--top",
        type=_count,
        default=10,
        metavar="N",
        help="how many volunteers the leaderboard shows (default 10)",
    )


def _parser(width: int | None = None) -> argparse.ArgumentParser:
    """The command's arguments; help is wrapped at ``width`` columns (the terminal's
    when None)."""
    return _parsers(width)[0]


def _parsers(width: int | None) -> tuple[argparse.ArgumentParser, dict[str, Any]]:
    """The command's parser and each subcommand's, by name."""
    # help that keeps the description's and epilog's lines as written
    kept = argparse.RawDescriptionHelpFormatter
    formatter: Any = kept if width is None else functools.partial(kept, width=width)
    parser = _Parser(
        prog="neighborly",
        description=_COVERS,
        epilog=_EXIT_TEXT,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"neighborly {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, metavar="COMMAND"
    )
    demo = _subcommand(commands, "demo", formatter)
    _as_of_option(demo, "to count ages on and to look ahead from")
    demo.add_argument("--household", default=None, metavar="ID", help="whose contact card to show")
    _star_options(demo)
    _policy_options(demo)
    check = _subcommand(commands, "check", formatter)
    _as_of_option(check, "to count ages on and to look ahead from")
    _policy_options(check)
    _input_options(check, "a community")
    card = _subcommand(commands, "card", formatter)
    _input_options(card, "a community")
    card.add_argument("household", metavar="HOUSEHOLD", help="the household's id")
    calendar = _subcommand(commands, "calendar", formatter)
    calendar.add_argument(
        "--year", type=_year, default=None, help="the year (default: this year in Asia/Shanghai)"
    )
    calendar.add_argument(
        "--ics",
        type=Path,
        default=None,
        metavar="OUT",
        help="also write the year as an iCalendar file",
    )
    calendar.add_argument(
        "--little-new-year",
        type=int,
        choices=(23, 24, 25),
        default=23,
        help="lunar 12th-month day of Little New Year: 23 (north, default), 24 (south) or 25",
    )
    _holidays_option(calendar)
    _input_options(calendar, "a community whose events to add", required=False)
    # its earlier name, kept so that scripts keep working
    calendar.add_argument("--community", dest="community_file", help=argparse.SUPPRESS)
    points = _subcommand(commands, "points", formatter)
    _as_of_option(points, "to count hours and stars up to")
    _star_options(points)
    _input_options(points, "a community with a points ledger")
    street = _subcommand(commands, "street", formatter)
    street.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="community files (JSON or TOML), or folders of them",
    )
    street.add_argument(
        "--sample", action="store_true", help="the sample street: three communities"
    )
    street.add_argument("--name", default=None, help="the street's name (default: its folder's)")
    _as_of_option(street, "to judge on and count the year's volunteers up to")
    _policy_options(street)
    _limit_options(street)
    tally = _subcommand(commands, "tally", formatter)
    _input_options(tally, "a vote, or a community with votes,")
    rules = _subcommand(commands, "rules", formatter)
    rules.add_argument(
        "--preset",
        choices=sorted(BUNDLES),
        default=None,
        help="show a bundle of local policies instead: what it changes and on what authority",
    )
    rules.add_argument(
        "--toml",
        action="store_true",
        help="with --preset: print the bundle as a policy file (TOML) for --policy",
    )
    _report_parser(commands, formatter)
    store = _subcommand(commands, "store", formatter)
    store.add_argument("action", choices=("migrate",), help="what to do: migrate")
    store.add_argument(
        "target",
        metavar="URL",
        help="a SQLite file (a path or sqlite:///path), or a postgresql:// URL",
    )
    sample = _subcommand(commands, "sample", formatter, json=False)
    sample.add_argument(
        "--personal-data",
        metavar="PURPOSE",
        help="include the (synthetic) names, phones and ID numbers, saying why",
    )
    return parser, dict(commands.choices)


def _report_parser(commands: Any, formatter: Any) -> None:
    """The ``report`` subcommand's arguments."""
    report = _subcommand(commands, "report", formatter)
    report.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a community file (JSON or TOML, or - for standard input); or a street: a "
        "folder, a street file, or several community files",
    )
    report.add_argument(
        "--sample",
        action="store_true",
        help="report on the sample community shipped in the package",
    )
    report.add_argument(
        "--sample-street",
        action="store_true",
        help="report on the sample street: three communities",
    )
    report.add_argument(
        "--html", type=Path, required=True, metavar="OUT", help="the HTML file to write"
    )
    report.add_argument("--name", default=None, help="a street's name (default: its folder's)")
    report.set_defaults(input_required=True, file=None)
    _as_of_option(report, "to judge on")
    _star_options(report)
    _policy_options(report)
    _limit_options(report)


def help_pages(width: int = 88) -> dict[str, str]:
    """The help of the command (key ``""``) and of each subcommand, as
    ``neighborly [COMMAND] --help`` prints it, wrapped at ``width`` columns: the
    documentation's page on the command is made from these, so it cannot drift.

    >>> pages = help_pages()
    >>> pages["check"].splitlines()[0]
    'usage: neighborly check [-h] [--lang {en,zh}] [--json] [--as-of DATE]'
    """
    parser, commands = _parsers(width)
    return {"": parser.format_help()} | {name: sub.format_help() for name, sub in commands.items()}


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = None
    if year is None or not FIRST_DAY.year + 1 <= year <= LAST_DAY.year - 1:
        msg = (
            f"expected a year from {FIRST_DAY.year + 1} to {LAST_DAY.year - 1},"
            f" such as 2026; got {text!r}"
        )
        raise argparse.ArgumentTypeError(msg)
    return year


class _Stop(Exception):
    """Ends a command early: its exit status and what to say (on standard error as
    text, or as the JSON document of kind "error")."""

    def __init__(self, status: int, message: Text, *, usage: str = "") -> None:
        super().__init__(message.en)
        self.status = status
        self.message = message
        self.usage = usage


class _Invalid(Exception):
    """The input has problems: listed on standard output, exit status 1."""

    def __init__(self, name: str, error: InvalidInput) -> None:
        super().__init__(name)
        self.name = name
        self.error = error


def _lang_of(argv: Sequence[str]) -> Lang:
    """The language asked for, read before the arguments are parsed (for the
    messages of a usage error)."""
    for before, value in itertools.pairwise(argv):
        if before == "--lang" and value == "zh":
            return "zh"
    return "zh" if "--lang=zh" in argv else "en"


def command() -> int:
    """The ``neighborly`` command itself (and ``python -m neighborly``): :func:`main`
    over ``sys.argv`` in a process that ends with it."""
    return main(whole_process=True)


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    *,
    stdin: BinaryIO | None = None,
    whole_process: bool = False,
) -> int:
    """Run the command; returns the exit status instead of exiting.

    ``stdin`` is what ``-`` reads (standard input when None).  ``whole_process``
    says the process ends after this call (as :func:`command` does): the community
    it loads lives until then, so it is frozen out of the cyclic garbage collector
    (``gc.freeze``) rather than walked again by every full collection the rules
    trigger.  A caller that goes on running keeps the default."""
    out = out if out is not None else sys.stdout
    argv = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in argv
    lang = _lang_of(argv)
    sink = _PipeSafe(out, json=as_json)
    writer = typing.cast("TextIO", sink)  # a TextIOBase that writes text
    usage = ""  # the usage line, after a usage error in the arguments
    try:
        args = _parser().parse_args(argv)
        args.stdin = stdin
        args.whole_process = whole_process
        return _run(args, writer)
    except _Invalid as exc:
        _report_problems(exc.name, exc.error, lang, as_json=as_json, out=writer)
        return EXIT_FAILED
    except _Stop as exc:
        status, message, usage = exc.status, exc.message, exc.usage
    except OSError as exc:
        status = EXIT_USAGE
        message = Text(
            f"cannot read {exc.filename}: {exc.strerror}",
            f"无法读取 {exc.filename}：{exc.strerror}",
        )
    except NeighborlyError as exc:  # pragma: no cover - each command handles its own
        status, message = EXIT_FAILED, Text.same(str(exc))
    except Exception as exc:  # a bug must not show users a traceback
        status = EXIT_INTERNAL
        message = Text(
            f"internal error ({type(exc).__name__}: {exc}); please report it",
            f"内部错误（{type(exc).__name__}: {exc}），请报告",
        )
    finally:
        if sink.broken and out is sys.stdout:
            # The reader went away (``neighborly check FILE | head -1``): the run still
            # ends with its own status; keep Python from complaining when it flushes
            # standard output at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
    if as_json:
        _emit("error", status, {"message": message.render(lang)}, writer)
    else:
        # an argument's error names the subcommand itself, after the usage line
        said = message.render(lang) if usage else f"neighborly: {message.render(lang)}"
        print(f"{usage}{said}", file=sys.stderr)
    return status


def _emit(kind: str, status: int, data: dict[str, Any], out: TextIO) -> None:
    """One JSON document: its kind, the exit status, then the data."""
    _emit_json({"kind": kind, "exit": status, **data}, out)


def _rules(args: argparse.Namespace, out: TextIO) -> int:
    if args.preset is not None:
        bundle = BUNDLES[args.preset]
        if args.toml:
            out.write(dump_policies(bundle.policies))
        elif args.json:
            _emit("bundle", EXIT_OK, {"bundle": unstructure(bundle)}, out)
        else:
            out.write(bundle.explain(args.lang) + "\n")
        return EXIT_OK
    if args.toml:
        raise _Stop(EXIT_USAGE, Text("--toml needs --preset", "--toml 需要与 --preset 一起使用"))
    if args.json:
        _emit("rules", EXIT_OK, {"rules": unstructure(list(catalogue()))}, out)
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


def _store(args: argparse.Namespace, out: TextIO) -> int:
    from neighborly.store import open_store  # a database driver only for this subcommand

    try:
        store = open_store(args.target)
    except InvalidInput as exc:  # not a database, or a schema newer than this neighborly's
        raise _Invalid(args.target, exc) from None
    except MissingExtra as exc:
        raise _Stop(EXIT_USAGE, Text.same(str(exc))) from None
    except ValueError as exc:
        raise _Stop(
            EXIT_USAGE,
            Text(
                f"{exc}",
                f"需要 SQLite 文件路径、sqlite:/// 或 postgresql:// 地址：{exc}",
            ),
        ) from None
    except Exception as exc:  # the driver's: a database server it cannot reach
        if type(exc).__name__ != "OperationalError":
            raise
        raise _Stop(
            EXIT_USAGE,
            Text(f"cannot reach the database: {exc}".strip(), f"无法连接数据库：{exc}".strip()),
        ) from None
    with store:
        version = store.migrate()
    if args.json:
        _emit("store", EXIT_OK, {"target": store.target, "schema": version}, out)
    else:
        message = Text(
            f"{store.target}: schema version {version}", f"{store.target}：架构版本 {version}"
        )
        out.write(message.render(args.lang) + "\n")
    return EXIT_OK


def _street(args: argparse.Namespace, out: TextIO) -> int:
    if args.sample and args.paths:
        raise _Stop(
            EXIT_USAGE,
            Text("give PATHs or --sample, not both", "路径 PATH 与 --sample 只能给出一个"),
        )
    as_of = args.as_of or today()
    report = _street_report(args, as_of, calendar=_holidays(args), sample=args.sample)
    status = EXIT_OK if report.passed else EXIT_FAILED
    if args.json:
        _emit("street", status, {"report": unstructure(report)}, out)
    else:
        out.write(report.explain(args.lang) + "\n")
    return status


def _report(args: argparse.Namespace, out: TextIO) -> int:
    from neighborly.report import html

    chosen = sum((bool(args.paths), args.sample, args.sample_street))
    if chosen != 1:
        raise _Stop(
            EXIT_USAGE,
            Text(
                "give one of PATH..., --sample or --sample-street",
                "请给出 PATH...、--sample 或 --sample-street 之一",
            ),
        )
    as_of = args.as_of or today()
    subject: Community | StreetReport
    holidays = _holidays(args)
    policies = None
    if args.sample_street or _is_street(args.paths):
        subject = _street_report(args, as_of, calendar=holidays, sample=args.sample_street)
        name = "sample street" if args.sample_street else " ".join(args.paths)
    else:
        args.file = args.paths[0] if args.paths else None
        name, subject = _community(args)
        policies = _policies(args, subject.policies)
    page = html(
        subject,
        as_of=as_of,
        lang=args.lang,
        policies=policies,
        calendar=holidays,
        stars=STAR_POLICIES[args.stars],
    )
    data = page.encode("utf-8")
    try:
        args.html.write_bytes(data)
    except OSError as exc:
        raise _Stop(
            EXIT_USAGE,
            Text(
                f"cannot write {args.html}: {exc.strerror}", f"无法写入 {args.html}：{exc.strerror}"
            ),
        ) from None
    if isinstance(subject, Community):
        kind, title, key = "community", subject.name, subject.id
    else:
        kind, title, key = "street", subject.name, subject.street
    if args.json:
        _emit(
            "report",
            EXIT_OK,
            {"file": name, "of": kind, "html": str(args.html), "bytes": len(data)},
            out,
        )
    else:
        out.write(
            Text(
                f"wrote {args.html} ({number(len(data))} bytes): the report of {kind} {title}"
                f" ({key})",
                f"已写入 {args.html}（{number(len(data))} 字节）：{title}（{key}）的报告",
            ).render(args.lang)
            + "\n"
        )
    return EXIT_OK


def _is_street(paths: Sequence[str]) -> bool:
    """Whether the paths name a street: several files, a folder, or a street file."""
    if len(paths) != 1:
        return len(paths) > 1
    given = Path(paths[0])
    return given.is_dir() or given.name in {"street.toml", "street.json"}


def _street_source(args: argparse.Namespace) -> Street | tuple[str, list[Path]]:
    """What the command line names: a street file (read whole, with its communities),
    or the street's name and its community files (a folder stands for its JSON and
    TOML files, in order of name), to be read one at a time."""

    if not args.paths:
        raise _Stop(
            EXIT_USAGE,
            Text(
                "give community files or folders of them, or --sample",
                "请给出社区文件或其所在文件夹，或使用 --sample",
            ),
        )
    limits = _limits(args)
    if len(args.paths) == 1:  # a street file, or a folder holding one
        given = Path(args.paths[0])
        named = (
            [given / f"street{suffix}" for suffix in (".toml", ".json")]
            if given.is_dir()
            else [given]
        )
        for candidate in named:
            if candidate.name in {"street.toml", "street.json"} and candidate.is_file():
                try:
                    return load_street(candidate, limits=limits)
                except InvalidInput as exc:
                    raise _Invalid(str(candidate), exc) from None
    files: list[Path] = []
    for given in map(Path, args.paths):
        if given.is_dir():
            files.extend(sorted(f for f in given.iterdir() if f.suffix in {".json", ".toml"}))
        else:
            files.append(given)
    if not files:
        raise _Stop(
            EXIT_USAGE,
            Text(f"no community files in {', '.join(args.paths)}", "没有找到社区文件"),
        )
    first = Path(args.paths[0])
    return (first.resolve().name if first.is_dir() else "street") or "street", files


def _street_report(
    args: argparse.Namespace, as_of: dt.date, *, calendar: HolidayCalendar, sample: bool
) -> StreetReport:
    """The roll-up of the street the command line names.  Community files are read
    and judged one at a time, on as many processes as the machine has cores (one
    process for a single file), keeping only each community's judgement: the
    memory is one community's a process, whatever the street's size."""
    source = sample_street() if sample else _street_source(args)
    if isinstance(source, Street):
        street = attrs.evolve(source, name=args.name) if args.name else source
        policies = _policies(args, street.policies)
        return roll_up(street, as_of=as_of, policies=policies, calendar=calendar)
    name, files = source
    policies = _policies(args, None)
    judged = _judged_files(files, _limits(args), as_of, policies, calendar)
    street = Street("street", args.name or name)
    try:
        return combine(street, judged, as_of=as_of)
    except InvalidInput as exc:
        raise _Invalid(", ".join(map(str, files)), exc) from None


def _judged_files(
    files: Sequence[Path],
    limits: Limits,
    as_of: dt.date,
    policies: Policies | None,
    calendar: HolidayCalendar,
) -> list[Judged]:
    # judge_file reads and judges with the cyclic collector paused, and a community
    # holds no cycle, so each is freed as soon as it is judged
    work = functools.partial(
        judge_file, as_of=as_of, policies=policies, calendar=calendar, limits=limits
    )
    workers = min(os.cpu_count() or 1, len(files))
    if workers < 2:
        return [_named(file, functools.partial(work, file)) for file in files]
    pool = concurrent.futures.ProcessPoolExecutor(workers)
    try:
        futures = [pool.submit(work, file) for file in files]
        return [_named(file, future.result) for file, future in zip(files, futures, strict=True)]
    finally:
        pool.shutdown(cancel_futures=True)


def _named(file: Path, judged: typing.Callable[[], Judged]) -> Judged:
    """A file's judgement, or its problems under its name."""
    try:
        return judged()
    except InvalidInput as exc:
        raise _Invalid(str(file), exc) from None


def _sample(args: argparse.Namespace, out: TextIO) -> int:
    if args.personal_data is not None and not is_purpose(args.personal_data):
        raise _Stop(
            EXIT_USAGE,
            Text(
                "--personal-data needs a purpose, in words "
                f"(at least {MIN_PURPOSE_LETTERS} letters, no control characters)",
                f"--personal-data 需要用文字说明用途（至少 {MIN_PURPOSE_LETTERS} 个字母，"
                "不含控制字符）",
            ),
        )
    wanted = args.personal_data is not None
    written = dumps(
        sample_community(), personal_data=wanted, purpose=args.personal_data, indent=True
    )
    out.write(written.decode("utf-8") + "\n")
    return EXIT_OK


def _run(args: argparse.Namespace, out: TextIO) -> int:
    commands = {
        "rules": _rules,
        "sample": _sample,
        "demo": _demo,
        "check": _check,
        "calendar": _calendar,
        "points": _points,
        "tally": _tally,
        "street": _street,
        "report": _report,
        "card": _card,
        "store": _store,
    }
    return commands[args.command](args, out)


def _limits(args: argparse.Namespace) -> Limits:
    """The reading limits the command line asks for."""
    try:
        return Limits(
            args.max_bytes, args.max_depth, args.max_items, args.max_string, args.max_problems
        )
    except InvalidInput as exc:
        raise _Stop(
            EXIT_USAGE,
            Text(f"invalid limits:\n{exc.explain('en')}", f"读取限制无效：\n{exc.explain('zh')}"),
        ) from None


_NO_INPUT = Text(
    "give a FILE, - for standard input, or --sample",
    "请给出文件 FILE、表示标准输入的 -，或 --sample",
)


def _input_name(args: argparse.Namespace) -> str | None:
    """The input the command line names (a file, or ``-`` for standard input), or None
    for the sample and for no input where none is needed."""
    file: str | None = args.file
    if file is None:
        file = getattr(args, "community_file", None)
    if args.sample and file is not None:
        raise _Stop(
            EXIT_USAGE,
            Text("give a FILE or --sample, not both", "文件 FILE 与 --sample 只能给出一个"),
        )
    if file is None and not args.sample and args.input_required:
        raise _Stop(EXIT_USAGE, _NO_INPUT)
    return file


def _stdin_bytes(args: argparse.Namespace, limits: Limits) -> bytes:
    """Standard input, read no further than the size limit (one byte over it, so that
    a larger input is refused rather than cut)."""
    stream = args.stdin if args.stdin is not None else sys.stdin.buffer
    return stream.read(limits.max_bytes + 1)


def _document(args: argparse.Namespace) -> tuple[str, Any] | None:
    """The name and plain data of the input the command line names, or None for the
    sample and for no input where none is needed."""
    file = _input_name(args)
    if file is None:
        return None
    limits = _limits(args)
    try:
        if file == "-":
            return file, parse(_stdin_bytes(args, limits), limits=limits)
        return file, load_data(file, limits=limits)
    except InvalidInput as exc:
        raise _Invalid(file, exc) from None


def _built(name: str, data: Any, cls: type[T], args: argparse.Namespace) -> T:
    """A model built from a document's data, its problems reported as the input's."""
    try:
        return structure(data, cls, max_problems=args.max_problems)
    except InvalidInput as exc:
        raise _Invalid(name, exc) from None


def _community(args: argparse.Namespace) -> tuple[str, Community]:
    """The community the command line names: the sample, a file or standard input,
    read as :func:`~neighborly.serialization.load` reads one (a valid file is built
    without walking its data for the limits)."""
    file = _input_name(args)
    if file is None:
        found = "sample", sample_community()
    else:
        limits = _limits(args)
        try:
            if file == "-":
                found = file, loads(_stdin_bytes(args, limits), Community, limits=limits)
            else:
                found = file, load(file, Community, limits=limits)
            if found[1].policies is not None:
                bundle_named(found[1].policies)  # a name that is no bundle: refused here
        except InvalidInput as exc:
            raise _Invalid(file, exc) from None
    if args.whole_process:
        gc.freeze()  # the community outlives every collection the command makes
    return found


def _policies(args: argparse.Namespace, named: str | None = None) -> Policies | None:
    """The policies the command line chooses: the preset or the policy file, with
    the grid options over it (over the bundle ``named`` by the file when neither is
    given).  None when it chooses none: the files' ``policies`` entries decide."""
    if (args.preset, args.policy, args.min_households, args.max_households) == (None,) * 4:
        return None
    try:
        if args.policy is not None:
            policies = load_policies(args.policy)
        else:
            chosen = args.preset or named
            policies = PRESETS[chosen] if chosen is not None else Policies()
    except InvalidInput as exc:
        raise _Stop(
            EXIT_USAGE,
            Text(
                f"invalid policies in {args.policy}:\n{exc.explain('en')}",
                f"策略文件 {args.policy} 无效：\n{exc.explain('zh')}",
            ),
        ) from None
    grids = policies.grids
    try:
        if args.min_households is not None:
            grids = attrs.evolve(grids, min_households=args.min_households)
        if args.max_households is not None:
            grids = attrs.evolve(grids, max_households=args.max_households)
    except InvalidInput as exc:
        raise _Stop(
            EXIT_USAGE,
            Text(
                f"invalid grid policy:\n{exc.explain('en')}",
                f"网格策略无效：\n{exc.explain('zh')}",
            ),
        ) from None
    return attrs.evolve(policies, grids=grids)


def _judged_by(args: argparse.Namespace, named: str | None) -> tuple[str, Text]:
    """What the rules are judged by, as a name for JSON and as words."""
    tuned = args.min_households is not None or args.max_households is not None
    grid = Text(", with the grid options", "，并按网格选项调整") if tuned else Text.same("")
    if args.policy is not None:
        return str(args.policy), Text(
            f"the policies of {args.policy}{grid.en}", f"策略文件 {args.policy} 的策略{grid.zh}"
        )
    chosen = args.preset or named or "national"
    place = BUNDLES[chosen].place
    how = (
        Text("--preset", "--preset")
        if args.preset
        else Text("named by the file", "文件所指定")
        if named
        else Text("the default", "默认")
    )
    return chosen, Text(
        f"{place.en} ({chosen}, {how.en}){grid.en}",
        f"{place.zh}（{chosen}，{how.zh}）{grid.zh}",
    )


def _holidays(args: argparse.Namespace) -> HolidayCalendar:
    """The shipped holiday arrangements, with the years of ``--holidays`` added."""
    if args.holidays is None:
        return OFFICIAL_CALENDAR
    try:
        return official_calendar(load(args.holidays, HolidayCalendar))
    except InvalidInput as exc:
        raise _Stop(
            EXIT_USAGE,
            Text(
                f"invalid holidays in {args.holidays}:\n{exc.explain('en')}",
                f"节假日文件 {args.holidays} 无效：\n{exc.explain('zh')}",
            ),
        ) from None
    except Conflict as exc:
        raise _Stop(
            EXIT_USAGE,
            Text(
                f"{args.holidays}: {exc}",
                f"{args.holidays}：{exc.key} 年已随包提供，不能重复给出",
            ),
        ) from None


def _emit_json(data: Any, out: TextIO) -> None:
    out.write(dumps(data, indent=True).decode("utf-8") + "\n")


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    policies = _policies(args)
    lang: Lang = args.lang
    community = sample_community()
    as_of = args.as_of or today()
    holidays = _holidays(args)
    summary = summarize(community, as_of)
    # every rule, the same set as check_community; each section shows its own part
    everything = check_community(community, as_of=as_of, policies=policies, calendar=holidays)
    report = _part(everything, "grids.")
    household_id = args.household or next(community.households()).id
    card = _card_of(community, household_id)
    window = cal.days_window(as_of, AHEAD_DAYS)
    found = occurrences(community.events, *window, calendar=holidays)
    schedule = _part(everything, "scheduling.")
    stars = STAR_POLICIES[args.stars]
    view = pts.points_view(
        community, as_of, stars, policies_for(community, policies).volunteer_admin
    )
    party = _part(everything, "party.") if community.party is not None else None
    roll = roll_of(community)
    votes = [(vote, tally_vote(vote, roll)) for vote in community.votes]
    services = services_text.services_view(community, as_of, everything)
    if args.json:
        _emit(
            "demo",
            EXIT_OK,
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
    owned = _write_owners(community, everything, as_of, lang=lang, out=out)
    elected = _write_self_government(community, everything, lang=lang, out=out)
    shown = (
        *owned,
        *view.admin,
        *elected,
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


def _write_owners(
    community: Community, everything: Report, as_of: dt.date, *, lang: Lang, out: TextIO
) -> tuple[Verdict, ...]:
    """The owners' record and the property companies, then their rules (the votes'
    tallies have a section of their own); the verdicts it showed."""
    shown = tuple(
        v
        for v in everything
        if (v.rule.startswith("owners.") and v.rule != "owners.tally")
        or v.rule.startswith("property.")
    )
    lines = owners_text.owners_text(community, as_of, lang)
    if not lines and not shown:
        return ()
    body = "\n\n".join(v.explain(lang) for v in shown)
    out.write(f"\n== {_heading('owners', lang)} ==\n" + "".join(f"{line}\n" for line in lines))
    if body:
        out.write(f"\n{body}\n")
    return shown


def _write_self_government(
    community: Community, everything: Report, *, lang: Lang, out: TextIO
) -> tuple[Verdict, ...]:
    """Who each election elected, then the rules of elections, the residents'
    committee and dispute cases; the verdicts it showed."""
    shown = (
        *_part(everything, "elections."),
        *_part(everything, "residents."),
        *_part(everything, "cases."),
    )
    if not shown:
        return ()
    lines = []
    for election in community.elections:
        result = count_election(election)
        who = ", ".join(result.elected) or "-"
        state = Text("void", "选举无效") if result.void else Text(f"elected {who}", f"当选：{who}")
        lines.append(f"{election.title} ({election.held}): {state.render(lang)}")
    body = "\n\n".join(v.explain(lang) for v in shown)
    out.write(f"\n== {_heading('elections', lang)} ==\n" + "".join(f"{line}\n" for line in lines))
    out.write(f"\n{body}\n")
    return shown


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
    out.write(
        f"\n== {_heading('certificates', lang)} ==\n"
        + "\n".join(pts.certificates_text(view, lang))
        + "\n"
    )


def _points(args: argparse.Namespace, out: TextIO) -> int:
    lang: Lang = args.lang
    _, community = _community(args)
    stars = STAR_POLICIES[args.stars]
    view = pts.points_view(
        community, args.as_of or today(), stars, policies_for(community).volunteer_admin
    )
    status = EXIT_OK if view.passed else EXIT_FAILED
    if args.json:
        data = pts.points_data(view, args.top)
        _emit(
            "points",
            status,
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
    name, read, model = _vote_or_community(args)
    community = model if isinstance(model, Community) else None
    if isinstance(model, Vote):
        counted = [(model, tally_vote(model))]
    else:
        roll = roll_of(model)
        counted = [(vote, tally_vote(vote, roll)) for vote in model.votes]
    passed = all(t.passed for _, tallies in counted for t in tallies)
    status = EXIT_OK if passed else EXIT_FAILED
    if args.json:
        _emit(
            "tally",
            status,
            {
                "file": name,
                "read": read,
                "votes": [
                    {"vote": v.id, "title": v.title, "tallies": unstructure(list(tallies))}
                    for v, tallies in counted
                ],
            },
            out,
        )
        return status
    out.write(_what_was_read(name, community, len(counted), lang) + "\n\n")
    _write_tallies(counted, lang=lang, out=out)
    return status


def _vote_or_community(args: argparse.Namespace) -> tuple[str, str, Vote | Community]:
    """What ``tally`` reads: a vote file (it has motions) or a community."""
    given = _document(args)
    if given is None:
        return "sample", "community", sample_community()
    name, data = given
    if isinstance(data, dict) and "motions" in data:
        return name, "vote", _built(name, data, Vote, args)
    return name, "community", _built(name, data, Community, args)


def _what_was_read(name: str, community: Community | None, votes: int, lang: Lang) -> str:
    if community is None:
        return Text(f"{name}: a vote", f"{name}：一次表决").render(lang)
    counted = f"{votes} vote" if votes == 1 else f"{votes} votes"
    return Text(
        f"{name}: the community {community.name} ({community.id}), {counted}",
        f"{name}：社区 {community.name}（{community.id}），{votes} 次表决",
    ).render(lang)


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


def _report_problems(
    path: str, exc: InvalidInput, lang: Lang, *, as_json: bool, out: TextIO
) -> None:
    """Print every problem with a file, as JSON or as text."""
    if as_json:
        _emit(
            "invalid",
            EXIT_FAILED,
            {
                "file": path,
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
    lang: Lang = args.lang
    name, community = _community(args)
    policies = _policies(args, community.policies)
    judged = _judged_by(args, community.policies)
    as_of = args.as_of or today()
    holidays = _holidays(args)
    summary = summarize(community, as_of)
    # every rule, the same set as check_community; each section shows its own part
    everything = check_community(community, as_of=as_of, policies=policies, calendar=holidays)
    report = _part(everything, "grids.")
    # A community that keeps a calendar has its next weeks of events checked too.
    window = cal.days_window(as_of, AHEAD_DAYS)
    found = occurrences(community.events, *window, calendar=holidays) if community.events else ()
    schedule = _part(everything, "scheduling.") if community.events else None
    party = _part(everything, "party.") if community.party is not None else None
    services = services_text.services_view(community, as_of, everything)
    passed = everything.passed
    status = EXIT_OK if passed else EXIT_FAILED
    if args.json:
        _emit(
            "check",
            status,
            {
                "file": name,
                "valid": True,  # the file was read; whether its rules passed is "passed"
                "problems": [],
                "policies": judged[0],
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
    out.write(f"{name}: {_outcome(everything, lang)}\n")
    out.write(Text("judged by ", "评判依据：").render(lang) + judged[1].render(lang) + "\n")
    out.write(f"{summary.render(lang)}\n\n{report.explain(lang)}\n")
    if schedule is not None:
        out.write("\n")
        _write_events(community, found, schedule, window, lang=lang, out=out)
    if party is not None:
        out.write("\n")
        _write_party(community, party, as_of, lang=lang, out=out)
    _write_services(services, lang=lang, out=out)
    owned = _write_owners(community, everything, as_of, lang=lang, out=out)
    elected = _write_self_government(community, everything, lang=lang, out=out)
    shown = (*owned, *elected, *report, *(schedule or ()), *(party or ()), *services.verdicts())
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
    if args.sample or args.file is not None or args.community_file is not None:
        _, community = _community(args)
    window = cal.year_window(year)
    holidays = _holidays(args)
    found: tuple[Occurrence, ...] = ()
    schedule: Report | None = None
    if community is not None:
        found, schedule = cal.schedule_report(community, *window, plan_year=year, calendar=holidays)
    if args.ics is not None:
        _write_ics(args.ics, community, window, policy, holidays)
    status = EXIT_OK if schedule is None or schedule.passed else EXIT_FAILED
    if args.json:
        data = cal.year_data(year, policy, holidays)
        data["events"] = (
            None
            if community is None or schedule is None
            else cal.events_data(community, found, schedule)
        )
        data["ics"] = None if args.ics is None else str(args.ics)
        _emit("calendar", status, data, out)
        return status
    lines = [
        f"== {_heading('calendar', lang)} {year} ==",
        *cal.festivals_text(year, policy, lang),
        "",
        *cal.holidays_text(year, lang, holidays),
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
    holidays: HolidayCalendar,
) -> None:
    """Write the iCalendar file."""
    try:
        data = to_ical(
            community.events if community is not None else (),
            *window,
            stamp=dt.datetime.now(DEFAULT_ZONE),
            domain=community.id if community is not None else "neighborly",
            festivals=True,
            holidays=True,
            policy=policy,
            calendar=holidays,
        )
    except MissingExtra as exc:
        raise _Stop(EXIT_USAGE, Text.same(str(exc))) from None
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise _Stop(
            EXIT_USAGE,
            Text(f"cannot write {path}: {exc.strerror}", f"无法写入 {path}：{exc.strerror}"),
        ) from None


def _card_of(community: Community, household: str) -> ContactCard:
    try:
        return contact_card(community, household)
    except NotFound as exc:
        raise _Stop(EXIT_USAGE, Text.same(str(exc))) from None


def _card(args: argparse.Namespace, out: TextIO) -> int:
    lang: Lang = args.lang
    _, community = _community(args)
    card = _card_of(community, args.household)
    if args.json:
        _emit("card", EXIT_OK, {"card": unstructure(card)}, out)
    else:
        out.write(card.render(lang) + "\n")
    return EXIT_OK
