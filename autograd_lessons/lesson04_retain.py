"""Lesson 4 exercises: retaining the graph (retain_graph, the second backward adds)."""

from __future__ import annotations

from typing import Any

import numpy as np

import visgrad as torch

from .compare import expect_close
from .core import Exercise
from .running import LearnerError, Mistake, expect_callable, kind_of, run

GRADIENT = [[0.5, -1.0], [2.0, 0.0]]


# --- 04.second_backward -----------------------------------------------------------------------
def second_backward():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    y.backward(torch.ones(2, 2), retain_graph=True)
    y.backward(torch.tensor([[0.5, -1.0], [2.0, 0.0]]))
    return x.grad  # 1 from the first backward, plus the gradient of the second


def _check_second_backward(answer: Any) -> str:
    if isinstance(answer, str):
        raise Mistake("the second backward does not fail: the first one retained the graph "
                      "(and AddBackward0 keeps no saved tensors anyway). Give x.grad.")
    g = np.array(GRADIENT)
    expect_close(answer, 1 + g, what="your x.grad", mistakes=[
        (g, "the second backward *adds* to x.grad, which already held 1 from the first one."),
        (np.ones((2, 2)), "that is x.grad after the first backward only: the second one adds "
                          "its gradient to it."),
    ])
    return "x.grad = 1 + gradient: backward accumulates into .grad, it never overwrites it."


# --- 04.retain_graph --------------------------------------------------------------------------
def backward_both(x):
    y = x * x
    y.sum().backward(retain_graph=True)  # keep the saved x for the second backward
    (2 * y).sum().backward()


def _check_retain_graph(answer: Any) -> str:
    expect_callable(answer, "backward_both")
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    try:
        run(answer, x)
    except LearnerError as error:
        if "backward through the graph a second time" in str(error.error):
            raise Mistake(error.describe(
                "The first backward freed what `x * x` saved (x), so the second backward "
                "failed: pass `retain_graph=True` to the first backward, the one that is "
                "followed by another.")) from None
        raise
    values = np.array([1.0, 2.0, 3.0])
    if x.grad is None:
        raise Mistake("x.grad is still None after your function: call backward on both sums.")
    expect_close(x.grad, 6 * values, what="x.grad", mistakes=[
        (4 * values, "x.grad holds only the second gradient: don't reset it between the two "
                     "backward calls; the second one adds to the first."),
        (2 * values, "x.grad holds only the first gradient: the second backward never reached x."),
    ])
    return "x.grad = 2x + 4x = 6x: retain_graph=True on the first backward kept the graph."


# --- 04.which_fail ----------------------------------------------------------------------------
def which_second_backward_fails():
    makers = {"a": lambda x: x + 2, "b": lambda x: x * x, "c": lambda x: x * 3,
              "d": lambda x: x.sum(), "e": lambda x: x.exp()}
    failing = set()
    for letter, make in makers.items():
        x = torch.ones(2, requires_grad=True)
        y = make(x)
        y.backward(torch.ones_like(y))
        try:
            y.backward(torch.ones_like(y))  # no retain_graph on the first one
        except RuntimeError:
            failing.add(letter)
    return failing


_WHY = {
    "a": ("(a) does not fail: AddBackward0 needs no saved tensors (∂(x + 2)/∂x = 1), so "
          "freeing took nothing it needs."),
    "b": ("(b) fails: MulBackward0 saved both factors (x, twice) to compute its gradient, and "
          "the first backward freed them."),
    "c": ("(c) fails too: MulBackward0 saves the other factor, 3, even though it is a constant; "
          "the first backward freed it."),
    "d": "(d) does not fail: SumBackward0 only needs the input's shape, not a saved tensor.",
    "e": ("(e) fails: ExpBackward0 saved its result (∂eˣ/∂x = eˣ), and the first backward "
          "freed it."),
}


def _check_which_fail(answer: Any) -> str:
    if isinstance(answer, str):
        answer = [c for c in answer if c.isalpha()]  # "bce", "b, c, e" and "(b)" work too
    if not isinstance(answer, (set, list, tuple, frozenset)):
        raise Mistake(f'give the letters of the failing snippets, e.g. {{"a", "b"}}, not '
                      f"{kind_of(answer)}.")
    letters = {str(a).strip().strip("()").lower() for a in answer}
    unknown = sorted(letters - set(_WHY))
    if unknown:
        raise Mistake(f"there is no snippet \"{unknown[0]}\": use the letters a to e.")
    right = which_second_backward_fails()
    wrong = sorted(letters ^ right)  # listed but not failing, or failing but not listed
    if wrong:
        raise Mistake(_WHY[wrong[0]])
    return "(b), (c), (e): a second backward fails exactly when a node needs what it saved."


EXERCISES = [
    Exercise(
        id="04.second_backward",
        title="The second backward adds",
        task="""Predict `x.grad` (with its shape) after:
```python
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
y.backward(torch.ones(2, 2), retain_graph=True)
y.backward(torch.tensor([[0.5, -1.0], [2.0, 0.0]]))
```""",
        writes="x.grad as a nested list or tensor",
        call="ex.check([[..., ...], [..., ...]])",
        checker=_check_second_backward,
        hints=("What is x.grad after the first backward alone?",
               "Gradients are accumulated: each backward adds to .grad."),
        solution_code=second_backward,
        predicts=True,
    ),
    Exercise(
        id="04.retain_graph",
        title="Two backward passes through one graph",
        task="Write `backward_both(x)`: compute `y = x * x` once, then call backward on "
        "`y.sum()` and then on `(2 * y).sum()`, so that `x.grad` ends up holding the sum of "
        "both gradients.",
        writes="a function `backward_both(x)`",
        call="ex.check(backward_both)",
        checker=_check_retain_graph,
        hints=("Run it without any option first and read the error.",
               "Which of the two backward calls frees the graph the other one needs?"),
        solution_code=backward_both,
    ),
    Exercise(
        id="04.which_fail",
        title="Which second backward fails?",
        task="""For each snippet, `x = torch.ones(2, requires_grad=True)`, then `y = ...`, then
`y.backward(torch.ones_like(y))` twice, **without** `retain_graph`. Which second backward raises?
- (a) `y = x + 2`
- (b) `y = x * x`
- (c) `y = x * 3`
- (d) `y = x.sum()`
- (e) `y = x.exp()`

Answer with the set of letters, e.g. `{"a", "d"}`.""",
        writes="a set of letters",
        call='ex.check({"..."})',
        checker=_check_which_fail,
        hints=("Backward frees the tensors nodes *saved*; a node that saved nothing still works.",
               "What does each node need to compute its gradient: its input, its result, "
               "a constant, or only a shape?"),
        solution_code=which_second_backward_fails,
        predicts=True,
    ),
]
