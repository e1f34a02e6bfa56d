"""Sorting and selecting by rank: sort, argsort, topk, kthvalue and median, as PyTorch's.

Each finds an order first (NumPy, on the values: no gradient flows through a choice), then
takes the values at those places along `dim`. Backward puts each gradient back where its value
came from (zeros elsewhere), as max(dim) does. The indices are int64 tensors that need no
gradient; values and indices come back together in a named tuple, like `max(dim)`'s.

NaN counts as larger than every number (last in an ascending sort), as in PyTorch. Among equal
values the choice is PyTorch's: a stable sort where PyTorch's is stable (stable=True, or rows
of 16 or fewer), median(dim) the lower middle of the stable order; elsewhere PyTorch's order
depends on its algorithm, followed step by step for the rows that hold ties (`_tie_order`).

Backward rules work on NumPy arrays and on tensors alike (see `Op` and `_math`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from ..autograd.function import Op
from . import _tie_order, return_types
from ._dims import normalize_dim
from ._math import numpy_of
from .reductions import GatherAlong, _wrap, shared_evenly

if TYPE_CHECKING:
    from .._tensor import Tensor


# --- the operations -----------------------------------------------------------------------------
class Sort(GatherAlong):
    """out = a's entries along `dim` at the places `index` (an order found beforehand);
    ∂L/∂a = zeros with ∂L/∂out put back at those places (GatherAlong's rule)"""

    node_name = "SortBackward0"


class Topk(Sort):
    """out = the k largest (or smallest) entries along `dim`;  the rule is Sort's"""

    node_name = "TopkBackward0"


class Kthvalue(Sort):
    """out = the k-th smallest entry along `dim`;  the rule is Sort's"""

    node_name = "KthvalueBackward0"
    saved_attributes = ("dim", "keepdim")


class MedianDim(Sort):
    """out = the lower median along `axis` (the middle entry; of two, the smaller);  the rule
    is Sort's"""

    node_name = "MedianBackward1"
    saved_attributes = ("dim", "keepdim")


class Median(Op):
    """out = the lower median of all entries (NaN if any is NaN);  the gradient is shared
    evenly by the entries equal to it (by the NaNs for a NaN median), exact +0 elsewhere"""

    node_name = "MedianBackward0"
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        flat = np.sort(a._array.reshape(-1), kind="stable")  # (NaN last)
        if flat.size == 0:
            middle = np.asarray(np.nan, dtype=flat.dtype)
        else:
            middle = np.asarray(flat[-1] if np.isnan(flat[-1]) else flat[(flat.size - 1) // 2])
        result = _wrap(middle)
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        a, result = ctx.saved_values(grad)
        return shared_evenly(grad, numpy_of(a), numpy_of(result))


# --- finding the order --------------------------------------------------------------------------
def _order(x: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    """The stable order along `axis` (int64), NaN as the largest value: ascending, equal
    values in their order; descending, the largest first, equal values still in their order
    (the reversed stable order of the reversed values)."""
    if not x.ndim:
        return np.zeros((), np.int64)
    if not descending:
        return np.argsort(x, axis=axis, kind="stable").astype(np.int64, copy=False)
    backwards = np.argsort(np.flip(x, axis), axis=axis, kind="stable")
    return (x.shape[axis] - 1 - np.flip(backwards, axis)).astype(np.int64, copy=False)


def _indices(index: np.ndarray) -> Tensor:
    """The places as an int64 tensor of its own (a C-ordered copy; 0-d stays 0-d)."""
    return _tensor._wrap(np.array(index, dtype=np.int64, order="C"))


def _taken(index: np.ndarray, axis: int, start: int, stop: int) -> np.ndarray:
    """The places start..stop-1 of an order along `axis`."""
    if not index.ndim:
        return index
    return np.take(index, np.arange(start, stop), axis=axis)


def sort(
    a: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False
) -> return_types.sort:
    """The entries along `dim` in order, and where each came from."""
    axis = normalize_dim(dim, a.ndim)
    index = _sort_order(a._array, axis, descending, stable)
    return return_types.sort(Sort.apply(a, axis, index, True), _indices(index))


def argsort(a: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
    """Where each entry of the sorted tensor came from (sort's indices alone)."""
    return _indices(_sort_order(a._array, normalize_dim(dim, a.ndim), descending, stable))


def _sort_order(x: np.ndarray, axis: int, descending: bool, stable: bool) -> np.ndarray:
    """PyTorch's order: stable where its sort is (stable=True, or an insertion sort for rows of
    16 or fewer); else its introsort's, for the rows with ties (without ties every sort
    agrees)."""
    index = _order(x, axis, descending)
    if not stable and x.ndim and x.shape[axis] > 16:
        order = partial(_tie_order.sort_places, descending=descending)
        _follow_torch(x, axis, index, _has_ties(np.moveaxis(x, axis, -1)), order)
    return index


def topk(
    a: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True  # noqa: A002
) -> return_types.topk:
    """The k largest entries along `dim` (smallest with largest=False), in order (with
    sorted=False, in the order PyTorch's selection leaves them), and where they came from."""
    axis = normalize_dim(dim, a.ndim)
    size = a.shape[axis] if a.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    x = a._array
    index = _taken(_order(x, axis, descending=largest), axis, 0, k)
    if x.ndim and k:
        # a selection leaves the first k - 1 unsorted (sorted=False), and picks among ties
        rows = np.moveaxis(x, axis, -1)
        heap_sorted = k * 64 <= size  # (a partial sort: sorted, whatever `sorted` says)
        follow = _has_ties(rows) if sorted or heap_sorted else np.ones(rows.shape[:-1], bool)
        places = partial(_tie_order.topk_places, k=k, largest=largest, sorted=sorted)
        _follow_torch(x, axis, index, follow, places)
    return return_types.topk(Topk.apply(a, axis, index, True), _indices(index))


def kthvalue(a: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> return_types.kthvalue:
    """The k-th smallest entry along `dim` (k from 1), and where it is."""
    axis = normalize_dim(dim, a.ndim)
    size = a.shape[axis] if a.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    x = a._array
    index = _taken(_order(x, axis, descending=False), axis, k - 1, k)
    if x.ndim:  # a row whose k-th value is tied: the entry PyTorch's quickselect ends on
        rows = np.moveaxis(x, axis, -1)
        kth = np.take_along_axis(rows, np.moveaxis(index, axis, -1), axis=-1)
        tied = ((rows == kth) | (np.isnan(rows) & np.isnan(kth))).sum(axis=-1) > 1
        _follow_torch(x, axis, index, tied, partial(_tie_order.kthvalue_place, k=k - 1))
    return _with_indices(return_types.kthvalue, Kthvalue, a, axis, index, keepdim)


def median(a: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
    """No dim: the lower median of all entries (one tensor). With dim: the lower median along
    `dim` and where it is (of equal values, the one in the middle of the stable order; a NaN
    row: its first NaN)."""
    if dim is None:
        return Median.apply(a)
    axis = normalize_dim(dim, a.ndim)
    x = a._array
    if x.ndim and x.shape[axis] == 0:
        raise IndexError(f"median(): Expected reduction dim {axis} to have non-zero size.")
    middle = (x.shape[axis] - 1) // 2 if x.ndim else 0
    index = _taken(_order(x, axis, descending=False), axis, middle, middle + 1)
    if x.ndim and x.dtype.kind == "f":
        nan = np.isnan(x)
        first_nan = np.expand_dims(np.argmax(nan, axis=axis), axis)
        index = np.where(nan.any(axis=axis, keepdims=True), first_nan, index)
    return _with_indices(return_types.median, MedianDim, a, axis, index, keepdim)


def _with_indices(
    result: Any, op: type[Sort], a: Tensor, axis: int, index: np.ndarray, keepdim: bool
) -> Any:
    """The values at `index` (one place along `axis`) recorded by `op`, and the indices,
    without the axis unless keepdim."""
    values = op.apply(a, axis, index, keepdim)
    indices = index if keepdim or not index.ndim else np.squeeze(index, axis)
    return result(values, _indices(indices))


def _has_ties(rows: np.ndarray) -> np.ndarray:
    """For each row (the last axis), whether two entries are equal (two NaNs count)."""
    ordered = np.sort(rows, axis=-1)
    same = ordered[..., 1:] == ordered[..., :-1]
    if ordered.dtype.kind == "f":
        nan = np.isnan(ordered)
        same |= nan[..., 1:] & nan[..., :-1]
    return same.any(axis=-1)


def _follow_torch(
    x: np.ndarray, axis: int, index: np.ndarray, rows: np.ndarray,
    places: Callable[[list[Any]], Any],
) -> None:
    """Replace in `index` the places of the rows (along `axis`) marked in `rows` with
    `places(that row's values)`, the places PyTorch's algorithm gives."""
    values = np.moveaxis(x, axis, -1)
    chosen = np.moveaxis(index, axis, -1)  # (a view: writing it writes `index`)
    for row in map(tuple, np.argwhere(rows)):
        chosen[row] = places(values[row].tolist())
