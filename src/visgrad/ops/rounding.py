"""Rounding and what rounding leaves over: floor, ceil, round, trunc, frac, fmod, remainder.

The rounded values are flat wherever they have a slope, so PyTorch's gradient for floor,
ceil, round and trunc is 0 (not "undefined"); frac = a - trunc(a) passes the gradient on, and
so do fmod and remainder for their first argument. For a tensor divisor b,
a mod b = a - b·q with q = the quotient rounded (toward 0 for fmod, down for remainder), so
∂/∂b = -q: a constant, as PyTorch treats it.

Integer tensors stay integers where PyTorch keeps them (floor of an int is itself, 7 mod 2 is
1), and are refused with PyTorch's words where it refuses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from .. import dtypes as _dtypes
from ..autograd.function import Op
from ._broadcast import as_operand, check_broadcastable, operands, promoted_arrays, sum_to
from ._math import is_tensor, numpy_of, zeros_like

if TYPE_CHECKING:
    from .._tensor import Tensor


def _not_implemented(kernel: str, x: np.ndarray) -> NotImplementedError:
    name = _dtypes.BY_NUMPY[x.dtype].scalar_name
    return NotImplementedError(f"\"{kernel}\" not implemented for '{name}'")


# --- rounding: flat wherever it has a slope ------------------------------------------------
def _rounded(a: Tensor, ufunc: Any, kernel: str) -> np.ndarray:
    """a rounded to whole numbers by `ufunc`; an integer tensor is whole already (a copy), a
    bool tensor is refused in the words of PyTorch's `kernel`."""
    x = a._array
    if x.dtype.kind == "b":
        raise _not_implemented(kernel, x)
    if x.dtype.kind in "iu":
        return x.copy()
    return ufunc(x)  # type: ignore[no-any-return]


class Floor(Op):
    """out = ⌊a⌋, the largest integer ≤ a;  ∂out/∂a = 0"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        return _rounded(a, np.floor, "floor_vml_cpu")

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return zeros_like(grad)


class Ceil(Op):
    """out = ⌈a⌉, the smallest integer ≥ a;  ∂out/∂a = 0"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        return _rounded(a, np.ceil, "ceil_vml_cpu")

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return zeros_like(grad)


class Trunc(Op):
    """out = a without its fraction (rounded toward 0);  ∂out/∂a = 0"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        return _rounded(a, np.trunc, "trunc_vml_cpu")

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return zeros_like(grad)


class Round(Op):
    """out = a rounded to the nearest integer, halves to the even one (2.5 -> 2);  ∂out/∂a = 0"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        return _rounded(a, np.rint, "round_vml_cpu")

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return zeros_like(grad)


class RoundDecimals(Op):
    """out = a rounded to `decimals` decimal places (halves to even);  ∂out/∂a = 0"""

    node_name = "RoundBackward1"
    saved_attributes = ("decimals",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, decimals: int) -> np.ndarray:
        x = a._array
        if x.dtype.kind != "f":
            raise _not_implemented("round_cpu", x)
        ctx.decimals = decimals
        with np.errstate(over="ignore", invalid="ignore"):
            # PyTorch's way: scale by 10^|decimals| (in the tensor's dtype), round, scale back;
            # a scale that overflows to inf makes NaN, there as here
            scale = np.power(np.float64(10), abs(decimals)).astype(x.dtype)
            if decimals >= 0:
                return np.rint(x * scale) / scale  # type: ignore[no-any-return]
            return np.rint(x / scale) * scale  # type: ignore[no-any-return]

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return zeros_like(grad), None


class Frac(Op):
    """out = a - trunc(a), the fraction (with a's sign);  ∂out/∂a = 1"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        x = a._array
        if x.dtype.kind != "f":
            raise _not_implemented("frac_cpu", x)
        with np.errstate(invalid="ignore"):  # (inf - inf is NaN, as in PyTorch)
            return x - np.trunc(x)  # type: ignore[no-any-return]

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return grad


# --- what division leaves over -------------------------------------------------------------
ZERO_DIVISION_MESSAGE = "ZeroDivisionError"


def _fmod(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x - y·trunc(x/y), with x's sign (C's fmod); for floats, x mod 0 is NaN."""
    if x.dtype.kind in "iub" and np.any(y == 0):
        raise RuntimeError(ZERO_DIVISION_MESSAGE)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.fmod(x, y)


