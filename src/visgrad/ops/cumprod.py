"""Cumulative product along a dimension, with a gradient exact through zeros, as PyTorch's.

    outᵢ = Π_{k ≤ i} aₖ        ∂L/∂aⱼ = Σ_{i ≥ j} gᵢ · Π_{k ≤ i, k ≠ j} aₖ

With no zero before or at j, Π_{k ≤ i, k ≠ j} aₖ = outᵢ / aⱼ, so the gradient is a reversed
cumulative sum of g·out, divided by aⱼ. A zero breaks that division; PyTorch's rule, and this
one, split each row at its first zero z:
- before z the division is safe (aⱼ ≠ 0, and the terms with i ≥ z are 0 on both sides);
- at z, Π_{k ≤ i, k ≠ z} aₖ is the cumulative product with a_z replaced by 1;
- after z every product holds a_z = 0: the gradient is 0.

Backward rules work on NumPy arrays and on tensors alike (see `Op` and `_math`): the masks
are constants, the products and sums are recorded for a tensor, so gradients of gradients work
through zeros too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..autograd.function import Op
from ._dims import normalize_dim
from ._math import is_tensor, numpy_of, to_dtype
from .elementwise import _select, _zeroed_where
from .reductions import _wrap, reversed_cumsum

if TYPE_CHECKING:
    from .._tensor import Tensor


class Cumprod(Op):
    """outᵢ = Π_{k ≤ i} aₖ along `dim`;  ∂L/∂aⱼ = Σ_{i ≥ j} gᵢ·outᵢ / aⱼ, split at the first
    zero of each row to stay exact (see the module docstring)"""

    saved_names = ("self", "result")
    saved_attributes = ("dim",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int, dtype: Any) -> Any:
        x = a._array
        ctx.dim = normalize_dim(dim, x.ndim)  # (a 0-d tensor has dims -1 and 0)
        ctx.input_dtype = a.dtype
        if dtype is not None:  # (computed in `dtype`; the gradient comes back in a's)
            x = x.astype(dtype.numpy)
        integer = np.int64 if x.dtype.kind in "biu" else None  # (as PyTorch: integers in int64)
        out = np.cumprod(x, axis=ctx.dim if x.ndim else None, dtype=integer).reshape(x.shape)
        result = _wrap(out)
        ctx.save_for_backward(a, result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        return to_dtype(Cumprod._gradient(ctx, grad), ctx.input_dtype), None, None

    @staticmethod
    def _gradient(ctx: Any, grad: Any) -> Any:
        a, result = ctx.saved_values(grad)
        if not grad.ndim:
            return grad
        dim = ctx.dim
        zero = numpy_of(a) == 0
        if not zero.any():
            return reversed_cumsum(grad * result, dim) / a
        seen = np.cumsum(zero, axis=dim)
        before = seen == 0  # no zero yet, at or before this place
        first = zero & (seen == 1)  # the first zero of its row
        safe = _select(before, a, np.ones((), numpy_of(a).dtype))  # (1 where not divided)
        ahead = _zeroed_where(reversed_cumsum(grad * result, dim) / safe, ~before)
        # at the first zero: the products of the others, that zero taken as 1
        others = _cumprod(_select(first, np.ones((), numpy_of(a).dtype), a), dim)
        at_zero = _zeroed_where(reversed_cumsum(grad * others, dim), ~first)
        return ahead + at_zero


def _cumprod(x: Any, dim: int) -> Any:
    """Cumulative product along `dim`: recorded for a tensor, NumPy's for an array."""
    return x.cumprod(dim) if is_tensor(x) else np.cumprod(x, axis=dim)


def cumprod(a: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """The cumulative product along `dim` (computed in `dtype` when given, as one node)."""
    return Cumprod.apply(a, dim, dtype)
