"""`torch.autograd.functional`: whole Jacobians, built from one backward pass per row."""

from __future__ import annotations

from .functional_grad import jacobian

__all__ = ["jacobian"]
