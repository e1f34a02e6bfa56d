"""Elementwise operations: forward and its chain rule side by side.

Each backward receives `grad` (∂L/∂out, of the output's shape) and returns ∂L/∂input for each
input. Binary operations broadcast; `sum_to` folds a gradient back to its input's shape.
A rule works on NumPy arrays (the usual backward) and on tensors (`create_graph=True`, where it
is itself recorded): see `Op` and `_math`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from .. import dtypes as _dtypes
from ..autograd.function import Op
from ._broadcast import (
    as_operand,
    check_broadcastable,
    check_shapes_broadcast,
    float_array,
    float_arrays,
    operands,
    promoted_arrays,
    sum_to,
)
from ._math import cos, is_tensor, log, numpy_of, quiet, sin, sqrt, to_dtype, zeros_like

if TYPE_CHECKING:
    from .._tensor import Tensor


def _wrap(array: np.ndarray) -> Tensor:
    return _tensor._wrap(array)


def _masked(grad: Any, keep: np.ndarray) -> Any:
    """`grad` where `keep` holds, else +0: the backward of every choice (clamp, max, ...);
    recorded as a `where` for a tensor, so that gradients of gradients follow the same choice."""
    if is_tensor(grad):
        return Where.apply(keep, grad, _wrap(np.zeros((), grad._array.dtype)))
    values = np.asarray(grad)
    mask = _as_integers(keep, values)
    np.negative(mask, out=mask)  # True -> -1: all bits set
    return _and_bits(values, mask)


def _zeroed_where(grad: Any, drop: np.ndarray) -> Any:
    """`grad`, but +0 where `drop` holds. Not `_masked(grad, ~drop)`: one pass less, and a
    rule whose test is "a <= b" keeps the gradient where a or b is NaN (a comparison with NaN
    is False), as PyTorch's rules do (relu's `result <= 0 ? 0 : grad`)."""
    if is_tensor(grad):
        return Where.apply(~drop, grad, _wrap(np.zeros((), grad._array.dtype)))
    values = np.asarray(grad)
    mask = _as_integers(drop, values)
    np.subtract(mask, 1, out=mask)  # True -> 0, False -> -1: all bits set
    return _and_bits(values, mask)


def _as_integers(flags: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The flags as 0/1 integers as wide as `values`' elements, a new array to compute the
    mask in. A cast, then arithmetic in place: `np.negative(flags, dtype=...)` casts in
    buffered chunks and takes twice as long (W5's 256x512 relu masks: 24 -> 12 µs)."""
    return np.asarray(flags).astype(f"i{values.dtype.itemsize}")


