"""Bundles of local policies: each number a bundle changes from the national default
names its source, none is invented, and a bundle writes itself as the TOML policy
file that reads back the same."""

from __future__ import annotations

import pytest
import tomllib
from hypothesis import given, settings

from neighborly import InvalidInput
from neighborly.rules import (
    BUNDLES,
    PRESETS,
    Bundle,
    Policies,
    Source,
    dump_policies,
    load_policies,
)
from neighborly.serialization import unstructure
from neighborly.text import Text
from neighborly.volunteering import STAR_POLICIES

from strategies import EVERY_MODEL


def test_every_number_a_bundle_changes_names_its_source():
    assert BUNDLES["national"].changed == ()
    assert BUNDLES["beijing"].changed == ("stars", "committee")
    assert BUNDLES["shanghai"].changed == ("committee",)
    assert BUNDLES["zhangjiagang"].changed == ("stars",)
    for bundle in BUNDLES.values():
        assert PRESETS[bundle.name] is bundle.policies
        text = bundle.explain("en")
        assert text.endswith("every other policy: the national default")
        for field in bundle.changed:
            assert f"  {field}: " in text
    assert "第二十条" in BUNDLES["shanghai"].explain("zh")


def test_a_change_without_a_source_or_a_source_without_a_change_is_refused():
    with pytest.raises(InvalidInput) as excinfo:
        Bundle("x", Text.same("x"), Policies(stars=STAR_POLICIES["zhangjiagang"]))
    assert [p.path for p in excinfo.value.problems] == ["$.policies.stars"]
    with pytest.raises(InvalidInput) as excinfo:
        Bundle("x", Text.same("x"), Policies(), (Source("stars", Text.same("a rule")),))
    assert [p.path for p in excinfo.value.problems] == ["$.sources[0].field"]
    with pytest.raises(InvalidInput, match=r"\$\.field"):
        Source("no_such_policy", Text.same("a rule"))


@pytest.mark.parametrize("name", sorted(BUNDLES))
def test_a_bundle_writes_the_policy_file_that_reads_back_the_same(name):
    written = dump_policies(BUNDLES[name].policies)
    tomllib.loads(written)  # valid TOML
    read = load_policies(written.encode())
    assert unstructure(read) == unstructure(BUNDLES[name].policies)


@settings(max_examples=60, deadline=None)
@given(EVERY_MODEL[Policies])
def test_any_policies_write_and_read_back_the_same(policies):
    try:
        written = dump_policies(policies)
    except ValueError as exc:  # a no-value inside a list: said, not written wrong
        refused = str(exc)
    else:
        refused = ""
    if refused:
        assert "TOML cannot write" in refused
        return
    assert unstructure(load_policies(written.encode())) == unstructure(policies)


def test_the_none_list_is_checked_and_names_what_it_cannot_set():
    with pytest.raises(InvalidInput) as excinfo:
        load_policies(b'none = "committee.max_members"\n')
    assert excinfo.value.problems[0].path == "$.none"
    with pytest.raises(InvalidInput) as excinfo:
        load_policies(b'none = ["grids.min_households"]\n')
    assert excinfo.value.problems[0].path == "$.grids.min_households"
    with pytest.raises(InvalidInput) as excinfo:
        load_policies(b'none = ["grids.min_households.deeper"]\n[grids]\nmin_households = 3\n')
    assert excinfo.value.problems[0].path == "$.none[0]"
    assert load_policies(b'none = ["committee.max_members"]\n').committee.max_members is None
