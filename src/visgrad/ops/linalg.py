"""Matrix products. For out = A·B the chain rule gives ∂L/∂A = G·Bᵀ and ∂L/∂B = Aᵀ·G.

Backward rules work on NumPy arrays and on tensors alike (see `Op` and `_math`): `@` is the
same operator for both (for two tensor matrices it records MmBackward0, as `mm` does)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..autograd.function import Op
from ._broadcast import check_shapes_broadcast, sum_to
from ._math import is_tensor, numpy_of, t, transpose, unsqueeze

if TYPE_CHECKING:
    from .._tensor import Tensor


def _shape_text(shape: tuple[int, ...]) -> str:
    return "x".join(str(n) for n in shape)


def _one_dtype(a: Tensor, b: Tensor, product: str) -> tuple[np.ndarray, np.ndarray]:
    """Matrix products never promote dtypes: PyTorch refuses two of them, in words that
    depend on the product."""
    x, y = a._array, b._array
    if x.dtype is y.dtype or x.dtype == y.dtype:
        return x, y
    if product == "dot":
        message = (
            "dot : expected both vectors to have same dtype, but found "
            f"{a.dtype.scalar_name} and {b.dtype.scalar_name}"
        )
    elif product == "mm":
        message = (
            "expected m1 and m2 to have the same dtype, but got: "
            f"{a.dtype.c_name} != {b.dtype.c_name}"
        )
    elif product == "mv":
        message = (
            "addmv input tensors must have the same dtype, but got "
            f"{b.dtype.scalar_name}, {a.dtype.scalar_name}, and {b.dtype.scalar_name}"
        )
    else:
        message = f"expected scalar type {a.dtype.scalar_name} but found {b.dtype.scalar_name}"
    raise RuntimeError(message)


class Dot(Op):
    """out = Σᵢ aᵢbᵢ for two vectors;  ∂out/∂a = b,  ∂out/∂b = a"""

    saved_names = ("self", "tensor")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = _one_dtype(a, b, "dot")
        if x.shape != y.shape:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{x.size}] and src [{y.size}] to "
                f"have the same number of elements, but got {x.size} and {y.size} elements "
                "respectively"
            )
        ctx.save_for_backward(a, b)
        return np.asarray(np.dot(x, y))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, b = ctx.saved_values(grad)
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None, grad * a if need_b else None)


class Mm(Op):
    """out = A·B for matrices;  ∂L/∂A = G·Bᵀ,  ∂L/∂B = Aᵀ·G"""

    saved_names = ("self", "mat2")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = _one_dtype(a, b, "mm")
        if x.shape[1] != y.shape[0]:
            raise RuntimeError(_mm_message(x.shape, y.shape))
        ctx.save_for_backward(a, b)
        return np.dot(x, y)  # (for matrices what @ computes, bit for bit, 0.3 µs sooner)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, b = ctx.saved_values(grad)
        need_a, need_b = ctx.needs_input_grad
        grad_a = product_laid_out_as(a, grad, t(b)) if need_a else None
        grad_b = product_laid_out_as(b, t(a), grad) if need_b else None
        return grad_a, grad_b


def product_laid_out_as(like: Any, left: Any, right: Any) -> Any:
    """left·right, in the memory layout of `like`, as PyTorch's mm backward does: for a
    transposed `like` (the `w.T` of a linear layer) it is computed as (rightᵀ·leftᵀ)ᵀ, so
    that the gradient is contiguous again once transposed back to w's shape, and becomes
    w.grad without a copy (W5: a 784x512 strided copy less, -4%; W4: three small ones)."""
    x = numpy_of(like)
    if x.strides[0] < x.strides[1]:
        return t(_matrix_product(t(right), t(left)))
    return _matrix_product(left, right)


def _matrix_product(left: Any, right: Any) -> Any:
    """left·right of two matrices: recorded for tensors; np.dot for arrays, which gives what
    @ gives, bit for bit, with less of NumPy's dispatch (W4's shapes: 0.3-1.8 µs less)."""
    if is_tensor(left):
        return left @ right
    return np.dot(left, right)



class Matmul(Op):
    """out = A·B over the last two axes, the leading (batch) axes broadcast; a vector counts
    as a row (on the left) or a column (on the right);
    ∂L/∂A = G·Bᵀ and ∂L/∂B = Aᵀ·G, each summed back over broadcast batch axes.
    (PyTorch reshapes around an mm/bmm and records those views; we record one node.)"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = _one_dtype(a, b, "mv" if a.ndim == 2 and b.ndim == 1 else "matmul")
        message = _matmul_shape_error(x.shape, y.shape)
        if message:
            raise RuntimeError(message)
        ctx.node_name = "MvBackward0" if x.ndim == 2 and y.ndim == 1 else "MatmulBackward0"
        ctx.save_for_backward(a, b)
        return np.asarray(np.matmul(x, y))

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any]:
        a, b = ctx.saved_values(grad)
        # treat vectors as matrices (a row for a, a column for b), as matmul does
        a2 = unsqueeze(a, 0) if a.ndim == 1 else a
        b2 = unsqueeze(b, -1) if b.ndim == 1 else b
        g = grad
        if a.ndim == 1:
            g = unsqueeze(g, -2)
        if b.ndim == 1:
            g = unsqueeze(g, -1)
        need_a, need_b = ctx.needs_input_grad
        grad_a = grad_b = None
        if need_a:
            grad_a = sum_to(g @ transpose(b2, -1, -2), tuple(a2.shape)).reshape(a.shape)
        if need_b:
            grad_b = sum_to(transpose(a2, -1, -2) @ g, tuple(b2.shape)).reshape(b.shape)
        return grad_a, grad_b


