"""In-place operations (`add_`, `mul_`, `x -= 1`, `x[0] = 5`, ...).

They overwrite a tensor's memory and bump its version counter. That is why PyTorch refuses
some of them: a leaf that requires grad would lose the value its gradient is defined at, and a
tensor saved for backward would make backward use the wrong number (backward checks versions).

When the change must be recorded, `x.mul_(y)` becomes `x ← x_before * y`: the operation runs
out of place on a copy of x's old value that keeps x's history, its result is written into x's
memory, and x's `grad_fn` becomes the new node.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from .. import dtypes as _dtypes
from ..autograd.function import Op
from ..autograd.grad_mode import _state as _grad_state
from . import elementwise as _elementwise
from ._broadcast import as_operand, check_shapes_broadcast, sum_to
from ._math import zeros_like
from .indexing import is_basic, numpy_index, pick
from .shape import check_expandable

if TYPE_CHECKING:
    from .._tensor import Tensor

LEAF_MESSAGE = "a leaf Variable that requires grad is being used in an in-place operation."
LEAF_VIEW_MESSAGE = (
    "a view of a leaf Variable that requires grad is being used in an in-place operation."
)
VIEW_NOT_RECORDED_MESSAGE = (
    "visgrad does not record in-place changes made through a view of a tensor that requires "
    "grad (PyTorch rewrites the base's history with a CopySlices node). Make the change out of "
    "place instead, for example with torch.where, torch.cat or clone()."
)
OVERLAP_MESSAGE = (
    "unsupported operation: more than one element of the written-to tensor refers to a single "
    "memory location. Please clone() the tensor before performing the operation."
)


def in_place(target: Tensor, compute: Callable[[Tensor], Tensor], *others: Any) -> Tensor:
    """target ← compute(target), written into target's memory; recorded when it must be."""
    records = _grad_state.enabled and (target._requires_grad or any_requires_grad(others))
    if records:
        _check_may_record(target)
        before = _tensor._wrap(target._array.copy())
        before.grad_fn, before._requires_grad = target.grad_fn, target._requires_grad
        result = compute(before)
    else:
        result = compute(target)
    if result._array.dtype is not target._array.dtype:  # (the same dtype: nothing to check)
        _check_castable(result, target)
    _write(target, result._array)
    if records:
        target._replace_grad_fn(result.grad_fn)
        target._requires_grad = result._requires_grad
    target._bump_version()
    return target


def updated_directly(target: Tensor, other: Any, ufunc: np.ufunc) -> bool:
    """`ufunc(target, other, out=target)`, done when nothing is recorded and both are float
    arrays of one dtype and shape (no promotion, no broadcasting: the same numbers as
    `in_place`'s computing apart and copying, without a temporary array or its checks).
    An optimizer's `p -= lr * p.grad`: 1.4 µs -> 0.8 µs a parameter (W4 -3%).
    False when it did nothing: then `in_place` must."""
    if type(other) is not _tensor.Tensor:
        return False
    if _grad_state.enabled and (target._requires_grad or other._requires_grad):
        return False
    x, y = target._array, other._array
    if x.dtype is not y.dtype or x.dtype.kind != "f" or x.shape != y.shape:
        return False
    if not x.flags.writeable:
        return False  # (the general path says why in PyTorch's words)
    ufunc(x, y, out=x)
    target._bump_version()
    return True


def any_requires_grad(values: tuple[Any, ...]) -> bool:
    tensor_class = _tensor.Tensor
    for value in values:
        if isinstance(value, tensor_class) and value._requires_grad:
            return True
    return False


def _check_may_record(target: Tensor) -> None:
    """PyTorch's refusals: a leaf that requires grad, a view of one, or one of several views
    made at once (split, unbind)."""
    if target._output_nr is not None and target._base is not None and target.grad_fn:
        made_by = target.grad_fn.name().removesuffix("Backward0")
        raise RuntimeError(
            f"Output {target._output_nr} of {made_by} is a view and is being modified inplace. "
            "This view is the output of a function that returns multiple views. Such functions "
            "do not allow the output views to be modified inplace. You should replace the "
            "inplace operation by an out-of-place one."
        )
    if target.grad_fn is None and target._requires_grad:
        raise RuntimeError(LEAF_VIEW_MESSAGE if target._base is not None else LEAF_MESSAGE)
    base = target._base
    if base is not None and (base._requires_grad or target._requires_grad):
        if base.grad_fn is None and base._requires_grad:
            raise RuntimeError(LEAF_VIEW_MESSAGE)
        raise RuntimeError(VIEW_NOT_RECORDED_MESSAGE)


