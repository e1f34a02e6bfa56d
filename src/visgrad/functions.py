"""The `torch.xxx(tensor, ...)` spellings of the tensor methods (`torch.exp(x)` is `x.exp()`),
and the functions that take several tensors (`cat`, `stack`, `where`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._tensor import Tensor
from .ops import elementwise as _ew
from .ops import shape as _shape
from .ops import trigonometry as _trig

__all__ = [
    "abs",
    "absolute",
    "acos",
    "add",
    "addmm",
    "all",
    "allclose",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "argsort",
    "asin",
    "atan",
    "atan2",
    "bmm",
    "cat",
    "ceil",
    "chunk",
    "clamp",
    "clamp_max",
    "clamp_min",
    "clip",
    "clone",
    "cos",
    "cosh",
    "cumprod",
    "cumsum",
    "detach",
    "diag",
    "diagonal",
    "div",
    "dot",
    "eq",
    "equal",
    "erf",
    "exp",
    "exp2",
    "expm1",
    "flatten",
    "flip",
    "floor",
    "floor_divide",
    "fmod",
    "frac",
    "gather",
    "ge",
    "gt",
    "hypot",
    "index_select",
    "is_tensor",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "kthvalue",
    "le",
    "lerp",
    "log",
    "log10",
    "log1p",
    "log2",
    "log_softmax",
    "logical_not",
    "logsumexp",
    "lt",
    "masked_fill",
    "matmul",
    "max",
    "maximum",
    "mean",
    "median",
    "min",
    "minimum",
    "mm",
    "moveaxis",
    "movedim",
    "mul",
    "mv",
    "nan_to_num",
    "narrow",
    "ne",
    "neg",
    "norm",
    "numel",
    "outer",
    "permute",
    "pow",
    "prod",
    "reciprocal",
    "relu",
    "remainder",
    "reshape",
    "roll",
    "round",
    "rsqrt",
    "select",
    "sigmoid",
    "sign",
    "sin",
    "sinh",
    "softmax",
    "sort",
    "split",
    "sqrt",
    "square",
    "squeeze",
    "stack",
    "std",
    "sub",
    "sum",
    "swapaxes",
    "swapdims",
    "t",
    "tan",
    "tanh",
    "topk",
    "transpose",
    "tril",
    "triu",
    "trunc",
    "unbind",
    "unsqueeze",
    "var",
    "where",
]


def is_tensor(obj: Any) -> bool:
    return isinstance(obj, Tensor)


def numel(t: Tensor) -> int:
    return t.numel()


def add(a: Tensor, b: Any, alpha: float = 1) -> Tensor:
    return a.add(b, alpha)


def sub(a: Tensor, b: Any, alpha: float = 1) -> Tensor:
    return a.sub(b, alpha)


def mul(a: Tensor, b: Any) -> Tensor:
    return a.mul(b)


def div(a: Tensor, b: Any) -> Tensor:
    return a.div(b)


def pow(a: Any, exponent: Any) -> Tensor:  # noqa: A001
    return a.pow(exponent) if isinstance(a, Tensor) else _ew.rpow(exponent, a)


def neg(a: Tensor) -> Tensor:
    return a.neg()


def abs(a: Tensor) -> Tensor:  # noqa: A001
    return a.abs()


def sign(a: Tensor) -> Tensor:
    return a.sign()


def exp(a: Tensor) -> Tensor:
    return a.exp()


def log(a: Tensor) -> Tensor:
    return a.log()


def sqrt(a: Tensor) -> Tensor:
    return a.sqrt()


def sin(a: Tensor) -> Tensor:
    return a.sin()


def cos(a: Tensor) -> Tensor:
    return a.cos()


def tanh(a: Tensor) -> Tensor:
    return a.tanh()


def sigmoid(a: Tensor) -> Tensor:
    return a.sigmoid()


def relu(a: Tensor) -> Tensor:
    return a.relu()


def clamp(a: Tensor, min: float | None = None, max: float | None = None) -> Tensor:  # noqa: A002
    return a.clamp(min, max)


clip = clamp


def maximum(a: Tensor, b: Tensor) -> Tensor:
    return a.maximum(b)


def minimum(a: Tensor, b: Tensor) -> Tensor:
    return a.minimum(b)


# --- logs, powers, trigonometry, rounding, limits ---------------------------------------------
def absolute(a: Tensor) -> Tensor:
    return a.absolute()


def square(a: Tensor) -> Tensor:
    return a.square()


def reciprocal(a: Tensor) -> Tensor:
    return a.reciprocal()


def rsqrt(a: Tensor) -> Tensor:
    return a.rsqrt()


def log1p(a: Tensor) -> Tensor:
    return a.log1p()


def log2(a: Tensor) -> Tensor:
    return a.log2()


def log10(a: Tensor) -> Tensor:
    return a.log10()


def expm1(a: Tensor) -> Tensor:
    return a.expm1()


def exp2(a: Tensor) -> Tensor:
    return a.exp2()


def tan(a: Tensor) -> Tensor:
    return a.tan()


def asin(a: Tensor) -> Tensor:
    return a.asin()


def acos(a: Tensor) -> Tensor:
    return a.acos()


def atan(a: Tensor) -> Tensor:
    return a.atan()


def sinh(a: Tensor) -> Tensor:
    return a.sinh()


def cosh(a: Tensor) -> Tensor:
    return a.cosh()


def atan2(a: Tensor, other: Tensor) -> Tensor:
    return _trig.atan2(a, other, position=2)


def hypot(a: Tensor, other: Tensor) -> Tensor:
    return _trig.hypot(a, other, position=2)


def erf(a: Tensor) -> Tensor:
    return a.erf()


def floor(a: Tensor) -> Tensor:
    return a.floor()


def ceil(a: Tensor) -> Tensor:
    return a.ceil()


def trunc(a: Tensor) -> Tensor:
    return a.trunc()


def round(a: Tensor, decimals: int | None = None) -> Tensor:  # noqa: A001
    return a.round(decimals=decimals)


def frac(a: Tensor) -> Tensor:
    return a.frac()


def fmod(a: Tensor, other: Any) -> Tensor:
    return a.fmod(other)


def floor_divide(a: Tensor, other: Any) -> Tensor:
    return a.floor_divide(other)


def remainder(a: Tensor, other: Any) -> Tensor:
    return a.remainder(other)


def clamp_min(a: Tensor, min: Any) -> Tensor:  # noqa: A002
    return a.clamp_min(min)


def clamp_max(a: Tensor, max: Any) -> Tensor:  # noqa: A002
    return a.clamp_max(max)


def nan_to_num(
    a: Tensor, nan: float | None = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Tensor:
    return a.nan_to_num(nan, posinf, neginf)


def lerp(a: Tensor, end: Tensor, weight: Any) -> Tensor:
    return a.lerp(end, weight)


def isnan(a: Tensor) -> Tensor:
    return a.isnan()


def isinf(a: Tensor) -> Tensor:
    return a.isinf()


def isfinite(a: Tensor) -> Tensor:
    return a.isfinite()


def isposinf(a: Tensor) -> Tensor:
    return a.isposinf()


def isneginf(a: Tensor) -> Tensor:
    return a.isneginf()


def logical_not(a: Tensor) -> Tensor:
    return a.logical_not()


def where(condition: Tensor, a: Any, b: Any) -> Tensor:
    return _ew.where(condition, a, b)


def sum(a: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:  # noqa: A001
    return a.sum(dim, keepdim, dtype)


def mean(a: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    return a.mean(dim, keepdim)


def max(a: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A001
    if isinstance(dim, Tensor):
        return a.maximum(dim)
    return a.max(dim, keepdim)


def min(a: Tensor, dim: Any = None, keepdim: bool = False) -> Any:  # noqa: A001
    if isinstance(dim, Tensor):
        return a.minimum(dim)
    return a.min(dim, keepdim)


def norm(a: Tensor, p: float = 2, dim: Any = None, keepdim: bool = False) -> Tensor:
    return a.norm(p, dim, keepdim)


def var(
    a: Tensor,
    dim: Any = None,
    unbiased: bool | None = None,
    keepdim: bool = False,
    correction: float | None = None,
) -> Tensor:
    return a.var(dim, unbiased, keepdim, correction)


def std(
    a: Tensor,
    dim: Any = None,
    unbiased: bool | None = None,
    keepdim: bool = False,
    correction: float | None = None,
) -> Tensor:
    return a.std(dim, unbiased, keepdim, correction)


def logsumexp(a: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    return a.logsumexp(dim, keepdim)


def softmax(a: Tensor, dim: int) -> Tensor:
    return a.softmax(dim)


def log_softmax(a: Tensor, dim: int) -> Tensor:
    return a.log_softmax(dim)


def matmul(a: Tensor, b: Tensor) -> Tensor:
    return a.matmul(b)


def mm(a: Tensor, b: Tensor) -> Tensor:
    return a.mm(b)


def dot(a: Tensor, b: Tensor) -> Tensor:
    return a.dot(b)


def bmm(a: Tensor, b: Tensor) -> Tensor:
    return a.bmm(b)


def reshape(a: Tensor, shape: Sequence[int]) -> Tensor:
    return a.reshape(shape)


def flatten(a: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    return a.flatten(start_dim, end_dim)


def squeeze(a: Tensor, dim: int | None = None) -> Tensor:
    return a.squeeze(dim)


def unsqueeze(a: Tensor, dim: int) -> Tensor:
    return a.unsqueeze(dim)


def transpose(a: Tensor, dim0: int, dim1: int) -> Tensor:
    return a.transpose(dim0, dim1)


def permute(a: Tensor, dims: Sequence[int]) -> Tensor:
    return a.permute(*dims)


def t(a: Tensor) -> Tensor:
    return a.t()


def amax(a: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    return a.amax(dim, keepdim)


def amin(a: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    return a.amin(dim, keepdim)


def outer(a: Tensor, b: Tensor) -> Tensor:
    return a.outer(b)


def index_select(a: Tensor, dim: int, index: Tensor) -> Tensor:
    return a.index_select(dim, index)


def gather(a: Tensor, dim: int, index: Tensor) -> Tensor:
    return a.gather(dim, index)


def flip(a: Tensor, dims: Any) -> Tensor:
    return a.flip(dims)


def prod(a: Tensor, dim: int | None = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    return a.prod(dim, keepdim, dtype)


def cumsum(a: Tensor, dim: int) -> Tensor:
    return a.cumsum(dim)


def split(a: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    return a.split(split_size_or_sections, dim)


def chunk(a: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    return a.chunk(chunks, dim)


def unbind(a: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    return a.unbind(dim)


def masked_fill(a: Tensor, mask: Tensor, value: Any) -> Tensor:
    return a.masked_fill(mask, value)


# --- moving, selecting and sorting ------------------------------------------------------------
def narrow(a: Tensor, dim: int, start: Any, length: int) -> Tensor:
    return a.narrow(dim, start, length)


def select(a: Tensor, dim: int, index: Any) -> Tensor:
    return a.select(dim, index)


def movedim(a: Tensor, source: Any, destination: Any) -> Tensor:
    return a.movedim(source, destination)


moveaxis = movedim


def swapaxes(a: Tensor, axis0: int, axis1: int) -> Tensor:
    return a.swapaxes(axis0, axis1)


swapdims = swapaxes


def roll(a: Tensor, shifts: Any, dims: Any = None) -> Tensor:
    return a.roll(shifts, dims)


def diagonal(a: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    return a.diagonal(offset, dim1, dim2)


def diag(a: Tensor, diagonal: int = 0) -> Tensor:
    return a.diag(diagonal)


def tril(a: Tensor, diagonal: int = 0) -> Tensor:
    return a.tril(diagonal)


def triu(a: Tensor, diagonal: int = 0) -> Tensor:
    return a.triu(diagonal)


def sort(a: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Any:
    return a.sort(dim, descending, stable=stable)


def argsort(a: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:
    return a.argsort(dim, descending, stable=stable)


def topk(a: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:  # noqa: A002
    return a.topk(k, dim, largest, sorted)


def kthvalue(a: Tensor, k: int, dim: int = -1, keepdim: bool = False) -> Any:
    return a.kthvalue(k, dim, keepdim)


def median(a: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
    return a.median(dim, keepdim)


def cumprod(a: Tensor, dim: int, dtype: Any = None) -> Tensor:
    return a.cumprod(dim, dtype)


def mv(a: Tensor, vec: Tensor) -> Tensor:
    return a.mv(vec)


def addmm(bias: Tensor, mat1: Tensor, mat2: Tensor, *, beta: float = 1, alpha: float = 1) -> Tensor:
    return bias.addmm(mat1, mat2, beta=beta, alpha=alpha)


def clone(a: Tensor) -> Tensor:
    return a.clone()


def detach(a: Tensor) -> Tensor:
    return a.detach()


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    return _shape.cat(tensors, dim)


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    return _shape.stack(tensors, dim)


def eq(a: Tensor, b: Any) -> Tensor:
    return a.eq(b)


def ne(a: Tensor, b: Any) -> Tensor:
    return a.ne(b)


def gt(a: Tensor, b: Any) -> Tensor:
    return a.gt(b)


def lt(a: Tensor, b: Any) -> Tensor:
    return a.lt(b)


def ge(a: Tensor, b: Any) -> Tensor:
    return a.ge(b)


def le(a: Tensor, b: Any) -> Tensor:
    return a.le(b)


def all(a: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    return a.all(dim, keepdim)


def any(a: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    return a.any(dim, keepdim)


def argmax(a: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    return a.argmax(dim, keepdim)


def argmin(a: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    return a.argmin(dim, keepdim)


def equal(a: Tensor, b: Tensor) -> bool:
    return a.equal(b)


def allclose(
    a: Tensor, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> bool:
    from .ops.comparison import allclose as _allclose

    return _allclose(a, b, rtol, atol, equal_nan)


def isclose(
    a: Tensor, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    from .ops.comparison import isclose as _isclose

    return _isclose(a, b, rtol, atol, equal_nan)
