"""Lesson 9 exercise: gradient accumulation over several batches (where `+=` is the point)."""

from __future__ import annotations

from typing import Any

import numpy as np

import visgrad as torch

from .compare import close, expect_close
from .core import Exercise
from .running import LearnerError, Mistake, expect_callable, run

BATCHES = [
    (np.array([[1.0, 0.0], [0.5, 2.0]]), np.array([1.0, -1.0])),
    (np.array([[2.0, 1.0], [0.0, 1.0]]), np.array([0.5, 2.0])),
    (np.array([[-1.0, 1.0], [1.0, 1.0]]), np.array([0.0, 1.0])),
]
W0, LR, STALE = np.array([0.5, -0.25]), 0.1, np.array([10.0, 10.0])


def step_on_batches(w, batches, lr):
    w.grad = None  # start clean: .grad may hold an old gradient
    for x, y in batches:
        loss = ((x @ w - y) ** 2).mean()
        loss.backward()  # adds this batch's gradient to w.grad
    with torch.no_grad():
        w -= lr * w.grad


def _batch_gradient(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 2 * x.T @ (x @ w - y) / len(y)


def _check_batches(answer: Any) -> str:
    expect_callable(answer, "step_on_batches")
    w = torch.tensor(W0, requires_grad=True)
    w.grad = torch.tensor(STALE)  # left over from an earlier step
    batches = [(torch.tensor(x), torch.tensor(y)) for x, y in BATCHES]
    try:
        run(answer, w, batches, LR)
    except LearnerError as error:
        if "in-place operation" in str(error.error):
            raise Mistake(error.describe("You updated w in place while recording: put the "
                                         "update inside `with torch.no_grad():`.")) from None
        raise
    got = w.detach().numpy()
    grads = [_batch_gradient(W0, x, y) for x, y in BATCHES]
    total = np.sum(grads, axis=0)
    sequential = W0.copy()
    for x, y in BATCHES:
        sequential = sequential - LR * _batch_gradient(sequential, x, y)
    if close(got, W0):
        raise Mistake("w did not change: update it in place (`w -= lr * w.grad`) under "
                      "`torch.no_grad()`, after the loop.")
    if close(got, W0 - LR * (total + STALE)):
        raise Mistake("w.grad held an old gradient when your function started, and you added "
                      "the batches to it: clear it first (`w.grad = None`).")
    if close(got, W0 - LR * grads[-1]):
        raise Mistake("only the last batch's gradient was used: you assigned or cleared `.grad` "
                      "inside the loop. Backward adds into `.grad` by itself: clear it once, "
                      "before the loop, and let the batches add up.")
    if close(got, sequential):
        raise Mistake("you updated w after every batch: accumulate the gradients of all "
                      "batches first, then make one update after the loop.")
    if close(got, W0 - LR * total / len(BATCHES)):
        raise Mistake("you averaged the batch gradients; this step uses their sum.")
    expect_close(got, W0 - LR * total, what="w after your step")
    if not (w.is_leaf and w.requires_grad):
        raise Mistake("after your step w must still be a leaf that requires grad.")
    return "one clear, one backward per batch (each adds), one update: gradient accumulation."


EXERCISES = [
    Exercise(
        id="09.batches",
        title="Accumulate over batches",
        task="Write `step_on_batches(w, batches, lr)`: for each `(x, y)` in `batches` compute "
        "`((x @ w - y) ** 2).mean()` and its gradient, so that `w.grad` ends up holding the "
        "**sum** of the batches' gradients; then make one update `w ← w - lr · w.grad`. When "
        "your function is called, `w.grad` may still hold a gradient from an earlier step.",
        writes="a function `step_on_batches(w, batches, lr)`",
        call="ex.check(step_on_batches)",
        checker=_check_batches,
        hints=("`loss.backward()` already adds into `w.grad`: that is the accumulation.",
               "Clear `w.grad` once, before the loop; update once, after it."),
        solution_code=step_on_batches,
    ),
]
