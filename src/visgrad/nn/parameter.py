"""`Parameter`: a tensor that a `Module` trains.

A Parameter is an ordinary leaf tensor with one extra meaning: assigning it as an attribute of
a Module registers it, so `module.parameters()` finds it and an optimizer can update it. It
requires grad by default, shares the memory (and version counter) of the tensor it was made
from, as `torch.nn.Parameter` does, and prints with a header: `Parameter containing:`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tensor import Tensor, _make_subclass


class Parameter(Tensor):
    """A leaf tensor registered by the Module it is assigned to."""

    __slots__ = ()

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True) -> Parameter:
        if data is None:
            data = _empty()
        if not isinstance(data, Tensor):
            raise TypeError(
                f"_make_subclass(): argument 'data' (position 2) must be Tensor, "
                f"not {type(data).__name__}"
            )
        # a parameter is `data.detach()` (same memory and version counter, no history)
        # with the Parameter type
        param = _make_subclass(cls, data, requires_grad)
        assert isinstance(param, Parameter)
        return param

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True) -> None:
        """Everything happens in `__new__` (Tensor.__init__ would copy the data)."""

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo: dict[int, Any]) -> Parameter:
        if id(self) in memo:
            copied: Parameter = memo[id(self)]
            return copied
        copied = Parameter(Tensor(self.detach()), self.requires_grad)
        copied.name = self.name
        memo[id(self)] = copied
        return copied


def _empty() -> Tensor:
    """`Parameter()` holds an empty float32 tensor."""
    return Tensor(np.empty(0, dtype=np.float32))


def forget_grad(param: Tensor, set_to_none: bool) -> None:
    """What `zero_grad` does to one parameter: `.grad = None`, or the gradient zeroed in place
    (cut from any graph a `create_graph=True` backward gave it), as PyTorch does."""
    grad = param.grad
    if grad is None:
        return
    if set_to_none:
        param.grad = None
        return
    if grad.grad_fn is not None:
        grad.detach_()
    else:
        grad.requires_grad_(False)
    grad.zero_()
