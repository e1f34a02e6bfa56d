"""Every operation's backward agrees with central finite differences, in float64.

For a case f and a random seed gradient g (the ∂L/∂out that backward receives), backward must
give the vector-Jacobian product gᵀ·J. Its entry for input element xᵢ is the slope of
    φ(x) = Σ g · f(x)
which central differences measure as (φ(x + εeᵢ) - φ(x - εeᵢ)) / 2ε, accurate to O(ε²).

Second derivatives are checked the way PyTorch's gradgradcheck does: the first gradient
gᵀ·J, taken with `create_graph=True`, is itself a function of x and of g; its backward must
match finite differences of that function.

The cases come from the shared table in `op_cases.py`; hypothesis draws the input values
inside each case's domain. No PyTorch here: that oracle is `test_torch_oracle.py`. Also here,
so that they run without PyTorch: a few exact gradients (ties, kinks, zeros), the shape errors
in PyTorch's literal words, and the deliberate differences from PyTorch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from op_cases import (
    CASE_NAMES,
    CASES,
    ERROR_CASES,
    SECOND_ORDER_CASES,
    OpCase,
    inputs_strategy,
    sample_inputs,
)

import visgrad
from visgrad.autograd import Function, gradcheck
from visgrad.autograd import grad as autograd_grad

EPS = 1e-6
RTOL, ATOL = 1e-5, 1e-7
# A few examples per case keep the file fast; VISGRAD_FD_EXAMPLES=200 searches harder.
EXAMPLES = int(os.environ.get("VISGRAD_FD_EXAMPLES", "6"))
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- helpers ----------------------------------------------------------------------------------
def leaves(arrays: Sequence[np.ndarray]) -> list[visgrad.Tensor]:
    return [visgrad.tensor(a, dtype=visgrad.float64, requires_grad=True) for a in arrays]


def forward_values(op: OpCase, arrays: Sequence[np.ndarray]) -> np.ndarray:
    """The case's output values, computed without recording a graph."""
    with visgrad.no_grad():
        inputs = [visgrad.tensor(a, dtype=visgrad.float64) for a in arrays]
        out = op.fn(visgrad, *inputs)
    assert not out.requires_grad
    return np.array(out.numpy(), dtype=np.float64)


def central_differences(
    phi: Callable[[list[np.ndarray]], float], arrays: Sequence[np.ndarray]
) -> list[np.ndarray]:
    """∂φ/∂(each element of each input) by (φ(x + ε) - φ(x - ε)) / 2ε."""
    slopes = []
    for i, array in enumerate(arrays):
        slope = np.zeros(array.shape)
        for position in np.ndindex(array.shape):
            shifted = [a.copy() for a in arrays]
            shifted[i][position] = array[position] + EPS
            plus = phi(shifted)
            shifted[i][position] = array[position] - EPS
            minus = phi(shifted)
            slope[position] = (plus - minus) / (2 * EPS)
        slopes.append(slope)
    return slopes


def as_array(grad: visgrad.Tensor | None, shape: tuple[int, ...]) -> np.ndarray:
    """A gradient's values; None (nothing flowed back) counts as zeros."""
    return np.zeros(shape) if grad is None else np.asarray(grad.detach().numpy())


def assert_close(actual: np.ndarray, expected: np.ndarray, what: str) -> None:
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL, err_msg=what)


def check_backward(op: OpCase, arrays: list[np.ndarray], seed: int) -> None:
    """backward(g) gives gᵀ·J, as central differences measure it."""
    expected_out = forward_values(op, arrays)
    g = np.random.default_rng(seed).standard_normal(expected_out.shape)

    xs = leaves(arrays)
    out = op.fn(visgrad, *xs)
    assert out.dtype is visgrad.float64
    assert out.requires_grad and out.grad_fn is not None and not out.is_leaf
    assert_close(np.asarray(out.detach().numpy()), expected_out, f"{op.name} forward")
    out.backward(visgrad.tensor(g, dtype=visgrad.float64))

    def phi(values: list[np.ndarray]) -> float:
        return float((forward_values(op, values) * g).sum())

    numerical = central_differences(phi, arrays)
    for i, (x, slope) in enumerate(zip(xs, numerical)):
        assert x.grad is None or x.grad.dtype is visgrad.float64
        assert_close(as_array(x.grad, x.shape), slope, f"{op.name}: grad of input {i}")


