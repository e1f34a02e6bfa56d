"""Lesson 3 exercise: the order of the backward pass (dependency order)."""

from __future__ import annotations

from typing import Any

import visgrad as torch
from visgrad.autograd import Node

from .core import Exercise
from .running import LearnerError, Mistake, expect_callable, kind_of, run

DEEP = 3000  # deeper than Python's default recursion limit (1000)


def backward_order(root):
    # count, for every node, the edges that lead into it
    dependencies = {root: 0}
    to_visit = [root]
    while to_visit:
        node = to_visit.pop()
        for next_node, _ in node.next_functions:
            if next_node is None:
                continue
            if next_node not in dependencies:
                dependencies[next_node] = 0
                to_visit.append(next_node)
            dependencies[next_node] += 1
    # a node is ready when every node that sends it gradient has run
    order, ready = [], [root]
    while ready:
        node = ready.pop()
        order.append(node)
        for next_node, _ in node.next_functions:
            if next_node is None:
                continue
            dependencies[next_node] -= 1
            if dependencies[next_node] == 0:
                ready.append(next_node)
    return order


def _graphs() -> list[tuple[str, torch.Tensor]]:
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    out = (y * y * 3).mean()
    a = torch.tensor([0.5, 1.0], requires_grad=True)
    e = a.exp()
    first = (e + e * 2).sum()
    e2 = a.exp()
    second = (e2 * 2 + e2).sum()
    deep = a
    for _ in range(DEEP):
        deep = deep * 1.0
    return [("the tutorial's out", out), ("L = e + e * 2 with e = a.exp()", first),
            ("L = e * 2 + e", second), (f"a chain of {DEEP} multiplications", deep)]


def _reachable(root: Node) -> list[Node]:
    """Every node reachable from root, in a valid order (our own walk, for checking)."""
    return backward_order(root)


def _check_order(answer: Any) -> str:
    expect_callable(answer, "backward_order")
    for description, tensor in _graphs():
        root = tensor.grad_fn
        try:
            order = run(answer, root)
        except LearnerError as error:
            if isinstance(error.error, RecursionError):
                raise Mistake(f"your function works on small graphs, but on {description} it "
                              "went deeper than Python's recursion limit: keep your own list of "
                              "nodes to visit instead of recursing.") from None
            raise
        assert root is not None
        _validate(order, root, description)
    return ("every node runs after all the nodes that send it gradient, so each node has its "
            "whole gradient summed before it passes it on.")


def _validate(order: Any, root: Node, description: str) -> None:
    if not isinstance(order, (list, tuple)):
        raise Mistake(f"return a list of nodes, not {kind_of(order)}.")
    if any(node is None for node in order):
        raise Mistake("your order contains None: the (None, 0) entries of next_functions are "
                      "not nodes, skip them.")
    if not all(isinstance(node, Node) for node in order):
        raise Mistake("return the nodes themselves (`root`, the nodes in `next_functions`), "
                      "not their names.")
    position: dict[Node, int] = {}
    for index, node in enumerate(order):
        if node in position:
            raise Mistake(f"`{node.name()}` appears twice in your order for {description}: list "
                          "each node once (keep a set of nodes already seen).")
        position[node] = index
    everything = _reachable(root)
    missing = [node for node in everything if node not in position]
    if missing:
        raise Mistake(f"for {description} your order misses {len(missing)} node(s), e.g. "
                      f"`{missing[0].name()}`.")
    for node in order:
        for next_node, _ in node.next_functions:
            if next_node is not None and position[next_node] < position[node]:
                raise Mistake(
                    f"for {description}, `{next_node.name()}` comes before `{node.name()}`, but "
                    f"`{node.name()}` sends gradient into it: a node may run only after every "
                    "node that uses its output has run. Count each node's incoming edges first, "
                    "or reverse a depth-first post-order."
                )
    if len(order) != len(everything):
        raise Mistake(f"for {description} your order lists nodes that are not in the graph.")


EXERCISES = [
    Exercise(
        id="03.order",
        title="Dependency order",
        task="Write `backward_order(root)`: given `root = out.grad_fn`, return every node "
        "reachable from it (through `next_functions`, AccumulateGrad nodes included), each "
        "once, in an order where a node comes only after all the nodes that send gradient "
        "into it. It must also work on a chain of 3000 operations.",
        writes="a function `backward_order(root)` returning a list of nodes",
        call="ex.check(backward_order)",
        checker=_check_order,
        hints=("A plain depth-first or breadth-first visit fails when a node is reached by "
               "paths of different lengths, as `e` in `e + e * 2`.",
               "First count, for each node, how many edges lead into it; a node is ready "
               "when that count drops to 0.",
               "Use a list as a stack instead of recursion: 3000 nested calls exceed Python's "
               "limit."),
        solution_code=backward_order,
    ),
]
