"""The visualizer workloads: trace + DOT of a 10,000-node graph, one player step on the tutorial.

Goals (issue 5): trace + DOT ≤ 0.3 s; a player step ≤ 50 ms. Whatever `visgrad.viz` does not
have yet is reported as "not available yet", never timed with a stand-in.

- trace: `viz.trace(out)`, the graph as plain data;
- trace + DOT: `viz.draw(out, max_nodes=None).source`, trace then DOT text for every node (no
  Graphviz layout; `draw`'s default would summarise a graph this size);
- player step: showing the next frame of the backward player on the tutorial graph, i.e.
  `frames(out).svg(i)` once the player is set up (the widget shows that SVG); setting up,
  `frames(out)` plus the first frame (backward and the one Graphviz layout), is `start`.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from typing import Any

from . import timing

CHAIN_OPS = 5_000  # each op adds a backward node and its output tensor: ~10,000 graph nodes


def measure(rounds: int, ops: int = CHAIN_OPS) -> dict[str, Any]:
    """Medians in seconds for each visualizer workload, or why it was not run."""
    try:
        viz = importlib.import_module("visgrad.viz")
    except ImportError as error:
        reason = f"not available yet (visgrad.viz: {error})"
        return {key: {"not_available": reason} for key in ("trace", "trace_dot", "player_step")}
    out = chain_graph(ops)
    found = {
        "trace": _timed(lambda: viz.trace(out), rounds),
        "trace_dot": _timed(lambda: viz.draw(out, max_nodes=None).source, rounds),
        "player_step": _player_step(viz, rounds),
    }
    found["trace"]["nodes"] = len(viz.trace(out).nodes)
    return found


def chain_graph(ops: int = CHAIN_OPS) -> Any:
    """A visgrad graph from a chain of `ops` ops (y * 0.5, y + 0.1, tanh in turn) on a 4-vector."""
    import visgrad

    x = visgrad.ones(4, requires_grad=True)
    y = x
    for i in range(ops - 1):
        y = _op(y, i)
    return y.sum()


def _op(y: Any, i: int) -> Any:
    if i % 3 == 0:
        return y * 0.5
    if i % 3 == 1:
        return y + 0.1
    return y.tanh()


def _timed(run: Callable[[], object], rounds: int) -> dict[str, Any]:
    def call() -> None:
        run()

    samples = timing.interleaved({"visgrad": call}, rounds, sample_seconds=0.0)["visgrad"]
    return {"median": timing.median(samples), "samples": samples}


def _player_step(viz: Any, rounds: int) -> dict[str, Any]:
    """Showing the next frame of a player that is already running: `frames(out).svg(i)`.

    Setting up (running backward, laying the graph out once) is timed apart as `start`."""
    frames = getattr(viz, "frames", None)
    if frames is None:
        public = sorted(name for name in vars(viz) if not name.startswith("_"))
        return {"not_available": f"not available yet (visgrad.viz has no frames: {public})"}
    import visgrad

    steps: list[float] = []
    starts: list[float] = []
    count = 0
    for _ in range(rounds + 1):  # the first round warms up
        x = visgrad.ones(2, 2, requires_grad=True)
        y = x + 2
        out = (y * y * 3).mean()
        began = time.perf_counter()
        shown = frames(out)
        shown.svg(0)
        ready = time.perf_counter()
        count = len(shown)
        for index in range(1, count):
            shown.svg(index)
        steps.append((time.perf_counter() - ready) / max(1, count - 1))
        starts.append(ready - began)
    return {"median": timing.median(steps[1:]), "samples": steps[1:], "frames": count,
            "start": timing.median(starts[1:])}
