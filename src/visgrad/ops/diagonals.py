"""Diagonals and triangles: diagonal (a view), diag, tril and triu, with PyTorch's nodes.

The diagonal at `offset` of the matrices spanned by dimensions (dim1, dim2) holds the entries
[i, i + offset] (offset ≥ 0) or [i - offset, i] (offset < 0). `diagonal` gives it as a view
(the diagonal becomes the last dimension); `diag` turns a vector into a matrix with the
vector on a diagonal (DiagEmbedBackward0), or a matrix into a copy of its diagonal
(DiagonalBackward0_copy). Their backward rules move the gradient between the two shapes.
`tril` and `triu` keep a triangle and zero the rest; the gradient is kept in the same
triangle.

Backward rules work on NumPy arrays and on tensors alike (see `Op` and `_math`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..autograd.function import Op
from ._dims import normalize_dim
from ._math import is_tensor
from ._views import as_view

if TYPE_CHECKING:
    from .._tensor import Tensor

Shape = tuple[int, ...]


def _diagonal_of(x: np.ndarray, offset: int, dim1: int, dim2: int) -> np.ndarray:
    """The diagonal as a writable view of `x`, the diagonal last (NumPy's own np.diagonal is
    read-only: an in-place change through the view must reach `x`, as in PyTorch). It starts
    at [0, offset] or [-offset, 0] and steps one along both dimensions at once."""
    start: list[Any] = [slice(None)] * x.ndim
    start[dim1] = slice(max(-offset, 0), None)
    start[dim2] = slice(max(offset, 0), None)
    corner = x[tuple(start)]
    length = max(min(corner.shape[dim1], corner.shape[dim2]), 0)
    others = [d for d in range(x.ndim) if d not in (dim1, dim2)]
    shape = tuple(corner.shape[d] for d in others) + (length,)
    step = corner.strides[dim1] + corner.strides[dim2]
    strides = tuple(corner.strides[d] for d in others) + (step,)
    return np.lib.stride_tricks.as_strided(corner, shape, strides)


def _placed_on_diagonal(
    values: np.ndarray, shape: Shape, offset: int, dim1: int, dim2: int
) -> np.ndarray:
    """Zeros of `shape` with `values` on the diagonal (DiagEmbed's forward)."""
    out = np.zeros(shape, dtype=values.dtype)
    _diagonal_of(out, offset, dim1, dim2)[...] = values
    return out


class Diagonal(Op):
    """out = the diagonal at `offset` of the matrices in dims (dim1, dim2), as the last
    dimension (a view);  ∂L/∂a = zeros with ∂L/∂out on that diagonal"""

    saved_attributes = ("offset", "dim1", "dim2")

    @staticmethod
    def forward(ctx: Any, a: Tensor, offset: int, dim1: int, dim2: int) -> np.ndarray:
        x = a._array
        ctx.input_shape, ctx.offset, ctx.dim1, ctx.dim2 = x.shape, offset, dim1, dim2
        return _diagonal_of(x, offset, dim1, dim2)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None]:
        where = (ctx.input_shape, ctx.offset, ctx.dim1, ctx.dim2)
        if is_tensor(grad):
            return DiagEmbed.apply(grad, *where), None, None, None
        return _placed_on_diagonal(np.asarray(grad), *where), None, None, None


class DiagonalCopy(Diagonal):
    """`diag` of a matrix: its diagonal at `offset`, copied (not a view);  the rule is
    Diagonal's"""

    node_name = "DiagonalBackward0_copy"

    @staticmethod
    def forward(ctx: Any, a: Tensor, offset: int, dim1: int, dim2: int) -> np.ndarray:
        return Diagonal.forward(ctx, a, offset, dim1, dim2).copy()


class DiagEmbed(Op):
    """out = zeros of `shape` with `a` on the diagonal at `offset` of dims (dim1, dim2) (`diag`
    of a vector; also Diagonal's backward, recorded);  ∂L/∂a = the diagonal of ∂L/∂out"""

    saved_attributes = ("offset", "dim1", "dim2")

    @staticmethod
    def forward(
        ctx: Any, a: Tensor, shape: Shape, offset: int, dim1: int, dim2: int
    ) -> np.ndarray:
        ctx.offset, ctx.dim1, ctx.dim2 = offset, dim1, dim2
        return _placed_on_diagonal(a._array, shape, offset, dim1, dim2)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None, None]:
        if is_tensor(grad):
            picked = Diagonal.apply(grad, ctx.offset, ctx.dim1, ctx.dim2)
        else:
            picked = _diagonal_of(np.asarray(grad), ctx.offset, ctx.dim1, ctx.dim2).copy()
        return picked, None, None, None, None


def diagonal(a: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    d1, d2 = normalize_dim(dim1, a.ndim), normalize_dim(dim2, a.ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return as_view(Diagonal.apply(a, offset, d1, d2), a)


def diag(a: Tensor, diagonal: int = 0) -> Tensor:
    """A vector: the square matrix with the vector on diagonal `diagonal`, zeros elsewhere.
    A matrix: a copy of its diagonal `diagonal`."""
    if a.ndim == 1:
        size = a.shape[0] + abs(diagonal)
        return DiagEmbed.apply(a, (size, size), diagonal, 0, 1)
    if a.ndim == 2:
        return DiagonalCopy.apply(a, diagonal, 0, 1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {a.ndim}D")


# --- triangles --------------------------------------------------------------------------------
class Tril(Op):
    """out = a's entries on and below diagonal `diagonal` (j - i ≤ diagonal) of its last two
    dimensions, 0 above;  ∂L/∂a = ∂L/∂out in the same triangle, 0 above"""

    saved_attributes = ("diagonal",)
    keep: Any = staticmethod(np.tril)

    @classmethod
    def _forward(cls, ctx: Any, a: Tensor, diagonal: int) -> np.ndarray:
        x = a._array
        name = cls.__name__.lower()
        if x.ndim < 2:
            raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
        ctx.diagonal = diagonal
        return cls.keep(x, diagonal)

    @staticmethod
    def forward(ctx: Any, a: Tensor, diagonal: int) -> np.ndarray:
        return Tril._forward(ctx, a, diagonal)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return (grad.tril(ctx.diagonal) if is_tensor(grad) else np.tril(grad, ctx.diagonal)), None


class Triu(Tril):
    """out = a's entries on and above diagonal `diagonal` (j - i ≥ diagonal), 0 below;
    ∂L/∂a = ∂L/∂out in the same triangle, 0 below"""

    keep = staticmethod(np.triu)

    @staticmethod
    def forward(ctx: Any, a: Tensor, diagonal: int) -> np.ndarray:
        return Triu._forward(ctx, a, diagonal)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return (grad.triu(ctx.diagonal) if is_tensor(grad) else np.triu(grad, ctx.diagonal)), None


def tril(a: Tensor, diagonal: int = 0) -> Tensor:
    return Tril.apply(a, diagonal)


def triu(a: Tensor, diagonal: int = 0) -> Tensor:
    return Triu.apply(a, diagonal)
