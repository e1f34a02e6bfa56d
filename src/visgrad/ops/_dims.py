"""Dimension arguments, checked once: negative dims count from the end, as in PyTorch."""

from __future__ import annotations

from collections.abc import Sequence


def normalize_dim(dim: int, ndim: int) -> int:
    """`dim` as a non-negative axis; PyTorch's IndexError when out of range."""
    low, high = (-ndim, ndim - 1) if ndim else (-1, 0)
    if not low <= dim <= high:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{low}, {high}], but got {dim})"
        )
    return dim % ndim if ndim else 0


def refuse_empty_reduction(name: str, shape: tuple[int, ...], axis: int) -> None:
    """PyTorch's IndexError for picking (max, argmax, ...) along an axis of length 0."""
    if shape and shape[axis] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {axis} to have non-zero size.")


def normalize_dims(dim: int | Sequence[int] | None, ndim: int) -> tuple[int, ...]:
    """All axes for None, else each dim normalized (sorted, duplicates refused)."""
    if dim is None:
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    if not dims:
        return tuple(range(ndim))
    axes = distinct_dims(dims, ndim)  # (checked for a 0-d tensor too: its dims are 0 and -1)
    return tuple(sorted(axes)) if ndim else ()


def distinct_dims(dims: Sequence[int], ndim: int) -> tuple[int, ...]:
    """Each dim normalized, in the order given; PyTorch's error for the first one given twice
    (read in order, as PyTorch reads them: (1, 0, 0, 1) repeats dim 0)."""
    axes = tuple(normalize_dim(d, ndim) for d in dims)
    seen: set[int] = set()
    for axis in axes:
        if axis in seen:
            raise RuntimeError(f"dim {axis} appears multiple times in the list of dims")
        seen.add(axis)
    return axes


def kept_shape(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of a reduction over `axes` with keepdim=True (those axes become 1)."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))
