"""autograd.grad and backward(inputs=) with an input given twice, or retaining its grad."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import visgrad

torch = pytest.importorskip("torch")


def _cases(M: Any) -> list[Any]:
    y = M.tensor([1.0, 2.0], requires_grad=True)
    z = y * 3
    twice = M.autograd.grad((y * y).sum(), [y, y])
    mixed = M.autograd.grad((z * z).sum(), [z, y, z])
    (y * y).sum().backward(inputs=[y, y])
    leaf_grad = y.grad
    w = y * 3
    w.retain_grad()
    (w * w).sum().backward(inputs=[w])
    v = y * 3
    (v * v).sum().backward(inputs=[v, v])
    return [*twice, *mixed, leaf_grad, w.grad, v.grad]


def test_an_input_given_twice_gets_its_gradient_each_time_and_grad_once_as_torch() -> None:
    theirs, ours = _cases(torch), _cases(visgrad)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_gradgradcheck_as_torch() -> None:
    verdicts = []
    for M in (torch, visgrad):

        class Square(M.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                ctx.save_for_backward(x)
                return x * x

            @staticmethod
            def backward(ctx: Any, grad: Any) -> Any:
                (x,) = ctx.saved_tensors
                return grad * 2 * x.detach()  # the right value, but its derivative is lost

        x = M.tensor([0.5, -1.5, 2.0], dtype=M.float64, requires_grad=True)
        y = M.tensor([[1.0, 2.0], [0.5, -1.0]], dtype=M.float64, requires_grad=True)
        verdicts.append((
            M.autograd.gradcheck(Square.apply, (x,)),
            M.autograd.gradgradcheck(Square.apply, (x,), raise_exception=False),
            M.autograd.gradgradcheck(lambda a: (a.sin() * a).exp(), (x,)),
            M.autograd.gradgradcheck(lambda a, b: a @ b.tanh(), (y, y)),
            M.autograd.gradgradcheck(lambda a: a**3, (x,), (M.ones(3, dtype=M.float64),)),
        ))
    assert verdicts[0] == verdicts[1] == (True, False, True, True, True)


def test_a_seed_of_another_dtype_is_cast_to_the_outputs_as_torch() -> None:
    dtypes = []
    for M in (torch, visgrad):
        x = M.tensor([1.0, 2.0], requires_grad=True)
        (g,) = M.autograd.grad(x * 3, x, M.tensor([1.0, 0.5], dtype=M.float64))
        dtypes.append((str(g.dtype).removeprefix("torch."), g.tolist()))
    assert dtypes[0] == dtypes[1] == ("float32", [3.0, 1.5])
