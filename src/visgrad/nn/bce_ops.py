"""Binary cross-entropy, of probabilities (BinaryCrossEntropyBackward0) and of raw scores
(BinaryCrossEntropyWithLogitsBackward0): one node each, as PyTorch records them.

For a prediction p of the chance that the label is 1, and a target t in [0, 1]:
    loss = -(t·ln p + (1 - t)·ln(1 - p))
`binary_cross_entropy` takes p itself (after a sigmoid); `binary_cross_entropy_with_logits`
takes the score x with p = σ(x), and computes the same loss without ever forming p, so a score of
1000 neither overflows nor loses the gradient. Both gradients flow to the input and the target;
`weight` and `pos_weight` are constants (NumPy arrays here: no edge, as in PyTorch).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from ..autograd.function import Op
from ..ops._math import is_tensor, log, numpy_of
from .activation_ops import Softplus, softplus_values
from .loss_ops import _reduce, check_reduction

if TYPE_CHECKING:
    from .._tensor import Tensor

LOG_FLOOR = -100.0  # PyTorch clamps each log at -100, so p = 0 or 1 gives a finite loss
EPSILON = 1e-12  # ... and divides by at least this in the gradient, p·(1 - p) ≥ 1e-12


def _per_element(grad: Any, count: int, reduction: str) -> Any:
    """The gradient each element's loss receives: grad, or grad / count for 'mean'."""
    return grad / count if reduction == "mean" else grad


def _at_least(v: Any, floor: float) -> Any:
    """max(v, floor), elementwise (a clamp when recorded)."""
    return v.clamp(min=floor) if is_tensor(v) else np.maximum(v, floor)


def _log_sigmoid(v: Any) -> Any:
    """ln σ(v) = -ln(1 + e⁻ᵛ) = -softplus(-v), which neither overflows nor rounds to -inf
    (no threshold: softplus is never cut to -v); recorded as such for a tensor."""
    if is_tensor(v):
        return -Softplus.apply(-v, 1.0, math.inf)
    return -softplus_values(-v, 1.0, math.inf)


def _sigmoid(v: Any) -> Any:
    if is_tensor(v):
        return v.sigmoid()
    e = np.exp(-np.abs(v))
    return np.where(v >= 0, 1 / (1 + e), e / (1 + e))


def _constant(weight: np.ndarray | None) -> Tensor | None:
    return None if weight is None else _tensor._wrap(weight)


class BinaryCrossEntropy(Op):
    """loss = -w·(t·max(ln p, -100) + (1 - t)·max(ln(1 - p), -100)), then mean/sum/none;
    ∂loss/∂p = w·(p - t) / max(p·(1 - p), 1e-12),  ∂loss/∂t = w·(ln(1 - p) - ln p)
    (each divided by the number of elements for 'mean')"""

    saved_names = ("self", "target", "weight")
    saved_attributes = ("reduction",)

    @staticmethod
    def forward(
        ctx: Any, input: Tensor, target: Tensor, weight: np.ndarray | None, reduction: str  # noqa: A002
    ) -> np.ndarray:
        p, t = input._array, target._array
        if np.any((p < 0) | (p > 1)):
            raise RuntimeError("all elements of input should be between 0 and 1")
        ctx.save_for_backward(input, target, _constant(weight))
        ctx.reduction, ctx.count = reduction, p.size
        with np.errstate(divide="ignore"):  # ln 0 = -inf, then clamped to -100
            log_p = np.maximum(np.log(p), LOG_FLOOR)
            log_not_p = np.maximum(np.log(1 - p), LOG_FLOOR)
        losses = (t - 1) * log_not_p - t * log_p
        if weight is not None:
            losses = losses * weight
        return _reduce(losses.astype(p.dtype, copy=False), reduction)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any, None, None]:
        p, t, weight = ctx.saved_values(grad)
        need_p, need_t = ctx.needs_input_grad[:2]
        scale = _per_element(grad, ctx.count, ctx.reduction)
        if weight is not None:
            scale = scale * weight
        grad_p = grad_t = None
        if need_p:
            grad_p = scale * (p - t) / _at_least((1 - p) * p, EPSILON)
        if need_t:
            with np.errstate(divide="ignore", invalid="ignore"):
                grad_t = scale * (log(1 - p) - log(p))  # -logit(p)
        return grad_p, grad_t, None, None


