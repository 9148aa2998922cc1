"""The cycle collector is paused only inside a long job, and is as it was after it."""

from __future__ import annotations

import gc

import pytest

from storage.cycles import without_cycle_collection


def test_the_collector_runs_again_after_the_job_even_when_it_fails() -> None:
    assert gc.isenabled()
    with without_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), without_cycle_collection():
        raise RuntimeError("refused")
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    try:
        with without_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
