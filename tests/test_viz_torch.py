"""draw() on real PyTorch tensors: the same picture as for visgrad's."""

from __future__ import annotations

import pytest
from viz_helpers import tutorial

import visgrad
from visgrad.viz import draw, trace
from visgrad.viz.torch_graph import trace_torch

torch = pytest.importorskip("torch")


def _shape(graph):  # type: ignore[no-untyped-def]
    titles = {n.id: (n.kind, n.title) for n in graph.nodes}
    nodes = [titles[n.id] for n in graph.nodes]
    edges = sorted((titles[e.src], titles[e.dst], e.kind, e.label) for e in graph.edges)
    return sorted(nodes), edges


def test_torch_graph_matches_visgrad_graph() -> None:
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    out = (y * y * 3).mean()
    ours = tutorial()
    theirs = trace_torch(out, names={"x": x, "y": y})
    mine = trace(ours["out"], names={"x": ours["x"], "y": ours["y"]})
    nodes_t, edges_t = _shape(theirs)
    nodes_m, edges_m = _shape(mine)
    # PyTorch's y*y*3 saves no `self` for the *3 (only the constant): compare without saved
    assert [n for n in nodes_t if n[0] != "saved_tensor"] == [
        n for n in nodes_m if n[0] != "saved_tensor"
    ]
    assert [e for e in edges_t if e[2] != "saved"] == [e for e in edges_m if e[2] != "saved"]


def test_draw_torch_tensors_after_backward() -> None:
    x = torch.ones(2, 2, requires_grad=True)
    out = ((x + 2) ** 2).sum()
    out.backward()
    fig = draw(out, names={"x": x}, show_saved=True)
    assert "PowBackward0" in fig.source and "exponent = 2" in fig.source
    assert "grad = [[6, 6]," in fig.source
    assert "saved tensors freed" in fig.source
    assert "<svg" in fig.svg()


def test_a_torch_split_is_drawn_with_numbered_outputs_as_visgrads() -> None:
    counts = []
    for M in (torch, visgrad):
        x = M.tensor([1.0, 2.0, 3.0], requires_grad=True)
        a, b = x.split([1, 2])
        source = draw((a * 2).sum() + (b * b).sum()).source
        counts.append((source.count("output 0"), source.count("output 1")))
    assert counts[0] == counts[1] == (1, 2)
