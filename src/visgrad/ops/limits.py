"""Values kept within limits: clamp_min, clamp_max (one bound each, a number or a tensor:
PyTorch's own nodes) and nan_to_num (NaN and ±inf replaced by finite numbers).

Where a value is replaced its slope is 0, elsewhere 1; the gradient is masked exactly as
`elementwise.Clamp` masks it (NaN and -0 gradients pass where kept).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from ..autograd.function import Op
from ._broadcast import check_broadcastable, number_operand, promoted_arrays, sum_to
from ._math import is_tensor, numpy_of
from .elementwise import _masked

if TYPE_CHECKING:
    from .._tensor import Tensor


def _with_bound(a: Tensor, bound: float) -> tuple[np.ndarray, np.ndarray]:
    """a's values and the bound, in the dtype PyTorch computes in (a float bound makes an
    integer tensor float32, an int bound makes a bool tensor int64)."""
    return promoted_arrays(a, number_operand(bound, a._array.dtype))


class ClampMin(Op):
    """out = max(a, min);  ∂out/∂a = 1 where a ≥ min, else 0"""

    saved_names = ("self",)
    saved_attributes = ("min",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, low: float) -> np.ndarray:
        x, bound = _with_bound(a, low)
        ctx.save_for_backward(a)
        ctx.min = low
        return np.maximum(bound, x)  # (bound first: on a tie, -0 against 0, a is kept)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        (a,) = ctx.saved_values(grad)
        return _masked(grad, numpy_of(a) >= ctx.min), None


class ClampMax(Op):
    """out = min(a, max);  ∂out/∂a = 1 where a ≤ max, else 0"""

    saved_names = ("self",)
    saved_attributes = ("max",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, high: float) -> np.ndarray:
        x, bound = _with_bound(a, high)
        ctx.save_for_backward(a)
        ctx.max = high
        return np.minimum(bound, x)  # (as ClampMin's)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        (a,) = ctx.saved_values(grad)
        return _masked(grad, numpy_of(a) <= ctx.max), None


class ClampMinTensor(Op):
    """out = max(a, min) for a tensor min (the two broadcast);
    ∂out/∂a = 1 where a ≥ min,  ∂out/∂min = 1 where a < min  (both 0 where either is NaN)"""

    node_name = "ClampMinBackward1"
    saved_names = ("self", "min")

    @staticmethod
    def forward(ctx: Any, a: Tensor, low: Tensor) -> np.ndarray:
        x, bound = promoted_arrays(a, low)
        check_broadcastable(x, bound)
        ctx.save_for_backward(a, low)
        return np.maximum(bound, x)  # (as ClampMin's)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, low = ctx.saved_values(grad)
        x, bound = numpy_of(a), numpy_of(low)
        need_a, need_low = ctx.needs_input_grad
        grad_a = sum_to(_masked(grad, x >= bound), a.shape) if need_a else None
        grad_low = sum_to(_masked(grad, x < bound), low.shape) if need_low else None
        return grad_a, grad_low


class ClampMaxTensor(Op):
    """out = min(a, max) for a tensor max (the two broadcast);
    ∂out/∂a = 1 where a ≤ max,  ∂out/∂max = 1 where a > max  (both 0 where either is NaN)"""

    node_name = "ClampMaxBackward1"
    saved_names = ("self", "max")

    @staticmethod
    def forward(ctx: Any, a: Tensor, high: Tensor) -> np.ndarray:
        x, bound = promoted_arrays(a, high)
        check_broadcastable(x, bound)
        ctx.save_for_backward(a, high)
        return np.minimum(bound, x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, high = ctx.saved_values(grad)
        x, bound = numpy_of(a), numpy_of(high)
        need_a, need_high = ctx.needs_input_grad
        grad_a = sum_to(_masked(grad, x <= bound), a.shape) if need_a else None
        grad_high = sum_to(_masked(grad, x > bound), high.shape) if need_high else None
        return grad_a, grad_high


class NanToNum(Op):
    """out = a, with NaN replaced by `nan` (0), +inf by `posinf` and -inf by `neginf` (the
    largest and smallest finite numbers of a's dtype unless given);
    ∂out/∂a = 1 where a is finite, else 0 (PyTorch multiplies: grad · isfinite(a))"""

    saved_names = ("self",)

    @staticmethod
    def forward(
        ctx: Any, a: Tensor, nan: float | None, posinf: float | None, neginf: float | None
    ) -> np.ndarray:
        ctx.save_for_backward(a)
        x = a._array
        if x.dtype.kind != "f":
            return x.copy()  # (integers and bools have no NaN or inf)
        with np.errstate(over="ignore"):  # (a bound beyond float32's range is ±inf there too)
            replaced = np.nan_to_num(x, nan=0.0 if nan is None else nan, posinf=posinf,
                                     neginf=neginf)
        return replaced.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None]:
        (a,) = ctx.saved_values(grad)
        finite = np.isfinite(numpy_of(a)).astype(numpy_of(grad).dtype)  # a constant
        if is_tensor(grad):
            return grad * _tensor._wrap(finite), None, None, None
        return grad * finite, None, None, None


def clamp_min(a: Tensor, min: Any) -> Tensor:  # noqa: A002 - PyTorch's name
    if isinstance(min, _tensor.Tensor):
        return ClampMinTensor.apply(a, min)
    return ClampMin.apply(a, min)


def clamp_max(a: Tensor, max: Any) -> Tensor:  # noqa: A002
    if isinstance(max, _tensor.Tensor):
        return ClampMaxTensor.apply(a, max)
    return ClampMax.apply(a, max)


def nan_to_num(
    a: Tensor, nan: float | None = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Tensor:
    return NanToNum.apply(a, nan, posinf, neginf)
