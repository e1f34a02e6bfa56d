"""Views: results that share memory with their input, as PyTorch's views do.

A reshape, transpose, expand, select or slice gives a NumPy view of the input's array. Marked as
a view, it also shares the input's version counter and remembers its base tensor, so an
in-place change through either one is seen by both, and refused where PyTorch refuses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .._tensor import Tensor


def as_view(out: Tensor, base: Tensor) -> Tensor:
    """Mark `out` as a view of `base` when NumPy gave a view (it shares memory)."""
    array = out._array
    if array.base is None:
        return out
    # NumPy points every view at the array that owns the memory: the same owner answers at
    # once what np.may_share_memory (1 µs) answers in general
    owner = base._array if base._array.base is None else base._array.base
    if (array.base is owner and array.size) or np.may_share_memory(array, base._array):
        out._version_box = base._shared_version_box()
        out._base = base._base if base._base is not None else base
    return out
