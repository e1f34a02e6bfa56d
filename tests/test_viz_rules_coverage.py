"""The player's text panel states the local rule of every node the op library records."""

import numpy as np
from op_cases import CASES, sample_inputs

import visgrad
from visgrad.viz.rules import RULES, explain


def _node_names() -> set[str]:
    names: set[str] = set()
    rng = np.random.default_rng(0)
    for op in CASES:
        xs = [
            visgrad.tensor(a, dtype=visgrad.float64, requires_grad=True)
            for a in sample_inputs(op, rng)
        ]
        stack = [op.fn(visgrad, *xs).grad_fn]
        while stack:
            node = stack.pop()
            if node is None or node.name() in names:
                continue
            names.add(node.name())
            stack.extend(n for n, _ in node.next_functions)
    return names


def test_every_recorded_node_has_a_rule():
    missing = _node_names() - set(RULES) - {"torch::autograd::AccumulateGrad"}
    assert missing == set()


def test_a_rule_is_filled_with_the_engines_numbers():
    lines = explain(
        "MulBackward0",
        np.array(0.25),
        [np.array(0.75), None],
        {"other": np.array(3.0)},
        {},
        ["AddBackward0", ""],
    )
    assert lines[0] == "grad_self = grad · other = 0.25 · 3 = 0.75   → AddBackward0"
    assert lines[1].startswith("grad_other: not computed")
