"""Lesson 9 exercises: training a small model (the gradient of a loss, a training step,
a saturated unit). Written with plain tensors, the way visgrad.nn and optim work inside."""

from __future__ import annotations

from typing import Any

import numpy as np

import visgrad as torch

from .compare import close, expect_close, expect_keys, number_text
from .core import Exercise
from .running import LearnerError, Mistake, expect_callable, kind_of, run

X = np.array([[1.0, 2.0], [0.0, -1.0], [2.0, 0.5], [-1.0, 1.0]])
Y = np.array([3.0, -1.0, 2.5, 0.0])
W0, B0, LR, STEPS = np.array([0.5, -0.5]), 0.0, 0.1, 3


# --- 09.mse_grad ------------------------------------------------------------------------------
def predict_mse_grad():
    w = torch.tensor(2.0, requires_grad=True)
    x = torch.tensor([1.0, 2.0, 3.0])
    y = torch.tensor([1.0, 3.0, 5.0])
    loss = ((w * x - y) ** 2).mean()
    loss.backward()
    return w.grad  # mean of 2(wx - y) · x = mean(2 · 1 · x) = 4


def _check_mse_grad(answer: Any) -> str:
    expect_close(answer, 4.0, what="your w.grad", mistakes=[
        (12.0, "`.mean()` divides by 3: you summed the three terms."),
        (2.0, "∂(wx - y)²/∂w = 2(wx - y) · x: you dropped a factor (the 2 from the square, or "
              "the x from the chain rule)."),
        (-4.0, "wrong sign: ∂(wx - y)²/∂w = +2(wx - y) · x."),
        (1.0, "1 is the loss itself, not its gradient."),
    ])
    return "the mean of 2(wx - y) · x over the three points: 4."


# --- 09.train_step ----------------------------------------------------------------------------
def train_step(w, b, x, y, lr):
    w.grad, b.grad = None, None  # forget the previous step's gradients
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    return loss.item()


def _gradients(w: np.ndarray, b: float) -> tuple[np.ndarray, float, float]:
    residual = X @ w + b - Y
    return 2 * X.T @ residual / len(Y), float(2 * residual.mean()), float((residual**2).mean())


def _trajectory(zero_grad: bool) -> list[tuple[np.ndarray, float, float]]:
    """(w, b) after each step and the loss each step returns; without zero_grad, grads add up."""
    w, b, total_w, total_b, steps = W0.copy(), B0, np.zeros(2), 0.0, []
    for _ in range(STEPS):
        grad_w, grad_b, loss = _gradients(w, b)
        total_w = total_w * (not zero_grad) + grad_w
        total_b = total_b * (not zero_grad) + grad_b
        w, b = w - LR * total_w, b - LR * total_b
        steps.append((w, b, loss))
    return steps


def _check_train_step(answer: Any) -> str:
    expect_callable(answer, "train_step")
    w = torch.tensor(W0, requires_grad=True)
    b = torch.tensor(B0, dtype=torch.float64, requires_grad=True)
    x, y = torch.tensor(X), torch.tensor(Y)
    right, piled_up = _trajectory(zero_grad=True), _trajectory(zero_grad=False)
    for step in range(STEPS):
        before = (w.detach().numpy().copy(), float(b.item()))
        returned = _run_step(answer, w, b, x, y, step)
        now = (w.detach().numpy(), float(b.item()))
        if close(now[0], before[0]) and close(now[1], before[1]):
            raise Mistake(_unchanged_message(w))
        if step > 0 and close(now[0], piled_up[step][0]) and close(now[1], piled_up[step][1]):
            raise Mistake("you never cleared `.grad`: each backward adds to the gradients of "
                          "the previous steps, so this step used their sum. Set `w.grad = None` "
                          "(and b's) before backward.")
        previous_w, previous_b = right[step - 1][:2] if step else (W0, B0)
        if close(now[0], 2 * previous_w - right[step][0]):
            raise Mistake("you moved w up the gradient: gradient descent subtracts "
                          "`lr * w.grad`.")
        expect_close(now[0], right[step][0], what=f"w after step {step + 1}")
        expect_close(now[1], right[step][1], what=f"b after step {step + 1}")
        _check_returned(returned, right[step][2])
        if not (w.is_leaf and b.is_leaf and w.requires_grad and b.requires_grad):
            raise Mistake("after your step w and b must still be leaves that require grad.")
    return "clear, forward, backward, update under no_grad, return a float: a training step."


def _run_step(answer: Any, w: torch.Tensor, b: torch.Tensor, x: torch.Tensor, y: torch.Tensor,
              step: int) -> Any:
    try:
        return run(answer, w, b, x, y, LR)
    except LearnerError as error:
        message = str(error.error)
        if step == 0 and "'NoneType' object has no attribute" in message:
            raise Mistake(error.describe("Before the first backward `w.grad` is None, so it "
                                         "cannot be zeroed: clear it with `w.grad = None`."
                                         )) from None
        if "in-place operation" in message:
            raise Mistake(error.describe("You updated w in place while recording: put the "
                                         "update inside `with torch.no_grad():`.")) from None
        raise