def _check_castable(result: Tensor, target: Tensor) -> None:
    """An in-place result may not move down a category (float into an integer tensor, an
    integer into a bool one): PyTorch refuses what NumPy would silently truncate."""
    if _dtypes._category(result._array.dtype) > _dtypes._category(target._array.dtype):
        raise RuntimeError(
            f"result type {result.dtype.scalar_name} can't be cast to the desired output type "
            f"{target.dtype.scalar_name}"
        )


def _write(target: Tensor, values: np.ndarray) -> None:
    try:
        np.copyto(target._array, values, casting="unsafe")
    except ValueError as error:
        if "read-only" in str(error):
            raise RuntimeError(OVERLAP_MESSAGE) from None
        raise RuntimeError(
            f"output with shape {list(target.shape)} doesn't match the broadcast shape "
            f"{list(values.shape)}"
        ) from None


# --- operations that only exist in place ------------------------------------------------------
class Fill(Op):
    """out = a tensor of a's shape filled with `value`;  ∂out/∂a = 0"""

    node_name = "FillBackward2"  # PyTorch's node for fill_ with a number

    @staticmethod
    def forward(ctx: Any, a: Tensor, value: float) -> np.ndarray:
        return np.full(a._array.shape, value, dtype=a._array.dtype)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return zeros_like(grad), None


class Zero(Fill):
    """out = zeros of a's shape (`zero_`);  ∂out/∂a = 0"""

    node_name = "ZeroBackward0"


class Copy(Op):
    """out = src broadcast to a's shape;  ∂out/∂a = 0,  ∂out/∂src = 1 (summed back to src)"""

    node_name = "torch::autograd::CopyBackwards"

    @staticmethod
    def forward(ctx: Any, a: Tensor, src: Tensor) -> np.ndarray:
        ctx.src_shape = src._array.shape
        check_shapes_broadcast(a._array.shape, src._array.shape)
        return np.broadcast_to(src._array, a._array.shape).astype(a._array.dtype)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        return zeros_like(grad), sum_to(grad, ctx.src_shape)


class IndexSet(Op):
    """out = a with out[index] = value;  ∂L/∂a = G with zeros at index,  ∂L/∂value = G[index]
    (PyTorch's node is CopySlices for a basic index, IndexPutBackward0 for array indices)"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, index: Any, value: Tensor) -> np.ndarray:
        out = a._array.copy()
        region = out[index]
        if np.shape(region) != value._array.shape:
            check_expandable(value._array.shape, np.shape(region))
        out[index] = value._array
        ctx.index, ctx.value_shape = index, value._array.shape
        ctx.node_name = "torch::autograd::CopySlices" if is_basic(index) else "IndexPutBackward0"
        return out

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, Any]:
        kept = np.ones(grad.shape, dtype=bool)
        kept[ctx.index] = False
        picked = pick(grad, ctx.index)
        return _elementwise._masked(grad, kept), None, sum_to(picked, ctx.value_shape)


# --- the functions the tensor methods call --------------------------------------------------
def add_(t: Tensor, other: Any, alpha: float = 1) -> Tensor:
    if alpha == 1 and updated_directly(t, other, np.add):
        return t
    return in_place(t, lambda x: _elementwise.add(x, other, alpha), other)


def sub_(t: Tensor, other: Any, alpha: float = 1) -> Tensor:
    if alpha == 1 and updated_directly(t, other, np.subtract):
        return t
    return in_place(t, lambda x: _elementwise.sub(x, other, alpha), other)


def mul_(t: Tensor, other: Any) -> Tensor:
    if updated_directly(t, other, np.multiply):
        return t
    return in_place(t, lambda x: _elementwise.mul(x, other), other)


def div_(t: Tensor, other: Any) -> Tensor:
    return in_place(t, lambda x: _elementwise.div(x, other), other)


def pow_(t: Tensor, exponent: Any) -> Tensor:
    return in_place(t, lambda x: _elementwise.pow(x, exponent), exponent)


def clamp_(t: Tensor, min: float | None = None, max: float | None = None) -> Tensor:  # noqa: A002
    return in_place(t, lambda x: _elementwise.clamp(x, min, max))


def fill_(t: Tensor, value: Any) -> Tensor:
    if isinstance(value, _tensor.Tensor):
        value = value.item()
    return in_place(t, lambda x: Fill.apply(x, value))


def zero_(t: Tensor) -> Tensor:
    return in_place(t, lambda x: Zero.apply(x, 0))


def copy_(t: Tensor, src: Any) -> Tensor:
    source = as_operand(src, t)
    return in_place(t, lambda x: Copy.apply(x, source), source)


def setitem(t: Tensor, key: Any, value: Any) -> None:
    if t._requires_grad and t.grad_fn is None and _grad_state.enabled:
        raise RuntimeError(LEAF_VIEW_MESSAGE)  # PyTorch writes through a view: x[key].copy_(v)
    index = numpy_index(key)
    source = as_operand(value, t)
    in_place(t, lambda x: IndexSet.apply(x, index, source), source)
