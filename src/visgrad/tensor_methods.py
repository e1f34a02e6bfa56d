"""The operators and methods of `Tensor`, each handing over to its operation in `visgrad.ops`.

`Tensor` inherits these; keeping them here leaves `tensor.py` about what a tensor *is*
(values, grad, grad_fn, versions) and this file about what you can *do* with one.
"""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _tensor
from . import dtypes as _dtypes
from .autograd.function import Function, _recorded
from .autograd.grad_mode import _state as _grad_state
from .ops import _broadcast
from .ops import comparison as _compare
from .ops import cumprod as _cumprod
from .ops import diagonals as _diagonals
from .ops import elementwise as _ew
from .ops import indexing as _indexing
from .ops import inplace as _inplace
from .ops import lerp as _lerp
from .ops import limits as _limits
from .ops import linalg as _linalg
from .ops import logs_and_powers as _logs
from .ops import moves as _moves
from .ops import no_derivative as _no_derivative
from .ops import predicates as _predicates
from .ops import reductions as _reduce
from .ops import rounding as _rounding
from .ops import shape as _shape
from .ops import sorting as _sorting
from .ops import special as _special
from .ops import splitting as _splitting
from .ops import trigonometry as _trig

if TYPE_CHECKING:
    from ._tensor import Tensor
    from .dtypes import dtype as DType


def _wrap(array: np.ndarray) -> Tensor:
    return _tensor._wrap(array)


_Add, _Sub, _Mul = _ew.Add, _ew.Sub, _ew.Mul
_add, _sub, _mul = _Add.apply, _Sub.apply, _Mul.apply
_operand = _broadcast.as_operand


def _unrecorded_with_number(op: type[Function], ufunc: np.ufunc, t: Tensor, number: Any) -> Tensor:
    """`t <op> number` for a Python int or float when nothing is recorded: the ufunc on t's
    array and the number's shared 0-d array, which is what `op`'s forward computes for a float
    tensor, without the operand tensor and context around it (1.8 -> 0.6 µs: an optimizer's
    `p -= lr * p.grad`, W4 -4%). Other dtypes take the general path (their promotion rules)."""
    x = t._array
    if x.dtype.kind != "f":
        return op.apply(t, _operand(number, t))
    result = ufunc(x, _broadcast.number_operand(number, x.dtype)._array)
    return _wrap(result if type(result) is np.ndarray else np.asarray(result))  # (0-d: a scalar)


_PLAIN_NUMBERS = (float, int)  # (not bool: `type(True) is bool`, which promotes otherwise)


def _one_tensor(op: type[Function], t: Tensor) -> Tensor:
    """`op.apply(t)`, recorded at once when t requires grad (what apply would decide after
    looking at its arguments: 0.15 µs less for every tanh, relu, exp, ...)."""
    if t._requires_grad and _grad_state.enabled:
        return _recorded(op, (t,))
    return op.apply(t)