def _remainder(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x - y·floor(x/y), with y's sign (Python's %). For floats PyTorch's way: fmod, then y
    added where fmod's sign differs from y's. (NumPy's remainder differs on a zero: it gives
    y's sign, PyTorch keeps fmod's, -0. % 1.5 being -0.)"""
    if x.dtype.kind in "iub":
        if np.any(y == 0):
            raise RuntimeError(ZERO_DIVISION_MESSAGE)
        return np.remainder(x, y)
    with np.errstate(invalid="ignore", divide="ignore"):
        mod = np.fmod(x, y)
        wrong_sign = (mod != 0) & ((y < 0) != (mod < 0))
        return np.where(wrong_sign, mod + y, mod)


def _quotient(x: np.ndarray, y: np.ndarray, rounding: str) -> np.ndarray:
    """x/y rounded toward 0 ("trunc") or down ("floor"), as PyTorch's div(rounding_mode=...)
    (NumPy's floor_divide for floats is the same algorithm, x/y where y is 0)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if rounding == "trunc":
            return np.trunc(x / y)  # type: ignore[no-any-return]
        return np.floor_divide(x, y)  # type: ignore[no-any-return]


class Fmod(Op):
    """out = fmod(a, c) for a number c;  ∂out/∂a = 1
    (the number is not a tensor input, so the node has one edge, as in PyTorch)"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, c: float) -> np.ndarray:
        x, y = operands(a, as_operand(c, a))
        return _fmod(x, y)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return grad, None


class Remainder(Op):
    """out = a mod c (Python's %) for a number c;  ∂out/∂a = 1 (one edge, as Fmod)"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, c: float) -> np.ndarray:
        x, y = operands(a, as_operand(c, a))
        return _remainder(x, y)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return grad, None


def _saved_mod(ctx: Any, a: Tensor, b: Tensor, mod: Any) -> np.ndarray:
    """a mod b for two tensors (broadcast, promoted), both saved for backward."""
    x, y = promoted_arrays(a, b)
    check_broadcastable(x, y)
    ctx.save_for_backward(a, b)
    return mod(x, y)  # type: ignore[no-any-return]


def _mod_gradients(ctx: Any, grad: Any, rounding: str) -> tuple[Any, Any]:
    """∂/∂a = grad,  ∂/∂b = -grad · q, q = a/b rounded as `rounding` (a constant)."""
    a, b = ctx.saved_values(grad)
    need_a, need_b = ctx.needs_input_grad
    grad_a = sum_to(grad, a.shape) if need_a else None
    grad_b = None
    if need_b:
        q: Any = _quotient(numpy_of(a), numpy_of(b), rounding)
        if is_tensor(grad):
            q = _tensor._wrap(np.asarray(q))
        grad_b = sum_to(-grad * q, b.shape)
    return grad_a, grad_b


class FmodTensor(Op):
    """out = fmod(a, b) = a - b·trunc(a/b);  ∂out/∂a = 1,  ∂out/∂b = -trunc(a/b)"""

    node_name = "FmodBackward1"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        return _saved_mod(ctx, a, b, _fmod)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        return _mod_gradients(ctx, grad, "trunc")


class RemainderTensor(Op):
    """out = a mod b = a - b·⌊a/b⌋;  ∂out/∂a = 1,  ∂out/∂b = -⌊a/b⌋"""

    node_name = "RemainderBackward1"
    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        return _saved_mod(ctx, a, b, _remainder)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        return _mod_gradients(ctx, grad, "floor")


# --- the functions the tensor methods call --------------------------------------------------
def round(a: Tensor, decimals: int | None = None) -> Tensor:  # noqa: A001 - PyTorch's name
    """Rounded to an integer, or (given `decimals`, even 0) to that many decimal places."""
    if decimals is None:
        return Round.apply(a)
    return RoundDecimals.apply(a, decimals)


def fmod(a: Tensor, other: Any) -> Tensor:
    if isinstance(other, _tensor.Tensor):
        return FmodTensor.apply(a, other)
    return Fmod.apply(a, other)


def remainder(a: Tensor, other: Any) -> Tensor:
    if isinstance(other, _tensor.Tensor):
        return RemainderTensor.apply(a, other)
    return Remainder.apply(a, other)
