"""The tally endpoint: a real vote counted, bad input answered with paths."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx2")

from fastapi.testclient import TestClient

from neighborly import dumps
from neighborly.owners import Ballot, Choice, ExclusivePart, Matter, Motion, Vote

from .app import app

client = TestClient(app)


def vote(voters: int) -> Vote:
    """99 flats of 100 m²; ``voters`` of their owners vote, 40 of them to agree."""
    roll = tuple(
        ExclusivePart(f"p{i}", (f"o{i}",), registered_area=Decimal(100)) for i in range(99)
    )
    ballots = tuple(
        Ballot(f"p{i}", Choice.AGREE if i < 40 else Choice.DISAGREE) for i in range(voters)
    )
    motions = (
        Motion("m-4", "更换物业服务企业", Matter.PROPERTY_MANAGER),
        Motion("m-7", "改建地下车库", Matter.REBUILD),
    )
    return Vote("v-2026", "2026 年业主大会", roll, motions, ballots)


def test_a_vote_is_counted_motion_by_motion_with_explanations():
    answer = client.post("/tally", content=dumps(vote(66)))
    assert answer.status_code == 200
    body = answer.json()
    assert (body["vote"], body["passed"]) == ("v-2026", False)
    company, garage = body["tallies"]
    assert (company["motion"], company["quorum"], company["passed"]) == ("m-4", True, True)
    assert (garage["motion"], garage["passed"]) == ("m-7", False)  # item 7 needs 3/4
    assert company["voted_heads"] == 66
    assert "more than 1/2" in company["explanation"]


def test_one_owner_short_of_two_thirds_there_is_no_quorum_and_the_answer_says_so_in_chinese():
    answer = client.post("/tally", params={"lang": "zh"}, content=dumps(vote(65)))
    company = answer.json()["tallies"][0]
    assert (company["quorum"], company["passed"]) == (False, False)
    assert "差 1 人" in company["explanation"]


def test_bad_input_is_a_422_with_every_problem_and_its_path():
    data = json.loads(dumps(vote(66)))
    data["roll"][3]["registered_area"] = "-5"
    data["ballots"][0]["choice"] = "maybe"
    answer = client.post("/tally", content=json.dumps(data).encode())
    assert answer.status_code == 422
    paths = [p["path"] for p in answer.json()["problems"]]
    assert paths == ["$.roll[3].registered_area", "$.ballots[0].choice"]


def test_a_body_that_is_not_json_is_a_422_too():
    answer = client.post("/tally", content=b"{not json")
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["path"] == "$"


def test_hostile_bodies_are_a_422_never_a_server_error():
    data = json.loads(dumps(vote(66)))
    data["roll"][0]["registered_area"] = "1e400"
    bodies = [
        json.dumps(data).encode(),
        b'{"id":"v","id":"w"}',
        b'{"id":"\\ud800"}',
        b'{"id":1' + b"1" * 4300 + b"}",
        b"[" * 5000 + b"]" * 5000,
    ]
    for body in bodies:
        answer = client.post("/tally", content=body)
        assert answer.status_code == 422, body[:40]
        assert answer.json()["problems"]


def test_a_body_of_many_problems_describes_the_first_and_counts_the_rest():
    body = json.dumps({"id": "v", "title": "t", "roll": [{}] * 500}).encode()
    answer = client.post("/tally", content=body)
    assert answer.status_code == 422
    assert len(answer.json()["problems"]) == 100
    assert answer.json()["more"] > 0
