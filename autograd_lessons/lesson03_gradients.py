"""Lesson 3 exercises: gradients (why 4.5, the numerical slope, the chain rule by hand,
accumulation). The dependency-order exercise is in `lesson03_order.py`."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import visgrad as torch

from .compare import as_numbers, expect_close, expect_keys, number_text
from .core import Exercise
from .running import Mistake, expect_callable, kind_of, run
from .scalar import Scalar


# --- 03.why_4_5 -------------------------------------------------------------------------------
def tutorial_x_grad():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    out.backward()
    return x.grad  # out = (1/4) Σ 3(x_i + 2)², so ∂out/∂x_i = (3/2)(x_i + 2) = 4.5


def _check_why_4_5(answer: Any) -> str:
    full = np.ones((2, 2))
    expect_close(answer, 4.5 * full, what="your x.grad", mistakes=[
        (27 * full, "27 is the value of z (and of out), not a gradient."),
        (18 * full, "18 = 6(x + 2) is ∂z_i/∂x_i; `out = z.mean()` divides by 4, so each x_i "
                    "gets a quarter of it."),
        (6.75 * full, "you divided by 4 but did not differentiate the square: ∂(y²)/∂y = 2y."),
        (1.5 * full, "you used x where y = x + 2 belongs: ∂out/∂x_i = (3/2)(x_i + 2)."),
    ])
    return "∂out/∂x_i = (1/4) · 3 · 2(x_i + 2) = (3/2) · 3 = 4.5 for each of the four entries."


# --- 03.slope ---------------------------------------------------------------------------------
def slope(f, x, h=1e-3):
    # central difference: the error shrinks like h², a one-sided one only like h
    return (f(x + h) - f(x - h)) / (2 * h)


def _check_slope(answer: Any) -> str:
    expect_callable(answer, "slope")
    h = 1e-3
    for f, x, true, text in [(lambda t: t**3, 2.0, 12.0, "x³ at x = 2"),
                             (math.sin, 1.0, math.cos(1.0), "sin at x = 1")]:
        got = float(as_numbers(run(answer, f, x, h), "your slope"))
        central = (f(x + h) - f(x - h)) / (2 * h)
        one_sided = [(f(x + h) - f(x)) / h, (f(x) - f(x - h)) / h]
        if any(math.isclose(got, d, rel_tol=1e-9) for d in one_sided) and abs(got - true) > 1e-5:
            raise Mistake("you used a one-sided difference, (f(x + h) - f(x)) / h: its error "
                          "shrinks only like h. The central difference (f(x + h) - f(x - h)) / "
                          "(2h) is accurate to O(h²).")
        if math.isclose(got, 2 * central, rel_tol=1e-9):
            raise Mistake("you divided by h, but x + h and x - h are 2h apart: divide by 2h.")
        if math.isclose(got, -central, rel_tol=1e-9):
            raise Mistake("your slope has the wrong sign: f(x + h) comes first.")
        if abs(got - true) > 1e-5:
            raise Mistake(f"for {text} with h = 1e-3 your slope is {number_text(got)}: not "
                          "within 1e-5 of the true derivative.")
    return "the central difference: what gradcheck uses to test every backward rule."


# --- 03.chain_rule ----------------------------------------------------------------------------
def chain_rule_by_hand():
    a, b = 3.0, 4.0
    c = a * b
    d = c + a
    grad_d = 2 * d  # ∂L/∂d, for L = d * d
    grad_c = grad_d * 1  # d = c + a
    grad_b = grad_c * a  # c = a * b
    grad_a = grad_c * b + grad_d * 1  # a reaches d twice: through c, and directly
    return {"d": grad_d, "c": grad_c, "b": grad_b, "a": grad_a}


def _check_chain_rule(answer: Any) -> str:
    given = expect_keys(answer, ["d", "c", "b", "a"])
    expect_close(given["d"], 30.0, what='your "d"', mistakes=[
        (15.0, "for L = d · d, ∂L/∂d = 2d, not d."), (225.0, "225 is L itself, not ∂L/∂d.")])
    expect_close(given["c"], 30.0, what='your "c"', mistakes=[
        (1.0, "∂L/∂c = ∂L/∂d · ∂d/∂c: multiply the local 1 by ∂L/∂d (chain rule).")])
    expect_close(given["b"], 90.0, what='your "b"', mistakes=[
        (120.0, "∂(a · b)/∂b is a, not b."),
        (3.0, "∂L/∂b = ∂L/∂c · ∂c/∂b: multiply a by ∂L/∂c (chain rule).")])
    expect_close(given["a"], 150.0, what='your "a"', mistakes=[
        (120.0, "you followed only the path through c: `d = c + a` uses a directly too, and "
                "the gradients of both paths add (30 · b + 30 · 1)."),
        (30.0, "you followed only the direct path from a into d: a also reaches d through "
               "c = a · b, and the gradients of both paths add."),
        (90.0, "∂(a · b)/∂a is b, not a; and a's two paths add.")])
    return "∂L/∂a = 30 · 4 + 30 · 1 = 150: a is used twice, so its two gradients add."


# --- 03.accumulate ----------------------------------------------------------------------------
def mul_backward(a, b, out):
    # out = a * b; chain rule: local derivative times the gradient arriving at out.
    # `+=`, because a (or b) may be used elsewhere too, and even here when a is b.
    a.grad += b.value * out.grad
    b.grad += a.value * out.grad


def _check_accumulate(answer: Any) -> str:
    expect_callable(answer, "mul_backward")
    a, b = Scalar(2.0), Scalar(5.0)
    run(answer, a, b, Scalar(10.0, grad=1.0))
    if a.grad == 0.0 and b.grad == 0.0:
        raise Mistake("a.grad and b.grad did not change: mul_backward must add into them "
                      "(what it returns is ignored).")
    if (a.grad, b.grad) == (2.0, 5.0):
        raise Mistake("you gave a the gradient a.value: the derivative of a · b with respect "
                      "to a is b (and with respect to b it is a).")
    _expect_grads(a, b, 5.0, 2.0, "a = Scalar(2), b = Scalar(5), out.grad = 1")

    a, b = Scalar(2.0), Scalar(5.0)
    run(answer, a, b, Scalar(10.0, grad=3.0))
    if (a.grad, b.grad) == (5.0, 2.0):
        raise Mistake("your backward passes on the local derivatives without multiplying by the "
                      "incoming `out.grad` (chain rule).")
    _expect_grads(a, b, 15.0, 6.0, "out.grad = 3")

    a = Scalar(3.0)
    run(answer, a, a, Scalar(9.0, grad=1.0))
    if a.grad == 3.0:
        raise Mistake("you assigned `.grad` instead of adding to it: in `a * a` both inputs are "
                      "the same Scalar, so a must receive both contributions (a.grad must be "
                      "6.0 = 3 + 3, yours is 3.0).")
    _expect_grads(a, a, 6.0, 6.0, "out = a * a")

    a, b = Scalar(2.0, grad=1.0), Scalar(5.0)
    run(answer, a, b, Scalar(10.0, grad=1.0))
    if a.grad == 5.0:
        raise Mistake("you assigned `.grad` instead of adding to it: a.grad already held 1.0 "
                      "from another use of a, and after this backward it must hold the sum, 6.0.")
    _expect_grads(a, b, 6.0, 2.0, "a.grad = 1 before")
    return "`+=`: a tensor used twice (`a * a`, `b = a + a`) gets the sum of its gradients."


def _expect_grads(a: Scalar, b: Scalar, want_a: float, want_b: float, case: str) -> None:
    for name, got, want in (("a", a.grad, want_a), ("b", b.grad, want_b)):
        if not isinstance(got, (int, float)):
            raise Mistake(f"{name}.grad should stay a number, but your function made it "
                          f"{kind_of(got)}.")
        if not math.isclose(got, want, rel_tol=1e-9):
            raise Mistake(f"with {case}, {name}.grad ends up {got:g}: not right yet.")


EXERCISES = [
    Exercise(
        id="03.why_4_5",
        title="Why 4.5?",
        task="For the tutorial's `x = torch.ones(2, 2, requires_grad=True)`, `y = x + 2`, "
        "`z = y * y * 3`, `out = z.mean()`, predict `x.grad` after `out.backward()` by hand, "
        "and give it with its shape (a nested list or a tensor).",
        writes="x.grad as a nested list or tensor",
        call="ex.check([[..., ...], [..., ...]])",
        checker=_check_why_4_5,
        hints=("Write out as a formula in x_i: out = (1/4) Σ 3 (x_i + 2)².",
               "Differentiate one term: ∂/∂x_i of (3/4)(x_i + 2)², at x_i = 1."),
        solution_code=tutorial_x_grad,
        predicts=True,
    ),
    Exercise(
        id="03.slope",
        title="The numerical slope",
        task="Write `slope(f, x, h=1e-3)`: an estimate of f′(x) from values of f, accurate to "
        "O(h²). With h = 1e-3 it must be within 1e-5 of the true derivative for x³ at 2.",
        writes="a function `slope(f, x, h=1e-3)`",
        call="ex.check(slope)",
        checker=_check_slope,
        hints=("(f(x + h) - f(x)) / h is off by about h · f″(x) / 2: too much here.",
               "Step to both sides of x: the errors of the two sides cancel."),
        solution_code=slope,
    ),
    Exercise(
        id="03.chain_rule",
        title="The chain rule by hand",
        task="""With `a = 3.0`, `b = 4.0`:
