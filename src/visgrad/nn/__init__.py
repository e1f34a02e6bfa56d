"""`torch.nn`, just enough for a training lesson: Module, Parameter, Linear, Sequential,
activations (ReLU, LeakyReLU, Tanh, Sigmoid), losses (MSELoss, CrossEntropyLoss), `functional`,
`init`.

    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1))
    loss = nn.MSELoss()(model(x), y)
"""

from __future__ import annotations

from . import functional, init
from .activation import LeakyReLU, ReLU, Sigmoid, Tanh
from .container import Sequential
from .linear import Linear
from .loss import CrossEntropyLoss, MSELoss
from .module import Module
from .parameter import Parameter

__all__ = [
    "CrossEntropyLoss",
    "Linear",
    "MSELoss",
    "Module",
    "Parameter",
    "LeakyReLU",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Tanh",
    "functional",
    "init",
]
