"""Lesson 8 exercises: the current tutorial's example, Q = 3a³ - b², and its DAG."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

import visgrad as torch

from .compare import ACCUMULATE_GRAD, as_node_name, as_numbers, close, expect_close, expect_keys
from .core import Exercise
from .running import LearnerError, Mistake, expect_callable, kind_of, run

A, B = np.array([2.0, 3.0]), np.array([6.0, 4.0])


# --- 08.q_grads -------------------------------------------------------------------------------
def predict_q_grads():
    a = torch.tensor([2.0, 3.0], requires_grad=True)
    b = torch.tensor([6.0, 4.0], requires_grad=True)
    Q = 3 * a**3 - b**2  # noqa: N806 - the tutorial's name
    Q.backward(gradient=torch.tensor([1.0, 1.0]))
    return {"a": a.grad, "b": b.grad}  # 9a² and -2b


def _check_q_grads(answer: Any) -> str:
    given = expect_keys(answer, ["a", "b"])
    if close(as_numbers(given["a"], "your a.grad"), -2 * B):
        raise Mistake("you swapped a and b: a.grad comes from 3a³, b.grad from -b².")
    expect_close(given["a"], 9 * A**2, what="your a.grad", mistakes=[
        (3 * A**2, "∂(3a³)/∂a = 3 · 3a² = 9a²: you dropped the 3 in front."),
        (3 * A**3, "that is 3a³ itself, not its derivative 9a²."),
    ])
    expect_close(given["b"], -2 * B, what="your b.grad", mistakes=[
        (-B, "∂(b²)/∂b = 2b, so ∂Q/∂b = -2b."),
        (-(B**2), "that is -b² itself, not its derivative -2b."),
    ])
    return "a.grad == 9*a**2 and b.grad == -2*b: tensor([True, True]) both."


# --- 08.vector_backward -----------------------------------------------------------------------
def backward_of_vector(q):
    q.backward(gradient=torch.ones_like(q))  # the same as q.sum().backward()


def _vector_cases() -> list[tuple[Any, ...]]:
    cases = []
    for a_values, b_values in ((A, B), (np.array([1.0, -1.0, 0.5]), np.array([2.0, 0.0, 3.0]))):
        a = torch.tensor(a_values, requires_grad=True)
        b = torch.tensor(b_values, requires_grad=True)
        cases.append((3 * a**3 - b**2, a, b, 9 * a_values**2, -2 * b_values))
    return cases


def _check_vector_backward(answer: Any) -> str:
    expect_callable(answer, "backward_of_vector")
    for q, a, b, grad_a, grad_b in _vector_cases():
        try:
            run(answer, q)
        except LearnerError as error:
            message = str(error.error)
            if "implicitly created only for scalar outputs" in message:
                raise Mistake(error.describe(
                    "Q has more than one element, so `Q.backward()` needs `gradient=`, a "
                    "tensor of Q's shape (the tutorial passes ones), or call backward on "
                    "`Q.sum()`.")) from None
            if "Mismatch in shape" in message:
                raise Mistake(error.describe(
                    "Your gradient has a fixed shape, but Q's shape varies: make it with "
                    "`torch.ones_like(Q)`.")) from None
            raise
        if a.grad is None or b.grad is None:
            raise Mistake("after your function the leaves' .grad is still None: call backward.")
        if close(a.grad.numpy(), 2 * grad_a):
            raise Mistake("your gradient argument is not all ones: each leaf got twice its "
                          "gradient. `gradient=` weights each element of Q.")
        expect_close(a.grad, grad_a, what="a.grad")
        expect_close(b.grad, grad_b, what="b.grad")
    return "gradient=ones_like(Q) asks for the gradient of Q.sum(): each element of Q weighs 1."


# --- 08.dag -----------------------------------------------------------------------------------
def count_dag_nodes():
    a = torch.tensor([2.0, 3.0], requires_grad=True)
    b = torch.tensor([6.0, 4.0], requires_grad=True)
    Q = 3 * a**3 - b**2  # noqa: N806 - the tutorial's name
    counts = Counter()
    seen, to_visit = {Q.grad_fn}, [Q.grad_fn]
    while to_visit:
        node = to_visit.pop()
        counts[node.name()] += 1
        for next_node, _ in node.next_functions:
            if next_node is not None and next_node not in seen:
                seen.add(next_node)
                to_visit.append(next_node)
    return dict(counts)


def _check_dag(answer: Any) -> str:
    if not isinstance(answer, dict):
        raise Mistake(f'give a dict of node name → count, e.g. {{"SubBackward0": 1}}, not '
                      f"{kind_of(answer)}.")
    given = Counter({as_node_name(k): v for k, v in answer.items() if v})
    right = Counter(count_dag_nodes())
    if given == right:
        return "six nodes: four operations, and one AccumulateGrad per leaf (a and b)."
    if given.get(ACCUMULATE_GRAD, 0) != 2:
        raise Mistake("count the AccumulateGrad nodes: one per leaf that requires grad (a, b).")
    if given.get("PowBackward0", 0) != 2:
        raise Mistake("`a**3` and `b**2` are two powers: two PowBackward0 nodes.")
    if given.get("MulBackward0", 0) != 1:
        raise Mistake("`3*a**3` multiplies by 3 once: one MulBackward0.")
    if given.get("SubBackward0", 0) != 1:
        raise Mistake("`X - Y` records one SubBackward0 (not a negation and an addition).")
    extra = sorted(str(k) for k in given if k not in right)
    raise Mistake(f"Q's graph has no \"{extra[0]}\" node." if extra else "not right yet.")


EXERCISES = [
    Exercise(
        id="08.q_grads",
        title="Q = 3a³ - b²",
        task="With `a = torch.tensor([2., 3.], requires_grad=True)`, `b = torch.tensor([6., "
        "4.], requires_grad=True)` and `Q = 3*a**3 - b**2`, predict a.grad and b.grad after "
        "`Q.backward(gradient=torch.tensor([1., 1.]))`. Answer `{\"a\": [...], \"b\": [...]}`.",
        writes='a dict {"a": [..], "b": [..]}',
        call='ex.check({"a": [..., ...], "b": [..., ...]})',
        checker=_check_q_grads,
        hints=("Each element of Q depends only on the same element of a and of b.",
               "∂Q/∂a = 9a², ∂Q/∂b = -2b: evaluate them."),
        solution_code=predict_q_grads,
        predicts=True,
    ),
    Exercise(
        id="08.vector_backward",
        title="Backward from a vector",
        task="Q (from `3*a**3 - b**2`) has several elements. Write `backward_of_vector(Q)`: one "
        "backward call that fills a.grad and b.grad with the gradients of `Q.sum()`, for any "
        "shape of Q.",
        writes="a function `backward_of_vector(Q)`",
        call="ex.check(backward_of_vector)",
        checker=_check_vector_backward,
        hints=("Try `Q.backward()` and read the error.",
               "`gradient=` must have Q's shape: `torch.ones_like(Q)`."),
        solution_code=backward_of_vector,
    ),
    Exercise(
        id="08.dag",
        title="The DAG of Q",
        task="Count the nodes of Q's graph (`Q = 3*a**3 - b**2`, a and b leaves that require "
        "grad) by their names, from `Q.grad_fn` down to the AccumulateGrad nodes. Answer a "
        "dict, e.g. `{\"SubBackward0\": 1, ...}`.",
        writes="a dict node name → count",
        call='ex.check({"SubBackward0": 1, ...: ...})',
        checker=_check_dag,
        hints=("One node per operation; `3*a**3` is two operations.",
               "Each leaf that requires grad ends in its own AccumulateGrad node."),
        solution_code=count_dag_nodes,
        predicts=True,
    ),
]
