"""The differentiable operations, grouped by kind, each a class with forward and backward.

`REGISTRY` lists every built-in operation class by its node name (`MulBackward0` -> `Mul`),
built from the classes themselves so a lesson can list them.
"""

from __future__ import annotations

from ..autograd.function import Op
from . import comparison, elementwise, indexing, inplace, linalg, reductions, shape


def _all_op_classes() -> list[type[Op]]:
    found: list[type[Op]] = []
    for module in (elementwise, reductions, linalg, shape, indexing, inplace):
        for value in vars(module).values():
            is_op = isinstance(value, type) and issubclass(value, Op)
            if is_op and value.__module__ == module.__name__:
                found.append(value)
    return found


REGISTRY: dict[str, type[Op]] = {cls.__name__: cls for cls in _all_op_classes()}

__all__ = [
    "REGISTRY",
    "comparison",
    "elementwise",
    "indexing",
    "inplace",
    "linalg",
    "reductions",
    "shape",
]