def check_second_derivative(op: OpCase, arrays: list[np.ndarray], seed: int) -> None:
    """The first gradient gᵀ·J(x), recorded with create_graph=True, differentiates correctly
    with respect to x and to g."""
    rng = np.random.default_rng(seed)
    out_shape = forward_values(op, arrays).shape
    g = rng.standard_normal(out_shape)
    directions = [rng.standard_normal(a.shape) for a in arrays]

    def first_gradient_along(values: list[np.ndarray]) -> float:
        """ψ(x, g) = Σᵢ vᵢ · (gᵀJ)ᵢ, from backward without create_graph."""
        *x_values, g_values = values
        xs = leaves(x_values)
        out = op.fn(visgrad, *xs)
        seed_grad = visgrad.tensor(g_values, dtype=visgrad.float64)
        grads = autograd_grad(out, xs, grad_outputs=seed_grad, allow_unused=True)
        return float(
            sum((as_array(gr, x.shape) * v).sum() for gr, x, v in zip(grads, xs, directions))
        )

    xs = leaves(arrays)
    g_tensor = visgrad.tensor(g, dtype=visgrad.float64, requires_grad=True)
    out = op.fn(visgrad, *xs)
    grads = autograd_grad(out, xs, grad_outputs=g_tensor, create_graph=True, allow_unused=True)
    total = visgrad.tensor(0.0, dtype=visgrad.float64)
    for gr, v in zip(grads, directions):
        if gr is not None:
            assert gr.requires_grad, f"{op.name}: create_graph=True gave a constant gradient"
            total = total + (gr * visgrad.tensor(v, dtype=visgrad.float64)).sum()
    second = autograd_grad(total, [*xs, g_tensor], allow_unused=True)

    numerical = central_differences(first_gradient_along, [*arrays, g])
    for i, (tensor, gr, slope) in enumerate(zip([*xs, g_tensor], second, numerical)):
        what = "the seed gradient" if i == len(xs) else f"input {i}"
        assert_close(as_array(gr, tensor.shape), slope, f"{op.name}: second derivative, {what}")


# --- every case: backward against finite differences ----------------------------------------------
@pytest.mark.parametrize("op", CASES, ids=CASE_NAMES)
@FAST
@given(data=st.data())
def test_backward_matches_finite_differences(op: OpCase, data: st.DataObject) -> None:
    arrays = data.draw(inputs_strategy(op), label="inputs")
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    check_backward(op, arrays, seed)


@pytest.mark.parametrize("op", CASES, ids=CASE_NAMES)
def test_gradcheck_accepts_every_case(op: OpCase, rng: np.random.Generator) -> None:
    """visgrad's own gradcheck (full Jacobians, row by row) agrees on one sample each."""
    xs = leaves(sample_inputs(op, rng))
    assert gradcheck(lambda *inputs: op.fn(visgrad, *inputs), xs, atol=1e-6, rtol=1e-5)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("op", CASES, ids=CASE_NAMES)