def _unchanged_message(w: torch.Tensor) -> str:
    if w.grad is not None and np.any(w.grad.numpy() != 0):
        return ("w and b did not change: `w = w - lr * w.grad` makes a new tensor and only "
                "rebinds the local name. Update in place: `w -= lr * w.grad`, under no_grad.")
    if w.grad is None:
        return "w and b did not change and have no gradient: your step never called backward."
    return ("w and b did not change, and their .grad is zero: you cleared the gradients after "
            "backward and before the update. Clear them before backward instead.")


def _check_returned(returned: Any, loss: float) -> None:
    if isinstance(returned, torch.Tensor):
        raise Mistake("return `loss.item()`, a Python float: a tensor that requires grad keeps "
                      "its whole graph alive (a list of such losses keeps every step's graph).")
    if not isinstance(returned, (int, float)):
        raise Mistake(f"return the loss as a float (`loss.item()`), not {kind_of(returned)}.")
    if not np.isclose(returned, loss, rtol=1e-4):
        raise Mistake(f"your step returns {number_text(returned)}, which is not the loss of "
                      "this step's forward pass (computed before the update).")


# --- 09.saturated -----------------------------------------------------------------------------
def predict_saturated():
    w1 = torch.tensor(10.0, requires_grad=True)
    w2 = torch.tensor(0.5, requires_grad=True)
    x = torch.tensor(3.0)
    p = w2 * (w1 * x).tanh()
    p.backward()
    return {"w1": w1.grad.item(), "w2": w2.grad.item()}  # tanh′(30) = 1 - tanh²(30) ≈ 0


def _check_saturated(answer: Any) -> str:
    given = expect_keys(answer, ["w1", "w2"])
    expect_close(given["w2"], 1.0, what="your w2.grad", mistakes=[
        (0.0, "w2.grad = tanh(w1 · x) = tanh(30), which is 1 to float precision."),
        (0.5, "w2.grad is the other factor of the product: tanh(w1 · x), not w2.")])
    expect_close(given["w1"], 0.0, what="your w1.grad", mistakes=[
        (1.5, "you left out tanh′(30) = 1 - tanh²(30) ≈ 0: the unit is saturated, so almost "
              "no gradient gets through to w1."),
        (15.0, "you left out tanh′(30) = 1 - tanh²(30) ≈ 0: the unit is saturated.")])
    return "a saturated tanh passes (almost) no gradient: the layers below it stop learning."


EXERCISES = [
    Exercise(
        id="09.mse_grad",
        title="The gradient of a mean squared error",
        task="With `w = torch.tensor(2., requires_grad=True)`, `x = torch.tensor([1., 2., 3.])`, "
        "`y = torch.tensor([1., 3., 5.])` and `loss = ((w * x - y) ** 2).mean()`, predict "
        "`w.grad` after `loss.backward()`.",
        writes="a number",
        call="ex.check(...)",
        checker=_check_mse_grad,
        hints=("Differentiate one term (w x_i - y_i)² with respect to w, then take the mean.",),
        solution_code=predict_mse_grad,
        predicts=True,
    ),
    Exercise(
        id="09.train_step",
        title="One training step",
        task="Write `train_step(w, b, x, y, lr)` for the linear model `x @ w + b` and the loss "
        "`((x @ w + b - y) ** 2).mean()`: one step of gradient descent that changes w and b "
        "in place and returns the loss (before the update) as a float. It is called several "
        "times in a row on the same w and b.",
        writes="a function `train_step(w, b, x, y, lr)` returning a float",
        call="ex.check(train_step)",
        checker=_check_train_step,
        hints=("Each backward adds into .grad: what must happen before the next one?",
               "The update must not be recorded, and must change w itself.",
               "`loss.item()` gives the float."),
        solution_code=train_step,
    ),
    Exercise(
        id="09.saturated",
        title="A saturated unit",
        task="For `p = w2 * torch.tanh(w1 * x)` with `w1 = 10.`, `w2 = 0.5` (both require "
        "grad) and `x = 3.`, predict `w1.grad` and `w2.grad` after `p.backward()`. Answer "
        "`{\"w1\": ..., \"w2\": ...}`.",
        writes='a dict {"w1": .., "w2": ..}',
        call='ex.check({"w1": ..., "w2": ...})',
        checker=_check_saturated,
        hints=("tanh′(u) = 1 - tanh²(u); what is tanh(30)?",),
        solution_code=predict_saturated,
        predicts=True,
    ),
]
