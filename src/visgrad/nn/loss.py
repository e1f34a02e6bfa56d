"""Loss layers: a number saying how far the predictions are from the targets.

Each keeps its settings (`reduction`: 'mean', 'sum' or 'none') and calls `nn.functional`.
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


class CrossEntropyLoss(Module):
    """Cross-entropy of raw class scores (logits, not probabilities) against the right class:
    log_softmax then the negative log-likelihood. Targets are class indices (int64), or class
    probabilities of the same shape as the scores."""

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

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        return F.cross_entropy(
            input,
            target,
            weight=self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
        )
