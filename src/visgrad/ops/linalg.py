"""Matrix products. For out = A·B the chain rule gives ∂L/∂A = G·Bᵀ and ∂L/∂B = Aᵀ·G."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..autograd.function import Op
from ._broadcast import promoted_arrays, sum_to

if TYPE_CHECKING:
    from .._tensor import Tensor


def _shape_text(shape: tuple[int, ...]) -> str:
    return "x".join(str(n) for n in shape)


class Dot(Op):
    """out = Σᵢ aᵢbᵢ for two vectors;  ∂out/∂a = b,  ∂out/∂b = a"""

    saved_names = ("self", "tensor")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        if x.shape != y.shape:
            raise RuntimeError(
                "inconsistent tensor size, expected tensor [{}] and src [{}] to have the same "
                "number of elements, but got {} and {} elements respectively".format(
                    x.size, y.size, x.size, y.size
                )
            )
        ctx.save_for_backward(a, b)
        return np.asarray(np.dot(x, y))

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None, grad * a if need_b else None)


class Mm(Op):
    """out = A·B for matrices;  ∂L/∂A = G·Bᵀ,  ∂L/∂B = Aᵀ·G"""

    saved_names = ("self", "mat2")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        if x.shape[1] != y.shape[0]:
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied ({_shape_text(x.shape)} and "
                f"{_shape_text(y.shape)})"
            )
        ctx.save_for_backward(a, b)
        return x @ y

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad.mm(b.t()) if need_a else None, a.t().mm(grad) if need_b else None)


class Matmul(Op):
    """out = A·B over the last two axes, the leading (batch) axes broadcast;
    ∂L/∂A = G·Bᵀ and ∂L/∂B = Aᵀ·G, each summed back over broadcast batch axes.
    (PyTorch records this as views around a BmmBackward0/MmBackward0; we record one node.)"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        ctx.node_name = "BmmBackward0" if x.ndim == 3 and y.ndim == 3 else "MatmulBackward0"
        if x.shape[-1] != y.shape[-2 if y.ndim > 1 else 0]:
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied ({_shape_text(x.shape[-2:])} and "
                f"{_shape_text(y.shape[-2:])})"
            )
        ctx.save_for_backward(a, b)
        return np.asarray(np.matmul(x, y))

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        a, b = ctx.saved_tensors
        # treat vectors as matrices (a row for a, a column for b), as matmul does
        a2 = a.unsqueeze(0) if a.ndim == 1 else a
        b2 = b.unsqueeze(-1) if b.ndim == 1 else b
        g = grad
        if a.ndim == 1:
            g = g.unsqueeze(-2)
        if b.ndim == 1:
            g = g.unsqueeze(-1)
        need_a, need_b = ctx.needs_input_grad
        grad_a = sum_to(g.matmul(b2.transpose(-1, -2)), tuple(a2.shape)).reshape(a.shape) if need_a else None
        grad_b = sum_to(a2.transpose(-1, -2).matmul(g), tuple(b2.shape)).reshape(b.shape) if need_b else None
        return grad_a, grad_b


def matmul(a: Tensor, b: Tensor) -> Tensor:
    """`a @ b`: dot for two vectors, mm for two matrices, batched otherwise."""
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {a.ndim}D and {b.ndim}D"
        )
    if a.ndim == 1 and b.ndim == 1:
        return Dot.apply(a, b)
    if a.ndim == 2 and b.ndim == 2:
        return Mm.apply(a, b)
    return Matmul.apply(a, b)


def mm(a: Tensor, b: Tensor) -> Tensor:
    if a.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if b.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    return Mm.apply(a, b)


def dot(a: Tensor, b: Tensor) -> Tensor:
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(
            f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors"
        )
    return Dot.apply(a, b)


def bmm(a: Tensor, b: Tensor) -> Tensor:
    if a.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    return Matmul.apply(a, b)
