"""Operations with several outputs: `split`, `chunk`, `unbind`.

Each records ONE node (`SplitBackward0`, `SplitWithSizesBackward0`, `UnbindBackward0`), and its
outputs are views of the input numbered 0, 1, ... (`output_nr`; see autograd.several_outputs).
Backward puts the pieces' gradients back together, concatenated along the split dim (stacked
for unbind); a piece that nothing used contributes zeros.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..autograd.function import Op
from ._dims import normalize_dim
from ._math import is_tensor
from ._views import as_view

if TYPE_CHECKING:
    from .._tensor import Tensor


class Split(Op):
    """outs = the pieces of a along `dim`, `split_size` long (the last may be shorter);
    ∂L/∂a = the pieces' gradients put back side by side along dim"""

    saved_attributes = ("split_size", "dim")

    @staticmethod
    def forward(ctx: Any, a: Tensor, split_size: int, dim: int) -> tuple[np.ndarray, ...]:
        ctx.split_size, ctx.dim = split_size, dim
        return _pieces(a._array, _equal_sizes(a._array.shape[dim], split_size), dim)

    @staticmethod
    def backward(ctx: Any, *grads: Any) -> tuple[Any, None, None]:
        return _joined(grads, ctx.dim), None, None


class SplitWithSizes(Op):
    """outs = the pieces of a along `dim`, of the lengths given;
    ∂L/∂a = the pieces' gradients put back side by side along dim"""

    saved_attributes = ("split_sizes", "dim")

    @staticmethod
    def forward(ctx: Any, a: Tensor, split_sizes: tuple[int, ...], dim: int) -> tuple[Any, ...]:
        ctx.split_sizes, ctx.dim = split_sizes, dim
        return _pieces(a._array, split_sizes, dim)

    @staticmethod
    def backward(ctx: Any, *grads: Any) -> tuple[Any, None, None]:
        return _joined(grads, ctx.dim), None, None


class Unbind(Op):
    """outs = a[..., i, ...] for each i along `dim` (that dim removed);
    ∂L/∂a = the outputs' gradients stacked along dim"""

    saved_attributes = ("dim",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int) -> tuple[np.ndarray, ...]:
        ctx.dim = dim
        x = a._array
        before: tuple[Any, ...] = (slice(None),) * dim  # (`...`: a 0-d view, not a scalar)
        return tuple(x[before + (i, Ellipsis)] for i in range(x.shape[dim]))

    @staticmethod
    def backward(ctx: Any, *grads: Any) -> tuple[Any, None]:
        if is_tensor(grads[0]):
            from .shape import stack

            return stack(grads, ctx.dim), None
        return np.stack(grads, axis=ctx.dim), None


def _pieces(x: np.ndarray, sizes: Sequence[int], dim: int) -> tuple[np.ndarray, ...]:
    """Views of x cut along `dim` into pieces of the given lengths."""
    bounds = np.cumsum((0, *sizes))
    before: tuple[Any, ...] = (slice(None),) * dim
    return tuple(x[before + (slice(int(s), int(e)),)] for s, e in zip(bounds, bounds[1:]))


def _joined(grads: tuple[Any, ...], dim: int) -> Any:
    """The pieces' gradients side by side again (recorded as a cat for tensors)."""
    if is_tensor(grads[0]):
        from .shape import cat

        return cat(list(grads), dim)
    return np.concatenate(grads, axis=dim)


def _equal_sizes(length: int, split_size: int) -> list[int]:
    """Pieces of `split_size` (the last one shorter), PyTorch's checks and messages."""
    if split_size < 0:
        raise RuntimeError(
            f"split expects split_size be non-negative, but got split_size={split_size}"
        )
    if split_size == 0:
        if length != 0:
            raise RuntimeError(
                "split_size can only be 0 if dimension size is 0, but got dimension size of "
                f"{length}"
            )
        return [0]
    if length == 0:
        return [0]
    full, rest = divmod(length, split_size)
    return [split_size] * full + ([rest] if rest else [])


# --- what users call --------------------------------------------------------------------------
def split(a: Tensor, split_size_or_sections: int | Sequence[int], dim: int = 0) -> tuple:
    """Pieces of `split_size` along dim (the last may be shorter), or of the lengths listed."""
    if a._array.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    axis = normalize_dim(dim, a._array.ndim)
    if isinstance(split_size_or_sections, int):
        return _views_of(Split.apply(a, split_size_or_sections, axis), a)
    sizes = tuple(split_size_or_sections)
    if not all(isinstance(s, int) for s in sizes):
        raise TypeError(
            "split_with_sizes(): argument 'split_sizes' (position 2) must be tuple of ints, not "
            f"{type(next(s for s in sizes if not isinstance(s, int))).__name__}"
        )
    length = a._array.shape[axis]
    if any(s < 0 for s in sizes):
        raise RuntimeError(
            "split_with_sizes expects split_sizes have only non-negative entries, but got "
            f"split_sizes={list(sizes)}"
        )
    if sum(sizes) != length:
        raise RuntimeError(
            f"split_with_sizes expects split_sizes to sum exactly to {length} (input tensor's "
            f"size at dimension {axis}), but got split_sizes={list(sizes)}"
        )
    return _views_of(SplitWithSizes.apply(a, sizes, axis), a)


def chunk(a: Tensor, chunks: int, dim: int = 0) -> tuple:
    """At most `chunks` pieces of equal length along dim (ceil(length / chunks); the last may
    be shorter, and there may be fewer pieces), recorded as PyTorch records it: a split."""
    if a._array.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    axis = normalize_dim(dim, a._array.ndim)
    length = a._array.shape[axis]
    if length == 0:  # (PyTorch gives `chunks` empty pieces)
        return split(a, [0] * chunks, axis)
    return split(a, math.ceil(length / chunks), axis)


def unbind(a: Tensor, dim: int = 0) -> tuple:
    """The slices of a along dim, that dim removed."""
    if a._array.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return _views_of(Unbind.apply(a, normalize_dim(dim, a._array.ndim)), a)


def _views_of(outputs: tuple, base: Tensor) -> tuple:
    """Each output marked as a view of `base` (shared memory and version counter)."""
    return tuple(as_view(out, base) for out in outputs)
