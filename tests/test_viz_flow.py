"""frames(): the backward pass step by step, on the tutorial's graph and on b = a + a."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from viz_helpers import fills, svg_groups, texts, tutorial

import visgrad
from visgrad.viz import frames, theme
from visgrad.viz.graph import GRAD_FN


def _names(t: dict[str, visgrad.Tensor]) -> dict[str, visgrad.Tensor]:
    return {"x": t["x"], "y": t["y"], "z": t["z"], "out": t["out"]}


def test_recorded_steps_hold_copies_not_the_live_gradients() -> None:
    # .grad keeps accumulating in place after a step is recorded: a frame must not change
    from visgrad.viz.flow import record_backward

    x = visgrad.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    _, steps, _ = record_backward(y.sum(), retain_graph=True)
    leaf_grad = next(s.leaf_grad for s in steps if s.leaf_grad is not None)
    y.sum().backward()
    assert leaf_grad.tolist() == [2.0, 4.0] and x.grad.tolist() == [4.0, 8.0]
    for step in steps:
        for values in (step.grad_output, *step.grad_inputs):
            assert values is None or not np.shares_memory(values, x.grad.numpy())


def test_tutorial_frames_follow_the_engine() -> None:
    t = tutorial()
    played = frames(t["out"], names=_names(t))
    ops = {n.id: n.title for n in played.graph.nodes}
    active = [ops.get(f.active) if f.active else None for f in played]
    assert active == ["out", "MeanBackward0", "MulBackward0", "MulBackward0", "AddBackward0",
                      "AccumulateGrad", None]
    assert [len(f.done) for f in played] == [0, 0, 1, 2, 3, 4, 5]
    # the real backward ran: x.grad is PyTorch's 4.5
    assert t["x"].grad.tolist() == [[4.5, 4.5], [4.5, 4.5]]
    last = played[-1]
    carried = sorted(float(v.flat[0]) for v in last.edge_grads.values())
    assert carried == [0.25, 0.75, 1.0, 2.25, 2.25, 4.5, 4.5]
    leaf = played.graph.of_kind("leaf_requires_grad")[0].id
    assert played[4].leaf_grads[leaf] is None
    assert played[5].leaf_grads[leaf].tolist() == [[4.5, 4.5], [4.5, 4.5]]


def test_rule_panel_states_the_local_rule_with_numbers() -> None:
    t = tutorial()
    played = frames(t["out"], names=_names(t))
    mean, mul_3, mul_yy, add, acc = ("\n".join(f.rule) for f in played[1:6])
    assert "grad_self = grad / n = 1 / 4 = [[0.25, 0.25], [0.25, 0.25]]" in mean
    assert ("grad_self = grad · other = [[0.25, 0.25], [0.25, 0.25]] · 3 = "
            "[[0.75, 0.75], [0.75, 0.75]]") in mul_3
    assert "grad_other: not computed (a constant: no gradient)" in mul_3
    assert "grad_other = grad · self" in mul_yy and "→ AddBackward0 (y.grad_fn)" in mul_yy
    assert "receives grad = [[2.25, 2.25], [2.25, 2.25]] + [[2.25, 2.25], [2.25, 2.25]]" in add
    assert "x.grad was None" in acc
    assert "grad = 1 (∂out/∂out)" in "\n".join(played[0].rule)


def test_b_equals_a_plus_a_visibly_adds_two_contributions() -> None:
    a = visgrad.tensor(3.0, requires_grad=True)
    b = a + a
    played = frames(b, names={"a": a, "b": b})
    add_step, acc_step = played[1], played[2]
    into_acc = [e for e in played.graph.edges if e.kind == "input"]
    assert [float(add_step.edge_grads[e.id]) for e in into_acc] == [1.0, 1.0]
    assert list(acc_step.edge_texts.values()) == ["1 + 1 = 2"]
    assert "receives grad = 1 + 1 = 2" in "\n".join(acc_step.rule)
    leaf = played.graph.of_kind("leaf_requires_grad")[0]
    assert float(acc_step.leaf_grads[leaf.id]) == 2.0
    svg = played.svg(2)
    groups = svg_groups(svg)
    assert "grad = 2" in texts(groups[leaf.id])
    assert "1 + 1 = 2" in " ".join(texts(groups[list(acc_step.edge_texts)[0]]))
    assert a.grad.item() == 2.0


def test_grad_accumulates_across_two_backward_calls() -> None:
    # the tutorial's steps 12-14: the second backward adds to .grad
    x = visgrad.ones(2, 2, requires_grad=True)
    y = x + 2
    frames(y, visgrad.ones(2, 2), names={"x": x}, retain_graph=True)
    gradient = visgrad.tensor([[0.5, -1.0], [2.0, 0.0]])
    played = frames(y, gradient, names={"x": x})
    assert "x.grad += grad:  [[1, 1], [1, 1]] + [[0.5, -1], [2, 0]] → [[1.5, 0], [3, 1]]" in (
        "\n".join(played[-2].rule))
    assert x.grad.tolist() == [[1.5, 0.0], [3.0, 1.0]]
    squares = (x * x).sum()
    frames(squares)
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        frames(squares)  # Mul's saved tensors were freed by the first run


def test_pytorch_errors_come_first() -> None:
    x = visgrad.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar"):
        frames(x * 2)
    with pytest.raises(RuntimeError, match="does not require grad"):
        frames(visgrad.ones(2).sum())
    with pytest.raises(TypeError, match="visgrad's own engine"):
        frames(np.ones(2))


def _geometry(svg: str) -> list[str]:
    """Every coordinate in the SVG: what must not move between frames."""
    return re.findall(r'\s(?:points|d|x|y|viewBox|transform|width|height)="([^"]*)"', svg)


def test_frames_share_one_layout_and_highlight_the_active_node() -> None:
    t = tutorial()
    played = frames(t["out"], names=_names(t))
    svgs = [played.svg(i) for i in range(len(played))]
    for svg in svgs[1:]:
        assert _geometry(svg) == _geometry(svgs[0])  # nothing jumps
    for frame, svg in zip(played, svgs):
        groups = svg_groups(svg)
        for node in played.graph.of_kind(GRAD_FN):
            group = groups[node.id]
            if node.id == frame.active:
                assert fills(group)[0] == theme.ACTIVE_FILL
            else:
                assert fills(group)[0] == theme.FILL[GRAD_FN]
                faded = group.attrib.get("opacity") == "0.35"
                assert faded == (node.id not in frame.done)
        for edge_id in frame.edge_grads:
            line = groups[edge_id].find("{http://www.w3.org/2000/svg}path")
            assert line is not None and line.attrib["stroke"] == theme.GRADIENT


def test_a_gradient_label_does_not_touch_its_arrow() -> None:
    """Graphviz starts an edge label exactly at its arrow's x: the label's first character
    must be a space, or a short gradient such as the seed's `1` sits on the line."""
    t = tutorial()
    played = frames(t["out"], names=_names(t))
    svg = played.svg(len(played) - 1)
    seen = 0
    for edge_id in played[-1].edge_grads:
        group = svg_groups(svg)[edge_id]
        line = group.find("{http://www.w3.org/2000/svg}path")
        assert line is not None
        arrow_xs = {round(float(x), 1) for x in re.findall(r"(-?[\d.]+),", line.attrib["d"])}
        for text in group.iter("{http://www.w3.org/2000/svg}text"):
            if round(float(text.attrib["x"]), 1) in arrow_xs:
                seen += 1
                assert (text.text or "")[:1] in (" ", "\xa0"), text.text
    assert seen  # (the seed's arrow is straight: its label starts at the arrow's x)


