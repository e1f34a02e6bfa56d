"""`Dropout`: in training, each value is zeroed with probability p and the others scaled by
1/(1 - p), so that the expected output is the input; in evaluation, the input itself.

Recorded as PyTorch 2.13 records it on the CPU: a multiplication by a constant mask,
MulBackward0, so ∂out/∂x = mask = 0 or 1/(1 - p). The mask is drawn from visgrad's generator
(`visgrad.manual_seed` repeats it), so its values differ from PyTorch's, which has its own.
"""

from __future__ import annotations

import numpy as np

from .. import creation as _creation
from .._tensor import Tensor, _wrap
from .module import Module


def dropout(
    input: Tensor,  # noqa: A002 - PyTorch's name
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
) -> Tensor:
    """x · mask, each entry of the mask 0 with probability p, else 1/(1 - p) (in training; the
    input itself otherwise, or when p = 0). (`inplace=True` computes out of place: the values
    are the same.)"""
    _check_probability(p)
    if not training or p == 0:
        return input
    if not input.is_floating_point():
        raise RuntimeError(
            f"result type Float can't be cast to the desired output type "
            f"{input.dtype.scalar_name}"
        )
    dtype = input._array.dtype
    kept = _creation.generator().random(tuple(input.shape)) < 1 - p  # Bernoulli(1 - p)
    if p == 1:
        mask = np.zeros(kept.shape, dtype)
    else:
        # 1/(1 - p) computed in the input's dtype, as PyTorch divides its mask
        mask = kept.astype(dtype) / np.asarray(1 - p, dtype)
    return input * _wrap(mask)


def _check_probability(p: float) -> None:
    if p < 0 or p > 1:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


class Dropout(Module):
    """Zeroes each value with probability p in training (`model.train()`), scaling the others
    by 1/(1 - p); does nothing in evaluation (`model.eval()`). A regularizer: the network
    cannot rely on any single value."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        _check_probability(p)
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
