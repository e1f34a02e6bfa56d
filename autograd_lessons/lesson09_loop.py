"""Lesson 9 exercise: the training loop with visgrad.nn and optim (zero_grad, a fresh forward
pass per step, floats for the loss curve)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import visgrad as torch
from visgrad import nn, optim

from .compare import close, number_text
from .core import Exercise
from .running import LearnerError, Mistake, expect_callable, kind_of, run

X = [[1.0, 2.0], [0.0, -1.0], [2.0, 0.5], [-1.0, 1.0], [0.5, 0.5], [1.5, -0.5]]
Y = [[3.0], [-1.0], [2.5], [0.0], [1.0], [1.0]]
STEPS, LR = 4, 0.1


def train(model, optimizer, x, y, steps):
    loss_fn = nn.MSELoss()
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()  # backward adds into .grad: start each step from nothing
        loss = loss_fn(model(x), y)  # a new forward pass, so a new graph, every step
        loss.backward()
        optimizer.step()
        losses.append(loss.item())  # a float: a tensor would keep its graph alive
    return losses


class _Line(nn.Module):
    """Like nn.Linear(2, 1), but with fixed starting values (no random numbers drawn)."""

    def __init__(self) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.tensor([[0.5, -0.5]]))
        self.bias = nn.Parameter(torch.tensor([0.0]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.weight.T + self.bias


def _run(function: Callable[..., Any]) -> tuple[Any, _Line]:
    model = _Line()
    optimizer = optim.SGD(model.parameters(), lr=LR)
    losses = run(function, model, optimizer, torch.tensor(X), torch.tensor(Y), STEPS)
    return losses, model


def _without_zero_grad(model: Any, optimizer: Any, x: Any, y: Any, steps: int) -> list[float]:
    losses = []
    for _ in range(steps):
        loss = nn.MSELoss()(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def _params(model: _Line) -> np.ndarray:
    return np.concatenate([p.detach().numpy().reshape(-1) for p in model.parameters()])


def _check_loop(answer: Any) -> str:
    expect_callable(answer, "train")
    try:
        losses, model = _run(answer)
    except LearnerError as error:
        if "backward through the graph a second time" in str(error.error):
            raise Mistake(error.describe(
                "Compute `model(x)` and the loss inside the loop: each step needs its own "
                "graph, built from the parameters as they are now.")) from None
        if "modified by an inplace operation" in str(error.error):
            raise Mistake(error.describe(
                "The forward pass ran once, outside the loop: `optimizer.step()` changed the "
                "parameters in place, but that old graph saved their old values "
                "(`retain_graph=True` keeps the old graph, it does not rebuild it). Compute "
                "`model(x)` inside the loop.")) from None
        raise
    right_losses, right_model = _run(train)
    piled_losses, piled_model = _run(_without_zero_grad)
    start = _params(_Line())
    if isinstance(losses, (list, tuple)) and any(isinstance(v, torch.Tensor) for v in losses):
        raise Mistake("return the losses as floats (`loss.item()`): each loss tensor keeps the "
                      "graph of its step alive.")
    if not isinstance(losses, (list, tuple)):
        raise Mistake(f"return the list of the losses, not {kind_of(losses)}.")
    if len(losses) != STEPS:
        raise Mistake(f"return one loss per step: {STEPS} floats, not {len(losses)}.")
    if close(_params(model), start):
        if model.weight.grad is None or not np.any(model.weight.grad.numpy()):
            raise Mistake("the parameters never changed and have no gradient left: you cleared "
                          "the gradients between `backward()` and `optimizer.step()`.")
        raise Mistake("the parameters never changed: call `optimizer.step()` after backward.")
    if close(_params(model), _params(piled_model)):
        raise Mistake("you never called `optimizer.zero_grad()`: each backward added to the "
                      "gradients of the previous steps, so every step after the first used "
                      "their sum.")
    if not close(_params(model), _params(right_model)):
        raise Mistake("after your steps the parameters are not right yet.")
    for step, (got, want) in enumerate(zip(losses, right_losses)):
        if not np.isclose(float(got), want, rtol=1e-4):
            raise Mistake(f"the loss you returned for step {step + 1} is {number_text(got)}, "
                          "not the loss of that step's forward pass (before its update).")
    return "zero_grad, forward, loss, backward, step, item(): the loop every training uses."


EXERCISES = [
    Exercise(
        id="09.training_loop",
        title="The training loop",
        task="Write `train(model, optimizer, x, y, steps)`: `steps` steps of training of "
        "`model` (an `nn.Module`) with the loss `nn.MSELoss()` on `(x, y)` and the given "
        "optimizer (`optim.SGD(model.parameters(), lr=0.1)`); return the list of the losses, "
        "one float per step, each computed before that step's update.",
        writes="a function `train(model, optimizer, x, y, steps)` returning a list of floats",
        call="ex.check(train)",
        checker=_check_loop,
        hints=("Per step: clear the gradients, forward, loss, backward, update.",
               "`optimizer.zero_grad()` clears, `optimizer.step()` updates.",
               "`loss.item()` is a float; the loss tensor would keep its graph alive."),
        solution_code=train,
    ),
]
