"""`torch.autograd.functional`: whole Jacobians and Hessians, and their products with vectors."""

from __future__ import annotations

from .functional_grad import jacobian
from .vector_products import hessian, hvp, jvp, vhp, vjp

__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]
