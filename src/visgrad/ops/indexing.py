"""Indexing: `x[key]`, picking elements out of a tensor, step by step as PyTorch does it.

Each integer in the key is a select (SelectBackward0) and each slice that does not cover its
whole axis a slice (SliceBackward0); both give views. None adds an axis (an unsqueeze). Integer
arrays, lists, boolean masks and index tensors are "advanced" indices: they are applied last,
all in one `Index` node (IndexBackward0), and give a copy.

Backward puts the gradient back where the elements came from: zeros of the input's shape with
the gradient added at the indexed places (`IndexAdd`; repeated indices add up). Backward rules
work on NumPy arrays and on tensors alike (see `Op` and `_math`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from ..autograd.function import Op
from ._dims import normalize_dim
from ._math import is_tensor
from ._views import as_view

if TYPE_CHECKING:
    from .._tensor import Tensor

Shape = tuple[int, ...]
ZERO_DIM_INDEX_MESSAGE = (
    "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in "
    "C++ to convert a 0-dim tensor to a number"
)


class Select(Op):
    """out = a[..., i, ...], the integer i at axis `dim`;  ∂L/∂a = zeros with ∂L/∂out at i"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int, i: int) -> np.ndarray:
        key: tuple[Any, ...] = (slice(None),) * dim + (i, Ellipsis)  # Ellipsis: a 0-d view
        ctx.input_shape, ctx.key = a._array.shape, key
        return a._array[key]

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        return index_add(grad, ctx.input_shape, ctx.key), None, None


class Slice(Op):
    """out = a[..., start:stop:step, ...] at axis `dim`;  ∂L/∂a = zeros with ∂L/∂out in the slice"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, dim: int, piece: slice) -> np.ndarray:
        key: tuple[Any, ...] = (slice(None),) * dim + (piece,)
        ctx.input_shape, ctx.key = a._array.shape, key
        return a._array[key]

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        return index_add(grad, ctx.input_shape, ctx.key), None, None


class Alias(Op):
    """out = a, as a new tensor on the same memory (`x[...]`);  ∂out/∂a = 1"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        return a._array[...]

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return grad


class Index(Op):
    """out = a[index] for any NumPy index;  ∂L/∂a = zeros with ∂L/∂out added at the places"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, index: Any) -> np.ndarray:
        ctx.input_shape, ctx.index = a._array.shape, index
        if is_basic(index):  # as IndexAdd's backward, picking a select or slice back out
            ctx.node_name = _basic_node_name(index)
        return a._array[index]

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return index_add(grad, ctx.input_shape, ctx.index), None


class IndexAdd(Op):
    """out = zeros of `shape`, with `grad` added at `index` (repeated indices add up);
    the backward of indexing, and itself differentiable: its backward indexes again."""

    node_name = "IndexPutBackward0"

    @staticmethod
    def forward(ctx: Any, grad: Tensor, shape: Shape, index: Any) -> np.ndarray:
        ctx.index = index
        return _added_at(grad._array, shape, index)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        return pick(grad, ctx.index), None, None


class IndexSelect(Index):
    """out = a's entries at `index` along `dim` (repeats allowed);  ∂L/∂a = zeros with ∂L/∂out
    added back at those entries (an index used twice gets both)"""

    node_name = "IndexSelectBackward0"


class Gather(Index):
    """out[i][j] = a[i][index[i][j]] (for dim 1; likewise for any dim);  ∂L/∂a = zeros with
    ∂L/∂out added back at the gathered places"""

    node_name = "GatherBackward0"


def index_select(a: Tensor, dim: int, index: Tensor) -> Tensor:
    """`a.index_select(dim, index)`: PyTorch's checks and messages, then an IndexSelect."""
    axis = normalize_dim(dim, a.ndim)
    positions = index._array
    if positions.dtype.kind not in "iu":
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if positions.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    positions = positions.reshape(-1)
    size = a.shape[axis] if a.ndim else 1
    outside = positions[(positions < 0) | (positions >= size)]
    if outside.size:
        raise RuntimeError(
            f"INDICES element is out of DATA bounds, id={outside[0]} axis_dim={size}"
        )
    key = (slice(None),) * axis + (positions,)
    return IndexSelect.apply(a, key)


