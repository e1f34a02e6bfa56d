"""`Addmm`: bias + mat1·mat2 in one operation, the node PyTorch records for a Linear layer.

`nn.Linear` computes `x @ W.T + b`. PyTorch does it with one call, `addmm(b, x, W.t())`, so
its graph shows AddmmBackward0 (with the bias's AccumulateGrad, the input, and a TBackward0
leading to the weight) rather than MmBackward0 and AddBackward0. We record the same node.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import dtypes as _dtypes
from ..autograd.function import Op
from ..ops._broadcast import sum_to
from ..ops._math import t
from ..ops.linalg import product_laid_out_as

if TYPE_CHECKING:
    from .._tensor import Tensor


class Addmm(Op):
    """out = bias + mat1·mat2 (bias broadcast over the rows);
    ∂L/∂bias = G summed back to bias's shape,  ∂L/∂mat1 = G·mat2ᵀ,  ∂L/∂mat2 = mat1ᵀ·G"""

    saved_names = ("mat1", "mat2")

    @staticmethod
    def forward(ctx: Any, bias: Tensor, mat1: Tensor, mat2: Tensor) -> np.ndarray:
        b, x, w = bias._array, mat1._array, mat2._array
        _check_operands(b, x, w)
        ctx.bias_shape = b.shape
        ctx.save_for_backward(mat1, mat2)
        return x @ w + b

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any, Any]:
        mat1, mat2 = ctx.saved_values(grad)
        need_bias, need_mat1, need_mat2 = ctx.needs_input_grad
        grad_bias = sum_to(grad, ctx.bias_shape) if need_bias else None
        grad_mat1 = product_laid_out_as(mat1, grad, t(mat2)) if need_mat1 else None
        grad_mat2 = product_laid_out_as(mat2, t(mat1), grad) if need_mat2 else None
        return grad_bias, grad_mat1, grad_mat2


def addmm(bias: Tensor, mat1: Tensor, mat2: Tensor) -> Tensor:
    """`torch.addmm(bias, mat1, mat2)` with beta = alpha = 1."""
    if mat1.ndim != 2:
        raise RuntimeError(f"mat1 must be a matrix, got {mat1.ndim}-D tensor")
    if mat2.ndim != 2:
        raise RuntimeError(f"mat2 must be a matrix, got {mat2.ndim}-D tensor")
    return Addmm.apply(bias, mat1, mat2)


def _check_operands(b: np.ndarray, x: np.ndarray, w: np.ndarray) -> None:
    """PyTorch's checks, in its order: dtypes, then the product's shapes, then the bias's."""
    if b.dtype != w.dtype:
        raise RuntimeError(
            f"self and mat2 must have the same dtype, but got {_type_name(b)} and {_type_name(w)}"
        )
    if x.dtype != w.dtype:
        raise RuntimeError(
            f"mat1 and mat2 must have the same dtype, but got {_type_name(x)} and {_type_name(w)}"
        )
    if x.shape[1] != w.shape[0]:
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({x.shape[0]}x{x.shape[1]} and "
            f"{w.shape[0]}x{w.shape[1]})"
        )
    out_shape = (x.shape[0], w.shape[1])
    if b.ndim > 2:
        raise RuntimeError(
            f"expand(torch.{_type_name(b)}Tensor{{{list(b.shape)}}}, size={list(out_shape)}): "
            f"the number of sizes provided (2) must be greater or equal to the number of "
            f"dimensions in the tensor ({b.ndim})"
        )
    extra = 2 - b.ndim
    for i, size in enumerate(b.shape):
        if size != 1 and size != out_shape[extra + i]:
            raise RuntimeError(
                f"The expanded size of the tensor ({out_shape[extra + i]}) must match the "
                f"existing size ({size}) at non-singleton dimension {extra + i}.  "
                f"Target sizes: {list(out_shape)}.  Tensor sizes: {list(b.shape)}"
            )


def _type_name(array: np.ndarray) -> str:
    """PyTorch's scalar type name in messages: Float, Double, Long, ..."""
    return _dtypes.from_numpy_dtype(array.dtype).scalar_name