def _and_bits(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """np.where(mask, values, 0) bit for bit (nan, inf and -0 kept where kept, +0 elsewhere),
    for a mask of all-ones or all-zeros integers: the values' bits and-ed with the mask.
    np.where takes a branch per element: on W5's random 256x512 ReLU masks 460 µs, this 45 µs
    (W5 -8%)."""
    bits = mask.dtype
    if mask.ndim == 0 or mask.shape != values.shape:  # (0-d, or a mask that broadcasts)
        return np.asarray(values.view(bits) & mask).view(values.dtype)
    np.bitwise_and(values.view(bits), mask, out=mask)  # in place: one array less
    return mask.view(values.dtype)


def _select(condition: np.ndarray, a: Any, b: Any) -> Any:
    """`where(condition, a, b)` for array or tensor values (the condition is not differentiated)."""
    if is_tensor(a) or is_tensor(b):
        return where(condition, a, b)
    return np.where(condition, a, b)



# --- arithmetic -----------------------------------------------------------------------------
class Add(Op):
    """out = a + α·b (α = 1 unless given);  ∂out/∂a = 1,  ∂out/∂b = α"""

    # What backward reads. A node stores a value only where it differs from these defaults,
    # so most nodes have no attribute dict: one object less per op for the garbage collector.
    shapes: tuple[tuple[int, ...], tuple[int, ...]] | None = None  # when broadcasting
    alpha: float = 1
    saved_attributes = ("alpha",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor, alpha: float = 1) -> np.ndarray:
        x, y = operands(a, b)
        _keep_shapes_if_broadcast(ctx, b, x, y)
        if alpha != 1:
            ctx.alpha = alpha
            return x + alpha * y
        return x + y

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        need_a, need_b = ctx.needs_input_grad[:2]
        return _unbroadcast(ctx, grad if need_a else None, _scaled(grad, ctx.alpha, need_b))


class Sub(Op):
    """out = a - α·b (α = 1 unless given);  ∂out/∂a = 1,  ∂out/∂b = -α"""

    shapes: tuple[tuple[int, ...], tuple[int, ...]] | None = None  # as Add's
    alpha: float = 1
    saved_attributes = ("alpha",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor, alpha: float = 1) -> np.ndarray:
        x, y = operands(a, b)
        _keep_shapes_if_broadcast(ctx, b, x, y)
        if alpha != 1:
            ctx.alpha = alpha
            return x - alpha * y
        try:
            return x - y
        except TypeError:  # (only two bools: NumPy refuses, and PyTorch, in its own words)
            raise RuntimeError(_BOOLS_SUBTRACTED) from None

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        need_a, need_b = ctx.needs_input_grad[:2]
        return _unbroadcast(ctx, grad if need_a else None, _scaled(grad, -ctx.alpha, need_b))


def _keep_shapes_if_broadcast(ctx: Any, b: Tensor, x: np.ndarray, y: np.ndarray) -> None:
    """Keep both input shapes when broadcasting made them differ: backward sums back to them.
    Not for a Python number (`x + 2`): the output has a's shape, and a number needs no gradient
    (no attribute dict on the node: 0.3 µs, and 0.4 µs less in backward)."""
    if x.shape != y.shape and type(b) is not _tensor._Number:
        ctx.shapes = (x.shape, y.shape)


def _scaled(grad: Any, alpha: float, needed: bool) -> Any:
    """α·grad, the gradient of the second operand of a ± α·b (None when not needed)."""
    if not needed:
        return None
    if alpha == 1:
        return grad
    return -grad if alpha == -1 else grad * alpha


def _unbroadcast(ctx: Any, grad_a: Any, grad_b: Any) -> tuple[Any, Any]:
    """Each gradient summed back to its input's shape, if broadcasting changed it."""
    if ctx.shapes is None:
        return grad_a, grad_b
    shape_a, shape_b = ctx.shapes
    return (
        None if grad_a is None else sum_to(grad_a, shape_a),
        None if grad_b is None else sum_to(grad_b, shape_b),
    )


_BOOLS_SUBTRACTED = ("Subtraction, the `-` operator, with two bool tensors is not supported. "
                     "Use the `^` or `logical_xor()` operator instead.")


class Rsub(Op):
    """out = c - a for a Python number c (`2 - x`);  ∂out/∂a = -1
    (the number is not a tensor input, so the node has one edge, as in PyTorch)"""

    node_name = "RsubBackward1"

    @staticmethod
    def forward(ctx: Any, a: Tensor, c: float) -> np.ndarray:
        x, y = promoted_arrays(as_operand(c, a), a)
        try:
            return x - y
        except TypeError:  # (as Sub)
            raise RuntimeError(_BOOLS_SUBTRACTED) from None

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return -grad, None


class Mul(Op):
    """out = a · b;  ∂out/∂a = b,  ∂out/∂b = a"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = operands(a, b)
        ctx.save_for_backward(a, b)
        return x * y

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, b = ctx.saved_values(grad)
        need_a, need_b = ctx.needs_input_grad
        grad_a = sum_to(grad * b, a.shape) if need_a else None
        grad_b = sum_to(grad * a, b.shape) if need_b else None
        return grad_a, grad_b


class Div(Op):
    """out = a / b;  ∂out/∂a = 1/b,  ∂out/∂b = -a/b²"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = float_arrays(a, b)
        check_broadcastable(x, y)
        ctx.save_for_backward(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):  # 1/0 is inf, silently
            return x / y

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, b = ctx.saved_values(grad)
        need_a, need_b = ctx.needs_input_grad
        with quiet():
            grad_a = sum_to(grad / b, a.shape) if need_a else None
            grad_b = sum_to(-grad * ((a / b) / b), b.shape) if need_b else None
        return grad_a, grad_b


class Neg(Op):
    """out = -a;  ∂out/∂a = -1"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        try:
            return -a._array
        except TypeError:  # (NumPy refuses to negate bools; PyTorch too, in its own words)
            raise RuntimeError(
                "Negation, the `-` operator, on a bool tensor is not supported. If you are "
                "trying to invert a mask, use the `~` or `logical_not()` operator instead."
            ) from None

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return -grad


class Pow(Op):
    """out = aⁿ for a number n;  ∂out/∂a = n·aⁿ⁻¹"""

    saved_names = ("self",)
    saved_attributes = ("exponent",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, exponent: float) -> np.ndarray:
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        x = a._array
        if x.dtype.kind != "f":
            if isinstance(exponent, float):
                x = x.astype(np.float32)
            elif exponent < 0:
                raise RuntimeError(NEGATIVE_INTEGER_POWER)
        if type(exponent) is int and exponent > 0:
            # (a positive integer power neither divides by 0 nor makes a NaN: no need for
            # np.errstate, which costs 1 µs)
            return np.power(x, exponent)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.power(x, exponent)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        (a,) = ctx.saved_values(grad)
        n = ctx.exponent
        if n == 0:
            return zeros_like(grad), None
        if n == 2:  # 2a as a + a: the same bits, and no Python number for NumPy to convert
            return grad * (a + a), None
        with quiet():  # 0 to a negative power is inf
            if n == 0.5:  # a^-0.5 as 1/√a, as PyTorch computes it: -0 gives -inf, -inf NaN
                return grad * (0.5 / sqrt(a)), None
            return grad * (n * a ** (n - 1)), None


class PowTensor(Op):
    """out = aᵇ for tensors;  ∂out/∂a = b·aᵇ⁻¹,  ∂out/∂b = aᵇ·ln a"""

    node_name = "PowBackward1"
    saved_names = ("self", "exponent", "result")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> Tensor:
        x, y = promoted_arrays(a, b)
        check_broadcastable(x, y)
        result = _wrap(_power(x, y))
        ctx.save_for_backward(a, b, result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, b, result = ctx.saved_values(grad)
        need_a, need_b = ctx.needs_input_grad
        grad_a = grad_b = None
        if need_a:
            flat = numpy_of(b) == 0  # where b = 0 the slope is 0, even at a = 0
            with quiet():
                grad_a = sum_to(_select(flat, 0, grad * (b * a ** (b - 1))), a.shape)
        if need_b:
            grad_b = sum_to(grad * _result_times_log(result, a, b), b.shape)
        return grad_a, grad_b


class RPow(Op):
    """out = cᵃ for a Python number c (`2 ** x`);  ∂out/∂a = cᵃ·ln c = out·ln c
    (the number is not a tensor input, so the node has one edge, as in PyTorch)"""

    node_name = "PowBackward2"
    saved_names = ("result", "exponent")

    @staticmethod
    def forward(ctx: Any, c: float, a: Tensor) -> Tensor:
        base = as_operand(c, a)
        result = _wrap(_power(*promoted_arrays(base, a)))
        ctx.base = base._array  # a constant: NumPy's, whatever the mode of the backward
        ctx.save_for_backward(result, a)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[None, Any]:
        result, a = ctx.saved_values(grad)
        return None, grad * _result_times_log(result, ctx.base, a)


NEGATIVE_INTEGER_POWER = "Integers to negative integer powers are not allowed."


def _power(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """xʸ with PyTorch's rules: integers stay integers (but refuse negative powers); a negative
    base to a fractional power is nan, silently."""
    if y.dtype.kind in "iu" and np.any(y < 0):
        raise RuntimeError(NEGATIVE_INTEGER_POWER)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.power(x, y)


def _result_times_log(result: Any, base: Any, exponent: Any) -> Any:
    """aᵇ·ln a, the factor of ∂(aᵇ)/∂b; PyTorch makes it 0 where a = 0 and b ≥ 0 (ln 0 is
    -inf, but 0ᵇ = 0 does not change with b > 0)."""
    flat = (numpy_of(base) == 0) & (numpy_of(exponent) >= 0)
    with quiet():
        return _select(flat, 0, result * log(base))


# --- functions of one tensor ----------------------------------------------------------------
class Exp(Op):
    """out = eᵃ;  ∂out/∂a = eᵃ = out"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        with np.errstate(over="ignore"):
            result = _wrap(np.exp(float_array(a)))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (result,) = ctx.saved_values(grad)
        return grad * result


class Log(Op):
    """out = ln a;  ∂out/∂a = 1/a"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        with quiet():
            return grad / a


class Sqrt(Op):
    """out = √a;  ∂out/∂a = 1/(2√a) = 1/(2·out)"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        with np.errstate(invalid="ignore"):
            result = _wrap(np.sqrt(float_array(a)))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (result,) = ctx.saved_values(grad)
        with quiet():
            return grad / (2 * result)


class Abs(Op):
    """out = |a|;  ∂out/∂a = sign(a)  (0 at a = 0, as in PyTorch)"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        if a._array.dtype.kind == "b":  # (NumPy's abs keeps bools; PyTorch has none for them)
            raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
        ctx.save_for_backward(a)
        return np.abs(a._array)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        return grad * sign_of(numpy_of(a))  # the sign is a constant: not differentiated


class Sin(Op):
    """out = sin a;  ∂out/∂a = cos a"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        return np.sin(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        return grad * cos(a)


class Cos(Op):
    """out = cos a;  ∂out/∂a = -sin a"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        return np.cos(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        return -grad * sin(a)


class Tanh(Op):
    """out = tanh a;  ∂out/∂a = 1 - tanh² a = 1 - out²"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        result = _wrap(np.tanh(float_array(a)))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (result,) = ctx.saved_values(grad)
        # grad·(1 - out²), spelled without the Python number 1: NumPy takes 0.3 µs to fit a
        # Python number to an array's dtype, more than the subtraction itself (W2 -4%)
        return grad - grad * result * result


class Sigmoid(Op):
    """out = σ(a) = 1/(1 + e⁻ᵃ);  ∂out/∂a = σ(a)(1 - σ(a)) = out(1 - out)"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        x = float_array(a)
        # written with e^(-|x|) so that neither branch overflows
        e = np.exp(-np.abs(x))
        result = _wrap(np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (result,) = ctx.saved_values(grad)
        return grad * result * (1 - result)


class Relu(Op):
    """out = max(a, 0);  ∂out/∂a = 1 where out > 0, else 0"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        # 0 first: on a tie NumPy returns its second argument, and PyTorch's relu(-0.) is -0.
        result = _wrap(np.maximum(0, a._array).astype(a._array.dtype, copy=False))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (result,) = ctx.saved_values(grad)
        return _zeroed_where(grad, numpy_of(result) <= 0)  # (a NaN result passes grad on)


class LeakyRelu(Op):
    """out = a where a > 0, else slope·a;  ∂out/∂a = 1 where a > 0, else slope
    (as PyTorch: a NaN input passes the gradient times the slope)"""

    node_name = "LeakyReluBackward0"
    saved_names = ("self",)
    saved_attributes = ("negative_slope",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, negative_slope: float) -> np.ndarray:
        x = a._array
        if x.dtype.kind != "f":
            kind = a.dtype.scalar_name
            raise NotImplementedError(f"\"leaky_relu_cpu\" not implemented for '{kind}'")
        ctx.save_for_backward(a)
        ctx.negative_slope = negative_slope
        return np.where(x > 0, x, x * negative_slope)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        (a,) = ctx.saved_values(grad)
        x = numpy_of(a)
        slopes = np.where(x > 0, 1.0, ctx.negative_slope).astype(x.dtype)  # a constant
        return grad * slopes, None


class Clamp(Op):
    """out = min(max(a, low), high);  ∂out/∂a = 1 where low ≤ a ≤ high, else 0"""

    node_name = "ClampBackward1"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, low: float | None, high: float | None) -> np.ndarray:
        if low is None and high is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        ctx.save_for_backward(a)
        ctx.bounds = (low, high)
        x = a._array
        if x.dtype.kind != "f" and (isinstance(low, float) or isinstance(high, float)):
            x = x.astype(np.float32)  # a float bound makes an integer tensor float32
        return np.clip(x, low, high).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        (a,) = ctx.saved_values(grad)
        x = numpy_of(a)
        low, high = ctx.bounds
        inside = np.ones(x.shape, dtype=bool)
        if low is not None:
            inside &= x >= low
        if high is not None:
            inside &= x <= high
        return _masked(grad, inside), None, None


