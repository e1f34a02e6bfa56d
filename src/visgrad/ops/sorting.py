"""Sorting and selecting by rank: sort, argsort, topk, kthvalue and median, as PyTorch's.

Each finds an order first (NumPy, on the values: no gradient flows through a choice), then
takes the values at those places along `dim`. Backward puts each gradient back where its value
came from (zeros elsewhere), as max(dim) does. The indices are int64 tensors that need no
gradient; values and indices come back together in a named tuple, like `max(dim)`'s.

NaN counts as larger than every number (last in an ascending sort), as in PyTorch. Ties keep
their order (a stable sort). Where PyTorch's choice among equal values depends on its
algorithm, the choice is PyTorch's: kthvalue's quickselect is followed step by step for a row
whose k-th value is tied, and median(dim) picks the lower middle of the stable order.

Backward rules work on NumPy arrays and on tensors alike (see `Op` and `_math`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .. import _tensor
from ..autograd.function import Op
from ._dims import normalize_dim
from ._math import numpy_of
from .elementwise import _select
from .reductions import _index_put, _take_along, _wrap

if TYPE_CHECKING:
    from .._tensor import Tensor


class SortValues(NamedTuple):
    """What `sort` returns, like `torch.return_types.sort`."""

    values: Tensor
    indices: Tensor


class TopkValues(NamedTuple):
    """What `topk` returns, like `torch.return_types.topk`."""

    values: Tensor
    indices: Tensor


class KthvalueValues(NamedTuple):
    """What `kthvalue` returns, like `torch.return_types.kthvalue`."""

    values: Tensor
    indices: Tensor


class MedianValues(NamedTuple):
    """What `median(dim)` returns, like `torch.return_types.median`."""

    values: Tensor
    indices: Tensor


# --- the operations -----------------------------------------------------------------------------
class Sort(Op):
    """out = a's entries along `axis` at the places `index` (an order found beforehand);
    ∂L/∂a = zeros with ∂L/∂out put back at those places"""

    saved_attributes = ("dim",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, axis: int, index: np.ndarray, keepdim: bool) -> np.ndarray:
        x = a._array
        ctx.shape, ctx.dim, ctx.index, ctx.keepdim = x.shape, axis, index, keepdim
        return _take_along(x, axis, index, keepdim)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None]:
        return _index_put(grad, ctx.shape, ctx.dim, ctx.index, ctx.keepdim), None, None, None


class Topk(Sort):
    """out = the k largest (or smallest) entries along `axis`;  the rule is Sort's"""


class Kthvalue(Sort):
    """out = the k-th smallest entry along `axis`;  the rule is Sort's"""


class MedianDim(Sort):
    """out = the lower median along `axis` (the middle entry; of two, the smaller);  the rule
    is Sort's"""

    node_name = "MedianBackward1"


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
        x, middle = numpy_of(a), numpy_of(result)
        chosen = np.isnan(x) if np.isnan(middle) else x == middle
        with np.errstate(divide="ignore", invalid="ignore"):  # (an empty input: none chosen)
            share = grad / int(chosen.sum())
        return _select(chosen, share, np.zeros((), numpy_of(grad).dtype))


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
    return _tensor._wrap(np.ascontiguousarray(index))


def _taken(index: np.ndarray, axis: int, start: int, stop: int) -> np.ndarray:
    """The places start..stop-1 of an order along `axis`."""
    if not index.ndim:
        return index
    return np.take(index, np.arange(start, stop), axis=axis)


def sort(a: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False) -> SortValues:
    """The entries along `dim` in order, and where each came from. (stable is accepted: the
    sort is always stable here; PyTorch's unstable sort may order ties differently in rows
    longer than 16.)"""
    axis = normalize_dim(dim, a.ndim)
    index = _order(a._array, axis, descending)
    return SortValues(Sort.apply(a, axis, index, True), _indices(index))


