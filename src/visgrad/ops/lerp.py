"""Linear interpolation, lerp(a, end, w) = a + w·(end - a): from a (w = 0) to end (w = 1).

A number weight records LerpBackward0 (two edges); a tensor weight LerpBackward1 (three,
the weight's gradient being end - a). The value is computed PyTorch's way, from the nearer
end: a + w·(end - a) for |w| < 0.5, else end - (end - a)·(1 - w), so that lerp(a, end, 1)
is exactly end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from .. import dtypes as _dtypes
from ..autograd.function import Op
from ._broadcast import check_shapes_broadcast, sum_to
from ._math import quiet

if TYPE_CHECKING:
    from .._tensor import Tensor



def _check_dtypes(x: np.ndarray, **others: np.ndarray) -> None:
    """PyTorch's lerp takes end (and a tensor weight) in a's own dtype, which is a float."""
    for name, y in others.items():
        if y.dtype != x.dtype:
            ours, theirs = _dtypes.BY_NUMPY[x.dtype].c_name, _dtypes.BY_NUMPY[y.dtype].c_name
            raise RuntimeError(f"expected dtype {ours} for `{name}` but got dtype {theirs}")


def _check_float(x: np.ndarray, kernel: str) -> None:
    if x.dtype.kind != "f":
        name = _dtypes.BY_NUMPY[x.dtype].scalar_name
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{name}'")


def _check_shapes(*arrays: np.ndarray) -> None:
    shape = arrays[0].shape
    for y in arrays[1:]:
        if y.shape != shape:
            check_shapes_broadcast(shape, y.shape)
            shape = np.broadcast_shapes(shape, y.shape)


class Lerp(Op):
    """out = a + w·(end - a) for a number w;  ∂out/∂a = 1 - w,  ∂out/∂end = w"""

    node_name = "LerpBackward0"
    saved_attributes = ("weight",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, end: Tensor, weight: float) -> np.ndarray:
        x, y = a._array, end._array
        _check_dtypes(x, end=y)
        _check_float(x, "lerp_kernel_scalar")
        _check_shapes(x, y)
        ctx.weight, ctx.shapes = weight, (x.shape, y.shape)
        w = x.dtype.type(weight)
        with quiet():
            if abs(w) < 0.5:
                return x + w * (y - x)  # type: ignore[no-any-return]
            return y - (y - x) * (1 - w)  # type: ignore[no-any-return]

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any, None]:
        shape_a, shape_end = ctx.shapes
        need_a, need_end = ctx.needs_input_grad[:2]
        w = ctx.weight
        with quiet():
            grad_a = sum_to(grad * (1 - w), shape_a) if need_a else None
            grad_end = sum_to(grad * w, shape_end) if need_end else None
        return grad_a, grad_end, None


class LerpTensor(Op):
    """out = a + w·(end - a) for a tensor w;
    ∂out/∂a = 1 - w,  ∂out/∂end = w,  ∂out/∂w = end - a"""

    node_name = "LerpBackward1"
    saved_names = ("self", "end", "weight")

    @staticmethod
    def forward(ctx: Any, a: Tensor, end: Tensor, weight: Tensor) -> np.ndarray:
        x, y, w = a._array, end._array, weight._array
        _check_dtypes(x, end=y, weight=w)
        _check_float(x, "lerp_kernel_tensor")
        _check_shapes(x, y, w)
        ctx.save_for_backward(a, end, weight)
        with quiet():
            return np.where(np.abs(w) < 0.5, x + w * (y - x), y - (y - x) * (1 - w))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any, Any]:
        a, end, weight = ctx.saved_values(grad)
        need_a, need_end, need_weight = ctx.needs_input_grad
        with quiet():
            grad_a = sum_to(grad * (1 - weight), a.shape) if need_a else None
            grad_end = sum_to(grad * weight, end.shape) if need_end else None
            grad_weight = sum_to(grad * (end - a), weight.shape) if need_weight else None
        return grad_a, grad_end, grad_weight


def lerp(a: Tensor, end: Tensor, weight: Any) -> Tensor:
    if isinstance(weight, _tensor.Tensor):
        return LerpTensor.apply(a, end, weight)
    return Lerp.apply(a, end, weight)
