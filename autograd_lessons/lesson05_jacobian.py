"""Lesson 5 exercises: vector-Jacobian products (the Jacobian, vᵀJ, y.backward(v))."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import visgrad as torch

from .compare import as_numbers, close, expect_close, shape_message
from .core import Exercise
from .running import LearnerError, Mistake, expect_callable, run

X = [1.0, 2.0, 3.0]
V = [0.1, 1.0, 0.0001]
TRANSPOSED = ("your matrix is Jᵀ: row i of J holds the derivatives of output y_i, "
              "J[i][j] = ∂y_i/∂x_j.")


def f(x):
    """The function of this lesson's exercises: R³ → R³."""
    return torch.stack([x[0] * x[1], x[1] ** 2, 3 * x[0] + x[2]])


# --- 05.jacobian ------------------------------------------------------------------------------
def jacobian_by_hand():
    x0, x1 = 1.0, 2.0  # x2 = 3.0 appears in no derivative
    return [
        [x1, x0, 0.0],  # y0 = x0 · x1
        [0.0, 2 * x1, 0.0],  # y1 = x1²
        [3.0, 0.0, 1.0],  # y2 = 3 x0 + x2
    ]


def _check_jacobian(answer: Any) -> str:
    j = np.array(jacobian_by_hand())
    expect_close(answer, j, what="your Jacobian", mistakes=[(j.T, TRANSPOSED)])
    return "one row per output, one column per input: J[i][j] = ∂y_i/∂x_j."


# --- 05.vjp -----------------------------------------------------------------------------------
def predict_vjp():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = f(x)
    y.backward(torch.tensor([0.1, 1.0, 0.0001]))
    return x.grad  # vᵀJ: x.grad[j] = Σ_i v_i J[i][j]


def _check_vjp(answer: Any) -> str:
    j, v = np.array(jacobian_by_hand()), np.array(V)
    expect_close(answer, v @ j, what="your x.grad", mistakes=[
        (j @ v, "you computed J · v; `backward(v)` computes vᵀ · J: "
                "x.grad[j] = Σ_i v_i · J[i][j]."),
        (j, "that is the Jacobian itself: `backward(v)` gives one number per input, vᵀJ."),
        (np.ones(3) @ j, "you used v = (1, 1, 1): `backward(v)` weights row i of J by v_i."),
    ])
    return "vᵀJ: backward never builds J, it pushes v back through the graph."


# --- 05.jacobian_function ---------------------------------------------------------------------
def jacobian(f, x):
    y = f(x)
    rows = []
    for i in range(y.shape[0]):
        v = torch.zeros(y.shape[0])
        v[i] = 1.0  # picks row i of J: vᵀJ = J[i]
        x.grad = None  # .grad accumulates: start each row from nothing
        y.backward(v, retain_graph=True)  # the rows share one graph
        rows.append(x.grad.clone())
    return torch.stack(rows)


def _wide_function(x: torch.Tensor) -> torch.Tensor:
    return torch.stack([x[0] * x[1], x[0].sin(), x[1] ** 2])  # R² → R³


def _cases() -> list[tuple[str, Callable[[torch.Tensor], torch.Tensor], list[float], np.ndarray]]:
    c0, c1 = 0.5, -1.5
    wide = np.array([[c1, c0], [np.cos(c0), 0.0], [0.0, 2 * c1]])
    return [("f (R³ → R³)", f, X, np.array(jacobian_by_hand())),
            ("g(x) = (x0 x1, sin x0, x1²)", _wide_function, [c0, c1], wide)]


def _check_jacobian_function(answer: Any) -> str:
    expect_callable(answer, "jacobian")
    for description, function, point, j in _cases():
        x = torch.tensor(point, requires_grad=True)
        try:
            got = as_numbers(run(answer, function, x), "your Jacobian")
        except LearnerError as error:
            if "backward through the graph a second time" in str(error.error):
                raise Mistake(error.describe(
                    "Each row needs its own backward through the same graph: pass "
                    "`retain_graph=True`, or recompute `y = f(x)` for each row.")) from None
            raise
        if got.shape != j.shape:
            raise Mistake(shape_message(got.shape, j.shape, f"your Jacobian of {description}")
                          + " J has one row per output and one column per input.")
        if close(got, j.T) and not close(got, j):
            raise Mistake(TRANSPOSED)
        if close(got, np.cumsum(j, axis=0)):
            raise Mistake("row i of your matrix is the sum of rows 0 … i of J: .grad "
                          "accumulates over backward calls. Reset it (`x.grad = None`) before "
                          "each backward, or use `torch.autograd.grad`.")
        if close(got, np.broadcast_to(j.sum(axis=0), j.shape)) or close(
                got, np.broadcast_to(j[-1], j.shape)):
            raise Mistake("all your rows are equal: you appended the same tensor each time. "
                          "`x.grad` is one tensor that backward keeps changing in place; append "
                          "a copy (`x.grad.clone()`), and reset `x.grad = None` before each "
                          "backward.")
        expect_close(got, j, what=f"your Jacobian of {description}")
    return "one backward per output with v = e_i: row i of J is e_iᵀJ."


EXERCISES = [
    Exercise(
        id="05.jacobian",
        title="Write the Jacobian",
        task="For `y = f(x) = (x0 · x1, x1², 3 · x0 + x2)` at `x = (1, 2, 3)`, write the "
        "Jacobian J as a 3×3 nested list: `J[i][j] = ∂y_i/∂x_j`.",
        writes="a 3×3 nested list",
        call="ex.check([[...], [...], [...]])",
        checker=_check_jacobian,
        hints=("Row 0 holds the derivatives of y0 = x0 · x1 with respect to x0, x1, x2.",),
        solution_code=jacobian_by_hand,
        predicts=True,
    ),
    Exercise(
        id="05.vjp",
        title="What backward(v) computes",
        task="With the same `f` and `x = torch.tensor([1., 2., 3.], requires_grad=True)`, "
        "predict `x.grad` after `y = f(x)` and `y.backward(torch.tensor([0.1, 1.0, 0.0001]))`.",
        writes="x.grad as a list of 3 numbers",
        call="ex.check([..., ..., ...])",
        checker=_check_vjp,
        hints=("`backward(v)` does not return J: it returns one number per input.",
               "x.grad[j] = Σ_i v_i · J[i][j]: v times J, not J times v."),
        solution_code=predict_vjp,
        predicts=True,
    ),
    Exercise(
        id="05.jacobian_function",
        title="The Jacobian from backward",
        task="Write `jacobian(f, x)`: for `x` (1-D, requires grad) and `y = f(x)` (1-D), "
        "return J (one row per output, one column per input) using only `backward` (or "
        "`torch.autograd.grad`), one row at a time.",
        writes="a function `jacobian(f, x)` returning a 2-D tensor",
        call="ex.check(jacobian)",
        checker=_check_jacobian_function,
        hints=("`y.backward(v)` with v = (0, …, 1, …, 0) (a 1 at position i) gives row i of J.",
               "Backward adds into `x.grad`, and frees the graph unless told otherwise.",
               "Append `x.grad.clone()`: `x.grad` itself keeps changing."),
        solution_code=jacobian,
    ),
]
