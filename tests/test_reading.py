"""The collector's pause while models are built (``neighborly._reading``)."""

from __future__ import annotations

import gc

import pytest

from neighborly._reading import BULK, collector_paused


@pytest.fixture(autouse=True)
def _collector_restored():
    was = gc.isenabled()
    gc.unfreeze()  # whatever an earlier test in this process froze
    yield
    gc.unfreeze()
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_paused_inside_and_running_again_after():
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_program_paused_stays_paused():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_collector_runs_again_after_a_failure_inside():
    gc.enable()
    with pytest.raises(ValueError, match="inside"), collector_paused():
        raise ValueError("inside")
    assert gc.isenabled()


def test_a_bulk_build_skips_the_young_generations():
    gc.enable()
    gc.collect()
    with collector_paused():
        kept = [[] for _ in range(2 * BULK)]  # well past BULK, whatever else is freed
    assert gc.get_count()[0] < 1_000  # moved to the oldest generation, not left young
    assert gc.get_freeze_count() == 0
    del kept


def test_a_program_that_froze_its_heap_keeps_it_frozen():
    gc.enable()
    own = [[] for _ in range(10)]
    gc.freeze()
    frozen = gc.get_freeze_count()
    with collector_paused():
        kept = [[] for _ in range(2 * BULK)]  # well past BULK, whatever else is freed
    # still frozen (unfreezing would leave none), the new objects not added (objects
    # frozen elsewhere may have been freed meanwhile)
    assert 0 < gc.get_freeze_count() <= frozen
    del kept, own


def test_nested_pauses_restore_the_outer_setting():
    gc.enable()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
