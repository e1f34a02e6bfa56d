"""Sorting and selecting where the op-case table cannot look: equal values, NaN, zeros.

The op cases (op_cases.py) use tie-free inputs, where every choice has one answer. Here the
choices among equal values, the NaN rows, cumprod through zeros (first and second order),
the named tuples, and the new_* constructors are compared with PyTorch directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import visgrad  # noqa: E402

NAN = float("nan")
TIED_ROWS = [
    [2.0, 1.0, 2.0, 1.0, 3.0, 1.0],
    [5.0, 5.0, 5.0, 5.0, 5.0, 5.0],
    [0.0, -0.0, 1.0, 0.0, -1.0, -0.0],
    [NAN, 1.0, NAN, 2.0, 1.0, 2.0],
]


def _both(fn: Callable[[Any], Any]) -> list[Any]:
    return [fn(M) for M in (torch, visgrad)]


def _described(result: Any) -> tuple[str, str, bool]:
    values, indices = result
    return repr(values.detach()), repr(indices), indices.requires_grad


# --- equal values and NaN -------------------------------------------------------------------
SORTS: dict[str, Callable[[Any], Any]] = {
    "ascending": lambda t: t.sort(1),
    "descending": lambda t: t.sort(1, descending=True),
    "columns": lambda t: t.sort(0),
    "columns_descending_stable": lambda t: t.sort(dim=0, descending=True, stable=True),
}


@pytest.mark.parametrize("name", SORTS)
def test_sort_keeps_equal_values_in_order_and_nan_last_as_torch(name: str) -> None:
    """A stable sort: equal values keep their order; NaN is larger than every number."""
    results = _both(lambda M: _described(SORTS[name](M.tensor(TIED_ROWS))))
    assert results[0] == results[1]


def test_argsort_of_ties_matches_torch() -> None:
    results = _both(lambda M: [repr(M.tensor(TIED_ROWS).argsort(d, descending=s))
                               for d in (0, 1) for s in (False, True)])
    assert results[0] == results[1]


@pytest.mark.parametrize("length", [17, 20, 33, 64, 100])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64"])
def test_unstable_sort_orders_ties_as_torch(length: int, dtype: str) -> None:
    """Rows longer than 16: PyTorch's sort (stable=False) leaves ties in its introsort's
    order; stable=True keeps them in place. Rows without ties take the fast path."""
    rng = np.random.default_rng(length)
    rows = rng.integers(0, 4, size=(3, length))
    rows[2] = rng.permutation(length)  # (no ties)
    for descending in (False, True):
        for stable in (False, True):
            results = _both(lambda M: _described(
                M.tensor(rows, dtype=getattr(M, dtype)).sort(descending=descending, stable=stable)
            ))
            assert results[0] == results[1], (descending, stable)
            results = _both(lambda M: repr(
                M.tensor(rows.T.copy(), dtype=getattr(M, dtype)).argsort(0, descending)
            ))
            assert results[0] == results[1]


@pytest.mark.parametrize("length", [1, 3, 5, 16, 17, 40, 130, 300])
def test_topk_picks_and_orders_as_torch(length: int) -> None:
    """With ties, and with sorted=False (the order a selection leaves), topk's places are the
    ones PyTorch's partial_sort / nth_element give, 1-D or along either dim."""
    rng = np.random.default_rng(length)
    for _ in range(4):
        rows = _tie_heavy(rng, length)
        rows[1] = rng.permutation(length)  # (no ties)
        for k in sorted({0, 1, min(2, length), length // 2, length}):
            for largest in (True, False):
                for ordered in (True, False):
                    results = _both(lambda M: (
                        _described(M.tensor(rows).topk(k, 1, largest, ordered)),
                        _described(M.tensor(rows[0]).topk(k, 0, largest, ordered)),
                        _described(M.tensor(rows.T.copy()).topk(min(k, 3), 0, largest, ordered)),
                    ))
                    assert results[0] == results[1], (rows, k, largest, ordered)


def _tie_heavy(rng: np.random.Generator, length: int) -> np.ndarray:
    values = rng.integers(0, 4, size=(3, length)).astype(np.float64)
    values[rng.random(values.shape) < 0.1] = NAN
    return values


@pytest.mark.parametrize("length", [1, 2, 3, 5, 8, 13, 21, 40])
def test_kthvalue_picks_the_tied_entry_torch_picks(length: int) -> None:
    """Among equal k-th values PyTorch returns the one its quickselect ends on; so do we."""
    rng = np.random.default_rng(length)
    for _ in range(10):
        rows = _tie_heavy(rng, length)
        for k in range(1, length + 1):
            results = _both(lambda M: (_described(M.tensor(rows).kthvalue(k, 1)),
                                       _described(M.tensor(rows[0]).kthvalue(k))))
            assert results[0] == results[1], (rows, k)


@pytest.mark.parametrize("length", [1, 2, 3, 4, 7, 10, 25])
def test_median_along_a_dim_picks_the_tied_entry_torch_picks(length: int) -> None:
    """The middle of the stable order; a row holding NaN gives NaN at its first NaN."""
    rng = np.random.default_rng(100 + length)
    for _ in range(10):
        rows = _tie_heavy(rng, length)
        for dim in (0, 1):
            results = _both(lambda M: _described(M.tensor(rows).median(dim, keepdim=True)))
            assert results[0] == results[1], rows


@pytest.mark.parametrize("values", [TIED_ROWS[0], TIED_ROWS[3], [2.0, 1.0, float("inf"), 3.0], []],
                         ids=["ties", "nan", "inf", "empty"])
def test_median_of_all_shares_the_gradient_among_ties_as_torch(values: list[float]) -> None:
    """Shared evenly by the entries equal to the median (the NaNs for NaN), +0 elsewhere."""
    results = []
    for M in (torch, visgrad):
        x = M.tensor(values, requires_grad=True)
        y = x.median()
        y.backward(M.tensor(-1.5))
        results.append((repr(y.detach()), repr(x.grad), y.grad_fn.name()))
    assert results[0] == results[1]


def test_gradients_of_tied_choices_go_where_torch_sends_them() -> None:
    """sort, kthvalue and median(dim) send each gradient to the index they returned."""
    results = []
    for M in (torch, visgrad):
        x = M.tensor([row for row in TIED_ROWS[:3]], requires_grad=True)
        y = (x.sort(1).values * M.arange(6.0)).sum() + x.kthvalue(3, 1).values.sum() * 10
        y = y + x.median(0).values.sum() * 100 + x.topk(2).values.sum() * 1000
        y.backward()
        results.append(repr(x.grad))
    assert results[0] == results[1]


# --- cumprod through zeros ------------------------------------------------------------------
CUMPROD_WITH_ZEROS = {
    "one zero": ([2.0, 0.0, -3.0, 4.0], 0),
    "zero first": ([0.0, 2.0, -3.0], 0),
    "zero last": ([1.5, 2.0, 0.0], 0),
    "two zeros": ([2.0, 0.0, 3.0, -0.0, 5.0], 0),
    "rows with none, one and two zeros": ([[1.0, -2.0, 3.0], [4.0, 0.0, -1.0],
                                           [0.0, 5.0, 0.0]], 1),
    "columns": ([[0.0, 2.0], [3.0, -0.0], [-1.0, 4.0]], 0),
}


@pytest.mark.parametrize("case", CUMPROD_WITH_ZEROS)
def test_cumprod_gradient_is_exact_through_zeros_as_torch(case: str) -> None:
    values, dim = CUMPROD_WITH_ZEROS[case]
    results = []
    for M in (torch, visgrad):
        x = M.tensor(values, dtype=M.float64, requires_grad=True)
        y = x.cumprod(dim)
        g = M.arange(1.0, y.numel() + 1, dtype=M.float64).reshape(y.shape) * -0.5
        y.backward(g)
        results.append((repr(y.detach()), repr(x.grad), y.grad_fn.name()))
    assert results[0] == results[1]


@pytest.mark.parametrize("case", CUMPROD_WITH_ZEROS)
def test_cumprod_second_derivative_through_zeros_matches_torch(case: str) -> None:
    """The rule's products and sums are recorded, masks and all: gradients of gradients."""
    values, dim = CUMPROD_WITH_ZEROS[case]
    results = []
    for M in (torch, visgrad):
        x = M.tensor(values, dtype=M.float64, requires_grad=True)
        y = x.cumprod(dim)
        g = M.arange(1.0, y.numel() + 1, dtype=M.float64).reshape(y.shape) * 0.25
        (first,) = M.autograd.grad(y, x, g, create_graph=True)
        (second,) = M.autograd.grad((first * first).sum(), x)
        results.append((first.detach().numpy(), second.numpy()))
    np.testing.assert_allclose(results[1][0], results[0][0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(results[1][1], results[0][1], rtol=1e-12, atol=1e-12)


def test_cumprod_of_integers_is_int64_as_torch() -> None:
    results = _both(lambda M: repr(M.tensor([3, -1, 2], dtype=M.int32).cumprod(0)))
    assert results[0] == results[1]


# --- what comes back --------------------------------------------------------------------------
def test_values_and_indices_come_back_as_a_named_pair() -> None:
    x = visgrad.tensor([[3.0, 1.0, 2.0]], requires_grad=True)
    for result in (x.sort(), x.topk(2), x.kthvalue(1), x.median(1)):
        values, indices = result
        assert result.values is values and result.indices is indices
        assert indices.dtype is visgrad.int64 and not indices.requires_grad
        assert values.requires_grad


def test_addmm_with_other_weights_says_what_to_write() -> None:
    ones = visgrad.ones(2, 2)
    with pytest.raises(NotImplementedError, match="beta \\* bias"):
        visgrad.addmm(ones, ones, ones, beta=0.5)


# --- new tensors like an existing one -----------------------------------------------------------
NEW_TENSORS: dict[str, Callable[[Any], Any]] = {
    "new_zeros": lambda M: M.ones(2, dtype=M.float64).new_zeros(2, 3),
    "new_zeros_tuple": lambda M: M.tensor([1, 2]).new_zeros((2,)),
    "new_ones": lambda M: M.ones(2, requires_grad=True).new_ones((3,)),
    "new_ones_dtype": lambda M: M.ones(2).new_ones(2, dtype=M.int64),
    "new_full": lambda M: M.ones(2, dtype=M.float64).new_full((2, 2), 3),
    "new_full_int": lambda M: M.tensor([1]).new_full((3,), 7),
    "new_tensor": lambda M: M.ones(1, dtype=M.float64).new_tensor([1, 2]),
    "new_tensor_int": lambda M: M.tensor([1]).new_tensor([[1.0, 2.0]]),
    "new_tensor_requires_grad": lambda M: M.ones(1).new_tensor([1.5], requires_grad=True),
    "new_empty_shape": lambda M: M.ones(1, dtype=M.float64).new_empty(2, 0),
    "new_zeros_requires_grad": lambda M: M.ones(1).new_zeros(2, requires_grad=True),
    "new_ones_device": lambda M: M.ones(1).new_ones(2, device="cpu"),
}


@pytest.mark.parametrize("name", NEW_TENSORS)
def test_new_tensors_take_the_dtype_of_self_as_torch(name: str) -> None:
    results = _both(lambda M: NEW_TENSORS[name](M))
    theirs, ours = results
    assert repr(ours) == repr(theirs)
    assert (ours.requires_grad, ours.is_leaf, ours.grad_fn) == (theirs.requires_grad, True, None)


def test_new_tensor_of_a_tensor_warns_as_torch() -> None:
    messages = []
    for M in (torch, visgrad):
        with pytest.warns(UserWarning) as caught:
            copy = M.ones(2, dtype=M.float64).new_tensor(M.tensor([1, 2]))
        messages.append((str(caught[0].message), caught[0].filename == __file__, repr(copy)))
    assert messages[0] == messages[1]


# --- what the nodes show they saved --------------------------------------------------------------
SAVING: dict[str, Callable[[Any, Any], Any]] = {
    "roll": lambda M, x: x.roll(1, 1),
    "repeat": lambda M, x: x.repeat(2, 1),
    "diagonal": lambda M, x: x.diagonal(1),
    "diag_matrix": lambda M, x: x.diag(),
    "diag_vector": lambda M, x: x[0].diag(1),
    "tril": lambda M, x: x.tril(1),
    "triu": lambda M, x: x.triu(),
    "sort": lambda M, x: x.sort().values,
    "topk": lambda M, x: x.topk(2).values,
    "kthvalue": lambda M, x: x.kthvalue(2).values,
    "median": lambda M, x: x.median(),
    "median_dim": lambda M, x: x.median(1).values,
    "cumprod": lambda M, x: x.cumprod(1),
}
# what torch keeps that visgrad's nodes hold otherwise (the shape as an attribute of the rule,
# the indices as a NumPy array)
NOT_SHOWN = {"_saved_self_sym_sizes", "_saved_indices"}


@pytest.mark.parametrize("name", SAVING)
def test_nodes_show_the_saved_values_torch_shows(name: str) -> None:
    shown = []
    for M in (torch, visgrad):
        x = M.tensor([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]], requires_grad=True)
        node = SAVING[name](M, x).grad_fn
        shown.append({n for n in dir(node) if n.startswith("_saved_")})
    assert shown[0] - NOT_SHOWN <= shown[1]
