"""The two loss operations PyTorch records as single nodes: MseLossBackward0, NllLossBackward0.

Each could be composed from smaller operations (a subtraction, a square, a mean); PyTorch
records one node instead, and so do we, so that `loss.grad_fn` prints the same name and the
picture of a training step matches PyTorch's. Their backward rules work on NumPy arrays and on
tensors alike (see `Op`), so gradients of gradients work.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from ..autograd.function import Op
from ..ops._broadcast import check_broadcastable, promoted_arrays, sum_to
from ..ops._math import numpy_of

if TYPE_CHECKING:
    from .._tensor import Tensor


REDUCTIONS = ("none", "mean", "sum")


def check_reduction(reduction: str) -> None:
    """A reduction PyTorch knows, else its ValueError."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def warn_if_sizes_differ(input: Tensor, target: Tensor, stacklevel: int) -> None:  # noqa: A002
    """PyTorch's warning for a target shaped unlike the input (broadcasting then likely pairs
    the wrong values); `stacklevel` as seen from the loss function that calls this."""
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(
            f"Using a target size ({target.shape}) that is different to the input size "
            f"({input.shape}). This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            UserWarning,
            stacklevel=stacklevel + 1,
        )


def _reduce(values: np.ndarray, reduction: str) -> np.ndarray:
    if reduction == "mean":
        if not values.size:  # (the mean of no values is NaN, without NumPy's warning, as PyTorch)
            return np.asarray(np.nan, dtype=values.dtype)
        return np.asarray(values.mean())
    if reduction == "sum":
        return np.asarray(values.sum())
    return values


class MseLoss(Op):
    """out = mean (or sum) of (a - b)²;  ∂out/∂a = 2(a - b)/n (n = 1 for 'sum'),  ∂out/∂b = -∂out/∂a
    (reduction 'none' keeps every (aᵢ - bᵢ)², and then ∂L/∂aᵢ = 2(aᵢ - bᵢ)·gᵢ)"""

    saved_names = ("self", "target")

    @staticmethod
    def forward(ctx: Any, input: Tensor, target: Tensor, reduction: str) -> np.ndarray:  # noqa: A002
        x, y = promoted_arrays(input, target)
        check_broadcastable(x, y)
        ctx.reduction = reduction
        ctx.save_for_backward(input, target)
        diff = x - y
        return _reduce(diff * diff, reduction)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, Any, None]:
        input, target = ctx.saved_values(grad)  # noqa: A001
        need_input, need_target = ctx.needs_input_grad[:2]
        diff = input - target
        # (max: the mean of no values has an empty gradient, which no scale changes)
        scale = 2 / max(numpy_of(diff).size, 1) if ctx.reduction == "mean" else 2
        grad_diff = grad * diff * scale
        grad_input = sum_to(grad_diff, tuple(input.shape)) if need_input else None
        grad_target = sum_to(-grad_diff, tuple(target.shape)) if need_target else None
        return grad_input, grad_target, None


class NllLoss(Op):
    """The negative log-likelihood of the right classes, given log-probabilities a (N, C, ...):
    out = -Σᵢ w[tᵢ]·a[i, tᵢ] / Σᵢ w[tᵢ]  ('mean'; 'sum' does not divide; 'none' keeps each term);
    ∂out/∂a[i, tᵢ] = -w[tᵢ] / Σᵢ w[tᵢ], and 0 for every other class.
    Targets equal to `ignore_index` weigh 0. Target and weight are NumPy arrays (no gradient
    flows to them, so they are not edges of the graph, as in PyTorch)."""

    saved_names = ("self", "target", "weight", "total_weight")

    @staticmethod
    def forward(
        ctx: Any,
        input: Tensor,  # noqa: A002
        target: np.ndarray,
        weight: np.ndarray | None,
        reduction: str,
        ignore_index: int,
    ) -> np.ndarray:
        x = input._array
        # one sample of C classes is a batch of one
        batch_x = x[np.newaxis] if x.ndim == 1 else x
        batch_t = (target.reshape(1) if x.ndim == 1 else target).astype(np.int64)
        classes = batch_x.shape[1]
        ignored = batch_t == ignore_index
        out_of_bounds = ~ignored & ((batch_t < 0) | (batch_t >= classes))
        if out_of_bounds.any():
            raise IndexError(f"Target {batch_t[out_of_bounds].flat[0]} is out of bounds.")

        safe_t = np.where(ignored, 0, batch_t)
        class_weight = np.ones(classes, x.dtype) if weight is None else weight.astype(x.dtype)
        sample_weight = np.where(ignored, 0, class_weight[safe_t]).astype(x.dtype)
        picked = np.take_along_axis(batch_x, safe_t[:, np.newaxis], axis=1)[:, 0]
        # an ignored sample adds 0, even where its scores are NaN or inf (0 * NaN would be NaN)
        with np.errstate(invalid="ignore"):
            losses = np.where(ignored, 0, -sample_weight * picked).astype(x.dtype, copy=False)
        total_weight = sample_weight.sum()

        ctx.input_shape, ctx.reduction = x.shape, reduction
        if x.ndim == 4:  # images: (N, C, H, W)
            ctx.node_name = "NllLoss2DBackward0"
        ctx.safe_target, ctx.sample_weight = safe_t, sample_weight
        ctx.save_for_backward(
            input,
            _tensor._wrap(target),
            None if weight is None else _tensor._wrap(weight),
            _tensor._wrap(np.asarray(total_weight)),
        )
        if reduction == "none":
            return losses.reshape(target.shape)
        if reduction == "sum":
            return np.asarray(losses.sum())
        with np.errstate(invalid="ignore", divide="ignore"):  # all ignored: 0/0 = nan, as PyTorch
            return np.asarray(losses.sum() / total_weight)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None, None]:
        _, _, _, total_weight = ctx.saved_values(grad)
        batch_shape = (1, *ctx.input_shape) if len(ctx.input_shape) == 1 else ctx.input_shape
        # -w[tᵢ] at each sample's target class, 0 elsewhere: a constant, not differentiated
        slope = np.zeros(batch_shape, numpy_of(grad).dtype)
        np.put_along_axis(
            slope, ctx.safe_target[:, np.newaxis], -ctx.sample_weight[:, np.newaxis], axis=1
        )
        if ctx.reduction == "mean":
            with np.errstate(invalid="ignore", divide="ignore"):
                slope = slope / numpy_of(total_weight)
        if ctx.reduction == "none":
            # one gradient per sample: spread it over that sample's classes
            per_sample = grad.reshape((batch_shape[0], 1, *batch_shape[2:]))
            grad_input = per_sample * slope
        else:
            grad_input = grad * slope
        # + 0: the classes not chosen get +0, as in PyTorch (a negative grad times 0 is -0)
        grad_input = grad_input + 0.0
        return grad_input.reshape(ctx.input_shape), None, None, None, None
