"""Reductions: many numbers in, fewer out. Backward spreads the gradient back over the inputs.

The pattern: put the reduced axes back as size 1 (`keepdim`), then broadcast over the input.
Backward rules work on NumPy arrays and on tensors alike (see `Op` and `_math`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .. import _tensor
from ..autograd.function import Op
from . import elementwise as _elementwise
from . import return_types
from ._broadcast import float_array
from ._dims import kept_shape, normalize_dim, normalize_dims, refuse_empty_reduction
from ._math import exp, expand, is_tensor, numpy_of, sum_leading, to_dtype
from ._math import mean as _mean
from ._math import sum as _sum
from .shape import _flip

if TYPE_CHECKING:
    from .._tensor import Tensor

Dims = int | Sequence[int] | None


def _wrap(array: np.ndarray) -> Tensor:
    return _tensor._wrap(array)


def _spread(grad: Any, shape: tuple[int, ...], axes: tuple[int, ...], keepdim: bool) -> Any:
    """A gradient of the reduced shape, broadcast back to the input's shape."""
    if not keepdim and (grad.ndim or is_tensor(grad)):
        # (the gradient of a reduction to one number broadcasts as it is; a tensor's reshape
        # is kept, so that a recorded backward has PyTorch's view node)
        grad = grad.reshape(kept_shape(shape, axes))
    return expand(grad, shape)


class Sum(Op):
    """out = Σᵢ aᵢ (over all elements, or over `dim`);  ∂out/∂aᵢ = 1"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: Dims, keepdim: bool) -> np.ndarray:
        x = a._array
        axes = normalize_dims(dim, x.ndim)
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        if dim is not None:
            ctx.node_name = "SumBackward1"
        dtype = np.int64 if x.dtype.kind in "biu" else None
        if not keepdim and axes == tuple(range(len(axes))) and len(axes) < x.ndim:
            # over leading axes (a batch): as a bias's gradient is summed, in one BLAS product
            return np.asarray(sum_leading(x, len(axes))) if dtype is None else np.add.reduce(
                x, axis=axes, dtype=dtype
            )
        # x.sum() is np.add.reduce behind two Python layers: this is 1 µs faster
        return np.asarray(
            np.add.reduce(x, axis=axes, keepdims=keepdim, dtype=dtype)  # type: ignore[call-overload]
        )

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        return _spread(grad, ctx.shape, ctx.axes, ctx.keepdim), None, None


class SumInDtype(Op):
    """sum(dtype=...): `a` converted first and then summed, as in PyTorch (float32 summed as
    float64 keeps its digits); ∂out/∂aᵢ = 1, converted back to a's dtype. One node, as there."""

    node_name = "SumBackward0"

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: Dims, keepdim: bool, dtype: Any) -> np.ndarray:
        ctx.input_dtype = a.dtype
        return Sum.forward(ctx, _wrap(a._array.astype(dtype.numpy)), dim, keepdim)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None]:
        (spread, _, _) = Sum.backward(ctx, grad)
        return to_dtype(spread, ctx.input_dtype), None, None, None


class Cumsum(Op):
    """outᵢ = Σ_{j ≤ i} aⱼ along `dim`;  ∂L/∂aⱼ = Σ_{i ≥ j} ∂L/∂outᵢ (a cumulative sum taken
    from the other end)"""

    saved_attributes = ("dim",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int) -> np.ndarray:
        x = a._array
        ctx.dim = normalize_dim(dim, x.ndim)  # (a 0-d tensor takes dim 0 or -1, as in torch)
        integer = np.int64 if x.dtype.kind in "biu" else None  # (as PyTorch: integers sum in int64)
        return np.cumsum(x, axis=ctx.dim if x.ndim else None, dtype=integer).reshape(x.shape)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        if not grad.ndim:
            return grad, None
        return reversed_cumsum(grad, ctx.dim), None


def _cumsum(x: Any, dim: int) -> Any:
    """Cumulative sum along `dim`: recorded for a tensor, NumPy's for an array."""
    return x.cumsum(dim) if is_tensor(x) else np.cumsum(x, axis=dim)