def sign_of(x: np.ndarray) -> np.ndarray:
    """-1, 0 or 1, as PyTorch computes it, (0 < x) - (x < 0): NaN's sign is 0 (NumPy's NaN).
    A bool is its own sign (NumPy has no sign for bools); a 0-d array stays an array (NumPy
    gives a scalar, which copyto cannot write into)."""
    if x.dtype.kind == "b":
        return x.copy()
    signs = np.asarray(np.sign(x))
    if signs.dtype.kind == "f":
        np.copyto(signs, 0, where=np.isnan(signs))
    return signs


class Sign(Op):
    """out = sign(a);  ∂out/∂a = 0 (flat almost everywhere)"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        return sign_of(a._array)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        return zeros_like(grad)


class MaskedFill(Op):
    """out = value where mask, else a (broadcast together);  ∂out/∂a = 1 where the mask is off,
    else 0, summed back to a's shape (the mask is a NumPy bool array, not a tensor input: no
    edge, as in PyTorch)"""

    saved_attributes = ("mask",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, mask: np.ndarray, value: float) -> np.ndarray:
        x = a._array
        check_broadcastable(mask, x)  # (PyTorch names the mask a, the tensor b)
        ctx.mask, ctx.input_shape = mask, x.shape
        return np.where(mask, np.asarray(value, dtype=x.dtype), x)  # (either may broadcast)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        kept = _zeroed_where(grad, np.broadcast_to(ctx.mask, grad.shape))
        return sum_to(kept, ctx.input_shape), None, None


def masked_fill(a: Tensor, mask: Tensor, value: Any) -> Tensor:
    """`a.masked_fill(mask, value)`: PyTorch's checks and messages, then MaskedFill."""
    if mask.dtype.name != "bool":
        raise RuntimeError(
            f"masked_fill_ only supports boolean masks, but got mask with dtype "
            f"{mask.dtype.c_name}"
        )
    if is_tensor(value):
        if value.ndim:
            raise RuntimeError(
                "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                f"{value.ndim} dimension(s)."
            )
        if value.requires_grad:
            raise NotImplementedError(
                "visgrad's masked_fill takes a number (or a tensor that needs no gradient) as "
                "the value; for a value that requires grad, write torch.where(mask, value, a)."
            )
        value = value.item()
    return MaskedFill.apply(a, mask._array, value)


