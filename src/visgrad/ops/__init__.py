"""The differentiable operations, grouped by kind, each a class with forward and backward.

`registry()` lists every built-in operation class by name (`Mul`, whose node is
`MulBackward0`), built from the classes themselves so a lesson can list them.
"""

from __future__ import annotations

from ..autograd.function import Op
from . import (
    comparison,
    cumprod,
    diagonals,
    elementwise,
    indexing,
    inplace,
    lerp,
    limits,
    linalg,
    logs_and_powers,
    moves,
    no_derivative,
    predicates,
    reductions,
    rounding,
    shape,
    sorting,
    special,
    splitting,
    trigonometry,
)


def registry() -> dict[str, type[Op]]:
    """Every built-in operation class by class name (`Mul`, `Addmm`, ...), found from the
    classes themselves: the ones here and those `visgrad.nn` adds (Addmm, MseLoss, NllLoss)."""
    found: dict[str, type[Op]] = {}
    stack = list(Op.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("visgrad."):
            found[cls.__name__] = cls
    return dict(sorted(found.items()))


__all__ = [
    "registry",
    "comparison",
    "cumprod",
    "diagonals",
    "elementwise",
    "indexing",
    "inplace",
    "lerp",
    "limits",
    "linalg",
    "logs_and_powers",
    "moves",
    "no_derivative",
    "predicates",
    "reductions",
    "rounding",
    "shape",
    "sorting",
    "special",
    "splitting",
    "trigonometry",
]
