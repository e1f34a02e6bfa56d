"""`Adagrad`: gradient descent divided by the root of all squared gradients so far."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .. import creation as _creation
from .._tensor import tensor
from .optimizer import Optimizer, check_non_negative, updates_in_place


class Adagrad(Optimizer):
    """Adagrad (Duchi, Hazan & Singer, 2011). For each parameter p with gradient g, at step t:

        s ← s + g²                                  every squared gradient so far
        p ← p - lr_t · g / (√s + eps),   lr_t = lr / (1 + (t - 1)·lr_decay)

    Numbers that often had large gradients take ever smaller steps. s starts at
    `initial_accumulator_value`; `weight_decay` adds weight_decay·p to g; `maximize` climbs.
    As in PyTorch, the state (step 0, s) is made when the optimizer is.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        check_non_negative(lr, "learning rate")
        check_non_negative(lr_decay, "lr_decay value")
        check_non_negative(weight_decay, "weight_decay value")
        check_non_negative(initial_accumulator_value, "initial_accumulator_value value")
        check_non_negative(eps, "epsilon value")
        # foreach, differentiable and fused choose among PyTorch's kernels; kept so that the
        # settings print as in PyTorch, they change nothing here.
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "eps": eps,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "fused": fused,
        }
        super().__init__(params, defaults)
        for group in self.param_groups:
            for param in group["params"]:
                self._start(self.state[param], param, group["initial_accumulator_value"])

    @updates_in_place
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient, once."""
        loss = self._loss_of(closure)
        for group in self.param_groups:
            lr, lr_decay, eps = group["lr"], group["lr_decay"], group["eps"]
            weight_decay = group["weight_decay"]
            for param in group["params"]:
                if param.grad is None:
                    continue
                grad = -param.grad if group["maximize"] else param.grad
                state = self.state[param]
                if not state:  # (a group added after the optimizer was made)
                    self._start(state, param, group["initial_accumulator_value"])
                state["step"] += 1
                step = state["step"].item()
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                step_size = lr / (1 + (step - 1) * lr_decay)

                # The sum is updated in place on its NumPy array, as Adam's averages are.
                g = grad.numpy()
                total = state["sum"].numpy()
                total += g * g  # s.addcmul_(g, g, value=1) in PyTorch
                denom = np.sqrt(total) + eps
                param.add_(_creation.from_numpy(g / denom), alpha=-step_size)  # addcdiv_
        return loss

    @staticmethod
    def _start(state: dict[str, Any], param: Any, initial_value: float) -> None:
        """The state PyTorch makes up front: step 0 (a float tensor) and s = initial value."""
        state["step"] = tensor(0.0)
        state["sum"] = _creation.full_like(param, initial_value)