def gather(a: Tensor, dim: int, index: Tensor) -> Tensor:
    """`a.gather(dim, index)`: PyTorch's checks and messages, then a Gather."""
    axis = normalize_dim(dim, a.ndim)
    positions = index._array
    if positions.dtype.kind not in "iu":
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")
    if positions.ndim != a.ndim:
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for d in range(a.ndim):
        if d != axis and positions.shape[d] > a.shape[d]:
            raise RuntimeError(
                f"Size does not match at dimension {d} expected index {list(positions.shape)} "
                f"to be no larger than self {list(a.shape)} apart from dimension {axis}"
            )
    outside = positions[(positions < 0) | (positions >= a.shape[axis])]
    if outside.size:
        raise RuntimeError(
            f"index {outside[0]} is out of bounds for dimension {axis} with size {a.shape[axis]}"
        )
    # the place of each output entry: its own position on every axis but `dim`
    key = tuple(
        positions if d == axis
        else np.arange(positions.shape[d]).reshape([-1 if k == d else 1 for k in range(a.ndim)])
        for d in range(a.ndim)
    )
    return Gather.apply(a, key)


def _added_at(values: Any, shape: Shape, index: Any) -> np.ndarray:
    """Zeros of `shape` with `values` added at `index` (IndexAdd's forward)."""
    values = np.asarray(values)
    out = np.zeros(shape, dtype=values.dtype)
    if is_basic(index):
        out[index] = values  # each place at most once: no need to add
    else:
        np.add.at(out, index, values)
    return out


def index_add(grad: Any, shape: Shape, index: Any) -> Any:
    """IndexAdd of an array, or recorded for a tensor."""
    if is_tensor(grad):
        return IndexAdd.apply(grad, shape, index)
    return _added_at(grad, shape, index)


def pick(grad: Any, index: Any) -> Any:
    """`grad[index]` for a NumPy index, recorded as one Index node for a tensor."""
    if is_tensor(grad):
        return Index.apply(grad, index)
    return grad[index]


# --- x[key] ---------------------------------------------------------------------------------
def index(a: Tensor, key: Any) -> Tensor:
    """`a[key]` with PyTorch's steps (see the module docstring) and error messages."""
    key = numpy_index(key)
    if not isinstance(key, tuple):
        # PyTorch's shortcuts for a key of one item
        if key is None:
            return a.unsqueeze(0)
        if key is Ellipsis:
            return as_view(Alias.apply(a), a)
        if isinstance(key, slice):
            if a.ndim == 0:
                raise IndexError("slice() cannot be applied to a 0-dim tensor.")
            return _slice(a, 0, key, skip_whole_axis=False)
        if a.ndim == 0 and _is_integer(key):
            raise IndexError(ZERO_DIM_INDEX_MESSAGE)
        key = (key,)
    result, advanced = _apply_basic(a, key)
    if advanced:
        return _apply_advanced(result, advanced)
    return as_view(Alias.apply(a), a) if result is a else result


def _apply_basic(a: Tensor, key: tuple[Any, ...]) -> tuple[Tensor, list[tuple[int, np.ndarray]]]:
    """Apply the integers, slices and Nones of `key` in order; return the result and the
    advanced indices left (each with the axis of the result it applies to)."""
    used = sum(_axes_used(part) for part in key)
    if used > a.ndim:
        raise IndexError(f"too many indices for tensor of dimension {a.ndim}")
    result, dim = a, 0
    advanced: list[tuple[int, np.ndarray]] = []
    for position, part in enumerate(key):
        if part is None:
            result = result.unsqueeze(dim)
            dim += 1
        elif part is Ellipsis:
            dim += a.ndim - used
        elif isinstance(part, slice):
            result = _slice(result, dim, part, skip_whole_axis=True)
            dim += 1
        elif _is_integer(part):
            size = result.shape[dim]
            if not -size <= part < size:
                raise IndexError(
                    f"index {part} is out of bounds for dimension {position} with size {size}"
                )
            result = as_view(Select.apply(result, dim, int(part)), result)
        else:
            array = np.asarray(part)
            advanced.append((dim, array))
            dim += _axes_used(array)
    return result, advanced


