"""Lessons 5-7 exercises: each typical wrong answer gets its own message."""

import numpy as np
import pytest

import visgrad as torch
from autograd_lessons import exercise

J = np.array([[2.0, 1.0, 0.0], [0.0, 4.0, 0.0], [3.0, 0.0, 1.0]])
V = np.array([0.1, 1.0, 0.0001])


def message_for(exercise_id, answer):
    feedback = exercise(exercise_id).check(answer)
    assert not feedback.passed, feedback.message
    return feedback.message


# --- lesson 5 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, expected", [
    (J.T.tolist(), "your matrix is Jᵀ: row i of J holds the derivatives of output y_i"),
    (J[:2].tolist(), "expected shape (3, 3) but got (2, 3)"),
    ((J + np.eye(3)).tolist(), "entry [0, 0] is 3"),
])
def test_jacobian(answer, expected):
    assert expected in message_for("05.jacobian", answer)


@pytest.mark.parametrize("answer, expected", [
    ((J @ V).tolist(), "you computed J · v; `backward(v)` computes vᵀ · J"),
    (J.tolist(), "that is the Jacobian itself"),
    ((np.ones(3) @ J).tolist(), "you used v = (1, 1, 1)"),
    ([0.2003, 4.1], "expected shape (3,) but got (2,)"),
])
def test_vjp(answer, expected):
    assert expected in message_for("05.vjp", answer)


def one_hot(n, i):
    v = torch.zeros(n)
    v[i] = 1.0
    return v


def jacobian_transposed(f, x):
    y = f(x)
    rows = []
    for i in range(y.shape[0]):
        x.grad = None
        y.backward(one_hot(y.shape[0], i), retain_graph=True)
        rows.append(x.grad.clone())
    return torch.stack(rows).T


def jacobian_no_reset(f, x):
    y = f(x)
    rows = []
    for i in range(y.shape[0]):
        y.backward(one_hot(y.shape[0], i), retain_graph=True)
        rows.append(x.grad.clone())
    return torch.stack(rows)


def jacobian_no_clone(f, x):
    y = f(x)
    rows = []
    for i in range(y.shape[0]):
        if x.grad is not None:
            x.grad.zero_()
        y.backward(one_hot(y.shape[0], i), retain_graph=True)
        rows.append(x.grad)
    return torch.stack(rows)


def jacobian_no_retain(f, x):
    y = f(x)
    rows = []
    for i in range(y.shape[0]):
        x.grad = None
        y.backward(one_hot(y.shape[0], i))
        rows.append(x.grad.clone())
    return torch.stack(rows)


def jacobian_with_autograd_grad(f, x):
    y = f(x)
    rows = [torch.autograd.grad(y, x, one_hot(y.shape[0], i), retain_graph=True)[0]
            for i in range(y.shape[0])]
    return torch.stack(rows)


@pytest.mark.parametrize("answer, expected", [
    (jacobian_transposed, "your matrix is Jᵀ"),
    (jacobian_no_reset, "row i of your matrix is the sum of rows 0 … i of J"),
    (jacobian_no_clone, "all your rows are equal: you appended the same tensor each time"),
    (jacobian_no_retain, "pass `retain_graph=True`, or recompute `y = f(x)` for each row"),
    (lambda f, x: [[0.0]], "expected shape (3, 3) but got (1, 1)"),
])
def test_jacobian_function(answer, expected):
    assert expected in message_for("05.jacobian_function", answer)


def test_jacobian_function_accepts_autograd_grad_and_lists():
    assert exercise("05.jacobian_function").check(jacobian_with_autograd_grad).passed
    as_list = lambda f, x: jacobian_with_autograd_grad(f, x).tolist()  # noqa: E731
    assert exercise("05.jacobian_function").check(as_list).passed


# --- lesson 6 ---------------------------------------------------------------------------------
DETACH_RIGHT = {"y": False, "z": False, "w": False, "u": True}


@pytest.mark.parametrize("change, expected", [
    ({"y": True}, "`x.detach()` returns the same values with no history"),
    ({"z": True}, "z is made from y, which records nothing"),
    ({"w": True}, "inside `torch.no_grad()` nothing is recorded"),
    ({"u": False}, "after the `with` block recording is back on"),
    ({"u": "True"}, 'answer True or False for "u"'),
])
def test_detach(change, expected):
    assert expected in message_for("06.detach", {**DETACH_RIGHT, **change})


def square_under_no_grad(x):
    with torch.no_grad():
        return x * x


@pytest.mark.parametrize("answer, expected", [
    (lambda x: x * x, "x.grad is 2x: both factors are tracked"),
    (square_under_no_grad, "your result records no history"),
    (lambda x: x.detach() * x.detach(), "your result records no history"),
    (lambda x: x * 2, "your result is not right yet"),
    (lambda x: (x * x.detach()).tolist(), "return a tensor, not a `list`"),
])
def test_stop_gradient(answer, expected):
    assert expected in message_for("06.stop_gradient", answer)


