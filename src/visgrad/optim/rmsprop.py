"""`RMSprop`: gradient descent divided by a running root mean square of the gradient."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .. import creation as _creation
from .._tensor import tensor
from .optimizer import Optimizer, check_non_negative, updates_in_place


class RMSprop(Optimizer):
    """RMSprop (Hinton, 2012). For each parameter p with gradient g:

        v ← α·v + (1 - α)·g²           running mean of the squared gradient
        p ← p - lr · g / (√v + eps)

    so each number's step is scaled by how large its gradients have lately been. Options:
    `centered` subtracts the square of the running mean gradient ḡ (√(v - ḡ²): a variance);
    `momentum` keeps b ← momentum·b + g/(√v + eps) and steps by lr·b; `weight_decay` adds
    weight_decay·p to g; `maximize` climbs.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        check_non_negative(lr, "learning rate")
        check_non_negative(eps, "epsilon value")
        check_non_negative(momentum, "momentum value")
        check_non_negative(weight_decay, "weight_decay value")
        check_non_negative(alpha, "alpha value")
        # capturable, foreach and differentiable choose among PyTorch's kernels; kept so that
        # the settings print as in PyTorch, they change nothing here.
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "capturable": capturable,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    @updates_in_place
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient, once."""
        loss = self._loss_of(closure)
        for group in self.param_groups:
            lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
            momentum, weight_decay = group["momentum"], group["weight_decay"]
            for param in group["params"]:
                if param.grad is None:
                    continue
                grad = -param.grad if group["maximize"] else param.grad
                state = self.state[param]
                if not state:
                    self._start(state, param, momentum, group["centered"])
                state["step"] += 1
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)

                # The running averages are updated in place on their NumPy arrays, as in Adam.
                g = grad.numpy()
                v = state["square_avg"].numpy()
                v *= alpha
                v += (1 - alpha) * g * g  # v.mul_(α).addcmul_(g, g, value=1 - α) in PyTorch
                if group["centered"]:
                    mean = state["grad_avg"].numpy()
                    mean += (1 - alpha) * (g - mean)  # ḡ.lerp_(g, 1 - α)
                    denom = np.sqrt(v - mean * mean) + eps
                else:
                    denom = np.sqrt(v) + eps
                if momentum > 0:
                    buffer = state["momentum_buffer"].numpy()
                    buffer *= momentum
                    buffer += g / denom  # b.mul_(momentum).addcdiv_(g, denom)
                    param.add_(state["momentum_buffer"], alpha=-lr)
                else:
                    param.add_(_creation.from_numpy(g / denom), alpha=-lr)
        return loss

    @staticmethod
    def _start(state: dict[str, Any], param: Any, momentum: float, centered: bool) -> None:
        """A parameter's first step: the step count (a float tensor), v = 0 (and b, ḡ = 0)."""
        state["step"] = tensor(0.0)
        state["square_avg"] = _creation.zeros_like(param)
        if momentum > 0:
            state["momentum_buffer"] = _creation.zeros_like(param)
        if centered:
            state["grad_avg"] = _creation.zeros_like(param)
