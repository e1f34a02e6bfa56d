"""The local rule of each backward node, in words a learner can check, with the numbers.

A rule names the node's inputs by PyTorch's names (`self`, `other`, ...) and says, for each, how
its gradient comes from `grad` (the gradient arriving at the node) and what the node saved:

    MulBackward0: grad_self = grad · other = 0.25 · 3 = 0.75

These are the textbook rules, written once more for people; the numbers after the last `=` are
always the ones the engine actually produced, never recomputed here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .values import one_line, shape_text


@dataclass(frozen=True)
class Rule:
    """Names of the node's inputs (by position) and the formula of each one's gradient."""

    inputs: tuple[str, ...]
    formulas: tuple[str, ...]
    note: str = ""  # said after the numbers, e.g. where the gradient is copied to


_BINARY = ("self", "other")
RULES: dict[str, Rule] = {
    # arithmetic
    "AddBackward0": Rule(_BINARY, ("grad", "grad")),
    "SubBackward0": Rule(_BINARY, ("grad", "-grad")),
    "RsubBackward1": Rule(_BINARY, ("-grad", "grad")),
    "MulBackward0": Rule(_BINARY, ("grad · other", "grad · self")),
    "DivBackward0": Rule(_BINARY, ("grad / other", "-grad · self / other^2")),
    "NegBackward0": Rule(("self",), ("-grad",)),
    "PowBackward0": Rule(("self",), ("grad · n · self^(n-1)",)),
    "PowBackward1": Rule(("self", "exponent"),
                         ("grad · exponent · self^(exponent-1)", "grad · result · log(self)")),
    # functions of one tensor
    "ExpBackward0": Rule(("self",), ("grad · result",)),
    "LogBackward0": Rule(("self",), ("grad / self",)),
    "SqrtBackward0": Rule(("self",), ("grad / (2 · result)",)),
    "AbsBackward0": Rule(("self",), ("grad · sign(self)",)),
    "SinBackward0": Rule(("self",), ("grad · cos(self)",)),
    "CosBackward0": Rule(("self",), ("-grad · sin(self)",)),
    "TanhBackward0": Rule(("self",), ("grad · (1 - result^2)",)),
    "SigmoidBackward0": Rule(("self",), ("grad · result · (1 - result)",)),
    "ReluBackward0": Rule(("self",), ("grad · (result > 0)",)),
    # reductions
    "SumBackward0": Rule(("self",), ("grad",), "copied into every entry of self"),
    "SumBackward1": Rule(("self",), ("grad",), "copied along the summed dimensions"),
    "MeanBackward0": Rule(("self",), ("grad / n",), "in every entry; n = number of entries"),
    "MeanBackward1": Rule(("self",), ("grad / n",), "copied along the averaged dimensions"),
    # linear algebra
    "MmBackward0": Rule(("self", "mat2"), ("grad @ transpose(mat2)", "transpose(self) @ grad")),
    "MatmulBackward0": Rule(_BINARY, ("grad @ transpose(other)", "transpose(self) @ grad")),
    "DotBackward0": Rule(("self", "tensor"), ("grad · tensor", "grad · self")),
    # shapes
    "ViewBackward0": Rule(("self",), ("grad, reshaped to the input's shape",)),
    "CloneBackward0": Rule(("self",), ("grad",)),
    "ExpandBackward0": Rule(("self",), ("grad, summed back to the input's shape",)),
    "TBackward0": Rule(("self",), ("transpose(grad)",)),
    "TransposeBackward0": Rule(("self",), ("grad, transposed back",)),
}
# Elementwise rules: a gradient of another shape than grad was summed over broadcast dimensions.
_ELEMENTWISE = frozenset(
    f"{op}Backward0"
    for op in ("Add", "Sub", "Mul", "Div", "Neg", "Pow", "Exp", "Log", "Sqrt", "Abs", "Sin", "Cos",
               "Tanh", "Sigmoid", "Relu")
) | {"RsubBackward1", "PowBackward1"}
_SYMBOL = re.compile(r"\b(grad|self|other|result|exponent|mat2|tensor|n)\b")


def input_name(op: str, slot: int) -> str:
    """PyTorch's name for input `slot` of this node (`self`, `other`, ... or `input 2`)."""
    rule = RULES.get(op)
    if rule is not None and slot < len(rule.inputs):
        return rule.inputs[slot]
    return "self" if slot == 0 else f"input {slot}"


def with_numbers(formula: str, values: Mapping[str, str]) -> str:
    """The formula with each symbol whose value is known replaced by that value."""
    return _SYMBOL.sub(lambda m: values.get(m.group(1), m.group(1)), formula)


def explain(
    op: str,
    grad: np.ndarray,
    grad_inputs: Sequence[np.ndarray | None],
    saved: Mapping[str, np.ndarray],
    params: Mapping[str, str],
    targets: Sequence[str],
) -> list[str]:
    """One line per input: `grad_self = <rule> = <rule with numbers> = <result>  → <target>`.

    saved: the node's saved tensors by name; params: other known symbols (`n`);
    targets: where each input's gradient goes (the node at the other end of the edge).
    """
    rule = RULES.get(op)
    values = {name: one_line(array) for name, array in saved.items()}
    values.update(params)
    values["grad"] = one_line(grad)
    lines = []
    for slot, result in enumerate(grad_inputs):
        name = f"grad_{input_name(op, slot)}"
        target = targets[slot] if slot < len(targets) else ""
        if result is None:
            lines.append(f"{name}: not computed ({target or 'no gradient needed'})")
            continue
        parts = [name]
        if rule is not None and slot < len(rule.formulas):
            formula = rule.formulas[slot]
            parts.append(formula)
            filled = with_numbers(formula, values)
            if filled != formula and filled != one_line(result):
                parts.append(filled)
        parts.append(one_line(result))
        line = " = ".join(parts)
        if rule is not None and rule.note:
            line += f"  ({rule.note})"
        if op in _ELEMENTWISE and result.shape != grad.shape:
            line += f"  (summed back to shape {shape_text(result.shape)})"
        lines.append(f"{line}   → {target}" if target else line)
    return lines