def reversed_cumsum(x: Any, dim: int) -> Any:
    """Σ_{i ≥ j} xᵢ along `dim`: the cumulative sum taken from the other end (the backward
    of cumsum, and part of cumprod's)."""
    return _flip(_cumsum(_flip(x, (dim,)), dim), (dim,))


class Prod(Op):
    """out = Πᵢ aᵢ (over all elements, or along `dim`);  ∂out/∂aᵢ = Π_{j≠i} aⱼ, the product of
    the others: out/aᵢ when no entry is 0; otherwise, as PyTorch, the products of the entries
    before and after each one (cumulative products), exact with zeros"""

    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int | None, keepdim: bool) -> Tensor:
        x = a._array
        integer = np.int64 if x.dtype.kind in "biu" else None  # (as sum: integers in int64)
        # what backward spreads over: every axis (one number out), or `dim`
        ctx.shape, ctx.dim, ctx.axes, ctx.keepdim = x.shape, None, tuple(range(x.ndim)), False
        if dim is None or not x.ndim:
            result = np.prod(x, dtype=integer)
        else:
            ctx.dim = normalize_dim(dim, x.ndim)
            ctx.axes, ctx.keepdim = (ctx.dim,), keepdim
            result = np.prod(x, axis=ctx.dim, keepdims=keepdim, dtype=integer)
        if dim is not None:
            ctx.node_name = "ProdBackward1"
        out = _wrap(np.asarray(result))
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        a, result = ctx.saved_values(grad)
        spread = _spread(grad, ctx.shape, ctx.axes, ctx.keepdim)
        zero = numpy_of(a) == 0
        if not zero.any():
            return spread * (_spread(result, ctx.shape, ctx.axes, ctx.keepdim) / a), None, None
        if is_tensor(grad):
            raise NotImplementedError(
                "visgrad records the backward of prod only for inputs without zeros (with a "
                "zero it needs cumulative products, which visgrad does not record); use "
                "create_graph=False here."
            )
        if ctx.dim is None:  # the whole tensor: two zeros or more leave every gradient 0
            if zero.sum() > 1:
                return np.zeros_like(spread), None, None
            others = _products_of_the_others(np.reshape(a, -1), 0).reshape(ctx.shape)
        else:
            others = _products_of_the_others(a, ctx.dim)
        return spread * others, None, None


def _products_of_the_others(x: np.ndarray, axis: int) -> np.ndarray:
    """For each entry, the product of the other entries along `axis`: the product of those
    before it times the product of those after it (PyTorch's prod_safe_zeros_backward)."""
    ones = np.ones_like(np.take(x, [0], axis=axis))
    before = np.cumprod(np.concatenate([ones, np.delete(x, -1, axis=axis)], axis=axis), axis=axis)
    rest = np.flip(np.delete(x, 0, axis=axis), axis=axis)
    after = np.flip(np.cumprod(np.concatenate([ones, rest], axis=axis), axis=axis), axis=axis)
    return before * after


