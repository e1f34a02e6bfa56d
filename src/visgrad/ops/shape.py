"""Shape operations: the same numbers, arranged differently. Backward arranges the gradient
back into the input's shape (reshape back, transpose back, slice back out of a join).

Backward rules work on NumPy arrays and on tensors alike (see `Op` and `_math`).
Reshapes, transposes and expands return views, as in PyTorch: they share memory and the version
counter with their input, so an in-place change through one is seen by both. Indexing (`x[key]`)
lives in `indexing.py`; its names are re-exported here for the callers of `shape.index`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import dtypes as _dtypes
from ..autograd.function import Op
from ._broadcast import sum_to
from ._dims import distinct_dims, normalize_dim
from ._math import is_tensor, to_dtype
from ._math import permute as _permute
from ._math import t as _t
from ._math import transpose as _transpose
from ._views import as_view
from .indexing import Index, IndexAdd, index, numpy_index  # noqa: F401 - re-exported

if TYPE_CHECKING:
    from .._tensor import Tensor

Shape = tuple[int, ...]


def resolve_shape(shape: Sequence[int], numel: int) -> Shape:
    """A target shape with its -1 filled in; PyTorch's message if it cannot hold numel."""
    shape = tuple(int(n) for n in shape)
    unknown = [i for i, n in enumerate(shape) if n == -1]
    if len(unknown) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = math.prod(n for n in shape if n != -1)  # (np.prod: 3-8 µs a call; this 0.2)
    if unknown and known and numel % known == 0:
        shape = shape[: unknown[0]] + (numel // known,) + shape[unknown[0] + 1:]
    if any(n < 0 for n in shape) or math.prod(shape) != numel:
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
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
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
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return sum_to(grad, ctx.input_shape), None


class Permute(Op):
    """out = a with its axes reordered;  ∂L/∂a = ∂L/∂out with the inverse order"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, axes: Shape) -> np.ndarray:
        ctx.axes = axes
        return a._array.transpose(axes)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        # axis i of the input is axis axes.index(i) of the output: the inverse order, which
        # sorting the positions by their axis gives in one C-level call
        axes = ctx.axes
        return _permute(grad, tuple(sorted(range(len(axes)), key=axes.__getitem__))), None


class ReverseAxes(Permute):
    """out = a with its axes in reverse order (`a.T`, a matrix's transpose), recorded as the
    permute it is in PyTorch;  ∂L/∂a = ∂L/∂out with its axes reversed back.
    The order needs no storing and no inverting (0.8 µs less than a general permute)."""

    node_name = "PermuteBackward0"

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:  # type: ignore[override]
        return a._array.T

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return reverse_axes(grad) if is_tensor(grad) else grad.T


class Transpose(Op):
    """out = a with axes d0 and d1 swapped;  ∂L/∂a = ∂L/∂out swapped back"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, d0: int, d1: int) -> np.ndarray:
        ctx.dims = (d0, d1)
        x = a._array
        return x.swapaxes(d0, d1) if x.ndim else x[...]  # (0-d: dims 0 and 0, nothing to swap)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        return (_transpose(grad, *ctx.dims) if grad.ndim else grad), None, None


class T(Op):
    """out = aᵀ for a ≤2-D tensor;  ∂L/∂a = (∂L/∂out)ᵀ"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        if a._array.ndim > 2:
            raise RuntimeError(
                f"t() expects a tensor with <= 2 dimensions, but self is {a._array.ndim}D"
            )
        return a._array.T

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return _t(grad)


class Flip(Op):
    """out = a with the order along `dims` reversed (a copy, as PyTorch's);  ∂L/∂a = ∂L/∂out
    reversed the same way"""

    saved_attributes = ("dims",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, dims: tuple[int, ...]) -> np.ndarray:
        ctx.dims = dims
        return np.flip(a._array, dims).copy()

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return _flip(grad, ctx.dims), None


def _flip(x: Any, dims: tuple[int, ...]) -> Any:
    """x reversed along `dims`: recorded for a tensor, a NumPy copy for an array."""
    return x.flip(dims) if is_tensor(x) else np.flip(x, dims).copy()


class Clone(Op):
    """out = a copy of a;  ∂out/∂a = 1"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        return a._array.copy()

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return grad


# --- joining tensors ------------------------------------------------------------------------------
class Cat(Op):
    """out = the tensors joined along `dim`;  each gets back its slice of ∂L/∂out"""

    @staticmethod
    def forward(ctx: Any, dim: int, *tensors: Tensor) -> np.ndarray:
        arrays = _promoted([t._array for t in tensors])
        first = arrays[0]
        axis = normalize_dim(dim, first.ndim)
        for number, x in enumerate(arrays[1:], start=1):
            if x.ndim != first.ndim:
                raise RuntimeError(
                    f"Tensors must have same number of dimensions: got {first.ndim} and {x.ndim}"
                )
            for d, (m, n) in enumerate(zip(first.shape, x.shape)):
                if d != axis and m != n:
                    raise RuntimeError(
                        f"Sizes of tensors must match except in dimension {axis}. Expected size "
                        f"{m} but got size {n} for tensor number {number} in the list."
                    )
        ctx.axis, ctx.sizes = axis, [x.shape[axis] for x in arrays]
        ctx.dtypes = [t.dtype for t in tensors]
        return np.concatenate(arrays, axis=axis)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, ...]:
        pieces: list[Any] = [None]
        start = 0
        for size, dtype in zip(ctx.sizes, ctx.dtypes):
            piece = grad[(slice(None),) * ctx.axis + (slice(start, start + size),)]
            pieces.append(to_dtype(piece, dtype))
            start += size
        return tuple(pieces)


class Stack(Op):
    """out = the tensors stacked along a new `dim`;  each gets back its layer of ∂L/∂out"""

    @staticmethod
    def forward(ctx: Any, dim: int, *tensors: Tensor) -> np.ndarray:
        arrays = _promoted([t._array for t in tensors])
        axis = normalize_dim(dim, arrays[0].ndim + 1)
        ctx.axis, ctx.dtypes = axis, [t.dtype for t in tensors]
        return np.stack(arrays, axis=axis)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, ...]:
        layers = [grad[(slice(None),) * ctx.axis + (i,)] for i in range(len(ctx.dtypes))]
        return (None, *(to_dtype(x, d) for x, d in zip(layers, ctx.dtypes)))


def _promoted(arrays: list[np.ndarray]) -> list[np.ndarray]:
    """The arrays in the one dtype PyTorch would join them in."""
    common = arrays[0].dtype
    for x in arrays[1:]:
        if x.dtype != common:
            common = _dtypes.result_type(np.empty(1, common), x)
    return [x if x.dtype == common else x.astype(common) for x in arrays]


# --- the functions the tensor methods call ----------------------------------------------------
def reshape(a: Tensor, *shape: Any) -> Tensor:
    target = resolve_shape(_shape_args(shape), a.numel())
    return as_view(Reshape.apply(a, target), a)


def view(a: Tensor, *shape: Any) -> Tensor:
    target = resolve_shape(_shape_args(shape), a.numel())
    out = Reshape.apply(a, target)
    if out.numel() and not np.may_share_memory(out._array, a._array):
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    return as_view(out, a)


def flatten(a: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    if a.ndim == 0:
        return reshape(a, 1)
    start, end = normalize_dim(start_dim, a.ndim), normalize_dim(end_dim, a.ndim)
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return a  # nothing to merge: PyTorch returns the tensor itself
    return reshape(a, a.shape[:start] + (-1,) + a.shape[end + 1:])


def squeeze(a: Tensor, dim: int | None = None) -> Tensor:
    if dim is None:
        return as_view(Squeeze.apply(a, tuple(n for n in a.shape if n != 1)), a)
    axis = normalize_dim(dim, a.ndim)
    shape = tuple(n for i, n in enumerate(a.shape) if i != axis or n != 1)
    return as_view(SqueezeDim.apply(a, shape), a)


def unsqueeze(a: Tensor, dim: int) -> Tensor:
    axis = normalize_dim(dim, a.ndim + 1)
    shape = a.shape[:axis] + (1,) + a.shape[axis:]
    return as_view(Unsqueeze.apply(a, shape), a)


def expand(a: Tensor, *sizes: Any) -> Tensor:
    wanted = _shape_args(sizes)
    extra = len(wanted) - a.ndim
    if extra < 0:
        raise RuntimeError(
            f"expand(torch.{a.dtype.legacy_name}{{{list(a.shape)}}}, size={list(wanted)}): the "
            f"number of sizes provided ({len(wanted)}) must be greater or equal to the number "
            f"of dimensions in the tensor ({a.ndim})"
        )
    shape = tuple(a.shape[i - extra] if n == -1 else n for i, n in enumerate(wanted))
    check_expandable(tuple(a.shape), shape, wanted)
    return as_view(Expand.apply(a, shape), a)


def check_expandable(shape: Shape, target: Shape, wanted: Shape | None = None) -> None:
    """PyTorch's message when a tensor of `shape` cannot be expanded to `target`."""
    extra = len(target) - len(shape)
    for i, n in enumerate(shape):
        if n != 1 and n != target[extra + i]:
            raise RuntimeError(
                f"The expanded size of the tensor ({target[extra + i]}) must match the existing "
                f"size ({n}) at non-singleton dimension {extra + i}.  Target sizes: "
                f"{list(target if wanted is None else wanted)}.  Tensor sizes: {list(shape)}"
            )


def permute(a: Tensor, *dims: Any) -> Tensor:
    wanted = _shape_args(dims)
    if len(wanted) != a.ndim:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the "
            "length of the desired ordering of dimensions i.e. input.dim() = "
            f"{a.ndim} is not equal to len(dims) = {len(wanted)}"
        )
    axes = tuple(normalize_dim(d, a.ndim) for d in wanted)
    if len(set(axes)) != len(axes):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return as_view(Permute.apply(a, axes), a)


def reverse_axes(a: Tensor) -> Tensor:
    """All axes reversed (a matrix's transpose), recorded as a permute as in PyTorch (the order
    is known to be valid: none of permute's checks)."""
    return as_view(ReverseAxes.apply(a), a)


def numpy_t(a: Tensor) -> Tensor:
    """`a.T`: `reverse_axes`, with PyTorch's warning when `a` is not a matrix (each warning
    once in a process, as PyTorch's): `.T` is deprecated there (`.mT` for batches)."""
    ndim = a._array.ndim
    if ndim != 2:
        message = T_OF_0D_MESSAGE if ndim == 0 else T_NOT_2D_MESSAGE
        if message not in _warned:
            _warned.add(message)
            warnings.warn(message, UserWarning, stacklevel=3)
    return reverse_axes(a)


T_NOT_2D_MESSAGE = (
    "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated "
    "and it will throw an error in a future release. Consider `x.mT` to transpose batches of "
    "matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a "
    "tensor."
)
T_OF_0D_MESSAGE = (
    "Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases."
)
_warned: set[str] = set()  # the warnings given already (PyTorch gives each once a process)


def flip(a: Tensor, dims: int | Sequence[int]) -> Tensor:
    wanted = (dims,) if isinstance(dims, int) else tuple(dims)
    return Flip.apply(a, distinct_dims(wanted, a.ndim))


def transpose(a: Tensor, dim0: int, dim1: int) -> Tensor:
    d0, d1 = normalize_dim(dim0, a.ndim), normalize_dim(dim1, a.ndim)
    return as_view(Transpose.apply(a, d0, d1), a)


def t(a: Tensor) -> Tensor:
    return as_view(T.apply(a), a)


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for position, t in enumerate(tensors):
        if not t.ndim:  # (a 0-d tensor has no dim to join along, whatever dim says)
            raise RuntimeError(
                f"zero-dimensional tensor (at position {position}) cannot be concatenated"
            )
    return Cat.apply(dim, *tensors)


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    first = tensors[0].shape
    for entry, t in enumerate(tensors):
        if t.shape != first:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(first)} at entry 0 "
                f"and {list(t.shape)} at entry {entry}"
            )
    return Stack.apply(dim, *tensors)


def _shape_args(args: tuple[Any, ...]) -> Shape:
    """`reshape(2, 3)` and `reshape((2, 3))` both mean the shape (2, 3)."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(int(n) for n in args[0])
    return tuple(int(n) for n in args)
