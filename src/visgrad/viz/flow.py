"""The backward pass as frames: what has run, what each edge carried, what each leaf holds.

`record_backward` runs the real backward pass: it consumes the engine's own generator
(`visgrad.autograd.engine.backward_steps`), exactly as `.backward()` does, so leaves' `.grad`
accumulate and saved tensors are freed (unless retain_graph=True), and it copies each step as
plain data. `build_frames` turns those steps into one frame before the pass, one per step, and
one after it: plain data again, so tests and notebooks can check them without widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..autograd.engine import backward_steps, roots_and_seeds
from ..autograd.function import AccumulateGrad
from . import graph as g
from .history import History
from .rules import explain
from .values import number, one_line


@dataclass(frozen=True)
class Step:
    """One node run by the engine, as plain data (arrays are copies)."""

    node: str
    op: str
    grad_output: Any  # an array; a tuple of them (or None) for a node with several outputs
    grad_inputs: tuple[np.ndarray | None, ...]
    leaf_grad: np.ndarray | None = None  # AccumulateGrad: the leaf's .grad right after


@dataclass(frozen=True)
class Frame:
    """The state of the picture at one moment of the backward pass.

    active: the node running now (None before the first and after the last step)
    done: the nodes that have run (node id -> the frame it ran in)
    edge_grads: edge id -> the gradient that went along it (so far)
    fresh: the edges that got their gradient in this very step
    leaf_grads: leaf node id -> its .grad now (None: no gradient yet)
    edge_texts: edge id -> how to write its gradient, when not just the numbers (`1 + 1 = 2`)
    rule: the local rule at the active node, with the numbers, in lines
    """

    index: int
    caption: str
    active: str | None
    done: Mapping[str, int]
    edge_grads: Mapping[str, np.ndarray]
    fresh: frozenset[str]
    leaf_grads: Mapping[str, np.ndarray | None]
    rule: tuple[str, ...]
    edge_texts: Mapping[str, str] = field(default_factory=dict)


def _copy(values: Any) -> np.ndarray | None:
    """A copy of a gradient (an array, as the engine's steps carry it, or a tensor), or None."""
    return None if values is None else np.array(values, copy=True)


def record_backward(
    output: Tensor,
    gradient: Any = None,
    names: Mapping[str, Any] | None = None,
    retain_graph: bool = False,
) -> tuple[g.Graph, list[Step], np.ndarray]:
    """Trace the graph, then run the real backward pass and copy every step.

    Returns the graph (traced before backward, so it still has the saved tensors), the steps in
    the engine's order and the seed gradient.
    """
    if not isinstance(output, Tensor):
        raise TypeError("play() and frames() step through visgrad's own engine; got "
                        f"{type(output).__name__} (for a PyTorch tensor, use draw())")
    roots, seeds = roots_and_seeds([output], [gradient], False)  # PyTorch's checks and messages
    graph, ids = g.trace_with_ids([output], names)
    steps = []
    for step in backward_steps(roots, seeds, retain_graph=retain_graph):
        leaf_grad = None
        if isinstance(step.node, AccumulateGrad):
            leaf_grad = _copy(step.node.variable._grad)
        grad_inputs = tuple(_copy(x) for x in step.grad_inputs)
        grad_output: Any
        if type(step.grad_output) is tuple:  # a node with several outputs: one each
            grad_output = tuple(_copy(x) for x in step.grad_output)
        else:
            grad_output = np.array(step.grad_output, copy=True)
        steps.append(Step(ids[step.node], step.node.name(), grad_output, grad_inputs, leaf_grad))
    return graph, steps, np.array(seeds[0]._array)


class _Walk:
    """The bookkeeping of the frames: which edge leads where, and what has arrived."""

    def __init__(self, graph: g.Graph) -> None:
        self.graph = graph
        self.nodes = {n.id: n for n in graph.nodes}
        self.input_edge = {(e.dst, e.slot): e for e in graph.edges if e.kind == g.INPUT}
        self.leaf_edge = {e.dst: e for e in graph.edges if e.kind == g.LEAF_EDGE}
        self.arrived: dict[str, list[tuple[str, np.ndarray]]] = {}  # node -> (from, grad)

    def title(self, node_id: str) -> str:
        """`MulBackward0 (z.grad_fn)`, `AccumulateGrad of x`, or just the node's name."""
        node = self.nodes[node_id]
        if node.made:
            return f"{node.title} ({node.made}.grad_fn)"
        leaf_edge = self.leaf_edge.get(node_id)
        if leaf_edge is not None:
            return f"{node.title} of {self.nodes[leaf_edge.src].title}"
        return node.title

    def saved_values(self, node_id: str) -> dict[str, np.ndarray]:
        saved = {}
        for name, holder in self.nodes[node_id].saved:
            data = self.nodes[holder].tensor
            if data is not None:
                saved[name] = data.values
        return saved


def build_frames(graph: g.Graph, steps: list[Step], seed: np.ndarray) -> list[Frame]:
    """Frames for a backward pass: before it, after each step, and when it is over."""
    walk = _Walk(graph)
    out_id = graph.outputs[0]
    out_edges = [e for e in graph.edges if e.kind == g.OUTPUT_EDGE and e.dst == out_id]
    out_name = walk.nodes[out_id].title
    grads: History[np.ndarray] = History()  # edge id -> the gradient it carried
    leaf_grads: History[np.ndarray | None] = History()  # leaf id -> its .grad
    texts: History[str] = History()  # edge id -> its gradient as a sum (`1 + 1 = 2`)
    ran: History[int] = History()  # node id -> the frame it ran in
    for leaf in graph.of_kind(g.LEAF):
        leaf_grads.set(0, leaf.id, leaf.tensor.grad if leaf.tensor is not None else None)
    fresh: set[str] = set()
    if out_edges:
        grads.set(0, out_edges[0].id, seed)
        fresh.add(out_edges[0].id)
        walk.arrived[out_edges[0].src] = [(out_name, seed)]
    first = walk.title(steps[0].node) if steps else "nothing"
    seed_words = (f"1 (∂{out_name}/∂{out_name})" if seed.size == 1
                  else f"{one_line(seed)} (the gradient you passed)")
    rule = (f"backward() starts with grad = {seed_words} at {out_name};",
            f"it goes to {first}, the node that made {out_name}.")
    frames = [Frame(0, f"Before backward: the seed gradient starts at {out_name}", out_id,
                    ran.at(-1), grads.at(0), frozenset(fresh), leaf_grads.at(0), rule,
                    texts.at(0))]
    for k, step in enumerate(steps, start=1):
        change = _Change(k, grads, leaf_grads, texts)
        lines = _arrival_lines(walk, step)
        if step.op == "torch::autograd::AccumulateGrad":
            lines += _accumulate(walk, step, change)
            caption = (f"Step {k} of {len(steps)}: AccumulateGrad adds into "
                       f"{_leaf_name(walk, step)}.grad")
        else:
            lines += _send(walk, step, change)
            caption = f"Step {k} of {len(steps)}: {walk.nodes[step.node].title} runs its backward"
        frames.append(Frame(k, caption, step.node, ran.at(k - 1), grads.at(k),
                            frozenset(change.fresh), leaf_grads.at(k), tuple(lines), texts.at(k)))
        ran.set(k, step.node, k)
    end = len(steps) + 1
    summary = [f"{walk.nodes[i].title}.grad = {one_line(v)}"
               for i, v in leaf_grads.at(end).items() if v is not None]
    frames.append(Frame(end, "Done: every node has run; the leaves hold their .grad", None,
                        ran.at(end), grads.at(end), frozenset(), leaf_grads.at(end),
                        ("Backward is over.", *summary), texts.at(end)))
    return frames


@dataclass
class _Change:
    """What one step changes: gradients on edges, a leaf's .grad, and which edges are new."""

    frame: int
    grads: History[np.ndarray]
    leaf_grads: History[np.ndarray | None]
    texts: History[str]
    fresh: set[str] = field(default_factory=set)

    def carry(self, edge_id: str, grad: np.ndarray) -> None:
        self.grads.set(self.frame, edge_id, grad)
        self.fresh.add(edge_id)


def _arrival_lines(walk: _Walk, step: Step) -> list[str]:
    """`MulBackward0 receives grad = a + b = c` (from each edge into it)."""
    arrived = walk.arrived.get(step.node, [])
    header = walk.title(step.node)
    if isinstance(step.grad_output, tuple):
        return [f"{header} has {len(step.grad_output)} outputs, each with its own gradient:",
                *(f"  output {nr}: {_received(grad)}" for nr, grad in enumerate(step.grad_output))]
    if len(arrived) > 1:
        terms = " + ".join(one_line(grad) for _, grad in arrived)
        sources = ", ".join(source for source, _ in arrived)
        return [f"{header} receives grad = {terms} = {one_line(step.grad_output)}",
                f"  (the sum of {len(arrived)} gradients, from {sources})"]
    source = f" from {arrived[0][0]}" if arrived else ""
    return [f"{header} receives grad = {one_line(step.grad_output)}{source}"]


def _received(grad: np.ndarray | None) -> str:
    """The gradient one output of a node received (none: it counts as zeros)."""
    return "nothing arrived (it counts as zeros)" if grad is None else one_line(grad)


def _send(walk: _Walk, step: Step, change: _Change) -> list[str]:
    """Put each computed gradient on its edge; the rule lines, with numbers."""
    targets = []
    for slot, grad in enumerate(step.grad_inputs):
        edge = walk.input_edge.get((step.node, slot))
        if edge is None:
            targets.append("a constant: no gradient")
            continue
        targets.append(walk.title(edge.src))
        if grad is not None:
            change.carry(edge.id, grad)
            walk.arrived.setdefault(edge.src, []).append((walk.nodes[step.node].title, grad))
    op = walk.nodes[step.node]
    params = dict(detail.split(" = ", 1) for detail in op.details)  # (exponent, beta, ...)
    if "exponent" in params:
        params["n"] = params["exponent"]
    elif step.op.startswith("Mean") and step.grad_inputs and step.grad_inputs[0] is not None:
        params["n"] = str(step.grad_inputs[0].size // max(step.grad_output.size, 1))
    received: Any = step.grad_output
    if isinstance(received, tuple):  # (one per output: written out in the arrival lines)
        received = "(" + ", ".join("0" if g is None else one_line(g) for g in received) + ")"
    return ["  " + line for line in explain(step.op, received, step.grad_inputs,
                                            walk.saved_values(step.node), params, targets)]


def _leaf_name(walk: _Walk, step: Step) -> str:
    edge = walk.leaf_edge.get(step.node)
    return walk.nodes[edge.src].title if edge is not None else "the leaf"


def _accumulate(walk: _Walk, step: Step, change: _Change) -> list[str]:
    """The leaf's .grad grows: `x.grad = None + 4.5 → 4.5`; the sum shows on the leaf's edge."""
    edge = walk.leaf_edge.get(step.node)
    if edge is None:
        return ["  (the leaf no longer exists)"]
    name = walk.nodes[edge.src].title
    before = change.leaf_grads.at(change.frame).get(edge.src)
    change.leaf_grads.set(change.frame, edge.src, step.leaf_grad)
    change.carry(edge.id, step.grad_output)
    arrived = [grad for _, grad in walk.arrived.get(step.node, [])]
    if len(arrived) > 1 and all(a.size == 1 for a in arrived):
        terms = " + ".join(number(a.item()) for a in arrived)
        change.texts.set(change.frame, edge.id, f"{terms} = {number(step.grad_output.item())}")
    was = "None" if before is None else one_line(before)
    after = "None" if step.leaf_grad is None else one_line(step.leaf_grad)
    return [f"  {name}.grad += grad:  {was} + {one_line(step.grad_output)} → {after}"
            if before is not None else f"  {name}.grad was None, so it becomes grad: {after}"]
