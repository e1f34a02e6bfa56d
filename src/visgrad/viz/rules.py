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
    "RsubBackward1": Rule(("self",), ("-grad",)),  # number - self: the number has no edge
    "MulBackward0": Rule(_BINARY, ("grad · other", "grad · self")),
    "DivBackward0": Rule(_BINARY, ("grad / other", "-grad · self / other^2")),
    "NegBackward0": Rule(("self",), ("-grad",)),
    "PowBackward0": Rule(("self",), ("grad · n · self^(n-1)",)),
    "PowBackward1": Rule(
        ("self", "exponent"), ("grad · exponent · self^(exponent-1)", "grad · result · log(self)")
    ),
    "PowBackward2": Rule(("exponent",), ("grad · result · log(self)",), "self is the number"),
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
    "LeakyReluBackward0": Rule(("self",), ("grad · (1 if self > 0 else negative_slope)",)),
    "ClampBackward1": Rule(("self",), ("grad · (min ≤ self ≤ max)",)),
    "GeluBackward0": Rule(
        ("self",), ("grad · (Φ(self) + self · φ(self))",),
        "Φ, φ: the standard normal's distribution and density (approximate='tanh': its tanh form)",
    ),
    "GeluBackwardBackward0": Rule(
        ("grad_output", "self"),
        ("grad · (Φ(self) + self · φ(self))", "grad · grad_output · φ(self) · (2 - self^2)"),
        "GELU's backward, recorded (create_graph=True); tanh form for approximate='tanh'",
    ),
    "SiluBackward0": Rule(("self",), ("grad · σ(self) · (1 + self · (1 - σ(self)))",)),
    "SoftplusBackward0": Rule(
        ("self",), ("grad · σ(beta · self)",), "grad itself where beta · self > threshold"
    ),
    "BinaryCrossEntropyBackward0": Rule(
        ("self", "target"),
        ("grad · (self - target) / (self · (1 - self))", "grad · (log(1 - self) - log(self))"),
        "per element, times weight; divided by n for a mean",
    ),
    "BinaryCrossEntropyWithLogitsBackward0": Rule(
        ("self", "target"), ("grad · (σ(self) - target)", "grad · -self"),
        "per element, times weight (pos_weight q: (q·target + 1 - target)·σ(self) - q·target); "
        "divided by n for a mean",
    ),
    "HuberLossBackward0": Rule(
        ("self", "target"),
        (
            "grad · clamp(self - target, -delta, delta)",
            "-grad · clamp(self - target, -delta, delta)",
        ),
        "divided by n for a mean",
    ),
    "SmoothL1LossBackward0": Rule(
        ("self", "target"),
        (
            "grad · clamp((self - target) / beta, -1, 1)",
            "-grad · clamp((self - target) / beta, -1, 1)",
        ),
        "divided by n for a mean",
    ),
    "NllLossBackward0": Rule(
        ("self",), ("-grad · weight[target] at each sample's target class, 0 elsewhere",),
        "divided by the total weight of the samples for a mean",
    ),
    "EmbeddingBackward0": Rule(
        ("weight",), ("each row of grad added into the row of weight it was looked up from",),
        "rows never looked up (and the padding_idx row) get 0",
    ),
    "EmbeddingDenseBackwardBackward0": Rule(
        ("grad_output",), ("grad at the rows looked up, 0 at padding_idx",),
        "Embedding's backward, recorded (create_graph=True)",
    ),
    "NativeLayerNormBackward0": Rule(
        ("input", "weight", "bias"),
        (
            "(ĝ - mean(ĝ) - x̂ · mean(ĝ · x̂)) / √(var + eps), ĝ = grad · weight",
            "Σ grad · x̂",
            "Σ grad",
        ),
        "x̂ = (input - mean) / √(var + eps); means over the normalized axes, Σ over the samples",
    ),
    "EluBackward0": Rule(("self",), ("grad · (1 if self > 0 else alpha · exp(self))",)),
    "SignBackward0": Rule(("self",), ("0",), "sign is flat wherever it has a slope"),
    "MaximumBackward0": Rule(
        _BINARY, ("grad · (self > other)", "grad · (other > self)"), "a tie sends half to each"
    ),
    "MinimumBackward0": Rule(
        _BINARY, ("grad · (self < other)", "grad · (other < self)"), "a tie sends half to each"
    ),
    "WhereBackward0": Rule(
        _BINARY, ("grad where condition, else 0", "grad where not condition, else 0")
    ),
    # --- logs, powers, trigonometry, rounding, limits ---
    "ReciprocalBackward0": Rule(("self",), ("-grad · result^2",)),
    "RsqrtBackward0": Rule(("self",), ("-0.5 · grad · result^3",)),
    "Log1PBackward0": Rule(("self",), ("grad / (self + 1)",)),
    "Log2Backward0": Rule(("self",), ("grad / (self · ln 2)",)),
    "Log10Backward0": Rule(("self",), ("grad / (self · ln 10)",)),
    "Expm1Backward0": Rule(("self",), ("grad · (result + 1)",)),
    "Exp2Backward0": Rule(("self",), ("grad · result · ln 2",)),
    "TanBackward0": Rule(("self",), ("grad · (1 + result^2)",)),
    "AsinBackward0": Rule(("self",), ("grad / sqrt(1 - self^2)",)),
    "AcosBackward0": Rule(("self",), ("-grad / sqrt(1 - self^2)",)),
    "AtanBackward0": Rule(("self",), ("grad / (1 + self^2)",)),
    "SinhBackward0": Rule(("self",), ("grad · cosh(self)",)),
    "CoshBackward0": Rule(("self",), ("grad · sinh(self)",)),
    "ErfBackward0": Rule(("self",), ("grad · 2/sqrt(pi) · exp(-self^2)",)),
    "Atan2Backward0": Rule(
        _BINARY,
        ("grad · other / (self^2 + other^2)", "-grad · self / (self^2 + other^2)"),
        "0 where self = other = 0",
    ),
    "HypotBackward0": Rule(_BINARY, ("grad · self / result", "grad · other / result")),
    "FloorBackward0": Rule(("self",), ("0",), "floor is flat wherever it has a slope"),
    "CeilBackward0": Rule(("self",), ("0",), "ceil is flat wherever it has a slope"),
    "RoundBackward0": Rule(("self",), ("0",), "round is flat wherever it has a slope"),
    "RoundBackward1": Rule(("self",), ("0",), "round is flat wherever it has a slope"),
    "TruncBackward0": Rule(("self",), ("0",), "trunc is flat wherever it has a slope"),
    "FracBackward0": Rule(("self",), ("grad",)),
    "FmodBackward0": Rule(("self",), ("grad",), "the divisor is a number"),
    "FmodBackward1": Rule(_BINARY, ("grad", "-grad · trunc(self / other)")),
    "RemainderBackward0": Rule(("self",), ("grad",), "the divisor is a number"),
    "RemainderBackward1": Rule(_BINARY, ("grad", "-grad · floor(self / other)")),
    "ClampMinBackward0": Rule(("self",), ("grad · (self ≥ min)",)),
    "ClampMaxBackward0": Rule(("self",), ("grad · (self ≤ max)",)),
    "ClampMinBackward1": Rule(("self", "min"), ("grad · (self ≥ min)", "grad · (self < min)")),
    "ClampMaxBackward1": Rule(("self", "max"), ("grad · (self ≤ max)", "grad · (self > max)")),
    "LerpBackward0": Rule(("self", "end"), ("grad · (1 - weight)", "grad · weight")),
    "LerpBackward1": Rule(
        ("self", "end", "weight"),
        ("grad · (1 - weight)", "grad · weight", "grad · (end - self)"),
    ),
    "NanToNumBackward0": Rule(("self",), ("grad · isfinite(self)",)),
    # reductions
    "SumBackward0": Rule(("self",), ("grad",), "copied into every entry of self"),
    "SumBackward1": Rule(("self",), ("grad",), "copied along the summed dimensions"),
    "MeanBackward0": Rule(("self",), ("grad / n",), "in every entry; n = number of entries"),
    "MeanBackward1": Rule(("self",), ("grad / n",), "copied along the averaged dimensions"),
    "MaxBackward1": Rule(("self",), ("grad at the largest entry",), "ties share it evenly"),
    "MinBackward1": Rule(("self",), ("grad at the smallest entry",), "ties share it evenly"),
    "MaxBackward0": Rule(("self",), ("grad at the chosen index, 0 elsewhere",)),
    "MinBackward0": Rule(("self",), ("grad at the chosen index, 0 elsewhere",)),
    "LinalgVectorNormBackward0": Rule(("self",), ("grad · self / result",)),
    "VarBackward0": Rule(("self",), ("grad · 2 · (self - mean(self)) / (n - correction)",)),
    "CumsumBackward0": Rule(("self",), ("grad summed from each place to the end",)),
    "ProdBackward0": Rule(("self",), ("grad · (the product of the others)",)),
    "ProdBackward1": Rule(("self",), ("grad · (the product of the others along dim)",)),
    "AmaxBackward0": Rule(("self",), ("grad where self = result, shared among ties",)),
    "IndexSelectBackward0": Rule(("self",), ("grad added back at the selected places",)),
    "GatherBackward0": Rule(("self",), ("grad added back at the gathered places",)),
    "AminBackward0": Rule(("self",), ("grad where self = result, shared among ties",)),
    "FlipBackward0": Rule(("self",), ("grad, flipped back",)),
    "MaskedFillBackward0": Rule(("self",), ("grad, 0 where the mask is set",)),
    "StdBackward0": Rule(
        ("self",), ("grad · (self - mean(self)) / ((n - correction) · result)",),
        "0 where result is 0",
    ),
    "LogsumexpBackward0": Rule(("self",), ("grad · exp(self - result)",), "the softmax of self"),
    "SoftmaxBackward0": Rule(("self",), ("result · (grad - sum(grad · result))",)),
    "LogSoftmaxBackward0": Rule(("self",), ("grad - exp(result) · sum(grad)",)),
    # linear algebra
    "MmBackward0": Rule(("self", "mat2"), ("grad @ transpose(mat2)", "transpose(self) @ grad")),
    "MatmulBackward0": Rule(_BINARY, ("grad @ transpose(other)", "transpose(self) @ grad")),
    "BmmBackward0": Rule(
        ("self", "mat2"),
        ("grad @ transpose(mat2)", "transpose(self) @ grad"),
        "one matrix product per batch entry",
    ),
    "MvBackward0": Rule(("self", "vec"), ("outer(grad, vec)", "transpose(self) @ grad")),
    "DotBackward0": Rule(("self", "tensor"), ("grad · tensor", "grad · self")),
    # shapes
    "ViewBackward0": Rule(("self",), ("grad, reshaped to the input's shape",)),
    "CloneBackward0": Rule(("self",), ("grad",)),
    "ExpandBackward0": Rule(("self",), ("grad, summed back to the input's shape",)),
    "TBackward0": Rule(("self",), ("transpose(grad)",)),
    "TransposeBackward0": Rule(("self",), ("grad, transposed back",)),
    "PermuteBackward0": Rule(("self",), ("grad, its axes put back in order",)),
    "SqueezeBackward0": Rule(("self",), ("grad, reshaped to the input's shape",)),
    "SqueezeBackward1": Rule(("self",), ("grad, reshaped to the input's shape",)),
    "UnsqueezeBackward0": Rule(("self",), ("grad, reshaped to the input's shape",)),
    "AliasBackward0": Rule(("self",), ("grad",)),
    "SelectBackward0": Rule(("self",), ("grad at the selected index, 0 elsewhere",)),
    "SliceBackward0": Rule(("self",), ("grad in the slice, 0 elsewhere",)),
    "IndexBackward0": Rule(("self",), ("grad added at the indexed places, 0 elsewhere",)),
    "IndexPutBackward0": Rule(
        ("self", "values"), ("grad, 0 where values were put", "grad at the places put")
    ),
    "CatBackward0": Rule(("tensors",), ("each its own slice of grad",)),
    # PyTorch computes these (floor_divide, number % tensor) but has no derivative for them
    "torch::autograd::NotImplemented": Rule(
        ("self", "other"), ("none: PyTorch defines no derivative here",), "backward raises"
    ),
    # several outputs: grad is one gradient per output (zeros for an output nothing used)
    "SplitBackward0": Rule(("self",), ("the outputs' gradients, side by side along dim",)),
    "SplitWithSizesBackward0": Rule(
        ("self",), ("the outputs' gradients, side by side along dim",)
    ),
    "UnbindBackward0": Rule(("self",), ("the outputs' gradients, stacked along dim",)),
    "StackBackward0": Rule(("tensors",), ("each its own layer of grad",)),
    "FillBackward2": Rule(("self",), ("0",), "the old values were overwritten"),
    "ZeroBackward0": Rule(("self",), ("0",), "the old values were overwritten"),
    "torch::autograd::CopySlices": Rule(
        ("self", "src"), ("grad, 0 where src was copied in", "grad at those places")
    ),
    "torch::autograd::CopyBackwards": Rule(
        ("self", "src"), ("0", "grad, summed back to src's shape")
    ),
    # moving, selecting and sorting
    "RollBackward0": Rule(("self",), ("grad, rolled back by -shifts",)),
    "RepeatBackward0": Rule(("self",), ("grad, summed over the repeated copies",)),
    "DiagonalBackward0": Rule(("self",), ("grad on the diagonal, 0 elsewhere",)),
    "DiagonalBackward0_copy": Rule(("self",), ("grad on the diagonal, 0 elsewhere",)),
    "DiagEmbedBackward0": Rule(("self",), ("the diagonal of grad",)),
    "TrilBackward0": Rule(("self",), ("grad in the lower triangle, 0 above",)),
    "TriuBackward0": Rule(("self",), ("grad in the upper triangle, 0 below",)),
    "SortBackward0": Rule(("self",), ("grad put back where each value came from",)),
    "TopkBackward0": Rule(("self",), ("grad at the k chosen entries, 0 elsewhere",)),
    "KthvalueBackward0": Rule(("self",), ("grad at the chosen index, 0 elsewhere",)),
    "MedianBackward0": Rule(("self",), ("grad at the median entry",), "ties share it evenly"),
    "MedianBackward1": Rule(("self",), ("grad at the chosen index, 0 elsewhere",)),
    "CumprodBackward0": Rule(
        ("self",), ("(grad · result summed from each place to the end) / self",),
        "exact at zeros: split at the first zero of each row",
    ),
    "AddmmBackward0": Rule(
        ("self", "mat1", "mat2"),
        ("grad, summed back to self's shape", "grad @ transpose(mat2)", "transpose(mat1) @ grad"),
    ),
}
# Elementwise rules: a gradient of another shape than grad was summed over broadcast dimensions.
_ELEMENTWISE = frozenset(
    f"{op}Backward0"
    for op in (
        "Add",
        "Sub",
        "Mul",
        "Div",
        "Neg",
        "Pow",
        "Exp",
        "Log",
        "Sqrt",
        "Abs",
        "Sin",
        "Cos",
        "Tanh",
        "Sigmoid",
        "Relu",
        "Maximum",
        "Minimum",
        "Where",
    )
) | {"RsubBackward1", "PowBackward1", "PowBackward2"}
# (logs, powers, trigonometry, rounding, limits: the ones of two tensors, which broadcast)
_ELEMENTWISE |= {
    "Atan2Backward0",
    "HypotBackward0",
    "FmodBackward1",
    "RemainderBackward1",
    "ClampMinBackward1",
    "ClampMaxBackward1",
    "LerpBackward0",
    "LerpBackward1",
}
_SYMBOL = re.compile(
    r"\b(grad|self|other|result|exponent|mat2|tensor|n|negative_slope|beta|threshold|delta|eps)\b"
)


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
    grad: np.ndarray | str,
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
    values["grad"] = grad if isinstance(grad, str) else one_line(grad)
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
        if op in _ELEMENTWISE and not isinstance(grad, str) and result.shape != grad.shape:
            line += f"  (summed back to shape {shape_text(result.shape)})"
        lines.append(f"{line}   → {target}" if target else line)
    return lines
