"""`Linear`: the fully connected layer, y = x·Wᵀ + b; and `Identity`, y = x (as in PyTorch's
linear.py: a placeholder where a layer could go)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import dtypes as _dtypes
from .._tensor import Tensor, _wrap
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


class Identity(Module):
    """y = x: the input itself, unchanged (no node is recorded). Any arguments are accepted and
    ignored, so it can stand in for a layer that takes some."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        return input


class Linear(Module):
    """y = x·Wᵀ + b, applied to the last axis of x.

    weight: (out_features, in_features); bias: (out_features,). Both start uniform on
    (-1/√in_features, 1/√in_features), PyTorch's default, drawn from visgrad's seeded generator.
    """

    in_features: int
    out_features: int
    weight: Parameter
    bias: Parameter | None

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        device: Any = None,
        dtype: _dtypes.dtype | None = None,
    ) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        numpy_dtype = (dtype or _dtypes.DEFAULT_FLOAT).numpy
        self.weight = Parameter(_wrap(np.empty((out_features, in_features), numpy_dtype)))
        if bias:
            self.bias = Parameter(_wrap(np.empty(out_features, numpy_dtype)))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default start: Kaiming-uniform with a = √5 for the weight, which is
        U(-1/√fan_in, 1/√fan_in), and the same range for the bias."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )
