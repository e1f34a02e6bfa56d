"""trace(): the autograd graph as plain data, in creation order, without recursion."""

from __future__ import annotations

import time

import pytest
from viz_helpers import tutorial

import visgrad
from visgrad.viz import graph as g
from visgrad.viz import trace


def _edges(graph: g.Graph) -> set[tuple[str, str, str]]:
    titles = {n.id: n.title for n in graph.nodes}
    return {(titles[e.src], titles[e.dst], e.kind) for e in graph.edges}


def test_tutorial_graph_nodes_kinds_and_edges() -> None:
    t = tutorial()
    graph = trace(t["out"], names={"x": t["x"]})
    kinds = [(n.kind, n.title) for n in graph.nodes if n.kind != g.SAVED]
    assert kinds == [
        (g.CONSTANT, "constant"),  # the 2 of x + 2: Add saves nothing, visgrad keeps it to draw
        (g.GRAD_FN, "AddBackward0"),
        (g.LEAF, "x"),
        (g.ACCUMULATE_GRAD, "AccumulateGrad"),
        (g.GRAD_FN, "MulBackward0"),
        (g.CONSTANT, "constant"),  # the 3 of * 3, recovered from what Mul saved
        (g.GRAD_FN, "MulBackward0"),
        (g.GRAD_FN, "MeanBackward0"),
        (g.OUTPUT, "output"),
    ]
    assert _edges(graph) >= {
        ("x", "AccumulateGrad", g.LEAF_EDGE),
        ("AccumulateGrad", "AddBackward0", g.INPUT),
        ("AddBackward0", "MulBackward0", g.INPUT),
        ("MulBackward0", "MeanBackward0", g.INPUT),
        ("MeanBackward0", "output", g.OUTPUT_EDGE),
        ("constant", "AddBackward0", g.CONSTANT_INPUT),
    }
    y_times_y = [n for n in graph.nodes if n.title == "MulBackward0"][0]
    into_it = [e for e in graph.edges if e.dst == y_times_y.id and e.kind == g.INPUT]
    assert [e.slot for e in into_it] == [0, 1]  # y is used twice: two edges
    three = [n for n in graph.of_kind(g.CONSTANT) if n.tensor is not None]
    assert [n.tensor.values.item() for n in three] == [2, 3]
    assert [n.tape for n in graph.of_kind(g.GRAD_FN)] == [1, 2, 3, 4]


def test_ids_come_from_structure_not_memory() -> None:
    first = trace(tutorial()["out"])
    second = trace(tutorial()["out"])
    assert [n.id for n in first.nodes] == [n.id for n in second.nodes]
    assert [(e.id, e.src, e.dst) for e in first.edges] == [
        (e.id, e.src, e.dst) for e in second.edges
    ]
    assert first.nodes[0].id == "n0_c1"


def test_saved_tensors_are_traced_once_per_tensor() -> None:
    t = tutorial()
    graph = trace(t["out"], names={"y": t["y"]})
    saved = graph.of_kind(g.SAVED)
    assert [n.title for n in saved] == ["y", "saved"]  # y (saved twice by y*y), then y*y
    y_box = saved[0]
    labels = sorted(e.label for e in graph.edges if e.src == y_box.id)
    assert labels == ["other", "self"]
    mul = graph.node([e.dst for e in graph.edges if e.src == y_box.id][0])
    assert dict(mul.saved) == {"self": y_box.id, "other": y_box.id}


def test_an_output_saved_by_its_own_node_and_another_is_drawn_once_by_its_name() -> None:
    """exp saves its result (a new tensor each time it is read back, as in PyTorch) and
    y * y saves y twice: one saved box, named y, with three saved-by edges."""
    x = visgrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    z = y * y
    graph = trace(z, names={"y": y})
    saved = graph.of_kind(g.SAVED)
    assert [n.title for n in saved] == ["y"]
    labels = sorted(e.label for e in graph.edges if e.src == saved[0].id)
    assert labels == ["other", "result", "self"]


def test_names_by_identity_and_tensor_name() -> None:
    x = visgrad.ones(2, requires_grad=True)
    w = visgrad.tensor([1.0, 2.0], requires_grad=True, name="w")
    y = x * w
    graph = trace(y, names={"x": x, "y": y})
    assert {n.title for n in graph.of_kind(g.LEAF)} == {"x", "w"}
    assert graph.of_kind(g.OUTPUT)[0].title == "y"
    assert graph.of_kind(g.GRAD_FN)[0].made == "y"


@pytest.mark.parametrize("names", [["x"], {1: "x"}, {"x": 3}])
def test_bad_names_fail_early(names: object) -> None:
    x = visgrad.ones(2, requires_grad=True)
    with pytest.raises(TypeError, match="names"):
        trace(x * 2, names=names)  # type: ignore[arg-type]


def test_lone_tensors_and_repeated_outputs() -> None:
    x = visgrad.ones(2, requires_grad=True)
    c = visgrad.ones(2)
    assert [n.kind for n in trace(x).nodes] == [g.LEAF]
    assert [n.kind for n in trace(c).nodes] == [g.CONSTANT]
    y = x * 2
    graph = trace(y, y)
    assert len(graph.outputs) == 1
    with pytest.raises(TypeError):
        trace()
    with pytest.raises(TypeError):
        trace([1, 2])  # type: ignore[arg-type]


def test_after_backward_grads_are_copied_and_saved_tensors_freed() -> None:
    t = tutorial()
    t["out"].backward()
    graph = trace(t["out"])
    leaf = graph.of_kind(g.LEAF)[0]
    assert leaf.tensor is not None and leaf.tensor.grad is not None
    assert leaf.tensor.grad.tolist() == [[4.5, 4.5], [4.5, 4.5]]
    assert all(n.freed for n in graph.of_kind(g.GRAD_FN) if n.title == "MulBackward0")
    assert graph.of_kind(g.SAVED) == []


def test_a_100000_node_chain_traces_without_recursion() -> None:
    x = visgrad.ones(1, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y + 1.0
    start = time.perf_counter()
    graph = trace(y)
    elapsed = time.perf_counter() - start
    assert len(graph.of_kind(g.GRAD_FN)) == 100_000
    assert elapsed < 20
