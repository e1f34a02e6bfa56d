"""Losses that are squared near the target and straight far from it, so that a few wild
targets pull less than in MSE: Huber (HuberLossBackward0) and smooth L1 (SmoothL1LossBackward0).
And `l1_loss`, which PyTorch composes from smaller operations (|x - y|, then a mean), as here.

With d = x - y, for a positive width δ (Huber's delta, smooth L1's beta):
    huber(d)     = d²/2          where |d| < δ,  else δ·(|d| - δ/2)
    smooth_l1(d) = d²/(2δ)       where |d| < δ,  else |d| - δ/2       (= huber(d) / δ)
Both are continuous with a continuous slope at |d| = δ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..autograd.function import Op
from ..ops import elementwise as _ew
from ..ops._broadcast import check_broadcastable, promoted_arrays, sum_to
from ..ops._math import is_tensor, numpy_of
from .loss_ops import _reduce, check_reduction, warn_if_sizes_differ

if TYPE_CHECKING:
    from .._tensor import Tensor


def _slope(d: Any, width: float, scale: float) -> Any:
    """scale·d/width where |d| ≤ width, else scale·sign(d): the derivative of both losses
    (Huber: scale = width; smooth L1: scale = 1). Which side each d is on is a constant."""
    values = numpy_of(d)
    inside = np.abs(values) <= width
    outside = np.where(values > 0, scale, -scale).astype(values.dtype)
    if is_tensor(d):
        return _ew.where(inside, d * (scale / width), outside)
    return np.where(inside, d * (scale / width), outside)


def _forward(
    ctx: Any, input: Tensor, target: Tensor, reduction: str, width: float, scale: float  # noqa: A002
) -> np.ndarray:
    """scale·d²/(2·width) where |d| < width, else scale·(|d| - width/2), d = input - target."""
    x, y = promoted_arrays(input, target)
    check_broadcastable(x, y)
    ctx.save_for_backward(input, target)
    ctx.reduction, ctx.width, ctx.scale = reduction, width, scale
    d = x - y
    size = np.abs(d)
    losses = np.where(size < width, 0.5 * d * d * (scale / width), scale * (size - 0.5 * width))
    return _reduce(losses.astype(d.dtype, copy=False), reduction)


def _backward(ctx: Any, grad: Any) -> tuple[Any, Any, None, None]:
    """grad·slope(d) to the input, its negative to the target (each summed to its shape)."""
    input, target = ctx.saved_values(grad)  # noqa: A001
    need_input, need_target = ctx.needs_input_grad[:2]
    d = input - target
    per_element = grad / numpy_of(d).size if ctx.reduction == "mean" else grad
    grad_d = per_element * _slope(d, ctx.width, ctx.scale)
    grad_input = sum_to(grad_d, tuple(input.shape)) if need_input else None
    grad_target = sum_to(-grad_d, tuple(target.shape)) if need_target else None
    return grad_input, grad_target, None, None


class HuberLoss(Op):
    """loss = d²/2 where |d| < δ, else δ·(|d| - δ/2), d = input - target;
    ∂loss/∂input = d where |d| ≤ δ, else δ·sign(d);  ∂loss/∂target = -∂loss/∂input"""

    saved_names = ("self", "target")
    saved_attributes = ("reduction", "delta")

    @staticmethod
    def forward(ctx: Any, input: Tensor, target: Tensor, reduction: str, delta: float) -> Any:  # noqa: A002
        ctx.delta = delta
        return _forward(ctx, input, target, reduction, width=delta, scale=delta)

    backward = staticmethod(_backward)


class SmoothL1Loss(Op):
    """loss = d²/(2β) where |d| < β, else |d| - β/2, d = input - target;
    ∂loss/∂input = d/β where |d| ≤ β, else sign(d);  ∂loss/∂target = -∂loss/∂input"""

    saved_names = ("self", "target")
    saved_attributes = ("reduction", "beta")

    @staticmethod
    def forward(ctx: Any, input: Tensor, target: Tensor, reduction: str, beta: float) -> Any:  # noqa: A002
        ctx.beta = beta
        return _forward(ctx, input, target, reduction, width=beta, scale=1.0)

    backward = staticmethod(_backward)


# --- the functions of nn.functional -------------------------------------------------------------
def l1_loss(
    input: Tensor,  # noqa: A002
    target: Tensor,
    reduction: str = "mean",
    weight: Tensor | None = None,
) -> Tensor:
    """The mean (or sum) of |xᵢ - yᵢ|, composed as PyTorch composes it: SubBackward0,
    AbsBackward0, then MeanBackward0 or SumBackward0. With `weight` (input's shape): wᵢ·|xᵢ - yᵢ|,
    and the mean is Σ wᵢ·|xᵢ - yᵢ| / Σ wᵢ."""
    _check(reduction, input, target)
    distances = (input - target).abs()
    if weight is not None:
        _check_weight(weight, input)
        weighted = distances * weight
        if reduction == "mean":
            return weighted.sum() / weight.sum()
        return weighted.sum() if reduction == "sum" else weighted
    if reduction == "mean":
        return distances.mean()
    return distances.sum() if reduction == "sum" else distances


def huber_loss(
    input: Tensor,  # noqa: A002
    target: Tensor,
    reduction: str = "mean",
    delta: float = 1.0,
    weight: Tensor | None = None,
) -> Tensor:
    """Squared error (halved) where |x - y| < delta, absolute error (times delta) beyond.
    With `weight` (input's shape), each element's loss is multiplied by its weight first (and
    'mean' is then the plain mean of the weighted losses, as in PyTorch)."""
    _check(reduction, input, target)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    if weight is None:
        return HuberLoss.apply(input, target, reduction, delta)
    _check_weight(weight, input)
    weighted = HuberLoss.apply(input, target, "none", delta) * weight
    if reduction == "mean":
        return weighted.mean()
    return weighted.sum() if reduction == "sum" else weighted


def smooth_l1_loss(
    input: Tensor, target: Tensor, reduction: str = "mean", beta: float = 1.0  # noqa: A002
) -> Tensor:
    """Squared error over 2·beta where |x - y| < beta, absolute error minus beta/2 beyond;
    beta = 0 is the L1 loss (and is computed as l1_loss, as PyTorch does)."""
    _check(reduction, input, target)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0:
        return l1_loss(input, target, reduction)
    return SmoothL1Loss.apply(input, target, reduction, beta)


def _check_weight(weight: Tensor, input: Tensor) -> None:  # noqa: A002
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")


def _check(reduction: str, input: Tensor, target: Tensor) -> None:  # noqa: A002
    """A reduction PyTorch knows; its warning when the shapes differ (broadcasting likely
    pairs the wrong values), pointing at the caller of the loss."""
    check_reduction(reduction)
    warn_if_sizes_differ(input, target, stacklevel=3)