class TensorMethods:
    """Arithmetic, math functions, reductions, shapes, comparisons and in-place updates."""

    __slots__ = ()

    # --- arithmetic operators ---------------------------------------------------------------
    # `+ - *` go straight to their operation (what ops.elementwise.add & co. do, one call
    # less: every recorded op passes here, and a call costs 0.05-0.1 µs), and when this tensor
    # requires grad straight to recording it (what Function.apply would decide: 0.2 µs less)
    def __add__(self: Tensor, other: Any) -> Tensor:
        if type(other) in _PLAIN_NUMBERS and not (self._requires_grad and _grad_state.enabled):
            return _unrecorded_with_number(_Add, np.add, self, other)
        other = other if isinstance(other, _tensor.Tensor) else _operand(other, self)
        if self._requires_grad and _grad_state.enabled:
            return _recorded(_Add, (self, other))
        return _add(self, other)

    def __radd__(self: Tensor, other: Any) -> Tensor:
        return self.__add__(other)  # (what `self + other` computes, bit for bit)

    def __sub__(self: Tensor, other: Any) -> Tensor:
        if type(other) in _PLAIN_NUMBERS and not (self._requires_grad and _grad_state.enabled):
            return _unrecorded_with_number(_Sub, np.subtract, self, other)
        other = other if isinstance(other, _tensor.Tensor) else _operand(other, self)
        if self._requires_grad and _grad_state.enabled:
            return _recorded(_Sub, (self, other))
        return _sub(self, other)

    def __rsub__(self: Tensor, other: Any) -> Tensor:
        return _ew.rsub(self, other)

    def __mul__(self: Tensor, other: Any) -> Tensor:
        if type(other) in _PLAIN_NUMBERS and not (self._requires_grad and _grad_state.enabled):
            return _unrecorded_with_number(_Mul, np.multiply, self, other)
        other = other if isinstance(other, _tensor.Tensor) else _operand(other, self)
        if self._requires_grad and _grad_state.enabled:
            return _recorded(_Mul, (self, other))
        return _mul(self, other)

    def __rmul__(self: Tensor, other: Any) -> Tensor:
        return self.__mul__(other)  # (as __radd__)

    def __truediv__(self: Tensor, other: Any) -> Tensor:
        return _ew.div(self, other)

    def __rtruediv__(self: Tensor, other: Any) -> Tensor:
        return _ew.rdiv(self, other)

    def __floordiv__(self: Tensor, other: Any) -> Tensor:
        return _no_derivative.floor_divide(self, other)

    def __rfloordiv__(self: Tensor, other: Any) -> Tensor:
        return _no_derivative.rfloor_divide(self, other)

    def __mod__(self: Tensor, other: Any) -> Tensor:
        return _rounding.remainder(self, other)

    def __rmod__(self: Tensor, other: Any) -> Tensor:
        return _no_derivative.number_remainder(self, other)

    def floor_divide(self: Tensor, other: Any) -> Tensor:
        """self // other, rounded toward -∞ (PyTorch records no derivative for it)."""
        return _no_derivative.floor_divide(self, other)

    def __pow__(self: Tensor, exponent: Any) -> Tensor:
        return _ew.pow(self, exponent)

    def __rpow__(self: Tensor, base: Any) -> Tensor:
        return _ew.rpow(self, base)

    def __neg__(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Neg, self)

    def __pos__(self: Tensor) -> Tensor:
        if self._array.dtype.kind == "b":  # (as PyTorch's torch.positive)
            raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
        return self

    def __abs__(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Abs, self)

    def __matmul__(self: Tensor, other: Tensor) -> Tensor:
        return _linalg.matmul(self, other)

    def __rmatmul__(self: Tensor, other: Tensor) -> Tensor:
        return _linalg.matmul(other, self)

    # --- in-place operators -----------------------------------------------------------------
    def __iadd__(self: Tensor, other: Any) -> Tensor:
        return _inplace.add_(self, other)

    def __isub__(self: Tensor, other: Any) -> Tensor:
        return _inplace.sub_(self, other)

    def __imul__(self: Tensor, other: Any) -> Tensor:
        return _inplace.mul_(self, other)

    def __itruediv__(self: Tensor, other: Any) -> Tensor:
        return _inplace.div_(self, other)

    def add_(self: Tensor, other: Any, alpha: float = 1) -> Tensor:
        return _inplace.add_(self, other, alpha)

    def sub_(self: Tensor, other: Any, alpha: float = 1) -> Tensor:
        return _inplace.sub_(self, other, alpha)

    def mul_(self: Tensor, other: Any) -> Tensor:
        return _inplace.mul_(self, other)

    def div_(self: Tensor, other: Any) -> Tensor:
        return _inplace.div_(self, other)

    def pow_(self: Tensor, exponent: Any) -> Tensor:
        return _inplace.pow_(self, exponent)

    def clamp_(self: Tensor, min: float | None = None, max: float | None = None) -> Tensor:  # noqa: A002
        return _inplace.clamp_(self, min, max)

    def zero_(self: Tensor) -> Tensor:
        return _inplace.zero_(self)

    def fill_(self: Tensor, value: Any) -> Tensor:
        return _inplace.fill_(self, value)

    def copy_(self: Tensor, src: Any) -> Tensor:
        return _inplace.copy_(self, src)

    def __setitem__(self: Tensor, key: Any, value: Any) -> None:
        _inplace.setitem(self, key, value)

    # --- named arithmetic -------------------------------------------------------------------
    def add(self: Tensor, other: Any, alpha: float = 1) -> Tensor:
        return _ew.add(self, other, alpha)

    def sub(self: Tensor, other: Any, alpha: float = 1) -> Tensor:
        return _ew.sub(self, other, alpha)

    def mul(self: Tensor, other: Any) -> Tensor:
        return _ew.mul(self, other)

    def div(self: Tensor, other: Any) -> Tensor:
        return _ew.div(self, other)

    def pow(self: Tensor, exponent: Any) -> Tensor:
        return _ew.pow(self, exponent)

    def neg(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Neg, self)

    # --- functions of one tensor ------------------------------------------------------------
    def exp(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Exp, self)

    def log(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Log, self)

    def sqrt(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Sqrt, self)

    def abs(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Abs, self)

    def sign(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Sign, self)

    def sin(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Sin, self)

    def cos(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Cos, self)

    def tanh(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Tanh, self)

    def sigmoid(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Sigmoid, self)

    def relu(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Relu, self)

    def clamp(self: Tensor, min: float | None = None, max: float | None = None) -> Tensor:  # noqa: A002
        return _ew.clamp(self, min, max)

    clip = clamp

    def maximum(self: Tensor, other: Tensor) -> Tensor:
        return _ew.maximum(self, other)

    def minimum(self: Tensor, other: Tensor) -> Tensor:
        return _ew.minimum(self, other)

    # --- logs, powers, trigonometry, rounding, limits ---------------------------------------
    def absolute(self: Tensor) -> Tensor:
        return _one_tensor(_ew.Abs, self)

    def square(self: Tensor) -> Tensor:
        """self ** 2 (PyTorch records it as a power, PowBackward0)."""
        with np.errstate(over="ignore"):  # (a square too large is inf, quietly, as in PyTorch)
            return _ew.pow(self, 2)

    def reciprocal(self: Tensor) -> Tensor:
        return _one_tensor(_logs.Reciprocal, self)

    def rsqrt(self: Tensor) -> Tensor:
        return _one_tensor(_logs.Rsqrt, self)

    def log1p(self: Tensor) -> Tensor:
        return _one_tensor(_logs.Log1p, self)

    def log2(self: Tensor) -> Tensor:
        return _one_tensor(_logs.Log2, self)

    def log10(self: Tensor) -> Tensor:
        return _one_tensor(_logs.Log10, self)

    def expm1(self: Tensor) -> Tensor:
        return _one_tensor(_logs.Expm1, self)

    def exp2(self: Tensor) -> Tensor:
        return _one_tensor(_logs.Exp2, self)

    def tan(self: Tensor) -> Tensor:
        return _one_tensor(_trig.Tan, self)

    def asin(self: Tensor) -> Tensor:
        return _one_tensor(_trig.Asin, self)

    def acos(self: Tensor) -> Tensor:
        return _one_tensor(_trig.Acos, self)

    def atan(self: Tensor) -> Tensor:
        return _one_tensor(_trig.Atan, self)

    def sinh(self: Tensor) -> Tensor:
        return _one_tensor(_trig.Sinh, self)

    def cosh(self: Tensor) -> Tensor:
        return _one_tensor(_trig.Cosh, self)

    def atan2(self: Tensor, other: Tensor) -> Tensor:
        """The angle of the point (x = other, y = self), in (-π, π]."""
        return _trig.atan2(self, other)

    def hypot(self: Tensor, other: Tensor) -> Tensor:
        """√(self² + other²), without overflow."""
        return _trig.hypot(self, other)

    def erf(self: Tensor) -> Tensor:
        return _one_tensor(_special.Erf, self)

    def floor(self: Tensor) -> Tensor:
        return _one_tensor(_rounding.Floor, self)

    def ceil(self: Tensor) -> Tensor:
        return _one_tensor(_rounding.Ceil, self)

    def trunc(self: Tensor) -> Tensor:
        return _one_tensor(_rounding.Trunc, self)

    def round(self: Tensor, decimals: int | None = None) -> Tensor:
        return _rounding.round(self, decimals)

    def frac(self: Tensor) -> Tensor:
        return _one_tensor(_rounding.Frac, self)

    def fmod(self: Tensor, other: Any) -> Tensor:
        """The remainder of self / other with self's sign (C's fmod)."""
        return _rounding.fmod(self, other)

    def remainder(self: Tensor, other: Any) -> Tensor:
        """The remainder of self / other with other's sign (Python's %)."""
        return _rounding.remainder(self, other)

    def clamp_min(self: Tensor, min: Any) -> Tensor:  # noqa: A002
        return _limits.clamp_min(self, min)

    def clamp_max(self: Tensor, max: Any) -> Tensor:  # noqa: A002
        return _limits.clamp_max(self, max)

    def nan_to_num(
        self: Tensor,
        nan: float | None = 0.0,
        posinf: float | None = None,
        neginf: float | None = None,
    ) -> Tensor:
        return _limits.nan_to_num(self, nan, posinf, neginf)

    def lerp(self: Tensor, end: Tensor, weight: Any) -> Tensor:
        """self + weight · (end - self)."""
        return _lerp.lerp(self, end, weight)

    def isnan(self: Tensor) -> Tensor:
        return _predicates.isnan(self)

    def isinf(self: Tensor) -> Tensor:
        return _predicates.isinf(self)

    def isfinite(self: Tensor) -> Tensor:
        return _predicates.isfinite(self)

    def isposinf(self: Tensor) -> Tensor:
        return _predicates.isposinf(self)

    def isneginf(self: Tensor) -> Tensor:
        return _predicates.isneginf(self)

    def logical_not(self: Tensor) -> Tensor:
        return _compare.logical_not(self)

    # --- reductions -------------------------------------------------------------------------
    def sum(
        self: Tensor, dim: Any = None, keepdim: bool = False, dtype: DType | None = None
    ) -> Tensor:
        return _reduce.sum(self, dim, keepdim, dtype)

    def mean(self: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _reduce.mean(self, dim, keepdim)

    def max(self: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
        return _reduce.max(self, dim, keepdim)

    def min(self: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
        return _reduce.min(self, dim, keepdim)

    def norm(self: Tensor, p: float = 2, dim: Any = None, keepdim: bool = False) -> Tensor:
        return _reduce.norm(self, p, dim, keepdim)

    def var(
        self: Tensor,
        dim: Any = None,
        unbiased: bool | None = None,
        keepdim: bool = False,
        correction: float | None = None,
    ) -> Tensor:
        return _reduce.var(self, dim, unbiased, keepdim, correction)

    def std(
        self: Tensor,
        dim: Any = None,
        unbiased: bool | None = None,
        keepdim: bool = False,
        correction: float | None = None,
    ) -> Tensor:
        return _reduce.std(self, dim, unbiased, keepdim, correction)

    def logsumexp(self: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
        return _reduce.logsumexp(self, dim, keepdim)

    def softmax(self: Tensor, dim: int) -> Tensor:
        return _reduce.softmax(self, dim)

    def log_softmax(self: Tensor, dim: int) -> Tensor:
        return _reduce.log_softmax(self, dim)

    # --- linear algebra ---------------------------------------------------------------------
    def matmul(self: Tensor, other: Tensor) -> Tensor:
        return _linalg.matmul(self, other)

    def mm(self: Tensor, other: Tensor) -> Tensor:
        return _linalg.mm(self, other)

    def dot(self: Tensor, other: Tensor) -> Tensor:
        return _linalg.dot(self, other)

    def bmm(self: Tensor, other: Tensor) -> Tensor:
        return _linalg.bmm(self, other)

    # --- shapes -----------------------------------------------------------------------------
    def reshape(self: Tensor, *shape: Any) -> Tensor:
        return _shape.reshape(self, *shape)

    def view(self: Tensor, *shape: Any) -> Tensor:
        return _shape.view(self, *shape)

    def view_as(self: Tensor, other: Tensor) -> Tensor:
        return _shape.view(self, *other.shape)

    def reshape_as(self: Tensor, other: Tensor) -> Tensor:
        return _shape.reshape(self, *other.shape)

    def flatten(self: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        return _shape.flatten(self, start_dim, end_dim)

    def squeeze(self: Tensor, dim: int | None = None) -> Tensor:
        return _shape.squeeze(self, dim)

    def unsqueeze(self: Tensor, dim: int) -> Tensor:
        return _shape.unsqueeze(self, dim)

    def expand(self: Tensor, *sizes: Any) -> Tensor:
        return _shape.expand(self, *sizes)

    def expand_as(self: Tensor, other: Tensor) -> Tensor:
        return _shape.expand(self, *other.shape)

    def permute(self: Tensor, *dims: Any) -> Tensor:
        return _shape.permute(self, *dims)

    def transpose(self: Tensor, dim0: int, dim1: int) -> Tensor:
        return _shape.transpose(self, dim0, dim1)

    def t(self: Tensor) -> Tensor:
        return _shape.t(self)

    @property
    def T(self: Tensor) -> Tensor:  # noqa: N802 - PyTorch's name
        """All axes reversed (for a matrix, its transpose)."""
        return _shape.numpy_t(self)

    @property
    def mT(self: Tensor) -> Tensor:  # noqa: N802
        return _shape.transpose(self, -2, -1)

    def clone(self: Tensor) -> Tensor:
        return _shape.Clone.apply(self)

    def flip(self: Tensor, *dims: Any) -> Tensor:
        """The order reversed along `dims` (a copy, not a view)."""
        return _shape.flip(self, dims[0] if len(dims) == 1 else dims)

    def split(self: Tensor, split_size: int | Sequence[int], dim: int = 0) -> tuple[Tensor, ...]:
        """Views of pieces along dim: `split_size` long each, or of the lengths listed."""
        return _splitting.split(self, split_size, dim)

    def chunk(self: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        return _splitting.chunk(self, chunks, dim)

    def unbind(self: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
        return _splitting.unbind(self, dim)

    def cumsum(self: Tensor, dim: int) -> Tensor:
        return _reduce.cumsum(self, dim)

    def prod(
        self: Tensor, dim: int | None = None, keepdim: bool = False, dtype: Any = None
    ) -> Tensor:
        return _reduce.prod(self, dim, keepdim, dtype)

    def amax(self: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
        return _reduce.amax(self, dim, keepdim)

    def amin(self: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
        return _reduce.amin(self, dim, keepdim)

    def outer(self: Tensor, vec2: Tensor) -> Tensor:
        return _linalg.outer(self, vec2)

    def index_select(self: Tensor, dim: int, index: Tensor) -> Tensor:
        return _indexing.index_select(self, dim, index)

    def gather(self: Tensor, dim: int, index: Tensor) -> Tensor:
        return _indexing.gather(self, dim, index)

    def masked_fill(self: Tensor, mask: Tensor, value: Any) -> Tensor:
        """`value` where `mask` is True, else this tensor's values."""
        return _ew.masked_fill(self, mask, value)

    def contiguous(self: Tensor) -> Tensor:
        return self

    def __getitem__(self: Tensor, key: Any) -> Tensor:
        return _shape.index(self, key)

    # --- moving, selecting and sorting ------------------------------------------------------
    def narrow(self: Tensor, dim: int, start: Any, length: int) -> Tensor:
        """`length` entries of `dim` from `start` on (a view)."""
        return _moves.narrow(self, dim, start, length)

    def select(self: Tensor, dim: int, index: Any) -> Tensor:
        """The entries at `index` along `dim`, that dimension dropped (a view)."""
        return _moves.select(self, dim, index)

    def movedim(self: Tensor, source: Any, destination: Any) -> Tensor:
        """Dimensions `source` moved to the places `destination` (a view)."""
        return _moves.movedim(self, source, destination)

    moveaxis = movedim

    def swapaxes(self: Tensor, axis0: int, axis1: int) -> Tensor:
        """Two dimensions swapped (a view): `transpose`."""
        return _moves.swapaxes(self, axis0, axis1)

    swapdims = swapaxes

    def roll(self: Tensor, shifts: Any, dims: Any = None) -> Tensor:
        return _moves.roll(self, shifts, dims)

    def repeat(self: Tensor, *repeats: Any) -> Tensor:
        return _moves.repeat(self, *repeats)

    def diagonal(self: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        """The diagonal of the matrices in dims (dim1, dim2), as the last dimension (a view)."""
        return _diagonals.diagonal(self, offset, dim1, dim2)

    def diag(self: Tensor, diagonal: int = 0) -> Tensor:
        """A vector: the matrix with it on a diagonal. A matrix: a copy of its diagonal."""
        return _diagonals.diag(self, diagonal)

    def tril(self: Tensor, diagonal: int = 0) -> Tensor:
        return _diagonals.tril(self, diagonal)

    def triu(self: Tensor, diagonal: int = 0) -> Tensor:
        return _diagonals.triu(self, diagonal)

    def sort(self: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Any:
        return _sorting.sort(self, dim, descending, stable=stable)

    def argsort(
        self: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False
    ) -> Tensor:
        return _sorting.argsort(self, dim, descending, stable=stable)

    def topk(
        self: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True  # noqa: A002
    ) -> Any:
        return _sorting.topk(self, k, dim, largest, sorted)

    def kthvalue(self: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> Any:
        return _sorting.kthvalue(self, k, dim, keepdim)

    def median(self: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
        return _sorting.median(self, dim, keepdim)

    def cumprod(self: Tensor, dim: int, dtype: DType | None = None) -> Tensor:
        return _cumprod.cumprod(self, dim, dtype)

    def mv(self: Tensor, vec: Tensor) -> Tensor:
        return _linalg.mv(self, vec)

    def addmm(
        self: Tensor, mat1: Tensor, mat2: Tensor, *, beta: float = 1, alpha: float = 1
    ) -> Tensor:
        """self + mat1·mat2, recorded as one node (AddmmBackward0), as nn.Linear's."""
        return _linalg.addmm(self, mat1, mat2, beta=beta, alpha=alpha)

    def where(self: Tensor, condition: Tensor, other: Any) -> Tensor:
        """This tensor's entries where `condition` holds, else `other`'s."""
        return _ew.where(condition, self, other)

    # --- comparisons (no gradient) ----------------------------------------------------------
    def __eq__(self: Tensor, other: Any) -> Tensor:  # type: ignore[override]
        return _compare.eq(self, other)

    def __ne__(self: Tensor, other: Any) -> Tensor:  # type: ignore[override]
        return _compare.ne(self, other)

    def __gt__(self: Tensor, other: Any) -> Tensor:
        return _compare.gt(self, other)

    def __lt__(self: Tensor, other: Any) -> Tensor:
        return _compare.lt(self, other)

    def __ge__(self: Tensor, other: Any) -> Tensor:
        return _compare.ge(self, other)

    def __le__(self: Tensor, other: Any) -> Tensor:
        return _compare.le(self, other)

    def __and__(self: Tensor, other: Any) -> Tensor:
        return _compare.bitwise_and(self, other)

    def __or__(self: Tensor, other: Any) -> Tensor:
        return _compare.bitwise_or(self, other)

    def __invert__(self: Tensor) -> Tensor:
        return _compare.bitwise_not(self)

    def eq(self: Tensor, other: Any) -> Tensor:
        return _compare.eq(self, other)

    def ne(self: Tensor, other: Any) -> Tensor:
        return _compare.ne(self, other)

    def gt(self: Tensor, other: Any) -> Tensor:
        return _compare.gt(self, other)

    def lt(self: Tensor, other: Any) -> Tensor:
        return _compare.lt(self, other)

    def ge(self: Tensor, other: Any) -> Tensor:
        return _compare.ge(self, other)

    def le(self: Tensor, other: Any) -> Tensor:
        return _compare.le(self, other)

    def all(self: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return _compare.all(self, dim, keepdim)

    def any(self: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return _compare.any(self, dim, keepdim)

    def argmax(self: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return _compare.argmax(self, dim, keepdim)

    def argmin(self: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
        return _compare.argmin(self, dim, keepdim)

    def equal(self: Tensor, other: Tensor) -> bool:
        return _compare.equal(self, other)

    def allclose(self: Tensor, other: Any, rtol: float = 1e-05, atol: float = 1e-08) -> bool:
        return _compare.allclose(self, other, rtol, atol)

    # --- types ------------------------------------------------------------------------------
    def to(self: Tensor, dtype: Any = None, *args: Any, **kwargs: Any) -> Tensor:
        """A copy in another dtype (a device such as 'cpu' is accepted and ignored).
        Converting to an integer or bool dtype ends the history: those cannot require grad."""
        target = dtype if isinstance(dtype, _dtypes.dtype) else kwargs.get("dtype")
        if target is None or target is self.dtype:
            return self
        if not target.is_floating_point:
            return _wrap(self._array.astype(target.numpy))
        return _ew.ToDtype.apply(self, target)

    def float(self: Tensor) -> Tensor:
        return self.to(_dtypes.float32)

    def double(self: Tensor) -> Tensor:
        return self.to(_dtypes.float64)

    def long(self: Tensor) -> Tensor:
        return self.to(_dtypes.int64)

    def int(self: Tensor) -> Tensor:
        return self.to(_dtypes.int32)

    def bool(self: Tensor) -> Tensor:
        return self.to(_dtypes.bool_)

    def type_as(self: Tensor, other: Tensor) -> Tensor:
        return self.to(other.dtype)

    def is_floating_point(self: Tensor) -> builtins.bool:
        return bool(np.issubdtype(self._array.dtype, np.floating))

    def cpu(self: Tensor) -> Tensor:
        return self

    # --- new tensors with this one's dtype (no history) -------------------------------------
    def new_zeros(self: Tensor, *size: Any, dtype: DType | None = None,
                  requires_grad: builtins.bool = False, device: Any = None) -> Tensor:
        return _new(self, np.zeros(_sizes(size), _numpy_dtype(self, dtype)), requires_grad)

    def new_ones(self: Tensor, *size: Any, dtype: DType | None = None,
                 requires_grad: builtins.bool = False, device: Any = None) -> Tensor:
        return _new(self, np.ones(_sizes(size), _numpy_dtype(self, dtype)), requires_grad)

    def new_empty(self: Tensor, *size: Any, dtype: DType | None = None,
                  requires_grad: builtins.bool = False, device: Any = None) -> Tensor:
        return _new(self, np.empty(_sizes(size), _numpy_dtype(self, dtype)), requires_grad)

    def new_full(self: Tensor, size: Any, fill_value: Any, *, dtype: DType | None = None,
                 requires_grad: builtins.bool = False, device: Any = None) -> Tensor:
        filled = np.full(_sizes((size,)), fill_value, _numpy_dtype(self, dtype))
        return _new(self, filled, requires_grad)

    def new_tensor(self: Tensor, data: Any, *, dtype: DType | None = None,
                   requires_grad: builtins.bool = False, device: Any = None) -> Tensor:
        """A copy of `data` (numbers, lists, arrays, a tensor's values) in this dtype (a
        device such as 'cpu' is accepted and ignored, as by the other new_* methods)."""
        if isinstance(data, _tensor.Tensor):
            warnings.warn(NEW_TENSOR_OF_TENSOR_WARNING, UserWarning, stacklevel=2)
        return _tensor.tensor(data, dtype or self.dtype, requires_grad)


NEW_TENSOR_OF_TENSOR_WARNING = (
    "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() "
    "or sourceTensor.detach().clone().requires_grad_(True), rather than "
    "tensor.new_tensor(sourceTensor)."
)


def _sizes(size: tuple[Any, ...]) -> tuple[int, ...]:
    """`new_zeros(2, 3)` and `new_zeros((2, 3))` both mean the shape (2, 3)."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(int(n) for n in size[0])
    return tuple(int(n) for n in size)


def _numpy_dtype(t: Tensor, dtype: DType | None) -> np.dtype:
    return (dtype or t.dtype).numpy


def _new(t: Tensor, array: np.ndarray, requires_grad: bool) -> Tensor:
    made = _wrap(array)
    return made.requires_grad_(requires_grad) if requires_grad else made
