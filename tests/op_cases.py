"""One shared table of operation test cases, run by every op test (minitorch style).

Each case is a function of tensors, `fn(M, *xs)`, where `M` is the library (`visgrad` or
`torch`): the same code runs in both, so `test_op_gradients.py` checks its gradients against
finite differences and `test_torch_oracle.py` checks everything against PyTorch.

Each input has a shape and a `Domain`: where its values may lie so the function is smooth
there (log and sqrt positive, nothing near the kinks of abs, relu and clamp, no ties for max).
A domain maps uniform numbers in [0, 1) to values, so hypothesis and a seeded NumPy generator
can both feed it.

Constant tensors made inside a case (index lists, masks, conditions, weights) use `x.dtype`
so that a case runs in float32 and float64 alike. Cases never change their inputs: in-place
cases first make a non-leaf copy (`y = x * 1`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

Shape = tuple[int, ...]


# --- where input values may lie -------------------------------------------------------------
@dataclass(frozen=True)
class Domain:
    """A union of open intervals (equal shares of [0, 1) go to each), or, when `distinct`,
    values at least 0.2 apart from each other (no ties, so max/min have one winner)."""

    intervals: tuple[tuple[float, float], ...]
    distinct: bool = False

    def map(self, u: np.ndarray) -> np.ndarray:
        """Uniform numbers in [0, 1) to values of this domain (same shape)."""
        u = np.asarray(u, dtype=np.float64)
        if self.distinct:
            flat = u.reshape(-1)
            ranks = np.argsort(np.argsort(flat, kind="stable"), kind="stable")
            values = (ranks - (flat.size - 1) / 2) * 0.3 + 0.1 * flat
            return values.reshape(u.shape)
        count = len(self.intervals)
        scaled = u * count
        which = np.minimum(scaled.astype(np.int64), count - 1)
        fraction = scaled - which
        low = np.array([lo for lo, _ in self.intervals])[which]
        high = np.array([hi for _, hi in self.intervals])[which]
        return np.array(low + fraction * (high - low), dtype=np.float64)


REAL = Domain(((-2.0, 2.0),))
POSITIVE = Domain(((0.5, 3.0),))
AWAY_FROM_0 = Domain(((-2.0, -0.2), (0.2, 2.0)))  # abs, relu, sign-dependent masks
CLAMP_BOUNDS = (-0.5, 0.5)
AWAY_FROM_BOUNDS = Domain(((-2.0, -0.7), (-0.3, 0.3), (0.7, 2.0)))  # clamp at ±0.5
LOW = Domain(((0.1, 0.9),))  # maximum/minimum: one side in (0.1, 0.9) ...
LOW_OR_HIGH = Domain(((-1.0, -0.1), (1.1, 2.0)))  # ... the other below or above it, never tied
DISTINCT = Domain((), distinct=True)


@dataclass(frozen=True)
class Arg:
    """One tensor input of a case."""

    shape: Shape
    domain: Domain = REAL


@dataclass(frozen=True)
class OpCase:
    """`fn(M, *tensors)` -> one tensor; `second_order`: also check gradients of gradients."""

    name: str
    fn: Callable[..., Any]
    args: tuple[Arg, ...]
    second_order: bool = False

    def __repr__(self) -> str:
        return self.name


CASES: list[OpCase] = []


def case(name: str, fn: Callable[..., Any], *args: Shape | Arg, second_order: bool = False) -> None:
    """Add a case; a bare shape means an input with values in REAL."""
    specs = tuple(a if isinstance(a, Arg) else Arg(a) for a in args)
    assert name not in {c.name for c in CASES}, f"duplicate case name {name}"
    CASES.append(OpCase(name, fn, specs, second_order))


# --- values for a case --------------------------------------------------------------------------
def sample_inputs(op: OpCase, rng: np.random.Generator) -> list[np.ndarray]:
    """float64 input values for `op` from a seeded generator."""
    return [arg.domain.map(rng.random(arg.shape)) for arg in op.args]


def inputs_strategy(op: OpCase) -> st.SearchStrategy[list[np.ndarray]]:
    """hypothesis: float64 input values for `op`, each inside its domain."""
    unit = st.floats(0.0, 1.0, exclude_max=True, allow_subnormal=False)
    parts = [hnp.arrays(np.float64, arg.shape, elements=unit) for arg in op.args]
    return st.tuples(*parts).map(
        lambda us: [arg.domain.map(u) for arg, u in zip(op.args, us)]
    )


# --- arithmetic: tensor with tensor, broadcasting -------------------------------------------------
BROADCAST_PAIRS: list[tuple[Shape, Shape]] = [
    ((3,), (3,)),
    ((2, 3), (2, 3)),
    ((3, 1), (2, 3, 4)),
    ((), (2, 2)),
    ((2, 3), ()),
    ((2, 1, 4), (3, 1)),
    ((1, 3), (2, 1)),
]


def _shape_id(a: Shape, b: Shape) -> str:
    def text(s: Shape) -> str:
        return "x".join(map(str, s)) if s else "0d"

    return f"{text(a)}_{text(b)}"


for _a, _b in BROADCAST_PAIRS:
    _sid = _shape_id(_a, _b)
    case(f"add_{_sid}", lambda M, x, y: x + y, _a, _b)
    case(f"sub_{_sid}", lambda M, x, y: x - y, _a, _b)
    case(f"mul_{_sid}", lambda M, x, y: x * y, _a, _b, second_order=_a == (3, 1))
    case(f"div_{_sid}", lambda M, x, y: x / y, _a, Arg(_b, POSITIVE), second_order=_a == (3, 1))
    # exponents away from 0: there PyTorch (and so visgrad) pins ∂(aᵇ)/∂a to 0, a point where
    # the second derivative in b jumps (see test_power_of_zero_base_with_tensor_exponent)
    case(f"pow_tt_{_sid}", lambda M, x, y: x**y, Arg(_a, POSITIVE), Arg(_b, AWAY_FROM_0),
         second_order=_a == (3, 1))

case("add_alpha", lambda M, x, y: x.add(y, alpha=2.5), (2, 3), (3,))
case("sub_alpha", lambda M, x, y: M.sub(x, y, alpha=-2), (2, 3), (2, 1), second_order=True)
case("mul_fn", lambda M, x, y: M.mul(x, y), (2, 3), (3,))
case("div_fn", lambda M, x, y: M.div(x, y), (2, 3), Arg((2, 1), POSITIVE), second_order=True)
case("pow_fn_tt", lambda M, x, y: M.pow(x, y), Arg((3,), POSITIVE), (3,))
case("mul_same_tensor", lambda M, x: x * x, (2, 3), second_order=True)
case("mul_constant_tensor", lambda M, x: x * M.tensor([1.0, -2.0, 3.0], dtype=x.dtype), (2, 3))
case("add_constant_tensor", lambda M, x: M.tensor([[1.0], [2.0]], dtype=x.dtype) + x, (2, 3))

# --- arithmetic: a Python number on either side ---------------------------------------------------
case("add_number", lambda M, x: x + 2, (2, 3))
case("radd_number", lambda M, x: 2.5 + x, (2, 3))
case("sub_number", lambda M, x: x - 2.5, (2, 3))
case("rsub_number", lambda M, x: 2 - x, (2, 3))
case("mul_number", lambda M, x: x * 3, (2, 3))
case("rmul_number", lambda M, x: 0.5 * x, (2, 3))
case("div_number", lambda M, x: x / 4, (2, 3))
case("rdiv_number", lambda M, x: 2 / x, Arg((2, 3), POSITIVE), second_order=True)
case("rdiv_number_0d", lambda M, x: 2.5 / x, Arg((), POSITIVE))
case("mul_number_0d", lambda M, x: x * 2.5, ())
case("pow_2", lambda M, x: x**2, (2, 3), second_order=True)
case("pow_3", lambda M, x: x**3, (2, 3), second_order=True)
case("pow_0", lambda M, x: x**0, (2, 3))
case("pow_1", lambda M, x: x**1, (2, 3))
case("pow_half", lambda M, x: x**0.5, Arg((2, 3), POSITIVE), second_order=True)
case("pow_negative", lambda M, x: x**-1.5, Arg((2, 3), POSITIVE))
case("pow_fn_number", lambda M, x: M.pow(x, 2), (3,))
case("rpow_int", lambda M, x: 2**x, (2, 3), second_order=True)
case("rpow_float", lambda M, x: 0.5**x, (2, 3))
case("rpow_fn", lambda M, x: M.pow(3, x), (3,))
case("neg", lambda M, x: -x, (2, 3))
case("neg_method", lambda M, x: x.neg(), (2, 3))

# --- functions of one tensor ----------------------------------------------------------------------
case("exp", lambda M, x: x.exp(), (2, 3), second_order=True)
case("exp_fn_0d", lambda M, x: M.exp(x), ())
case("log", lambda M, x: x.log(), Arg((2, 3), POSITIVE), second_order=True)
case("sqrt", lambda M, x: x.sqrt(), Arg((2, 3), POSITIVE), second_order=True)
case("abs", lambda M, x: x.abs(), Arg((2, 3), AWAY_FROM_0), second_order=True)
case("abs_builtin", lambda M, x: abs(x), Arg((4,), AWAY_FROM_0))
case("abs_0d", lambda M, x: x.abs(), Arg((), AWAY_FROM_0))
case("sign_0d", lambda M, x: x.sign() * x, Arg((), AWAY_FROM_0))
case("sin", lambda M, x: x.sin(), (2, 3), second_order=True)
case("cos", lambda M, x: M.cos(x), (2, 3), second_order=True)
case("tanh", lambda M, x: x.tanh(), (2, 3), second_order=True)
case("sigmoid", lambda M, x: x.sigmoid(), (2, 3), second_order=True)
case("sigmoid_fn", lambda M, x: M.sigmoid(x * 10), (5,))
case("relu", lambda M, x: x.relu(), Arg((2, 3), AWAY_FROM_0), second_order=True)
case("sign", lambda M, x: x.sign() * x, Arg((2, 3), AWAY_FROM_0))
case("relu_fn", lambda M, x: M.relu(x), Arg((5,), AWAY_FROM_0))
case("leaky_relu", lambda M, x: M.nn.functional.leaky_relu(x), Arg((2, 3), AWAY_FROM_0))
case("flip", lambda M, x: x.flip(0), (2, 3), second_order=True)
case("flip_dims", lambda M, x: M.flip(x, (0, -1)), (2, 3, 2))
case("flip_varargs", lambda M, x: x.flip(1, 0) * x, (2, 3))
case("cumsum", lambda M, x: x.cumsum(1), (2, 4), second_order=True)
case("cumsum_fn_0", lambda M, x: M.cumsum(x, 0) * x, (3, 2))
case("cumsum_0d", lambda M, x: x.cumsum(0), ())
case("masked_fill", lambda M, x: x.masked_fill(x > 0, 0.5), Arg((2, 3), AWAY_FROM_0),
     second_order=True)
case("masked_fill_broadcast", lambda M, x: M.masked_fill(x, M.tensor([True, False, True]), -1.0),
     (2, 3))
case("masked_fill_broadcast_input", lambda M, x: x.masked_fill(M.eye(3) > 0, 2.0), (3,))
case("prod", lambda M, x: x.prod(), Arg((2, 3), AWAY_FROM_0), second_order=True)
case("prod_dim", lambda M, x: x.prod(1), Arg((2, 3), AWAY_FROM_0), second_order=True)
case("prod_dim_keepdim", lambda M, x: M.prod(x, 0, keepdim=True), Arg((3, 2), AWAY_FROM_0))
case("amax", lambda M, x: x.amax(), Arg((2, 3), DISTINCT))
case("amax_dim", lambda M, x: x.amax(1), Arg((2, 3), DISTINCT), second_order=True)
case("amax_dims_keepdim", lambda M, x: M.amax(x, (0, 2), keepdim=True), Arg((2, 3, 2), DISTINCT))
case("amax_ties", lambda M, x: M.amax(M.cat([x, x], 1), 1) * 1.0, Arg((2, 2), DISTINCT))
case("amin_dim", lambda M, x: x.amin(0), Arg((3, 2), DISTINCT))
case("outer", lambda M, x, y: M.outer(x, y), (2,), (3,), second_order=True)
case("outer_method", lambda M, x, y: x.outer(y) * 2, (3,), (3,))
case("index_select", lambda M, x: x.index_select(1, M.tensor([2, 0, 2])), (2, 3),
     second_order=True)
case("index_select_fn_0", lambda M, x: M.index_select(x, 0, M.tensor([1, 1])) * x[:1], (3, 2))
case("gather", lambda M, x: x.gather(1, M.tensor([[0, 0], [2, 1]])), (2, 3), second_order=True)
case("gather_dim0", lambda M, x: M.gather(x, 0, M.tensor([[1, 0, 1]])), (2, 3))
case("leaky_relu_slope", lambda M, x: M.nn.functional.leaky_relu(x, 0.2), Arg((4,), AWAY_FROM_0))
case("clamp_min", lambda M, x: x.clamp(min=CLAMP_BOUNDS[0]), Arg((2, 4), AWAY_FROM_BOUNDS))
case("clamp_max", lambda M, x: x.clamp(max=CLAMP_BOUNDS[1]), Arg((2, 4), AWAY_FROM_BOUNDS))
case("clamp_both", lambda M, x: x.clamp(*CLAMP_BOUNDS), Arg((2, 4), AWAY_FROM_BOUNDS),
     second_order=True)
case("clamp_fn", lambda M, x: M.clamp(x, min=-0.5, max=0.5), Arg((2, 4), AWAY_FROM_BOUNDS))
case("clip", lambda M, x: x.clip(-0.5, 0.5), Arg((2, 4), AWAY_FROM_BOUNDS))

# --- logs, powers, trigonometry, rounding, limits -------------------------------------------------
ABOVE_MINUS_1 = Domain(((-0.8, 2.0),))  # log1p
INSIDE_1 = Domain(((-0.9, 0.9),))  # asin, acos
TAN_RANGE = Domain(((-1.2, 1.2),))  # away from tan's poles at ±π/2
BETWEEN_INTEGERS = Domain(((-1.9, -1.1), (-0.9, -0.1), (0.1, 0.9), (1.1, 1.9)))  # floor, frac
BETWEEN_HALVES = Domain(((-1.4, -0.6), (-0.4, 0.4), (0.6, 1.4)))  # round
BETWEEN_TENTHS = Domain(((-0.64, -0.56), (0.21, 0.24)))  # round(decimals=1), jumps at .x5
AWAY_FROM_MULTIPLES = Domain(((-1.4, -0.1), (0.1, 1.4), (1.6, 2.0)))  # fmod/remainder by 1.5
NUMERATORS = Domain(((-2.4, -2.1), (2.1, 2.4)))  # a / b between 2.1 and 2.67 in size:
DIVISORS = Domain(((-1.0, -0.9), (0.9, 1.0)))  # far from a jump of fmod or remainder


def _with_non_finite(M: Any, x: Any) -> Any:
    """x with NaN, +inf and -inf after it (constants: no gradient flows to them)."""
    return M.cat([x, M.tensor([float("nan"), float("inf"), -float("inf")], dtype=x.dtype)])


case("absolute", lambda M, x: x.absolute(), Arg((2, 3), AWAY_FROM_0))
case("absolute_fn", lambda M, x: M.absolute(x), Arg((3,), AWAY_FROM_0))
case("square", lambda M, x: x.square(), (2, 3), second_order=True)
case("square_fn", lambda M, x: M.square(x), ())
case("reciprocal", lambda M, x: x.reciprocal(), Arg((2, 3), AWAY_FROM_0), second_order=True)
case("reciprocal_fn", lambda M, x: M.reciprocal(x), Arg((3,), POSITIVE))
case("rsqrt", lambda M, x: x.rsqrt(), Arg((2, 3), POSITIVE), second_order=True)
case("rsqrt_fn_0d", lambda M, x: M.rsqrt(x), Arg((), POSITIVE))
case("log1p", lambda M, x: x.log1p(), Arg((2, 3), ABOVE_MINUS_1), second_order=True)
case("log1p_fn", lambda M, x: M.log1p(x), Arg((3,), ABOVE_MINUS_1))
case("log2", lambda M, x: x.log2(), Arg((2, 3), POSITIVE), second_order=True)
case("log2_fn", lambda M, x: M.log2(x), Arg((3,), POSITIVE))
case("log10", lambda M, x: x.log10(), Arg((2, 3), POSITIVE), second_order=True)
case("log10_fn", lambda M, x: M.log10(x), Arg((), POSITIVE))
case("expm1", lambda M, x: x.expm1(), (2, 3), second_order=True)
case("expm1_fn", lambda M, x: M.expm1(x), (3,))
case("exp2", lambda M, x: x.exp2(), (2, 3), second_order=True)
case("exp2_fn", lambda M, x: M.exp2(x), (3,))
case("tan", lambda M, x: x.tan(), Arg((2, 3), TAN_RANGE), second_order=True)
case("tan_fn", lambda M, x: M.tan(x), Arg((3,), TAN_RANGE))
case("asin", lambda M, x: x.asin(), Arg((2, 3), INSIDE_1), second_order=True)
case("asin_fn", lambda M, x: M.asin(x), Arg((3,), INSIDE_1))
case("acos", lambda M, x: x.acos(), Arg((2, 3), INSIDE_1), second_order=True)
case("acos_fn", lambda M, x: M.acos(x), Arg((), INSIDE_1))
case("atan", lambda M, x: x.atan(), (2, 3), second_order=True)
case("atan_fn", lambda M, x: M.atan(x * 3), (3,))
case("sinh", lambda M, x: x.sinh(), (2, 3), second_order=True)
case("sinh_fn", lambda M, x: M.sinh(x), (3,))
case("cosh", lambda M, x: x.cosh(), (2, 3), second_order=True)
case("cosh_fn", lambda M, x: M.cosh(x), (3,))
case("erf", lambda M, x: x.erf(), (2, 3), second_order=True)
case("erf_fn", lambda M, x: M.erf(x * 2), (4,))
# atan2 jumps by 2π across the negative x-axis (other < 0, self = 0): self stays away from 0
case("atan2", lambda M, y, x: y.atan2(x), Arg((2, 3), AWAY_FROM_0), (2, 3), second_order=True)
case("atan2_broadcast", lambda M, y, x: M.atan2(y, x), Arg((2, 1), AWAY_FROM_0), (3,),
     second_order=True)
case("atan2_constant_other", lambda M, y: M.atan2(y, M.tensor([1.0, -2.0, 0.5], dtype=y.dtype)),
     Arg((2, 3), AWAY_FROM_0))
case("hypot", lambda M, x, y: x.hypot(y), Arg((2, 3), AWAY_FROM_0), (2, 3), second_order=True)
case("hypot_broadcast", lambda M, x, y: M.hypot(x, y), Arg((3,), AWAY_FROM_0), (2, 1))
case("floor", lambda M, x: x.floor() * x, Arg((2, 3), BETWEEN_INTEGERS))
case("floor_fn", lambda M, x: M.floor(x), Arg((3,), BETWEEN_INTEGERS))
case("ceil", lambda M, x: x.ceil() * x, Arg((2, 3), BETWEEN_INTEGERS))
case("ceil_fn", lambda M, x: M.ceil(x), Arg((3,), BETWEEN_INTEGERS))
case("trunc", lambda M, x: x.trunc() * x, Arg((2, 3), BETWEEN_INTEGERS))
case("trunc_fn", lambda M, x: M.trunc(x), Arg((3,), BETWEEN_INTEGERS))
case("round", lambda M, x: x.round() * x, Arg((2, 3), BETWEEN_HALVES))
case("round_fn", lambda M, x: M.round(x), Arg((3,), BETWEEN_HALVES))
case("round_decimals", lambda M, x: x.round(decimals=1) * x, Arg((2, 3), BETWEEN_TENTHS))
case("round_decimals_negative", lambda M, x: M.round(x * 10, decimals=-1), (3,))
case("round_decimals_0", lambda M, x: x.round(decimals=0), Arg((3,), BETWEEN_HALVES))
case("frac", lambda M, x: x.frac(), Arg((2, 3), BETWEEN_INTEGERS), second_order=True)
case("frac_fn", lambda M, x: M.frac(x * 2), Arg((3,), BETWEEN_INTEGERS))
case("fmod_number", lambda M, x: x.fmod(1.5), Arg((2, 3), AWAY_FROM_MULTIPLES))
case("fmod_fn_number", lambda M, x: M.fmod(x, -1.5) * x, Arg((2, 3), AWAY_FROM_MULTIPLES))
case("fmod_tensor", lambda M, x, y: x.fmod(y), Arg((2, 3), NUMERATORS), Arg((2, 3), DIVISORS),
     second_order=True)
case("fmod_broadcast", lambda M, x, y: M.fmod(x, y), Arg((2, 3), NUMERATORS), Arg((3,), DIVISORS))
case("remainder_number", lambda M, x: x.remainder(1.5), Arg((2, 3), AWAY_FROM_MULTIPLES))
case("remainder_fn_number", lambda M, x: M.remainder(x, -1.5), Arg((2, 3), AWAY_FROM_MULTIPLES))
case("remainder_tensor", lambda M, x, y: x.remainder(y), Arg((2, 3), NUMERATORS),
     Arg((2, 3), DIVISORS), second_order=True)
case("remainder_broadcast", lambda M, x, y: M.remainder(x, y), Arg((2, 1), NUMERATORS),
     Arg((3,), DIVISORS))
case("clamp_min_method", lambda M, x: x.clamp_min(-0.5), Arg((2, 4), AWAY_FROM_BOUNDS),
     second_order=True)
case("clamp_min_fn", lambda M, x: M.clamp_min(x, 0.5), Arg((2, 4), AWAY_FROM_BOUNDS))
case("clamp_max_method", lambda M, x: x.clamp_max(0.5), Arg((2, 4), AWAY_FROM_BOUNDS),
     second_order=True)
case("clamp_max_fn", lambda M, x: M.clamp_max(x, -0.5), Arg((2, 4), AWAY_FROM_BOUNDS))
case("clamp_min_tensor", lambda M, x, m: x.clamp_min(m), Arg((2, 3), LOW), Arg((3,), LOW_OR_HIGH),
     second_order=True)
case("clamp_max_tensor_fn", lambda M, x, m: M.clamp_max(x, m), Arg((2, 1), LOW),
     Arg((3,), LOW_OR_HIGH))
case("clamp_min_constant_tensor",
     lambda M, x: x.clamp_min(M.tensor([0.0, 1.0, -1.0], dtype=x.dtype)), Arg((2, 3), LOW))
case("nan_to_num", lambda M, x: x.nan_to_num(), (2, 3), second_order=True)
case("nan_to_num_special", lambda M, x: _with_non_finite(M, x).nan_to_num(0.5, 3.0, -4.0), (3,),
     second_order=True)
case("nan_to_num_fn",
     lambda M, x: M.nan_to_num(_with_non_finite(M, x), nan=1.0, posinf=2.0, neginf=-2.0), (2,))
case("lerp", lambda M, x, y: x.lerp(y, 0.3), (2, 3), (2, 3), second_order=True)
case("lerp_high_weight", lambda M, x, y: M.lerp(x, y, 0.7), (2, 3), (3,))
case("lerp_tensor_weight", lambda M, x, y, w: x.lerp(y, w), (2, 3), (2, 3), (3,),
     second_order=True)
case("lerp_constant_weight",
     lambda M, x, y: M.lerp(x, y, M.tensor([0.2, 0.8, 0.5], dtype=x.dtype)), (3,), (2, 3))

# --- choosing between tensors ---------------------------------------------------------------------
case("maximum", lambda M, x, y: M.maximum(x, y), Arg((2, 3), LOW), Arg((2, 3), LOW_OR_HIGH),
     second_order=True)
case("maximum_broadcast", lambda M, x, y: x.maximum(y), Arg((2, 3), LOW), Arg((3,), LOW_OR_HIGH))
case("minimum", lambda M, x, y: M.minimum(x, y), Arg((2, 3), LOW_OR_HIGH), Arg((2, 3), LOW))
case("minimum_broadcast", lambda M, x, y: y.minimum(x), Arg((2, 1), LOW), Arg((3,), LOW_OR_HIGH))
case("max_binary", lambda M, x, y: M.max(x, y), Arg((3,), LOW), Arg((3,), LOW_OR_HIGH))


def _condition(M: Any) -> Any:
    return M.tensor([[True, False, True], [False, False, True]])


case("where", lambda M, x, y: M.where(_condition(M), x, y), (2, 3), (2, 3))
case("where_broadcast", lambda M, x, y: M.where(_condition(M), x, y), (2, 1), (3,),
     second_order=True)
case("where_number", lambda M, x: M.where(_condition(M), x, 0.0), (2, 3), second_order=True)
case("where_number_first", lambda M, x: M.where(_condition(M), 1.5, x), (3,))
case("where_from_values", lambda M, x: M.where(x > 0, x, x * 0.1), Arg((2, 3), AWAY_FROM_0))

# --- reductions -----------------------------------------------------------------------------------
case("sum", lambda M, x: x.sum(), (2, 3), second_order=True)
case("sum_0d", lambda M, x: x.sum(), ())
case("sum_dim", lambda M, x: x.sum(1), (2, 3))
case("sum_dim_negative", lambda M, x: x.sum(dim=-1), (2, 3, 2))
case("sum_dims", lambda M, x: x.sum((0, 2)), (2, 3, 2))
case("sum_keepdim", lambda M, x: x.sum(dim=1, keepdim=True), (2, 3, 2))
case("sum_dims_keepdim", lambda M, x: M.sum(x, (0, -1), keepdim=True), (2, 3, 2))
case("mean", lambda M, x: x.mean(), (2, 3), second_order=True)
case("mean_dim", lambda M, x: x.mean(0), (2, 3))
case("mean_dims", lambda M, x: x.mean(dim=(1, 2)), (2, 3, 2))
case("mean_keepdim", lambda M, x: M.mean(x, -1, keepdim=True), (2, 3))
case("max_all", lambda M, x: x.max(), Arg((2, 3), DISTINCT))
case("max_dim", lambda M, x: x.max(dim=1).values, Arg((2, 3), DISTINCT), second_order=True)
case("max_dim_keepdim", lambda M, x: x.max(0, keepdim=True)[0], Arg((2, 3), DISTINCT))
case("max_fn_dim", lambda M, x: M.max(x, -1).values, Arg((3, 2), DISTINCT))
case("min_all", lambda M, x: M.min(x), Arg((2, 3), DISTINCT))
case("min_dim", lambda M, x: x.min(dim=0).values, Arg((2, 3), DISTINCT))
case("min_dim_keepdim", lambda M, x: x.min(1, keepdim=True).values, Arg((2, 3), DISTINCT))
case("norm", lambda M, x: x.norm(), (2, 3))
case("norm_dim", lambda M, x: x.norm(dim=1), (2, 3), second_order=True)
case("norm_dim_keepdim", lambda M, x: M.norm(x, dim=0, keepdim=True), (2, 3))
# (+ 2: distinct values, and distinct magnitudes too, so that one of them is the largest)
case("sum_in_float64", lambda M, x: x.sum(dtype=M.float64), (2, 3))
case("sum_dim_in_float64", lambda M, x: M.sum(x, -1, dtype=M.float64), (2, 3, 4))
case("norm_inf_dim", lambda M, x: (x + 2).norm(float("inf"), dim=1), Arg((2, 3), DISTINCT))
case("norm_minus_inf", lambda M, x: M.norm(x + 2, float("-inf")), Arg((2, 3), DISTINCT))
case("norm_1_dim", lambda M, x: x.norm(1, dim=-1), Arg((2, 3), AWAY_FROM_0))
case("var", lambda M, x: x.var(), (2, 3))
case("var_dim", lambda M, x: x.var(1), (2, 3), second_order=True)
case("var_biased", lambda M, x: x.var(dim=0, unbiased=False), (3, 2))
case("var_correction", lambda M, x: x.var(dim=1, correction=0, keepdim=True), (2, 4))
case("var_dims", lambda M, x: M.var(x, (0, 2)), (2, 2, 3))
case("std", lambda M, x: x.std(), Arg((2, 3), DISTINCT))
case("std_dim", lambda M, x: x.std(0), Arg((3, 2), DISTINCT), second_order=True)
case("std_biased", lambda M, x: x.std(1, unbiased=False), Arg((2, 3), DISTINCT))
case("std_correction", lambda M, x: M.std(x, dim=1, correction=2), Arg((2, 4), DISTINCT))
case("logsumexp", lambda M, x: x.logsumexp(1), (2, 3), second_order=True)
case("logsumexp_keepdim", lambda M, x: M.logsumexp(x, dim=0, keepdim=True), (2, 3))
case("logsumexp_dims", lambda M, x: x.logsumexp((0, 1)), (2, 3))
case("softmax", lambda M, x: x.softmax(1), (2, 3), second_order=True)
case("softmax_dim0", lambda M, x: M.softmax(x, dim=0), (2, 3))
case("softmax_1d", lambda M, x: x.softmax(-1), (4,))
case("log_softmax", lambda M, x: x.log_softmax(dim=-1), (2, 3), second_order=True)
case("log_softmax_fn", lambda M, x: M.log_softmax(x, 0), (3, 2))

# --- linear algebra -------------------------------------------------------------------------------
case("matmul_1d_1d", lambda M, x, y: x @ y, (4,), (4,))
case("matmul_2d_2d", lambda M, x, y: x @ y, (2, 3), (3, 4), second_order=True)
case("matmul_1d_2d", lambda M, x, y: x @ y, (3,), (3, 4), second_order=True)
case("matmul_2d_1d", lambda M, x, y: x @ y, (2, 3), (3,), second_order=True)
case("matmul_3d_3d", lambda M, x, y: x @ y, (2, 2, 3), (2, 3, 4), second_order=True)
case("matmul_3d_2d", lambda M, x, y: M.matmul(x, y), (2, 2, 3), (3, 4))
case("matmul_2d_3d", lambda M, x, y: x.matmul(y), (2, 3), (2, 3, 2))
case("matmul_3d_1d", lambda M, x, y: x @ y, (2, 2, 3), (3,))
case("matmul_1d_3d", lambda M, x, y: x @ y, (3,), (2, 3, 2))
case("matmul_4d_3d", lambda M, x, y: x @ y, (2, 1, 2, 3), (3, 3, 2))
case("matmul_same_tensor", lambda M, x: x @ x.t(), (2, 3))
case("mm", lambda M, x, y: x.mm(y), (2, 3), (3, 2))
case("mm_fn", lambda M, x, y: M.mm(x, y), (1, 3), (3, 1))
case("dot", lambda M, x, y: x.dot(y), (3,), (3,), second_order=True)
case("dot_fn", lambda M, x, y: M.dot(x, y), (5,), (5,))
case("bmm", lambda M, x, y: x.bmm(y), (2, 2, 3), (2, 3, 2), second_order=True)
case("bmm_fn", lambda M, x, y: M.bmm(x, y), (3, 1, 2), (3, 2, 2))

# --- shapes ---------------------------------------------------------------------------------------
case("reshape", lambda M, x: x.reshape(4, 3), (3, 4))
case("reshape_tuple_inferred", lambda M, x: x.reshape((-1, 2)), (3, 4))
case("reshape_fn", lambda M, x: M.reshape(x, (12,)), (3, 4))
case("reshape_0d", lambda M, x: x.reshape(1, 1), ())
case("view", lambda M, x: x.view(2, 6), (3, 4))
case("view_inferred", lambda M, x: x.view(-1), (3, 4))
case("view_as", lambda M, x, y: x.view_as(y), (2, 3), (3, 2))
case("flatten", lambda M, x: x.flatten(), (2, 3, 2))
case("flatten_start", lambda M, x: M.flatten(x, 1), (2, 3, 2))
case("transpose", lambda M, x: x.transpose(0, 2), (2, 3, 2), second_order=True)
case("transpose_negative", lambda M, x: M.transpose(x, -1, -2), (2, 3))
case("permute", lambda M, x: x.permute(2, 0, 1), (2, 3, 2))
case("permute_tuple", lambda M, x: x.permute((1, 0)), (2, 3))
case("t", lambda M, x: x.t(), (2, 3))
case("t_1d", lambda M, x: x.t(), (3,))
case("T", lambda M, x: x.T, (2, 3))
case("mT", lambda M, x: x.mT, (2, 2, 3))
case("squeeze", lambda M, x: x.squeeze(), (1, 3, 1, 2))
case("squeeze_dim", lambda M, x: x.squeeze(0), (1, 3, 1, 2))
case("squeeze_dim_not_one", lambda M, x: x.squeeze(1), (1, 3, 1, 2))
case("squeeze_fn", lambda M, x: M.squeeze(x, -2), (1, 3, 1, 2))
case("unsqueeze", lambda M, x: x.unsqueeze(1), (2, 3))
case("unsqueeze_negative", lambda M, x: M.unsqueeze(x, -1), (2, 3))
case("unsqueeze_0d", lambda M, x: x.unsqueeze(0), ())
case("expand", lambda M, x: x.expand(2, 3, 4), (3, 1), second_order=True)
case("expand_keep", lambda M, x: x.expand(-1, 4), (3, 1))
case("expand_0d", lambda M, x: x.expand(2, 2), ())
case("expand_as", lambda M, x, y: x.expand_as(y), (1, 3), (2, 3))
case("clone", lambda M, x: x.clone(), (2, 3))
case("clone_fn", lambda M, x: M.clone(x), ())

# --- indexing -------------------------------------------------------------------------------------
case("index_int", lambda M, x: x[1], (3, 4), second_order=True)
case("index_negative_int", lambda M, x: x[-1], (3, 4))
case("index_int_int", lambda M, x: x[1, 2], (3, 4))
case("index_int_chain", lambda M, x: x[2][0], (3, 4))
case("index_slice", lambda M, x: x[1:3], (3, 4))
case("index_slice_step", lambda M, x: x[::2], (5, 2))
case("index_column", lambda M, x: x[:, 1], (3, 4))
case("index_int_slice", lambda M, x: x[0, 1:], (3, 4))
case("index_none", lambda M, x: x[None], (3, 4))
case("index_ellipsis", lambda M, x: x[..., 1], (2, 3, 4))
case("index_none_ellipsis", lambda M, x: x[None, ..., 0], (2, 3))
case("index_ellipsis_only", lambda M, x: x[...], (2, 3))
case("index_whole_slice", lambda M, x: x[:], (2, 3))
case("index_whole_slices", lambda M, x: x[:, :], (2, 3))
case("index_slice_then_int", lambda M, x: x[1:, 0], (3, 4), second_order=True)
case("index_int_then_list", lambda M, x: x[0, [2, 0]], (3, 4))
case("index_slice_then_list", lambda M, x: x[1:, [1, 1]], (3, 4))
case("index_list_repeats", lambda M, x: x[[0, 2, 0]], (3, 4), second_order=True)
case("index_tensor_repeats", lambda M, x: x[M.tensor([2, 2, 0, 1])], (3, 2))
case("index_two_lists", lambda M, x: x[[0, 1, 1], [2, 0, 2]], (3, 4))
case("index_slice_list", lambda M, x: x[:, [2, 0, 2]], (3, 4))
case("index_0d_tensor", lambda M, x: x[M.tensor(1)], (3, 4))
case("index_bool_mask", lambda M, x: x[M.tensor([True, False, True])], (3, 2), second_order=True)
case("index_bool_mask_2d", lambda M, x: x[_condition(M)], (2, 3))
case("index_mask_from_values", lambda M, x: x[x > 0], Arg((3, 3), AWAY_FROM_0))

# --- joining --------------------------------------------------------------------------------------
case("cat", lambda M, x, y: M.cat([x, y]), (2, 3), (1, 3), second_order=True)
case("cat_dim1", lambda M, x, y: M.cat((x, y), dim=1), (2, 3), (2, 1))
case("cat_negative_dim", lambda M, x, y, z: M.cat([x, y, z], -1), (2, 1), (2, 2), (2, 1))
case("cat_same_tensor", lambda M, x: M.cat([x, x, x]), (2,))
case("stack", lambda M, x, y: M.stack([x, y]), (2, 3), (2, 3))
case("stack_dim1", lambda M, x, y: M.stack((x, y), dim=1), (2, 3), (2, 3), second_order=True)
case("stack_last", lambda M, x, y, z: M.stack([x, y, z], -1), (3,), (3,), (3,))
case("stack_0d", lambda M, x, y: M.stack([x, y]), (), ())

# --- moving, selecting and sorting ----------------------------------------------------------------
case("narrow", lambda M, x: x.narrow(1, 1, 2), (2, 3), second_order=True)
case("narrow_fn_whole_negative", lambda M, x: M.narrow(x, -1, -3, 3), (2, 3))
case("select", lambda M, x: x.select(1, -1), (2, 3), second_order=True)
case("select_fn", lambda M, x: M.select(x, 0, 1), (2, 3, 2))
case("select_0d_tensor_index", lambda M, x: x.select(-1, M.tensor(0)), (2, 3))
case("movedim", lambda M, x: x.movedim(0, -1), (2, 3, 2))
case("movedim_dims", lambda M, x: M.movedim(x, (0, 1), (2, 0)), (2, 3, 4), second_order=True)
case("moveaxis", lambda M, x: M.moveaxis(x, 1, 0), (2, 3))
case("swapaxes", lambda M, x: x.swapaxes(0, 2), (2, 3, 2))
case("swapdims_fn", lambda M, x: M.swapdims(x, -1, 0), (2, 3))
case("swapaxes_0d", lambda M, x: x.swapaxes(0, -1), ())
case("movedim_0d", lambda M, x: x.movedim(0, -1), ())
case("roll", lambda M, x: x.roll(1, 1), (2, 3), second_order=True)
case("roll_flat", lambda M, x: M.roll(x, -2), (2, 3))
case("roll_dims", lambda M, x: x.roll((1, 2), (0, -1)), (2, 3, 2))
case("repeat", lambda M, x: x.repeat(2, 3), (2, 3), second_order=True)
case("repeat_new_dims", lambda M, x: x.repeat((2, 1, 2)), (3,))
case("repeat_0d", lambda M, x: x.repeat(3), ())
case("diagonal", lambda M, x: x.diagonal(), (3, 3), second_order=True)
case("diagonal_offset_dims", lambda M, x: M.diagonal(x, 1, 2, 0), (3, 2, 4))
case("diagonal_below", lambda M, x: x.diagonal(-1), (3, 2))
case("diag_vector", lambda M, x: x.diag(), (3,), second_order=True)
case("diag_vector_below", lambda M, x: M.diag(x, -1), (2,))
case("diag_matrix", lambda M, x: M.diag(x, 1), (3, 4), second_order=True)
case("tril", lambda M, x: x.tril(), (3, 3), second_order=True)
case("tril_batch_below", lambda M, x: M.tril(x, diagonal=-1), (2, 3, 3))
case("triu", lambda M, x: x.triu(1), (3, 4), second_order=True)
case("triu_fn", lambda M, x: M.triu(x, -1), (4, 2))
case("sort", lambda M, x: x.sort().values, Arg((2, 4), DISTINCT), second_order=True)
case("sort_descending_dim0", lambda M, x: M.sort(x, dim=0, descending=True)[0],
     Arg((3, 2), DISTINCT))
case("sort_0d", lambda M, x: x.sort().values, ())
case("topk", lambda M, x: x.topk(2).values, Arg((2, 4), DISTINCT), second_order=True)
case("topk_smallest_dim0", lambda M, x: M.topk(x, 2, dim=0, largest=False).values,
     Arg((3, 2), DISTINCT))
case("kthvalue", lambda M, x: x.kthvalue(2).values, Arg((2, 4), DISTINCT), second_order=True)
case("kthvalue_dim0_keepdim", lambda M, x: M.kthvalue(x, 3, 0, keepdim=True)[0],
     Arg((3, 2), DISTINCT))
case("median", lambda M, x: x.median(), Arg((2, 3), DISTINCT), second_order=True)
case("median_even", lambda M, x: M.median(x), Arg((4,), DISTINCT))
case("median_ties", lambda M, x: M.cat([x, x]).median(), Arg((3,), DISTINCT))
case("median_dim", lambda M, x: x.median(1).values, Arg((2, 4), DISTINCT), second_order=True)
case("median_dim_keepdim", lambda M, x: M.median(x, 0, keepdim=True).values,
     Arg((3, 2), DISTINCT))
case("cumprod", lambda M, x: x.cumprod(1), Arg((2, 4), AWAY_FROM_0), second_order=True)
case("cumprod_fn_0", lambda M, x: M.cumprod(x, 0), Arg((3, 2), AWAY_FROM_0))
case("cumprod_0d", lambda M, x: x.cumprod(0), ())
case("cumprod_dtype", lambda M, x: M.cumprod(x, -1, dtype=M.float64), Arg((2, 3), AWAY_FROM_0))
case("mv", lambda M, x, v: M.mv(x, v), (2, 3), (3,), second_order=True)
case("mv_method", lambda M, x, v: x.mv(v), (3, 2), (2,))
case("addmm", lambda M, b, x, w: M.addmm(b, x, w), (3,), (2, 4), (4, 3), second_order=True)
case("addmm_method_bias_2d", lambda M, b, x, w: b.addmm(x, w), (2, 3), (2, 2), (2, 3))
case("where_method", lambda M, x, y: x.where(_condition(M), y), (2, 3), (3,))
case("where_method_number", lambda M, x: x.where(x > 0, 0.0), Arg((2, 3), AWAY_FROM_0))


# --- in-place changes to tensors made by operations -----------------------------------------------
def _mul_add_(M: Any, x: Any, w: Any) -> Any:
    y = x * 1
    y.mul_(w)
    y.add_(3)
    return y


def _add_alpha_(M: Any, x: Any, w: Any) -> Any:
    y = x * 1
    y.add_(w, alpha=2)
    return y


def _sub_div_(M: Any, x: Any, w: Any, d: Any) -> Any:
    y = x.exp()
    y = y * 1  # exp saves its result: change a copy
    y.sub_(w)
    y.div_(d)
    return y


def _pow_(M: Any, x: Any) -> Any:
    y = x + 0
    y.pow_(2)
    return y


def _clamp_(M: Any, x: Any) -> Any:
    y = x * 2
    y.clamp_(min=-1.0)
    return y


def _operators_(M: Any, x: Any, w: Any) -> Any:
    y = x.clone()
    y += w
    y *= w
    y -= 1
    y /= 2
    return y


def _setitem_row(M: Any, x: Any, v: Any) -> Any:
    y = x * 1
    y[0] = v
    return y


def _setitem_column(M: Any, x: Any, v: Any) -> Any:
    y = x * 1
    y[:, 1] = v
    return y


def _setitem_number(M: Any, x: Any) -> Any:
    y = x * 2
    y[1, 0] = 5.0
    return y


def _setitem_mask(M: Any, x: Any, v: Any) -> Any:
    y = x * 1
    y[_condition(M)] = v
    return y


def _copy_(M: Any, x: Any, v: Any) -> Any:
    y = x * 1
    y.copy_(v)
    return y * x


def _fill_(M: Any, x: Any) -> Any:
    y = x * 1
    y.fill_(2.0)
    return y


def _zero_(M: Any, x: Any) -> Any:
    y = x * 1
    y.zero_()
    return y


def _zero_then_add(M: Any, x: Any) -> Any:
    y = x.sin()
    y = y * 1
    y.zero_()
    y.add_(x)
    return y


case("inplace_mul_add", _mul_add_, (2, 3), (2, 3), second_order=True)
case("inplace_add_alpha_broadcast", _add_alpha_, (2, 3), (3,))
case("inplace_sub_div", _sub_div_, (2, 3), (2, 3), Arg((2, 1), POSITIVE))
case("inplace_pow", _pow_, (2, 3))
case("inplace_clamp", _clamp_, Arg((2, 3), Domain(((-2.0, -0.6), (-0.4, 2.0)))))
case("inplace_operators", _operators_, (2, 3), (3,))
case("setitem_row", _setitem_row, (2, 3), (3,), second_order=True)
case("setitem_column", _setitem_column, (2, 3), (2,))
case("setitem_number", _setitem_number, (2, 3))
case("setitem_mask", _setitem_mask, (2, 3), ())
case("copy_", _copy_, (2, 3), (3,), second_order=True)
case("fill_", _fill_, (2, 3))
case("zero_", _zero_, (2, 3))
case("zero_then_add", _zero_then_add, (2, 3))

# --- several outputs: one node, each output numbered (split, chunk, unbind) ---------------------
def _split_mixed(M: Any, x: Any) -> Any:
    a, b, c = x.split(2)  # every output used, one of them twice
    return a * c + b * b


def _unused_outputs(M: Any, x: Any) -> Any:
    return x.split([1, 3, 2], dim=1)[1].tanh()  # outputs 0 and 2 get zeros


case("split", _split_mixed, (6, 2), second_order=True)
case("split_unused_outputs", _unused_outputs, (2, 6))
case("split_fn_last_shorter", lambda M, x: M.cat(M.split(x, 4, dim=-1)[::-1], -1), (2, 7))
case("chunk", lambda M, x: x.chunk(3, 1)[2] * x.chunk(3, 1)[0], (3, 6), second_order=True)
case("chunk_fn_fewer", lambda M, x: M.stack(M.chunk(x, 4), 0).sum(0), (6,))
case("unbind", lambda M, x: x.unbind(1)[0] * x.unbind(1)[2] + x.unbind()[1].sum(),
     (3, 3), second_order=True)
case("unbind_fn_0d", lambda M, x: M.unbind(x)[1] * 3, (4,))

# --- nn: activations, losses, embedding, layer norm ---------------------------------------------
SOFTPLUS_KINK = Domain(((-2.0, 0.8), (1.2, 2.0)))  # beta=2, threshold=2: x itself above x = 1
case("gelu", lambda M, x: M.nn.functional.gelu(x), (2, 3), second_order=True)
case("gelu_tanh", lambda M, x: M.nn.functional.gelu(x, approximate="tanh"), (2, 3),
     second_order=True)
case("gelu_module", lambda M, x: M.nn.GELU()(x), (4,))  # (float32 far tails: see test_nn)
case("silu", lambda M, x: M.nn.functional.silu(x), (2, 3), second_order=True)
case("silu_module", lambda M, x: M.nn.SiLU()(x * 4), (5,))
case("softplus", lambda M, x: M.nn.functional.softplus(x), (2, 3), second_order=True)
case("softplus_threshold", lambda M, x: M.nn.functional.softplus(x, beta=2, threshold=2),
     Arg((2, 4), SOFTPLUS_KINK), second_order=True)
case("softplus_module", lambda M, x: M.nn.Softplus(0.5)(x * 10), (4,))
case("elu", lambda M, x: M.nn.functional.elu(x), Arg((2, 3), AWAY_FROM_0), second_order=True)
case("elu_alpha", lambda M, x: M.nn.ELU(alpha=0.5)(x), Arg((2, 3), AWAY_FROM_0))
case("softmax_module", lambda M, x: M.nn.Softmax(dim=1)(x), (2, 3))
case("log_softmax_module", lambda M, x: M.nn.LogSoftmax(0)(x), (2, 3))
case("flatten_module", lambda M, x: M.nn.Flatten()(x), (2, 3, 2))
case("flatten_module_dims", lambda M, x: M.nn.Flatten(0, 1)(x), (2, 3, 2))
case("identity_module", lambda M, x: M.nn.Identity(5)(x) * 2, (3,))

PROBABILITY = Domain(((0.05, 0.95),))
UNIT = Domain(((0.0, 1.0),))
SMALL = Domain(((-0.1, 0.1),))  # a target near 0: input - target keeps the input's side
AWAY_FROM_1 = Domain(((-2.0, -1.3), (-0.7, 0.7), (1.3, 2.0)))  # huber/smooth_l1 kinks at ±1


def _weights(M: Any, x: Any) -> Any:
    return M.tensor([0.5, 2.0, 1.0], dtype=x.dtype)


case("bce", lambda M, p, t: M.nn.functional.binary_cross_entropy(p, t),
     Arg((2, 3), PROBABILITY), Arg((2, 3), UNIT), second_order=True)
case("bce_weight_sum", lambda M, p, t: M.nn.functional.binary_cross_entropy(
    p, t, weight=_weights(M, p), reduction="sum"), Arg((2, 3), PROBABILITY), Arg((2, 3), UNIT))
case("bce_none", lambda M, p, t: M.nn.functional.binary_cross_entropy(p, t, reduction="none"),
     Arg((4,), PROBABILITY), Arg((4,), UNIT), second_order=True)
case("bce_module", lambda M, p, t: M.nn.BCELoss()(p.sigmoid(), t), (3, 2), Arg((3, 2), UNIT))
case("bce_logits", lambda M, x, t: M.nn.functional.binary_cross_entropy_with_logits(x * 3, t),
     (2, 3), Arg((2, 3), UNIT), second_order=True)
case("bce_logits_weights_none", lambda M, x, t: M.nn.functional.binary_cross_entropy_with_logits(
    x, t, weight=_weights(M, x), reduction="none", pos_weight=_weights(M, x) * 3),
     (2, 3), Arg((2, 3), UNIT), second_order=True)
case("bce_logits_module", lambda M, x, t: M.nn.BCEWithLogitsLoss(
    pos_weight=_weights(M, x), reduction="sum")(x, t), (4, 3), Arg((4, 3), UNIT))
case("l1", lambda M, x, y: M.nn.functional.l1_loss(x, y), Arg((2, 3), LOW),
     Arg((2, 3), LOW_OR_HIGH))
case("l1_none", lambda M, x, y: M.nn.L1Loss(reduction="none")(x, y), Arg((4,), LOW),
     Arg((4,), LOW_OR_HIGH))
case("l1_sum", lambda M, x, y: M.nn.L1Loss(reduction="sum")(x, y), Arg((4,), LOW_OR_HIGH),
     Arg((4,), LOW))
case("l1_weight", lambda M, x, y: M.nn.functional.l1_loss(
    x, y, weight=M.tensor([[0.5, 2.0, 1.0], [0.0, 1.5, 3.0]], dtype=x.dtype)),
     Arg((2, 3), LOW), Arg((2, 3), LOW_OR_HIGH))
case("l1_weight_sum", lambda M, x, y: M.nn.functional.l1_loss(
    x, y, reduction="sum", weight=M.tensor([0.5, 2.0, 1.0], dtype=x.dtype)),
     Arg((3,), LOW_OR_HIGH), Arg((3,), LOW))
case("huber_weight", lambda M, x, y: M.nn.functional.huber_loss(
    x, y, weight=M.tensor([[0.5, 2.0, 1.0, 1.0], [0.0, 1.5, 3.0, 1.0]], dtype=x.dtype)),
     Arg((2, 4), AWAY_FROM_1), Arg((2, 4), SMALL), second_order=True)
case("huber_weight_none", lambda M, x, y: M.nn.functional.huber_loss(
    x, y, reduction="none", delta=0.5, weight=M.tensor([0.5, 2.0, 1.0], dtype=x.dtype)),
     Arg((3,), AWAY_FROM_BOUNDS), Arg((3,), SMALL))
case("huber", lambda M, x, y: M.nn.functional.huber_loss(x * 2, y), Arg((2, 4), AWAY_FROM_BOUNDS),
     Arg((2, 4), SMALL), second_order=True)
case("huber_delta_none", lambda M, x, y: M.nn.functional.huber_loss(
    x, y, reduction="none", delta=0.5), Arg((2, 4), AWAY_FROM_BOUNDS), Arg((2, 4), SMALL),
     second_order=True)
case("huber_module", lambda M, x, y: M.nn.HuberLoss(reduction="sum")(x, y),
     Arg((5,), AWAY_FROM_1), Arg((5,), SMALL))
case("smooth_l1", lambda M, x, y: M.nn.functional.smooth_l1_loss(x, y),
     Arg((2, 4), AWAY_FROM_1), Arg((2, 4), SMALL), second_order=True)
case("smooth_l1_beta_none", lambda M, x, y: M.nn.SmoothL1Loss(reduction="none", beta=0.5)(x, y),
     Arg((2, 4), AWAY_FROM_BOUNDS), Arg((2, 4), SMALL), second_order=True)
case("smooth_l1_beta_0", lambda M, x, y: M.nn.functional.smooth_l1_loss(x, y, beta=0.0),
     Arg((4,), LOW), Arg((4,), LOW_OR_HIGH))
case("nll_module", lambda M, x: M.nn.NLLLoss()(x.log_softmax(1), M.tensor([2, 0, 1])), (3, 4),
     second_order=True)
case("nll_module_weight_none", lambda M, x: M.nn.NLLLoss(
    _weights(M, x), reduction="none")(x, M.tensor([2, 0, 1, 1])), (4, 3))


def _tokens(M: Any) -> Any:
    return M.tensor([[0, 2, 3], [2, 2, 1]])


case("embedding", lambda M, w: M.nn.functional.embedding(_tokens(M), w), (4, 3),
     second_order=True)
# (padding_idx and scale_grad_by_freq change the gradient on purpose, away from the derivative
# finite differences measure: tests/test_nn.py checks them against torch)
case("embedding_0d_index", lambda M, w: M.nn.functional.embedding(M.tensor(1), w), (3, 2))
case("layer_norm", lambda M, x, w, b: M.nn.functional.layer_norm(x, (3,), w, b), (2, 3), (3,),
     (3,), second_order=True)
case("layer_norm_2d", lambda M, x, w, b: M.nn.functional.layer_norm(x, [2, 3], w, b, eps=1e-3),
     (2, 2, 3), (2, 3), (2, 3), second_order=True)
case("layer_norm_weight_only", lambda M, x, w: M.nn.functional.layer_norm(
    x, (4,), w, M.tensor([0.5, 0.0, -1.0, 2.0], dtype=x.dtype)), (3, 4), (4,))
case("layer_norm_one_sample", lambda M, x, w, b: M.nn.functional.layer_norm(x, (5,), w, b),
     (5,), (5,), (5,))
# dropout's mask is random (visgrad's generator, not torch's): only the certain cases here
case("dropout_p1", lambda M, x: M.nn.functional.dropout(x, p=1.0), (2, 3))
case("dropout_eval", lambda M, x: M.nn.functional.dropout(x * 2, 0.3, training=False), (2, 3))
case("dropout_p0", lambda M, x: M.nn.Dropout(0.0)(x.exp()), (4,))
CASE_NAMES: list[str] = [c.name for c in CASES]
SECOND_ORDER_CASES: list[OpCase] = [c for c in CASES if c.second_order]


def by_name(names: Sequence[str]) -> list[OpCase]:
    table = {c.name: c for c in CASES}
    return [table[n] for n in names]


# --- shape errors, in PyTorch's words -------------------------------------------------------------
@dataclass(frozen=True)
class ErrorCase:
    """`fn(M)` must raise `error` with exactly `message` (checked literally, and against torch)."""

    name: str
    fn: Callable[[Any], Any]
    error: type[Exception]
    message: str

    def __repr__(self) -> str:
        return self.name


def _size_mismatch(a: int, b: int, dim: int) -> str:
    return (
        f"The size of tensor a ({a}) must match the size of tensor b ({b}) "
        f"at non-singleton dimension {dim}"
    )


def _dim_range(low: int, high: int, got: int) -> str:
    return f"Dimension out of range (expected to be in range of [{low}, {high}], but got {got})"


def _bmm_sizes(expected: list[int], got: list[int]) -> str:
    return (
        f"Expected size for first two dimensions of batch2 tensor to be: {expected} "
        f"but got: {got}."
    )


def _setitem(M: Any, target_shape: Shape, key: Any, value_shape: Shape) -> None:
    target = M.ones(*target_shape)
    target[key] = M.ones(*value_shape)


ERROR_CASES: list[ErrorCase] = [
    # broadcasting
    ErrorCase("add", lambda M: M.ones(2, 3) + M.ones(2, 2), RuntimeError, _size_mismatch(3, 2, 1)),
    ErrorCase("add_1d", lambda M: M.ones(3) + M.ones(2), RuntimeError, _size_mismatch(3, 2, 0)),
    ErrorCase("mul_3d", lambda M: M.ones(2, 3, 4) * M.ones(3, 3), RuntimeError,
              _size_mismatch(4, 3, 2)),
    ErrorCase("sub_leading", lambda M: M.ones(4, 1) - M.ones(2, 3), RuntimeError,
              _size_mismatch(4, 2, 0)),
    ErrorCase("rsub_tensor", lambda M: M.ones(2) - M.ones(3, 1, 3), RuntimeError,
              _size_mismatch(2, 3, 2)),
    ErrorCase("div", lambda M: M.ones(2, 3) / M.ones(3, 2), RuntimeError, _size_mismatch(3, 2, 1)),
    ErrorCase("pow", lambda M: M.ones(2, 3) ** M.ones(2), RuntimeError, _size_mismatch(3, 2, 1)),
    ErrorCase("maximum", lambda M: M.maximum(M.ones(2, 3), M.ones(2)), RuntimeError,
              _size_mismatch(3, 2, 1)),
    ErrorCase("where", lambda M: M.where(M.ones(2, 3) > 0, M.ones(2), M.ones(3)), RuntimeError,
              _size_mismatch(3, 2, 1)),
    ErrorCase("eq", lambda M: M.ones(2) == M.ones(3), RuntimeError, _size_mismatch(2, 3, 0)),
    ErrorCase("inplace_add", lambda M: M.ones(3).add_(M.ones(2, 3)), RuntimeError,
              "output with shape [3] doesn't match the broadcast shape [2, 3]"),
    ErrorCase("copy_", lambda M: M.ones(2, 3).copy_(M.ones(2)), RuntimeError,
              _size_mismatch(3, 2, 1)),
    ErrorCase("setitem", lambda M: _setitem(M, (2, 3), 0, (2,)), RuntimeError,
              "The expanded size of the tensor (3) must match the existing size (2) at "
              "non-singleton dimension 0.  Target sizes: [3].  Tensor sizes: [2]"),
    # matrix products
    ErrorCase("mm", lambda M: M.ones(2, 3) @ M.ones(2, 3), RuntimeError,
              "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    ErrorCase("mm_method", lambda M: M.ones(2, 3).mm(M.ones(4, 3)), RuntimeError,
              "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x3)"),
    ErrorCase("mm_vector", lambda M: M.ones(2, 3).mm(M.ones(3)), RuntimeError,
              "mat2 must be a matrix"),
    ErrorCase("dot", lambda M: M.ones(3) @ M.ones(4), RuntimeError,
              "inconsistent tensor size, expected tensor [3] and src [4] to have the same "
              "number of elements, but got 3 and 4 elements respectively"),
    ErrorCase("dot_2d", lambda M: M.ones(3).dot(M.ones(2, 2)), RuntimeError,
              "1D tensors expected, but got 1D and 2D tensors"),
    ErrorCase("matrix_vector", lambda M: M.ones(2, 3) @ M.ones(2), RuntimeError,
              "size mismatch, got input (2), mat (2x3), vec (2)"),
    ErrorCase("vector_matrix", lambda M: M.ones(2) @ M.ones(3, 4), RuntimeError,
              "mat1 and mat2 shapes cannot be multiplied (1x2 and 3x4)"),
    ErrorCase("matmul_3d_3d", lambda M: M.ones(2, 3, 4) @ M.ones(2, 3, 4), RuntimeError,
              _bmm_sizes([2, 4], [2, 3])),
    ErrorCase("matmul_batch", lambda M: M.ones(2, 2, 3) @ M.ones(3, 3, 2), RuntimeError,
              _size_mismatch(2, 3, 0)),
    ErrorCase("matmul_batch_4d", lambda M: M.ones(5, 2, 3) @ M.ones(3, 2, 4, 2), RuntimeError,
              _size_mismatch(5, 2, 1)),
    ErrorCase("matmul_3d_2d", lambda M: M.ones(2, 3, 4) @ M.ones(3, 4), RuntimeError,
              "mat1 and mat2 shapes cannot be multiplied (6x4 and 3x4)"),
    ErrorCase("matmul_3d_1d", lambda M: M.ones(2, 3, 4) @ M.ones(3), RuntimeError,
              "size mismatch, got input (6), mat (6x4), vec (3)"),
    ErrorCase("matmul_2d_3d", lambda M: M.ones(2, 3) @ M.ones(2, 2, 2), RuntimeError,
              _bmm_sizes([2, 3], [2, 2])),
    ErrorCase("matmul_1d_3d", lambda M: M.ones(4) @ M.ones(2, 3, 2), RuntimeError,
              _bmm_sizes([2, 4], [2, 3])),
    ErrorCase("matmul_4d_3d", lambda M: M.ones(2, 1, 2, 3) @ M.ones(3, 4, 2), RuntimeError,
              _bmm_sizes([6, 3], [6, 4])),
    ErrorCase("matmul_0d", lambda M: M.ones(()) @ M.ones(3), RuntimeError,
              "both arguments to matmul need to be at least 1D, but they are 0D and 1D"),
    ErrorCase("bmm", lambda M: M.bmm(M.ones(2, 3, 4), M.ones(2, 3, 4)), RuntimeError,
              _bmm_sizes([2, 4], [2, 3])),
    ErrorCase("bmm_batch", lambda M: M.bmm(M.ones(2, 3, 4), M.ones(3, 4, 5)), RuntimeError,
              _bmm_sizes([2, 4], [3, 4])),
    ErrorCase("bmm_no_broadcast", lambda M: M.bmm(M.ones(2, 3, 4), M.ones(1, 4, 5)),
              RuntimeError, _bmm_sizes([2, 4], [1, 4])),
    ErrorCase("bmm_2d", lambda M: M.bmm(M.ones(3, 4), M.ones(4, 5)), RuntimeError,
              "batch1 must be a 3D tensor"),
    # shapes
    ErrorCase("reshape", lambda M: M.ones(2, 3).reshape(4, 2), RuntimeError,
              "shape '[4, 2]' is invalid for input of size 6"),
    ErrorCase("reshape_inferred", lambda M: M.ones(2, 3).reshape(-1, 4), RuntimeError,
              "shape '[-1, 4]' is invalid for input of size 6"),
    ErrorCase("reshape_two_inferred", lambda M: M.ones(2, 3).reshape(-1, -1), RuntimeError,
              "only one dimension can be inferred"),
    ErrorCase("view", lambda M: M.ones(2, 3).view(7), RuntimeError,
              "shape '[7]' is invalid for input of size 6"),
    ErrorCase("view_transposed", lambda M: M.ones(2, 3).t().view(6), RuntimeError,
              "view size is not compatible with input tensor's size and stride (at least one "
              "dimension spans across two contiguous subspaces). Use .reshape(...) instead."),
    ErrorCase("transpose", lambda M: M.ones(2, 3).transpose(0, 2), IndexError,
              _dim_range(-2, 1, 2)),
    ErrorCase("unsqueeze", lambda M: M.ones(2, 3).unsqueeze(3), IndexError, _dim_range(-3, 2, 3)),
    ErrorCase("squeeze", lambda M: M.ones(2, 3).squeeze(2), IndexError, _dim_range(-2, 1, 2)),
    ErrorCase("flatten", lambda M: M.ones(2, 3).flatten(3), IndexError, _dim_range(-2, 1, 3)),
    ErrorCase("flatten_order", lambda M: M.ones(2, 3, 4).flatten(2, 1), RuntimeError,
              "flatten() has invalid args: start_dim cannot come after end_dim"),
    ErrorCase("permute_length", lambda M: M.ones(2, 3).permute(0, 1, 2), RuntimeError,
              "permute(sparse_coo): number of dimensions in the tensor input does not match the "
              "length of the desired ordering of dimensions i.e. input.dim() = 2 is not equal to "
              "len(dims) = 3"),
    ErrorCase("permute_duplicate", lambda M: M.ones(2, 3).permute(0, 0), RuntimeError,
              "permute(): duplicate dims are not allowed."),
    ErrorCase("permute_range", lambda M: M.ones(2, 3).permute(0, 2), IndexError,
              _dim_range(-2, 1, 2)),
    ErrorCase("t_3d", lambda M: M.ones(2, 3, 4).t(), RuntimeError,
              "t() expects a tensor with <= 2 dimensions, but self is 3D"),
    ErrorCase("expand", lambda M: M.ones(2, 3).expand(3, 3), RuntimeError,
              "The expanded size of the tensor (3) must match the existing size (2) at "
              "non-singleton dimension 0.  Target sizes: [3, 3].  Tensor sizes: [2, 3]"),
    ErrorCase("expand_too_few", lambda M: M.ones(2, 3).expand(3), RuntimeError,
              "expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) "
              "must be greater or equal to the number of dimensions in the tensor (2)"),
    ErrorCase("cat_sizes", lambda M: M.cat([M.ones(2, 3), M.ones(2, 2)]), RuntimeError,
              "Sizes of tensors must match except in dimension 0. Expected size 3 but got size "
              "2 for tensor number 1 in the list."),
    ErrorCase("cat_sizes_dim1", lambda M: M.cat([M.ones(2, 3), M.ones(2, 3), M.ones(1, 3)], 1),
              RuntimeError, "Sizes of tensors must match except in dimension 1. Expected size "
              "2 but got size 1 for tensor number 2 in the list."),
    ErrorCase("cat_ndim", lambda M: M.cat([M.ones(2, 3), M.ones(3)]), RuntimeError,
              "Tensors must have same number of dimensions: got 2 and 1"),
    ErrorCase("cat_dim", lambda M: M.cat([M.ones(2, 3), M.ones(2, 3)], dim=2), IndexError,
              _dim_range(-2, 1, 2)),
    ErrorCase("cat_empty", lambda M: M.cat([]), ValueError,
              "torch.cat(): expected a non-empty list of Tensors"),
    ErrorCase("stack", lambda M: M.stack([M.ones(2, 3), M.ones(3, 2)]), RuntimeError,
              "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [3, 2] "
              "at entry 1"),
    ErrorCase("stack_third", lambda M: M.stack([M.ones(2), M.ones(2), M.ones(3)]), RuntimeError,
              "stack expects each tensor to be equal size, but got [2] at entry 0 and [3] at "
              "entry 2"),
    ErrorCase("stack_dim", lambda M: M.stack([M.ones(2), M.ones(2)], dim=2), IndexError,
              _dim_range(-2, 1, 2)),
    # dims of reductions
    ErrorCase("sum_dim", lambda M: M.ones(2, 3).sum(2), IndexError, _dim_range(-2, 1, 2)),
    ErrorCase("sum_dim_negative", lambda M: M.ones(2, 3).sum(-3), IndexError,
              _dim_range(-2, 1, -3)),
    ErrorCase("sum_dim_repeated", lambda M: M.ones(2, 3).sum((0, 0)), RuntimeError,
              "dim 0 appears multiple times in the list of dims"),
    ErrorCase("mean_dims", lambda M: M.ones(2, 3).mean((0, 5)), IndexError, _dim_range(-2, 1, 5)),
    ErrorCase("max_dim", lambda M: M.ones(2, 3).max(dim=5), IndexError, _dim_range(-2, 1, 5)),
    ErrorCase("softmax_dim", lambda M: M.ones(2, 3).softmax(2), IndexError, _dim_range(-2, 1, 2)),
    ErrorCase("log_softmax_dim", lambda M: M.ones(2).log_softmax(-2), IndexError,
              _dim_range(-1, 0, -2)),
    ErrorCase("norm_dim", lambda M: M.ones(2, 3).norm(dim=3), IndexError, _dim_range(-2, 1, 3)),
    ErrorCase("max_along_an_empty_dim", lambda M: M.zeros(2, 0).max(-1), IndexError,
              "max(): Expected reduction dim 1 to have non-zero size."),
    ErrorCase("min_along_an_empty_dim", lambda M: M.zeros(0).min(0), IndexError,
              "min(): Expected reduction dim 0 to have non-zero size."),
    ErrorCase("argmax_of_nothing", lambda M: M.zeros(0).argmax(), IndexError,
              "argmax(): Expected reduction dim to be specified for input.numel() == 0."),
    ErrorCase("argmin_along_an_empty_dim", lambda M: M.zeros(3, 0).argmin(dim=-1), IndexError,
              "argmin(): Expected reduction dim 1 to have non-zero size."),
    ErrorCase("argmax_of_bools", lambda M: M.tensor([True, False]).argmax(), RuntimeError,
              "argmax(): does not support bool input"),
    ErrorCase("amax_along_an_empty_dim_given_negative", lambda M: M.zeros(2, 0).amax(-1),
              IndexError, "amax(): Expected reduction dim -1 to have non-zero size."),
    ErrorCase("and_of_floats", lambda M: M.ones(2) & M.ones(2, dtype=M.int64),
              NotImplementedError, "\"bitwise_and_cpu\" not implemented for 'Float'"),
    ErrorCase("or_of_doubles", lambda M: M.ones(2, dtype=M.float64) | 1, NotImplementedError,
              "\"bitwise_or_cpu\" not implemented for 'Double'"),
    ErrorCase("invert_of_floats", lambda M: ~M.ones(2), TypeError,
              "~ (operator.invert) is only implemented on integer and Boolean-type tensors"),
    ErrorCase("neg_of_bools", lambda M: -M.tensor([True, False]), RuntimeError,
              "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
              "to invert a mask, use the `~` or `logical_not()` operator instead."),
    ErrorCase("sub_of_bools", lambda M: M.tensor([True, False]) - M.tensor([True, True]),
              RuntimeError, "Subtraction, the `-` operator, with two bool tensors is not "
              "supported. Use the `^` or `logical_xor()` operator instead."),
    ErrorCase("rsub_of_bools", lambda M: True - M.tensor([True, False]), RuntimeError,
              "Subtraction, the `-` operator, with two bool tensors is not supported. Use the "
              "`^` or `logical_xor()` operator instead."),
    ErrorCase("float_of_several", lambda M: float(M.ones(3)), ValueError,
              "only one element tensors can be converted to Python scalars"),
    ErrorCase("int_of_nothing", lambda M: int(M.ones(0)), ValueError,
              "only one element tensors can be converted to Python scalars"),
    ErrorCase("bool_of_nothing", lambda M: bool(M.ones(0)), RuntimeError,
              "Boolean value of Tensor with no values is ambiguous"),
    ErrorCase("sum_of_0d_along_dim_1", lambda M: M.tensor(2.0).sum(1), IndexError,
              _dim_range(-1, 0, 1)),
    ErrorCase("mean_of_0d_along_dims", lambda M: M.tensor(2.0).mean((0, 1)), IndexError,
              _dim_range(-1, 0, 1)),
    ErrorCase("cat_of_a_0d_tensor", lambda M: M.cat([M.ones(2), M.tensor(1.0)]), RuntimeError,
              "zero-dimensional tensor (at position 1) cannot be concatenated"),
    ErrorCase("cat_of_0d_along_dim_1", lambda M: M.cat([M.tensor(1.0)], 1), RuntimeError,
              "zero-dimensional tensor (at position 0) cannot be concatenated"),
    ErrorCase("var_of_integers", lambda M: M.tensor([1, 2, 4]).var(), RuntimeError,
              "std and var only support floating point and complex dtypes"),
    ErrorCase("std_of_bools_along_a_dim", lambda M: M.tensor([[True, False]]).std(1),
              RuntimeError, "std and var only support floating point and complex dtypes"),
    ErrorCase("isclose_of_two_dtypes", lambda M: M.isclose(M.ones(2), M.ones(2, dtype=M.float64)),
              RuntimeError, "Float did not match Double"),
    ErrorCase("allclose_of_integers_and_floats", lambda M: M.ones(2, dtype=M.int64).allclose(
        M.ones(2)), RuntimeError, "Long did not match Float"),
    ErrorCase("isclose_of_other_shapes", lambda M: M.isclose(M.ones(2, 3), M.ones(2)),
              RuntimeError, _size_mismatch(3, 2, 1)),
    ErrorCase("abs_of_bools", lambda M: abs(M.tensor([True, False])), NotImplementedError,
              "\"abs_cpu\" not implemented for 'Bool'"),
    ErrorCase("absolute_of_bools", lambda M: M.absolute(M.tensor([True])), NotImplementedError,
              "\"abs_cpu\" not implemented for 'Bool'"),
    ErrorCase("plus_of_bools", lambda M: +M.tensor([True, False]), RuntimeError,
              "The `+` operator, on a bool tensor is not supported."),
    ErrorCase("norm_of_integers", lambda M: M.tensor([3, 4]).norm(), RuntimeError,
              "linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long"),
    ErrorCase("norm_inf_of_empty", lambda M: M.zeros(0).norm(float("inf")), RuntimeError,
              "linalg.vector_norm cannot compute the inf norm on an empty tensor because the "
              "operation does not have an identity"),
    ErrorCase("norm_minus_inf_empty_dim", lambda M: M.zeros(2, 0).norm(float("-inf"), dim=-1),
              RuntimeError, "linalg.vector_norm cannot compute the -inf norm on the dimension "
              "-1because this dimension is empty and the operation does not have an identity"),
    ErrorCase("var_dim", lambda M: M.ones(2, 3).var(dim=3), IndexError, _dim_range(-2, 1, 3)),
    ErrorCase("logsumexp_dim", lambda M: M.ones(2, 3).logsumexp(dim=3), IndexError,
              _dim_range(-2, 1, 3)),
    ErrorCase("argmax_dim", lambda M: M.ones(2, 3).argmax(dim=2), IndexError, _dim_range(-2, 1, 2)),
    ErrorCase("all_dim", lambda M: M.ones(2, 3).all(dim=2), IndexError, _dim_range(-2, 1, 2)),
    ErrorCase("max_empty", lambda M: M.ones(0).max(), RuntimeError,
              "max(): Expected reduction dim to be specified for input.numel() == 0. Specify "
              "the reduction dim with the 'dim' argument."),
    ErrorCase("mean_int", lambda M: M.tensor([1, 2]).mean(), RuntimeError,
              "mean(): could not infer output dtype. Input dtype must be either a floating point "
              "or complex dtype. Got: Long"),
    ErrorCase("clamp_without_bounds", lambda M: M.ones(2).clamp(), RuntimeError,
              "torch.clamp: At least one of 'min' or 'max' must not be None"),
    ErrorCase("int_negative_power", lambda M: M.tensor([1, 2]) ** -1, RuntimeError,
              "Integers to negative integer powers are not allowed."),
    # indexing
    ErrorCase("index", lambda M: M.ones(2, 3)[2], IndexError,
              "index 2 is out of bounds for dimension 0 with size 2"),
    ErrorCase("index_negative", lambda M: M.ones(2, 3)[-3], IndexError,
              "index -3 is out of bounds for dimension 0 with size 2"),
    ErrorCase("index_column", lambda M: M.ones(2, 3)[:, 3], IndexError,
              "index 3 is out of bounds for dimension 1 with size 3"),
    ErrorCase("index_too_many", lambda M: M.ones(2, 3)[0, 0, 0], IndexError,
              "too many indices for tensor of dimension 2"),
    ErrorCase("index_list", lambda M: M.ones(2, 3)[[0, 5]], IndexError,
              "index 5 is out of bounds for dimension 0 with size 2"),
    ErrorCase("index_0d", lambda M: M.tensor(1.0)[0], IndexError,
              "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
              "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"),
    ErrorCase("index_0d_slice", lambda M: M.tensor(1.0)[:], IndexError,
              "slice() cannot be applied to a 0-dim tensor."),
    ErrorCase("index_0d_two", lambda M: M.tensor(1.0)[0, 0], IndexError,
              "too many indices for tensor of dimension 0"),
    ErrorCase("index_select_dimension", lambda M: M.ones(2, 3, 4)[None, 0, 5], IndexError,
              "index 5 is out of bounds for dimension 2 with size 3"),
    ErrorCase("index_list_after_slice", lambda M: M.ones(2, 3)[:, [0, 7]], IndexError,
              "index 7 is out of bounds for dimension 0 with size 3"),
    ErrorCase("index_lists_mismatch", lambda M: M.ones(2, 3, 4)[[0, 1], [0, 1, 2]], IndexError,
              "shape mismatch: indexing tensors could not be broadcast together with shapes "
              "[2], [3]"),
    ErrorCase("index_float_tensor", lambda M: M.ones(2, 3)[M.tensor([0.0])], IndexError,
              "tensors used as indices must be long, int, byte or bool tensors"),
    ErrorCase("index_negative_step", lambda M: M.ones(4)[::-1], ValueError,
              "step must be greater than zero"),
    ErrorCase("index_mask_2d", lambda M: M.ones(2, 3, 4)[M.ones(2, 4).bool()], IndexError,
              "The shape of the mask [2, 4] at index 1 does not match the shape of the indexed "
              "tensor [2, 3, 4] at index 1"),
    ErrorCase("where_condition_dtype",
              lambda M: M.where(M.ones(2), M.ones(2), M.ones(2)), RuntimeError,
              "where expected condition to be a boolean tensor, but got a tensor with dtype Float"),
    ErrorCase("index_mask", lambda M: M.ones(2, 3)[M.tensor([True, False, True])], IndexError,
              "The shape of the mask [3] at index 0 does not match the shape of the indexed "
              "tensor [2, 3] at index 0"),
    # in place, on tensors that require grad
    ErrorCase("inplace_leaf", lambda M: M.ones(3, requires_grad=True).mul_(2), RuntimeError,
              "a leaf Variable that requires grad is being used in an in-place operation."),
    ErrorCase("inplace_view_of_leaf_0d", lambda M: M.ones(3, requires_grad=True)[0].mul_(2),
              RuntimeError,
              "a view of a leaf Variable that requires grad is being used in an in-place "
              "operation."),
    ErrorCase("setitem_leaf", lambda M: M.ones(3, requires_grad=True).__setitem__(0, 1.0),
              RuntimeError,
              "a view of a leaf Variable that requires grad is being used in an in-place "
              "operation."),
    # flip, cumsum, masked_fill
    ErrorCase("flip_repeated_dim", lambda M: M.ones(2, 3).flip((0, 0)), RuntimeError,
              "dim 0 appears multiple times in the list of dims"),
    ErrorCase("flip_repeated_in_order", lambda M: M.ones(2, 3).flip((1, 0, 0, 1)), RuntimeError,
              "dim 0 appears multiple times in the list of dims"),
    ErrorCase("sum_repeated_dim", lambda M: M.ones(2, 3, 4).sum((0, 1, 1)), RuntimeError,
              "dim 1 appears multiple times in the list of dims"),
    ErrorCase("mean_repeated_dim", lambda M: M.ones(2, 3, 4).mean((2, 0, -1)), RuntimeError,
              "dim 2 appears multiple times in the list of dims"),
    ErrorCase("cumsum_dim", lambda M: M.ones(2, 3).cumsum(2), IndexError,
              "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    ErrorCase("masked_fill_long_mask", lambda M: M.ones(3).masked_fill(M.tensor([1, 0, 1]), 0.0),
              RuntimeError,
              "masked_fill_ only supports boolean masks, but got mask with dtype long int"),
    ErrorCase("masked_fill_value_1d",
              lambda M: M.ones(3).masked_fill(M.ones(3) > 0, M.ones(2)), RuntimeError,
              "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 "
              "dimension(s)."),
    ErrorCase("masked_fill_mask_size", lambda M: M.ones(2, 3).masked_fill(M.ones(2) > 0, 0.0),
              RuntimeError, _size_mismatch(2, 3, 1)),
    ErrorCase("amax_empty_dim", lambda M: M.ones(0, 3).amax(0), IndexError,
              "amax(): Expected reduction dim 0 to have non-zero size."),
    ErrorCase("amin_empty_all", lambda M: M.ones(0, 3).amin(), RuntimeError,
              "amin(): Expected reduction dim to be specified for input.numel() == 0. Specify "
              "the reduction dim with the 'dim' argument."),
    ErrorCase("outer_2d", lambda M: M.outer(M.ones(2, 2), M.ones(3)), RuntimeError,
              "outer: Expected 1-D argument self, but got 2-D"),
    ErrorCase("index_select_bounds", lambda M: M.ones(2, 3).index_select(1, M.tensor([3])),
              RuntimeError, "INDICES element is out of DATA bounds, id=3 axis_dim=3"),
    ErrorCase("index_select_float", lambda M: M.ones(2, 3).index_select(1, M.tensor([0.0])),
              RuntimeError, "index_select(): Expected dtype int32 or int64 for index"),
    ErrorCase("index_select_2d", lambda M: M.ones(2, 3).index_select(1, M.tensor([[0]])),
              IndexError, "index_select(): Index is supposed to be a vector"),
    ErrorCase("gather_bounds", lambda M: M.ones(2, 3).gather(1, M.tensor([[5]])), RuntimeError,
              "index 5 is out of bounds for dimension 1 with size 3"),
    ErrorCase("gather_ndim", lambda M: M.ones(2, 3).gather(1, M.tensor([0, 1])), RuntimeError,
              "Index tensor must have the same number of dimensions as input tensor"),
    ErrorCase("gather_size", lambda M: M.ones(2, 3).gather(1, M.tensor([[0], [0], [0]])),
              RuntimeError,
              "Size does not match at dimension 0 expected index [3, 1] to be no larger than "
              "self [2, 3] apart from dimension 1"),
    # split, chunk, unbind
    ErrorCase("split_negative", lambda M: M.ones(6).split(-1), RuntimeError,
              "split expects split_size be non-negative, but got split_size=-1"),
    ErrorCase("split_zero", lambda M: M.ones(6).split(0), RuntimeError,
              "split_size can only be 0 if dimension size is 0, but got dimension size of 6"),
    ErrorCase("split_sizes_sum", lambda M: M.ones(6).split([1, 2]), RuntimeError,
              "split_with_sizes expects split_sizes to sum exactly to 6 (input tensor's size at "
              "dimension 0), but got split_sizes=[1, 2]"),
    ErrorCase("split_sizes_negative", lambda M: M.ones(6).split([7, -1]), RuntimeError,
              "split_with_sizes expects split_sizes have only non-negative entries, but got "
              "split_sizes=[7, -1]"),
    ErrorCase("split_0d", lambda M: M.tensor(1.0).split(1), RuntimeError,
              "split expects at least a 1-dimensional tensor"),
    ErrorCase("split_dim", lambda M: M.ones(6).split(2, dim=1), IndexError, _dim_range(-1, 0, 1)),
    ErrorCase("chunk_zero", lambda M: M.ones(6).chunk(0), RuntimeError,
              "chunk expects `chunks` to be greater than 0, got: 0"),
    ErrorCase("chunk_0d", lambda M: M.tensor(1.0).chunk(1), RuntimeError,
              "chunk expects at least a 1-dimensional tensor"),
    ErrorCase("unbind_0d", lambda M: M.tensor(1.0).unbind(), IndexError,
              "Dimension specified as 0 but tensor has no dimensions"),
    ErrorCase("unbind_dim", lambda M: M.ones(2, 3).unbind(2), IndexError, _dim_range(-2, 1, 2)),
    ErrorCase("split_output_in_place",
              lambda M: (M.ones(6, requires_grad=True) * 1).split(2)[1].mul_(2), RuntimeError,
              "Output 1 of Split is a view and is being modified inplace. This view is the output "
              "of a function that returns multiple views. Such functions do not allow the output "
              "views to be modified inplace. You should replace the inplace operation by an "
              "out-of-place one."),
    ErrorCase("unbind_output_in_place",
              lambda M: M.ones(2, 2, requires_grad=True).unbind()[0].add_(1), RuntimeError,
              "Output 0 of Unbind is a view and is being modified inplace. This view is the output "
              "of a function that returns multiple views. Such functions do not allow the output "
              "views to be modified inplace. You should replace the inplace operation by an "
              "out-of-place one."),
    # logs, powers, trigonometry, rounding, limits
    ErrorCase("hypot_int", lambda M: M.tensor([1, 2]).hypot(M.tensor([3, 4])), NotImplementedError,
              "\"hypot_cpu\" not implemented for 'Long'"),
    ErrorCase("hypot_shapes", lambda M: M.ones(2, 3).hypot(M.ones(2)), RuntimeError,
              _size_mismatch(3, 2, 1)),
    ErrorCase("atan2_number", lambda M: M.ones(2).atan2(2.0), TypeError,
              "atan2(): argument 'other' (position 1) must be Tensor, not float"),
    ErrorCase("atan2_fn_number", lambda M: M.atan2(M.ones(2), 2), TypeError,
              "atan2(): argument 'other' (position 2) must be Tensor, not int"),
    ErrorCase("atan2_shapes", lambda M: M.atan2(M.ones(3), M.ones(2, 2)), RuntimeError,
              _size_mismatch(3, 2, 1)),
    ErrorCase("round_decimals_int", lambda M: M.tensor([1, 2]).round(decimals=1),
              NotImplementedError, "\"round_cpu\" not implemented for 'Long'"),
    ErrorCase("frac_int32", lambda M: M.tensor([1, 2], dtype=M.int32).frac(),
              NotImplementedError, "\"frac_cpu\" not implemented for 'Int'"),
    ErrorCase("floor_bool", lambda M: M.tensor([True]).floor(), NotImplementedError,
              "\"floor_vml_cpu\" not implemented for 'Bool'"),
    ErrorCase("round_bool", lambda M: M.round(M.tensor([True])), NotImplementedError,
              "\"round_vml_cpu\" not implemented for 'Bool'"),
    ErrorCase("fmod_int_by_0", lambda M: M.tensor([1, 2]).fmod(0), RuntimeError,
              "ZeroDivisionError"),
    ErrorCase("remainder_int_by_0_tensor",
              lambda M: M.tensor([1, 2]).remainder(M.tensor([3, 0])), RuntimeError,
              "ZeroDivisionError"),
    ErrorCase("clamp_min_shapes", lambda M: M.ones(2, 3).clamp_min(M.zeros(2)), RuntimeError,
              _size_mismatch(3, 2, 1)),
    ErrorCase("fmod_shapes", lambda M: M.ones(2, 3).fmod(M.ones(2)), RuntimeError,
              _size_mismatch(3, 2, 1)),
    ErrorCase("lerp_end_dtype", lambda M: M.ones(2).lerp(M.ones(2, dtype=M.float64), 0.5),
              RuntimeError, "expected dtype float for `end` but got dtype double"),
    ErrorCase("lerp_weight_dtype",
              lambda M: M.ones(2).lerp(M.ones(2), M.ones(2, dtype=M.float64)), RuntimeError,
              "expected dtype float for `weight` but got dtype double"),
    ErrorCase("lerp_int_end", lambda M: M.ones(2).lerp(M.tensor([1, 2]), 0.5), RuntimeError,
              "expected dtype float for `end` but got dtype long int"),
    ErrorCase("lerp_int", lambda M: M.tensor([1, 2]).lerp(M.tensor([3, 4]), 0.5),
              NotImplementedError, "\"lerp_kernel_scalar\" not implemented for 'Long'"),
    ErrorCase("lerp_int_tensor_weight",
              lambda M: M.tensor([1, 2]).lerp(M.tensor([3, 4]), M.tensor([1, 1])),
              NotImplementedError, "\"lerp_kernel_tensor\" not implemented for 'Long'"),
    ErrorCase("lerp_shapes", lambda M: M.ones(2).lerp(M.ones(3), 0.5), RuntimeError,
              _size_mismatch(2, 3, 0)),
    # moving, selecting and sorting
    ErrorCase("narrow_length", lambda M: M.ones(2, 3).narrow(1, 1, 3), RuntimeError,
              "start (1) + length (3) exceeds dimension size (3)."),
    ErrorCase("narrow_start", lambda M: M.ones(2, 3).narrow(1, -4, 1), IndexError,
              "start out of range (expected to be in range of [-3, 3], but got -4)"),
    ErrorCase("narrow_negative_length", lambda M: M.ones(2, 3).narrow(1, 5, -1), RuntimeError,
              "narrow(): length must be non-negative."),
    ErrorCase("narrow_length_before_dim", lambda M: M.ones(2).narrow(3, 0, -1), RuntimeError,
              "narrow(): length must be non-negative."),
    ErrorCase("narrow_0d", lambda M: M.tensor(1.0).narrow(0, 0, 1), RuntimeError,
              "narrow() cannot be applied to a 0-dim tensor."),
    ErrorCase("select_index", lambda M: M.ones(2, 3).select(1, 3), IndexError,
              "select(): index 3 out of range for tensor of size [2, 3] at dimension 1"),
    ErrorCase("select_negative_dim", lambda M: M.ones(2, 3).select(-2, -3), IndexError,
              "select(): index -3 out of range for tensor of size [2, 3] at dimension 0"),
    ErrorCase("select_dim", lambda M: M.ones(2, 3).select(2, 0), IndexError, _dim_range(-2, 1, 2)),
    ErrorCase("select_0d", lambda M: M.tensor(1.0).select(0, 0), IndexError,
              "select() cannot be applied to a 0-dim tensor."),
    ErrorCase("movedim_repeated", lambda M: M.ones(2, 3).movedim((0, 0), (1, 0)), RuntimeError,
              "movedim: repeated dim in `source` ([0, 0])"),
    ErrorCase("movedim_repeated_destination", lambda M: M.ones(2, 3).movedim((0, 1), (-1, 1)),
              RuntimeError, "movedim: repeated dim in `destination` ([-1, 1])"),
    ErrorCase("movedim_dim_before_repeats", lambda M: M.ones(2, 3).movedim((0, 0), (5, 1)),
              IndexError, _dim_range(-2, 1, 5)),
    ErrorCase("movedim_lengths", lambda M: M.ones(2, 3).movedim((0, 1), (1,)), RuntimeError,
              "movedim: Invalid source or destination dims: source ([0, 1] dims) should "
              "contain the same number of dims as destination ([1] dims)"),
    ErrorCase("swapaxes_dim", lambda M: M.ones(2, 3).swapaxes(0, 2), IndexError,
              _dim_range(-2, 1, 2)),
    ErrorCase("roll_shifts_dims", lambda M: M.ones(2, 3).roll((1, 2), (0,)), RuntimeError,
              "shifts and dimensions must align. shifts: 2, dims:1"),
    ErrorCase("roll_shifts_without_dims", lambda M: M.ones(2, 3).roll((1, 2)), RuntimeError,
              "shifts and dimensions must align. shifts: 2, dims:0"),
    ErrorCase("roll_dim", lambda M: M.ones(2, 3).roll(1, 2), IndexError, _dim_range(-2, 1, 2)),
    ErrorCase("roll_0d_dim", lambda M: M.tensor(1.0).roll(1, 0), IndexError,
              "Dimension specified as 0 but tensor has no dimensions"),
    ErrorCase("repeat_too_few", lambda M: M.ones(2, 3).repeat(2), RuntimeError,
              "Number of dimensions of repeat dims can not be smaller than number of dimensions "
              "of tensor"),
    ErrorCase("repeat_negative", lambda M: M.ones(2, 3).repeat(2, -1), RuntimeError,
              "Trying to create tensor with negative dimension -3: [4, -3]"),
    ErrorCase("diagonal_same_dims", lambda M: M.ones(2, 3).diagonal(0, 1, 1), RuntimeError,
              "diagonal dimensions cannot be identical 1, 1"),
    ErrorCase("diagonal_same_dims_negative", lambda M: M.ones(2, 3).diagonal(0, -1, 1),
              RuntimeError, "diagonal dimensions cannot be identical -1, 1"),
    ErrorCase("diagonal_1d", lambda M: M.ones(3).diagonal(), IndexError, _dim_range(-1, 0, 1)),
    ErrorCase("diag_3d", lambda M: M.ones(2, 2, 2).diag(), RuntimeError,
              "diag(): Supports 1D or 2D tensors. Got 3D"),
    ErrorCase("tril_1d", lambda M: M.ones(3).tril(), RuntimeError,
              "tril: input tensor must have at least 2 dimensions"),
    ErrorCase("triu_0d", lambda M: M.tensor(1.0).triu(), RuntimeError,
              "triu: input tensor must have at least 2 dimensions"),
    ErrorCase("sort_dim", lambda M: M.ones(2, 3).sort(2), IndexError, _dim_range(-2, 1, 2)),
    ErrorCase("argsort_dim", lambda M: M.ones(2, 3).argsort(dim=-3), IndexError,
              _dim_range(-2, 1, -3)),
    ErrorCase("topk_k", lambda M: M.ones(2, 3).topk(4), RuntimeError,
              "selected index k out of range"),
    ErrorCase("topk_dim", lambda M: M.ones(2, 3).topk(1, dim=2), IndexError,
              _dim_range(-2, 1, 2)),
    ErrorCase("kthvalue_k", lambda M: M.ones(2, 3).kthvalue(4), RuntimeError,
              "kthvalue(): selected number k out of range for dimension 1"),
    ErrorCase("kthvalue_k_0", lambda M: M.ones(2, 3).kthvalue(0, 0), RuntimeError,
              "kthvalue(): selected number k out of range for dimension 0"),
    ErrorCase("median_dim", lambda M: M.ones(2, 3).median(2), IndexError, _dim_range(-2, 1, 2)),
    ErrorCase("median_empty_dim", lambda M: M.ones(0, 3).median(0), IndexError,
              "median(): Expected reduction dim 0 to have non-zero size."),
    ErrorCase("cumprod_dim", lambda M: M.ones(2, 3).cumprod(-3), IndexError,
              _dim_range(-2, 1, -3)),
    ErrorCase("cumprod_0d_dim", lambda M: M.tensor(1.0).cumprod(1), IndexError,
              _dim_range(-1, 0, 1)),
    ErrorCase("mv_sizes", lambda M: M.mv(M.ones(2, 3), M.ones(2)), RuntimeError,
              "size mismatch, got input (2), mat (2x3), vec (2)"),
    ErrorCase("mv_sizes_before_dtypes",
              lambda M: M.mv(M.ones(2, 3), M.ones(2, dtype=M.float64)), RuntimeError,
              "size mismatch, got input (2), mat (2x3), vec (2)"),
    ErrorCase("mv_vector_vector", lambda M: M.mv(M.ones(3), M.ones(3)), RuntimeError,
              "vector + matrix @ vector expected, got 1, 1, 1"),
    ErrorCase("mv_dtypes", lambda M: M.mv(M.ones(2, 3), M.ones(3, dtype=M.float64)),
              RuntimeError,
              "addmv input tensors must have the same dtype, but got Double, Float, and Double"),
    ErrorCase("addmm_shapes", lambda M: M.addmm(M.ones(3), M.ones(2, 3), M.ones(2, 3)),
              RuntimeError, "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    ErrorCase("addmm_vector", lambda M: M.addmm(M.ones(3), M.ones(3), M.ones(3, 3)),
              RuntimeError, "mat1 must be a matrix, got 1-D tensor"),
    ErrorCase("where_method_condition", lambda M: M.ones(2).where(M.ones(2), 0.0), RuntimeError,
              "where expected condition to be a boolean tensor, but got a tensor with dtype Float"),
    # nn: activations, losses, embedding, layer norm
    ErrorCase("gelu_approximate", lambda M: M.nn.functional.gelu(M.ones(2), approximate="x"),
              RuntimeError, "approximate argument must be either none or tanh."),
    ErrorCase("gelu_long", lambda M: M.nn.functional.gelu(M.tensor([1, 2])), NotImplementedError,
              "\"GeluKernelImpl\" not implemented for 'Long'"),
    ErrorCase("silu_long", lambda M: M.nn.functional.silu(M.tensor([1, 2])), NotImplementedError,
              "\"silu_cpu\" not implemented for 'Long'"),
    ErrorCase("softplus_long", lambda M: M.nn.functional.softplus(M.tensor([1, 2])),
              NotImplementedError, "\"softplus_cpu\" not implemented for 'Long'"),
    ErrorCase("elu_long", lambda M: M.nn.functional.elu(M.tensor([1, 2])), NotImplementedError,
              "\"elu_cpu\" not implemented for 'Long'"),
    ErrorCase("bce_target_shape",
              lambda M: M.nn.BCELoss()(M.ones(2) * 0.5, M.ones(2, 1)), ValueError,
              "Using a target size (torch.Size([2, 1])) that is different to the input size "
              "(torch.Size([2])) is deprecated. Please ensure they have the same size."),
    ErrorCase("bce_outside_0_1", lambda M: M.nn.BCELoss()(M.ones(2) * 2, M.ones(2)),
              RuntimeError, "all elements of input should be between 0 and 1"),
    ErrorCase("bce_long_target",
              lambda M: M.nn.functional.binary_cross_entropy(M.ones(2) / 2, M.tensor([0, 1])),
              RuntimeError, "Found dtype Long but expected Float"),
    ErrorCase("bce_reduction",
              lambda M: M.nn.BCELoss(reduction="avg")(M.ones(2) / 2, M.ones(2)), ValueError,
              "avg is not a valid value for reduction"),
    ErrorCase("bce_weight_requires_grad",
              lambda M: M.nn.functional.binary_cross_entropy(
                  M.ones(2) / 2, M.ones(2), weight=M.ones(2, requires_grad=True)), RuntimeError,
              "The function 'binary_cross_entropy' is not differentiable with respect to argument "
              "'weight'. This input cannot have requires_grad True."),
    ErrorCase("bce_logits_target_shape",
              lambda M: M.nn.BCEWithLogitsLoss()(M.ones(4), M.ones(4, 1)), ValueError,
              "Target size (torch.Size([4, 1])) must be the same as input size "
              "(torch.Size([4]))"),
    ErrorCase("bce_logits_long_target",
              lambda M: M.nn.BCEWithLogitsLoss()(M.ones(2), M.tensor([0, 1])), RuntimeError,
              "result type Float can't be cast to the desired output type Long"),
    ErrorCase("bce_logits_pos_weight_requires_grad",
              lambda M: M.nn.functional.binary_cross_entropy_with_logits(
                  M.ones(2), M.ones(2), pos_weight=M.ones(2, requires_grad=True)), RuntimeError,
              "The function 'binary_cross_entropy_with_logits' is not differentiable with "
              "respect to argument 'pos_weight'. This input cannot have requires_grad True."),
    ErrorCase("huber_delta", lambda M: M.nn.HuberLoss(delta=0.0)(M.ones(2), M.ones(2)),
              RuntimeError, "huber_loss does not support non-positive values for delta."),
    ErrorCase("smooth_l1_beta", lambda M: M.nn.SmoothL1Loss(beta=-1.0)(M.ones(2), M.ones(2)),
              RuntimeError, "smooth_l1_loss does not support negative values for beta."),
    ErrorCase("l1_reduction", lambda M: M.nn.L1Loss(reduction="avg")(M.ones(2), M.ones(2)),
              ValueError, "avg is not a valid value for reduction"),
    ErrorCase("nll_module_float_target",
              lambda M: M.nn.NLLLoss()(M.ones(2, 3), M.tensor([0.0, 1.0])), RuntimeError,
              "expected target dtype to be Long or Byte, but got Float"),
    ErrorCase("embedding_float_indices",
              lambda M: M.nn.functional.embedding(M.tensor([1.0]), M.ones(3, 2)), RuntimeError,
              "Expected tensor for argument #1 'indices' to have one of the following scalar "
              "types: Long, Int; but got torch.FloatTensor instead (while checking arguments "
              "for embedding)"),
    ErrorCase("embedding_index_too_big",
              lambda M: M.nn.functional.embedding(M.tensor([0, 3]), M.ones(3, 2)), IndexError,
              "index out of range in self"),
    ErrorCase("embedding_index_negative",
              lambda M: M.nn.functional.embedding(M.tensor([-1]), M.ones(3, 2)), IndexError,
              "index out of range in self"),
    ErrorCase("embedding_weight_1d",
              lambda M: M.nn.functional.embedding(M.tensor([0]), M.ones(3)), RuntimeError,
              "'weight' must be 2-D"),
    ErrorCase("embedding_padding_idx", lambda M: M.nn.Embedding(5, 3, padding_idx=5),
              AssertionError, "Padding_idx must be within num_embeddings"),
    ErrorCase("embedding_padding_idx_negative", lambda M: M.nn.Embedding(5, 3, padding_idx=-6),
              AssertionError, "Padding_idx must be within num_embeddings"),
    ErrorCase("one_hot_float", lambda M: M.nn.functional.one_hot(M.tensor([0.0, 1.0])),
              RuntimeError, "one_hot is only applicable to index tensor of type LongTensor."),
    ErrorCase("one_hot_int32",
              lambda M: M.nn.functional.one_hot(M.tensor([0, 1], dtype=M.int32)), RuntimeError,
              "one_hot is only applicable to index tensor of type LongTensor."),
    ErrorCase("one_hot_too_big", lambda M: M.nn.functional.one_hot(M.tensor([0, 5]), 3),
              RuntimeError, "Class values must be smaller than num_classes."),
    ErrorCase("one_hot_negative", lambda M: M.nn.functional.one_hot(M.tensor([0, -1])),
              RuntimeError, "Class values must be non-negative."),
    ErrorCase("one_hot_empty",
              lambda M: M.nn.functional.one_hot(M.tensor([], dtype=M.int64)), RuntimeError,
              "Can not infer total number of classes from empty tensor."),
    ErrorCase("layer_norm_shape", lambda M: M.nn.LayerNorm(4)(M.ones(2, 3)), RuntimeError,
              "Given normalized_shape=[4], expected input with shape [*, 4], but got input of "
              "size[2, 3]"),
    ErrorCase("layer_norm_shape_2d", lambda M: M.nn.LayerNorm((2, 3))(M.ones(4, 3)),
              RuntimeError, "Given normalized_shape=[2, 3], expected input with shape [*, 2, 3], "
              "but got input of size[4, 3]"),
    ErrorCase("layer_norm_weight",
              lambda M: M.nn.functional.layer_norm(M.ones(2, 4), (4,), weight=M.ones(3)),
              RuntimeError, "Expected weight to be of same shape as normalized_shape, but got "
              "weight of shape [3] and normalized_shape = [4]"),
    ErrorCase("layer_norm_bias",
              lambda M: M.nn.functional.layer_norm(M.ones(2, 4), (4,), bias=M.ones(3)),
              RuntimeError, "Expected bias to be of same shape as normalized_shape, but got "
              "bias of shape [3] and normalized_shape = [4]"),
    ErrorCase("layer_norm_long",
              lambda M: M.nn.functional.layer_norm(M.ones(2, 4, dtype=M.int64), (4,)),
              NotImplementedError, "\"LayerNormKernelImpl\" not implemented for 'Long'"),
    ErrorCase("layer_norm_int_shape", lambda M: M.nn.functional.layer_norm(M.ones(2, 4), 4),
              TypeError, "layer_norm(): argument 'normalized_shape' (position 2) must be tuple "
              "of ints, not int"),
    ErrorCase("dropout_p", lambda M: M.nn.functional.dropout(M.ones(2), 1.5), ValueError,
              "dropout probability has to be between 0 and 1, but got 1.5"),
    ErrorCase("dropout_module_p", lambda M: M.nn.Dropout(-0.1), ValueError,
              "dropout probability has to be between 0 and 1, but got -0.1"),
    ErrorCase("dropout_long", lambda M: M.nn.functional.dropout(M.tensor([1, 2])), RuntimeError,
              "result type Float can't be cast to the desired output type Long"),
    ErrorCase("l1_weight_size",
              lambda M: M.nn.functional.l1_loss(M.ones(2), M.ones(2), weight=M.ones(3)),
              ValueError, "Weights and input must have the same size."),
    ErrorCase("huber_weight_size",
              lambda M: M.nn.functional.huber_loss(M.ones(2), M.ones(2), weight=M.ones(1)),
              ValueError, "Weights and input must have the same size."),
    # (reported while adding ops: the order of addmm's dtype checks, cumsum's dim of a 0-d)
    ErrorCase("addmm_self_dtype_first",
              lambda M: M.addmm(M.ones(2, 2), M.ones(2, 2), M.ones(2, 2, dtype=M.float64)),
              RuntimeError, "self and mat2 must have the same dtype, but got Float and Double"),
    ErrorCase("addmm_mat1_dtype",
              lambda M: M.addmm(M.ones(2, 2, dtype=M.float64), M.ones(2, 2),
                                M.ones(2, 2, dtype=M.float64)),
              RuntimeError, "mat1 and mat2 must have the same dtype, but got Float and Double"),
    ErrorCase("cumsum_0d_dim", lambda M: M.tensor(1.0).cumsum(1), IndexError, _dim_range(-1, 0, 1)),
]
