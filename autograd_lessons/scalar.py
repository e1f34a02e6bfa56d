"""`Scalar`: one number and its gradient, for doing the backward pass by hand (lesson 3).

It records nothing: the learner plays the engine, calling the backward rules themselves.
"""

from __future__ import annotations


class Scalar:
    """A value and the gradient accumulated for it so far (0.0 until a backward adds to it)."""

    def __init__(self, value: float, grad: float = 0.0) -> None:
        self.value = float(value)
        self.grad = float(grad)

    def __repr__(self) -> str:
        return f"Scalar(value={self.value:g}, grad={self.grad:g})"