def argsort(a: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
    """Where each entry of the sorted tensor came from (sort's indices alone)."""
    return _indices(_order(a._array, normalize_dim(dim, a.ndim), descending))


def topk(a: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> TopkValues:  # noqa: A002
    """The k largest entries along `dim` (smallest with largest=False), in order, and where
    they came from. Equal values come in their order (PyTorch's partial sort may pick another
    of several equal values); sorted=False gives them sorted too."""
    axis = normalize_dim(dim, a.ndim)
    size = a.shape[axis] if a.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    index = _taken(_order(a._array, axis, descending=largest), axis, 0, k)
    return TopkValues(Topk.apply(a, axis, index, True), _indices(index))


def kthvalue(a: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> KthvalueValues:
    """The k-th smallest entry along `dim` (k from 1), and where it is."""
    axis = normalize_dim(dim, a.ndim)
    size = a.shape[axis] if a.ndim else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    x = a._array
    index = _taken(_order(x, axis, descending=False), axis, k - 1, k)
    if x.ndim:
        _follow_quickselect_where_tied(x, axis, k - 1, index)
    return _with_indices(KthvalueValues, Kthvalue, a, axis, index, keepdim)


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
    return _with_indices(MedianValues, MedianDim, a, axis, index, keepdim)


def _with_indices(
    result: Any, op: type[Sort], a: Tensor, axis: int, index: np.ndarray, keepdim: bool
) -> Any:
    """The values at `index` (one place along `axis`) recorded by `op`, and the indices,
    without the axis unless keepdim."""
    values = op.apply(a, axis, index, keepdim)
    indices = index if keepdim or not index.ndim else np.squeeze(index, axis)
    return result(values, _indices(indices))


# --- kthvalue among equal values: PyTorch's quickselect ---------------------------------------
def _follow_quickselect_where_tied(x: np.ndarray, axis: int, k: int, index: np.ndarray) -> None:
    """In each row whose k-th smallest value occurs more than once, put in `index` the place
    PyTorch's quickselect ends on (which of the equal entries it returns depends on how its
    partitions moved them); other rows have one answer, already in `index`."""
    rows = np.moveaxis(x, axis, -1)
    chosen = np.moveaxis(index, axis, -1)
    value = np.take_along_axis(rows, chosen, axis=-1)
    same = (rows == value) | (np.isnan(rows) & np.isnan(value))
    for row in zip(*np.nonzero(same.sum(axis=-1) > 1)):
        chosen[row] = _quickselect(rows[row].tolist(), k)


def _greater(x: float, y: float) -> bool:
    """x > y, NaN counting as the largest (PyTorch's gt_or_nan)."""
    return (math.isnan(x) and not math.isnan(y)) or x > y


def _quickselect(values: list[float], k: int) -> int:
    """The original place of the entry that ends at position k when `values` are partitioned
    as PyTorch's kthvalue does (Sedgewick's quickselect: median-of-three pivot, partitions
    that stop on equal values, narrowing to the side holding k)."""
    places = list(range(len(values)))

    def swap(i: int, j: int) -> None:
        values[i], values[j] = values[j], values[i]
        places[i], places[j] = places[j], places[i]

    low, high = 0, len(values) - 1
    while high > low:
        if high == low + 1:  # two entries: order them
            if _greater(values[low], values[high]):
                swap(low, high)
            break
        swap((low + high) // 2, low + 1)  # the median of three becomes the pivot, at low
        if _greater(values[low + 1], values[high]):
            swap(low + 1, high)
        if _greater(values[low], values[high]):
            swap(low, high)
        if _greater(values[low + 1], values[low]):
            swap(low + 1, low)
        pivot, i, j = values[low], low + 1, high
        while True:
            i += 1
            while _greater(pivot, values[i]):
                i += 1
            j -= 1
            while _greater(values[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(low, j)  # the pivot to its final place, j
        if j <= k:
            low = i
        if j >= k:
            high = j - 1
    return places[k]
