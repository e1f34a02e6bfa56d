"""Lesson 10 exercises: side by side with PyTorch (what prints differently, code for both)."""

from __future__ import annotations

import importlib.util
import types
from typing import Any

import numpy as np

import visgrad

from .compare import as_numbers, close, expect_close
from .core import Exercise
from .running import Mistake, expect_callable, kind_of, run

STATEMENTS = {
    1: "print(x)",
    2: "print(y.grad_fn)",
    3: "print(y.grad_fn.name())",
    4: "torch.manual_seed(0); print(torch.randn(2))",
    5: "print(x.grad)",
    6: "print(y.grad_fn.next_functions)",
    7: "print(x.shape)",
}
_WHY = {
    1: "(1) prints the same: `tensor([[1., 1.], [1., 1.]], requires_grad=True)`.",
    2: "(2) differs: PyTorch prints the node with its memory address "
       "(`<AddBackward0 object at 0x…>`); visgrad leaves the address out.",
    3: "(3) prints the same: `name()` is the node's name, with no address.",
    4: "(4) differs: the same seed drives different generators (visgrad draws from NumPy's).",
    5: "(5) prints the same: the gradient is computed exactly, 4.5 in each entry.",
    6: "(6) differs: next_functions holds nodes, and PyTorch prints their addresses.",
    7: "(7) prints the same: `torch.Size([2, 2])`.",
}


# --- 10.which_differ --------------------------------------------------------------------------
def which_prints_differ():
    # node objects print with a memory address in PyTorch; random numbers come from another
    # generator. Everything computed from the values prints the same.
    return {2, 4, 6}


def _check_which_differ(answer: Any) -> str:
    if not isinstance(answer, (set, list, tuple, frozenset)):
        raise Mistake(f"give the numbers of the statements, e.g. {{1, 3}}, not {kind_of(answer)}.")
    try:
        given = {int(n) for n in answer}
    except (TypeError, ValueError):
        raise Mistake("give the statements' numbers (1 to 7).") from None
    unknown = sorted(given - set(STATEMENTS))
    if unknown:
        raise Mistake(f"there is no statement {unknown[0]}: they are numbered 1 to 7.")
    wrong = sorted(given ^ which_prints_differ())
    if wrong:
        raise Mistake(_WHY[wrong[0]])
    return "addresses and random draws differ; every value autograd computes is the same."


# --- 10.both_libraries ------------------------------------------------------------------------
def tutorial_grad(torch):
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    out = (y * y * 3).mean()
    out.backward()
    return x.grad


class _Watched(types.ModuleType):
    """A stand-in for a module that notes whether anything was taken from it."""

    def __init__(self, module: types.ModuleType) -> None:
        super().__init__(module.__name__)
        self.__dict__["_module"] = module
        self.__dict__["used"] = False

    def __getattr__(self, name: str) -> Any:
        self.__dict__["used"] = True
        return getattr(self.__dict__["_module"], name)


def _check_both_libraries(answer: Any) -> str:
    expect_callable(answer, "tutorial_grad")
    watched = _Watched(visgrad)
    result = run(answer, watched)
    if not watched.used:
        raise Mistake("your function did not use the module it was given: name the parameter "
                      "`torch` and write `torch.ones(...)` inside, so the same code runs with "
                      "either library.")
    expect_close(result, np.full((2, 2), 4.5), what="the x.grad your function returns")
    if importlib.util.find_spec("torch") is not None:  # PyTorch installed: run it there too
        import torch

        with_torch = run(answer, torch)
        if isinstance(with_torch, visgrad.Tensor):
            raise Mistake("given PyTorch, your function still computed with visgrad: use only "
                          "the module it receives.")
        if not close(as_numbers(with_torch), 4.5 * np.ones((2, 2))):
            raise Mistake("with PyTorch your function returns other numbers than with visgrad.")
    return "the same function runs on both libraries: pass `visgrad` or `torch` as its argument."


EXERCISES = [
    Exercise(
        id="10.which_differ",
        title="Which prints differ?",
        task="""After `x = torch.ones(2, 2, requires_grad=True)`, `y = x + 2`,
`out = (y * y * 3).mean()` and `out.backward()`, these statements run once with visgrad and
once with PyTorch:
""" + "\n".join(f"- ({n}) `{s}`" for n, s in STATEMENTS.items()) + """

Which print something different? Answer with the set of their numbers, e.g. `{1, 3}`.""",
        writes="a set of statement numbers",
        call="ex.check({...})",
        checker=_check_which_differ,
        hints=("Values computed by autograd are the same in both libraries.",
               "What does PyTorch print for an object that is not a tensor, such as a node?"),
        solution_code=which_prints_differ,
        predicts=True,
    ),
    Exercise(
        id="10.both_libraries",
        title="One function, two libraries",
        task="Write `tutorial_grad(torch)`: it takes the library as its argument (`visgrad` or "
        "PyTorch's `torch`), runs the tutorial's `x = torch.ones(2, 2, requires_grad=True)`, "
        "`y = x + 2`, `out = (y * y * 3).mean()`, `out.backward()`, and returns `x.grad`.",
        writes="a function `tutorial_grad(torch)`",
        call="ex.check(tutorial_grad)",
        checker=_check_both_libraries,
        hints=("Inside the function, `torch` is whatever module was passed in.",),
        solution_code=tutorial_grad,
    ),
]
