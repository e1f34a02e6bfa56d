"""PyTorch as the second oracle: the same code, run in torch 2.13 and in visgrad, agrees.

Every case of the shared table (`op_cases.py`) runs in both libraries on the same input values,
in float32 and float64, and must give the same output values, dtype and shape, the same
`grad_fn.name()` (except the deliberate differences listed below), the same printed `repr`, and
the same gradients for every input after `backward(g)` with the same g. Views (shared memory
and version counters), type promotion, comparisons and shape errors are compared the same way.
"""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
import zlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from op_cases import CASE_NAMES, CASES, ERROR_CASES, ErrorCase, OpCase, sample_inputs  # noqa: E402

import visgrad  # noqa: E402

# Deliberate differences in the output's grad_fn.name(): case -> (torch's name, ours).
NAME_DIFFERENCES: dict[str, tuple[str, str]] = {
    # torch computes `number / x` as `x.reciprocal() * number`; we record the division written
    "rdiv_number": ("MulBackward0", "DivBackward0"),
    "rdiv_number_0d": ("MulBackward0", "DivBackward0"),
    # general matmul is one node here (matrix @ vector is MvBackward0, as in torch); torch
    # reshapes around an mm/bmm and the output's node is its last step: SqueezeBackward4 for
    # vector @ matrix, UnsafeViewBackward0 for batches, CloneBackward0 when it folds a
    # matrix @ batch that requires grad through transposes
    "matmul_1d_2d": ("SqueezeBackward4", "MatmulBackward0"),
    "matmul_3d_3d": ("UnsafeViewBackward0", "MatmulBackward0"),
    "matmul_3d_2d": ("UnsafeViewBackward0", "MatmulBackward0"),
    "matmul_2d_3d": ("CloneBackward0", "MatmulBackward0"),
    "matmul_3d_1d": ("UnsafeViewBackward0", "MatmulBackward0"),
    "matmul_1d_3d": ("UnsafeViewBackward0", "MatmulBackward0"),
    "matmul_4d_3d": ("UnsafeViewBackward0", "MatmulBackward0"),
    # a norm other than the 2-norm is composed here (abs, then amax, amin or a power of a sum)
    # and the output's node is its last step; torch has one LinalgVectorNormBackward0
    "norm_inf_dim": ("LinalgVectorNormBackward0", "AmaxBackward0"),
    "norm_minus_inf": ("LinalgVectorNormBackward0", "AminBackward0"),
    "norm_1_dim": ("LinalgVectorNormBackward0", "PowBackward0"),
}

TOLERANCES = {"float32": (2e-5, 1e-6), "float64": (1e-10, 1e-12)}
DTYPES = ["float32", "float64"]


def _seed(*parts: str) -> int:
    return zlib.crc32("/".join(parts).encode())


def _values(t: Any) -> np.ndarray:
    return np.asarray(t.detach().numpy())


def _assert_same_values(ours: Any, theirs: Any, dtype: str, what: str) -> None:
    rtol, atol = TOLERANCES[dtype]
    assert tuple(ours.shape) == tuple(theirs.shape), f"{what}: shape"
    np.testing.assert_allclose(_values(ours), _values(theirs), rtol=rtol, atol=atol, err_msg=what)


def _node_names(node: Any) -> list[str | None]:
    return [None if n is None else n.name() for n, _ in node.next_functions]


# --- every case of the table ----------------------------------------------------------------
def _run_both(op: OpCase, dtype: str) -> tuple[Any, list[Any], Any, list[Any], np.ndarray]:
    """The case run in torch and in visgrad on the same values, and a seed gradient g."""
    rng = np.random.default_rng(_seed(op.name, dtype))
    arrays = sample_inputs(op, rng)
    theirs_in = [torch.tensor(a, dtype=getattr(torch, dtype), requires_grad=True) for a in arrays]
    ours_in = [visgrad.tensor(a, dtype=getattr(visgrad, dtype), requires_grad=True) for a in arrays]
    theirs = op.fn(torch, *theirs_in)
    ours = op.fn(visgrad, *ours_in)
    g = rng.standard_normal(tuple(theirs.shape))
    return theirs, theirs_in, ours, ours_in, g


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", CASES, ids=CASE_NAMES)
def test_case_matches_torch(op: OpCase, dtype: str) -> None:
    theirs, theirs_in, ours, ours_in, g = _run_both(op, dtype)

    # the forward value
    assert repr(ours.dtype) == str(theirs.dtype)
    _assert_same_values(ours, theirs, dtype, f"{op.name} forward")
    assert (ours.requires_grad, ours.is_leaf) == (theirs.requires_grad, theirs.is_leaf)

    # its node, and where its edges lead
    their_name, our_name = theirs.grad_fn.name(), ours.grad_fn.name()
    if op.name in NAME_DIFFERENCES:
        assert NAME_DIFFERENCES[op.name] == (their_name, our_name)
    else:
        assert our_name == their_name
        assert _node_names(ours.grad_fn) == _node_names(theirs.grad_fn)

    # backward with the same seed gradient
    theirs.backward(torch.tensor(g, dtype=getattr(torch, dtype)))
    ours.backward(visgrad.tensor(g, dtype=getattr(visgrad, dtype)))
    for i, (x_ours, x_theirs) in enumerate(zip(ours_in, theirs_in)):
        what = f"{op.name} grad of input {i}"
        if x_theirs.grad is None:
            assert x_ours.grad is None, what
            continue
        assert x_ours.grad is not None, what
        assert repr(x_ours.grad.dtype) == str(x_theirs.grad.dtype), what
        _assert_same_values(x_ours.grad, x_theirs.grad, dtype, what)


PRINTED_CASES = [pytest.param(op, id=op.name) for op in CASES]


def _without_grad_fn(text: str) -> str:
    # a deliberately different node name also changes where torch wraps the line
    return re.sub(r",\s*grad_fn=<\w+>", "", text)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", PRINTED_CASES)
