"""PyTorch's autograd graph as the same plain data, so `draw` pictures real torch tensors too.

The walk follows `grad_fn.next_functions` iteratively, like `graph.trace`. Node ids come from
creation order (`_sequence_nr()`); an AccumulateGrad (whose sequence number is the same huge
number for all) is placed just before the first operation that uses it. Saved tensors are read
from the `_saved_*` attributes PyTorch exposes; other `_saved_*` values (an exponent, a dim) are
shown as details when they are an exponent. torch is imported only when a torch tensor is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import graph as g

_ACCUMULATE = "torch::autograd::AccumulateGrad"


def _array(t: Any) -> np.ndarray:
    """A torch tensor's values as a NumPy array (bfloat16 and friends widened to float64)."""
    values = t.detach().cpu()
    try:
        return np.array(values.numpy(), copy=True)
    except TypeError:
        return values.double().numpy()


def _data(t: Any) -> g.TensorData:
    grad = _array(t.grad) if t.is_leaf and t.grad is not None else None
    dtype = str(t.dtype).removeprefix("torch.")
    return g.TensorData(tuple(t.shape), dtype, _array(t), grad, bool(t.requires_grad))


def _saved(node: Any) -> tuple[list[tuple[str, Any]], list[str], bool]:
    """(saved tensors by name, details such as `exponent = 2`, freed?)."""
    import torch

    tensors, details, freed = [], [], False
    for attribute in sorted(a for a in dir(node) if a.startswith("_saved_")):
        name = attribute[len("_saved_"):]
        try:
            value = getattr(node, attribute)
        except RuntimeError:  # freed by backward
            freed = True
            continue
        if isinstance(value, torch.Tensor):
            tensors.append((name, value))
        elif name == "exponent":  # as visgrad shows it; alpha, dims, sizes are noise here
            details.append(f"{name} = {value}")
    return tensors, details, freed


def _walk(roots: list[Any]) -> tuple[list[Any], dict[Any, int]]:
    """Every reachable node, and for each its sort key (creation order)."""
    found: dict[Any, None] = dict.fromkeys(roots)
    first_use: dict[Any, int] = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        for next_node, _ in node.next_functions:
            if next_node is None:
                continue
            if next_node.name() == _ACCUMULATE:
                seq = node._sequence_nr()
                first_use[next_node] = min(first_use.get(next_node, seq), seq)
            if next_node not in found:
                found[next_node] = None
                stack.append(next_node)
    keys = {}
    for node in found:
        keys[node] = 2 * first_use[node] - 1 if node in first_use else 2 * node._sequence_nr()
    return sorted(found, key=lambda n: keys[n]), keys


def trace_torch(*tensors: Any, names: Mapping[str, Any] | None = None) -> g.Graph:
    """The autograd graph of PyTorch tensors, as `graph.Graph` (see `graph.trace`)."""
    named = g.tensor_names(names)

    def name_of(t: Any) -> str | None:
        return named[id(t)][0] if id(t) in named else None

    made = {t.grad_fn: name for name, t in named.values() if t.grad_fn is not None}
    roots = [t.grad_fn for t in tensors if t.grad_fn is not None]
    order, _ = _walk(list(dict.fromkeys(roots)))
    ids = {node: f"n{i}" for i, node in enumerate(order)}
    nodes: list[g.GraphNode] = []
    edges: list[g.GraphEdge] = []
    saved_nodes: dict[int, str] = {}

    def edge(src: str, dst: str, kind: str, slot: int | None = None, label: str = "") -> None:
        edges.append(g.GraphEdge(f"e{len(edges)}", src, dst, kind, slot, label))

    # nodes with several outputs (split, unbind): an edge names the output it leaves, as in
    # visgrad's own pictures; PyTorch says so only by output numbers above 0
    several = {n for node in order for n, nr in node.next_functions if n is not None and nr > 0}
    tape = 0
    for node in order:
        node_id = ids[node]
        if node.name() == _ACCUMULATE:
            leaf = node.variable
            nodes.append(g.GraphNode(f"{node_id}_leaf", g.LEAF, name_of(leaf) or "leaf",
                                     _data(leaf)))
            nodes.append(g.GraphNode(node_id, g.ACCUMULATE_GRAD, "AccumulateGrad"))
            edge(f"{node_id}_leaf", node_id, g.LEAF_EDGE)
            continue
        tape += 1
        saved_items, details, freed = _saved(node)
        by_name = dict(saved_items)
        saved: list[tuple[str, str]] = []
        used_as_constant = set()
        for slot, (next_node, output_nr) in enumerate(node.next_functions):
            if next_node is not None:
                label = f"output {output_nr}" if next_node in several else ""
                edge(ids[next_node], node_id, g.INPUT, slot, label=label)
                continue
            const_id = f"{node_id}_c{slot}"
            name = next((n for n, s in g._INPUT_POSITION.items() if s == slot and n in by_name
                         and not by_name[n].requires_grad), None)
            if name is None:
                nodes.append(g.GraphNode(const_id, g.CONSTANT, "constant"))
                edge(const_id, node_id, g.CONSTANT_INPUT, slot)
            else:
                used_as_constant.add(name)
                t = by_name[name]
                nodes.append(g.GraphNode(const_id, g.CONSTANT, name_of(t) or "constant", _data(t)))
                edge(const_id, node_id, g.CONSTANT_INPUT, slot, label=name)
                saved.append((name, const_id))
        for k, (name, t) in enumerate(saved_items):
            if name in used_as_constant:
                continue
            saved_id = saved_nodes.get(id(t))
            if saved_id is None:
                saved_id = f"{node_id}_s{k}"
                nodes.append(g.GraphNode(saved_id, g.SAVED, name_of(t) or "saved", _data(t)))
                saved_nodes[id(t)] = saved_id
            edge(saved_id, node_id, g.SAVED_BY, label=name)
            saved.append((name, saved_id))
        nodes.append(g.GraphNode(node_id, g.GRAD_FN, node.name(), tape=tape, made=made.get(node),
                                 saved=tuple(saved), details=tuple(details), freed=freed))
    outputs = []
    for index, t in enumerate(dict.fromkeys(tensors)):
        out_id = f"out{index}" if t.grad_fn is not None else f"t{index}"
        if t.grad_fn is not None:
            nodes.append(g.GraphNode(out_id, g.OUTPUT, name_of(t) or "output", _data(t)))
            edge(ids[t.grad_fn], out_id, g.OUTPUT_EDGE)
        else:
            kind = g.LEAF if t.requires_grad else g.CONSTANT
            nodes.append(g.GraphNode(out_id, kind, name_of(t) or "tensor", _data(t)))
        outputs.append(out_id)
    return g.Graph(tuple(nodes), tuple(edges), tuple(outputs), total=len(nodes))


def is_torch_tensor(value: Any) -> bool:
    """True for a torch.Tensor, without importing torch when it is not loaded."""
    return type(value).__module__.startswith("torch") and hasattr(value, "grad_fn")
