"""A readable summary of a graph too large to draw: repeated chains collapsed, the rest cut.

1. Chains: a run of operations where each one's only use is the next one (`y = y * 2` in a loop,
   `s = s + x[i]`) keeps its first and last operation; the middle becomes one grey node that
   says how many operations of which kind it stands for. Constants, saved tensors and leaves
   used only inside the run go with it.
2. If that is still too many nodes, the nodes nearest the outputs are kept and the rest become
   one "more nodes not drawn" node.
The picture says so in a caption, so nobody mistakes the summary for the whole graph.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from . import graph as g

MAX_NODES = 200  # Graphviz lays out 200 nodes in well under a second
MIN_RUN = 4  # shorter chains are drawn in full


def summarize(graph: g.Graph, max_nodes: int = MAX_NODES) -> g.Graph:
    """`graph` itself when it has at most `max_nodes` nodes, else a summary of it."""
    if len(graph.nodes) <= max_nodes:
        return graph
    summary = _collapse_chains(graph)
    if len(summary.nodes) > max_nodes:
        summary = _keep_nearest(summary, max_nodes)
    how = "repeated chains of operations collapsed"
    if any(n.id == "more" for n in summary.nodes):
        how += ", the nodes furthest from the output left out"
    note = (
        f"Large graph: {graph.total:,} nodes, drawn as a summary of {len(summary.nodes):,}\n"
        f"({how}; draw(..., max_nodes=None) draws every node)"
    )
    return replace(summary, note=note, total=graph.total)


def _chains(graph: g.Graph) -> list[list[str]]:
    """Runs of grad_fn nodes, each the only user of the one before, in forward order."""
    kinds = {n.id: n.kind for n in graph.nodes}
    uses: Counter[str] = Counter()
    grad_fn_inputs: dict[str, list[str]] = {}
    for e in graph.edges:
        if e.kind in (g.INPUT, g.OUTPUT_EDGE):
            uses[e.src] += 1
        if e.kind == g.INPUT and kinds[e.src] == g.GRAD_FN:
            grad_fn_inputs.setdefault(e.dst, []).append(e.src)
    following: dict[str, str] = {}
    for consumer, inputs in grad_fn_inputs.items():
        if len(inputs) == 1 and uses[inputs[0]] == 1:
            following[inputs[0]] = consumer
    starts = set(following) - set(following.values())
    chains = []
    for node in graph.nodes:  # graph order, so the result does not depend on set order
        if node.id in starts:
            chain = [node.id]
            while chain[-1] in following:
                chain.append(following[chain[-1]])
            if len(chain) >= MIN_RUN:
                chains.append(chain)
    return chains


def _collapse_chains(graph: g.Graph) -> g.Graph:
    """Replace the middle of every long chain by one node."""
    by_id = {n.id: n for n in graph.nodes}
    into: dict[str, str] = {}
    for k, chain in enumerate(_chains(graph)):
        for node_id in chain[1:-1]:
            into[node_id] = f"c{k}"
    _hide_side_nodes(graph, into)
    collapsed = {}
    for rep in dict.fromkeys(into.values()):
        members = [by_id[m] for m, r in into.items() if r == rep]
        collapsed[rep] = g.GraphNode(rep, g.COLLAPSED, "collapsed", details=_describe(members))
    return _rebuild(graph, into, collapsed)


def _hide_side_nodes(graph: g.Graph, into: dict[str, str]) -> None:
    """Constants, saved tensors and leaves used only by hidden nodes go where those went."""
    targets: dict[str, set[str]] = {}
    for e in graph.edges:
        targets.setdefault(e.src, set()).add(e.dst)
    for kinds in ((g.CONSTANT, g.SAVED, g.ACCUMULATE_GRAD), (g.LEAF,)):
        for node in graph.nodes:
            if node.kind not in kinds or node.id not in targets:
                continue
            reps = {into.get(t) for t in targets[node.id]}
            if len(reps) == 1 and None not in reps:
                into[node.id] = reps.pop()  # type: ignore[assignment]


def _describe(members: list[g.GraphNode]) -> tuple[str, ...]:
    """`9,996 operations collapsed:`, `9,996 × MulBackward0`, `9,996 constants`."""
    ops = Counter(n.title for n in members if n.kind == g.GRAD_FN)
    lines = [f"{sum(ops.values()):,} operations collapsed:"]
    lines += [f"{count:,} × {name}" for name, count in sorted(ops.items(), key=lambda x: -x[1])]
    others = Counter(n.kind for n in members if n.kind != g.GRAD_FN)
    words = {g.CONSTANT: "constants", g.SAVED: "saved tensors", g.LEAF: "leaves",
             g.ACCUMULATE_GRAD: "AccumulateGrad nodes"}
    lines += [f"+ {others[k]:,} {words[k]}" for k in words if others[k]]
    return tuple(lines)


def _rebuild(graph: g.Graph, into: dict[str, str], extra: dict[str, g.GraphNode]) -> g.Graph:
    """The graph with hidden nodes replaced by their stand-ins, edges redirected once each."""
    nodes: list[g.GraphNode] = []
    for node in graph.nodes:
        rep = into.get(node.id)
        if rep is None:
            nodes.append(node)
        elif rep in extra:
            nodes.append(extra.pop(rep))  # the stand-in goes where its first member was
    edges: list[g.GraphEdge] = []
    seen: set[tuple[str, str, str]] = set()
    for e in graph.edges:
        src, dst = into.get(e.src, e.src), into.get(e.dst, e.dst)
        if src == dst or (src, dst, e.kind) in seen:
            continue
        seen.add((src, dst, e.kind))
        edges.append(replace(e, src=src, dst=dst) if (src, dst) != (e.src, e.dst) else e)
    old = dict(graph.collapsed_into)
    chained = {k: into.get(v, v) for k, v in old.items()}
    chained.update(into)
    return replace(graph, nodes=tuple(nodes), edges=tuple(edges), collapsed_into=chained)


def _keep_nearest(graph: g.Graph, max_nodes: int) -> g.Graph:
    """Keep the `max_nodes - 1` nodes nearest the outputs; the rest become one node."""
    inputs: dict[str, list[str]] = {}
    for e in graph.edges:
        inputs.setdefault(e.dst, []).append(e.src)
    kept: dict[str, None] = dict.fromkeys(graph.outputs)
    frontier = list(graph.outputs)
    while frontier and len(kept) < max_nodes - 1:
        following = []
        for node_id in frontier:
            for src in inputs.get(node_id, []):
                if src not in kept and len(kept) < max_nodes - 1:
                    kept[src] = None
                    following.append(src)
        frontier = following
    hidden = [n for n in graph.nodes if n.id not in kept]
    into = {n.id: "more" for n in hidden}
    more = g.GraphNode("more", g.COLLAPSED, "more",
                       details=(f"⋯ {len(hidden):,} more nodes not drawn",))
    return _rebuild(graph, into, {"more": more})