def _slice(a: Tensor, dim: int, piece: slice, skip_whole_axis: bool) -> Tensor:
    if piece.step is not None and piece.step <= 0:
        raise ValueError("step must be greater than zero")
    start, stop, step = piece.indices(a.shape[dim])
    if skip_whole_axis and start == 0 and stop == a.shape[dim] and step == 1:
        return a  # PyTorch skips a slice that keeps the whole axis (`x[:, 1]` is one select)
    return as_view(Slice.apply(a, dim, piece), a)


def _apply_advanced(a: Tensor, advanced: list[tuple[int, np.ndarray]]) -> Tensor:
    """One Index node for all the array indices, with PyTorch's words when they do not fit."""
    key: list[Any] = []
    axis = 0
    for dim, array in advanced:
        if array.dtype.kind not in "biu":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        key += [slice(None)] * (dim - axis) + [array]
        axis = dim + _axes_used(array)
    try:
        return Index.apply(a, tuple(key))
    except IndexError as error:
        raise IndexError(_advanced_index_error(a.shape, advanced) or str(error)) from None


def _advanced_index_error(shape: Shape, advanced: list[tuple[int, np.ndarray]]) -> str | None:
    """PyTorch's message for array indices that do not fit `shape`, or None."""
    integer_arrays = []
    for number, (dim, array) in enumerate(advanced):
        if array.dtype == np.bool_:
            for j, (m, n) in enumerate(zip(array.shape, shape[dim:])):
                if m != n:
                    return (
                        f"The shape of the mask {list(array.shape)} at index {j} does not match "
                        f"the shape of the indexed tensor {list(shape)} at index {dim + j}"
                    )
            continue
        integer_arrays.append(array)
        size = shape[dim]
        outside = array[(array < -size) | (array >= size)]
        if outside.size:
            first = outside.flat[0]
            return f"index {first} is out of bounds for dimension {number} with size {size}"
    try:
        np.broadcast_shapes(*(x.shape for x in integer_arrays))
    except ValueError:
        shapes = ", ".join(str(list(x.shape)) for x in integer_arrays)
        return (
            f"shape mismatch: indexing tensors could not be broadcast together with shapes {shapes}"
        )
    return None


# --- the parts of a key ---------------------------------------------------------------------
def numpy_index(index: Any) -> Any:
    """An index with tensors turned into NumPy arrays (int or bool), 0-d ints into ints."""
    if isinstance(index, tuple):
        return tuple(numpy_index(i) for i in index)
    if isinstance(index, _tensor.Tensor):
        if index.ndim == 0 and index._array.dtype.kind in "iu":
            return index._array.item()
        return index._array
    if isinstance(index, list):
        return np.asarray([numpy_index(i) for i in index])
    return index


def _is_integer(part: Any) -> bool:
    return isinstance(part, (int, np.integer)) and not isinstance(part, (bool, np.bool_))


def _axes_used(part: Any) -> int:
    """How many axes of the tensor a part of a key consumes."""
    if part is None or part is Ellipsis:
        return 0
    if isinstance(part, np.ndarray) and part.dtype == np.bool_:
        return part.ndim
    if isinstance(part, (bool, np.bool_)):
        return 0
    return 1


def is_basic(index: Any) -> bool:
    """True when the index holds only integers, slices, None and Ellipsis (a view in NumPy)."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(
        part is None or part is Ellipsis or isinstance(part, slice) or _is_integer(part)
        for part in parts
    )


def _basic_node_name(index: Any) -> str:
    parts = index if isinstance(index, tuple) else (index,)
    if any(_is_integer(part) for part in parts):
        return "SelectBackward0"
    if any(isinstance(part, slice) and part != slice(None) for part in parts):
        return "SliceBackward0"
    return "AliasBackward0"
