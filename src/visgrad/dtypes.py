"""Data types: PyTorch's names for the NumPy dtypes a tensor can hold.

`visgrad.float32` prints as `torch.float32` on purpose: the lessons print what PyTorch prints.
The default floating type is float32, the default integer type int64, as in PyTorch.
"""

from __future__ import annotations

import numpy as np


class dtype:  # noqa: N801 - PyTorch's spelling
    """A tensor element type: a NumPy dtype with PyTorch's name."""

    __slots__ = ("name", "numpy", "is_floating_point", "legacy_name", "scalar_name", "c_name")

    def __init__(self, name: str, numpy_dtype: type, legacy_name: str, c_name: str) -> None:
        self.name = name
        self.numpy = np.dtype(numpy_dtype)
        self.is_floating_point = self.numpy.kind == "f"
        # PyTorch names a dtype three ways in its messages: the tensor type (FloatTensor), the
        # scalar type (Float) and the C type (float)
        self.legacy_name = legacy_name
        self.scalar_name = legacy_name.removesuffix("Tensor")
        self.c_name = c_name

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    def __reduce__(self) -> str:
        return self.name


float16 = dtype("float16", np.float16, "HalfTensor", "c10::Half")
float32 = dtype("float32", np.float32, "FloatTensor", "float")
float64 = dtype("float64", np.float64, "DoubleTensor", "double")
uint8 = dtype("uint8", np.uint8, "ByteTensor", "unsigned char")
int8 = dtype("int8", np.int8, "CharTensor", "signed char")
int16 = dtype("int16", np.int16, "ShortTensor", "short int")
int32 = dtype("int32", np.int32, "IntTensor", "int")
int64 = dtype("int64", np.int64, "LongTensor", "long int")
bool_ = dtype("bool", np.bool_, "BoolTensor", "bool")

ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool_)
BY_NUMPY: dict[np.dtype, dtype] = {d.numpy: d for d in ALL}

DEFAULT_FLOAT = float32
DEFAULT_INT = int64


def from_numpy_dtype(numpy_dtype: np.dtype) -> dtype:
    """Our dtype for a NumPy dtype; raises TypeError for dtypes we do not support."""
    try:
        return BY_NUMPY[numpy_dtype]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{numpy_dtype}. The only supported types are: "
            "float64, float32, float16, int64, int32, int16, int8, uint8, and bool."
        ) from None


def _category(numpy_dtype: np.dtype) -> int:
    """0 for bool, 1 for integers, 2 for floating point: PyTorch promotes across categories."""
    if numpy_dtype.kind == "b":
        return 0
    if numpy_dtype.kind in "iu":
        return 1
    return 2


def result_type(a: np.ndarray, b: np.ndarray) -> np.dtype:
    """The dtype PyTorch gives `a op b`.

    Within one category (bool < integer < float) the wider dtype wins, but a 0-d operand
    (a number) never widens a dimensioned one: float32 tensor + float64 scalar stays float32.
    Across categories the higher category's dtype wins (an int64 tensor plus a float64 0-d
    tensor is float64). Python numbers get their dtype before this (see `as_operand`).
    """
    if a.dtype == b.dtype:
        return a.dtype
    cat_a, cat_b = _category(a.dtype), _category(b.dtype)
    if a.ndim and not b.ndim and cat_a >= cat_b:
        return a.dtype
    if b.ndim and not a.ndim and cat_b >= cat_a:
        return b.dtype
    if cat_a != cat_b:
        return a.dtype if cat_a > cat_b else b.dtype
    return np.promote_types(a.dtype, b.dtype)
