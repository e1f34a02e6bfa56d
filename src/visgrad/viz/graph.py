"""The autograd graph as plain data: `trace(*tensors)` -> `Graph` (nodes, edges, kinds, labels).

Everything a picture shows comes from here, and nothing here knows about pictures. The walk is
iterative (a 100,000-node chain is fine) and the order is the order of creation
(`Node._sequence_nr`), so the ids (`n0`, `n1`, ...) depend only on the graph's structure: the same
code gives the same graph, in any process.

Edges point the way the forward pass went (input -> the operation that used it -> output), as in
torchviz; gradients flow back against them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..autograd.function import AccumulateGrad, Function, Node

# The kinds of node a picture draws.
OUTPUT = "output"  # a tensor passed to trace/draw (made by an operation)
GRAD_FN = "grad_fn"  # the backward of one operation: MulBackward0, ...
ACCUMULATE_GRAD = "accumulate_grad"  # adds the gradient into a leaf's .grad
LEAF = "leaf_requires_grad"  # a tensor you made, with requires_grad=True
CONSTANT = "leaf_constant"  # a tensor that needs no gradient (the 2 in x + 2)
SAVED = "saved_tensor"  # a tensor an operation kept for its backward
COLLAPSED = "collapsed"  # many nodes of a large graph drawn as one (see summary.py)
KINDS = (OUTPUT, GRAD_FN, ACCUMULATE_GRAD, LEAF, CONSTANT, SAVED, COLLAPSED)

# The kinds of edge.
INPUT = "input"  # next_functions: producer -> consumer; its gradient flows back along it
CONSTANT_INPUT = "constant"  # a constant into the operation that used it (no gradient)
SAVED_BY = "saved"  # saved tensor -> the grad_fn that saved it (label: the saved name)
LEAF_EDGE = "leaf"  # leaf tensor -> its AccumulateGrad
OUTPUT_EDGE = "output"  # grad_fn -> the output tensor it made
GRADIENT_EDGES = frozenset({INPUT, LEAF_EDGE, OUTPUT_EDGE})  # the edges gradients go back along

# Saved names that are, by PyTorch's convention, the operation's tensor inputs in this order.
_INPUT_POSITION = {"self": 0, "other": 1, "exponent": 1, "mat2": 1, "tensor": 1, "vec": 1}


@dataclass(frozen=True)
class TensorData:
    """What a picture can say about one tensor (values are the live array, grad a copy)."""

    shape: tuple[int, ...]
    dtype: str
    values: np.ndarray
    grad: np.ndarray | None = None
    requires_grad: bool = False


@dataclass(frozen=True)
class GraphNode:
    """One box of the picture.

    title: the node's name (`MulBackward0`, `x`, `constant`, ...)
    tape: for a grad_fn, its place in the forward order of operations (1 = first recorded)
    made: the name of the tensor this grad_fn made, when that tensor is named
    saved: (saved name, id of the node holding that tensor) for what this grad_fn saved
    details: short facts shown under the title (`exponent = 2`, ...)
    freed: True once backward has freed this grad_fn's saved tensors
    """

    id: str
    kind: str
    title: str
    tensor: TensorData | None = None
    tape: int | None = None
    made: str | None = None
    saved: tuple[tuple[str, str], ...] = ()
    details: tuple[str, ...] = ()
    freed: bool = False


@dataclass(frozen=True)
class GraphEdge:
    """One arrow: `src` was used to compute `dst` (`slot`: position in dst's next_functions)."""

    id: str
    src: str
    dst: str
    kind: str
    slot: int | None = None
    label: str = ""


@dataclass(frozen=True)
class Graph:
    """The graph behind one or more tensors, in creation order.

    outputs: the ids of the traced tensors' nodes
    total: how many nodes the full graph has (more than len(nodes) for a summary)
    note: what a summary left out, said in words (empty when nothing was left out)
    collapsed_into: for a summary, hidden node id -> the id of the node that stands for it
    """

    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    outputs: tuple[str, ...]
    total: int = 0
    note: str = ""
    collapsed_into: Mapping[str, str] = field(default_factory=dict)

    def node(self, node_id: str) -> GraphNode:
        """The node with this id."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def of_kind(self, kind: str) -> list[GraphNode]:
        """The nodes of one kind, in order."""
        return [n for n in self.nodes if n.kind == kind]


def trace(*tensors: Tensor, names: Mapping[str, Tensor] | None = None) -> Graph:
    """The autograd graph that produced `tensors`, as plain data.

    names: {'x': x, ...} labels tensors by identity; a tensor's own `.name` is used otherwise.
    """
    graph, _ = trace_with_ids(tensors, names)
    return graph


def tensor_names(names: Mapping[str, Any] | None) -> dict[int, tuple[str, Any]]:
    """Check a `names=` mapping; key it by tensor identity: id(t) -> (name, t)."""
    if names is None:
        return {}
    if not isinstance(names, Mapping):
        raise TypeError(f"names must be a dict like {{'x': x}}, not {type(names).__name__}")
    by_identity: dict[int, tuple[str, Any]] = {}
    for name, t in names.items():
        if not isinstance(name, str):
            raise TypeError(f"names must map str to tensors; got the key {name!r}")
        if not hasattr(t, "grad_fn"):
            raise TypeError(f"names[{name!r}] is a {type(t).__name__}, not a tensor")
        by_identity[id(t)] = (name, t)
    return by_identity


def trace_with_ids(
    tensors: Sequence[Tensor], names: Mapping[str, Tensor] | None = None
) -> tuple[Graph, dict[Node, str]]:
    """`trace`, plus the id given to each autograd node (the player needs it)."""
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TypeError(f"trace() takes visgrad tensors, got {type(t).__name__}")
    if not tensors:
        raise TypeError("trace() needs at least one tensor")
    builder = _Builder(tensor_names(names))
    return builder.build(_unique(tensors)), builder.ids


def _unique(tensors: Iterable[Tensor]) -> list[Tensor]:
    seen: set[int] = set()
    kept = []
    for t in tensors:
        if id(t) not in seen:
            seen.add(id(t))
            kept.append(t)
    return kept


def _reachable(roots: Iterable[Node]) -> list[Node]:
    """Every node gradient can reach from the roots, in creation order (no recursion)."""
    found: set[Node] = set()
    stack = [r for r in roots]
    found.update(stack)
    while stack:
        node = stack.pop()
        for next_node, _ in node.next_functions:
            if next_node is not None and next_node not in found:
                found.add(next_node)
                stack.append(next_node)
    return sorted(found, key=lambda n: n._sequence_nr)


def _data(t: Tensor) -> TensorData:
    grad = t._grad._array.copy() if t._grad is not None else None
    return TensorData(tuple(t._array.shape), t.dtype.name, t._array, grad, t._requires_grad)


def _root(t: Tensor) -> Node | None:
    """The node a traced tensor hangs from (None: a lone leaf, drawn as a tensor only)."""
    if t.grad_fn is not None:
        return t.grad_fn
    return t._live_accumulator() if t._requires_grad else None


class _Builder:
    """Walks the graph once and writes down nodes and edges in a fixed order."""

    def __init__(self, names: dict[int, tuple[str, Any]]) -> None:
        self.names = names
        self.ids: dict[Node, str] = {}
        self.nodes: list[GraphNode] = []
        self.edges: list[GraphEdge] = []
        self.saved_nodes: dict[tuple[int, Node | None], str] = {}  # a saved tensor's node
        self.made: dict[Node, str] = {}  # grad_fn -> name of the (named) tensor it made

    def name_of(self, t: Tensor) -> str | None:
        if id(t) in self.names:
            return self.names[id(t)][0]
        return t.name

    def edge(self, src: str, dst: str, kind: str, slot: int | None = None, label: str = "") -> None:
        self.edges.append(GraphEdge(f"e{len(self.edges)}", src, dst, kind, slot, label))

    def build(self, tensors: list[Tensor]) -> Graph:
        named = [t for _, t in self.names.values()] + tensors
        # each node titled by a tensor it made: for a node with several outputs, the named
        # output that comes first (`square` of `square, cube = f(x)`)
        for t in sorted(named, key=lambda t: -t.output_nr):
            name = self.name_of(t)
            if t.grad_fn is not None and name:
                self.made[t.grad_fn] = name
        order = _reachable(r for r in map(_root, tensors) if r is not None)
        self.ids = {node: f"n{i}" for i, node in enumerate(order)}
        tape = 0
        for node in order:
            if isinstance(node, AccumulateGrad):
                self.add_accumulate(node)
            else:
                tape += 1
                self.add_grad_fn(node, tape)
        outputs = [self.add_output(i, t) for i, t in enumerate(tensors)]
        return Graph(tuple(self.nodes), tuple(self.edges), tuple(outputs), total=len(self.nodes))

    def add_accumulate(self, node: AccumulateGrad) -> None:
        node_id = self.ids[node]
        try:
            leaf = node.variable
        except RuntimeError:
            leaf = None
        if leaf is not None:
            leaf_id = f"{node_id}_leaf"
            title = self.name_of(leaf) or "leaf"
            self.nodes.append(GraphNode(leaf_id, LEAF, title, _data(leaf)))
            self.nodes.append(GraphNode(node_id, ACCUMULATE_GRAD, "AccumulateGrad"))
            self.edge(leaf_id, node_id, LEAF_EDGE)
        else:
            self.nodes.append(GraphNode(node_id, ACCUMULATE_GRAD, "AccumulateGrad"))

    def add_grad_fn(self, node: Node, tape: int) -> None:
        node_id = self.ids[node]
        saved_items = node.saved_items() if isinstance(node, Function) else []
        constants = _constants_from_saved(node, saved_items)
        saved: list[tuple[str, str]] = []
        for slot, (next_node, output_nr) in enumerate(node.next_functions):
            if next_node is not None:
                # from a node with several outputs (split, unbind): say which output it was
                several = getattr(next_node, "_output_count", None) is not None
                label = f"output {output_nr}" if several else ""
                self.edge(self.ids[next_node], node_id, INPUT, slot, label=label)
                continue
            const_id = f"{node_id}_c{slot}"
            known = constants.get(slot)
            if known is None:
                self.nodes.append(GraphNode(const_id, CONSTANT, "constant"))
                self.edge(const_id, node_id, CONSTANT_INPUT, slot)
            else:
                saved_name, t = known
                title = self.name_of(t) or "constant"
                self.nodes.append(GraphNode(const_id, CONSTANT, title, _data(t)))
                self.edge(const_id, node_id, CONSTANT_INPUT, slot, label=saved_name)
                if saved_name:
                    saved.append((saved_name, const_id))
        constant_names = {name for name, _ in constants.values()}
        for k, (saved_name, t) in enumerate(saved_items):
            if saved_name in constant_names:
                continue
            # the same tensor saved twice (y * y), or saved by the node that made it and by
            # another (y = x.exp(); y * y), is drawn once. A node's own output comes back as
            # a new tensor each time (see Function.saved_items), so tensors are told apart by
            # their array (kept alive by the graph) and their grad_fn
            key = (id(t._array), t.grad_fn)
            saved_id = self.saved_nodes.get(key)
            if saved_id is None:
                saved_id = f"{node_id}_s{k}"
                maker = t.grad_fn
                made = self.made.get(maker) if maker is not None else None
                title = self.name_of(t) or made or "saved"
                self.nodes.append(GraphNode(saved_id, SAVED, title, _data(t)))
                self.saved_nodes[key] = saved_id
            self.edge(saved_id, node_id, SAVED_BY, label=saved_name)
            saved.append((saved_name, saved_id))
        grad_fn = GraphNode(
            node_id,
            GRAD_FN,
            node.name(),
            tape=tape,
            made=self.made.get(node),
            saved=tuple(saved),
            details=_details(node),
            freed=bool(getattr(node, "_freed", False)),
        )
        self.nodes.append(grad_fn)

    def add_output(self, index: int, t: Tensor) -> str:
        root = _root(t)
        if t.grad_fn is not None and root is not None:
            out_id = f"out{index}"
            title = self.name_of(t) or "output"
            self.nodes.append(GraphNode(out_id, OUTPUT, title, _data(t)))
            self.edge(self.ids[root], out_id, OUTPUT_EDGE)
            return out_id
        if root is not None:  # a leaf that is already in the graph
            return f"{self.ids[root]}_leaf"
        lone_id = f"t{index}"
        kind = LEAF if t._requires_grad else CONSTANT
        self.nodes.append(GraphNode(lone_id, kind, self.name_of(t) or "tensor", _data(t)))
        return lone_id


def _constants_from_saved(
    node: Node, saved_items: list[tuple[str, Tensor]]
) -> dict[int, tuple[str, Tensor]]:
    """slot -> (saved name, tensor) for constant inputs: those the node saved (`y * 3` saves
    the 3 as `other`), else those visgrad kept for pictures (the 2 in `x + 2`, name "")."""
    found: dict[int, tuple[str, Tensor]] = {}
    slots = len(node.next_functions)
    if isinstance(node, Function):
        for slot, t in node.constant_inputs():
            found[slot] = ("", t)  # not saved: no saved name to show
    for saved_name, t in saved_items:
        position = _INPUT_POSITION.get(saved_name)
        if position is None or position >= slots:
            continue
        if node.next_functions[position][0] is None and not t._requires_grad:
            found[position] = (saved_name, t)  # the saved name says more than "constant"
    return found


_DETAILS = ("exponent", "negative_slope", "approximate", "beta", "threshold", "delta", "eps")


def _details(node: Node) -> tuple[str, ...]:
    """Non-tensor facts a learner needs to read the node: the exponent of a power, the slope
    of a leaky relu, GELU's approximation, softplus's beta and threshold, Huber's delta,
    smooth L1's beta, layer norm's eps."""
    stored = getattr(node, "__dict__", {})
    return tuple(
        f"{name} = {stored[name]}"
        for name in _DETAILS
        if stored.get(name) is not None and not isinstance(stored[name], Tensor)
    )
