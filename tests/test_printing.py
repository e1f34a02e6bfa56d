"""Tests for visgrad.printing: our tensor text must equal PyTorch's, character for character.

The first section uses literal expected strings and runs without PyTorch.  The second
section compares against `repr(torch.tensor(...))` and is skipped when torch is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any, Literal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from visgrad.printing import format_tensor, set_printoptions

NAN, INF = float("nan"), float("inf")
GRAD_SUFFIXES = [None, "requires_grad=True", "grad_fn=<MulBackward0>"]


@pytest.fixture(autouse=True)
def _default_options() -> Iterator[None]:
    """Every test starts and ends with the default print options."""
    set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")


# --------------------------------------------------------------------------- torch-free

LITERAL_CASES: list[tuple[Any, str, list[str], str]] = [
    (np.ones((2, 2)), "float32", ["requires_grad=True"],
     "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)"),
    (np.full((2, 2), 27.0), "float32", ["grad_fn=<MulBackward0>"],
     "tensor([[27., 27.],\n        [27., 27.]], grad_fn=<MulBackward0>)"),
    (np.array(27.0), "float32", ["grad_fn=<MeanBackward0>"],
     "tensor(27., grad_fn=<MeanBackward0>)"),
    (np.full((2, 2), 4.5), "float32", [], "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])"),
    ([102.4, 1024.0, 0.1024], "float32", [], "tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])"),
    ([True, True], "bool", [], "tensor([True, True])"),
    (np.array(True), "bool", [], "tensor(True)"),
    ([True, False], "bool", [], "tensor([ True, False])"),
    (np.array(3), "int64", [], "tensor(3)"),
    ([0.1, 1e9], "float32", [], "tensor([1.0000e-01, 1.0000e+09])"),
    ([-0.0, 1.0], "float32", [], "tensor([-0., 1.])"),
    ([NAN, INF, -INF, 1.5], "float32", [], "tensor([   nan,    inf,   -inf, 1.5000])"),
    ([1.5, -2.0], "float64", [], "tensor([ 1.5000, -2.0000], dtype=torch.float64)"),
    (np.zeros((0, 3)), "float32", [], "tensor([], size=(0, 3))"),
    (np.zeros(0), "float64", [], "tensor([], dtype=torch.float64)"),
    (np.zeros(0), "int64", [], "tensor([], dtype=torch.int64)"),
    (np.arange(12.0).reshape(2, 3, 2) * 1.5, "float32", [],
     ("tensor([[[ 0.0000,  1.5000],\n"
      "         [ 3.0000,  4.5000],\n"
      "         [ 6.0000,  7.5000]],\n\n"
      "        [[ 9.0000, 10.5000],\n"
      "         [12.0000, 13.5000],\n"
      "         [15.0000, 16.5000]]])")),
    (np.arange(30.0) * 1.25, "float32", [],
     ("tensor([ 0.0000,  1.2500,  2.5000,  3.7500,  5.0000,  6.2500,  7.5000,  8.7500,\n"
      "        10.0000, 11.2500, 12.5000, 13.7500, 15.0000, 16.2500, 17.5000, 18.7500,\n"
      "        20.0000, 21.2500, 22.5000, 23.7500, 25.0000, 26.2500, 27.5000, 28.7500,\n"
      "        30.0000, 31.2500, 32.5000, 33.7500, 35.0000, 36.2500])")),
    ([1.0001] * 9, "float32", ["grad_fn=<MulBackward0>"],
     ("tensor([1.0001, 1.0001, 1.0001, 1.0001, 1.0001, 1.0001, 1.0001, 1.0001, 1.0001],\n"
      "       grad_fn=<MulBackward0>)")),
]


@pytest.mark.parametrize(("values", "dtype_name", "suffixes", "expected"), LITERAL_CASES)
def test_literal_outputs(values: Any, dtype_name: str, suffixes: list[str], expected: str) -> None:
    assert format_tensor(np.asarray(values), dtype_name, suffixes) == expected


def test_summarized_int_row() -> None:
    set_printoptions(threshold=5)
    assert format_tensor(np.arange(10), "int64", []) == "tensor([0, 1, 2,  ..., 7, 8, 9])"


def test_summarized_matrix() -> None:
    expected = (
        "tensor([[ 0.,  1.,  2.,  ...,  5.,  6.,  7.],\n"
        "        [ 8.,  9., 10.,  ..., 13., 14., 15.],\n"
        "        [16., 17., 18.,  ..., 21., 22., 23.],\n"
        "        ...,\n"
        "        [40., 41., 42.,  ..., 45., 46., 47.],\n"
        "        [48., 49., 50.,  ..., 53., 54., 55.],\n"
        "        [56., 57., 58.,  ..., 61., 62., 63.]])"
    )
    set_printoptions(threshold=5)
    assert format_tensor(np.arange(64.0).reshape(8, 8), "float32", []) == expected


def test_float32_rounding_of_one_tenth() -> None:
    assert format_tensor(np.array(0.1, dtype=np.float32), "float32", []) == "tensor(0.1000)"


# --------------------------------------------------------------------------- against torch


@pytest.fixture(scope="module")
def torch() -> Iterator[ModuleType]:
    """PyTorch itself (tests using it are skipped when it is not installed)."""
    module = pytest.importorskip("torch")
    yield module
    module.set_printoptions(profile="default")


def torch_repr(torch: ModuleType, values: np.ndarray, suffix: str | None) -> str:
    """`repr` of the torch tensor holding `values`, with the suffix made naturally."""
    tensor = torch.from_numpy(np.array(values))  # np.array copies (also fine for 0-d)
    if suffix is not None:
        tensor = tensor.requires_grad_(True)
        if suffix.startswith("grad_fn"):
            tensor = tensor * 1
    return repr(tensor)


def assert_same(torch: ModuleType, values: np.ndarray, suffix: str | None = None) -> None:
    """Our text for `values` equals PyTorch's."""
    ours = format_tensor(values, values.dtype.name, [] if suffix is None else [suffix])
    assert ours == torch_repr(torch, values, suffix)