class Mean(Op):
    """out = (1/n) Σᵢ aᵢ;  ∂out/∂aᵢ = 1/n"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: Dims, keepdim: bool) -> np.ndarray:
        x = a._array
        if x.dtype.kind != "f":
            raise RuntimeError(
                "mean(): could not infer output dtype. Input dtype must be either a floating "
                f"point or complex dtype. Got: {a.dtype.scalar_name}"
            )
        axes = normalize_dims(dim, x.ndim)
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        ctx.count = x.size if dim is None else math.prod(x.shape[i] for i in axes)
        if dim is not None:
            ctx.node_name = "MeanBackward1"
        if ctx.count == 0 or x.dtype.char == "e":  # NumPy's warning; float16 sums in float32
            return np.asarray(x.mean(axis=axes, keepdims=keepdim))
        # what x.mean() computes, the same bits, without its Python-level bookkeeping:
        # 2 µs instead of 5 µs on a 2x2 tensor (W1 -5%)
        if keepdim:
            total = np.add.reduce(x, axis=axes, keepdims=True)  # type: ignore[call-overload]
        else:  # (keepdims=False spelled out costs NumPy 0.2 µs more)
            total = np.add.reduce(x, axis=None if dim is None else axes)
        return np.asarray(total / ctx.count)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        # (an empty input gets an empty gradient: nothing to divide by 0)
        share = grad / ctx.count if ctx.count else grad
        return _spread(share, ctx.shape, ctx.axes, ctx.keepdim), None, None


class Max(Op):
    """out = max over all elements;  the gradient is shared evenly by the elements equal to it
    (a NaN max: by the NaN elements, which made it, as PyTorch shares it)"""

    node_name = "MaxBackward1"
    saved_names = ("self", "result")
    pick = staticmethod(np.max)

    @classmethod
    def _forward(cls, ctx: Any, a: Tensor) -> Tensor:
        if a._array.size == 0:
            raise RuntimeError(
                f"{cls.pick.__name__}(): Expected reduction dim to be specified for input.numel() "
                "== 0. Specify the reduction dim with the 'dim' argument."
            )
        result = _wrap(np.asarray(cls.pick(a._array)))
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        return Max._forward(ctx, a)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        a, result = ctx.saved_values(grad)
        return shared_evenly(grad, numpy_of(a), numpy_of(result))


def shared_evenly(grad: Any, x: np.ndarray, value: np.ndarray) -> Any:
    """grad / count at the entries of x equal to `value` (the NaNs, for a NaN value) and +0
    elsewhere: how max, min and median pass their gradient on (PyTorch writes the shares
    into zeros, so a negative grad leaves +0, not -0, at the others)."""
    chosen = np.isnan(x) if np.isnan(value) else x == value
    with np.errstate(divide="ignore", invalid="ignore"):  # (an empty x: nothing chosen)
        share = grad / int(chosen.sum())
    return _elementwise._masked(share, chosen)


class Min(Max):
    """out = min over all elements;  the gradient is shared evenly by the elements equal to it"""

    node_name = "MinBackward1"
    pick = staticmethod(np.min)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        return Min._forward(ctx, a)


class Amax(Op):
    """out = max over `dim` (values only);  the gradient is shared evenly by the elements equal
    to their max, as PyTorch's (grad / count, where count is how many tie)"""

    saved_names = ("self", "result")
    saved_attributes = ("dim", "keepdim")
    pick: Any = staticmethod(np.max)

    @classmethod
    def _forward(cls, ctx: Any, a: Tensor, dim: Dims, keepdim: bool) -> Tensor:
        x = a._array
        axes = normalize_dims(dim, x.ndim)
        name = cls.__name__.lower()
        if x.size == 0 and (dim is None or dim == ()):
            raise RuntimeError(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument."
            )
        given = axes if dim is None else (dim,) if isinstance(dim, int) else tuple(dim)
        empty = [d for d in given if x.shape[normalize_dim(d, x.ndim)] == 0]
        if empty:  # (the dim as it was given, -1 or 1: PyTorch's words here)
            raise IndexError(f"{name}(): Expected reduction dim {empty[0]} to have non-zero size.")
        ctx.dim, ctx.keepdim, ctx.shape = axes, keepdim, x.shape
        result = _wrap(np.asarray(cls.pick(x, axis=axes, keepdims=keepdim)))
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: Dims, keepdim: bool) -> Tensor:
        return Amax._forward(ctx, a, dim, keepdim)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        a, result = ctx.saved_values(grad)
        best = numpy_of(result) if ctx.keepdim else numpy_of(result).reshape(
            kept_shape(ctx.shape, ctx.dim)
        )
        winners = numpy_of(a) == best
        with np.errstate(divide="ignore", invalid="ignore"):  # (a NaN max: NaN, as PyTorch)
            share = winners / winners.sum(axis=ctx.dim, keepdims=True)
        spread = _spread(grad, ctx.shape, ctx.dim, ctx.keepdim)
        return spread * share.astype(numpy_of(a).dtype), None, None  # share: a constant


