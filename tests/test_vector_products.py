"""autograd.functional's vjp, jvp, vhp, hvp and hessian against PyTorch's, values and errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import visgrad

torch = pytest.importorskip("torch")


def _inputs(M: Any) -> tuple[Any, Any, Any]:
    x = M.tensor([1.0, 2.0], dtype=M.float64)
    y = M.tensor([3.0, 4.0, 5.0], dtype=M.float64)
    return x, y, M.tensor([1.0, 0.5], dtype=M.float64)


CALLS = {
    "vjp of a number": lambda F, M, x, y, v: F.vjp(lambda a: (a**3).sum(), x),
    "vjp": lambda F, M, x, y, v: F.vjp(lambda a: a**2, x, v),
    "vjp, two inputs and outputs": lambda F, M, x, y, v: F.vjp(
        lambda a, b: (a * b.sum(), a.exp()), (x, y), (M.ones_like(x), M.ones_like(x))
    ),
    "jvp": lambda F, M, x, y, v: F.jvp(lambda a: a**2, x, v),
    "jvp, two inputs and outputs": lambda F, M, x, y, v: F.jvp(
        lambda a, b: (a * b.sum(), a.exp()), (x, y), (v, M.ones_like(y))
    ),
    "hessian": lambda F, M, x, y, v: F.hessian(lambda a: (a**3).sum(), x),
    "hessian, two inputs": lambda F, M, x, y, v: F.hessian(
        lambda a, b: (a * b.sum() ** 2).sum() + (a.exp() * a).sum(), (x, y)
    ),
    "vhp": lambda F, M, x, y, v: F.vhp(lambda a: (a**3).sum(), x, v),
    "jacobian, two inputs and outputs": lambda F, M, x, y, v: F.jacobian(
        lambda a, b: (a * b.sum(), (a.exp() * b[:2]).sum()), (x, y)
    ),
    "jacobian of a constant": lambda F, M, x, y, v: F.jacobian(lambda a: M.ones(3), x),
    "jacobian under no_grad": lambda F, M, x, y, v: _under_no_grad(
        M, lambda: F.jacobian(lambda a: a.exp(), x)
    ),
    "hvp (third derivatives of sin)": lambda F, M, x, y, v: F.hvp(
        lambda a: (a.sin() * a).sum(), x, v
    ),
}


def _under_no_grad(M: Any, call: Any) -> Any:
    with M.no_grad():
        return call()


def _arrays(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_arrays(v) for v in value]
    return value.detach().numpy()


def _same(ours: Any, theirs: Any) -> None:
    if isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            _same(a, b)
        return
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("name", CALLS)
def test_products_and_hessians_as_torch(name: str) -> None:
    results = [
        _arrays(CALLS[name](M.autograd.functional, M, *_inputs(M))) for M in (torch, visgrad)
    ]
    _same(results[1], results[0])


def test_create_graph_keeps_the_results_differentiable_as_torch() -> None:
    seen = []
    for M in (torch, visgrad):
        x = M.tensor([1.0, 2.0], dtype=M.float64, requires_grad=True)
        out, product = M.autograd.functional.vjp(lambda a: (a**3).sum(), x, create_graph=True)
        (second,) = M.autograd.grad(product.sum(), x)
        seen.append((out.requires_grad, product.requires_grad, second.tolist()))
        plain, _ = M.autograd.functional.vjp(lambda a: (a**3).sum(), x)
        assert not plain.requires_grad
    assert seen[0] == seen[1] == (True, True, [6.0, 12.0])


ERRORS = {
    "vjp needs v": lambda F, M, x: F.vjp(lambda a: a**2, x),
    "jvp needs v": lambda F, M, x: F.jvp(lambda a: a**2, x),
    "hessian of a vector": lambda F, M, x: F.hessian(lambda a: a**2, x),
    "v of the wrong size": lambda F, M, x: F.vjp(lambda a: a**2, x, M.ones(3)),
    "vhp needs v": lambda F, M, x: F.vhp(lambda a: (a**3).sum(), x),
    "strict jacobian of a constant": lambda F, M, x: F.jacobian(
        lambda a: M.ones(2), x, strict=True
    ),
    "strict jacobian, an unused input": lambda F, M, x: F.jacobian(
        lambda a, b: a * 2, (x, x.clone()), strict=True
    ),
}


@pytest.mark.parametrize("name", ERRORS)
def test_mistakes_are_refused_in_torchs_words(name: str) -> None:
    messages = []
    for M in (torch, visgrad):
        with pytest.raises(RuntimeError) as raised:
            ERRORS[name](M.autograd.functional, M, M.tensor([1.0, 2.0]))
        messages.append(str(raised.value))
    assert messages[1] == messages[0]


TYPE_ERRORS = {
    "jacobian of a list of inputs": lambda F, M, x: F.jacobian(lambda a, b: a + b, [x, x]),
    "jacobian of a number": lambda F, M, x: F.jacobian(lambda a: a.sum().item(), x),
}


@pytest.mark.parametrize("name", TYPE_ERRORS)
def test_wrong_types_are_refused_in_torchs_words(name: str) -> None:
    messages = []
    for M in (torch, visgrad):
        with pytest.raises(TypeError) as raised:
            TYPE_ERRORS[name](M.autograd.functional, M, M.tensor([1.0, 2.0]))
        messages.append(str(raised.value))
    assert messages[1] == messages[0]
