"""What PyTorch computes but does not differentiate: `a // b` (floor_divide) and
`number % tensor` (remainder with the tensor as divisor).

Their node is `torch::autograd::NotImplemented` (printed `<NotImplemented>`): the values are
PyTorch's, the node sits in the graph like any other, and a backward pass that reaches it
raises PyTorch's error. (Rounding down is flat wherever it has a slope, yet PyTorch gives no
gradient here at all; `div(a, b, rounding_mode="floor")` is the differentiable spelling.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from ..autograd.function import Op
from ._broadcast import as_operand, operands
from .rounding import ZERO_DIVISION_MESSAGE, _remainder

if TYPE_CHECKING:
    from .._tensor import Tensor


class _NoDerivative(Op):
    """A node PyTorch records without a backward formula: backward through it is an error."""

    node_name = "torch::autograd::NotImplemented"
    aten_name: ClassVar[str]

    @classmethod
    def refuse(cls) -> RuntimeError:
        return RuntimeError(f"derivative for aten::{cls.aten_name} is not implemented")


class FloorDivide(_NoDerivative):
    """out = ⌊a / b⌋, the quotient rounded toward -∞ (Python's //); no derivative"""

    aten_name = "floor_divide"

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Any) -> np.ndarray:
        x, y = operands(a, as_operand(b, a))
        if x.dtype.kind == "b":
            raise NotImplementedError("\"div_floor_cpu\" not implemented for 'Bool'")
        if x.dtype.kind in "iu" and np.any(y == 0):
            raise RuntimeError(ZERO_DIVISION_MESSAGE)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(np.floor_divide(x, y))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        raise FloorDivide.refuse()


class NumberRemainder(_NoDerivative):
    """out = c mod a for a number c (Python's %, the divisor's sign); no derivative"""

    aten_name = "remainder"

    @staticmethod
    def forward(ctx: Any, a: Tensor, c: float) -> np.ndarray:
        y, x = operands(as_operand(c, a), a)
        return np.asarray(_remainder(y, x))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        raise NumberRemainder.refuse()


def floor_divide(a: Tensor, b: Any) -> Tensor:
    return FloorDivide.apply(a, b)  # type: ignore[no-any-return]


def rfloor_divide(a: Tensor, c: Any) -> Tensor:
    """`c // a` for a number c: the number as a constant tensor on the left."""
    return FloorDivide.apply(as_operand(c, a), a)  # type: ignore[no-any-return]


def number_remainder(a: Tensor, c: Any) -> Tensor:
    return NumberRemainder.apply(a, c)  # type: ignore[no-any-return]
