"""`LayerNorm`: each sample rescaled to mean 0 and variance 1 over its last axes, then stretched
and shifted by a learned weight and bias. One node, NativeLayerNormBackward0, as in PyTorch.

Over the normalized axes (the last len(normalized_shape) ones), each of n values:
    μ = mean(x),  σ² = mean((x - μ)²)  (biased: divided by n),  x̂ = (x - μ) / √(σ² + eps)
    y = x̂·w + b
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import dtypes as _dtypes
from .._tensor import Tensor, _wrap
from ..autograd.function import Op
from ..ops import _math
from .module import Module
from .parameter import Parameter


def _mean(v: Any, axes: tuple[int, ...], count: int) -> Any:
    """The mean over `axes`, kept as size-1 axes: the tensor operation, or the same NumPy
    steps it takes (a sum, then a division), so both give the same bits."""
    if _math.is_tensor(v):
        return v.mean(dim=axes, keepdim=True)
    return np.add.reduce(v, axis=axes, keepdims=True) / count


def _normalized(x: Any, axes: tuple[int, ...], count: int, eps: float) -> tuple[Any, Any]:
    """x̂ = (x - μ)/√(σ² + eps) and 1/√(σ² + eps), for arrays or tensors."""
    centered = x - _mean(x, axes, count)
    rstd = (_mean(centered * centered, axes, count) + eps) ** -0.5
    return centered * rstd, rstd


class NativeLayerNorm(Op):
    """y = x̂·w + b (x̂ as above);  with g = ∂L/∂y and ĝ = g·w:
    ∂L/∂x = (ĝ - mean(ĝ) - x̂·mean(ĝ·x̂)) / √(σ² + eps),  ∂L/∂w = Σ g·x̂,  ∂L/∂b = Σ g
    (the means over the normalized axes, the sums Σ over the others: every sample)"""

    saved_names = ("input", "weight", "bias")
    saved_attributes = ("normalized_shape", "eps")

    @staticmethod
    def forward(
        ctx: Any,
        input: Tensor,  # noqa: A002 - PyTorch's name
        weight: Tensor | None,
        bias: Tensor | None,
        normalized_shape: tuple[int, ...],
        eps: float,
    ) -> np.ndarray:
        x = input._array
        if x.dtype.kind != "f":
            raise NotImplementedError(
                f"\"LayerNormKernelImpl\" not implemented for '{input.dtype.scalar_name}'"
            )
        axes = tuple(range(x.ndim - len(normalized_shape), x.ndim))
        ctx.axes, ctx.count = axes, math.prod(normalized_shape)
        ctx.normalized_shape, ctx.eps = normalized_shape, eps
        ctx.save_for_backward(input, weight, bias)
        out, _ = _normalized(x, axes, ctx.count, eps)
        if weight is not None:
            out = out * weight._array
        if bias is not None:
            out = out + bias._array
        return out.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any, Any, None, None]:
        x, weight, bias = ctx.saved_values(grad)
        need_x, need_weight, need_bias = ctx.needs_input_grad[:3]
        axes, count = ctx.axes, ctx.count
        x_hat, rstd = _normalized(x, axes, count, ctx.eps)  # (recomputed: x's function)
        grad_x = grad_weight = grad_bias = None
        if need_x:
            g_hat = grad if weight is None else grad * weight
            grad_x = rstd * (
                g_hat - _mean(g_hat, axes, count) - x_hat * _mean(g_hat * x_hat, axes, count)
            )
        leading = tuple(range(len(grad.shape) - len(axes)))  # every sample
        if need_weight:
            per_sample = grad * x_hat
            grad_weight = _math.sum(per_sample, leading, keepdim=False) if leading else per_sample
        if need_bias:
            grad_bias = _math.sum(grad, leading, keepdim=False) if leading else grad
        return grad_x, grad_weight, grad_bias, None, None


def layer_norm(
    input: Tensor,  # noqa: A002
    normalized_shape: Sequence[int],
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Each sample normalized over its last len(normalized_shape) axes (which must have that
    shape), then times `weight` and plus `bias` (both of that shape), when given."""
    if not isinstance(normalized_shape, (list, tuple)):
        raise TypeError(
            "layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, "
            f"not {type(normalized_shape).__name__}"
        )
    shape = [int(size) for size in normalized_shape]
    for name, tensor in (("weight", weight), ("bias", bias)):
        if tensor is not None and list(tensor.shape) != shape:
            raise RuntimeError(
                f"Expected {name} to be of same shape as normalized_shape, but got {name} of "
                f"shape {list(tensor.shape)} and normalized_shape = {shape}"
            )
    if len(shape) > input.ndim or list(input.shape[input.ndim - len(shape):]) != shape:
        expected = ", ".join(["*", *map(str, shape)])
        raise RuntimeError(
            f"Given normalized_shape={shape}, expected input with shape [{expected}], but got "
            f"input of size{list(input.shape)}"
        )
    return NativeLayerNorm.apply(input, weight, bias, tuple(shape), eps)


class LayerNorm(Module):
    """Normalizes each sample over its last axes (`normalized_shape`) to mean 0 and variance 1,
    then applies a learned elementwise weight (starts at 1) and bias (starts at 0)."""

    normalized_shape: tuple[int, ...]
    weight: Parameter | None
    bias: Parameter | None

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        device: Any = None,
        dtype: _dtypes.dtype | None = None,
    ) -> None:
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        numpy_dtype = (dtype or _dtypes.DEFAULT_FLOAT).numpy
        if elementwise_affine:
            self.weight = Parameter(_wrap(np.ones(self.normalized_shape, numpy_dtype)))
            if bias:
                self.bias = Parameter(_wrap(np.zeros(self.normalized_shape, numpy_dtype)))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}"
        )
