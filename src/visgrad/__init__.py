"""visgrad: autograd you can see.

A NumPy-backed automatic differentiation library shaped like PyTorch, so that
`import visgrad as torch` runs PyTorch's autograd tutorial unchanged, plus pictures of the
graph it records (`visgrad.draw`) and a player for its backward pass (`visgrad.play`).
"""

from __future__ import annotations

import warnings

from . import autograd, nn, optim, viz
from ._tensor import Size, Tensor, tensor
from .autograd.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .creation import (
    arange,
    as_tensor,
    empty,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    manual_seed,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    randperm,
    zeros,
    zeros_like,
)
from .dtypes import bool_ as bool  # noqa: A004 - PyTorch's name, as torch.bool
from .dtypes import dtype, float16, float32, float64, int8, int16, int32, int64, uint8
from .functions import *  # noqa: F403 - the torch.xxx(tensor, ...) spellings
from .functions import __all__ as _function_names
from .ops import return_types  # (torch.return_types: what max(dim), sort, topk... return)
from .printing import set_printoptions
from .viz import draw, play

float = float32  # noqa: A001 - torch.float
double = float64
half = float16
long = int64
int = int32  # noqa: A001 - torch.int
short = int16

__version__ = "0.1.0"

__all__ = [
    "Size",
    "Tensor",
    "arange",
    "as_tensor",
    "autograd",
    "bool",
    "double",
    "draw",
    "dtype",
    "empty",
    "enable_grad",
    "eye",
    "float",
    "float16",
    "float32",
    "float64",
    "from_numpy",
    "full",
    "full_like",
    "half",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "is_grad_enabled",
    "linspace",
    "long",
    "manual_seed",
    "nn",
    "no_grad",
    "ones",
    "ones_like",
    "optim",
    "play",
    "rand",
    "rand_like",
    "return_types",
    "randint",
    "randn",
    "randn_like",
    "randperm",
    "set_grad_enabled",
    "set_printoptions",
    "short",
    "tensor",
    "uint8",
    "viz",
    "zeros",
    "zeros_like",
    *_function_names,
]

# PyTorch computes with infinities and NaN silently (inf - inf is NaN, 1/0 is inf); NumPy warns
# about each ("RuntimeWarning: invalid value encountered in subtract"). Silence NumPy's
# floating-point warnings where visgrad's own code runs them, and only there: the user's own
# NumPy code keeps its warnings. (np.errstate around every operation would cost 1 µs each.)
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"visgrad(\.|$)")
