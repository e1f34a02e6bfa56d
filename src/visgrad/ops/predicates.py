"""Questions asked of each element, answered with a bool tensor and no gradient (as in
PyTorch, whose results of these never require grad): isnan, isinf, isfinite, isposinf,
isneginf. (logical_not, `~`, lives with the comparisons.)

Integer and bool tensors are never NaN or infinite.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import _tensor

if TYPE_CHECKING:
    from .._tensor import Tensor


def _answer(a: Tensor, ufunc: np.ufunc) -> Tensor:
    x = a._array
    if x.dtype.kind != "f":  # (no NaN, no inf: one answer for all)
        return _tensor._wrap(np.full(x.shape, ufunc is np.isfinite))
    return _tensor._wrap(np.asarray(ufunc(x)))


def isnan(a: Tensor) -> Tensor:
    return _answer(a, np.isnan)


def isinf(a: Tensor) -> Tensor:
    return _answer(a, np.isinf)


def isfinite(a: Tensor) -> Tensor:
    return _answer(a, np.isfinite)


def isposinf(a: Tensor) -> Tensor:
    """True where a is +inf."""
    x = a._array
    if x.dtype.kind != "f":
        return _tensor._wrap(np.zeros(x.shape, dtype=bool))
    return _tensor._wrap(np.asarray(x == np.inf))


def isneginf(a: Tensor) -> Tensor:
    """True where a is -inf."""
    x = a._array
    if x.dtype.kind != "f":
        return _tensor._wrap(np.zeros(x.shape, dtype=bool))
    return _tensor._wrap(np.asarray(x == -np.inf))
