"""Moving entries along dimensions: narrow, select, movedim, swapaxes (views), roll and repeat
(copies), with PyTorch's nodes and messages.

The four views are the view operations visgrad already has, called with the arguments
PyTorch works out: `narrow` is a slice (SliceBackward0), `select` an integer index
(SelectBackward0), `movedim` a permute (PermuteBackward0) and `swapaxes` a transpose
(TransposeBackward0). Like every view they share memory and the version counter with their
input. `roll` and `repeat` make new arrays; their backward rules move the gradient back.

Backward rules work on NumPy arrays and on tensors alike (see `Op` and `_math`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..autograd.function import Op
from ._dims import normalize_dim
from ._math import is_tensor, sum_leading
from ._math import permute as permute_axes
from ._views import as_view
from .indexing import Alias, Select, Slice
from .shape import permute, transpose

if TYPE_CHECKING:
    from .._tensor import Tensor

Shape = tuple[int, ...]


# --- views along one dimension --------------------------------------------------------------
def narrow(a: Tensor, dim: int, start: Any, length: int) -> Tensor:
    """`length` entries of `dim` from `start` on: `a[..., start:start + length]`, a view.
    (PyTorch records the slice even when it keeps the whole dimension.)"""
    if a.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    axis = normalize_dim(dim, a.ndim)
    size = a.shape[axis]
    start = int(start.item() if is_tensor(start) else start)  # (a 0-d tensor is accepted)
    if not -size <= start <= size:
        raise IndexError(
            f"start out of range (expected to be in range of [{-size}, {size}], but got {start})"
        )
    start %= size if size else 1
    if start + length > size:
        raise RuntimeError(
            f"start ({start}) + length ({length}) exceeds dimension size ({size})."
        )
    return as_view(Slice.apply(a, axis, slice(start, start + length)), a)


def select(a: Tensor, dim: int, index: Any) -> Tensor:
    """The entries whose index along `dim` is `index`, that dimension dropped: a view."""
    if a.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    axis = normalize_dim(dim, a.ndim)
    size = a.shape[axis]
    index = int(index.item() if is_tensor(index) else index)  # (a 0-d tensor is accepted)
    if not -size <= index < size:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(a.shape)} at "
            f"dimension {axis}"
        )
    return as_view(Select.apply(a, axis, index % size), a)


def movedim(a: Tensor, source: int | Sequence[int], destination: int | Sequence[int]) -> Tensor:
    """The dimensions `source` moved to the places `destination`, the others keeping their
    order: a permute (a view)."""
    sources = (source,) if isinstance(source, int) else tuple(source)
    places = (destination,) if isinstance(destination, int) else tuple(destination)
    if len(sources) != len(places):
        raise RuntimeError(
            "movedim: Invalid source or destination dims: source "
            f"({list(sources)} dims) should contain the same number of dims as destination "
            f"({list(places)} dims)"
        )
    axes_from = tuple(normalize_dim(d, a.ndim) for d in sources)
    axes_to = tuple(normalize_dim(d, a.ndim) for d in places)
    for name, given, axes in (("source", sources, axes_from), ("destination", places, axes_to)):
        if len(set(axes)) != len(axes):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({list(given)})")
    if a.ndim == 0:
        return as_view(Alias.apply(a), a)  # (PyTorch's movedim of a 0-d tensor is an alias)
    order: list[int | None] = [None] * a.ndim  # the dimension that goes to each place
    for source_axis, place in zip(axes_from, axes_to):
        order[place] = source_axis
    rest = iter(d for d in range(a.ndim) if d not in axes_from)  # the others, in order
    return permute(a, *(d if d is not None else next(rest) for d in order))


def swapaxes(a: Tensor, axis0: int, axis1: int) -> Tensor:
    """Dimensions `axis0` and `axis1` swapped: `transpose` (a view), by NumPy's name."""
    return transpose(a, axis0, axis1)


# --- copies -----------------------------------------------------------------------------------
class Roll(Op):
    """out = a shifted by `shifts` along `dims`, entries leaving one end coming back at the
    other (no dims: along the flattened tensor);  ∂L/∂a = ∂L/∂out rolled back by -shifts"""

    saved_attributes = ("shifts", "dims")

    @staticmethod
    def forward(ctx: Any, a: Tensor, shifts: Shape, dims: Shape) -> np.ndarray:
        ctx.shifts, ctx.dims = shifts, dims
        return _rolled(a._array, shifts, dims)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        back = tuple(-s for s in ctx.shifts)
        if is_tensor(grad):
            return grad.roll(back, ctx.dims), None, None
        return _rolled(grad, back, ctx.dims), None, None


def _rolled(x: np.ndarray, shifts: Shape, dims: Shape) -> np.ndarray:
    """NumPy's roll (no dims: the flattened array, rolled, in its shape again)."""
    if not dims:
        return np.roll(x, shifts[0])
    return np.roll(x, shifts, dims)


def roll(a: Tensor, shifts: int | Sequence[int], dims: int | Sequence[int] | None = None) -> Tensor:
    shift_list = (shifts,) if isinstance(shifts, int) else tuple(shifts)
    dim_list = () if dims is None else (dims,) if isinstance(dims, int) else tuple(dims)
    if len(shift_list) != len(dim_list) and not (not dim_list and len(shift_list) == 1):
        raise RuntimeError(
            f"shifts and dimensions must align. shifts: {len(shift_list)}, dims:{len(dim_list)}"
        )
    if a.ndim == 0 and dim_list:
        raise IndexError(
            f"Dimension specified as {dim_list[0]} but tensor has no dimensions"
        )
    axes = tuple(normalize_dim(d, a.ndim) for d in dim_list)
    return Roll.apply(a, tuple(int(s) for s in shift_list), axes)


class Repeat(Op):
    """out = a tiled `repeats` times along each dimension (new leading dimensions when there
    are more repeats than dimensions);  ∂L/∂a = the sum of ∂L/∂out over the tiles"""

    saved_attributes = ("repeats",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, repeats: Shape) -> np.ndarray:
        x = a._array
        ctx.repeats, ctx.input_shape = repeats, x.shape
        return np.tile(x, repeats)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        # each output dimension of size r·n splits into (r, n); the r's moved to the front
        # are summed away (as a broadcast gradient is, in the same order for both kinds)
        sizes = (1,) * (len(ctx.repeats) - len(ctx.input_shape)) + ctx.input_shape
        split = tuple(n for pair in zip(ctx.repeats, sizes) for n in pair)
        count = len(ctx.repeats)
        tiles_first = tuple(range(0, 2 * count, 2)) + tuple(range(1, 2 * count, 2))
        summed = sum_leading(permute_axes(grad.reshape(split), tiles_first), count)
        return summed.reshape(ctx.input_shape), None


def repeat(a: Tensor, *repeats: Any) -> Tensor:
    counts = tuple(repeats[0]) if len(repeats) == 1 and not isinstance(repeats[0], int) else repeats
    counts = tuple(int(n) for n in counts)
    if len(counts) < a.ndim:
        raise RuntimeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions "
            "of tensor"
        )
    sizes = (1,) * (len(counts) - a.ndim) + tuple(a.shape)
    shape = [r * n for r, n in zip(counts, sizes)]
    negative = [n for n in shape if n < 0]
    if negative:
        raise RuntimeError(
            f"Trying to create tensor with negative dimension {negative[0]}: {shape}"
        )
    return Repeat.apply(a, counts)