```python
c = a * b
d = c + a
L = d * d
```
compute ∂L/∂d, ∂L/∂c, ∂L/∂b and ∂L/∂a by hand, going backward from L. Answer with a dict
`{"d": ..., "c": ..., "b": ..., "a": ...}`.""",
        writes='a dict {"d", "c", "b", "a"} of numbers',
        call='ex.check({"d": ..., "c": ..., "b": ..., "a": ...})',
        checker=_check_chain_rule,
        hints=("Start from ∂L/∂d = 2d; each step back multiplies by a local derivative.",
               "a reaches d by two paths (through c, and directly): add what both bring."),
        solution_code=chain_rule_by_hand,
        predicts=True,
    ),
    Exercise(
        id="03.accumulate",
        title="Accumulate, don't assign",
        task="Play the engine for one multiplication. `Scalar(value, grad=0.0)` "
        "(`from autograd_lessons.scalar import Scalar`) holds a number and its gradient. Write "
        "`mul_backward(a, b, out)`: `out = a * b` and `out.grad` is known; add the gradients "
        "for `a` and `b` into `a.grad` and `b.grad`. It is also called as "
        "`mul_backward(a, a, out)` for `out = a * a`.",
        writes="a function `mul_backward(a, b, out)`",
        call="ex.check(mul_backward)",
        checker=_check_accumulate,
        hints=("∂(a · b)/∂a = b, then multiply by out.grad (chain rule).",
               "When a is b, the two lines of your function both write a.grad: the second "
               "must not erase the first."),
        solution_code=mul_backward,
    ),
]