def test_backward_runs_on_arrays_and_agrees_with_the_recorded_rule(
    op: OpCase, dtype: str, rng: np.random.Generator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without create_graph every rule runs on NumPy arrays: no operation is applied during
    backward. With create_graph the same rule runs on tensors; both give the same numbers."""
    arrays = sample_inputs(op, rng)
    seed = rng.standard_normal(forward_values(op, arrays).shape)
    kind = getattr(visgrad, dtype)
    xs = [visgrad.tensor(a, dtype=kind, requires_grad=True) for a in arrays]
    out = op.fn(visgrad, *xs)
    g = visgrad.tensor(seed, dtype=out.dtype)

    applied: list[str] = []
    original = Function.apply.__func__  # type: ignore[attr-defined]

    def counting_apply(cls: type[Function], *args: Any) -> Any:
        applied.append(cls.__name__)
        return original(cls, *args)

    monkeypatch.setattr(Function, "apply", classmethod(counting_apply))
    fast = autograd_grad(out, xs, grad_outputs=g, retain_graph=True, allow_unused=True)
    assert applied == [], f"{op.name}: backward without create_graph applied {applied}"
    monkeypatch.undo()

    recorded = autograd_grad(out, xs, grad_outputs=g, create_graph=True, allow_unused=True)
    for i, (a, b) in enumerate(zip(fast, recorded)):
        assert (a is None) == (b is None), f"{op.name}: input {i}"
        if a is not None:
            assert a.dtype is b.dtype, f"{op.name}: input {i}: {a.dtype} != {b.dtype}"
            np.testing.assert_array_equal(a.numpy(), b.detach().numpy(), err_msg=op.name)


SECOND_ORDER_IDS = [c.name for c in SECOND_ORDER_CASES]


@pytest.mark.parametrize("op", SECOND_ORDER_CASES, ids=SECOND_ORDER_IDS)
@settings(FAST, max_examples=max(1, EXAMPLES * 2 // 3))
@given(data=st.data())
def test_second_derivatives_match_finite_differences(op: OpCase, data: st.DataObject) -> None:
    arrays = data.draw(inputs_strategy(op), label="inputs")
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    check_second_derivative(op, arrays, seed)


def test_the_second_order_subset_covers_the_representative_ops() -> None:
    wanted = {
        "mul", "div", "pow", "exp", "tanh", "sigmoid", "log", "sin", "matmul", "sum", "mean",
        "softmax", "index",
    }
    covered = {name.split("_")[0] for name in SECOND_ORDER_IDS}
    assert wanted <= covered


def test_the_table_covers_every_registered_operation() -> None:
    """Each op class in the registry shows up as the grad_fn somewhere in the table (or is
    reached only as another op's backward, listed here)."""
    only_inside_backward = {
        "IndexPutBackward0",
        "GatherBackward0",
        "GeluBackwardBackward0",
        "EmbeddingDenseBackwardBackward0",
    }
    tested_apart = {
        "ToCopyBackward0",  # changes dtype: test_dtype_conversion_passes_gradient
        "torch::autograd::NotImplemented",  # no derivative (// and number % x): test_torch_oracle
        "AddmmBackward0",  # the nn operations: tests/test_nn.py checks them against torch and FD
        "MseLossBackward0",
        "NllLossBackward0",
    }
    reached: set[str] = set()
    for op in CASES:
        xs = leaves(sample_inputs(op, np.random.default_rng(0)))
        out = op.fn(visgrad, *xs)
        # walk the whole graph iteratively: in-place cases hide ops below the last node
        stack = [out.grad_fn]
        while stack:
            node = stack.pop()
            if node is None:
                continue
            reached.add(type(node).__name__)
            stack.extend(n for n, _ in node.next_functions)
    from visgrad.ops import registry

    missing = {
        name for name, cls in registry().items()
        if name not in reached and cls().name() not in only_inside_backward | tested_apart
    }
    assert not missing, f"operations without a test case: {sorted(missing)}"


def test_dtype_conversion_passes_gradient_back_in_the_input_dtype() -> None:
    x = visgrad.tensor([1.5, -2.0], dtype=visgrad.float32, requires_grad=True)
    y = x.double()
    assert y.dtype is visgrad.float64 and y.grad_fn.name() == "ToCopyBackward0"
    (y * visgrad.tensor([2.0, 3.0], dtype=visgrad.float64)).sum().backward()
    assert x.grad.dtype is visgrad.float32
    assert x.grad.tolist() == [2.0, 3.0]


# --- the checker itself catches a wrong derivative ----------------------------------------------
class _WrongSquare(Function):
    """out = a²; backward claims a instead of 2a."""

    @staticmethod
    def forward(ctx: Any, a: visgrad.Tensor) -> visgrad.Tensor:
        ctx.save_for_backward(a)
        return a * a

    @staticmethod
    def backward(ctx: Any, grad: visgrad.Tensor) -> visgrad.Tensor:
        (a,) = ctx.saved_tensors
        return grad * a


def test_the_finite_difference_check_catches_a_wrong_backward() -> None:
    wrong = OpCase("wrong_square", lambda M, x: _WrongSquare.apply(x), ())
    arrays = [np.array(1.5)]
    with pytest.raises(AssertionError, match="grad of input 0"):
        check_backward(wrong, arrays, seed=0)


def test_the_second_derivative_check_catches_a_wrong_backward() -> None:
    wrong = OpCase("wrong_square", lambda M, x: _WrongSquare.apply(x) * x, ())
    with pytest.raises(AssertionError):
        check_second_derivative(wrong, [np.array(1.5)], seed=0)


# --- a few exact values, so the oracle is not only "agrees with itself" ---------------------------
def test_known_gradients() -> None:
    x = visgrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = visgrad.tensor([[1.0], [2.0]], requires_grad=True)
    (w * x**2).sum().backward()
    assert x.grad.tolist() == [6.0, 12.0, 18.0]
    assert w.grad.tolist() == [[14.0], [14.0]]


def test_broadcast_gradient_is_summed_back_to_each_shape() -> None:
    a = visgrad.ones(3, 1, requires_grad=True)
    b = visgrad.ones(2, 3, 4, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.shape == (3, 1) and a.grad.tolist() == [[8.0], [8.0], [8.0]]
    assert b.grad.shape == (2, 3, 4) and np.all(b.grad.numpy() == 1.0)


def test_index_with_repeats_adds_up() -> None:
    x = visgrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[[0, 2, 0, 0]].sum().backward()
    assert x.grad.tolist() == [3.0, 0.0, 1.0]


def test_max_and_min_of_ties_share_the_gradient() -> None:
    """PyTorch spreads the gradient of max() over all ties evenly (amax semantics)."""
    x = visgrad.tensor([1.0, 3.0, 3.0], requires_grad=True)
    x.max().backward()
    assert x.grad.tolist() == [0.0, 0.5, 0.5]


def test_kinks_take_pytorchs_side() -> None:
    """At the kink itself: relu'(0) = 0, abs'(0) = 0, clamp passes the bound's gradient."""
    x = visgrad.tensor([0.0, 0.0, 0.5, -0.5], requires_grad=True)
    (x.relu() + x.abs() + x.clamp(-0.5, 0.5)).sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 3.0, 0.0]


def test_choices_mask_the_gradient_exactly() -> None:
    """relu and clamp pass the gradient bit for bit where they keep it (nan, inf, -0 too) and
    +0 elsewhere, for 0-d tensors as for others."""
    for value, kept in [(2.0, True), (-1.0, False)]:
        x = visgrad.tensor(value, requires_grad=True)
        x.relu().backward(visgrad.tensor(-0.0))
        assert x.grad.item() == 0.0 and np.signbit(x.grad.item()) == kept
    x = visgrad.tensor([1.0, -1.0, 2.0, -2.0], requires_grad=True)
    x.relu().backward(visgrad.tensor([np.nan, np.nan, -np.inf, -3.0]))
    got = x.grad.numpy()
    assert np.isnan(got[0]) and got[1] == 0 and got[2] == -np.inf and got[3] == 0
    assert not np.signbit(got[3])


def test_maximum_of_ties_splits_the_gradient() -> None:
    a = visgrad.tensor([1.0, 2.0], requires_grad=True)
    b = visgrad.tensor([1.0, 3.0], requires_grad=True)
    visgrad.maximum(a, b).sum().backward()
    assert a.grad.tolist() == [0.5, 0.0]
    assert b.grad.tolist() == [0.5, 1.0]


def test_norm_of_zero_has_zero_gradient() -> None:
    x = visgrad.zeros(3, requires_grad=True)
    x.norm().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_power_of_zero_base_with_tensor_exponent() -> None:
    """d(aᵇ)/db = aᵇ ln a is 0 at a = 0 (not nan), as in PyTorch."""
    a = visgrad.tensor([0.0, 0.0, 2.0], requires_grad=True)
    b = visgrad.tensor([0.0, 2.0, 3.0], requires_grad=True)
    (a**b).sum().backward()
    assert a.grad.tolist() == [0.0, 0.0, 12.0]  # 0⁰: the slope b·aᵇ⁻¹ is 0 (not 0·inf)
    assert b.grad.tolist() == pytest.approx([0.0, 0.0, 8 * np.log(2.0)])


# --- shape errors, in PyTorch's words (literal; test_torch_oracle checks torch says the same) ----
@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.name for c in ERROR_CASES])
def test_shape_errors_use_pytorchs_words(case: Any) -> None:
    with pytest.raises(case.error) as raised:
        case.fn(visgrad)
    assert type(raised.value) is case.error
    assert str(raised.value) == case.message


