"""Loss layers: a number saying how far the predictions are from the targets.

Each keeps its settings (`reduction`: 'mean', 'sum' or 'none') and calls `nn.functional`.
Regression: MSELoss, L1Loss, HuberLoss, SmoothL1Loss. Classes: CrossEntropyLoss, NLLLoss;
two classes (yes/no): BCELoss, BCEWithLogitsLoss.
Call them as `loss_fn(prediction, target)`: the order matters.
"""

from __future__ import annotations

from .._tensor import Tensor
from . import functional as F
from .module import Module


class MSELoss(Module):
    """The mean squared error: mean of (predictionᵢ - targetᵢ)²."""

    def __init__(self, *, reduction: str = "mean") -> None:
        super().__init__()
        self.reduction = reduction

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        return F.mse_loss(input, target, reduction=self.reduction)


class _ClassesLoss(Module):
    """The settings of a loss over classes: a weight per class (a buffer), a target class to
    ignore, and the reduction (PyTorch's `_WeightedLoss`)."""

    def __init__(
        self,
        weight: Tensor | None = None,
        *,
        ignore_index: int = -100,
        reduction: str = "mean",
    ) -> None:
        super().__init__()
        self.register_buffer("weight", weight)
        self.ignore_index = ignore_index
        self.reduction = reduction


class CrossEntropyLoss(_ClassesLoss):
    """Cross-entropy of raw class scores (logits, not probabilities) against the right class:
    log_softmax then the negative log-likelihood. Targets are class indices (int64), or class
    probabilities of the same shape as the scores."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.cross_entropy(
            input,
            target,
            weight=self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
        )


class NLLLoss(_ClassesLoss):
    """The negative log-likelihood of the right classes, from log-probabilities (the output of
    LogSoftmax): -input[i, target[i]] averaged over the samples. LogSoftmax then NLLLoss is
    CrossEntropyLoss."""

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.nll_loss(
            input,
            target,
            weight=self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
        )


class BCELoss(Module):
    """Binary cross-entropy of probabilities p (after a sigmoid) against targets t in [0, 1]:
    mean of -(t·ln p + (1 - t)·ln(1 - p)). `weight` weighs each element."""

    def __init__(self, weight: Tensor | None = None, *, reduction: str = "mean") -> None:
        super().__init__()
        self.register_buffer("weight", weight)
        self.reduction = reduction

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(Module):
    """Binary cross-entropy of raw scores x (before any sigmoid): BCELoss(σ(x), t), computed
    stably. `pos_weight` (one per class) weighs the positive examples."""

    def __init__(
        self,
        weight: Tensor | None = None,
        *,
        reduction: str = "mean",
        pos_weight: Tensor | None = None,
    ) -> None:
        super().__init__()
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)
        self.reduction = reduction

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.binary_cross_entropy_with_logits(
            input, target, self.weight, reduction=self.reduction, pos_weight=self.pos_weight
        )


class L1Loss(Module):
    """The mean absolute error: mean of |predictionᵢ - targetᵢ|."""

    def __init__(self, *, reduction: str = "mean") -> None:
        super().__init__()
        self.reduction = reduction

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.l1_loss(input, target, reduction=self.reduction)


class HuberLoss(Module):
    """Squared error (halved) where |prediction - target| < delta, delta·(|d| - delta/2) beyond:
    MSE's pull near the target, L1's calm far from it."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__()
        self.reduction = reduction
        self.delta = delta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class SmoothL1Loss(Module):
    """d²/(2·beta) where |d| < beta, |d| - beta/2 beyond (d = prediction - target): Huber's loss
    divided by beta."""

    def __init__(self, *, reduction: str = "mean", beta: float = 1.0) -> None:
        super().__init__()
        self.reduction = reduction
        self.beta = beta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)