class Bmm(Matmul):
    """out[i] = A[i]·B[i] for two stacks of matrices of the same length (no broadcasting);
    the rule is Matmul's."""

    node_name = "BmmBackward0"

    @staticmethod
    def forward(ctx: Any, a: Tensor, b: Tensor) -> np.ndarray:
        x, y = _one_dtype(a, b, "bmm")
        if x.shape[0] != y.shape[0] or x.shape[2] != y.shape[1]:
            raise RuntimeError(
                "Expected size for first two dimensions of batch2 tensor to be: "
                f"[{x.shape[0]}, {x.shape[2]}] but got: [{y.shape[0]}, {y.shape[1]}]."
            )
        ctx.save_for_backward(a, b)
        return np.matmul(x, y)


def _matmul_shape_error(shape_a: tuple[int, ...], shape_b: tuple[int, ...]) -> str | None:
    """PyTorch's message when `a @ b` cannot be computed, else None.

    The words depend on the route PyTorch takes: ≥3-D @ ≤2-D folds a's batch into its rows and
    runs mm (or mv); vector @ matrix runs mm on a 1-row matrix; matrix @ vector runs mv;
    everything else broadcasts the batch dimensions and runs bmm.
    """
    inner_a = shape_a[-1]
    inner_b = shape_b[-2] if len(shape_b) > 1 else shape_b[0]
    batch_a, batch_b = shape_a[:-2], shape_b[:-2]
    if inner_a == inner_b and (not batch_a or not batch_b):
        return None
    if len(shape_a) >= 3 and len(shape_b) <= 2:
        rows = int(np.prod(shape_a[:-1], dtype=np.int64))
        if len(shape_b) == 1:
            return f"size mismatch, got input ({rows}), mat ({rows}x{inner_a}), vec ({inner_b})"
        return _mm_message((rows, inner_a), shape_b)
    if len(shape_a) == 2 and len(shape_b) == 1:
        rows, matrix = shape_a[0], _shape_text(shape_a)
        return f"size mismatch, got input ({rows}), mat ({matrix}), vec ({inner_b})"
    if len(shape_a) == 1 and len(shape_b) == 2:
        return _mm_message((1, inner_a), shape_b)
    check_shapes_broadcast(batch_a, batch_b)
    if inner_a == inner_b:
        return None
    batch = int(np.prod(np.broadcast_shapes(batch_a, batch_b), dtype=np.int64))
    return (
        "Expected size for first two dimensions of batch2 tensor to be: "
        f"[{batch}, {inner_a}] but got: [{batch}, {inner_b}]."
    )


def _mm_message(shape_a: tuple[int, ...], shape_b: tuple[int, ...]) -> str:
    return (
        f"mat1 and mat2 shapes cannot be multiplied ({_shape_text(shape_a)} and "
        f"{_shape_text(shape_b)})"
    )


def matmul(a: Tensor, b: Tensor) -> Tensor:
    """`a @ b`: dot for two vectors, mm for two matrices, Matmul (mv, batched) otherwise."""
    ndim_a, ndim_b = a._array.ndim, b._array.ndim
    if ndim_a == 0 or ndim_b == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {ndim_a}D and "
            f"{ndim_b}D"
        )
    if ndim_a == 1 and ndim_b == 1:
        return Dot.apply(a, b)
    if ndim_a == 2 and ndim_b == 2:
        return Mm.apply(a, b)
    return Matmul.apply(a, b)


def outer(a: Tensor, b: Tensor) -> Tensor:
    """aᵢ·bⱼ for two vectors, recorded as PyTorch does it: a as a column (a view) times b."""
    for name, v in (("self", a), ("vec2", b)):
        if v.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {v.ndim}-D")
    return a.reshape(a.shape[0], 1) * b


def mm(a: Tensor, b: Tensor) -> Tensor:
    if a.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if b.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    return Mm.apply(a, b)


def dot(a: Tensor, b: Tensor) -> Tensor:
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    return Dot.apply(a, b)


def bmm(a: Tensor, b: Tensor) -> Tensor:
    if a.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    return Bmm.apply(a, b)


# --- matrix · vector, and bias + matrix · matrix ----------------------------------------------
def mv(a: Tensor, v: Tensor) -> Tensor:
    """A matrix times a vector: Matmul, which records it as PyTorch's MvBackward0."""
    if a.ndim != 2 or v.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {a.ndim}, {v.ndim}")
    message = _matmul_shape_error(a.shape, v.shape)  # (mv checks the sizes before the dtypes)
    if message:
        raise RuntimeError(message)
    return Matmul.apply(a, v)


def addmm(bias: Tensor, mat1: Tensor, mat2: Tensor, beta: float = 1, alpha: float = 1) -> Tensor:
    """bias + mat1·mat2 as one node (AddmmBackward0): nn's Addmm, the operation of a Linear
    layer. Only beta = alpha = 1, the values nn.Linear uses."""
    if beta != 1 or alpha != 1:
        raise NotImplementedError(
            "visgrad's addmm computes bias + mat1 @ mat2 (beta=1, alpha=1); for other weights, "
            "write beta * bias + alpha * (mat1 @ mat2)."
        )
    from ..nn.addmm import addmm as _addmm  # (nn builds on ops: imported when first used)

    return _addmm(bias, mat1, mat2)
