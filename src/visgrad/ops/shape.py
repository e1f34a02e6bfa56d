"""Shape operations: the same numbers, arranged differently. Backward arranges the gradient
back into the input's shape (reshape back, transpose back, scatter back into place).

Reshapes, transposes, expands and basic indexing return views, as in PyTorch: they share memory
and the version counter with their input, so an in-place change through one is seen by both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from ..autograd.function import Op
from ._broadcast import sum_to
from ._dims import normalize_dim

if TYPE_CHECKING:
    from .._tensor import Tensor

Shape = tuple[int, ...]


def _as_view(out: Tensor, base: Tensor) -> Tensor:
    """Mark `out` as a view of `base` when NumPy gave a view (it shares memory)."""
    if out._array.base is not None and np.may_share_memory(out._array, base._array):
        out._version_box = base._shared_version_box()
        out._base = base._base if base._base is not None else base
    return out


def resolve_shape(shape: Sequence[int], numel: int) -> Shape:
    """A target shape with its -1 filled in; PyTorch's message if it cannot hold numel."""
    shape = tuple(int(n) for n in shape)
    unknown = [i for i, n in enumerate(shape) if n == -1]
    if len(unknown) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = int(np.prod([n for n in shape if n != -1], dtype=np.int64))
    if unknown and known and numel % known == 0:
        shape = shape[: unknown[0]] + (numel // known,) + shape[unknown[0] + 1:]
    if any(n < 0 for n in shape) or int(np.prod(shape, dtype=np.int64)) != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


# --- same elements, another shape ---------------------------------------------------------------
class Reshape(Op):
    """out = a with shape `shape`;  ∂L/∂a = ∂L/∂out reshaped back to a's shape"""

    node_name = "ViewBackward0"

    @staticmethod
    def forward(ctx: Any, a: Tensor, shape: Shape) -> np.ndarray:
        ctx.input_shape = a._array.shape
        return a._array.reshape(shape)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, None]:
        return grad.reshape(ctx.input_shape), None


class Squeeze(Reshape):
    node_name = "SqueezeBackward0"


class SqueezeDim(Reshape):
    node_name = "SqueezeBackward1"


class Unsqueeze(Reshape):
    node_name = "UnsqueezeBackward0"


class Expand(Op):
    """out = a broadcast to `shape`;  ∂L/∂a = ∂L/∂out summed over the broadcast axes"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, shape: Shape) -> np.ndarray:
        ctx.input_shape = a._array.shape
        return np.broadcast_to(a._array, shape)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, None]:
        return sum_to(grad, ctx.input_shape), None


class Permute(Op):
    """out = a with its axes reordered;  ∂L/∂a = ∂L/∂out with the inverse order"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, axes: Shape) -> np.ndarray:
        ctx.axes = axes
        return np.transpose(a._array, axes)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, None]:
        return grad.permute(*np.argsort(ctx.axes).tolist()), None


class Transpose(Op):
    """out = a with axes d0 and d1 swapped;  ∂L/∂a = ∂L/∂out swapped back"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, d0: int, d1: int) -> np.ndarray:
        ctx.dims = (d0, d1)
        return np.swapaxes(a._array, d0, d1)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, None, None]:
        return grad.transpose(*ctx.dims), None, None


class T(Op):
    """out = aᵀ for a ≤2-D tensor;  ∂L/∂a = (∂L/∂out)ᵀ"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        if a._array.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {a._array.ndim}D")
        return a._array.T

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        return grad.t()


class Clone(Op):
    """out = a copy of a;  ∂out/∂a = 1"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        return a._array.copy()

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        return grad


# --- picking elements ---------------------------------------------------------------------------
class Index(Op):
    """out = a[index];  ∂L/∂a = zeros with ∂L/∂out added back at the indexed places"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, index: Any) -> np.ndarray:
        ctx.input_shape, ctx.index = a._array.shape, index
        ctx.node_name = _index_node_name(index)
        return a._array[index]

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, None]:
        return IndexAdd.apply(grad, ctx.input_shape, ctx.index), None


class IndexAdd(Op):
    """out = zeros of `shape`, with `grad` added at `index` (repeated indices add up);
    the backward of indexing, and itself differentiable: its backward indexes again."""

    node_name = "IndexPutBackward0"

    @staticmethod
    def forward(ctx: Any, grad: Tensor, shape: Shape, index: Any) -> np.ndarray:
        ctx.index = index
        out = np.zeros(shape, dtype=grad._array.dtype)
        np.add.at(out, index, grad._array)
        return out

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, None, None]:
        return Index.apply(grad, ctx.index), None, None


def _index_node_name(index: Any) -> str:
    """PyTorch's node for an index: Select for an int, Slice for slices, Index for arrays."""
    parts = index if isinstance(index, tuple) else (index,)
    if any(isinstance(p, np.ndarray) for p in parts):
        return "IndexBackward0"
    if any(isinstance(p, (int, np.integer)) for p in parts):
        return "SelectBackward0"
    if all(p == slice(None) or p is Ellipsis or p is None for p in parts):
        return "AliasBackward0"
    return "SliceBackward0"


def numpy_index(index: Any) -> Any:
    """An index with tensors turned into NumPy arrays (int or bool)."""
    if isinstance(index, tuple):
        return tuple(numpy_index(i) for i in index)
    if isinstance(index, _tensor.Tensor):
        return index._array if index.ndim else (index._array.item() if index.dtype.name != "bool" else index._array)
    if isinstance(index, list):
        return np.asarray([numpy_index(i) for i in index])
    return index


