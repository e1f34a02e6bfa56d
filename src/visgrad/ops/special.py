"""The error function, erf a = (2/√π) ∫₀ᵃ e^(-t²) dt: the Gaussian's cumulative area.

NumPy has no erf (SciPy does, but visgrad depends on NumPy alone), so the values come from
Python's `math.erf`, the C library's erf, correctly rounded to float64, one element at a
time. Why this and not a polynomial approximation written in NumPy: it is exact to the last
bit of float64, with no table of coefficients to trust, and fast enough for the tensors of a
lesson (about 75 ns an element: a 256x512 tensor in 10 ms). A float32 tensor is computed in
float64 and rounded once, so its values are the correctly rounded ones (PyTorch's own float32
erf is an approximation within a unit or two of the last place).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from ..autograd.function import Op
from ._broadcast import float_array
from ._math import exp

if TYPE_CHECKING:
    from .._tensor import Tensor

TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def erf_values(x: np.ndarray) -> np.ndarray:
    """erf of every element of a float array, in the array's dtype (see the module's note)."""
    flat = x.astype(np.float64).ravel().tolist()
    values = np.fromiter(map(math.erf, flat), dtype=np.float64, count=len(flat))
    return values.reshape(x.shape).astype(x.dtype, copy=False)


class Erf(Op):
    """out = erf a;  ∂out/∂a = (2/√π)·e^(-a²)"""

    saved_names = ("self",)

    @staticmethod
    def forward(ctx: Any, a: Tensor) -> np.ndarray:
        ctx.save_for_backward(a)
        return erf_values(float_array(a))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> Any:
        (a,) = ctx.saved_values(grad)
        with np.errstate(over="ignore", invalid="ignore"):  # (a² of a huge a is inf: slope 0)
            return TWO_OVER_SQRT_PI * exp(-(a * a)) * grad
