"""Lesson 7 exercises on the checks around a Function: gradcheck's inputs, the version check."""

from __future__ import annotations

from typing import Any

import numpy as np

import visgrad as torch

from .compare import expect_close, expect_tensor
from .core import Exercise
from .running import LearnerError, Mistake, expect_callable, kind_of, run


# --- 07.gradcheck -----------------------------------------------------------------------------
def gradcheck_inputs():
    # float64: with eps = 1e-6, float32's 7 digits are too coarse for finite differences
    return (torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True),)


def _check_gradcheck(answer: Any) -> str:
    if not isinstance(answer, tuple):
        raise Mistake(f"gradcheck takes a tuple of inputs: `(x,)`, not {kind_of(answer)} "
                      "(a one-element tuple needs the comma).")
    if len(answer) != 1:
        raise Mistake(f"`torch.sin` takes one input, so the tuple holds one tensor, not "
                      f"{len(answer)}.")
    x = expect_tensor(answer[0], "the tensor in your tuple")
    if x.numel() < 2:
        raise Mistake("use at least two numbers, so that gradcheck compares a whole Jacobian.")
    if not x.dtype.is_floating_point or x.dtype != torch.float64:
        raise Mistake(f"your tensor is {x.dtype}: with eps = 1e-6, finite differences in "
                      "float32 lose most of their digits and a correct backward fails. Use "
                      "`dtype=torch.float64`.")
    if not x.requires_grad:
        raise Mistake("your tensor does not require grad: gradcheck checks only the inputs that "
                      "require grad, so it would check nothing.")
    if not run(torch.autograd.gradcheck, torch.sin, answer):
        raise Mistake("gradcheck returned False for these inputs.")
    return "float64 inputs that require grad: gradcheck compares backward with finite differences."


# --- 07.version -------------------------------------------------------------------------------
def fixed(x):
    y = x.exp()
    y = y + 1  # out of place: the y that ExpBackward0 saved stays unchanged
    return y.sum()


def _check_version(answer: Any) -> str:
    expect_callable(answer, "fixed")
    values = np.array([0.0, 1.0, -1.0])
    x = torch.tensor(values, requires_grad=True)
    loss = run(answer, x)
    loss = expect_tensor(loss, "what your function returns")
    expect_close(loss.detach(), np.sum(np.exp(values) + 1), what="your loss", mistakes=[
        (np.sum(np.exp(values)), "your loss lost the `+ 1`: keep the computation, change only "
                                 "how it is done.")])
    if not loss.requires_grad:
        raise Mistake("your loss records no history: x's gradient cannot reach it.")
    try:
        run(loss.backward)
    except LearnerError as error:
        if "modified by an inplace operation" in str(error.error):
            raise Mistake(error.describe(
                "ExpBackward0 saved its result y to compute its gradient, and `y.add_(1)` "
                "changed y before backward: write `y = y + 1` (out of place) instead.")) from None
        raise
    expect_close(x.grad, np.exp(values), what="x.grad", mistakes=[
        (np.exp(values) + 1, "x.grad is eˣ + 1: you changed y through `.data`, which hides the "
                             "change from the version check, so backward used the changed "
                             "value. Compute `y + 1` out of place."),
    ])
    return "out of place, the saved tensor keeps its version, and backward uses the right value."


EXERCISES = [
    Exercise(
        id="07.gradcheck",
        title="Inputs gradcheck can trust",
        task="Give the inputs for `torch.autograd.gradcheck(torch.sin, inputs)`: a tuple "
        "holding one tensor of a few numbers, chosen so that gradcheck really checks sin's "
        "backward and passes.",
        writes="a tuple `(x,)`",
        call="ex.check((x,))",
        checker=_check_gradcheck,
        hints=("gradcheck checks only the inputs that require grad.",
               "Finite differences with eps = 1e-6 need more digits than float32 has."),
        solution_code=gradcheck_inputs,
        predicts=True,
    ),
    Exercise(
        id="07.version",
        title="The in-place version check",
        task="""This fails at `backward()` with "one of the variables needed for gradient
computation has been modified by an inplace operation":
```python
def broken(x):
    y = x.exp()
    y.add_(1)
    return y.sum()
```
Write `fixed(x)`: the same value, and a backward that works and is right.""",
        writes="a function `fixed(x)` returning the loss",
        call="ex.check(fixed)",
        checker=_check_version,
        hints=("Which tensor did ExpBackward0 save, and what happened to it?",
               "`y + 1` makes a new tensor; `y.add_(1)` changes y."),
        solution_code=fixed,
    ),
]