# --- deliberate differences from PyTorch ---------------------------------------------------
def test_in_place_through_a_view_of_a_recorded_tensor_is_refused() -> None:
    """PyTorch rewrites the base's history (CopySlices) when a view of it changes in place;
    visgrad refuses with a message saying how to write it instead. `y[0] = v` itself works."""
    from visgrad.ops.inplace import VIEW_NOT_RECORDED_MESSAGE

    x = visgrad.ones(2, 3, requires_grad=True)
    y = x * 1
    with pytest.raises(RuntimeError) as raised:
        y[0].mul_(2)
    assert str(raised.value) == VIEW_NOT_RECORDED_MESSAGE
    y[0] = visgrad.tensor([1.0, 2.0, 3.0])
    y.sum().backward()
    assert x.grad.tolist() == [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]


# --- bugs outside the op library, reported to their owners ------------------------------------
def test_int_tensor_with_float64_0d_tensor_is_float64() -> None:
    out = visgrad.tensor([1, 2]) + visgrad.tensor(0.5, dtype=visgrad.float64)
    assert out.dtype is visgrad.float64


def test_repr_after_setitem_names_copyslices_as_pytorch_prints_it() -> None:
    y = visgrad.zeros(2, requires_grad=True) * 1
    y[0] = 5.0
    assert y.grad_fn.name() == "torch::autograd::CopySlices"
    assert repr(y) == "tensor([5., 0.], grad_fn=<CopySlices>)"