def test_one_step_is_fast() -> None:
    t = tutorial()
    played = frames(t["out"], names=_names(t))
    played.svg(0)  # the single Graphviz run
    start = time.perf_counter()
    for i in range(len(played)):
        played.svg(i)
    per_step = (time.perf_counter() - start) / len(played)
    assert per_step < 0.05


def test_a_frame_as_a_stand_alone_figure() -> None:
    t = tutorial()
    played = frames(t["out"], names=_names(t))
    fig = played.figure(3)
    assert "Step 3 of 5" in fig.source and "dir=back" in fig.source
    assert "<svg" in fig.svg()


def test_player_frames_are_the_same_in_two_processes() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, %r)
        from viz_helpers import tutorial
        from visgrad.viz import frames
        t = tutorial()
        played = frames(t["out"], names={"x": t["x"]}, show_saved=True)
        sys.stdout.write("\\n=====\\n".join(played.svg(i) for i in range(len(played))))
        """
    ) % str(Path(__file__).parent)
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout
    assert "Generated by" not in runs[0].stdout


def test_nasty_names_survive_the_restyled_frames() -> None:
    name = 'a "b" <c> & {d} | e\nf'
    x = visgrad.ones(2, requires_grad=True)
    played = frames((x * 3).sum(), names={name: x})
    for i in range(len(played)):
        groups = svg_groups(played.svg(i))  # parses as XML
        leaf = played.graph.of_kind("leaf_requires_grad")[0]
        assert "\n".join(texts(groups[leaf.id])).startswith(name)


def test_a_leaky_relu_step_states_its_slope_with_the_numbers() -> None:
    x = visgrad.tensor([-1.0, 2.0], requires_grad=True)
    y = visgrad.nn.functional.leaky_relu(x, 0.1)
    played = frames(y.sum(), names={"x": x, "y": y})
    (step,) = [f for f in played if f.caption.endswith("LeakyReluBackward0 runs its backward")]
    assert "(1 if [-1, 2] > 0 else 0.1) = [0.1, 1]" in step.rule[1]
    node = [n for n in played.graph.nodes if n.title == "LeakyReluBackward0"][0]
    assert node.details == ("negative_slope = 0.1",)  # shown under the node


def test_a_softplus_step_states_its_beta_with_the_numbers() -> None:
    x = visgrad.tensor([-1.0, 2.0], requires_grad=True)
    y = visgrad.nn.functional.softplus(x, beta=2.0, threshold=3.0)
    played = frames(y.sum(), names={"x": x, "y": y})
    (step,) = [f for f in played if f.caption.endswith("SoftplusBackward0 runs its backward")]
    assert "grad · σ(beta · self) = [1, 1] · σ(2.0 · [-1, 2]) = [0.1192, 1]" in step.rule[1]
    node = [n for n in played.graph.nodes if n.title == "SoftplusBackward0"][0]
    assert node.details == ("beta = 2.0", "threshold = 3.0")


def test_gelu_and_layer_norm_nodes_show_their_settings() -> None:
    x = visgrad.tensor([[-1.0, 2.0, 0.5]], requires_grad=True)
    y = visgrad.nn.functional.gelu(visgrad.nn.functional.layer_norm(x, (3,)), approximate="tanh")
    played = frames(y.sum(), names={"x": x, "y": y})
    details = {n.title: n.details for n in played.graph.nodes}
    assert details["GeluBackward0"] == ("approximate = tanh",)
    assert details["NativeLayerNormBackward0"] == ("eps = 1e-05",)