class Amin(Amax):
    """out = min over `dim` (values only);  the gradient shared as Amax's"""

    pick = staticmethod(np.min)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: Dims, keepdim: bool) -> Tensor:
        return Amin._forward(ctx, a, dim, keepdim)


class MaxDim(Op):
    """out = max along `dim` (with the indices);  the gradient goes to the chosen element"""

    node_name = "MaxBackward0"
    pick_index: Any = staticmethod(np.argmax)

    @classmethod
    def _forward(cls, ctx: Any, a: Tensor, dim: int, keepdim: bool) -> np.ndarray:
        x = a._array
        axis = normalize_dim(dim, x.ndim)
        if x.ndim:
            index = np.expand_dims(cls.pick_index(x, axis=axis), axis)
        else:
            index = np.zeros((), np.int64)
        ctx.shape, ctx.axis, ctx.keepdim, ctx.index = x.shape, axis, keepdim, index
        values = np.take_along_axis(x, index, axis=axis) if x.ndim else x
        return values if keepdim or not x.ndim else np.squeeze(values, axis)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int, keepdim: bool) -> np.ndarray:
        return MaxDim._forward(ctx, a, dim, keepdim)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        return _index_put(grad, ctx.shape, ctx.axis, ctx.index, ctx.keepdim), None, None


class MinDim(MaxDim):
    """out = min along `dim` (with the indices);  the gradient goes to the chosen element"""

    node_name = "MinBackward0"
    pick_index = staticmethod(np.argmin)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int, keepdim: bool) -> np.ndarray:
        return MinDim._forward(ctx, a, dim, keepdim)


class IndexPut(Op):
    """out = zeros of `shape` with `grad` placed at `index` along `axis` (MaxDim's backward);
    its own backward picks the same places back out."""

    node_name = "IndexPutBackward0"

    @staticmethod
    def forward(ctx: Any, grad: Tensor, shape: tuple[int, ...], axis: int, index: np.ndarray,
                keepdim: bool) -> np.ndarray:
        ctx.axis, ctx.index, ctx.keepdim = axis, index, keepdim
        return _put_along(grad._array, shape, axis, index, keepdim)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None, None]:
        # picking is linear and does not depend on grad's values: recorded, it is a gather
        return _gather(grad, ctx.axis, ctx.index, ctx.keepdim), None, None, None, None


class GatherAlong(Op):
    """out = a's elements at `index` along `dim` (one place per row, found beforehand);
    ∂L/∂a = zeros with ∂L/∂out put back at those places. Recorded by max(dim)'s backward as
    PyTorch's GatherBackward0; sort, topk, kthvalue and median(dim) are this rule too."""

    node_name = "GatherBackward0"
    saved_attributes: ClassVar[tuple[str, ...]] = ("dim",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int, index: np.ndarray, keepdim: bool) -> np.ndarray:
        x = a._array
        ctx.shape, ctx.dim, ctx.index, ctx.keepdim = x.shape, dim, index, keepdim
        return _take_along(x, dim, index, keepdim)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None]:
        return _index_put(grad, ctx.shape, ctx.dim, ctx.index, ctx.keepdim), None, None, None


def _put_along(
    values: np.ndarray, shape: tuple[int, ...], axis: int, index: np.ndarray, keepdim: bool
) -> np.ndarray:
    """Zeros of `shape` with `values` placed at `index` along `axis` (IndexPut's forward)."""
    values = np.asarray(values)
    if not keepdim and len(shape):
        values = np.expand_dims(values, axis)
    out = np.zeros(shape, dtype=values.dtype)
    if len(shape):
        np.put_along_axis(out, index, values, axis=axis)
    else:
        out[...] = values
    return out


def _take_along(x: np.ndarray, axis: int, index: np.ndarray, keepdim: bool) -> np.ndarray:
    """The elements of `x` at `index` along `axis` (GatherAlong's forward)."""
    x = np.asarray(x)
    picked = np.take_along_axis(x, index, axis=axis) if x.ndim else x
    return picked if keepdim or not x.ndim else np.squeeze(picked, axis)