class BinaryCrossEntropyWithLogits(Op):
    """loss = w·((1 - t)·x - (1 + (q - 1)·t)·ln σ(x)), q the pos_weight (1 if not given),
    then mean/sum/none;  ∂loss/∂x = w·((q·t + 1 - t)·σ(x) - q·t)  (σ(x) - t when q = 1),
    ∂loss/∂t = w·(ln σ(-x) - q·ln σ(x))  (-x when q = 1)"""

    saved_names = ("self", "target", "weight", "pos_weight")
    saved_attributes = ("reduction",)

    @staticmethod
    def forward(
        ctx: Any,
        input: Tensor,  # noqa: A002
        target: Tensor,
        weight: np.ndarray | None,
        pos_weight: np.ndarray | None,
        reduction: str,
    ) -> np.ndarray:
        x, t = input._array, target._array
        dtype = np.result_type(x, t)
        ctx.save_for_backward(input, target, _constant(weight), _constant(pos_weight))
        ctx.reduction, ctx.count = reduction, x.size
        log_sigmoid = _log_sigmoid(x)
        if pos_weight is None:
            losses = (1 - t) * x - log_sigmoid
        else:
            losses = (1 - t) * x - (1 + (pos_weight - 1) * t) * log_sigmoid
        if weight is not None:
            losses = losses * weight
        return _reduce(losses.astype(dtype, copy=False), reduction)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any, None, None, None]:
        x, t, weight, pos_weight = ctx.saved_values(grad)
        need_x, need_t = ctx.needs_input_grad[:2]
        scale = _per_element(grad, ctx.count, ctx.reduction)
        if weight is not None:
            scale = scale * weight
        grad_x = grad_t = None
        if pos_weight is None:
            if need_x:
                grad_x = scale * (_sigmoid(x) - t)
            if need_t:
                grad_t = scale * -x
        else:
            if need_x:
                weighted_t = pos_weight * t
                grad_x = scale * ((weighted_t + 1 - t) * _sigmoid(x) - weighted_t)
            if need_t:
                grad_t = scale * (_log_sigmoid(-x) - pos_weight * _log_sigmoid(x))
        return grad_x, grad_t, None, None, None


# --- the functions of nn.functional -------------------------------------------------------------
def binary_cross_entropy(
    input: Tensor,  # noqa: A002 - PyTorch's name
    target: Tensor,
    weight: Tensor | None = None,
    reduction: str = "mean",
) -> Tensor:
    """-(t·ln p + (1 - t)·ln(1 - p)) averaged (or summed): p = input, probabilities in [0, 1];
    target t of the same shape and dtype. Each log is clamped at -100, as in PyTorch."""
    check_reduction(reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(
            f"Using a target size ({target.shape}) that is different to the input size "
            f"({input.shape}) is deprecated. Please ensure they have the same size."
        )
    if target.dtype is not input.dtype:
        raise RuntimeError(
            f"Found dtype {target.dtype.scalar_name} but expected {input.dtype.scalar_name}"
        )
    weights = _weight_array("binary_cross_entropy", "weight", weight)
    return BinaryCrossEntropy.apply(input, target, weights, reduction)


def binary_cross_entropy_with_logits(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None = None,
    reduction: str = "mean",
    pos_weight: Tensor | None = None,
) -> Tensor:
    """binary_cross_entropy(σ(x), t), computed from the scores x directly, stably.
    `pos_weight` (one per class, the last axis) weighs the positive term t·ln σ(x)."""
    check_reduction(reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(
            f"Target size ({target.shape}) must be the same as input size ({input.shape})"
        )
    if not target.is_floating_point():
        raise RuntimeError(
            f"result type {input.dtype.scalar_name} can't be cast to the desired output type "
            f"{target.dtype.scalar_name}"
        )
    name = "binary_cross_entropy_with_logits"
    weights = _weight_array(name, "weight", weight)
    pos_weights = _weight_array(name, "pos_weight", pos_weight)
    return BinaryCrossEntropyWithLogits.apply(input, target, weights, pos_weights, reduction)


def _weight_array(function: str, argument: str, weight: Tensor | None) -> np.ndarray | None:
    """A weight's values, a constant; PyTorch refuses one that requires grad."""
    if weight is None:
        return None
    if weight.requires_grad:
        raise RuntimeError(
            f"The function '{function}' is not differentiable with respect to argument "
            f"'{argument}'. This input cannot have requires_grad True."
        )
    return numpy_of(weight)
