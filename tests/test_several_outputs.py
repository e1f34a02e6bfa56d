"""Nodes with several outputs (split, unbind, a custom Function returning a tuple), against
PyTorch: one node, numbered outputs, each output's gradient kept apart, zeros for the unused."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import numpy as np
import pytest

import visgrad
from visgrad import viz

torch = pytest.importorskip("torch")


def _two_outputs(M: Any) -> Any:
    """A custom Function with two outputs, written once for both libraries."""

    class TwoPowers(M.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            ctx.save_for_backward(x)
            return x * x, x * x * x

        @staticmethod
        def backward(ctx: Any, grad_square: Any, grad_cube: Any) -> Any:
            (x,) = ctx.saved_tensors
            return grad_square * 2 * x + grad_cube * 3 * x * x

    return TwoPowers


USES = {
    "both": lambda a, b: (a * b).sum(),
    "first_only": lambda a, b: a.sum(),
    "second_only": lambda a, b: (b * 2).sum(),
    "second_twice": lambda a, b: (b * b).sum() + b.sum(),
}


@pytest.mark.parametrize("use", list(USES))
def test_a_custom_function_with_two_outputs_records_one_node_as_torch(use: str) -> None:
    results = {}
    for M in (torch, visgrad):
        x = M.tensor([0.5, -1.0, 2.0], requires_grad=True)
        a, b = _two_outputs(M).apply(x)
        assert a.grad_fn is b.grad_fn and (a.output_nr, b.output_nr) == (0, 1)
        out = USES[use](a, b)
        out.backward()
        results[M.__name__] = (out.item(), x.grad.tolist(), a.grad_fn.name())
    assert results["visgrad"][0] == pytest.approx(results["torch"][0])
    np.testing.assert_allclose(results["visgrad"][1], results["torch"][1], rtol=1e-6)
    assert results["visgrad"][2] == results["torch"][2] == "TwoPowersBackward"


def test_next_functions_name_the_output_each_input_was() -> None:
    for M in (torch, visgrad):
        x = M.ones(6, requires_grad=True)
        a, b, c = x.split(2)
        edges = (c * a).grad_fn.next_functions
        assert [(node.name(), nr) for node, nr in edges] == [
            ("SplitBackward0", 2),
            ("SplitBackward0", 0),
        ]
        assert edges[0][0] is edges[1][0] is a.grad_fn


def test_hooks_and_retain_grad_see_their_own_output() -> None:
    results = {}
    for M in (torch, visgrad):
        x = M.tensor([1.0, 2.0], requires_grad=True)
        a, b = _two_outputs(M).apply(x)
        seen = []
        a.register_hook(lambda g: seen.append(g.tolist()) or g * 10)
        b.retain_grad()
        (a.sum() + (b * 2).sum()).backward()
        results[M.__name__] = (seen, b.grad.tolist(), x.grad.tolist(), a.retains_grad)
    assert results["visgrad"] == results["torch"]


def test_a_node_hook_sees_every_outputs_gradient_as_torch() -> None:
    results = {}
    for M in (torch, visgrad):
        x = M.arange(4.0, requires_grad=True)
        a, b = x.split(2)
        seen = []

        def hook(grads: Any, seen: list = seen) -> Any:
            seen.append([None if g is None else g.tolist() for g in grads])
            return (grads[0], grads[1] * 3)

        a.grad_fn.register_prehook(hook)
        (a.sum() + (b * b).sum()).backward()
        results[M.__name__] = (seen, x.grad.tolist())
    assert results["visgrad"] == results["torch"]


def test_autograd_grad_and_backward_from_one_of_several_outputs() -> None:
    results = {}
    for M in (torch, visgrad):
        x = M.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        a, b = x.chunk(2)
        out = (a * b).sum()
        grads = M.autograd.grad(out, [b, a, x], retain_graph=True)
        b.backward(M.tensor([1.0, -1.0]))
        results[M.__name__] = ([g.tolist() for g in grads], x.grad.tolist())
    assert results["visgrad"] == results["torch"]


def test_gradients_of_gradients_through_split_and_unbind() -> None:
    results = {}
    for M in (torch, visgrad):
        x = M.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=M.float64, requires_grad=True)
        rows = x.unbind()
        a, b = rows[1].split(1)
        out = (rows[0] * rows[0] * a).sum() + (b**3).sum()
        (g,) = M.autograd.grad(out, x, create_graph=True)
        (gg,) = M.autograd.grad(g.sum(), x)
        results[M.__name__] = (g.tolist(), gg.tolist())
    np.testing.assert_allclose(results["visgrad"][0], results["torch"][0])
    np.testing.assert_allclose(results["visgrad"][1], results["torch"][1])


def test_an_integer_output_needs_no_gradient_as_in_torch() -> None:
    for M in (torch, visgrad):

        class ValueAndIndex(M.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                return x * 2, M.tensor([1, 0])

            @staticmethod
            def backward(ctx: Any, grad: Any, grad_index: Any) -> Any:
                return grad * 2

        x = M.ones(2, requires_grad=True)
        value, index = ValueAndIndex.apply(x)
        assert value.requires_grad and not index.requires_grad and index.grad_fn is None
        value.sum().backward()
        assert x.grad.tolist() == [2.0, 2.0]


def test_without_recording_the_pieces_are_views_of_one_memory() -> None:
    x = visgrad.arange(6.0)
    a, b = x.split([2, 4])
    assert a.grad_fn is None and not a.requires_grad
    b.mul_(10)
    assert x.tolist() == [0.0, 1.0, 20.0, 30.0, 40.0, 50.0]
    assert x._version == a._version == b._version == 1
    with visgrad.no_grad():
        rows = visgrad.ones(2, 2, requires_grad=True).unbind()
    assert all(r.grad_fn is None for r in rows)


def test_split_pieces_free_without_the_garbage_collector() -> None:
    x = visgrad.ones(4, requires_grad=True)
    a, b = _two_outputs(visgrad).apply(x)
    node = weakref.ref(a.grad_fn)
    was = gc.isenabled()
    gc.disable()
    try:
        del a, b
        assert node() is None  # (no cycle between the outputs and their node)
    finally:
        if was:
            gc.enable()


def test_the_player_shows_each_outputs_gradient() -> None:
    x = visgrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    a, b = x.split([1, 2])
    out = (b * b).sum()
    frames = viz.frames(out)
    lines = [line for frame in frames._frames for line in frame.rule]
    assert "SplitWithSizesBackward0 has 2 outputs, each with its own gradient:" in lines
    assert "  output 0: nothing arrived (it counts as zeros)" in lines
    assert "  output 1: [4, 6]" in lines
    assert x.grad.tolist() == [0.0, 4.0, 6.0]
    assert a.grad_fn.name() == "SplitWithSizesBackward0"


def test_the_picture_says_which_output_each_arrow_leaves() -> None:
    x = visgrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    a, b = x.split([1, 2])
    source = viz.draw((a * 2).sum() + (b * b).sum()).source
    assert source.count("output 1") == 2 and source.count("output 0") == 1
    plain = viz.draw((x * 2).sum()).source
    assert "output 0" not in plain  # (only nodes with several outputs number them)


def test_a_node_with_several_outputs_is_titled_by_its_first_named_output() -> None:
    x = visgrad.ones(2, requires_grad=True)
    square, cube = _two_outputs(visgrad).apply(x)
    source = viz.draw(square + cube, names={"cube": cube, "square": square}).source
    assert "square.grad_fn" in source and "cube.grad_fn" not in source


@pytest.mark.parametrize("materialize", [True, False])
def test_non_differentiable_outputs_and_unmaterialized_grads_as_torch(materialize: bool) -> None:
    results = {}
    for M in (torch, visgrad):

        class SortedWithOrder(M.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                ctx.set_materialize_grads(materialize)
                order = M.tensor([1, 0, 2])  # (x's order, for the x below)
                values = x[order]
                positive = values > 0
                values_twice = values * 2
                ctx.mark_non_differentiable(order, positive)
                ctx.save_for_backward(order)
                return values, order, positive, values_twice

            @staticmethod
            def backward(ctx: Any, grad_values: Any, grad_order: Any, grad_positive: Any,
                         grad_twice: Any) -> Any:
                (order,) = ctx.saved_tensors
                seen.append([None if g is None else g.tolist()
                             for g in (grad_values, grad_order, grad_positive, grad_twice)])
                total = grad_values if grad_values is not None else M.zeros_like(grad_twice)
                if grad_twice is not None:
                    total = total + grad_twice * 2
                grad = M.zeros_like(total)
                grad[order] = total
                return grad

        seen: list = []
        x = M.tensor([0.5, -2.0, 1.5], requires_grad=True)
        values, order, positive, twice = SortedWithOrder.apply(x)
        flags = [t.requires_grad for t in (values, order, positive, twice)]
        (twice * M.tensor([1.0, 2.0, 3.0])).sum().backward()
        results[M.__name__] = (flags, seen, x.grad.tolist())
    assert results["visgrad"] == results["torch"]


def test_a_single_output_marked_non_differentiable_needs_no_grad_as_torch() -> None:
    for M in (torch, visgrad):

        class Positive(M.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                mask = (x > 0) * 1.0
                ctx.mark_non_differentiable(mask)
                return mask

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                return grad * 0

        out = Positive.apply(M.tensor([1.0, -1.0], requires_grad=True))
        assert not out.requires_grad and out.grad_fn is None and out.tolist() == [1.0, 0.0]


def test_a_saved_output_of_several_is_unpacked_as_that_output_as_torch() -> None:
    results = {}
    for M in (torch, visgrad):

        class ExpAndHalf(M.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                half, exp = x * 0.5, x.exp()
                ctx.save_for_backward(exp)
                return half, exp

            @staticmethod
            def backward(ctx: Any, grad_half: Any, grad_exp: Any) -> Any:
                (exp,) = ctx.saved_tensors
                return grad_half * 0.5 + grad_exp * exp

        x = M.tensor([0.5, 1.0], dtype=M.float64, requires_grad=True)
        half, exp = ExpAndHalf.apply(x)
        saved = half.grad_fn.saved_tensors[0]
        (g,) = M.autograd.grad((half + exp).sum(), x, create_graph=True)
        (gg,) = M.autograd.grad(g.sum(), x)
        results[M.__name__] = (g.tolist(), gg.tolist(), saved.output_nr, saved is exp)
    np.testing.assert_allclose(results["visgrad"][1], results["torch"][1])
    assert results["visgrad"][2:] == results["torch"][2:] == (1, False)


def test_a_function_written_with_setup_context_as_torch() -> None:
    """PyTorch 2's style: forward(*inputs) without ctx, setup_context(ctx, inputs, output)."""
    results = {}
    for M in (torch, visgrad):

        class ScaledExp(M.autograd.Function):
            @staticmethod
            def forward(x: Any, scale: float) -> Any:
                return x.exp() * scale, x * 0

            @staticmethod
            def setup_context(ctx: Any, inputs: Any, output: Any) -> None:
                _, scale = inputs
                result, zeros = output
                ctx.scale = scale
                ctx.mark_non_differentiable(zeros)
                ctx.save_for_backward(result)

            @staticmethod
            def backward(ctx: Any, grad: Any, grad_zeros: Any) -> Any:
                (result,) = ctx.saved_tensors
                return grad * result, None

        x = M.tensor([0.0, 1.0], dtype=M.float64, requires_grad=True)
        y, zeros = ScaledExp.apply(x, 3.0)
        (y * y).sum().backward()
        with M.no_grad():
            plain, _ = ScaledExp.apply(x, 2.0)
        results[M.__name__] = (y.tolist(), x.grad.tolist(), zeros.requires_grad,
                               plain.requires_grad, plain.tolist())
    ours, theirs = results["visgrad"], results["torch"]
    for k in (0, 1, 4):
        np.testing.assert_allclose(ours[k], theirs[k], rtol=1e-12)
    assert ours[2:4] == theirs[2:4] == (False, False)