def test_case_prints_as_torch(op: OpCase, dtype: str) -> None:
    """The printed output and gradients, character for character."""
    theirs, theirs_in, ours, ours_in, g = _run_both(op, dtype)
    if op.name in NAME_DIFFERENCES:
        assert _without_grad_fn(repr(ours)) == _without_grad_fn(repr(theirs))
    else:
        assert repr(ours) == repr(theirs)
    theirs.backward(torch.tensor(g, dtype=getattr(torch, dtype)))
    ours.backward(visgrad.tensor(g, dtype=getattr(visgrad, dtype)))
    for x_ours, x_theirs in zip(ours_in, theirs_in):
        assert repr(x_ours.grad) == repr(x_theirs.grad)


def test_conversion_between_float_dtypes_matches_torch() -> None:
    """`to(dtype)` is recorded (ToCopyBackward0); the gradient comes back in the input's dtype."""
    results = []
    for M in (torch, visgrad):
        x = M.tensor([1.5, -2.0], requires_grad=True)
        y = x.to(M.float64) * M.tensor([2.0, 3.0], dtype=M.float64)
        y.sum().backward()
        results.append((y.grad_fn.next_functions[0][0].name(), repr(y), repr(x.grad)))
        assert x.double().float() is not x and x.float() is x
    assert results[0] == results[1]


NAN = float("nan")
SPECIAL_VALUES = [NAN, -NAN, 1.0, -2.0, 0.0, -0.0, float("inf"), -float("inf")]
# (a NaN *gradient* too: the choice rules must pass it on where they keep the gradient)
SPECIAL_GRADS = [1.0, 1.0, NAN, -1.0, 1.0, 1.0, 2.0, 1.0]
CHOICES = {
    "relu": lambda M, x: x.relu(),
    "abs": lambda M, x: x.abs(),
    "clamp": lambda M, x: x.clamp(-1.0, 1.0),
    "maximum": lambda M, x: M.maximum(x, M.zeros(len(SPECIAL_VALUES))),
    "minimum": lambda M, x: M.minimum(x, M.zeros(len(SPECIAL_VALUES))),
    "maximum, other side": lambda M, x: M.maximum(M.zeros(len(SPECIAL_VALUES)), x),
    "leaky_relu": lambda M, x: M.nn.functional.leaky_relu(x, 0.1),
    "a square root as a power": lambda M, x: x**0.5,
}


@pytest.mark.parametrize("name", CHOICES)
def test_rules_that_choose_treat_nan_inf_and_signed_zero_as_torch(name: str) -> None:
    """Where a comparison meets NaN it is False; PyTorch's rules are written so that the
    gradient then passes (relu: `result <= 0 ? 0 : grad`, max: to both sides)."""
    results = []
    for M in (torch, visgrad):
        x = M.tensor(SPECIAL_VALUES, requires_grad=True)
        y = CHOICES[name](M, x)
        y.backward(M.tensor(SPECIAL_GRADS))
        results.append((repr(y.detach()), repr(x.grad)))
    assert results[0] == results[1]


