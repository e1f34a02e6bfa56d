"""Lesson 2 exercises: operations build a graph (grad_fn, next_functions)."""

from __future__ import annotations

from typing import Any

import visgrad as torch
from visgrad.autograd import Node

from .compare import ACCUMULATE_GRAD, as_node_name
from .core import Exercise
from .running import LearnerError, Mistake, expect_callable, kind_of, run


# --- 02.walk ----------------------------------------------------------------------------------
def walk_tutorial_graph():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    names = []
    node = out.grad_fn
    while node is not None:
        names.append(node.name())
        node = node.next_functions[0][0] if node.next_functions else None
    return names


def _check_walk(answer: Any) -> str:
    if not isinstance(answer, (list, tuple)):
        raise Mistake(f"give a list of node names, not {kind_of(answer)}.")
    names = [as_node_name(a) for a in answer]
    expected = walk_tutorial_graph()
    if names == expected:
        return ("out → MeanBackward0 → MulBackward0 (× 3) → MulBackward0 (y · y) → AddBackward0 "
                "→ AccumulateGrad, which writes x.grad.")
    if names == expected[::-1]:
        raise Mistake("you listed the nodes from x to out: start at `out.grad_fn` and follow "
                      "`next_functions[0][0]` back towards x.")
    if "PowBackward0" in names:
        raise Mistake("`y * y` is a multiplication and records MulBackward0 (`y ** 2` would "
                      "record PowBackward0).")
    if names.count("MulBackward0") == 1:
        raise Mistake("`y * y * 3` is two multiplications, `(y * y) * 3`: two MulBackward0 nodes.")
    if names and names[-1] is None:
        raise Mistake("stop at the AccumulateGrad node: it has no next_functions, and None is "
                      "not a node.")
    if names == expected[:-1]:
        raise Mistake("the walk ends at x's AccumulateGrad node (its name is "
                      f"\"{ACCUMULATE_GRAD}\"): include it.")
    for position, (got, want) in enumerate(zip(names, expected)):
        if got != want:
            raise Mistake(f"node {position} of your list, \"{got}\", is not right yet.")
    raise Mistake(f"your list has {len(names)} nodes; the walk from out to x meets "
                  f"{len(expected)}.")


# --- 02.requires_grad_ ------------------------------------------------------------------------
def predict_requires_grad_():
    a = torch.tensor([[0.5, -1.0], [2.0, 0.25]])  # any values: the tutorial uses randn
    a = (a * 3) / (a - 1)
    first = a.requires_grad
    a.requires_grad_(True)
    second = a.requires_grad
    b = (a * a).sum()
    return (first, second, b.grad_fn.name())


def _check_requires_grad_(answer: Any) -> str:
    if not isinstance(answer, (list, tuple)) or len(answer) != 3:
        raise Mistake("give three answers in a tuple: (first print, second print, "
                      "b.grad_fn's name).")
    first, second, name = answer
    if first is not False:
        raise Mistake("(1) is False: `torch.randn` makes a tensor with requires_grad=False, and "
                      "operations on such tensors record nothing.")
    if second is not True:
        raise Mistake("(2) is True: `a.requires_grad_(True)` switches recording on for this "
                      "leaf, in place.")
    name = as_node_name(name)
    if name == "MulBackward0":
        raise Mistake("b's grad_fn is the node of the *last* operation that made b: `.sum()`.")
    if name != "SumBackward0":
        raise Mistake(f"(3) is not \"{name}\": which operation made b last?")
    return "False, True, SumBackward0: recording starts at requires_grad_ and b is made by sum."


# --- 02.count_nodes ---------------------------------------------------------------------------
def count_nodes(t):
    if t.grad_fn is None:
        return 0
    seen = {t.grad_fn}
    to_visit = [t.grad_fn]
    while to_visit:
        node = to_visit.pop()
        for next_node, _ in node.next_functions:
            if next_node is not None and next_node not in seen:
                seen.add(next_node)
                to_visit.append(next_node)
    return len(seen)


def _count_cases() -> list[tuple[str, torch.Tensor]]:
    leaf = torch.ones(2, requires_grad=True)
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    out = (y * y * 3).mean()
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = (a * a).sum()
    p = torch.tensor([2.0, 3.0], requires_grad=True)
    q = torch.tensor([6.0, 4.0], requires_grad=True)
    return [("a leaf", leaf), ("the tutorial's out", out), ("b = (a * a).sum()", b),
            ("Q = 3 * p**3 - q**2", 3 * p**3 - q**2)]