def freeze_with_no_grad(params):
    with torch.no_grad():
        params["w1"] * 1


def freeze_weights_only(params):
    params["w1"].requires_grad_(False)


def freeze_everything(params):
    for p in params.values():
        p.requires_grad_(False)


def freeze_by_detaching(params):
    params["w1"] = params["w1"].detach()
    params["b1"] = params["b1"].detach()


def freeze_and_zero(params):
    for name in ("w1", "b1"):
        params[name].requires_grad_(False)
        params[name].zero_()


@pytest.mark.parametrize("answer, expected", [
    (freeze_with_no_grad, "`w1` still requires grad"),
    (freeze_weights_only, "`b1` still requires grad"),
    (freeze_everything, "`w2` no longer requires grad: freeze only the first layer"),
    (freeze_and_zero, "changed the values of the parameters"),
])
def test_freeze(answer, expected):
    assert expected in message_for("06.freeze", answer)


def test_freeze_by_detaching_also_works():
    assert exercise("06.freeze").check(freeze_by_detaching).passed


def sgd_while_recording(params, lr):
    for p in params:
        p -= lr * p.grad


def sgd_rebinding(params, lr):
    with torch.no_grad():
        for p in params:
            p = p - lr * p.grad


def sgd_replacing(params, lr):
    with torch.no_grad():
        for i, p in enumerate(params):
            params[i] = p - lr * p.grad


def sgd_ascending(params, lr):
    with torch.no_grad():
        for p in params:
            p += lr * p.grad


def sgd_without_lr(params, lr):
    with torch.no_grad():
        for p in params:
            p -= p.grad


def sgd_through_data(params, lr):
    for p in params:
        p.data -= lr * p.grad


@pytest.mark.parametrize("answer, expected", [
    (sgd_while_recording, "wrap the update in `with torch.no_grad():`"),
    (sgd_rebinding, "If you wrote `p = p - lr * p.grad`: that makes a new tensor"),
    (sgd_replacing, "you replaced the tensors in the list with new ones"),
    (sgd_ascending, "you moved the parameters up the gradient"),
    (sgd_without_lr, "multiply it by `lr`"),
])
def test_sgd_step(answer, expected):
    assert expected in message_for("06.sgd_step", answer)


def test_sgd_step_while_recording_names_pytorch_error():
    message = message_for("06.sgd_step", sgd_while_recording)
    assert "a leaf Variable that requires grad is being used in an in-place operation." in message
    assert "`p -= lr * p.grad`" in message


def test_sgd_step_through_data_works():
    assert exercise("06.sgd_step").check(sgd_through_data).passed


# --- lesson 7: custom Functions ---------------------------------------------------------------
def make_function(forward, backward):
    return type("Learner", (torch.autograd.Function,), {
        "forward": staticmethod(forward), "backward": staticmethod(backward)})


def exp_forward(ctx, x):
    result = x.exp()
    ctx.save_for_backward(result)
    return result


def exp_forward_saving_input(ctx, x):
    ctx.save_for_backward(x)
    return x.exp()


def exp_forward_saving_nothing(ctx, x):
    return x.exp()


def exp_forward_on_ctx(ctx, x):
    ctx.result = x.exp()
    return ctx.result


def saved(ctx):
    return ctx.saved_tensors[0]


def exp_forward_without_return(ctx, x):
    result = x.exp()
    ctx.save_for_backward(result)


def backward_without_return(ctx, grad_output):
    grad_output * saved(ctx)


EXP_WRONG = [
    (make_function(exp_forward, lambda ctx, g: saved(ctx)),
     "your backward returns the gradient for `x` without multiplying by the incoming "
     "`grad_output` (chain rule)"),
    (make_function(exp_forward, lambda ctx, g: -g * saved(ctx)),
     "the gradient for `x` has the wrong sign"),
    (make_function(exp_forward_saving_input, lambda ctx, g: g * saved(ctx)),
     "your backward used the input x"),
    (make_function(exp_forward_saving_nothing, lambda ctx, g: g * saved(ctx)),
     "Your forward saved nothing"),
    (make_function(exp_forward_on_ctx, lambda ctx, g: g * ctx.result),
     "you kept tensors as attributes of ctx (`ctx.result`)"),
    (make_function(lambda ctx, x: x.exp() + 1, lambda ctx, g: g),
     "your forward's result is not right yet"),
    (make_function(exp_forward, lambda ctx, g: (g * saved(ctx), g)),
     "your backward returned 2 gradient(s), but forward takes 1 input(s) (`x`)"),
    (make_function(exp_forward, lambda ctx, g: (g * saved(ctx)).sum()),
     "the gradient for `x`: expected shape (3,) but got ()"),
    (make_function(exp_forward, backward_without_return),
     "your backward returned `None` for `x`"),
    (make_function(exp_forward, lambda ctx, g: g * saved(ctx) * 2),
     "the gradient for `x` is not right yet"),
    (make_function(exp_forward, lambda ctx, g: [g * saved(ctx)]),
     "your backward returned a list"),
    (make_function(exp_forward, lambda ctx, g: g * ctx.saved_tensor),
     "your code raised `AttributeError` in `<lambda>`"),
    (torch.autograd.Function, "your class has no `forward`"),
    (make_function(exp_forward, lambda ctx, g: g)(), "pass the class itself"),
    (make_function(exp_forward_without_return, lambda ctx, g: g),
     "your forward returns `None`: return the result, a tensor"),
    (make_function(exp_forward, lambda ctx, g: g).apply, "pass a subclass of"),
]


