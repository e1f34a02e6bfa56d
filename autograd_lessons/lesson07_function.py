"""Lesson 7 exercises: inside a Function (custom autograd.Function, save_for_backward)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

import visgrad as torch

from .core import Exercise
from .function_check import Case, check_function, expect_function_class

_rng = np.random.default_rng(7)
_X = _rng.normal(size=3)
_A, _B = _rng.normal(size=3), _rng.normal(size=3)
_M, _N = _rng.normal(size=(2, 3)), _rng.normal(size=(3, 4))
_G3, _G24 = _rng.normal(size=3), _rng.normal(size=(2, 4))


# --- 07.exp -----------------------------------------------------------------------------------
class Exp(torch.autograd.Function):
    """y = eˣ, ∂y/∂x = eˣ = y: backward needs the result, so forward saves it."""

    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


def _exp_mistakes(inputs: Sequence[np.ndarray], g: np.ndarray) -> list[tuple[Any, str]]:
    (x,) = inputs
    return [([g * x], "your backward used the input x: ∂eˣ/∂x is eˣ. Save the result (or "
                      "compute exp of the saved input) instead.")]


def _check_exp(answer: Any) -> str:
    cls = expect_function_class(answer, "Exp")
    check_function(cls, np.exp, [Case((_X,), _G3, ("x",))], _exp_mistakes)
    return ("forward saves what backward needs; backward multiplies the local derivative by "
            "grad_output.")


# --- 07.mul -----------------------------------------------------------------------------------
class Mul(torch.autograd.Function):
    """y = a · b, ∂y/∂a = b, ∂y/∂b = a: backward needs both inputs."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        return grad_output * b, grad_output * a  # one gradient per input, in order


def _check_mul(answer: Any) -> str:
    cls = expect_function_class(answer, "Mul")
    check_function(cls, np.multiply, [Case((_A, _B), _G3, ("a", "b"))])
    return "one gradient per input, in the order forward received them."


# --- 07.matmul --------------------------------------------------------------------------------
class MatMul(torch.autograd.Function):
    """Y = A @ B: ∂L/∂A = G @ Bᵀ and ∂L/∂B = Aᵀ @ G, where G = ∂L/∂Y."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        # shapes: A (n, k), B (k, m), G (n, m) -> G @ Bᵀ is (n, k), Aᵀ @ G is (k, m)
        return grad_output @ b.T, a.T @ grad_output


def _matmul_mistakes(inputs: Sequence[np.ndarray], g: np.ndarray) -> list[tuple[Any, str]]:
    a, b = inputs
    return [([g @ b, a @ g], "you forgot to transpose: ∂L/∂A = G @ Bᵀ and ∂L/∂B = Aᵀ @ G.")]


def _check_matmul(answer: Any) -> str:
    cls = expect_function_class(answer, "MatMul")
    check_function(cls, np.matmul, [Case((_M, _N), _G24, ("A", "B"))], _matmul_mistakes)
    return "each gradient has its input's shape: write the shapes down and the transposes follow."


EXERCISES = [
    Exercise(
        id="07.exp",
        title="A custom Function: Exp",
        task="Write `class Exp(torch.autograd.Function)` computing eˣ elementwise: `forward(ctx, "
        "x)` saves what backward needs with `ctx.save_for_backward`, and `backward(ctx, "
        "grad_output)` returns the gradient for x. Both are `@staticmethod`s.",
        writes="a class `Exp(torch.autograd.Function)`",
        call="ex.check(Exp)",
        checker=_check_exp,
        hints=("∂eˣ/∂x = eˣ: the result itself.",
               "Read it back with `(result,) = ctx.saved_tensors`, and multiply by grad_output "
               "(chain rule)."),
        solution_code=Exp,
    ),
    Exercise(
        id="07.mul",
        title="Two inputs, two gradients",
        task="Write `class Mul(torch.autograd.Function)` for `a * b` (same shapes): backward "
        "returns the gradient for `a` and the gradient for `b`.",
        writes="a class `Mul(torch.autograd.Function)`",
        call="ex.check(Mul)",
        checker=_check_mul,
        hints=("Save both inputs: each one's gradient needs the other.",
               "Return a tuple, in the order of forward's inputs."),
        solution_code=Mul,
    ),
    Exercise(
        id="07.matmul",
        title="Matrix product: mind the shapes",
        task="Write `class MatMul(torch.autograd.Function)` for `A @ B` with A of shape (2, 3) "
        "and B of shape (3, 4).",
        writes="a class `MatMul(torch.autograd.Function)`",
        call="ex.check(MatMul)",
        checker=_check_matmul,
        hints=("grad_output has the output's shape, (2, 4); the gradient for A must be (2, 3).",
               "(2, 4) @ (4, 3) is (2, 3): the (4, 3) matrix is Bᵀ."),
        solution_code=MatMul,
    ),
]
