"""The tables `run.py` prints: medians, ratios to PyTorch and to NumPy, visgrad's goals.

Each table is built once as rows of strings, then rendered as aligned text or as Markdown.
"""

from __future__ import annotations

from typing import Any

Table = tuple[str, list[str], list[list[str]]]  # title, header, rows

# visgrad's goals (issue 5), in the one-thread process: (workload, reference, at most)
RATIO_GOALS = (("W1", "torch", 0.5), ("W2", "torch", 0.5), ("W3", "torch", 0.5),
               ("W4", "torch", 0.6), ("W5", "numpy", 1.05))
VISUALIZER_GOALS = (("trace_dot", "trace + DOT, 10k nodes", 0.3),
                    ("player_step", "player step", 0.05))
VISUALIZER_ROWS = (("trace", "trace (graph as data)"), ("trace_dot", "trace + DOT text"),
                   ("player_step", "player step (tutorial)"))
CONFIGS = (("one_thread", "one thread"), ("default_threads", "default threads"))


def number(x: float) -> str:
    """Three significant digits, without exponents for everyday sizes."""
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 0.01:
        return f"{x:.3g}" if x < 1 else f"{x:.2f}"
    return f"{x:.2g}"


NOISY = 0.5  # samples whose interquartile range exceeds half the median are flagged
NOISY_NOTE = ("* noisy: the samples' interquartile range exceeds half the median (the machine "
              "was busy); rerun before reading much into it")


def ratio(x: float) -> str:
    return f"{x:.2f}×" if x >= 0.1 else f"{x:.2g}×"


def cell(entry: dict[str, Any]) -> str:
    """A library's median, or what happened instead."""
    if "median" in entry:
        wrong = "" if entry.get("agrees") is not False else " (WRONG)"
        noisy = "*" if entry.get("spread", 0.0) > NOISY else ""
        return number(entry["median"]) + noisy + wrong
    if "error" in entry:
        return entry["error"].split(":")[0]
    if "unsupported" in entry:
        return "n/a"
    return "—"


