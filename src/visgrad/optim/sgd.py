"""`SGD`: stochastic gradient descent, optionally with momentum, as PyTorch computes it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .optimizer import Optimizer, check_non_negative, updates_in_place


class SGD(Optimizer):
    """p ← p - lr·g, where g is the gradient, optionally

    - with weight decay: g ← g + weight_decay·p  (an L2 penalty on the weights),
    - with momentum: b ← momentum·b + (1 - dampening)·g (b ← g at the first step), then g ← b,
      or, with `nesterov=True`, g ← g + momentum·b,
    - with `maximize=True`: climbing, g ← -g.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        check_non_negative(lr, "learning rate")
        check_non_negative(momentum, "momentum value")
        check_non_negative(weight_decay, "weight_decay value")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        # foreach, differentiable and fused choose among PyTorch's kernels; they are kept so
        # that the settings print as in PyTorch, and change nothing here.
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
            "foreach": foreach,
            "differentiable": differentiable,
            "fused": fused,
        }
        super().__init__(params, defaults)

    @updates_in_place
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient, once."""
        loss = self._loss_of(closure)
        for group in self.param_groups:
            lr, momentum = group["lr"], group["momentum"]
            dampening, weight_decay = group["dampening"], group["weight_decay"]
            for param in group["params"]:
                if param.grad is None:
                    continue
                grad = -param.grad if group["maximize"] else param.grad
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                if momentum != 0:
                    state = self.state[param]
                    buffer = state.get("momentum_buffer")
                    if buffer is None:
                        buffer = grad.clone().detach()
                        state["momentum_buffer"] = buffer
                    else:
                        buffer.mul_(momentum).add_(grad, alpha=1 - dampening)
                    grad = grad.add(buffer, alpha=momentum) if group["nesterov"] else buffer
                param.add_(grad, alpha=-lr)
        return loss
