"""Lesson 1 exercises: tensors that track history (requires_grad, grad_fn, leaves)."""

from __future__ import annotations

from typing import Any

import numpy as np

import visgrad as torch

from .compare import (
    ACCUMULATE_GRAD,
    as_node_name,
    expect_close,
    expect_keys,
    expect_tensor,
    shape_message,
)
from .core import Exercise
from .running import Mistake


# --- 01.leaf ----------------------------------------------------------------------------------
def make_leaf():
    return torch.ones(2, 2, requires_grad=True)


def _check_leaf(answer: Any) -> str:
    x = expect_tensor(answer)
    if x.grad_fn is not None:
        raise Mistake(
            f"your tensor was made by an operation (its grad_fn is `{x.grad_fn.name()}`), so it "
            "is not a leaf: create it directly, e.g. `torch.ones(..., requires_grad=True)`."
        )
    if tuple(x.shape) != (2, 2):
        raise Mistake(shape_message(tuple(x.shape), (2, 2), "your tensor"))
    expect_close(x.detach(), np.ones((2, 2)), what="your tensor")
    if not x.requires_grad:
        raise Mistake("your tensor does not record operations: pass `requires_grad=True` when "
                      "you create it (or call `.requires_grad_()` on it).")
    return ("`x` is a leaf (`grad_fn` is None) that records every operation made with it; "
            "backward will accumulate its gradient into `x.grad`.")


# --- 01.grad_fn -------------------------------------------------------------------------------
def predict_grad_fn():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    w = torch.ones(2, 2)
    v = w * 3
    tensors = {"x": x, "y": y, "w": w, "v": v}
    return {k: t.grad_fn.name() if t.grad_fn is not None else None for k, t in tensors.items()}


def _check_grad_fn(answer: Any) -> str:
    given = {k: as_node_name(v) for k, v in expect_keys(answer, ["x", "y", "w", "v"]).items()}
    if given["x"] == ACCUMULATE_GRAD:
        raise Mistake("`x.grad_fn` is None: we created x ourselves. AccumulateGrad is the node "
                      "where x's gradient *ends* (you meet it in `y.grad_fn.next_functions`), "
                      "not x's grad_fn.")
    if given["x"] is not None or given["w"] is not None:
        raise Mistake("a tensor we create ourselves (`x`, `w`) has `grad_fn` None: nothing "
                      "made it.")
    if given["v"] is not None:
        raise Mistake("`v` was made by an operation, but no input of it requires grad, so "
                      "nothing was recorded: `v.grad_fn` is None.")
    if given["y"] is None:
        raise Mistake("`y = x + 2` was recorded because `x` requires grad: `y.grad_fn` is a node.")
    if given["y"] != "AddBackward0":
        raise Mistake(f"`y.grad_fn.name()` is not \"{given['y']}\": y was made by an addition; "
                      "write the name as PyTorch spells it (`...Backward0`).")
    return "only `y` has a grad_fn: `AddBackward0`, the node that will send its gradient on to x."


# --- 01.float_only ----------------------------------------------------------------------------
def make_float_leaf():
    return torch.tensor([1.0, 2.0], requires_grad=True)


def _check_float_only(answer: Any) -> str:
    t = expect_tensor(answer)
    expect_close(t.detach(), [1.0, 2.0], what="your tensor")
    if not t.dtype.is_floating_point:
        raise Mistake("your tensor holds integers, and only floating-point tensors can require "
                      "grad: write `[1., 2.]` or pass `dtype=torch.float32`.")
    if not t.requires_grad:
        raise Mistake("your tensor holds floats but does not require grad: add "
                      "`requires_grad=True`.")
    return ("gradients are about small changes, which integers cannot make: hence "
            "\"Only Tensors of floating point and complex dtype can require gradients\".")


EXERCISES = [
    Exercise(
        id="01.leaf",
        title="A tensor that records",
        task="Make `x`: a 2×2 tensor of ones that records every operation made with it, "
        "created directly (a leaf).",
        writes="a tensor `x`",
        call="ex.check(x)",
        checker=_check_leaf,
        hints=("`torch.ones` takes the shape and a keyword that switches recording on.",
               "The keyword is `requires_grad`."),
        solution_code=make_leaf,
        predicts=True,
    ),
    Exercise(
        id="01.grad_fn",
        title="Who has a grad_fn?",
        task="""After
```python
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
w = torch.ones(2, 2)
v = w * 3
```
give a dict with the keys `"x"`, `"y"`, `"w"`, `"v"`: for each tensor, its `grad_fn.name()`, or
`None` when its `grad_fn` is None. Predict first, then check by running the code.""",
        writes='a dict {"x": ..., "y": ..., "w": ..., "v": ...} of node names or None',
        call='ex.check({"x": ..., "y": ..., "w": ..., "v": ...})',
        checker=_check_grad_fn,
        hints=("An operation is recorded only when one of its inputs requires grad.",
               "Tensors you create yourself have `grad_fn` None, whatever their requires_grad."),
        solution_code=predict_grad_fn,
        predicts=True,
    ),
    Exercise(
        id="01.float_only",
        title="Only floats have gradients",
        task="`torch.tensor([1, 2], requires_grad=True)` raises an error. Make a tensor "
        "holding 1 and 2 that requires grad.",
        writes="a tensor",
        call="ex.check(t)",
        checker=_check_float_only,
        hints=("Read the error: which dtypes can require gradients?",
               "`1.` is a float, `1` is an integer."),
        solution_code=make_float_leaf,
        predicts=True,
    ),
]
