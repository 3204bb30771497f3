"""The tally command and the owners' vote in the demo."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from neighborly import dumps, sample_community
from neighborly.cli import main
from neighborly.owners import (
    Ballot,
    Choice,
    ExclusivePart,
    Matter,
    Motion,
    Vote,
    roll_of,
    tally_vote,
)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def vote(agree: int = 34) -> Vote:
    roll = tuple(
        ExclusivePart(f"p{i}", (f"o{i}",), registered_area=Decimal(100)) for i in range(100)
    )
    ballots = tuple(
        Ballot(f"p{i}", Choice.AGREE if i < agree else Choice.DISAGREE) for i in range(67)
    )
    return Vote(
        "v1",
        "业主大会",
        roll,
        (Motion("m1", "更换物业服务企业", Matter.PROPERTY_MANAGER),),
        ballots,
    )


def test_tally_counts_a_vote_file_and_exits_by_the_result(tmp_path: Path):
    path = tmp_path / "vote.json"
    path.write_bytes(dumps(vote()))
    status, out = run("tally", str(path))
    assert status == 0
    assert out.startswith(
        f"{path}: a vote\n\n== 业主大会 (v1) ==\n[PASS] owners.tally 更换物业服务企业"
    )
    path.write_bytes(dumps(vote(33)))
    status, out = run("tally", str(path), "--lang", "zh")
    assert status == 1
    assert "同意的业主人数：33 / 67 人，需超过 1/2（33.5）（差 1 人）：未达到" in out


def test_tally_as_json_and_from_toml(tmp_path: Path):
    path = tmp_path / "vote.toml"
    path.write_text(
        'id = "v2"\ntitle = "小业主大会"\n'
        '[[roll]]\nid = "a"\nowners = ["o1"]\nregistered_area = "90"\n'
        '[[roll]]\nid = "b"\nowners = ["o2"]\nregistered_area = "90"\n'
        '[[motions]]\nid = "m"\ntitle = "修改管理规约"\nmatter = "covenant"\n'
        '[[ballots]]\npart = "a"\nchoice = "agree"\n'
        '[[ballots]]\npart = "b"\nchoice = "agree"\nproxy = "张伟"\nauthorisation = "委托书-1"\n',
        encoding="utf-8",
    )
    status, out = run("tally", str(path), "--json")
    data = json.loads(out)
    assert status == 0
    assert (data["kind"], data["exit"], data["read"], data["file"]) == (
        "tally",
        0,
        "vote",
        str(path),
    )
    (result,) = data["votes"][0]["tallies"]
    assert (result["total_heads"], result["voted_heads"], result["passed"]) == (2, 2, True)


def test_a_broken_vote_file_lists_its_problems(tmp_path: Path):
    path = tmp_path / "vote.json"
    path.write_text(
        '{"id": "v", "title": "t", "motions": [{"id": "m", "title": "x", "matter": "item-4"}],'
        ' "ballots": [{"part": "a", "choice": "yes", "motion": "zz"}]}',
        encoding="utf-8",
    )
    status, out = run("tally", str(path))
    assert status == 1
    assert "$.motions[0].matter" in out
    assert "$.ballots[0].choice" in out


def test_tally_needs_exactly_one_source(capsys: pytest.CaptureFixture[str]):
    assert run("tally")[0] == 2
    assert "give a FILE, - for standard input, or --sample" in capsys.readouterr().err


def test_the_sample_vote_passes_the_manager_and_falls_short_on_the_lifts():
    community = sample_community()
    (sample_vote,) = community.votes
    manager, lifts = tally_vote(sample_vote, roll_of(community))
    assert (manager.quorum, manager.passed) == (True, True)
    assert (lifts.quorum, lifts.passed) == (True, False)
    assert manager.total_heads < len(
        list(community.households())
    )  # owners of several flats count once
    status, out = run("tally", "--sample")
    assert status == 1
    assert (
        "[FAIL] owners.tally 续筹专项维修资金用于加装电梯 (Art. 278 item 6, special majority)"
        in out
    )
    _, demo = run("demo", "--as-of", "2026-11-22")
    assert "== Owners' votes ==\n== 2026 年第一次业主大会 (vote-2026) ==" in demo