def test_leaky_relu_of_integers_is_refused_as_in_torch() -> None:
    messages = []
    for M in (torch, visgrad):
        with pytest.raises(NotImplementedError) as raised:
            M.nn.functional.leaky_relu(M.tensor([1, -2]))
        messages.append(str(raised.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("name", ["max", "min"])
def test_a_nan_max_or_min_shares_its_gradient_among_the_nans_as_torch(name: str) -> None:
    """NaN == NaN is False, so 'the elements equal to the max' would be none (and 0/0 a NaN
    gradient everywhere): PyTorch gives the gradient to the NaN elements."""
    grads = []
    for M in (torch, visgrad):
        x = M.tensor(SPECIAL_VALUES, requires_grad=True)
        getattr(x, name)().backward()
        grads.append(repr(x.grad))
    assert grads[0] == grads[1]


@pytest.mark.parametrize("name", ["max", "min", "amax", "amin"])
def test_a_negative_gradient_leaves_plus_zero_at_the_losers_as_torch(name: str) -> None:
    """The shares are written into zeros, so the elements that lost get +0, not -0."""
    grads = []
    for M in (torch, visgrad):
        x = M.tensor([1.0, 3.0, 3.0, -2.0], requires_grad=True)
        getattr(x, name)().backward(M.tensor(-3.0))
        grads.append((x.grad.tolist(), np.signbit(x.grad.numpy()).tolist()))
    assert grads[0] == grads[1]


SPREAD_ROWS = [[1.0, 1.0, 1.0], [0.0, -0.0, 0.0], [-1e30, 1e30, 5.0], [1.0, 2.0, 4.0]]


@pytest.mark.parametrize("name", ["std", "var"])
def test_spread_of_equal_or_huge_values_as_torch(name: str) -> None:
    """std of equal values is 0 and its gradient 0, not 0/0 (PyTorch's StdBackward0 masks
    it); float32 values of 1e30 are summed in float64, as PyTorch's CPU sum."""
    results = []
    for M in (torch, visgrad):
        x = M.tensor(SPREAD_ROWS, requires_grad=True)
        y = getattr(x, name)(1)
        y.sum().backward()
        results.append((y.grad_fn.name(), repr(y.detach()), repr(x.grad)))
    assert results[0] == results[1]


def test_softmax_of_a_row_holding_inf_is_quiet_and_as_torch() -> None:
    rows = [[float("inf"), 1.0, -1.0], [-float("inf"), 0.0, 3.0]]
    results = []
    for M in (torch, visgrad):
        x = M.tensor(rows, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            y = x.softmax(1), x.log_softmax(1)
        results.append([repr(t.detach()) for t in y])
    assert results[0] == results[1]


PROD_WITH_ZEROS = {
    "one zero": ([2.0, 0.0, -3.0], None),
    "two zeros": ([0.0, -2.0, 0.0], None),
    "rows with none, one and two zeros, dim 1": ([[1.0, -2.0, 3.0], [4.0, 0.0, -1.0],
                                                 [0.0, 5.0, 0.0]], 1),
    "columns, dim 0, keepdim": ([[0.0, 2.0], [3.0, -0.0], [-1.0, 4.0]], (0, True)),
}


@pytest.mark.parametrize("case", PROD_WITH_ZEROS)
def test_prod_gradients_with_zeros_as_torch(case: str) -> None:
    """The product of the others, exact where entries are 0 (signed zeros included)."""
    values, dim = PROD_WITH_ZEROS[case]
    results = []
    for M in (torch, visgrad):
        x = M.tensor(values, requires_grad=True)
        y = x.prod() if dim is None else (x.prod(dim) if isinstance(dim, int) else
                                           x.prod(dim[0], keepdim=dim[1]))
        y.backward(M.ones_like(y) * -1.5)
        results.append((repr(y.detach()), repr(x.grad), y.grad_fn.name()))
    assert results[0] == results[1]


def test_prod_refuses_a_recorded_backward_through_a_zero() -> None:
    x = visgrad.tensor([2.0, 0.0, 3.0], requires_grad=True)
    with pytest.raises(NotImplementedError, match="inputs without zeros"):
        visgrad.autograd.grad(x.prod(), x, create_graph=True)


def test_sign_of_nan_is_zero_as_in_torch() -> None:
    assert repr(visgrad.sign(visgrad.tensor(SPECIAL_VALUES))) == repr(
        torch.sign(torch.tensor(SPECIAL_VALUES))
    )


@pytest.mark.parametrize("shape", [(2, 3, 4), (3,), ()], ids=["3-D", "1-D", "0-D"])
def test_dot_t_warns_as_torch_once(shape: tuple[int, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    """`.T` of a tensor that is not a matrix: PyTorch's deprecation warning, once a process.
    (torch's own is read in a fresh process: it too warns only once.)"""
    script = (
        "import warnings, torch\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always')\n"
        f"    torch.ones({shape!r}).T\n"
        "print(str(w[0].message).split(' (Triggered')[0])\n"
    )
    theirs = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True).stdout.strip()
    monkeypatch.setattr(visgrad.ops.shape, "_warned", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        visgrad.ones(shape).T
        visgrad.ones(shape).T  # (not again)
        visgrad.ones(2, 2).T  # (a matrix: never)
    assert [str(w.message) for w in caught] == [theirs]
    assert caught[0].filename == __file__  # pointing at the `.T` in the user's code


def test_name_differences_are_all_used() -> None:
    assert set(NAME_DIFFERENCES) <= set(CASE_NAMES)


# --- views: an in-place change through one is seen by the other --------------------------------
VIEWS: list[tuple[str, Callable[[Any], Any]]] = [
    ("select", lambda x: x[0]),
    ("select_0d", lambda x: x[1, 2]),
    ("select_0d_chain", lambda x: x[1][2]),
    ("slice", lambda x: x[1:]),
    ("column", lambda x: x[:, 1]),
    ("none", lambda x: x[None]),
    ("ellipsis", lambda x: x[...]),
    ("reshape", lambda x: x.reshape(6)),
    ("view", lambda x: x.view(3, 2)),
    ("transpose", lambda x: x.t()),
    ("unsqueeze", lambda x: x.unsqueeze(1)),
    ("list_copies", lambda x: x[[0, 1]]),
    ("mask_copies", lambda x: x[x > 2]),
    ("narrow", lambda x: x.narrow(1, 1, 2)),
    ("narrow_whole", lambda x: x.narrow(0, 0, 2)),
    ("select_method", lambda x: x.select(1, -1)),
    ("movedim", lambda x: x.movedim(0, 1)),
    ("swapaxes", lambda x: x.swapaxes(0, 1)),
    ("diagonal", lambda x: x.diagonal()),
    ("diagonal_offset", lambda x: x.diagonal(1)),
    ("diagonal_below_chain", lambda x: x.t().diagonal(-1)),
    ("diag_copies", lambda x: x.diag()),
    ("roll_copies", lambda x: x.roll(1)),
    ("repeat_copies", lambda x: x.repeat(1, 1)),
    ("tril_copies", lambda x: x.tril()),
]


@pytest.mark.parametrize(("name", "fn"), VIEWS, ids=[v[0] for v in VIEWS])
def test_views_share_memory_and_version_as_in_torch(name: str, fn: Callable[[Any], Any]) -> None:
    seen = []
    for M in (torch, visgrad):
        x = M.tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])
        v = fn(x)
        v.add_(10)
        seen.append((x.tolist(), v.tolist(), x._version, v._version))
    assert seen[1] == seen[0]


# --- type promotion -------------------------------------------------------------------------------
def _i(M: Any, *values: Any, dtype: str = "int64") -> Any:
    return M.tensor(list(values), dtype=getattr(M, dtype))


PROMOTIONS: list[Any] = [
    ("int_plus_float", lambda M: _i(M, 1, 2) + 2.5),
    ("float_times_int_tensor", lambda M: 1.5 * _i(M, 1, 2)),
    ("int_plus_int", lambda M: _i(M, 1, 2) + 3),
    ("int32_plus_int", lambda M: _i(M, 1, 2, dtype="int32") + 3),
    ("int32_plus_int64", lambda M: _i(M, 1, 2, dtype="int32") + _i(M, 3, 4)),
    ("int32_plus_int64_0d", lambda M: _i(M, 1, 2, dtype="int32") + M.tensor(3)),
    ("uint8_plus_int8", lambda M: _i(M, 1, 2, dtype="uint8") + _i(M, 3, 4, dtype="int8")),
    ("float32_plus_float64_0d", lambda M: M.ones(2) + M.tensor(0.1, dtype=M.float64)),
    ("float32_plus_float64", lambda M: M.ones(2) + M.tensor([0.1, 0.2], dtype=M.float64)),
    ("float32_0d_plus_float64_0d", lambda M: M.tensor(1.0) + M.tensor(0.1, dtype=M.float64)),
    ("float32_0d_times_number", lambda M: M.tensor(1.5) * 0.1),
    ("float32_0d_minus_int", lambda M: 3 - M.tensor(1.5)),
    ("float64_plus_number", lambda M: M.tensor([1.0], dtype=M.float64) + 0.1),
    ("int_plus_float32_0d", lambda M: _i(M, 1, 2) + M.tensor(0.5)),
    ("int_plus_float64_0d", lambda M: _i(M, 1, 2) + M.tensor(0.5, dtype=M.float64)),
    ("int_0d_plus_float32", lambda M: M.tensor(2) + M.ones(2)),
    ("int_0d_plus_number", lambda M: M.tensor(2) * 2.5),
    ("bool_plus_int", lambda M: M.tensor([True, False]) + 1),
    ("bool_plus_bool", lambda M: M.tensor([True, False]) + M.tensor([True, True])),
    ("bool_times_int_tensor", lambda M: M.tensor([True, False]) * _i(M, 3, 4)),
    ("bool_plus_float", lambda M: M.tensor([True, False]) + 0.5),
    ("int_div_int", lambda M: _i(M, 1, 2) / _i(M, 2, 4)),
    ("int_div_number", lambda M: _i(M, 1, 2) / 2),
    ("number_div_int", lambda M: 3 / _i(M, 1, 2)),
    ("int_pow_int", lambda M: _i(M, 1, 2) ** 2),
    ("int_pow_float", lambda M: _i(M, 1, 2) ** 0.5),
    ("int_rpow_int", lambda M: 2 ** _i(M, 1, 2)),
    ("int_rpow_float", lambda M: 2.5 ** _i(M, 1, 2)),
    ("int_pow_float_tensor", lambda M: _i(M, 1, 2) ** M.tensor([0.5, 2.0])),
    ("int_sum", lambda M: _i(M, 1, 2, dtype="int32").sum()),
    ("bool_sum", lambda M: M.tensor([True, True, False]).sum()),
    ("int_sum_dim", lambda M: M.tensor([[1, 2], [3, 4]]).sum(0)),
    ("int_sqrt", lambda M: _i(M, 1, 4).sqrt()),
    ("int_exp", lambda M: _i(M, 0, 1).exp()),
    ("int_sigmoid", lambda M: _i(M, 0, 1).sigmoid()),
    ("int_abs", lambda M: _i(M, -1, 2).abs()),
    ("int_neg", lambda M: -_i(M, -1, 2)),
    ("int_relu", lambda M: _i(M, -1, 2).relu()),
    ("int_clamp_int", lambda M: _i(M, -1, 2).clamp(min=0)),
    ("int_clamp_float", lambda M: _i(M, -1, 2).clamp(min=0.5)),
    ("int_maximum_float", lambda M: M.maximum(_i(M, -1, 2), M.tensor([0.5, 0.5]))),
    ("where_int_float", lambda M: M.where(M.tensor([True, False]), _i(M, 1, 2), 0.5)),
    ("int_matmul", lambda M: M.tensor([[1, 2], [3, 4]]) @ _i(M, 1, 1)),
    ("int_mul_float32_tensor", lambda M: _i(M, 1, 2) * M.ones(2)),
    ("int32_times_big_int", lambda M: _i(M, 1, 3, dtype="int32") * 2**40 + 3),
    ("int8_plus_int_out_of_range", lambda M: M.tensor([1, -3], dtype=M.int8) + 300),
    ("float16_times_huge_number", lambda M: M.ones(2, dtype=M.float16) * 1e30),
]


@pytest.mark.parametrize(
    ("name", "fn"), [p if hasattr(p, "marks") else pytest.param(*p, id=p[0]) for p in PROMOTIONS]
)
def test_type_promotion_matches_torch(name: str, fn: Callable[[Any], Any]) -> None:
    theirs, ours = fn(torch), fn(visgrad)
    assert repr(ours.dtype) == str(theirs.dtype)
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-6)
    assert repr(ours) == repr(theirs)


# --- comparisons and other answers without gradient -----------------------------------------------
def _x(M: Any) -> Any:
    return M.tensor([[1.0, -2.0, 3.0], [0.5, 2.0, -1.0]], requires_grad=True)


COMPARISONS: list[tuple[str, Callable[[Any], Any]]] = [
    ("eq_number", lambda M: _x(M) == 3.0),
    ("eq_int_number", lambda M: _x(M) == 3),
    ("ne_tensor", lambda M: _x(M) != M.tensor([1.0, 2.0, 3.0])),
    ("gt_number", lambda M: _x(M) > 0),
    ("lt_broadcast", lambda M: _x(M) < M.tensor([[0.0], [1.0]])),
    ("ge_number", lambda M: _x(M) >= 1),
    ("le_0d", lambda M: _x(M) <= M.tensor(0.5)),
    ("eq_method", lambda M: _x(M).eq(M.tensor([1.0, 0.0, 3.0]))),
    ("ne_fn", lambda M: M.ne(_x(M), 2.0)),
    ("gt_fn", lambda M: M.gt(_x(M), _x(M) * 0)),
    ("lt_method", lambda M: _x(M).lt(0.5)),
    ("ge_method", lambda M: _x(M).ge(_x(M))),
    ("le_fn", lambda M: M.le(_x(M), -1)),
    ("int_eq_float", lambda M: M.tensor([1, 2]) == 1.0),
    ("int_lt_float", lambda M: M.tensor([1, 2]) < 1.5),
    ("all", lambda M: (_x(M) > -3).all()),
    ("all_false", lambda M: (_x(M) > 0).all()),
    ("any", lambda M: (_x(M) > 2).any()),
    ("all_dim", lambda M: (_x(M) > 0).all(dim=1)),
    ("any_dim_keepdim", lambda M: (_x(M) > 2).any(0, keepdim=True)),
    ("all_fn", lambda M: M.all(_x(M) != 0)),
    ("any_fn", lambda M: M.any(_x(M) == 5.0)),
    ("argmax", lambda M: _x(M).argmax()),
    ("argmax_dim", lambda M: _x(M).argmax(dim=1)),
    ("argmax_keepdim", lambda M: M.argmax(_x(M), 0, keepdim=True)),
    ("argmin", lambda M: M.argmin(_x(M))),
    ("argmin_dim", lambda M: _x(M).argmin(1)),
    ("max_indices", lambda M: _x(M).max(dim=1).indices),
    ("min_indices_keepdim", lambda M: _x(M).min(0, keepdim=True)[1]),
    ("not", lambda M: ~(_x(M) > 0)),
    ("and", lambda M: (_x(M) > 0) & (_x(M) < 2)),
    ("or", lambda M: (_x(M) > 2) | (_x(M) < -1)),
    ("sign", lambda M: _x(M).detach().sign()),
    ("argsort", lambda M: _x(M).argsort()),
    ("argsort_descending_dim0", lambda M: M.argsort(_x(M), dim=0, descending=True)),
    ("sort_indices", lambda M: _x(M).sort(0).indices),
    ("topk_indices", lambda M: M.topk(_x(M), 2, largest=False)[1]),
    ("kthvalue_indices", lambda M: _x(M).kthvalue(2, dim=1).indices),
    ("median_indices_keepdim", lambda M: M.median(_x(M), 1, keepdim=True).indices),
]


@pytest.mark.parametrize(("name", "fn"), COMPARISONS, ids=[c[0] for c in COMPARISONS])
def test_comparisons_match_torch(name: str, fn: Callable[[Any], Any]) -> None:
    theirs, ours = fn(torch), fn(visgrad)
    assert repr(ours.dtype) == str(theirs.dtype)
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert ours.tolist() == theirs.tolist()
    assert not ours.requires_grad and ours.grad_fn is None and ours.is_leaf
    assert repr(ours) == repr(theirs)


def test_equal_and_allclose_return_python_bools() -> None:
    for M in (torch, visgrad):
        a, b = M.tensor([1.0, 2.0]), M.tensor([1.0, 2.000001])
        assert M.equal(a, a) is True
        assert M.equal(a, b) is False
        assert M.equal(a, M.tensor([1.0, 2.0, 3.0])) is False
        assert M.allclose(a, b) is True
        assert a.allclose(b + 1) is False


# --- shape errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("case", ERROR_CASES, ids=[c.name for c in ERROR_CASES])
def test_torch_raises_the_literal_message(case: ErrorCase) -> None:
    """The literal messages that test_op_gradients holds visgrad to are torch's own."""
    with pytest.raises(Exception) as raised:
        case.fn(torch)
    assert isinstance(raised.value, case.error)
    # torch sometimes appends where in its C++ source the check lives
    text = re.sub(r"\n?Exception raised from .*", "", str(raised.value), flags=re.S)
    assert text == case.message


# --- logs, powers, trigonometry, rounding, limits: NaN, ±inf, ±0 and the edges -----------------
EDGE_VALUES = [NAN, -NAN, 1.0, -2.0, 0.0, -0.0, float("inf"), -float("inf"), 0.5, -0.5, 1.5, 2.5,
               -2.5, 1e30, -1e-30, 0.999999]
EDGE_GRADS = [1.0, 1.0, NAN, -1.0, 1.0, -1.0, 2.0, 1.0, -1.0, 1.0, -1.0, 1.0, 1.0, 1.0, -1.0, 1.0]
# the second argument of the functions of two tensors: zeros of both signs against the zeros
# of EDGE_VALUES (atan2(±0, ±0), hypot(0, 0), fmod by 0), infinities, a NaN
EDGE_OTHERS = [1.5, -1.5, 0.0, -0.0, 2.0, float("inf"), 0.0, -0.0, 0.3, 0.0, -0.0, NAN, 1.0,
               1e30, 1e-30, -1.0]
INF = float("inf")


def _method(name: str, *args: Any, **kwargs: Any) -> Callable[..., Any]:
    return lambda M, x: getattr(x, name)(*args, **kwargs)


EDGES_OF_ONE: dict[str, Callable[..., Any]] = {
    "absolute": _method("absolute"),
    "square": _method("square"),
    "reciprocal": _method("reciprocal"),
    "rsqrt": _method("rsqrt"),
    "log1p": _method("log1p"),
    "log2": _method("log2"),
    "log10": _method("log10"),
    "expm1": _method("expm1"),
    "exp2": _method("exp2"),
    "tan": _method("tan"),
    "asin": _method("asin"),
    "acos": _method("acos"),
    "atan": _method("atan"),
    "sinh": _method("sinh"),
    "cosh": _method("cosh"),
    "erf": _method("erf"),
    "floor": _method("floor"),
    "ceil": _method("ceil"),
    "round": _method("round"),
    "trunc": _method("trunc"),
    "frac": _method("frac"),
    "nan_to_num": _method("nan_to_num"),
}
EDGES_OF_ONE.update({
    "round, decimals=1": _method("round", decimals=1),
    "round, decimals=3": _method("round", decimals=3),
    "round, decimals=-1": _method("round", decimals=-1),
    "round, decimals=400 (the scale overflows: NaN)": _method("round", decimals=400),
    "nan_to_num(1, 2, -3)": _method("nan_to_num", nan=1.0, posinf=2.0, neginf=-3.0),
    "clamp_min(0)": _method("clamp_min", 0.0),
    "clamp_min(-0)": _method("clamp_min", -0.0),
    "clamp_min(nan)": _method("clamp_min", NAN),
    "clamp_max(0)": _method("clamp_max", 0.0),
    "clamp_max(-0)": _method("clamp_max", -0.0),
    "fmod(1.5)": _method("fmod", 1.5),
    "fmod(-1.5)": _method("fmod", -1.5),
    "fmod(0)": _method("fmod", 0.0),
    "fmod(inf)": _method("fmod", INF),
    "remainder(1.5)": _method("remainder", 1.5),
    "remainder(-1.5)": _method("remainder", -1.5),
    "remainder(0)": _method("remainder", 0.0),
    "remainder(inf)": _method("remainder", INF),
    "lerp(others, 0.3)": lambda M, x: x.lerp(M.tensor(EDGE_OTHERS, dtype=x.dtype), 0.3),
    "lerp(others, 0.7)": lambda M, x: x.lerp(M.tensor(EDGE_OTHERS, dtype=x.dtype), 0.7),
})
EDGES_OF_TWO: dict[str, Callable[..., Any]] = {
    "atan2": lambda M, x, y: x.atan2(y),
    "hypot": lambda M, x, y: M.hypot(x, y),
    "fmod": lambda M, x, y: x.fmod(y),
    "remainder": lambda M, x, y: M.remainder(x, y),
    "clamp_min, tensor bound": lambda M, x, y: x.clamp_min(y),
    "clamp_max, tensor bound": lambda M, x, y: M.clamp_max(x, y),
    # (fewer than 8 elements: PyTorch's own lerp takes another formula, with other signed
    # zeros at weight 1, in its vectorised loop over 16 float32 or 8 float64 elements)
    "lerp, tensor weight": lambda M, x, y: x[:7].lerp(y[:7], M.tensor(EDGE_OTHERS[::-1][:7],
                                                                       dtype=x.dtype)),
    "lerp, weight of edges": lambda M, x, y: M.lerp(x[:7], M.tensor(EDGE_VALUES[::-1][:7],
                                                                    dtype=x.dtype), y[:7]),
}
# a few units in the last place: PyTorch's vectorised float32 expm1 and tan, and its lerp with a
# fused multiply-add, round differently from NumPy
EDGE_TOLERANCES = {"float32": 1e-6, "float64": 4e-15}


def _same_edges(ours: Any, theirs: Any, dtype: str, what: str) -> None:
    """Same dtype and shape; NaN, infinities and the sign of every zero exactly; the other
    values to a unit or two in the last place."""
    assert repr(ours.dtype) == str(theirs.dtype), what
    mine, want = _values(ours), _values(theirs)
    assert mine.shape == want.shape, what
    nan = np.isnan(want)
    np.testing.assert_array_equal(np.isnan(mine), nan, err_msg=f"{what}: NaN")
    np.testing.assert_array_equal(  # (a NaN's sign bit means nothing)
        np.signbit(mine[~nan]), np.signbit(want[~nan]), err_msg=f"{what}: sign"
    )
    np.testing.assert_allclose(mine, want, rtol=EDGE_TOLERANCES[dtype], atol=0, err_msg=what)


def _run_edges(fn: Callable[..., Any], count: int, dtype: str) -> list[tuple[Any, list[Any]]]:
    runs = []
    for M in (torch, visgrad):
        kind = getattr(M, dtype)
        xs = [M.tensor(v, dtype=kind, requires_grad=True) for v in (EDGE_VALUES, EDGE_OTHERS)]
        out = fn(M, *xs[:count])
        out.backward(M.tensor(EDGE_GRADS[: out.shape[0]], dtype=kind))
        runs.append((out, [x.grad for x in xs[:count]]))
    return runs


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", [*EDGES_OF_ONE, *EDGES_OF_TWO])
def test_new_math_at_nan_inf_and_signed_zero_as_torch(name: str, dtype: str) -> None:
    """Values and gradients where the rules choose: floor/round of -0.5, atan2(±0, ±0) (0),
    hypot(0, 0) (NaN), fmod and remainder by 0 and by ±inf, nan_to_num's replacements,
    clamp_min/max of NaN and of -0, lerp at weight 1. Seed gradients hold NaN and -1 too."""
    fn, count = (EDGES_OF_ONE[name], 1) if name in EDGES_OF_ONE else (EDGES_OF_TWO[name], 2)
    (theirs, their_grads), (ours, our_grads) = _run_edges(fn, count, dtype)
    assert ours.grad_fn.name() == theirs.grad_fn.name()
    _same_edges(ours, theirs, dtype, f"{name} forward")
    for i, (mine, want) in enumerate(zip(our_grads, their_grads)):
        _same_edges(mine, want, dtype, f"{name} grad of input {i}")


def test_edge_checks_can_fail() -> None:
    """The comparison above tells a -0 from a 0 and a NaN from a number."""
    with pytest.raises(AssertionError, match="sign"):
        _same_edges(visgrad.tensor([-0.0]), torch.tensor([0.0]), "float32", "zero")
    with pytest.raises(AssertionError, match="NaN"):
        _same_edges(visgrad.tensor([NAN]), torch.tensor([1.0]), "float32", "nan")


def _ints(M: Any, dtype: str = "int64") -> Any:
    return M.tensor([3, -2, 0, 7], dtype=getattr(M, dtype))


NEW_MATH_WITHOUT_GRADIENT: list[tuple[str, Callable[[Any], Any]]] = [
    # integers: float32 where PyTorch computes a float, integers where it keeps them
    ("reciprocal_int", lambda M: _ints(M).reciprocal()),
    ("rsqrt_int", lambda M: _ints(M).rsqrt()),
    ("square_int", lambda M: _ints(M, "int32").square()),
    ("square_bool", lambda M: M.tensor([True, False]).square()),
    ("log1p_int", lambda M: _ints(M).log1p()),
    ("log2_int", lambda M: M.log2(_ints(M))),
    ("log10_bool", lambda M: M.tensor([True, False]).log10()),
    ("exp2_int", lambda M: _ints(M, "int32").exp2()),
    ("tan_int", lambda M: _ints(M).tan()),
    ("asin_int", lambda M: _ints(M).asin()),
    ("atan_bool", lambda M: M.tensor([True, False]).atan()),
    ("cosh_int", lambda M: _ints(M).cosh()),
    ("erf_int", lambda M: _ints(M).erf()),
    ("atan2_int", lambda M: _ints(M).atan2(_ints(M, "int32"))),
    ("atan2_int_float64", lambda M: M.atan2(_ints(M), M.ones(4, dtype=M.float64))),
    ("hypot_int_float", lambda M: _ints(M).hypot(M.ones(4))),
    ("floor_int", lambda M: _ints(M).floor()),
    ("ceil_int32", lambda M: _ints(M, "int32").ceil()),
    ("round_int", lambda M: M.round(_ints(M))),
    ("trunc_int", lambda M: _ints(M).trunc()),
    ("fmod_int", lambda M: _ints(M).fmod(2)),
    ("fmod_int32_int", lambda M: _ints(M, "int32").fmod(-2)),
    ("fmod_int_float", lambda M: _ints(M).fmod(1.5)),
    ("fmod_int_tensor", lambda M: _ints(M).fmod(M.tensor([2, -3, 5, 4]))),
    ("fmod_bool", lambda M: M.tensor([True, False]).fmod(2)),
    ("remainder_int", lambda M: _ints(M).remainder(-2)),
    ("remainder_int_float", lambda M: M.remainder(_ints(M), 1.5)),
    ("remainder_int_tensor", lambda M: _ints(M, "int32").remainder(M.tensor([2, -3, 5, 4]))),
    ("remainder_float64_int_tensor",
     lambda M: M.tensor([3.5, -2.0], dtype=M.float64).remainder(M.tensor([2, -3]))),
    ("clamp_min_int", lambda M: _ints(M).clamp_min(1)),
    ("clamp_min_int_float", lambda M: _ints(M).clamp_min(0.5)),
    ("clamp_min_bool", lambda M: M.tensor([True, False]).clamp_min(1)),
    ("clamp_max_int32", lambda M: M.clamp_max(_ints(M, "int32"), 1)),
    ("clamp_max_float64_int", lambda M: M.tensor([1.5, -2.0], dtype=M.float64).clamp_max(1)),
    ("clamp_min_int_float_tensor", lambda M: _ints(M).clamp_min(M.tensor([1.5, 0.5, 0.0, 9.0]))),
    ("nan_to_num_int", lambda M: _ints(M, "int32").nan_to_num(nan=2.5)),
    ("nan_to_num_bool", lambda M: M.tensor([True, False]).nan_to_num()),
    ("nan_to_num_float64", lambda M: M.tensor(EDGE_VALUES, dtype=M.float64).nan_to_num()),
    ("nan_to_num_float32_huge", lambda M: M.tensor(EDGE_VALUES).nan_to_num(posinf=1e300)),
    ("absolute_int", lambda M: M.absolute(_ints(M))),
    ("sign_bool", lambda M: M.tensor([True, False]).sign()),
    ("cross_entropy_ignores_a_row_of_nan", lambda M: M.nn.functional.cross_entropy(
        M.tensor([[0.5, -1.0, 2.0], [NAN, 0.0, 3.0]]), M.tensor([0, -100]))),
    ("nll_loss_ignores_inf_per_sample", lambda M: M.nn.functional.nll_loss(
        M.tensor([[-0.5, -1.0], [-INF, NAN]]), M.tensor([1, 7]), ignore_index=7, reduction="none")),
    ("uint8_divided_by_a_negative_int", lambda M: M.tensor([0, 1, 200, 255], dtype=M.uint8) / -1),
    ("int8_divided_by_an_int_beyond_its_range", lambda M: M.tensor([1, -2], dtype=M.int8) / 300),
    ("an_int_divided_by_uint8", lambda M: -300 / M.tensor([1, 3, 200], dtype=M.uint8)),
    ("int32_divided_by_an_int", lambda M: M.div(M.tensor([7, -7], dtype=M.int32), 2)),
    ("bools_divided_by_an_int", lambda M: M.tensor([True, False]) / 2),
    ("sum_of_float32_in_float64_keeps_its_digits",
     lambda M: (M.arange(24, dtype=M.float32).reshape(2, 3, 4) / 7 - 1.5).sum(1, dtype=M.float64)),
    ("all_of_uint8", lambda M: M.tensor([[1, 0, 2], [3, 4, 5]], dtype=M.uint8).all()),
    ("any_of_uint8_dim", lambda M: M.tensor([[1, 0, 2], [0, 0, 0]], dtype=M.uint8).any(1)),
    ("all_over_two_dims", lambda M: M.tensor([[1.0, 0.0], [NAN, 2.0]]).all(dim=(0, 1))),
    ("any_over_dims_keepdim", lambda M: M.zeros(2, 3, 2).any(dim=(-1, 0), keepdim=True)),
    ("all_over_no_dims", lambda M: M.tensor([[1, 0], [2, 3]]).all(dim=())),
    ("any_along_an_empty_dim", lambda M: M.zeros(2, 0).any(1)),
    ("and_of_integers_is_bitwise", lambda M: M.tensor([5, -3, 0]) & 3),
    ("or_of_int64_and_int32", lambda M: M.tensor([5, -3, 0]) | M.tensor([1, 2, 4], dtype=M.int32)),
    ("invert_of_integers", lambda M: ~M.tensor([5, -3, 0], dtype=M.int16)),
    ("and_of_bools_and_a_number", lambda M: M.tensor([True, False]) & 3),
    ("or_of_bools", lambda M: M.tensor([True, False]) | M.tensor(False)),
    ("invert_of_bools", lambda M: ~M.tensor([True, False])),
    ("norm_inf_with_nan", lambda M: M.tensor([[1.0, NAN, -3.0], [0.0, 2.0, -2.5]]).norm(INF, 1)),
    ("norm_minus_inf", lambda M: M.tensor([[1.0, -0.5], [0.0, 2.0]]).norm(-INF, dim=0)),
    ("softmax_of_empty", lambda M: M.zeros(0).softmax(0)),
    ("softmax_along_an_empty_dim", lambda M: M.zeros(2, 0).softmax(-1)),
    ("log_softmax_along_an_empty_dim", lambda M: M.zeros(2, 0, dtype=M.float64).log_softmax(1)),
    ("softmax_nan_and_inf", lambda M: M.tensor([[NAN, 1.0], [INF, -INF], [-INF, -INF]]).softmax(1)),
    ("norm_0", lambda M: M.tensor([[1.0, NAN, 0.0], [-0.0, 2.0, 0.0]]).norm(0, dim=1)),
    ("sign_int_0d", lambda M: M.tensor(-3).sign()),
]


def _asked(name: str, kind: str) -> Callable[[Any], Any]:
    """The question `name` asked of the edge values ("float"), of integers or of bools."""

    def ask(M: Any) -> Any:
        x = M.tensor(EDGE_VALUES) if kind == "float" else _ints(M, kind)
        return getattr(x, name)()

    return ask


NEW_MATH_WITHOUT_GRADIENT += [
    (f"{name}_{kind}", _asked(name, kind))
    for name in ("isnan", "isinf", "isfinite", "isposinf", "isneginf", "logical_not")
    for kind in ("float", "int32", "bool")
]
NEW_MATH_WITHOUT_GRADIENT += [
    ("isnan_fn", lambda M: M.isnan(M.tensor(EDGE_VALUES, dtype=M.float64))),
    ("isinf_fn", lambda M: M.isinf(M.tensor(EDGE_VALUES))),
    ("isfinite_fn", lambda M: M.isfinite(M.tensor([[1.0, INF], [NAN, 0.0]]))),
    ("isposinf_fn", lambda M: M.isposinf(M.tensor(EDGE_VALUES))),
    ("isneginf_fn", lambda M: M.isneginf(M.tensor(EDGE_VALUES))),
    ("logical_not_fn", lambda M: M.logical_not(M.tensor(EDGE_VALUES))),
    ("isnan_0d", lambda M: M.tensor(NAN).isnan()),
    ("isnan_requires_grad", lambda M: M.tensor([NAN, 1.0], requires_grad=True).isnan()),
]


@pytest.mark.parametrize(("name", "fn"), NEW_MATH_WITHOUT_GRADIENT,
                         ids=[c[0] for c in NEW_MATH_WITHOUT_GRADIENT])
def test_new_math_of_integers_and_questions_without_gradient_as_torch(
    name: str, fn: Callable[[Any], Any]
) -> None:
    theirs, ours = fn(torch), fn(visgrad)
    assert repr(ours.dtype) == str(theirs.dtype)
    assert tuple(ours.shape) == tuple(theirs.shape)
    assert (ours.requires_grad, ours.grad_fn) == (False, None) == (theirs.requires_grad,
                                                                    theirs.grad_fn)
    assert repr(ours) == repr(theirs)


RETURN_TYPES: list[tuple[str, Callable[[Any], Any]]] = [
    ("max", lambda x: x.max(dim=1)),
    ("min_keepdim", lambda x: x.min(0, keepdim=True)),
    ("sort", lambda x: x.sort(1, descending=True)),
    ("topk", lambda x: x.topk(2)),
    ("kthvalue", lambda x: x.kthvalue(1, 0)),
    ("median", lambda x: x.median(1)),
]


@pytest.mark.parametrize(("name", "fn"), RETURN_TYPES, ids=[r[0] for r in RETURN_TYPES])
def test_values_and_indices_print_and_unpack_as_torch_return_types(
    name: str, fn: Callable[[Any], Any]
) -> None:
    theirs, ours = (
        fn(M.tensor([[1.0, 3.0, -2.0], [4.0, 2.0, 0.5]], requires_grad=True))
        for M in (torch, visgrad)
    )
    assert repr(ours) == repr(theirs)
    assert type(ours).__name__ == type(theirs).__name__
    values, indices = ours
    assert values is ours.values and indices is ours.indices and ours[1] is indices
    assert isinstance(ours, getattr(visgrad.return_types, type(theirs).__name__))


@pytest.mark.parametrize("shape", [(0,), (2, 0)])
def test_mse_loss_of_no_values_is_nan_with_an_empty_gradient_as_torch(
    shape: tuple[int, ...],
) -> None:
    results = []
    for M in (torch, visgrad):
        x = M.zeros(*shape, requires_grad=True)
        loss = M.nn.functional.mse_loss(x, M.zeros(*shape))
        loss.backward()
        results.append((repr(loss), repr(x.grad)))
    assert results[0] == results[1]


NO_DERIVATIVE: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("floordiv_number", lambda M, x: x // 2),
    ("floordiv_small", lambda M, x: M.floor_divide(x, 0.3)),
    ("rfloordiv", lambda M, x: 7 // x),
    ("floordiv_tensor", lambda M, x: x // M.tensor([2.0, -2.0, 0.5])),
    ("rmod", lambda M, x: 7 % x),
]


@pytest.mark.parametrize(("name", "fn"), NO_DERIVATIVE, ids=[n for n, _ in NO_DERIVATIVE])
def test_floor_division_and_number_mod_have_no_derivative_as_in_torch(
    name: str, fn: Callable[[Any, Any], Any]
) -> None:
    """PyTorch computes these but records `NotImplemented`: backward through it raises."""
    results = []
    for M in (torch, visgrad):
        x = M.tensor([5.0, -3.5, 0.7], requires_grad=True)
        out = fn(M, x)
        with pytest.raises(RuntimeError) as raised:
            out.sum().backward()
        results.append((repr(out), str(raised.value)))
    assert results[1] == results[0]


def test_integer_floor_division_and_mod_as_torch() -> None:
    results = []
    for M in (torch, visgrad):
        a = M.tensor([7, -7, 9])
        results.append([repr(a // 2), repr(a % 3), repr(-9 // a), repr(7.5 % M.tensor([2, -2]))])
        for bad in (lambda: a // 0, lambda: a % 0):
            with pytest.raises(RuntimeError, match="ZeroDivisionError"):
                bad()
    assert results[1] == results[0]
