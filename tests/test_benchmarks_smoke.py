"""A tiny run of every benchmark workload on visgrad and the hand-written NumPy baseline.

So that the benchmark cannot rot: each workload still builds, runs, and gives visgrad the same
numbers as NumPy's hand-written forward and backward. Times are never asserted. Needs neither
PyTorch nor the peers (`make bench` installs those in a venv of their own).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `benchmarks` is a folder of the repository, not installed
    sys.path.insert(0, str(ROOT))

from benchmarks import memory, report, visualizer, worker  # noqa: E402
from benchmarks.workloads import load  # noqa: E402

LIBRARIES = ("visgrad", "numpy")


def tiny(workload: worker.Workload) -> worker.Workload:
    return dataclasses.replace(workload, rounds=(1, 1), sample_seconds=0.0)


@pytest.fixture(scope="module")
def measured() -> dict[str, dict]:
    libraries = {name: load(name) for name in LIBRARIES}
    return {w.key: worker.measure(tiny(w), libraries, quick=True) for w in worker.WORKLOADS}


@pytest.mark.parametrize("key", [w.key for w in worker.WORKLOADS])
def test_every_workload_runs_and_visgrad_agrees_with_numpy(measured, key):
    entry = measured[key]["libraries"]
    assert set(entry) == set(LIBRARIES)
    for name in LIBRARIES:
        assert entry[name]["median"] > 0
        assert entry[name]["agrees"] is True, f"{key}: {name} differs from the NumPy baseline"


def test_w4_losses_and_gradients_match_numpy_over_several_steps():
    mine, numpy = load("visgrad").w4(), load("numpy").w4()
    for _ in range(3):  # the weights move: later steps check the SGD update too
        mine.run()
        numpy.run()
        got, expected = mine.result(), numpy.result()
        assert got["loss"] == pytest.approx(expected["loss"], rel=1e-5)
        for g, e in zip(got["grads"], expected["grads"]):
            np.testing.assert_allclose(g, e, rtol=1e-4, atol=1e-6)


def test_w5_gradients_match_numpy():
    mine, numpy = load("visgrad").w5(), load("numpy").w5()
    mine.run()
    numpy.run()
    assert mine.result()["loss"] == pytest.approx(numpy.result()["loss"], rel=1e-5)
    for g, e in zip(mine.result()["grads"], numpy.result()["grads"]):
        np.testing.assert_allclose(g, e, rtol=1e-3, atol=1e-6)


def test_w3_long_chain_does_not_recurse():
    case = load("visgrad").w3(20_000)  # far past Python's recursion limit of 1,000
    case.run()
    assert case.result()["x.grad"] == pytest.approx(0.9999**10_000, rel=1e-3)


def test_w6_memory_watch_runs():
    found = memory.watch("visgrad", steps=20)
    assert found["steps"] == 20 and found["end_mb"] > 0


def test_visualizer_workloads_run_or_say_why_not():
    found = visualizer.measure(rounds=1, ops=30)
    for key in ("trace", "trace_dot", "player_step"):
        assert "median" in found[key] or found[key]["not_available"].startswith("not available")


def test_report_renders(measured):
    run = {"environment": worker.environment(), "workloads": measured,
           "visualizer": visualizer.measure(rounds=1, ops=30)}
    results = {"command": "smoke", "quick": True, "seconds": 0.0, "one_thread": run,
               "default_threads": run, "memory": {"visgrad": memory.watch("visgrad", steps=10)}}
    text = report.text(results)
    assert "W4" in text and "visgrad" in text
    assert "| W5 |" in report.markdown(results)


@pytest.mark.parametrize("key", ["W1", "W2", "W3"])
def test_the_floor_computes_what_numpy_by_hand_computes(key):
    # the calibration column ("floor": the least a Python autograd can do) must stay honest too
    floor = {w.key: w for w in worker.WORKLOADS}[key]
    entry = worker.measure(tiny(floor), {"floor": load("floor"), "numpy": load("numpy")}, True)
    assert entry["libraries"]["floor"]["agrees"] is True
