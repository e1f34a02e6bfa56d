"""Lesson 6 exercises: stopping history (no_grad, detach, requires_grad_, frozen parameters)."""

from __future__ import annotations

from typing import Any

import numpy as np

import visgrad as torch

from .compare import close, expect_close, expect_keys
from .core import Exercise
from .running import LearnerError, Mistake, expect_callable, kind_of, run


# --- 06.detach --------------------------------------------------------------------------------
def predict_detach():
    x = torch.ones(2, requires_grad=True)
    y = x.detach()
    z = y * 2
    with torch.no_grad():
        w = x * 2
    u = x * 2
    return {"y": y.requires_grad, "z": z.requires_grad, "w": w.requires_grad,
            "u": u.requires_grad}


_DETACH_WHY = {
    "y": "`x.detach()` returns the same values with no history: y.requires_grad is False.",
    "z": "z is made from y, which records nothing, so z records nothing either.",
    "w": "inside `torch.no_grad()` nothing is recorded: w.requires_grad is False, even though "
         "x requires grad.",
    "u": "after the `with` block recording is back on: `u = x * 2` is recorded.",
}


def _check_detach(answer: Any) -> str:
    given = expect_keys(answer, ["y", "z", "w", "u"])
    right = predict_detach()
    for key in ["y", "z", "w", "u"]:
        if not isinstance(given[key], (bool, np.bool_)):
            raise Mistake(f'answer True or False for "{key}", not {kind_of(given[key])}.')
        if bool(given[key]) != right[key]:
            raise Mistake(_DETACH_WHY[key])
    return "detach cuts one tensor out of the graph; no_grad stops recording for a block."


# --- 06.stop_gradient -------------------------------------------------------------------------
def half_tracked_square(x):
    return x * x.detach()  # the second factor is a constant for autograd


def _check_stop_gradient(answer: Any) -> str:
    expect_callable(answer, "half_tracked_square")
    values = np.array([1.0, -2.0, 3.0])
    x = torch.tensor(values, requires_grad=True)
    result = run(answer, x)
    if not isinstance(result, torch.Tensor):
        raise Mistake(f"return a tensor, not {kind_of(result)}.")
    expect_close(result.detach(), values**2, what="your result")
    if not result.requires_grad:
        raise Mistake("your result records no history, so nothing reaches x: keep the first "
                      "factor tracked and make only the second one a constant.")
    run(result.sum().backward)
    expect_close(x.grad, values, what="x.grad", mistakes=[
        (2 * values, "x.grad is 2x: both factors are tracked. Detach the second one "
                     "(`x.detach()`)."),
    ])
    return "x · x.detach(): the value is x², the gradient x: the detached factor is a constant."


# --- 06.freeze --------------------------------------------------------------------------------
def freeze_first_layer(params):
    for name in ("w1", "b1"):
        params[name].requires_grad_(False)


def _network() -> dict[str, torch.Tensor]:
    rng = np.random.default_rng(6)
    shapes = {"w1": (2, 3), "b1": (3,), "w2": (3, 1), "b2": (1,)}
    return {k: torch.tensor(rng.normal(size=s), requires_grad=True) for k, s in shapes.items()}


def _check_freeze(answer: Any) -> str:
    expect_callable(answer, "freeze_first_layer")
    params = _network()
    before = {k: v.detach().numpy().copy() for k, v in params.items()}
    run(answer, params)
    params = expect_keys(params, ["w1", "b1", "w2", "b2"], "params after your function")
    for name in ("w1", "b1"):
        if params[name].requires_grad:
            raise Mistake(f"`{name}` still requires grad: set `{name}.requires_grad_(False)` "
                          "on each tensor of the first layer (w1 and b1).")
    for name in ("w2", "b2"):
        if not params[name].requires_grad:
            raise Mistake(f"`{name}` no longer requires grad: freeze only the first layer.")
    if not all(close(params[k].detach().numpy(), before[k]) for k in params):
        raise Mistake("your function changed the values of the parameters: only freeze them.")
    x = torch.tensor([[0.5, -1.0], [1.5, 2.0]], dtype=torch.float64)
    loss = ((x @ params["w1"] + params["b1"]).tanh() @ params["w2"] + params["b2"]).pow(2).sum()
    run(loss.backward)
    if params["w1"].grad is not None or params["w2"].grad is None:
        raise Mistake("after backward, w1.grad must stay None and w2.grad must be filled.")
    return "frozen tensors get no .grad, and backward does not even compute it."


# --- 06.sgd_step ------------------------------------------------------------------------------
def sgd_step(params, lr):
    with torch.no_grad():  # the update is not part of the model: record nothing
        for p in params:
            p -= lr * p.grad  # in place: the model keeps the same tensor objects