# --- choosing between two tensors -----------------------------------------------------------
class Maximum(Op):
    """out = max(a, b);  the gradient goes to the larger one, split in half on a tie"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        check_broadcastable(x, y)
        ctx.save_for_backward(a, b)
        return np.maximum(y, x)  # (reversed: on a tie, -0 vs 0, PyTorch gives a, NumPy its second)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, b = ctx.saved_values(grad)
        x, y = numpy_of(a), numpy_of(b)
        return _split(grad, x < y, x > y, x == y, a.shape, b.shape)


class Minimum(Op):
    """out = min(a, b);  the gradient goes to the smaller one, split in half on a tie"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        check_broadcastable(x, y)
        ctx.save_for_backward(a, b)
        return np.minimum(y, x)  # (reversed, as in Maximum)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, b = ctx.saved_values(grad)
        x, y = numpy_of(a), numpy_of(b)
        return _split(grad, x > y, x < y, x == y, a.shape, b.shape)


def _split(
    grad: Any,
    a_loses: np.ndarray,
    b_loses: np.ndarray,
    ties: np.ndarray,
    shape_a: Any,
    shape_b: Any,
) -> tuple[Any, Any]:
    """The gradient goes to the winner; on a tie each side gets half. Told by who *loses*,
    as PyTorch's rules are: where a NaN made the comparison False, both sides get it."""
    if ties.any():
        half = _masked(grad * 0.5, ties)
        to_a = _zeroed_where(grad, a_loses | ties) + half
        to_b = _zeroed_where(grad, b_loses | ties) + half
    else:
        to_a, to_b = _zeroed_where(grad, a_loses), _zeroed_where(grad, b_loses)
    return sum_to(to_a, tuple(shape_a)), sum_to(to_b, tuple(shape_b))


