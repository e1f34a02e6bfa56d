"""Elementwise operations: forward and its chain rule side by side.

Each backward receives `grad` (∂L/∂out, a tensor of the output's shape) and returns ∂L/∂input
for each input. Binary operations broadcast; `sum_to` folds a gradient back to its input's shape.
Backward rules are tensor code, so with `create_graph=True` they are themselves recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from ..autograd.function import Op
from ._broadcast import as_operand, check_broadcastable, float_arrays, promoted_arrays, sum_to

if TYPE_CHECKING:
    from .._tensor import Tensor


def _wrap(array: np.ndarray) -> Tensor:
    return _tensor._wrap(array)


def _constant(array: np.ndarray | np.generic) -> Tensor:
    return _wrap(np.asarray(array))


# --- arithmetic -----------------------------------------------------------------------------
class Add(Op):
    """out = a + b;  ∂out/∂a = 1,  ∂out/∂b = 1"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        check_broadcastable(x, y)
        ctx.shapes = (x.shape, y.shape)
        return x + y

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        shape_a, shape_b = ctx.shapes
        need_a, need_b = ctx.needs_input_grad
        return (sum_to(grad, shape_a) if need_a else None, sum_to(grad, shape_b) if need_b else None)


class Sub(Op):
    """out = a - b;  ∂out/∂a = 1,  ∂out/∂b = -1"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        check_broadcastable(x, y)
        ctx.shapes = (x.shape, y.shape)
        return x - y

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        shape_a, shape_b = ctx.shapes
        need_a, need_b = ctx.needs_input_grad
        return (sum_to(grad, shape_a) if need_a else None, sum_to(-grad, shape_b) if need_b else None)


class Rsub(Sub):
    """out = b - a (a number minus a tensor, `2 - x`): Sub with its inputs swapped."""

    node_name = "RsubBackward1"

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        return Sub.forward(ctx, b, a)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        shape_b, shape_a = ctx.shapes
        need_a, need_b = ctx.needs_input_grad
        return (sum_to(-grad, shape_a) if need_a else None, sum_to(grad, shape_b) if need_b else None)


class Mul(Op):
    """out = a · b;  ∂out/∂a = b,  ∂out/∂b = a"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        check_broadcastable(x, y)
        ctx.save_for_backward(a, b)
        return x * y

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        a, b = ctx.saved_tensors
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
        return x / y

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = sum_to(grad / b, a.shape) if need_a else None
        grad_b = sum_to(-grad * a / (b * b), b.shape) if need_b else None
        return grad_a, grad_b


class Neg(Op):
    """out = -a;  ∂out/∂a = -1"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        return -a._array

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        return -grad


class Pow(Op):
    """out = aⁿ for a number n;  ∂out/∂a = n·aⁿ⁻¹"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, exponent: float) -> np.ndarray:
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        x = a._array
        if x.dtype.kind != "f" and (isinstance(exponent, float) or exponent < 0):
            x = x.astype(np.float32)
        return np.power(x, exponent)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, None]:
        (a,) = ctx.saved_tensors
        n = ctx.exponent
        if n == 0:
            return grad * 0.0, None
        return grad * n * a ** (n - 1), None


class PowTensor(Op):
    """out = aᵇ for tensors;  ∂out/∂a = b·aᵇ⁻¹,  ∂out/∂b = aᵇ·ln a"""

    node_name = "PowBackward1"
    saved_names = ("self", "exponent", "result")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> Tensor:
        x, y = float_arrays(a, b)
        check_broadcastable(x, y)
        result = _wrap(np.power(x, y))
        ctx.save_for_backward(a, b, result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor | None, Tensor | None]:
        a, b, result = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = sum_to(grad * b * a ** (b - 1), a.shape) if need_a else None
        # where a = 0 the factor ln a is -inf but aᵇ is 0: PyTorch's gradient there is 0
        log_a = where(a == 0, _constant(np.zeros((), a._array.dtype)), a.log()) if need_b else None
        grad_b = sum_to(grad * result * log_a, b.shape) if need_b else None
        return grad_a, grad_b