def _index_put(grad: Any, shape: tuple[int, ...], axis: int, index: np.ndarray,
               keepdim: bool) -> Any:
    """IndexPut of an array, or recorded for a tensor."""
    if is_tensor(grad):
        return IndexPut.apply(grad, shape, axis, index, keepdim)
    return _put_along(grad, shape, axis, index, keepdim)


def _gather(grad: Any, axis: int, index: np.ndarray, keepdim: bool) -> Any:
    """Gather of an array, or recorded for a tensor."""
    if is_tensor(grad):
        return GatherAlong.apply(grad, axis, index, keepdim)
    return _take_along(grad, axis, index, keepdim)


class Norm(Op):
    """out = ‖a‖₂ = √(Σ aᵢ²);  ∂out/∂aᵢ = aᵢ / ‖a‖  (0 where ‖a‖ = 0)"""

    node_name = "LinalgVectorNormBackward0"
    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: Dims, keepdim: bool) -> Tensor:
        x = float_array(a)
        axes = normalize_dims(dim, x.ndim)
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        result = _wrap(np.asarray(np.sqrt((x * x).sum(axis=axes, keepdims=keepdim))))
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        a, result = ctx.saved_values(grad)
        # dividing by inf where the norm is 0 makes that gradient 0, as PyTorch does
        safe = _elementwise._select(numpy_of(result) == 0, np.inf, result)
        scale = _spread(grad / safe, ctx.shape, ctx.axes, ctx.keepdim)
        return a * scale, None, None


