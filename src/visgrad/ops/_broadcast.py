"""Written once for every operation: numbers as operands, dtype promotion, broadcasting.

Broadcasting in forward means summing in backward: if `a` of shape (3, 1) met `b` of shape
(2, 3, 4), the gradient for `a` arrives with shape (2, 3, 4) and `sum_to` adds it back down to
(3, 1), over the axes that broadcasting created or stretched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from .. import dtypes as _dtypes
from . import _math

if TYPE_CHECKING:
    from .._tensor import Tensor


def as_operand(value: Any, like: Tensor) -> Tensor:
    """A tensor for the other side of `like <op> value`; Python numbers become 0-d constants.

    A Python number takes the dtype PyTorch computes in: the tensor's own dtype when the
    number's kind fits in it (2.5 with float64 stays float64, 3 with int32 stays int32), else
    the default (a float with an integer tensor is float32, an int with a bool tensor int64).
    """
    if isinstance(value, _tensor.Tensor):
        return value
    if isinstance(value, (bool, int, float)):
        return number_operand(value, like._array.dtype)
    if isinstance(value, np.ndarray | np.generic):
        return _tensor._wrap(np.asarray(value))
    if isinstance(value, (list, tuple)):
        return _tensor.tensor(value)
    raise TypeError(
        f"unsupported operand type(s): 'Tensor' and '{type(value).__name__}'"
    )


def number_operand(value: bool | int | float, like: np.dtype) -> Tensor:
    """The 0-d constant tensor of a Python number next to a tensor of dtype `like`.

    The same numbers come back all the time (the 2 of `x + 2` in a loop), so each is made once
    per dtype and shared, read-only (0.4 µs less an operation). Zeros are not shared: 0.0 and
    -0.0 are equal keys but different numbers."""
    key = (type(value), value, like)
    number = _numbers.get(key)
    if number is None:
        dtype = number_dtype(value, like)
        with np.errstate(over="ignore"):  # (1e30 next to float16 is inf, quietly, as in torch)
            if dtype.kind in "iu" and type(value) is int:
                # wrapped around as torch casts it (int8 + 300 adds 44), via int64: NumPy
                # would refuse a Python int out of the dtype's range
                array = np.array(value, dtype=np.int64).astype(dtype)
            else:
                array = np.array(value, dtype=dtype)
        number = _tensor._number(array)
        if value != 0 and len(_numbers) < _NUMBERS_KEPT:
            array.flags.writeable = False
            _numbers[key] = number
    return number


_numbers: dict[tuple[type, bool | int | float, np.dtype], Tensor] = {}
_NUMBERS_KEPT = 1024


def number_dtype(value: bool | int | float, like: np.dtype) -> np.dtype:
    """The dtype of a Python number next to a tensor of dtype `like` (see `as_operand`)."""
    if isinstance(value, bool):
        return np.dtype(np.bool_)
    if isinstance(value, int):
        return like if like.kind in "iuf" else _dtypes.DEFAULT_INT.numpy
    return like if like.kind == "f" else _dtypes.DEFAULT_FLOAT.numpy


def promoted_arrays(a: Tensor, b: Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Both arrays in the dtype PyTorch would compute `a <op> b` in."""
    x, y = a._array, b._array
    if x.dtype == y.dtype:
        return x, y
    common = _dtypes.result_type(x, y)
    return x.astype(common, copy=False), y.astype(common, copy=False)


def float_array(a: Tensor) -> np.ndarray:
    """a's values, integers as float32 (what exp, tanh, var, softmax, ... compute in)."""
    x = a._array
    return x if x.dtype.kind == "f" else x.astype(_dtypes.DEFAULT_FLOAT.numpy)


def float_arrays(a: Tensor, b: Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Like `promoted_arrays`, but integers become float32 (true division, powers of floats)."""
    x, y = promoted_arrays(a, b)
    if x.dtype.kind != "f":
        x = x.astype(_dtypes.DEFAULT_FLOAT.numpy)
        y = y.astype(_dtypes.DEFAULT_FLOAT.numpy)
    return x, y


def operands(a: Tensor, b: Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Where a binary operation's forward starts: both arrays in the dtype PyTorch computes
    `a <op> b` in, checked to broadcast (`promoted_arrays` and `check_broadcastable`)."""
    x, y = a._array, b._array
    if x.dtype is not y.dtype and x.dtype != y.dtype:  # (`is`: the usual case, in 30 ns less)
        x, y = promoted_arrays(a, b)
    if x.shape != y.shape and x.ndim and y.ndim:  # (a 0-d operand always broadcasts)
        check_shapes_broadcast(x.shape, y.shape)
    return x, y


def check_broadcastable(a: np.ndarray, b: np.ndarray) -> None:
    """Raise PyTorch's message when two arrays' shapes cannot broadcast."""
    if a.shape != b.shape:
        check_shapes_broadcast(a.shape, b.shape)


def check_shapes_broadcast(shape_a: tuple[int, ...], shape_b: tuple[int, ...]) -> None:
    """PyTorch's message for two shapes that cannot broadcast, counted from the left of the
    broadcast shape: (2, 3) with (2, 2) fails "at non-singleton dimension 1".
    Pairs found to broadcast are remembered (a layer meets the same shapes every step: a set
    lookup is 0.25 µs less than the loop)."""
    if (shape_a, shape_b) in _BROADCASTABLE:
        return
    for offset in range(1, min(len(shape_a), len(shape_b)) + 1):
        size_a, size_b = shape_a[-offset], shape_b[-offset]
        if size_a != size_b and size_a != 1 and size_b != 1:
            dim = max(len(shape_a), len(shape_b)) - offset
            raise RuntimeError(
                f"The size of tensor a ({size_a}) must match the size of tensor b ({size_b}) "
                f"at non-singleton dimension {dim}"
            )
    if len(_BROADCASTABLE) < 4096:
        _BROADCASTABLE.add((shape_a, shape_b))


_BROADCASTABLE: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()


def sum_to(grad: Any, shape: tuple[int, ...]) -> Any:
    """Undo broadcasting: sum `grad` (an array, or a tensor whose sum is recorded) down to
    `shape`, over the axes that broadcasting created or stretched."""
    grad_shape = grad.shape
    if grad_shape == shape:
        return grad
    extra = len(grad_shape) - len(shape)
    if extra > 0 and grad_shape[extra:] == shape:
        # only leading axes were added (a bias added to a batch): sum them away, no reshape
        return _math.sum_leading(grad, extra)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, size in enumerate(shape) if size == 1 and grad_shape[extra + i] != 1
    )
    # without keepdim (NumPy's keepdims costs 1 µs a reduction), since reshaped after all
    summed = _math.sum(grad, axes, keepdim=False) if axes else grad
    return summed.reshape(shape)
