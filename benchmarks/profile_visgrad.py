"""Where visgrad spends its time on a workload: cProfile's top functions, one thread.

    OMP_NUM_THREADS=1 python -m benchmarks.profile_visgrad W1 [--seconds 3] [--top 25]

For a flame graph instead (py-spy is in benchmarks/requirements-peers.txt):

    py-spy record -o w4.svg -- python -m benchmarks.profile_visgrad W4 --no-cprofile
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from .common import W2_TRIPLES
from .workloads import load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workload", choices=["W1", "W2", "W3", "W4", "W5"])
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to keep running it")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", help="a pstats sort key, e.g. cumulative")
    parser.add_argument("--no-cprofile", action="store_true", help="just run (under py-spy)")
    args = parser.parse_args()

    workloads = load("visgrad")
    builders = {
        "W1": workloads.w1,
        "W2": lambda: workloads.w2(W2_TRIPLES),
        "W3": lambda: workloads.w3(10_000),
        "W4": workloads.w4,
        "W5": workloads.w5,
    }
    case = builders[args.workload]()
    case.run()  # warm up

    def keep_running() -> int:
        runs = 0
        end = time.perf_counter() + args.seconds
        while time.perf_counter() < end:
            case.run()
            runs += 1
        return runs

    if args.no_cprofile:
        keep_running()
        return
    profiler = cProfile.Profile()
    runs = profiler.runcall(keep_running)
    print(f"{args.workload}: {runs} runs under cProfile (its overhead inflates small functions)")
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
