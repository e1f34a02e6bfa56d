"""PyTorch's autograd tutorial, step by step, with `import visgrad as torch`: each step prints
exactly what PyTorch 2.13 prints (see shared TUTORIAL.md), memory addresses aside."""

import pytest

import visgrad as torch


def printed(capsys, *values):
    print(*values)
    return capsys.readouterr().out


@pytest.fixture
def x():
    return torch.ones(2, 2, requires_grad=True)


def test_step_1_to_4_a_tensor_that_tracks_history(capsys, x):
    assert printed(capsys, x) == "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)\n"
    assert printed(capsys, x.data) == "tensor([[1., 1.],\n        [1., 1.]])\n"
    assert printed(capsys, x.grad) == "None\n"
    assert printed(capsys, x.grad_fn) == "None\n"


def test_step_5_6_an_operation_records_its_grad_fn(capsys, x):
    y = x + 2
    assert printed(capsys, y) == "tensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)\n"
    assert y.grad_fn.name() == "AddBackward0"
    assert printed(capsys, y.grad_fn) == "<AddBackward0 object>\n"


def test_step_7_more_operations(capsys, x):
    y = x + 2
    z = y * y * 3
    out = z.mean()
    assert printed(capsys, z, out) == (
        "tensor([[27., 27.],\n        [27., 27.]], grad_fn=<MulBackward0>) "
        "tensor(27., grad_fn=<MeanBackward0>)\n"
    )


def test_step_8_to_10_requires_grad_in_place(capsys):
    torch.manual_seed(0)
    a = torch.randn(2, 2)
    a = (a * 3) / (a - 1)
    assert printed(capsys, a.requires_grad) == "False\n"
    a.requires_grad_(True)
    assert printed(capsys, a.requires_grad) == "True\n"
    b = (a * a).sum()
    assert printed(capsys, b.grad_fn) == "<SumBackward0 object>\n"


def test_step_11_gradients(capsys, x):
    out = ((x + 2) * (x + 2) * 3).mean()
    out.backward()
    assert printed(capsys, x.grad) == "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])\n"


def test_step_12_to_14_retain_graph_and_accumulation(capsys, x):
    y = x + 2
    y.backward(torch.ones(2, 2), retain_graph=True)
    assert printed(capsys, x.grad) == "tensor([[1., 1.],\n        [1., 1.]])\n"
    z = y * y
    assert printed(capsys, z) == "tensor([[9., 9.],\n        [9., 9.]], grad_fn=<MulBackward0>)\n"
    torch.manual_seed(0)
    gradient = torch.randn(2, 2)
    y.backward(gradient)
    assert torch.allclose(x.grad, 1 + gradient)
    assert printed(capsys, x.grad) == printed(capsys, 1 + gradient)


def test_step_14_without_retain_graph_fails_in_pytorch_words(x):
    y = x + 2
    z = y * y  # MulBackward0 saves y: the second backward needs it
    z.backward(torch.ones(2, 2))
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        z.backward(torch.ones(2, 2))


def test_step_15_16_no_grad(capsys, x):
    assert printed(capsys, x.requires_grad) == "True\n"
    assert printed(capsys, (x**2).requires_grad) == "True\n"
    with torch.no_grad():
        assert printed(capsys, (x**2).requires_grad) == "False\n"


def test_vector_jacobian_product(capsys):
    x = torch.tensor([0.6, -0.8, 0.5], requires_grad=True)  # norm 1.118: k = 10
    y = x * 2
    k = 1
    while y.data.norm() < 1000:
        y = y * 2
        k += 1
    v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
    y.backward(v)
    assert torch.allclose(x.grad, v * 2**k)
    assert k == 10
    assert printed(capsys, x.grad) == "tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])\n"


def test_detach(capsys):
    x = torch.ones(3, requires_grad=True)
    y = x.detach()
    assert printed(capsys, y.requires_grad) == "False\n"
    assert printed(capsys, x.eq(y).all()) == "tensor(True)\n"


def test_the_current_tutorials_example(capsys):
    a = torch.tensor([2.0, 3.0], requires_grad=True)
    b = torch.tensor([6.0, 4.0], requires_grad=True)
    Q = 3 * a**3 - b**2
    Q.backward(gradient=torch.tensor([1.0, 1.0]))
    assert printed(capsys, 9 * a**2 == a.grad) == "tensor([True, True])\n"
    assert printed(capsys, -2 * b == b.grad) == "tensor([True, True])\n"