def _typical_counts(t: torch.Tensor) -> dict[int, str]:
    """What the usual mistakes count for t, with their messages (the first one listed wins)."""
    edges: list[tuple[Node | None, int]] = [(t.grad_fn, 0)]
    per_path = nones = 0
    while edges:  # every path walked separately, None entries counted
        node, _ = edges.pop()
        per_path += node is not None
        nones += node is None
        edges += list(node.next_functions) if node is not None else []
    right = count_nodes(t)
    leaves = sum(1 for n in _all_nodes(t) if n.name() == ACCUMULATE_GRAD)
    typical: dict[int, str] = {}
    for count, message in [
        (right - leaves, "you left out the AccumulateGrad nodes: the leaves' ends of the graph "
                         "count too."),
        (right + nones, "you counted the (None, 0) entries of next_functions as nodes: skip "
                        "None."),
        (per_path, "you counted a node once for each path that reaches it (`y * y` reaches the "
                   "same node through two edges): keep a set of nodes already seen."),
    ]:
        if count != right:
            typical.setdefault(count, message)
    return typical


def _all_nodes(t: torch.Tensor) -> list[Any]:
    seen: list[Any] = [] if t.grad_fn is None else [t.grad_fn]
    for node in seen:  # grows while we walk it
        for next_node, _ in node.next_functions:
            if next_node is not None and next_node not in seen:
                seen.append(next_node)
    return seen


def _check_count_nodes(answer: Any) -> str:
    expect_callable(answer, "count_nodes")
    for description, tensor in _count_cases():
        right = count_nodes(tensor)
        try:
            got = run(answer, tensor)
        except LearnerError as error:
            if right == 0:
                raise Mistake(error.describe("A leaf has `grad_fn` None: there are no nodes to "
                                             "count, so return 0.")) from None
            if "'NoneType' object has no attribute 'next_functions'" in str(error.error):
                raise Mistake(error.describe("`next_functions` holds (None, 0) for an input that "
                                             "needs no gradient (like the constant 3): skip "
                                             "it.")) from None
            raise
        if got != right:
            typical = _typical_counts(tensor)
            if got in typical:
                raise Mistake(typical[got])
            raise Mistake(f"for {description}, your function returns {got!r}: not the number "
                          "of distinct nodes.")
    return "each node is counted once, None entries are skipped, and a leaf has none."


EXERCISES = [
    Exercise(
        id="02.walk",
        title="Walk the graph by hand",
        task="""For the tutorial's
```python
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
```
start at `out.grad_fn` and follow `next_functions[0][0]` until a node has no `next_functions`.
Give the list of the nodes' names (`node.name()`), in the order you meet them.""",
        writes="a list of node names",
        call='ex.check(["MeanBackward0", ...])',
        checker=_check_walk,
        hints=("Each operation records one node; `y * y * 3` has two operations.",
               "The last node is where x's gradient ends: its name is "
               "\"torch::autograd::AccumulateGrad\"."),
        solution_code=walk_tutorial_graph,
        predicts=True,
    ),
    Exercise(
        id="02.requires_grad_",
        title="Switching recording on",
        task="""Predict the three printed values:
```python
a = torch.randn(2, 2)
a = ((a * 3) / (a - 1))
print(a.requires_grad)          # (1)
a.requires_grad_(True)
print(a.requires_grad)          # (2)
b = (a * a).sum()
print(b.grad_fn.name())         # (3)
```
Answer with a tuple of the three values, e.g. `(True, True, "MulBackward0")`.""",
        writes="a tuple (bool, bool, node name)",
        call='ex.check((..., ..., "..."))',
        checker=_check_requires_grad_,
        hints=("What does `torch.randn` set requires_grad to?",
               "A tensor's grad_fn is the node of the operation that made it."),
        solution_code=predict_requires_grad_,
        predicts=True,
    ),
    Exercise(
        id="02.count_nodes",
        title="Count the nodes",
        task="Write `count_nodes(t)`: the number of distinct nodes reachable from `t.grad_fn` "
        "through `next_functions`, counting `t.grad_fn` itself and the AccumulateGrad nodes. "
        "For a leaf (`grad_fn` None) it is 0.",
        writes="a function `count_nodes(t)`",
        call="ex.check(count_nodes)",
        checker=_check_count_nodes,
        hints=("Keep a list of nodes still to visit and a set of nodes already seen.",
               "`next_functions` is a tuple of `(node, 0)` pairs; node is None for an input "
               "that needs no gradient.",
               "`(a * a)` reaches the same node through two edges: count it once."),
        solution_code=count_nodes,
    ),
]
