"""The points command, and the leaderboard the demo shows."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pytest

from neighborly import dumps
from neighborly.cli import main
from neighborly.points import Account, AccountKind, Ledger, Posting, PostingKind
from neighborly.volunteering import Volunteer

from builders import community

AT = dt.datetime(2026, 11, 22, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def with_points(*extra: Posting):
    ledger = Ledger(
        [
            Account("budget", AccountKind.ISSUER, "积分", budget=1000),
            Account("pts-1", AccountKind.VOLUNTEER, holder="vol-1"),
            Account("pts-2", AccountKind.VOLUNTEER, holder="vol-2"),
        ]
    )
    ledger.post(Posting("a1", AT, PostingKind.AWARD, "budget", "pts-1", 30))
    ledger.post(Posting("a2", AT, PostingKind.AWARD, "budget", "pts-2", 50))
    ledger.post_all(extra)
    people = (
        Volunteer("vol-1", dt.date(2025, 1, 1), name="张伟"),
        Volunteer("vol-2", dt.date(2025, 1, 1), name="李娜"),
    )
    return attrs.evolve(community(300), volunteers=people, points=ledger.book())


def write(tmp_path: Path, value: object) -> Path:
    path = tmp_path / "c.json"
    path.write_bytes(dumps(value, personal_data=True, purpose="test"))
    return path


def test_points_of_the_sample_shows_the_leaderboard_the_chain_and_the_records():
    status, out = run("points", "--sample", "--as-of", "2026-11-22")
    assert status == 1  # the sample keeps two late records on purpose
    assert out.startswith("示例社区 (c-sample)\n")
    assert "Leaderboard: top 10 of 608 volunteers (stars: national)" in out
    assert "Stars: ★★★★ 12, ★ 35, - 561" in out
    assert "[PASS] points.chain" in out
    assert "entries replayed, none refused" in out
    assert "issuer pts-budget-2025 (2025 年志愿服务积分): issued" in out
    assert "[FAIL] volunteering.deadline" in out


def test_points_shows_the_certificates_due_and_the_administration_rules():
    _, before = run("points", "--sample", "--as-of", "2026-11-20")
    assert "Certificates due: 1\n  creq-3: vol-r-000632, asked 2026-11-10, due by 2026-11-20\n" in (
        before
    )
    _, after = run("points", "--sample", "--as-of", "2026-11-21")
    assert "due by 2026-11-20 (overdue)" in after
    assert "[FAIL] volunteers.cover" in after
    assert "[FAIL] volunteers.certificates" in after
    _, zh = run("points", "--sample", "--as-of", "2026-11-21", "--lang", "zh")
    assert "待出具的服务记录证明：1 份" in zh
    assert "（已逾期）" in zh
    data = json.loads(run("points", "--sample", "--as-of", "2026-11-21", "--json")[1])
    assert [d["request"] for d in data["certificates_due"]] == ["creq-3"]
    assert data["certificates_due"][0]["overdue"] is True
    rules = [v["rule"] for v in data["administration"]["verdicts"]]
    assert rules == ["volunteers.cover", "volunteers.certificates"]


def test_a_community_without_administration_says_so(tmp_path: Path):
    _, out = run("points", str(write(tmp_path, with_points())), "--as-of", "2026-11-22")
    assert "No volunteer administration in this community." in out


def test_points_as_json_and_in_chinese_with_a_local_star_scale():
    status, out = run("points", "--sample", "--as-of", "2026-11-22", "--json", "--top", "3")
    data = json.loads(out)
    assert (status, data["valid"]) == (1, False)
    assert data["community"] == {"id": "c-sample", "name": "示例社区"}
    assert data["chain"]["passed"] is True
    assert data["replay"]["violations"] == []
    assert len(data["leaderboard"]) == 3
    assert data["stars"] == {"0": 561, "1": 35, "4": 12}
    board = data["leaderboard"][0]
    assert set(board) == {"volunteer", "name", "account", "points", "hours", "stars"}
    _, zh = run(
        "points", "--sample", "--as-of", "2026-11-22", "--lang", "zh", "--stars", "zhangjiagang"
    )
    assert "星级标准：zhangjiagang" in zh
    assert "★★★★★ 12" in zh


def test_a_clean_ledger_passes_and_shows_masked_names(tmp_path: Path):
    status, out = run("points", str(write(tmp_path, with_points())), "--as-of", "2026-11-22")
    assert status == 0
    assert "    1. vol-2 李*  50 points  -  0 h" in out
    assert "issuer budget (积分): issued 80 of 1,000" in out


def test_a_tampered_entry_is_found_and_fails(tmp_path: Path):
    path = write(tmp_path, with_points())
    data = json.loads(path.read_text(encoding="utf-8"))
    data["points"]["entries"][0]["posting"]["points"] = 300
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, out = run("points", str(path), "--as-of", "2026-11-22")
    assert status == 1
    assert "[FAIL] points.chain" in out
    assert "$.entries[1].prev" in out


def test_an_overdraft_in_the_file_is_listed_as_refused_and_left_out(tmp_path: Path):
    path = write(tmp_path, with_points())
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = json.loads(json.dumps(data["points"]["entries"][0]))
    entry["seq"] = 2
    entry["posting"].update(key="x1", kind="transfer", source="pts-1", target="pts-2", points=31)
    data["points"]["entries"].append(entry)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, out = run("points", str(path), "--as-of", "2026-11-22", "--json")
    result = json.loads(out)
    assert status == 1
    (violation,) = result["replay"]["violations"]
    assert violation["path"] == "$.entries[2]"
    assert violation["message"]["en"].startswith(
        "points.balance: x1: pts-1 has 30 points, 31 asked"
    )


def test_a_community_without_a_ledger_says_so(tmp_path: Path):
    status, out = run("points", str(write(tmp_path, community(300))), "--as-of", "2026-11-22")
    assert status == 0
    assert "No points ledger in this community." in out


def test_points_needs_exactly_one_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert run("points")[0] == 2
    assert "give a FILE, - for standard input, or --sample" in capsys.readouterr().err
    assert run("points", "--sample", str(tmp_path / "c.json"))[0] == 2
    assert "give a FILE or --sample, not both" in capsys.readouterr().err
    assert run("points", "--sample", "--top", "-1")[0] == 2
    assert "expected a whole number of 0 or more, such as 10; got '-1'" in capsys.readouterr().err


def test_the_demo_shows_the_leaderboard_and_the_ledger():
    status, out = run("demo", "--as-of", "2026-11-22", "--top", "5")
    assert status == 0
    assert "== Points and stars ==\nLeaderboard: top 5 of 608 volunteers" in out
    assert "== Points ledger ==\n[PASS] points.chain" in out
    data = json.loads(run("demo", "--as-of", "2026-11-22", "--json")[1])
    assert len(data["points"]["leaderboard"]) == 10
    assert data["points"]["chain"]["passed"] is True
