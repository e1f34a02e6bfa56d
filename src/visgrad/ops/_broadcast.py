"""Written once for every operation: numbers as operands, dtype promotion, broadcasting.

Broadcasting in forward means summing in backward: if `a` of shape (3, 1) met `b` of shape
(2, 3, 4), the gradient for `a` arrives with shape (2, 3, 4) and `sum_to` adds it back down to
(3, 1), over the axes that broadcasting created or stretched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import dtypes as _dtypes
from .. import _tensor

if TYPE_CHECKING:
    from .._tensor import Tensor


def as_operand(value: Any, like: Tensor) -> Tensor:
    """A tensor for the other side of `like <op> value`; Python numbers become 0-d constants."""
    if isinstance(value, _tensor.Tensor):
        return value
    like_dtype = like._array.dtype
    if like_dtype.kind == "f" and isinstance(value, (int, float)) and not isinstance(value, bool):
        # a number meeting a float tensor takes the tensor's dtype (what promotion gives
        # anyway), made so directly: it spares a cast on every `x * 2`
        return _tensor._wrap(np.array(value, dtype=like_dtype))
    if isinstance(value, bool):
        return _tensor._wrap(np.array(value))
    if isinstance(value, int):
        return _tensor._wrap(np.array(value, dtype=np.int64))
    if isinstance(value, float):
        return _tensor._wrap(np.array(value, dtype=np.float64))
    if isinstance(value, np.ndarray | np.generic):
        return _tensor._wrap(np.asarray(value))
    if isinstance(value, (list, tuple)):
        return _tensor.tensor(value)
    raise TypeError(
        f"unsupported operand type(s): 'Tensor' and '{type(value).__name__}'"
    )


def promoted_arrays(a: Tensor, b: Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Both arrays in the dtype PyTorch would compute `a <op> b` in."""
    x, y = a._array, b._array
    if x.dtype == y.dtype:
        return x, y
    common = _dtypes.result_type(x, y)
    return x.astype(common, copy=False), y.astype(common, copy=False)


def float_arrays(a: Tensor, b: Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Like `promoted_arrays`, but integers become float32 (true division, powers of floats)."""
    x, y = promoted_arrays(a, b)
    if x.dtype.kind != "f":
        x = x.astype(_dtypes.DEFAULT_FLOAT.numpy)
        y = y.astype(_dtypes.DEFAULT_FLOAT.numpy)
    return x, y


def check_broadcastable(a: np.ndarray, b: np.ndarray) -> None:
    """Raise PyTorch's message when two shapes cannot broadcast."""
    if a.shape == b.shape:
        return
    for offset in range(1, min(a.ndim, b.ndim) + 1):
        size_a, size_b = a.shape[-offset], b.shape[-offset]
        if size_a != size_b and size_a != 1 and size_b != 1:
            dim = max(a.ndim, b.ndim) - offset
            raise RuntimeError(
                f"The size of tensor a ({size_a}) must match the size of tensor b ({size_b}) "
                f"at non-singleton dimension {dim}"
            )


def sum_to(grad: Tensor, shape: tuple[int, ...]) -> Tensor:
    """Undo broadcasting: sum `grad` down to `shape` (a tensor operation, so it is recorded
    when gradients of gradients are wanted)."""
    if grad._array.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, size in enumerate(shape) if size == 1 and grad.shape[extra + i] != 1
    )
    summed = grad.sum(dim=axes, keepdim=True) if axes else grad
    return summed.reshape(shape)
