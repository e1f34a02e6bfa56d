"""Logarithms and powers beyond ln, eˣ and √: 1/a, 1/√a, ln(1 + a), log₂, log₁₀, eᵃ - 1, 2ᵃ.

Each computes in float32 for an integer or bool tensor, as PyTorch does (`float_array`), and
its backward is PyTorch's formula in PyTorch's order of operations, so that inf, NaN and -0
come out the same. (`square` is no operation of its own: PyTorch records `a.square()` as
`a ** 2`, PowBackward0, and so does visgrad.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from ..autograd.function import Op
from ._broadcast import float_array
from ._math import quiet

if TYPE_CHECKING:
    from .._tensor import Tensor

LN_2 = 0.6931471805599453  # ln 2, the factor PyTorch's rules write out
LN_10 = 2.3025850929940456  # ln 10



def _result(ctx: Any, values: np.ndarray) -> Tensor:
    """The output as a tensor, saved for backward (the rules below that use `result`)."""
    result = _tensor._wrap(values)
    ctx.save_for_backward(result)
    return result


class Reciprocal(Op):
    """out = 1/a;  ∂out/∂a = -1/a² = -out²"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        with quiet():
            return _result(ctx, np.reciprocal(float_array(a)))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (result,) = ctx.saved_values(grad)
        with quiet():
            return -grad * (result * result)


class Rsqrt(Op):
    """out = 1/√a;  ∂out/∂a = -½·a^(-3/2) = -½·out³"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        x = float_array(a)
        with quiet():
            return _result(ctx, np.reciprocal(np.sqrt(x)))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (result,) = ctx.saved_values(grad)
        with quiet():
            return -0.5 * grad * (result * result * result)


class Log1p(Op):
    """out = ln(1 + a), exact for small a;  ∂out/∂a = 1/(1 + a)"""

    node_name = "Log1PBackward0"
    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        with quiet():
            return np.log1p(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        with quiet():
            return grad / (a + 1)


class Log2(Op):
    """out = log₂ a;  ∂out/∂a = 1/(a·ln 2)"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        with quiet():
            return np.log2(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        with quiet():
            return grad / (a * LN_2)


class Log10(Op):
    """out = log₁₀ a;  ∂out/∂a = 1/(a·ln 10)"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        with quiet():
            return np.log10(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        with quiet():
            return grad / (a * LN_10)


class Expm1(Op):
    """out = eᵃ - 1, exact for small a;  ∂out/∂a = eᵃ = out + 1"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        with quiet():
            return _result(ctx, np.expm1(float_array(a)))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (result,) = ctx.saved_values(grad)
        with quiet():
            return grad * (result + 1)


class Exp2(Op):
    """out = 2ᵃ;  ∂out/∂a = 2ᵃ·ln 2 = out·ln 2"""

    saved_names = ("result",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> Tensor:
        with quiet():
            return _result(ctx, np.exp2(float_array(a)))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (result,) = ctx.saved_values(grad)
        with quiet():
            return grad * result * LN_2
