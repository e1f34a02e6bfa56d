"""`make bench`: run every workload on every library and print medians and ratios.

    python -m benchmarks.run [--quick] [--libraries visgrad,torch,numpy] [--markdown FILE]

Processes, one after the other (never two at once: the machine has 2 cores):
1. one thread: `benchmarks.worker` with OMP/MKL/OPENBLAS_NUM_THREADS=1, set before anything loads
   (the goals are ratios in this process);
2. default threads: the same worker with those variables removed;
3. W6: `benchmarks.memory`, one process per library, one thread.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import report
from .common import W6_STEPS
from .workloads import LIBRARIES

ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
ROOT = Path(__file__).resolve().parent.parent
SLOW_BLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
BUSY_LOAD = 0.5  # 1-minute load average above which the machine is not idle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="a minute or so: fewer rounds, W3 at 10k ops, W6 at 1,000 steps")
    parser.add_argument("--libraries", default=",".join(LIBRARIES),
                        help="comma-separated, from: " + ", ".join(LIBRARIES))
    parser.add_argument("--markdown", type=Path, help="also write the tables as Markdown here")
    parser.add_argument("--json", type=Path, help="also write every sample as JSON here")
    args = parser.parse_args()

    for name in SLOW_BLAS_VARIABLES:
        if name in os.environ:
            print(f"note: {name}={os.environ[name]} is set; it slows current NumPy. Unset it "
                  "(with its partner) for this command only: see benchmarks/RESULTS.md.",
                  file=sys.stderr)

    load = os.getloadavg()[0]
    if load > BUSY_LOAD:
        print(f"note: load average {load:.1f} on {os.cpu_count()} cores: other work is running; "
              "absolute times will be inflated and default-thread figures distorted.",
              file=sys.stderr)
    began = time.perf_counter()
    results: dict[str, Any] = {
        "command": " ".join(["python -m benchmarks.run", *sys.argv[1:]]),
        "quick": args.quick,
    }
    print("one thread ...", file=sys.stderr, flush=True)
    results["one_thread"] = run_worker(args, ONE_THREAD, big_chain=not args.quick)
    print("default threads ...", file=sys.stderr, flush=True)
    # W3 is scalar ops, which use one thread whatever the setting: not worth a minute twice
    results["default_threads"] = run_worker(args, {}, big_chain=False, skip="W3")
    print("W6 memory ...", file=sys.stderr, flush=True)
    steps = W6_STEPS // 10 if args.quick else W6_STEPS
    results["memory"] = {
        name: run_memory(name, steps)
        for name in args.libraries.split(",")
        if name != "micrograd"  # no tanh: it has no W4
    }
    results["seconds"] = time.perf_counter() - began

    text = report.text(results)
    print(text)
    if args.markdown:
        args.markdown.write_text(report.markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


def child_environment(threads: dict[str, str]) -> dict[str, str]:
    """This environment, with the thread variables of `threads` set (or all three removed)."""
    env = {k: v for k, v in os.environ.items() if k not in ONE_THREAD}
    env.update(threads)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def run_worker(
    args: argparse.Namespace, threads: dict[str, str], big_chain: bool, skip: str = ""
) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "results.json"
        command = [sys.executable, "-m", "benchmarks.worker", "--out", str(out),
                   "--libraries", args.libraries]
        if args.quick:
            command.append("--quick")
        if big_chain:
            command.append("--big-chain")
        if skip:
            command += ["--skip", skip]
        subprocess.run(command, env=child_environment(threads), cwd=ROOT, check=True)
        return json.loads(out.read_text())


def run_memory(library: str, steps: int) -> Any:
    print(f"  [W6] {library}", file=sys.stderr, flush=True)
    command = [sys.executable, "-m", "benchmarks.memory", "--library", library,
               "--steps", str(steps)]
    done = subprocess.run(command, env=child_environment(ONE_THREAD), cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        last_line = (done.stderr.strip().splitlines() or ["failed"])[-1]
        return {"error": last_line[:200]}
    return json.loads(done.stdout)


if __name__ == "__main__":
    main()