class RPow(PowTensor):
    """out = cᵃ for a number c (`2 ** x`): PowTensor with the base a constant."""

    node_name = "PowBackward2"


# --- functions of one tensor ----------------------------------------------------------------
def _float_array(a: Tensor) -> np.ndarray:
    x = a._array
    return x if x.dtype.kind == "f" else x.astype(np.float32)


class Exp(Op):
    """out = eᵃ;  ∂out/∂a = eᵃ = out"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        result = _wrap(np.exp(_float_array(a)))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        (result,) = ctx.saved_tensors
        return grad * result


class Log(Op):
    """out = ln a;  ∂out/∂a = 1/a"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(_float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        (a,) = ctx.saved_tensors
        return grad / a


class Sqrt(Op):
    """out = √a;  ∂out/∂a = 1/(2√a) = 1/(2·out)"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        with np.errstate(invalid="ignore"):
            result = _wrap(np.sqrt(_float_array(a)))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        (result,) = ctx.saved_tensors
        return grad / (2 * result)


class Abs(Op):
    """out = |a|;  ∂out/∂a = sign(a)  (0 at a = 0, as in PyTorch)"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        return np.abs(a._array)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        (a,) = ctx.saved_tensors
        return grad * _constant(np.sign(a._array))


class Sin(Op):
    """out = sin a;  ∂out/∂a = cos a"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        return np.sin(_float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        (a,) = ctx.saved_tensors
        return grad * a.cos()


class Cos(Op):
    """out = cos a;  ∂out/∂a = -sin a"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        return np.cos(_float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        (a,) = ctx.saved_tensors
        return -grad * a.sin()


class Tanh(Op):
    """out = tanh a;  ∂out/∂a = 1 - tanh² a = 1 - out²"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        result = _wrap(np.tanh(_float_array(a)))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        (result,) = ctx.saved_tensors
        return grad * (1 - result * result)


class Sigmoid(Op):
    """out = σ(a) = 1/(1 + e⁻ᵃ);  ∂out/∂a = σ(a)(1 - σ(a)) = out(1 - out)"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        x = _float_array(a)
        # written with e^(-|x|) so that neither branch overflows
        e = np.exp(-np.abs(x))
        result = _wrap(np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        (result,) = ctx.saved_tensors
        return grad * result * (1 - result)


class Relu(Op):
    """out = max(a, 0);  ∂out/∂a = 1 where out > 0, else 0"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        result = _wrap(np.maximum(a._array, 0).astype(a._array.dtype, copy=False))
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        (result,) = ctx.saved_tensors
        return grad * _constant(result._array > 0)


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
        return np.clip(a._array, low, high).astype(a._array.dtype, copy=False)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, None, None]:
        (a,) = ctx.saved_tensors
        low, high = ctx.bounds
        inside = np.ones(a._array.shape, dtype=bool)
        if low is not None:
            inside &= a._array >= low
        if high is not None:
            inside &= a._array <= high
        return grad * _constant(inside), None, None


class Sign(Op):
    """out = sign(a);  ∂out/∂a = 0 (flat almost everywhere)"""

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        return np.sign(a._array)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> Tensor:
        return grad * 0


# --- choosing between two tensors -----------------------------------------------------------
class Maximum(Op):
    """out = max(a, b);  the gradient goes to the larger one, split in half on a tie"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        check_broadcastable(x, y)
        ctx.save_for_backward(a, b)
        return np.maximum(x, y)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, Tensor]:
        a, b = ctx.saved_tensors
        share_a = (a._array > b._array) + 0.5 * (a._array == b._array)
        return _split(grad, share_a, a.shape, b.shape)


