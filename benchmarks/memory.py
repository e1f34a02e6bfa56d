"""W6: resident memory while a library trains the W4 MLP for 10,000 steps; it must stay flat.

One library per process (`run.py` starts one for each), so that one library's memory is not
counted against another's. Resident set size is read from /proc/self/statm (Linux).

    python -m benchmarks.memory --library visgrad [--steps 10000]
"""

from __future__ import annotations

import argparse
import json
import os

from .common import W6_STEPS
from .workloads import load

WARMUP_STEPS = 100
SAMPLES = 10
FLAT_MB = 1.0  # growth after warm-up below this counts as flat


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def watch(library: str, steps: int) -> dict[str, object]:
    """RSS after warm-up, then every steps/10 steps: a leak shows as a steady climb."""
    case = load(library).w4()
    for _ in range(WARMUP_STEPS):
        case.run()
    start = resident_mb()
    samples = []
    every = max(1, steps // SAMPLES)
    for step in range(1, steps + 1):
        case.run()
        if step % every == 0:
            samples.append(resident_mb())
    growth = samples[-1] - start
    return {
        "steps": steps,
        "start_mb": start,
        "end_mb": samples[-1],
        "peak_mb": max(samples),
        "growth_mb": growth,
        "flat": growth < FLAT_MB,
        "samples_mb": samples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", required=True)
    parser.add_argument("--steps", type=int, default=W6_STEPS)
    args = parser.parse_args()
    print(json.dumps(watch(args.library, args.steps)))


if __name__ == "__main__":
    main()
