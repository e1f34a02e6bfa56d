"""`AdamW`: Adam whose weight decay shrinks the parameters directly, as PyTorch computes it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .adam import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019). Each step first shrinks
    every parameter, p ← p·(1 - lr·weight_decay), then takes Adam's step with the plain
    gradient. (Adam's `weight_decay` instead adds weight_decay·p to the gradient, which Adam's
    per-parameter scaling then distorts.) The default weight_decay is 0.01, PyTorch's.

    PyTorch writes AdamW as Adam(decoupled_weight_decay=True): so does visgrad."""

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            foreach=foreach,
            maximize=maximize,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=True,
        )
