"""Automatic differentiation: the graph's nodes, the backward engine, grad modes, checks."""

from __future__ import annotations

from . import functional
from .engine import BackwardStep, backward_steps
from .function import AccumulateGrad, Function, Node
from .functional_grad import backward, grad
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import GradcheckError, gradcheck, gradgradcheck

__all__ = [
    "AccumulateGrad",
    "BackwardStep",
    "Function",
    "GradcheckError",
    "Node",
    "backward",
    "backward_steps",
    "enable_grad",
    "functional",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "no_grad",
    "set_grad_enabled",
]
