"""The smooth activations PyTorch records as single nodes: GELU, SiLU, Softplus, ELU.

Each is one operation (GeluBackward0, SiluBackward0, SoftplusBackward0, EluBackward0), with its
derivative beside it, and the function of `nn.functional` that calls it. Their backward rules
work on NumPy arrays and on tensors alike (see `Op`), so gradients of gradients work. The exact
GELU needs erf, which no tensor operation computes: its backward is itself an operation,
GeluBackwardBackward0, as in PyTorch.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from ..autograd.function import Op
from ..ops import elementwise as _ew
from ..ops._math import exp, is_tensor, numpy_of

if TYPE_CHECKING:
    from .._tensor import Tensor

SQRT_2_OVER_PI = math.sqrt(2 / math.pi)
ONE_OVER_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
TANH_CUBIC = 0.044715  # the cubic term of GELU's tanh approximation


def _floating(a: Tensor, kernel: str) -> np.ndarray:
    """The input's array; PyTorch's refusal for an integer or bool tensor."""
    x = a._array
    if x.dtype.kind != "f":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{a.dtype.scalar_name}\'')
    return x


def _sigmoid(v: Any) -> Any:
    """σ(v) = 1 / (1 + e⁻ᵛ): the tensor operation, or NumPy's without overflow."""
    if is_tensor(v):
        return v.sigmoid()
    e = np.exp(-np.abs(v))
    return np.where(v >= 0, 1 / (1 + e), e / (1 + e)).astype(np.asarray(v).dtype, copy=False)


def _tanh(v: Any) -> Any:
    return v.tanh() if is_tensor(v) else np.tanh(v)


def _where(condition: np.ndarray, a: Any, b: Any) -> Any:
    """a where condition, else b (recorded as a `where` when a or b is a tensor)."""
    if is_tensor(a) or is_tensor(b):
        return _ew.where(condition, a, b)
    return np.where(condition, a, b)


# erf has no NumPy ufunc: Python's math.erf (the C library's, exact to the last bit in float64)
# applied to each element. Slower than a ufunc, but GELU's tensors in a lesson are small.
_erf = np.frompyfunc(math.erf, 1, 1)


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Φ(x) = (1 + erf(x/√2)) / 2, in x's dtype (erf's float64 value rounded to it first, as
    PyTorch's float32 kernel rounds: far in the left tail, 1 + erf is then exactly 0)."""
    z = x * np.asarray(1 / math.sqrt(2), x.dtype)
    erf = _erf(z.astype(np.float64)).astype(x.dtype)
    return 0.5 * (1 + erf)


# --- GELU ---------------------------------------------------------------------------------------
def _gelu(x: np.ndarray, approximate: str) -> np.ndarray:
    """x·Φ(x), or 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))); in x's dtype, in PyTorch's order."""
    if approximate == "tanh":
        inner = SQRT_2_OVER_PI * (x + TANH_CUBIC * x * x * x)
        return 0.5 * x * (1 + np.tanh(inner))
    return x * _normal_cdf(x)


def _gelu_slope(x: np.ndarray, approximate: str) -> np.ndarray:
    """GELU'(x) = Φ(x) + x·φ(x), with φ(x) = e^(-x²/2)/√(2π) (tanh: its own derivative), in
    x's dtype."""
    if approximate == "tanh":
        t = np.tanh(SQRT_2_OVER_PI * (x + TANH_CUBIC * x * x * x))
        inner_slope = SQRT_2_OVER_PI * (1 + 3 * TANH_CUBIC * x * x)
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * inner_slope
    return _normal_cdf(x) + x * np.exp(-0.5 * x * x) * ONE_OVER_SQRT_2PI


def _gelu_curvature(a: Any, approximate: str) -> Any:
    """GELU''(a) = φ(a)·(2 - a²) (tanh: the derivative of its slope), for arrays or tensors."""
    if approximate == "tanh":
        inner_slope = SQRT_2_OVER_PI * (1 + 3 * TANH_CUBIC * a * a)
        t = _tanh(SQRT_2_OVER_PI * (a + TANH_CUBIC * a * a * a))
        flat = 1 - t * t  # tanh'
        return flat * inner_slope + 0.5 * a * flat * (
            SQRT_2_OVER_PI * 6 * TANH_CUBIC * a - 2 * t * inner_slope * inner_slope
        )
    return exp(a * a * -0.5) * ONE_OVER_SQRT_2PI * (2 - a * a)


class Gelu(Op):
    """out = a·Φ(a), Φ the standard normal distribution function (or its tanh approximation);
    ∂out/∂a = Φ(a) + a·φ(a), φ(a) = e^(-a²/2)/√(2π)"""

    saved_names = ("self",)
    saved_attributes = ("approximate",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, approximate: str) -> np.ndarray:
        x = _floating(a, "GeluKernelImpl")
        ctx.save_for_backward(a)
        ctx.approximate = approximate
        return _gelu(x, approximate)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        (a,) = ctx.saved_values(grad)
        if is_tensor(grad):  # recorded: the rule is an operation of its own, as in PyTorch
            return GeluBackward.apply(grad, a, ctx.approximate), None
        return grad * _gelu_slope(a, ctx.approximate), None


