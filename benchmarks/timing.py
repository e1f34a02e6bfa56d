"""Timing several libraries on one workload, interleaved, so that drift hits them all alike.

A round times every library once (the starting library rotates from round to round); each
library's figure is the median over rounds of its time per run. The garbage collector stays on
(its cost is part of what a library costs its user) but runs a full collection between samples,
so no library pays for another's garbage.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping

Run = Callable[[], None]


def calls_per_sample(run: Run, sample_seconds: float) -> int:
    """How many calls of `run` make one sample of about `sample_seconds` (at least 1)."""
    if sample_seconds <= 0:  # one call per sample: long runs, not worth a calibration run
        return 1
    start = time.perf_counter()
    run()
    once = time.perf_counter() - start
    return max(1, round(sample_seconds / max(once, 1e-9)))


def interleaved(
    runs: Mapping[str, Run], rounds: int, sample_seconds: float
) -> dict[str, list[float]]:
    """Seconds per call of each run, one sample per round, libraries taken in rotating order."""
    counts = {name: calls_per_sample(run, sample_seconds) for name, run in runs.items()}
    names = list(runs)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_index in range(rounds):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            run, count = runs[name], counts[name]
            gc.collect()
            start = time.perf_counter()
            for _ in range(count):
                run()
            samples[name].append((time.perf_counter() - start) / count)
    return samples


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def spread(samples: list[float]) -> float:
    """The interquartile range as a fraction of the median: how noisy the samples were."""
    if len(samples) < 4:
        return 0.0
    low, _, high = statistics.quantiles(samples, n=4)
    return (high - low) / statistics.median(samples)