class Minimum(Op):
    """out = min(a, b);  the gradient goes to the smaller one, split in half on a tie"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        check_broadcastable(x, y)
        ctx.save_for_backward(a, b)
        return np.minimum(x, y)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, Tensor]:
        a, b = ctx.saved_tensors
        share_a = (a._array < b._array) + 0.5 * (a._array == b._array)
        return _split(grad, share_a, a.shape, b.shape)


def _split(grad: Tensor, share_a: np.ndarray, shape_a: Any, shape_b: Any) -> tuple[Tensor, Tensor]:
    """Send `share_a` of the gradient to a and the rest to b."""
    share = _constant(share_a.astype(grad._array.dtype))
    return sum_to(grad * share, tuple(shape_a)), sum_to(grad * (1 - share), tuple(shape_b))


class Where(Op):
    """out = a where condition else b;  the gradient follows the same choice"""

    @staticmethod
    def forward(ctx: Any, condition: Tensor, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = promoted_arrays(a, b)
        ctx.condition = condition._array
        ctx.shapes = (x.shape, y.shape)
        return np.where(condition._array, x, y)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[None, Tensor, Tensor]:
        shape_a, shape_b = ctx.shapes
        chosen = _constant(ctx.condition)
        zero = _constant(np.zeros((), grad._array.dtype))
        return (
            None,
            sum_to(where(chosen, grad, zero), shape_a),
            sum_to(where(chosen, zero, grad), shape_b),
        )


# --- the functions the tensor methods call --------------------------------------------------
def add(a: Tensor, b: Any, alpha: float = 1) -> Tensor:
    other = as_operand(b, a)
    return Add.apply(a, other if alpha == 1 else other * alpha)


def sub(a: Tensor, b: Any, alpha: float = 1) -> Tensor:
    other = as_operand(b, a)
    return Sub.apply(a, other if alpha == 1 else other * alpha)


def rsub(a: Tensor, b: Any) -> Tensor:
    return Rsub.apply(a, as_operand(b, a))


def mul(a: Tensor, b: Any) -> Tensor:
    return Mul.apply(a, as_operand(b, a))


def div(a: Tensor, b: Any) -> Tensor:
    return Div.apply(a, as_operand(b, a))


def rdiv(a: Tensor, b: Any) -> Tensor:
    return Div.apply(as_operand(b, a), a)


def pow(a: Tensor, exponent: Any) -> Tensor:  # noqa: A001 - PyTorch's name
    if isinstance(exponent, (int, float)) and not isinstance(exponent, bool):
        return Pow.apply(a, exponent)
    return PowTensor.apply(a, as_operand(exponent, a))


def rpow(a: Tensor, base: Any) -> Tensor:
    return RPow.apply(as_operand(base, a), a)


def where(condition: Tensor, a: Any, b: Any) -> Tensor:
    """Elements of `a` where `condition` holds, else of `b`."""
    if isinstance(a, _tensor.Tensor):
        b = as_operand(b, a)
    elif isinstance(b, _tensor.Tensor):
        a = as_operand(a, b)
    else:
        a, b = _tensor.tensor(a), _tensor.tensor(b)
    return Where.apply(condition, a, b)


def maximum(a: Tensor, b: Tensor) -> Tensor:
    return Maximum.apply(a, as_operand(b, a))


def minimum(a: Tensor, b: Tensor) -> Tensor:
    return Minimum.apply(a, as_operand(b, a))


def clamp(a: Tensor, min: float | None = None, max: float | None = None) -> Tensor:  # noqa: A002
    return Clamp.apply(a, min, max)


class ToDtype(Op):
    """out = a converted to another dtype;  ∂out/∂a = 1 (converted back)"""

    @staticmethod
    def forward(ctx: Any, a: Tensor, dtype: Any) -> np.ndarray:
        ctx.input_dtype = a.dtype
        return a._array.astype(dtype.numpy)

    @staticmethod
    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, None]:
        return grad.to(ctx.input_dtype), None