class Where(Op):
    """out = a where condition else b;  the gradient follows the same choice
    (the condition is a NumPy bool array, not a tensor input: no edge, as in PyTorch)"""

    @staticmethod
    def forward(ctx: Any, condition: np.ndarray, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        if not (condition.shape == x.shape == y.shape):
            check_shapes_broadcast(condition.shape, x.shape)
            check_shapes_broadcast(np.broadcast_shapes(condition.shape, x.shape), y.shape)
        ctx.condition = condition
        ctx.shapes = (x.shape, y.shape)
        return np.where(condition, x, y)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[None, Any, Any]:
        shape_a, shape_b = ctx.shapes
        _, need_a, need_b = ctx.needs_input_grad
        grad_a = sum_to(_select(ctx.condition, grad, 0), shape_a) if need_a else None
        grad_b = sum_to(_select(ctx.condition, 0, grad), shape_b) if need_b else None
        return None, grad_a, grad_b


# --- the functions the tensor methods call --------------------------------------------------
def add(a: Tensor, b: Any, alpha: float = 1) -> Tensor:
    other = as_operand(b, a)
    return Add.apply(a, other) if alpha == 1 else Add.apply(a, other, alpha)


def sub(a: Tensor, b: Any, alpha: float = 1) -> Tensor:
    other = as_operand(b, a)
    return Sub.apply(a, other) if alpha == 1 else Sub.apply(a, other, alpha)


def rsub(a: Tensor, b: Any) -> Tensor:
    """`b - a` when b is not a tensor (`2 - x`)."""
    if isinstance(b, (bool, int, float)):
        return Rsub.apply(a, b)
    return Sub.apply(as_operand(b, a), a)


def mul(a: Tensor, b: Any) -> Tensor:
    return Mul.apply(a, as_operand(b, a))


def div(a: Tensor, b: Any) -> Tensor:
    return Div.apply(a, as_operand(_as_divided(b, a), a))


def rdiv(a: Tensor, b: Any) -> Tensor:
    return Div.apply(as_operand(_as_divided(b, a), a), a)


def _as_divided(number: Any, a: Tensor) -> Any:
    """A Python int in a true division with an integer or bool tensor takes part as the number
    it is (the division is in floats), not wrapped into the tensor's dtype first, as PyTorch:
    uint8 / -1 is -x (not x / 255), int8 / 300 is x / 300."""
    if type(number) is int and a._array.dtype.kind in "biu":
        return float(number)
    return number


def pow(a: Tensor, exponent: Any) -> Tensor:  # noqa: A001 - PyTorch's name
    if isinstance(exponent, (int, float)) and not isinstance(exponent, bool):
        return Pow.apply(a, exponent)
    return PowTensor.apply(a, as_operand(exponent, a))


def rpow(a: Tensor, base: Any) -> Tensor:
    """`base ** a` when base is not a tensor (`2 ** x`)."""
    if isinstance(base, (bool, int, float)):
        return RPow.apply(base, a)
    return PowTensor.apply(as_operand(base, a), a)


def where(condition: Tensor | np.ndarray, a: Any, b: Any) -> Tensor:
    """Elements of `a` where `condition` holds, else of `b`."""
    if isinstance(a, _tensor.Tensor):
        b = as_operand(b, a)
    elif isinstance(b, _tensor.Tensor):
        a = as_operand(a, b)
    else:
        a, b = _tensor.tensor(a), _tensor.tensor(b)
    mask = condition._array if isinstance(condition, _tensor.Tensor) else np.asarray(condition)
    if mask.dtype != np.bool_:
        name = _dtypes.BY_NUMPY[mask.dtype].scalar_name
        raise RuntimeError(
            "where expected condition to be a boolean tensor, but got a tensor with dtype "
            f"{name}"
        )
    return Where.apply(mask, a, b)


def maximum(a: Tensor, b: Tensor) -> Tensor:
    return Maximum.apply(a, as_operand(b, a))


def minimum(a: Tensor, b: Tensor) -> Tensor:
    return Minimum.apply(a, as_operand(b, a))


def clamp(a: Tensor, min: float | None = None, max: float | None = None) -> Tensor:  # noqa: A002
    return Clamp.apply(a, min, max)


class ToDtype(Op):
    """out = a converted to another dtype;  ∂out/∂a = 1 (converted back)"""

    node_name = "ToCopyBackward0"

    @staticmethod
    def forward(ctx: Any, a: Tensor, dtype: Any) -> np.ndarray:
        ctx.input_dtype = a.dtype
        return a._array.astype(dtype.numpy)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        return to_dtype(grad, ctx.input_dtype), None