rng = np.random.default_rng(1234)
HAND_PICKED: list[np.ndarray] = [
    np.array(v, dtype=d) for v, d in [
        (27.0, "float32"), (0.1, "float32"), (NAN, "float32"), (-0.0, "float32"), (True, "bool"),
        (5, "int64"), ([0.0, -0.0], "float32"), ([NAN, INF, -INF], "float32"),
        ([NAN, 2.0, -INF], "float32"), ([1e-5, 1.0], "float32"), ([1e9], "float32"),
        ([1e8, 1.0], "float32"), ([1000.0, 1.0], "float32"), ([1001.0, 1.0], "float32"),
        ([9.99996, 1.5], "float32"), ([123456789.0], "float32"), ([1e300, 1e-300], "float64"),
        ([-5, 100000], "int64"), ([-128, 127], "int8"), ([0, 255], "uint8"), ([1, -2], "int32"),
        ([1, -2], "int16"), ([0.1, 65504.0], "float16"), ([False, False], "bool"),
    ]
] + [
    np.arange(100.0, dtype=np.float32), np.arange(2000.0, dtype=np.float32),
    np.arange(2000), np.arange(3000.0, dtype=np.float32).reshape(3, 1000),
    *(rng.standard_normal(shape).astype(np.float32)
      for shape in [(40, 40), (3, 4, 5), (2, 3, 4, 5), (20, 20, 20)]),
    (rng.standard_normal((1, 1000)) * 1e10).astype(np.float32), rng.standard_normal(10),
    rng.standard_normal(10).astype(np.float16), np.arange(10, dtype=np.int8),
    rng.standard_normal((7, 1, 1)).astype(np.float32), np.zeros((0, 3), np.float32),
    np.zeros(0, np.float32), np.zeros(0), np.zeros(0, np.int64), np.zeros((2, 0, 2), bool),
    (rng.standard_normal((4, 9)) * 1000).astype(np.float32), np.full((2, 11), 1.0001, np.float32),
]


@pytest.mark.parametrize("values", HAND_PICKED, ids=lambda v: f"{v.dtype}{v.shape}")
def test_hand_picked_match_torch(torch: ModuleType, values: np.ndarray) -> None:
    assert_same(torch, values)
    if values.dtype.kind == "f" and values.dtype != np.float16:
        assert_same(torch, values, "requires_grad=True")
        assert_same(torch, values, "grad_fn=<MulBackward0>")


OPTIONS: list[dict[str, Any]] = [
    {"precision": 2}, {"threshold": 5}, {"edgeitems": 0, "threshold": 5}, {"edgeitems": 0},
    {"linewidth": 40}, {"sci_mode": True}, {"sci_mode": False}, {"profile": "short"},
    {"profile": "full"}, {"threshold": 0}, {"edgeitems": 1, "threshold": 3},
]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_print_options_match_torch(torch: ModuleType, options: dict[str, Any]) -> None:
    torch.set_printoptions(**options)
    set_printoptions(**options)
    try:
        for values in HAND_PICKED:
            assert_same(torch, values)
        assert_same(torch, np.array([1e-9, 1e9], np.float32), "grad_fn=<MulBackward0>")
    finally:
        torch.set_printoptions(profile="default")


SPECIAL_FLOATS = [0.0, -0.0, 1.0, -1.0, 0.1, 2.5, 1e-5, 1e5, 1e9, 1e-9, 9.99996, NAN, INF, -INF]
SHAPES = st.one_of(
    hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=6),
    hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=40),
)


def element_flavours(width: Literal[32, 64]) -> list[st.SearchStrategy[float]]:
    """Ways to draw the values of one array: anything, specials, whole numbers, ranges."""
    return [
        st.floats(width=width),
        st.sampled_from(SPECIAL_FLOATS),
        st.integers(-2000, 2000).map(float),
        st.floats(-10.0, 10.0, width=width),
        st.floats(1e-7, 1e12, width=64).map(lambda x: float(np.float32(x))),
    ]


FLAVOURS = {np.float32: element_flavours(32), np.float64: element_flavours(64)}


@st.composite
def float_arrays(draw: st.DrawFn) -> np.ndarray:
    """Float arrays whose values all come from one randomly chosen flavour."""
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    index = draw(st.integers(0, len(FLAVOURS[dtype]) - 1))
    return draw(hnp.arrays(dtype, draw(SHAPES), elements=FLAVOURS[dtype][index]))


ANY_ARRAY = st.one_of(
    float_arrays(),
    hnp.arrays(st.sampled_from([np.int64, np.int32, np.int8, np.uint8]), SHAPES),
    hnp.arrays(np.bool_, SHAPES),
)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the fixture is stateless
@given(values=ANY_ARRAY, suffix=st.sampled_from(GRAD_SUFFIXES))
def test_random_tensors_match_torch(
    torch: ModuleType, values: np.ndarray, suffix: str | None
) -> None:
    assert_same(torch, values, suffix if values.dtype.kind == "f" else None)
