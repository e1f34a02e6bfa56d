"""Making tensors: `ones`, `zeros`, `randn`, ... with PyTorch's defaults (float32, int64).

Random numbers come from one NumPy generator that `manual_seed` resets, so a seeded lesson
prints the same numbers every run. (They are not PyTorch's numbers: its generator differs.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import dtypes as _dtypes
from ._tensor import Tensor, _array_from, _wrap
from .dtypes import dtype as DType

_generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed the random numbers of `rand`, `randn`, `randint`, `randperm`, dropout-free init."""
    global _generator
    _generator = np.random.default_rng(seed)
    return _generator


def generator() -> np.random.Generator:
    """The generator every random tensor is drawn from (reset by manual_seed)."""
    return _generator


def _shape(size: tuple[Any, ...]) -> tuple[int, ...]:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(map(int, size[0]))
    return tuple(map(int, size))


def _made(
    array: np.ndarray, dtype: DType | None, requires_grad: bool, name: str | None = None
) -> Tensor:
    """The new leaf: `name` labels it in pictures (`draw` shows `w`, not a number)."""
    if dtype is not None:
        array = array.astype(dtype.numpy, copy=False)
    made = _wrap(array, requires_grad)
    if name is not None:  # (None is the class-wide default: no attribute dict made for it)
        made.name = name
    return made


def ones(
    *size: Any,
    dtype: DType | None = None,
    requires_grad: bool = False,
    name: str | None = None,
    device: Any = None,
) -> Tensor:
    # np.ones is np.empty and a fill behind a Python-level call: 0.5 µs more on a 2x2
    array = np.empty(_shape(size), np.float32)
    array.fill(1)
    return _made(array, dtype, requires_grad, name)


def zeros(
    *size: Any,
    dtype: DType | None = None,
    requires_grad: bool = False,
    name: str | None = None,
    device: Any = None,
) -> Tensor:
    return _made(np.zeros(_shape(size), np.float32), dtype, requires_grad, name)


def empty(
    *size: Any,
    dtype: DType | None = None,
    requires_grad: bool = False,
    name: str | None = None,
    device: Any = None,
) -> Tensor:
    return zeros(*size, dtype=dtype, requires_grad=requires_grad, name=name)


def full(
    size: Sequence[int],
    fill_value: Any,
    dtype: DType | None = None,
    requires_grad: bool = False,
    name: str | None = None,
    device: Any = None,
) -> Tensor:
    # filled in the dtype asked for: 1.7 as float64 is not 1.7 rounded to float32 first
    kind = dtype.numpy if dtype is not None else _array_from(fill_value, None).dtype
    return _made(np.full(_shape((size,)), fill_value, kind), dtype, requires_grad, name)


def ones_like(
    t: Tensor, dtype: DType | None = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    return _made(np.ones_like(t._array), dtype, requires_grad, name)


def zeros_like(
    t: Tensor, dtype: DType | None = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    return _made(np.zeros_like(t._array), dtype, requires_grad, name)


def full_like(
    t: Tensor,
    fill_value: Any,
    dtype: DType | None = None,
    requires_grad: bool = False,
    name: str | None = None,
) -> Tensor:
    kind = dtype.numpy if dtype is not None else t._array.dtype  # (as full)
    return _made(np.full(t._array.shape, fill_value, kind), dtype, requires_grad, name)


def arange(
    start: float,
    end: float | None = None,
    step: float = 1,
    dtype: DType | None = None,
    requires_grad: bool = False,
    name: str | None = None,
) -> Tensor:
    if end is None:
        start, end = 0, start
    is_float = any(isinstance(v, float) for v in (start, end, step))
    kind = _dtypes.DEFAULT_FLOAT.numpy if is_float else _dtypes.DEFAULT_INT.numpy
    if dtype is not None:  # (computed in float64 and rounded once, not twice)
        kind = dtype.numpy
    return _made(np.arange(start, end, step).astype(kind), dtype, requires_grad, name)


def linspace(
    start: float,
    end: float,
    steps: int,
    dtype: DType | None = None,
    requires_grad: bool = False,
    name: str | None = None,
) -> Tensor:
    kind = np.dtype(dtype.numpy if dtype is not None else _dtypes.DEFAULT_FLOAT.numpy)
    if kind.kind != "f" or steps < 2:
        values = np.linspace(start, end, steps, dtype=np.float64).astype(kind)
    else:
        # PyTorch's way: the step in the dtype itself; the first half counts up from start,
        # the second half down from end, so both ends are exact; each value one fused
        # multiply-add, rounded once (emulated in long double, as PyTorch's vector code does)
        step = (kind.type(end) - kind.type(start)) / kind.type(steps - 1)
        index = np.arange(steps).astype(np.longdouble)
        wide = np.longdouble(step)
        up = np.longdouble(kind.type(start)) + wide * index
        down = np.longdouble(kind.type(end)) - wide * (np.longdouble(steps - 1) - index)
        values = np.where(index < steps // 2, up, down).astype(kind)
    return _made(values, dtype, requires_grad, name)


def eye(
    n: int,
    m: int | None = None,
    dtype: DType | None = None,
    requires_grad: bool = False,
    name: str | None = None,
) -> Tensor:
    return _made(np.eye(n, m, dtype=np.float32), dtype, requires_grad, name)


def rand(
    *size: Any, dtype: DType | None = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Uniform on [0, 1)."""
    return _made(_generator.random(_shape(size), dtype=np.float32), dtype, requires_grad, name)


def randn(
    *size: Any, dtype: DType | None = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    """Standard normal: mean 0, variance 1."""
    return _made(
        _generator.standard_normal(_shape(size), dtype=np.float32), dtype, requires_grad, name
    )


def rand_like(
    t: Tensor, dtype: DType | None = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    return rand(*t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad, name=name)


def randn_like(
    t: Tensor, dtype: DType | None = None, requires_grad: bool = False, name: str | None = None
) -> Tensor:
    return randn(*t.shape, dtype=dtype or t.dtype, requires_grad=requires_grad, name=name)


def randint(
    low: int, high: int | None = None, size: Sequence[int] = (), dtype: DType | None = None
) -> Tensor:
    if high is None:
        low, high = 0, low
    return _made(_generator.integers(low, high, size=tuple(size), dtype=np.int64), dtype, False)


def randperm(n: int, dtype: DType | None = None) -> Tensor:
    return _made(_generator.permutation(n).astype(np.int64), dtype, False)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with `array` (no copy), like torch.from_numpy."""
    _dtypes.from_numpy_dtype(array.dtype)
    return _wrap(array)


def as_tensor(data: Any, dtype: DType | None = None) -> Tensor:
    if isinstance(data, Tensor) and (dtype is None or data.dtype is dtype):
        return data
    if isinstance(data, np.ndarray) and dtype is None:
        return from_numpy(data)
    return _wrap(_array_from(data, dtype))