# --- joining tensors ------------------------------------------------------------------------------
class Cat(Op):
    """out = the tensors joined along `dim`;  each gets back its slice of ∂L/∂out"""

    @staticmethod
    def forward(ctx: Any, dim: int, *tensors: Tensor) -> np.ndarray:
        arrays = [t._array for t in tensors]
        axis = normalize_dim(dim, arrays[0].ndim)
        ctx.axis, ctx.sizes = axis, [x.shape[axis] for x in arrays]
        return np.concatenate(arrays, axis=axis)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, ...]:
        pieces: list[Tensor | None] = [None]
        start = 0
        for size in ctx.sizes:
            pieces.append(grad[(slice(None),) * ctx.axis + (slice(start, start + size),)])
            start += size
        return tuple(pieces)


class Stack(Op):
    """out = the tensors stacked along a new `dim`;  each gets back its layer of ∂L/∂out"""

    @staticmethod
    def forward(ctx: Any, dim: int, *tensors: Tensor) -> np.ndarray:
        arrays = [t._array for t in tensors]
        axis = normalize_dim(dim, arrays[0].ndim + 1)
        ctx.axis, ctx.count = axis, len(arrays)
        return np.stack(arrays, axis=axis)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, ...]:
        layers = [grad[(slice(None),) * ctx.axis + (i,)] for i in range(ctx.count)]
        return (None, *layers)


# --- the functions the tensor methods call ----------------------------------------------------
def reshape(a: Tensor, *shape: Any) -> Tensor:
    target = resolve_shape(_shape_args(shape), a.numel())
    return _as_view(Reshape.apply(a, target), a)


def view(a: Tensor, *shape: Any) -> Tensor:
    target = resolve_shape(_shape_args(shape), a.numel())
    out = Reshape.apply(a, target)
    if out.numel() and not np.may_share_memory(out._array, a._array):
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    return _as_view(out, a)


def flatten(a: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    if a.ndim == 0:
        return reshape(a, 1)
    start, end = normalize_dim(start_dim, a.ndim), normalize_dim(end_dim, a.ndim)
    shape = a.shape[:start] + (-1,) + a.shape[end + 1:]
    return reshape(a, shape) if start <= end else a


def squeeze(a: Tensor, dim: int | None = None) -> Tensor:
    if dim is None:
        return _as_view(Squeeze.apply(a, tuple(n for n in a.shape if n != 1)), a)
    axis = normalize_dim(dim, a.ndim)
    shape = tuple(n for i, n in enumerate(a.shape) if i != axis or n != 1)
    return _as_view(SqueezeDim.apply(a, shape), a)


def unsqueeze(a: Tensor, dim: int) -> Tensor:
    axis = normalize_dim(dim, a.ndim + 1)
    shape = a.shape[:axis] + (1,) + a.shape[axis:]
    return _as_view(Unsqueeze.apply(a, shape), a)


def expand(a: Tensor, *sizes: Any) -> Tensor:
    wanted = _shape_args(sizes)
    extra = len(wanted) - a.ndim
    if extra < 0:
        raise RuntimeError(
            f"expand(torch.FloatTensor{{{list(a.shape)}}}, size={list(wanted)}): the number of "
            "sizes provided must be greater or equal to the number of dimensions in the tensor"
        )
    shape = tuple(a.shape[i - extra] if n == -1 else n for i, n in enumerate(wanted))
    for i, n in enumerate(a.shape):
        if n != 1 and n != shape[extra + i]:
            raise RuntimeError(
                f"The expanded size of the tensor ({shape[extra + i]}) must match the existing "
                f"size ({n}) at non-singleton dimension {extra + i}.  Target sizes: "
                f"{list(wanted)}.  Tensor sizes: {list(a.shape)}"
            )
    if shape == a._array.shape:
        return a
    return _as_view(Expand.apply(a, shape), a)


def permute(a: Tensor, *dims: Any) -> Tensor:
    axes = tuple(normalize_dim(d, a.ndim) for d in _shape_args(dims))
    if sorted(axes) != list(range(a.ndim)):
        raise RuntimeError("permute(): dims must be a permutation of the tensor's dimensions")
    return _as_view(Permute.apply(a, axes), a)


def transpose(a: Tensor, dim0: int, dim1: int) -> Tensor:
    d0, d1 = normalize_dim(dim0, a.ndim), normalize_dim(dim1, a.ndim)
    return _as_view(Transpose.apply(a, d0, d1), a)


def t(a: Tensor) -> Tensor:
    return _as_view(T.apply(a), a)


def index(a: Tensor, key: Any) -> Tensor:
    return _as_view(Index.apply(a, numpy_index(key)), a)


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    return Cat.apply(dim, *tensors)


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shapes = {tuple(t.shape) for t in tensors}
    if len(shapes) > 1:
        first, other = tuple(tensors[0].shape), next(s for s in (tuple(t.shape) for t in tensors) if s != tuple(tensors[0].shape))
        raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(first)} at entry 0 and {list(other)} at entry 1")
    return Stack.apply(dim, *tensors)


def _shape_args(args: tuple[Any, ...]) -> Shape:
    """`reshape(2, 3)` and `reshape((2, 3))` both mean the shape (2, 3)."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(int(n) for n in args[0])
    return tuple(int(n) for n in args)