def _check_sgd_step(answer: Any) -> str:
    expect_callable(answer, "sgd_step")
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    b = torch.tensor(0.5, requires_grad=True)
    (w * torch.tensor([3.0, 1.0]) + b).pow(2).sum().backward()
    assert w.grad is not None and b.grad is not None
    start = [w.detach().numpy().copy(), b.detach().numpy().copy()]
    grads = [w.grad.numpy().copy(), b.grad.numpy().copy()]
    params, lr = [w, b], 0.1
    try:
        run(answer, params, lr)
    except LearnerError as error:
        if "in-place operation" in str(error.error):
            raise Mistake(error.describe("You updated a leaf that requires grad in place while "
                                         "recording: wrap the update in `with torch.no_grad():`."
                                         )) from None
        raise
    if params[0] is not w or params[1] is not b:
        raise Mistake("you replaced the tensors in the list with new ones, but the model still "
                      "holds the old ones: change each tensor in place (`p -= lr * p.grad`).")
    now = [w.detach().numpy(), b.detach().numpy()]
    if all(close(n, s) for n, s in zip(now, start)):
        raise Mistake("your parameters did not change. If you wrote `p = p - lr * p.grad`: that "
                      "makes a new tensor and only rebinds the name p. Update in place: "
                      "`p -= lr * p.grad`.")
    if all(close(n, s + lr * g) for n, s, g in zip(now, start, grads)):
        raise Mistake("you moved the parameters up the gradient: gradient descent subtracts "
                      "`lr * p.grad`.")
    if all(close(n, s - g) for n, s, g in zip(now, start, grads)):
        raise Mistake("you subtracted the whole gradient: multiply it by `lr`.")
    for name, n, s, g in zip(("w", "b"), now, start, grads):
        expect_close(n, s - lr * g, what=f"{name} after your step")
    if not (w.requires_grad and b.requires_grad and w.is_leaf and b.is_leaf):
        raise Mistake("after your step the parameters must still be leaves that require grad.")
    return "under no_grad the update records nothing and the parameters stay leaves."


EXERCISES = [
    Exercise(
        id="06.detach",
        title="detach and no_grad",
        task="""Predict `requires_grad` of y, z, w and u:
```python
x = torch.ones(2, requires_grad=True)
y = x.detach()
z = y * 2
with torch.no_grad():
    w = x * 2
u = x * 2
```
Answer with a dict `{"y": ..., "z": ..., "w": ..., "u": ...}` of True/False.""",
        writes="a dict of four booleans",
        call='ex.check({"y": ..., "z": ..., "w": ..., "u": ...})',
        checker=_check_detach,
        hints=("detach gives a tensor with no history; no_grad records nothing while it lasts.",),
        solution_code=predict_detach,
        predicts=True,
    ),
    Exercise(
        id="06.stop_gradient",
        title="A factor that is a constant",
        task="Write `half_tracked_square(x)`: it returns `x * x` in value, but autograd must "
        "treat the second factor as a constant, so that after `.sum().backward()` `x.grad` "
        "is `x`, not `2 * x`.",
        writes="a function `half_tracked_square(x)`",
        call="ex.check(half_tracked_square)",
        checker=_check_stop_gradient,
        hints=("One factor must be the same values without history.",
               "`no_grad` around everything would stop the first factor too."),
        solution_code=half_tracked_square,
    ),
    Exercise(
        id="06.freeze",
        title="Frozen parameters",
        task="A network's parameters are in a dict `params` with the keys `\"w1\"`, `\"b1\"` "
        "(first layer), `\"w2\"`, `\"b2\"` (second layer), all leaves that require grad. "
        "Write `freeze_first_layer(params)` so that training changes only the second layer.",
        writes="a function `freeze_first_layer(params)`",
        call="ex.check(freeze_first_layer)",
        checker=_check_freeze,
        hints=("A tensor that does not require grad gets no gradient.",
               "`requires_grad_(False)` works on leaves, in place."),
        solution_code=freeze_first_layer,
    ),
    Exercise(
        id="06.sgd_step",
        title="The update under no_grad",
        task="Write `sgd_step(params, lr)`: for each tensor `p` in the list `params` (leaves "
        "whose `.grad` is filled), take one step of gradient descent, `p ← p - lr · p.grad`, "
        "changing the tensors themselves. (Like `optimizer.step()`: it leaves `.grad` alone.)",
        writes="a function `sgd_step(params, lr)`",
        call="ex.check(sgd_step)",
        checker=_check_sgd_step,
        hints=("`p -= ...` on a leaf that requires grad fails while recording: read the error.",
               "`with torch.no_grad():` around the loop.",
               "`p = p - ...` rebinds a name; `p -= ...` changes the tensor."),
        solution_code=sgd_step,
    ),
]
