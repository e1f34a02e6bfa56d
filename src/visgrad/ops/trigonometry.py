"""Trigonometric and hyperbolic functions beyond sin, cos and tanh, and the angle and length
of a point: tan, asin, acos, atan, sinh, cosh, atan2(a, b), hypot(a, b).

Integer and bool tensors compute in float32 (hypot refuses them, as PyTorch does). Each
backward is PyTorch's formula in PyTorch's order of operations, so that the edges of the
domain (asin at ±1, atan2 at the origin) give what PyTorch gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from .. import dtypes as _dtypes
from ..autograd.function import Op
from ._broadcast import check_broadcastable, float_array, float_arrays, promoted_arrays, sum_to
from ._math import cosh, numpy_of, quiet, rsqrt, sinh
from .elementwise import _zeroed_where

if TYPE_CHECKING:
    from .._tensor import Tensor


class Tan(Op):
    """out = tan a;  ∂out/∂a = 1 + tan² a = 1 + out²"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        with quiet():
            result = _tensor._wrap(np.tan(float_array(a)))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (result,) = ctx.saved_values(grad)
        with quiet():
            return grad * (result * result + 1)


class Asin(Op):
    """out = arcsin a;  ∂out/∂a = 1/√(1 - a²)"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        with quiet():
            return np.arcsin(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        with quiet():
            return grad * rsqrt(-a * a + 1)


class Acos(Op):
    """out = arccos a;  ∂out/∂a = -1/√(1 - a²)"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        with quiet():
            return np.arccos(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        with quiet():
            return grad * -rsqrt(-a * a + 1)


class Atan(Op):
    """out = arctan a;  ∂out/∂a = 1/(1 + a²)"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        with quiet():
            return np.arctan(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        with quiet():
            return grad / (a * a + 1)


class Sinh(Op):
    """out = sinh a = (eᵃ - e⁻ᵃ)/2;  ∂out/∂a = cosh a"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        with quiet():
            return np.sinh(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        with quiet():
            return grad * cosh(a)


class Cosh(Op):
    """out = cosh a = (eᵃ + e⁻ᵃ)/2;  ∂out/∂a = sinh a"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        with quiet():
            return np.cosh(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        with quiet():
            return grad * sinh(a)


# --- the angle and the length of the point (b, a) ---------------------------------------------
class Atan2(Op):
    """out = atan2(a, b), the angle of the point (x = b, y = a);
    ∂out/∂a = b/(a² + b²),  ∂out/∂b = -a/(a² + b²)  (both 0 at the origin, as PyTorch's)"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        y, x = float_arrays(a, b)
        check_broadcastable(y, x)
        ctx.save_for_backward(a, b)
        with quiet():
            return np.arctan2(y, x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, b = ctx.saved_values(grad)
        need_a, need_b = ctx.needs_input_grad
        with quiet():
            squared = a * a + b * b
            recip = _zeroed_where(1 / squared, numpy_of(squared) == 0)
            grad_a = sum_to(grad * b * recip, a.shape) if need_a else None
            grad_b = sum_to(grad * -a * recip, b.shape) if need_b else None
        return grad_a, grad_b


class Hypot(Op):
    """out = √(a² + b²), without overflow for large a or b;
    ∂out/∂a = a/out,  ∂out/∂b = b/out  (NaN at the origin, as PyTorch's)"""

    saved_names = ("self", "other", "result")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> Tensor:
        x, y = promoted_arrays(a, b)
        if x.dtype.kind != "f":
            name = _dtypes.BY_NUMPY[x.dtype].scalar_name
            raise NotImplementedError(f"\"hypot_cpu\" not implemented for '{name}'")
        check_broadcastable(x, y)
        with quiet():
            result = _tensor._wrap(np.hypot(x, y))
        ctx.save_for_backward(a, b, result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, b, result = ctx.saved_values(grad)
        need_a, need_b = ctx.needs_input_grad
        with quiet():
            grad_a = sum_to(grad * a / result, a.shape) if need_a else None
            grad_b = sum_to(grad * b / result, b.shape) if need_b else None
        return grad_a, grad_b


def _tensor_other(name: str, other: Any, position: int) -> Tensor:
    """PyTorch takes only a tensor as the second argument of atan2 and hypot."""
    if not isinstance(other, _tensor.Tensor):
        raise TypeError(
            f"{name}(): argument 'other' (position {position}) must be Tensor, not "
            f"{type(other).__name__}"
        )
    return other


def atan2(a: Tensor, other: Any, position: int = 1) -> Tensor:
    return Atan2.apply(a, _tensor_other("atan2", other, position))


def hypot(a: Tensor, other: Any, position: int = 1) -> Tensor:
    return Hypot.apply(a, _tensor_other("hypot", other, position))