class Var(Op):
    """out = Σ(aᵢ - ā)² / (n - correction);  ∂out/∂aᵢ = 2(aᵢ - ā) / (n - correction)"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: Dims, correction: float, keepdim: bool) -> np.ndarray:
        ctx.save_for_backward(a)
        return _variance(ctx, a, dim, correction, keepdim, root=False)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None]:
        (a,) = ctx.saved_values(grad)
        return _variance_gradient(ctx, a, grad), None, None, None


class Std(Op):
    """out = √var;  ∂out/∂aᵢ = (aᵢ - ā) / ((n - correction)·out), and 0 where out = 0 (as
    PyTorch: equal values have no spread to move, not a 0/0)"""

    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: Dims, correction: float, keepdim: bool) -> Tensor:
        result = _wrap(_variance(ctx, a, dim, correction, keepdim, root=True))
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None]:
        a, result = ctx.saved_values(grad)
        with np.errstate(divide="ignore", invalid="ignore"):
            grad_var = _elementwise._zeroed_where(grad / (result * 2), numpy_of(result) == 0)
        return _variance_gradient(ctx, a, grad_var), None, None, None


def _variance(
    ctx: Any, a: Tensor, dim: Dims, correction: float, keepdim: bool, root: bool
) -> np.ndarray:
    """Var's and Std's forward: the variance over `dim` (its square root for `root`), noting
    what backward needs. Float32 and float16 are summed in float64 and narrowed last, as
    PyTorch sums them on a CPU: in float32, values of 1e20 and more would square to inf, and
    the std of [-1e30, 1e30] must still be 1e30."""
    x = float_array(a)
    axes = normalize_dims(dim, x.ndim)
    count = math.prod(x.shape[i] for i in axes)
    ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
    ctx.divisor = count - correction if count > correction else 0  # (`max` is shadowed here)
    with np.errstate(divide="ignore", invalid="ignore"):
        wide = np.asarray(x.var(axis=axes, ddof=correction, keepdims=keepdim, dtype=np.float64))
    with np.errstate(over="ignore"):  # (beyond float32: inf, as PyTorch)
        return (np.sqrt(wide) if root else wide).astype(x.dtype)


def _variance_gradient(ctx: Any, a: Any, grad: Any) -> Any:
    """∂var/∂aᵢ = 2(aᵢ - ā) / (n - correction), times `grad` (spread back over the reduced
    axes); n ≤ correction divides by 0: inf, as PyTorch."""
    centered = a - _mean(a, ctx.axes, keepdim=True)
    spread = _spread(grad, ctx.shape, ctx.axes, ctx.keepdim)
    scale = 2 / ctx.divisor if ctx.divisor else np.inf
    with np.errstate(invalid="ignore"):  # (inf · 0 is nan, silently)
        return spread * scale * centered


class LogSumExp(Op):
    """out = ln Σᵢ e^{aᵢ};  ∂out/∂aᵢ = e^{aᵢ - out} (the softmax)"""

    node_name = "LogsumexpBackward0"

    saved_names = ("self", "result")

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: Dims, keepdim: bool) -> Tensor:
        x = float_array(a)
        axes = normalize_dims(dim, x.ndim)
        ctx.shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        if x.size:
            peak = np.max(x, axis=axes, keepdims=True)
        else:
            peak = np.zeros(kept_shape(x.shape, axes))
        peak = np.where(np.isfinite(peak), peak, 0)
        total = np.log(np.exp(x - peak).sum(axis=axes, keepdims=True)) + peak
        result = _wrap(np.asarray(total if keepdim else np.squeeze(total, axes)).astype(x.dtype))
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        a, result = ctx.saved_values(grad)
        kept = result if ctx.keepdim else result.reshape(kept_shape(ctx.shape, ctx.axes))
        return _spread(grad, ctx.shape, ctx.axes, ctx.keepdim) * exp(a - kept), None, None


def _row_max(x: np.ndarray, axis: int) -> np.ndarray:
    """The largest value along `axis`, kept as a length-1 axis; -inf over an empty axis (whose
    softmax is empty, as in PyTorch, where NumPy's max of nothing raises)."""
    return np.max(x, axis=axis, keepdims=True, initial=-np.inf)


class Softmax(Op):
    """yᵢ = e^{aᵢ} / Σⱼ e^{aⱼ} along dim;  ∂L/∂aᵢ = yᵢ (gᵢ - Σⱼ gⱼ yⱼ)"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int) -> Tensor:
        x = float_array(a)
        axis = normalize_dim(dim, x.ndim)
        ctx.axis = axis
        with np.errstate(invalid="ignore"):  # (a row holding inf: inf - inf is NaN, silently)
            shifted = np.exp(x - _row_max(x, axis)) if x.ndim else np.ones_like(x)
            result = _wrap(shifted / shifted.sum(axis=axis, keepdims=True) if x.ndim else shifted)
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        (y,) = ctx.saved_values(grad)
        return y * (grad - _sum(grad * y, ctx.axis, keepdim=True)), None


class LogSoftmax(Op):
    """yᵢ = aᵢ - ln Σⱼ e^{aⱼ} along dim;  ∂L/∂aᵢ = gᵢ - e^{yᵢ} Σⱼ gⱼ"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int) -> Tensor:
        x = float_array(a)
        axis = normalize_dim(dim, x.ndim)
        ctx.axis = axis
        if x.ndim:
            with np.errstate(invalid="ignore", divide="ignore"):  # (as Softmax; log 0 of nothing)
                shifted = x - _row_max(x, axis)
                out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
        else:
            out = np.zeros_like(x)
        result = _wrap(out)
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        (y,) = ctx.saved_values(grad)
        return grad - exp(y) * _sum(grad, ctx.axis, keepdim=True), None


def sum(a: Tensor, dim: Dims = None, keepdim: bool = False, dtype: Any = None) -> Tensor:  # noqa: A001
    if dtype is None:
        return Sum.apply(a, dim, keepdim)
    return SumInDtype.apply(a, dim, keepdim, dtype)


def amax(a: Tensor, dim: Dims = (), keepdim: bool = False) -> Tensor:
    return Amax.apply(a, dim, keepdim)


def amin(a: Tensor, dim: Dims = (), keepdim: bool = False) -> Tensor:
    return Amin.apply(a, dim, keepdim)


def prod(a: Tensor, dim: int | None = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    out = Prod.apply(a, dim, keepdim)
    return out if dtype is None else out.to(dtype)


def cumsum(a: Tensor, dim: int) -> Tensor:
    return Cumsum.apply(a, dim)


def mean(a: Tensor, dim: Dims = None, keepdim: bool = False) -> Tensor:
    return Mean.apply(a, dim, keepdim)


def max(a: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:  # noqa: A001
    if dim is None:
        return Max.apply(a)
    refuse_empty_reduction("max", a.shape, normalize_dim(dim, a.ndim))
    indices = _indices(np.argmax, a, dim)
    values = MaxDim.apply(a, dim, keepdim)
    kept = indices if not keepdim or not a.ndim else indices.unsqueeze(dim)
    return return_types.max(values, kept)


def min(a: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:  # noqa: A001
    if dim is None:
        return Min.apply(a)
    refuse_empty_reduction("min", a.shape, normalize_dim(dim, a.ndim))
    indices = _indices(np.argmin, a, dim)
    values = MinDim.apply(a, dim, keepdim)
    kept = indices if not keepdim or not a.ndim else indices.unsqueeze(dim)
    return return_types.min(values, kept)


def _indices(pick: Any, a: Tensor, dim: int) -> Tensor:
    """Where along `dim` the max (or min) is: int64, never requiring grad."""
    if not a.ndim:
        return _tensor._wrap(np.asarray(0, dtype=np.int64))
    return _tensor._wrap(np.asarray(pick(a._array, axis=normalize_dim(dim, a.ndim))))


def norm(a: Tensor, p: float = 2, dim: Dims = None, keepdim: bool = False) -> Tensor:
    if a.dtype.numpy.kind != "f":
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {a.dtype.scalar_name}")
    if p == 2:
        return Norm.apply(a, dim, keepdim)
    if math.isinf(p):
        # the largest (smallest) magnitude: the p-th root of a sum of p-th powers at p = ±inf
        _refuse_empty_for_inf_norm(a, p, dim)
        magnitudes = a.abs()
        return amax(magnitudes, dim, keepdim) if p > 0 else amin(magnitudes, dim, keepdim)
    if p == 0:
        # how many are not 0 (a NaN counts), as PyTorch: no power 1/0 to take
        return (a != 0).to(a.dtype).sum(dim=dim, keepdim=keepdim)
    return (a.abs() ** p).sum(dim=dim, keepdim=keepdim) ** (1.0 / p)


def _refuse_empty_for_inf_norm(a: Tensor, p: float, dim: Dims) -> None:
    """PyTorch's error for the ±inf norm over nothing (a max or min has no identity)."""
    if dim is None:
        if a.numel() == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {p} norm on an empty "
                               "tensor because the operation does not have an identity")
        return
    for d in [dim] if isinstance(dim, int) else dim:
        if -a.ndim <= d < a.ndim and a.shape[d] == 0:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {p} norm on the dimension "
                               f"{d}because this dimension is empty and the operation does not "
                               "have an identity")


def var(a: Tensor, dim: Dims = None, unbiased: bool | None = None, keepdim: bool = False,
        correction: float | None = None) -> Tensor:
    _refuse_integers_for_spread(a)
    return Var.apply(a, dim, _correction(unbiased, correction), keepdim)


def std(a: Tensor, dim: Dims = None, unbiased: bool | None = None, keepdim: bool = False,
        correction: float | None = None) -> Tensor:
    _refuse_integers_for_spread(a)
    return Std.apply(a, dim, _correction(unbiased, correction), keepdim)


def _refuse_integers_for_spread(a: Tensor) -> None:
    """PyTorch's var and std take floats only (a mean of integers has no integer dtype)."""
    if a._array.dtype.kind != "f":
        raise RuntimeError("std and var only support floating point and complex dtypes")


def _correction(unbiased: bool | None, correction: float | None) -> float:
    """Bessel's correction as PyTorch reads its two spellings: 1 unless unbiased=False."""
    if correction is None:
        return 0 if unbiased is False else 1
    return correction


def logsumexp(a: Tensor, dim: Dims, keepdim: bool = False) -> Tensor:
    return LogSumExp.apply(a, dim, keepdim)


def softmax(a: Tensor, dim: int) -> Tensor:
    return Softmax.apply(a, dim)


def log_softmax(a: Tensor, dim: int) -> Tensor:
    return LogSoftmax.apply(a, dim)