@pytest.mark.parametrize("answer, expected", EXP_WRONG)
def test_exp(answer, expected):
    assert expected in message_for("07.exp", answer)


def mul_forward(ctx, a, b):
    ctx.save_for_backward(a, b)
    return a * b


def both(ctx):
    return ctx.saved_tensors


@pytest.mark.parametrize("answer, expected", [
    (make_function(mul_forward, lambda ctx, g: g * both(ctx)[1]),
     "your backward returned 1 gradient(s), but forward takes 2 input(s) (`a`, `b`)"),
    (make_function(mul_forward, lambda ctx, g: (g * both(ctx)[0], g * both(ctx)[1])),
     "your gradients are swapped: the first returned must be the gradient for `a`"),
    (make_function(mul_forward, lambda ctx, g: (both(ctx)[1], both(ctx)[0])),
     "gradient for `a` without multiplying by the incoming `grad_output`"),
    (make_function(mul_forward, lambda ctx, g: (g * both(ctx)[1], -g * both(ctx)[0])),
     "the gradient for `b` has the wrong sign"),
])
def test_mul(answer, expected):
    assert expected in message_for("07.mul", answer)


def matmul_forward(ctx, a, b):
    ctx.save_for_backward(a, b)
    return a @ b


@pytest.mark.parametrize("answer, expected", [
    (make_function(matmul_forward, lambda ctx, g: (both(ctx)[1] @ g.T, both(ctx)[0].T @ g)),
     "the gradient for `A`: expected shape (2, 3) but got (3, 2): rows and columns are swapped"),
    (make_function(matmul_forward, lambda ctx, g: (both(ctx)[1].T @ g, both(ctx)[0].T @ g)),
     "mat1 and mat2 shapes cannot be multiplied"),
    (make_function(matmul_forward, lambda ctx, g: (g @ both(ctx)[1].T, g.T @ both(ctx)[0])),
     "the gradient for `B`: expected shape (3, 4) but got (4, 3)"),
])
def test_matmul(answer, expected):
    assert expected in message_for("07.matmul", answer)


def test_matmul_shape_error_is_explained():
    wrong = make_function(matmul_forward, lambda ctx, g: (both(ctx)[1].T @ g, both(ctx)[0].T @ g))
    assert "a gradient always has the shape of its input" in message_for("07.matmul", wrong)


# --- lesson 7: gradcheck and the version check ------------------------------------------------
@pytest.mark.parametrize("answer, expected", [
    ((torch.tensor([0.5, 1.0], requires_grad=True),), "your tensor is torch.float32"),
    ((torch.tensor([0.5, 1.0], dtype=torch.float64),), "your tensor does not require grad"),
    (torch.tensor([0.5, 1.0], dtype=torch.float64, requires_grad=True), "a one-element tuple"),
    ((torch.tensor([0.5], dtype=torch.float64, requires_grad=True),), "at least two numbers"),
    ((1.0, 2.0), "holds one tensor, not 2"),
])
def test_gradcheck(answer, expected):
    assert expected in message_for("07.gradcheck", answer)


def broken(x):
    y = x.exp()
    y.add_(1)
    return y.sum()


def through_data(x):
    y = x.exp()
    y.data.add_(1)
    return y.sum()


@pytest.mark.parametrize("answer, expected", [
    (broken, "`y.add_(1)` changed y before backward: write `y = y + 1`"),
    (through_data, "x.grad is eˣ + 1: you changed y through `.data`"),
    (lambda x: x.exp().sum(), "your loss lost the `+ 1`"),
    (lambda x: (x.exp() + 1).sum().item(), "what your function returns should be a tensor"),
    (lambda x: (x.detach().exp() + 1).sum(), "your loss records no history"),
])
def test_version(answer, expected):
    assert expected in message_for("07.version", answer)


def test_version_names_pytorch_error():
    message = message_for("07.version", broken)
    assert "one of the variables needed for gradient computation has been modified" in message


def test_version_clone_is_fine():
    def with_clone(x):
        y = x.exp().clone()
        y.add_(1)
        return y.sum()

    assert exercise("07.version").check(with_clone).passed