def libraries_of(workloads: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for entry in workloads.values():
        names += [n for n in entry["libraries"] if n not in names]
    order = ["visgrad", "torch", "numpy", "floor", "micrograd", "autograd", "mygrad"]
    return sorted(names, key=lambda n: order.index(n) if n in order else len(order))


def median_table(run: dict[str, Any], label: str) -> Table:
    workloads = run["workloads"]
    names = libraries_of(workloads)
    rows = []
    for key, entry in workloads.items():
        cells = [cell(entry["libraries"].get(name, {})) for name in names]
        rows.append([key, entry["title"], entry["unit"], *cells])
    return f"Medians, {label}", ["", "workload", "unit", *names], rows


def ratio_table(run: dict[str, Any], label: str, reference: str) -> Table:
    workloads = run["workloads"]
    names = libraries_of(workloads)
    rows = []
    for key, entry in workloads.items():
        ref = entry["libraries"].get(reference, {}).get("median")
        row = [key]
        for name in names:
            mine = entry["libraries"].get(name, {})
            median = mine.get("median")
            row.append(ratio(median / ref) if median is not None and ref else cell(mine))
        rows.append(row)
    return f"Ratio to {reference}, {label} (lower is faster)", ["", *names], rows


def goals_table(results: dict[str, Any]) -> Table:
    workloads = results["one_thread"]["workloads"]
    rows = []
    for key, reference, limit in RATIO_GOALS:
        libs = workloads[key]["libraries"]
        mine, ref = libs.get("visgrad", {}).get("median"), libs.get(reference, {}).get("median")
        if mine is None or ref is None:
            rows.append([key, f"≤ {limit}× {reference}", "not measured", ""])
            continue
        ratio = mine / ref
        rows.append([key, f"≤ {limit}× {reference}", f"{ratio:.2f}×", _met(ratio <= limit)])
    memory = results.get("memory", {}).get("visgrad", {})
    if "growth_mb" in memory:
        rows.append(["W6", f"flat (< 1 MB growth over {memory['steps']:,} steps)",
                     f"+{memory['growth_mb']:.2f} MB", _met(memory["flat"])])
    visualizer = results["one_thread"].get("visualizer", {})
    for key, title, limit in VISUALIZER_GOALS:
        entry = visualizer.get(key, {})
        if "median" in entry:
            measured = f"{number(entry['median'])} s"
            rows.append([title, f"≤ {limit} s", measured, _met(entry["median"] <= limit)])
        else:
            rows.append([title, f"≤ {limit} s", entry.get("not_available", "not measured"), ""])
    return "visgrad's goals (one thread)", ["", "goal", "measured", "met"], rows


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def big_chain_table(results: dict[str, Any]) -> Table | None:
    found = results["one_thread"].get("big_chain")
    if not found:
        return None
    rows = []
    for name, entry in found.items():
        if name == "ops":
            continue
        if "seconds" in entry:
            works = "yes" if entry["agrees"] else "WRONG GRADIENT"
            rows.append([name, f"{entry['seconds']:.1f} s", works])
        else:
            rows.append([name, "", entry["error"]])
    return f"W3 at {found['ops']:,} ops, one run, one thread", ["", "time", "works"], rows


def memory_table(results: dict[str, Any]) -> Table:
    rows = []
    for name, entry in results.get("memory", {}).items():
        if "error" in entry:
            rows.append([name, "", "", "", entry["error"]])
            continue
        rows.append([name, f"{entry['start_mb']:.1f}", f"{entry['end_mb']:.1f}",
                     f"{entry['growth_mb']:+.2f}", "yes" if entry["flat"] else "NO"])
    steps = next((e["steps"] for e in results.get("memory", {}).values() if "steps" in e), 0)
    title = f"W6: resident memory over {steps:,} W4 steps (after 100 warm-up steps)"
    return title, ["", "start MB", "end MB", "growth MB", "flat"], rows


def visualizer_table(results: dict[str, Any]) -> Table:
    visualizer = results["one_thread"].get("visualizer", {})
    nodes = visualizer.get("trace", {}).get("nodes")
    rows = []
    for key, title in VISUALIZER_ROWS:
        entry = visualizer.get(key, {})
        if "median" in entry:
            rows.append([title, f"{entry['median'] * 1e3:.1f} ms"])
            if "start" in entry:
                rows.append(["player start (backward + layout)", f"{entry['start'] * 1e3:.1f} ms"])
        else:
            rows.append([title, entry.get("not_available", "not measured")])
    graph = f"{nodes:,}-node graph" if nodes else "10,000-node graph"
    return f"Visualizer (one thread; trace and DOT on a {graph})", ["", "median"], rows


def environment_lines(results: dict[str, Any]) -> list[str]:
    lines = []
    for config, label in CONFIGS:
        env = results[config]["environment"]
        blas = env.get("blas")
        if isinstance(blas, list):
            blas = "; ".join(f"{b['internal_api']} {b['version'] or ''} {b['architecture'] or ''} "
                             f"{b['num_threads']} thread(s)".replace("  ", " ") for b in blas)
        threads = {k: v for k, v in env["thread_env"].items() if v is not None} or "none set"
        torch_threads = env.get("torch_threads")
        before, after = env.get("load_average"), results[config].get("load_average_after")
        load = ""
        if before and after:
            load = f"; load average {before[0]:.2f} before, {after[0]:.2f} after"
        skipped = results[config].get("skipped")
        skipped_text = f"; not run: {', '.join(skipped)}" if skipped else ""
        lines.append(f"{label}: thread variables {threads}; torch threads {torch_threads}; "
                     f"BLAS: {blas}{load}{skipped_text}")
    env = results["one_thread"]["environment"]
    versions = ", ".join(f"{k} {env.get(k)}" for k in ("python", "numpy", "torch", "visgrad",
                                                         "micrograd", "autograd", "mygrad"))
    lines.insert(0, f"versions: {versions}")
    lines.insert(0, f"machine: {env.get('machine')}")
    lines.append(f"command: {results['command']}; wall time {results['seconds']:.0f} s")
    return lines


def tables(results: dict[str, Any]) -> list[Table]:
    found: list[Table] = [goals_table(results)]
    for config, label in CONFIGS:
        run = results[config]
        found += [median_table(run, label), ratio_table(run, label, "torch"),
                  ratio_table(run, label, "numpy")]
    big = big_chain_table(results)
    if big:
        found.append(big)
    found.append(memory_table(results))
    found.append(visualizer_table(results))
    return found


def any_noisy(results: dict[str, Any]) -> bool:
    return any(
        lib.get("spread", 0.0) > NOISY
        for config, _ in CONFIGS
        for entry in results[config]["workloads"].values()
        for lib in entry["libraries"].values()
    )


def text(results: dict[str, Any]) -> str:
    out = []
    for title, header, rows in tables(results):
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        out.append(title)
        for row in [header, *rows]:
            out.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        out.append("")
    if any_noisy(results):
        out += [NOISY_NOTE, ""]
    out += environment_lines(results)
    return "\n".join(out)


def markdown(results: dict[str, Any]) -> str:
    out = []
    for title, header, rows in tables(results):
        out += [f"**{title}**", "", "| " + " | ".join(header) + " |",
                "|" + "---|" * len(header)]
        out += ["| " + " | ".join(row) + " |" for row in rows]
        out.append("")
    if any_noisy(results):
        out += [NOISY_NOTE, ""]
    out += [f"- {line}" for line in environment_lines(results)]
    return "\n".join(out) + "\n"