class GeluBackward(Op):
    """GELU's backward as an operation (met only inside a recorded backward):
    out = g·GELU'(a);  ∂out/∂g = GELU'(a),  ∂out/∂a = g·GELU''(a)"""

    node_name = "GeluBackwardBackward0"
    saved_names = ("grad_output", "self")
    saved_attributes = ("approximate",)

    @staticmethod
    def forward(ctx: Any, grad: Tensor, a: Tensor, approximate: str) -> np.ndarray:
        ctx.save_for_backward(grad, a)
        ctx.approximate = approximate
        return grad._array * _gelu_slope(a._array, approximate)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any, None]:
        grad_output, a = ctx.saved_values(grad)
        need_grad_output, need_a = ctx.needs_input_grad[:2]
        to_grad_output = to_a = None
        if need_grad_output:
            if is_tensor(grad):
                to_grad_output = GeluBackward.apply(grad, a, ctx.approximate)
            else:
                to_grad_output = grad * _gelu_slope(a, ctx.approximate)
        if need_a:
            to_a = grad * grad_output * _gelu_curvature(a, ctx.approximate)
        return to_grad_output, to_a, None


def gelu(input: Tensor, approximate: str = "none") -> Tensor:  # noqa: A002 - PyTorch's name
    """x·Φ(x), Φ the standard normal distribution function: relu's smooth cousin.
    `approximate='tanh'`: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return Gelu.apply(input, approximate)


# --- SiLU ---------------------------------------------------------------------------------------
class Silu(Op):
    """out = a·σ(a);  ∂out/∂a = σ(a)·(1 + a·(1 - σ(a)))"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        x = _floating(a, "silu_cpu")
        ctx.save_for_backward(a)
        return x * _sigmoid(x)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        s = _sigmoid(a)
        return grad * s * (1 + a * (1 - s))


def silu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """x·σ(x) (also called swish). (`inplace=True` computes out of place: same values.)"""
    return Silu.apply(input)


# --- Softplus -----------------------------------------------------------------------------------
def softplus_values(x: np.ndarray, beta: float, threshold: float) -> np.ndarray:
    """ln(1 + e^(β·x))/β, or x where β·x > threshold; ln(1 + eᵛ) as logaddexp(0, v), which
    does not overflow for a large v."""
    scaled = x * beta
    return np.where(scaled > threshold, x, np.logaddexp(0, scaled) / beta).astype(x.dtype)


class Softplus(Op):
    """out = ln(1 + e^(β·a))/β, or a itself where β·a > threshold (there they agree to float
    precision);  ∂out/∂a = σ(β·a), or 1 where β·a > threshold"""

    saved_names = ("self",)
    saved_attributes = ("beta", "threshold")

    @staticmethod
    def forward(ctx: Any, a: Tensor, beta: float, threshold: float) -> np.ndarray:
        x = _floating(a, "softplus_cpu")
        ctx.save_for_backward(a)
        ctx.beta, ctx.threshold = beta, threshold
        return softplus_values(x, beta, threshold)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None]:
        (a,) = ctx.saved_values(grad)
        scaled = a * ctx.beta
        linear = numpy_of(scaled) > ctx.threshold  # a constant choice
        return _where(linear, grad, grad * _sigmoid(scaled)), None, None


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:  # noqa: A002
    """ln(1 + e^(β·x))/β: a smooth relu, always positive (x itself where β·x > threshold)."""
    return Softplus.apply(input, beta, threshold)


# --- ELU ----------------------------------------------------------------------------------------
class Elu(Op):
    """out = a where a > 0, else α·(eᵃ - 1);  ∂out/∂a = 1 where a > 0, else α·eᵃ"""

    saved_names = ("self",)
    saved_attributes = ("alpha",)

    @staticmethod
    def forward(ctx: Any, a: Tensor, alpha: float) -> np.ndarray:
        x = _floating(a, "elu_cpu")
        ctx.save_for_backward(a)
        ctx.alpha = alpha
        with np.errstate(over="ignore"):  # (eᵃ of a large a: not used, a > 0 there)
            return np.where(x > 0, x, alpha * np.expm1(x)).astype(x.dtype)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None]:
        (a,) = ctx.saved_values(grad)
        positive = numpy_of(a) > 0  # a constant choice
        with np.errstate(over="ignore"):
            return _where(positive, grad, grad * exp(a) * ctx.alpha), None


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    """x where x > 0, else α·(eˣ - 1): smooth at 0 when α = 1, and -α for very negative x.
    (`inplace=True` computes out of place: same values.)"""
    return Elu.apply(input, alpha)
