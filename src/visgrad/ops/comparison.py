"""Comparisons and other answers that are not differentiable: their results never require
grad, exactly as in PyTorch (a step function has no useful slope)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from .. import dtypes as _dtypes
from ._broadcast import as_operand, check_broadcastable, promoted_arrays
from ._dims import distinct_dims, normalize_dim, refuse_empty_reduction

if TYPE_CHECKING:
    from .._tensor import Tensor


def _compare(a: Tensor, b: Any, ufunc: np.ufunc) -> Tensor:
    x, y = promoted_arrays(a, as_operand(b, a))
    check_broadcastable(x, y)
    return _tensor._wrap(np.asarray(ufunc(x, y)))


def eq(a: Tensor, b: Any) -> Tensor:
    return _compare(a, b, np.equal)


def ne(a: Tensor, b: Any) -> Tensor:
    return _compare(a, b, np.not_equal)


def gt(a: Tensor, b: Any) -> Tensor:
    return _compare(a, b, np.greater)


def lt(a: Tensor, b: Any) -> Tensor:
    return _compare(a, b, np.less)


def ge(a: Tensor, b: Any) -> Tensor:
    return _compare(a, b, np.greater_equal)


def le(a: Tensor, b: Any) -> Tensor:
    return _compare(a, b, np.less_equal)


def logical_and(a: Tensor, b: Any) -> Tensor:
    return _compare(a, b, np.logical_and)


def logical_or(a: Tensor, b: Any) -> Tensor:
    return _compare(a, b, np.logical_or)


def logical_not(a: Tensor) -> Tensor:
    return _tensor._wrap(np.logical_not(a._array))


# `&`, `|` and `~` are bitwise, as in PyTorch: on bools they are and, or and not; on integers
# they act on the bits (5 & 3 is 1, ~0 is -1); floating tensors have no bits to offer.
def bitwise_and(a: Tensor, b: Any) -> Tensor:
    return _bitwise(a, b, np.bitwise_and, "bitwise_and")


def bitwise_or(a: Tensor, b: Any) -> Tensor:
    return _bitwise(a, b, np.bitwise_or, "bitwise_or")


def bitwise_not(a: Tensor) -> Tensor:
    if a._array.dtype.kind == "f":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                        "tensors")
    return _tensor._wrap(np.asarray(np.invert(a._array)))


def _bitwise(a: Tensor, b: Any, ufunc: np.ufunc, name: str) -> Tensor:
    x, y = promoted_arrays(a, as_operand(b, a))
    if x.dtype.kind == "f":
        kind = _dtypes.BY_NUMPY[x.dtype].scalar_name
        raise NotImplementedError(f'"{name}_cpu" not implemented for \'{kind}\'')
    check_broadcastable(x, y)
    return _tensor._wrap(np.asarray(ufunc(x, y)))


def all(a: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    return _every_or_some(np.all, a, dim, keepdim)


def any(a: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    return _every_or_some(np.any, a, dim, keepdim)


def _every_or_some(reduce: Any, a: Tensor, dim: Any, keepdim: bool) -> Tensor:
    """all/any over no dim (everything), one dim or several (`dim=()` reduces nothing, as in
    PyTorch); bools, except for a uint8 tensor, which answers in uint8 as PyTorch does."""
    x = a._array
    if dim is None:
        out = reduce(x)
    else:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        axes = distinct_dims(dims, x.ndim)  # (checked also for a 0-d tensor, then unused)
        out = reduce(x, axis=axes if x.ndim else (), keepdims=keepdim)
    out = np.asarray(out)
    return _tensor._wrap(out.astype(np.uint8) if x.dtype == np.uint8 else out)


def _refuse_bool_or_nothing(name: str, a: Tensor, dim: int | None) -> None:
    """PyTorch's errors for argmax/argmin of bools, and of no values at all without a dim."""
    if a._array.dtype.kind == "b":
        raise RuntimeError(f"{name}(): does not support bool input")
    if dim is None and a._array.size == 0:
        raise IndexError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0."
        )


def argmax(a: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    _refuse_bool_or_nothing("argmax", a, dim)
    if dim is None:
        return _tensor._wrap(np.asarray(np.argmax(a._array), dtype=np.int64))
    axis = normalize_dim(dim, a.ndim)
    refuse_empty_reduction("argmax", a.shape, axis)
    picked = np.argmax(a._array, axis=axis, keepdims=keepdim)
    return _tensor._wrap(np.asarray(picked, dtype=np.int64))


def argmin(a: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    _refuse_bool_or_nothing("argmin", a, dim)
    if dim is None:
        return _tensor._wrap(np.asarray(np.argmin(a._array), dtype=np.int64))
    axis = normalize_dim(dim, a.ndim)
    refuse_empty_reduction("argmin", a.shape, axis)
    picked = np.argmin(a._array, axis=axis, keepdims=keepdim)
    return _tensor._wrap(np.asarray(picked, dtype=np.int64))


def equal(a: Tensor, b: Tensor) -> bool:
    """True when both have the same shape and the same values."""
    return a.shape == b.shape and bool(np.array_equal(a._array, b._array))


def _close_operands(a: Tensor, b: Any) -> tuple[np.ndarray, np.ndarray]:
    """isclose/allclose compare tensors of one dtype only, as PyTorch (no promotion: a float32
    tensor is not silently compared in float64), and of broadcastable shapes."""
    if isinstance(b, _tensor.Tensor) and b._array.dtype != a._array.dtype:
        mine, theirs = (_dtypes.BY_NUMPY[t._array.dtype].scalar_name for t in (a, b))
        raise RuntimeError(f"{mine} did not match {theirs}")
    x, y = promoted_arrays(a, as_operand(b, a))
    check_broadcastable(x, y)
    return x, y


def allclose(
    a: Tensor, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> bool:
    x, y = _close_operands(a, b)
    return bool(np.allclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan))


def isclose(
    a: Tensor, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    x, y = _close_operands(a, b)
    return _tensor._wrap(np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan))
