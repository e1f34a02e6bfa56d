"""One benchmark process: every workload on every library, timed in this process's thread setup.

`run.py` starts this twice, once with OMP/MKL/OPENBLAS_NUM_THREADS=1 and once with the default
threads, because the thread count has to be fixed before torch and NumPy load (and calling
`torch.set_num_threads` in a timed process slows torch's small ops for good: see RESULTS.md).

    python -m benchmarks.worker --out results.json [--quick] [--libraries visgrad,numpy]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import numpy as np

from . import common, timing, visualizer
from .common import Case, UnsupportedError
from .workloads import LIBRARIES, load


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    unit: str
    per_op: bool  # report the time of one op (W2) instead of one run
    scale: float  # seconds -> unit
    build: Callable[[Any, bool], Case]
    rounds: tuple[int, int]  # (full, quick)
    sample_seconds: float


def w3_ops(quick: bool) -> int:
    return common.W3_OPS // 10 if quick else common.W3_OPS


WORKLOADS = (
    Workload("W1", "tutorial program", "µs/program", False, 1e6,
             lambda lib, quick: lib.w1(), (15, 5), 0.05),
    Workload("W2", "999 elementwise ops on 4x4", "µs/op", True, 1e6,
             lambda lib, quick: lib.w2(common.W2_TRIPLES), (15, 5), 0.05),
    Workload("W3", "chain of scalar ops", "s/chain", False, 1.0,
             lambda lib, quick: lib.w3(w3_ops(quick)), (3, 2), 0.0),
    Workload("W4", "2-16-16-1 MLP step", "ms/step", False, 1e3,
             lambda lib, quick: lib.w4(), (15, 5), 0.05),
    Workload("W5", "784-512-512-10 fwd+bwd", "ms/step", False, 1e3,
             lambda lib, quick: lib.w5(), (15, 5), 0.1),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="where to write the JSON results")
    parser.add_argument("--quick", action="store_true", help="fewer rounds, W3 at 10k ops")
    parser.add_argument("--libraries", default=",".join(LIBRARIES))
    parser.add_argument("--big-chain", action="store_true", help="also W3 at a million ops")
    parser.add_argument("--skip", default="", help="comma-separated workloads not to run")
    args = parser.parse_args()

    libraries = {}
    missing = {}
    for name in args.libraries.split(","):
        try:
            libraries[name] = load(name)
        except ImportError as error:
            missing[name] = f"not installed ({error.name})"

    results: dict[str, Any] = {"environment": environment(), "workloads": {},
                               "skipped": [key for key in args.skip.split(",") if key]}
    for workload in WORKLOADS:
        if workload.key in results["skipped"]:
            continue
        log(f"{workload.key} {workload.title}")
        entry = measure(workload, libraries, args.quick)
        entry["libraries"].update({name: {"missing": why} for name, why in missing.items()})
        results["workloads"][workload.key] = entry
    if args.big_chain:
        results["big_chain"] = big_chain(libraries)
    log("visualizer")
    results["visualizer"] = visualizer.measure(rounds=3 if args.quick else 7)
    results["load_average_after"] = os.getloadavg()
    with open(args.out, "w") as file:
        json.dump(results, file, indent=1)


def measure(workload: Workload, libraries: dict[str, Any], quick: bool) -> dict[str, Any]:
    """Build every library's case, run it once and check it against NumPy, then time them all."""
    entry: dict[str, Any] = {"title": workload.title, "unit": workload.unit, "libraries": {}}
    runs: dict[str, timing.Run] = {}
    cases: dict[str, Case] = {}
    first: dict[str, dict[str, Any]] = {}  # each library's results of its first run
    for name, lib in libraries.items():
        try:
            case = workload.build(lib, quick)
            case.run()  # the first run is the one checked (W4's weights move after it)
        except UnsupportedError as reason:
            entry["libraries"][name] = {"unsupported": str(reason)}
            continue
        except RecursionError:
            entry["libraries"][name] = {"error": "RecursionError"}
            continue
        except Exception as error:  # a peer's bug is a result too; the run goes on
            entry["libraries"][name] = {"error": f"{type(error).__name__}: {error}"[:200]}
            continue
        cases[name], runs[name], first[name] = case, case.run, case.result()
    entry["ops"] = next(iter(cases.values())).ops if cases else 1
    if workload.key == "W3":
        entry["title"] = f"chain of {entry['ops']:,} scalar ops"
    reference = first.get("numpy")
    rounds = workload.rounds[1] if quick else workload.rounds[0]
    samples = timing.interleaved(runs, rounds, workload.sample_seconds)
    divide = entry["ops"] if workload.per_op else 1
    for name in cases:
        values = [s * workload.scale / divide for s in samples[name]]
        agrees = None if reference is None else agree(first[name], reference)
        entry["libraries"][name] = {
            "median": timing.median(values),
            "spread": timing.spread(values),
            "samples": values,
            "agrees": agrees,
        }
    return entry


def agree(result: dict[str, Any], reference: dict[str, Any]) -> bool:
    """Same loss/output and gradients as NumPy's, to float32 precision."""
    for key, expected in reference.items():
        got = result[key]
        pairs = zip(got, expected) if key == "grads" else [(got, expected)]
        for g, e in pairs:
            g, e = np.asarray(g, dtype=np.float64), np.asarray(e, dtype=np.float64)
            if g.shape != e.shape or not np.allclose(g, e, rtol=1e-3, atol=1e-5 * np.abs(e).max()):
                return False
    return True


def big_chain(libraries: dict[str, Any]) -> dict[str, Any]:
    """W3 at a million ops, once, on visgrad: it must work (no recursion, memory freed)."""
    ops = common.W3_BIG_OPS
    found: dict[str, Any] = {"ops": ops}
    if "visgrad" not in libraries:
        return found
    log(f"W3 at {ops:,} ops: visgrad")
    case = libraries["visgrad"].w3(ops)
    start = time.perf_counter()
    try:
        case.run()
    except RecursionError:
        found["visgrad"] = {"error": "RecursionError"}
        return found
    seconds = time.perf_counter() - start
    grad = case.result()["x.grad"]
    agrees = bool(np.isclose(grad, common.W3_SCALE ** (ops // 2), rtol=1e-3))
    found["visgrad"] = {"seconds": seconds, "agrees": agrees}
    return found


def environment() -> dict[str, Any]:
    """What this process ran on: versions, thread settings, and which BLAS kernel NumPy uses."""
    found: dict[str, Any] = {
        "machine": f"{cpu_model()}, {os.cpu_count()} cores, {platform.platform(terse=True)}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "thread_env": {k: os.environ.get(k) for k in THREAD_VARIABLES},
        "load_average": os.getloadavg(),
    }
    try:
        from threadpoolctl import threadpool_info

        found["blas"] = [
            {k: pool.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for pool in threadpool_info()
        ]
    except ImportError:
        found["blas"] = "threadpoolctl not installed"
    for package in ("visgrad", "torch", "micrograd", "autograd", "mygrad"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    if "torch" in sys.modules:
        # reading the thread count is harmless; setting it is the trap (see module docstring)
        found["torch_threads"] = sys.modules["torch"].get_num_threads()
    return found


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
)


def log(message: str) -> None:
    threads = "one thread" if os.environ.get("OMP_NUM_THREADS") == "1" else "default threads"
    print(f"  [{threads}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
