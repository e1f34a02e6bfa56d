"""Lessons 8-10 exercises: each typical wrong answer gets its own message."""

import importlib.util

import pytest

import visgrad as torch
from autograd_lessons import exercise


def message_for(exercise_id, answer):
    feedback = exercise(exercise_id).check(answer)
    assert not feedback.passed, feedback.message
    return feedback.message


# --- lesson 8 ---------------------------------------------------------------------------------
Q_RIGHT = {"a": [36.0, 81.0], "b": [-12.0, -8.0]}


@pytest.mark.parametrize("change, expected", [
    ({"a": [12.0, 27.0]}, "you dropped the 3 in front"),
    ({"a": [24.0, 81.0]}, "that is 3a³ itself"),
    ({"a": [36.0, 80.0]}, "your a.grad is not right yet: entry [1] is 80"),
    ({"b": [12.0, 8.0]}, "your b.grad has the wrong sign"),
    ({"b": [-6.0, -4.0]}, "∂(b²)/∂b = 2b"),
    ({"a": [-12.0, -8.0], "b": [36.0, 81.0]}, "you swapped a and b"),
    ({"a": 36.0}, "your a.grad: expected shape (2,) but got ()"),
])
def test_q_grads(change, expected):
    assert expected in message_for("08.q_grads", {**Q_RIGHT, **change})


def backward_with_fixed_gradient(q):
    q.backward(gradient=torch.tensor([1.0, 1.0]))


def backward_doubled(q):
    q.backward(gradient=2 * torch.ones_like(q))


@pytest.mark.parametrize("answer, expected", [
    (lambda q: q.backward(), "Q has more than one element, so `Q.backward()` needs `gradient=`"),
    (backward_with_fixed_gradient, "Your gradient has a fixed shape"),
    (backward_doubled, "your gradient argument is not all ones"),
    (lambda q: q.sum(), "the leaves' .grad is still None"),
    (lambda q: q.sum().backward(), None),
])
def test_vector_backward(answer, expected):
    feedback = exercise("08.vector_backward").check(answer)
    if expected is None:
        assert feedback.passed, feedback.message
    else:
        assert not feedback.passed and expected in feedback.message


def test_vector_backward_names_pytorch_error():
    message = message_for("08.vector_backward", lambda q: q.backward())
    assert "grad can be implicitly created only for scalar outputs" in message


DAG_RIGHT = {"SubBackward0": 1, "MulBackward0": 1, "PowBackward0": 2,
             "torch::autograd::AccumulateGrad": 2}


@pytest.mark.parametrize("answer, expected", [
    ({"SubBackward0": 1, "MulBackward0": 1, "PowBackward0": 2},
     "count the AccumulateGrad nodes: one per leaf"),
    ({**DAG_RIGHT, "PowBackward0": 1}, "two PowBackward0 nodes"),
    ({**DAG_RIGHT, "MulBackward0": 0}, "one MulBackward0"),
    ({**DAG_RIGHT, "SubBackward0": 0, "NegBackward0": 1, "AddBackward0": 1},
     "records one SubBackward0"),
    ({**DAG_RIGHT, "RsubBackward1": 1}, "Q's graph has no \"RsubBackward1\" node"),
    (["SubBackward0"], "give a dict of node name → count"),
])
def test_dag(answer, expected):
    assert expected in message_for("08.dag", answer)


def test_dag_accepts_short_accumulate_name():
    answer = {"SubBackward0": 1, "MulBackward0": 1, "PowBackward0": 2, "AccumulateGrad": 2}
    assert exercise("08.dag").check(answer).passed


# --- lesson 9 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, expected", [
    (12.0, "`.mean()` divides by 3"),
    (2.0, "you dropped a factor"),
    (-4.0, "wrong sign"),
    (1.0, "1 is the loss itself"),
    ([4.0], "expected shape () but got (1,)"),
])
def test_mse_grad(answer, expected):
    assert expected in message_for("09.mse_grad", answer)


def step_without_zero_grad(w, b, x, y, lr):
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    return loss.item()


def step_zeroing_before_update(w, b, x, y, lr):
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    w.grad.zero_()
    b.grad.zero_()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    return loss.item()


def step_zero_none_grad(w, b, x, y, lr):
    w.grad.zero_()
    b.grad.zero_()
    return step_without_zero_grad(w, b, x, y, lr)


def step_while_recording(w, b, x, y, lr):
    w.grad = b.grad = None
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    w -= lr * w.grad
    return loss.item()


def step_rebinding(w, b, x, y, lr):
    w.grad = b.grad = None
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    w = w - lr * w.grad
    b = b - lr * b.grad
    return loss.item()


def step_returning_tensor(w, b, x, y, lr):
    w.grad = b.grad = None
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    return loss


def step_returning_later_loss(w, b, x, y, lr):
    step_returning_tensor(w, b, x, y, lr)
    with torch.no_grad():
        return ((x @ w + b - y) ** 2).mean().item()


def step_ascending(w, b, x, y, lr):
    return step_without_zero_grad(w, b, x, y, -lr)


def step_zeroing_after(w, b, x, y, lr):
    loss = step_without_zero_grad(w, b, x, y, lr)
    w.grad.zero_()
    b.grad.zero_()
    return loss


@pytest.mark.parametrize("answer, expected", [
    (step_without_zero_grad, "you never cleared `.grad`: each backward adds to the gradients"),
    (step_zeroing_before_update, "you cleared the gradients after backward and before the update"),
    (step_zero_none_grad, "Before the first backward `w.grad` is None"),
    (step_while_recording, "put the update inside `with torch.no_grad():`"),
    (step_rebinding, "`w = w - lr * w.grad` makes a new tensor and only rebinds the local name"),
    (step_returning_tensor, "return `loss.item()`, a Python float"),
    (step_returning_later_loss, "not the loss of this step's forward pass"),
    (step_ascending, "you moved w up the gradient"),
    (lambda w, b, x, y, lr: w.sum().item(), "your step never called backward"),
])
def test_train_step(answer, expected):
    assert expected in message_for("09.train_step", answer)


def test_train_step_zeroing_after_the_update_is_fine():
    assert exercise("09.train_step").check(step_zeroing_after).passed


@pytest.mark.parametrize("change, expected", [
    ({"w1": 1.5}, "you left out tanh′(30)"),
    ({"w1": 15.0}, "the unit is saturated"),
    ({"w2": 0.0}, "tanh(30), which is 1 to float precision"),
    ({"w2": 0.5}, "tanh(w1 · x), not w2"),
])
def test_saturated(change, expected):
    assert expected in message_for("09.saturated", {"w1": 0.0, "w2": 1.0, **change})


# --- lesson 10 --------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, expected", [
    ({2, 4}, "(6) differs: next_functions holds nodes"),
    ({2, 4, 6, 5}, "(5) prints the same"),
    ({4, 6}, "(2) differs: PyTorch prints the node with its memory address"),
    ({2, 6}, "(4) differs: the same seed drives different generators"),
    ({1, 2, 4, 6}, "(1) prints the same"),
    ({2, 3, 4, 6}, "(3) prints the same"),
    ({2, 4, 6, 7}, "(7) prints the same"),
    ({2, 4, 6, 8}, "there is no statement 8"),
    ("2, 4, 6", "give the numbers of the statements"),
])
def test_which_differ(answer, expected):
    assert expected in message_for("10.which_differ", answer)


def uses_visgrad_directly(torch_module):
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    (y * y * 3).mean().backward()
    return x.grad


def test_both_libraries_must_use_the_given_module():
    message = message_for("10.both_libraries", uses_visgrad_directly)
    assert "your function did not use the module it was given" in message


def test_both_libraries_wrong_value():
    def wrong(torch):
        x = torch.ones(2, 2, requires_grad=True)
        (x * 3).sum().backward()
        return x.grad

    assert "entry [0, 0] is 3" in message_for("10.both_libraries", wrong)


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="PyTorch not installed")
def test_both_libraries_runs_pytorch_too():
    def only_visgrad_tensors(torch_module):
        torch_module.ones  # touched, but the tensor is visgrad's
        return uses_visgrad_directly(torch_module)

    message = message_for("10.both_libraries", only_visgrad_tensors)
    assert "given PyTorch, your function still computed with visgrad" in message


def batches_zeroing_each(w, batches, lr):
    for x, y in batches:
        w.grad = None
        ((x @ w - y) ** 2).mean().backward()
    with torch.no_grad():
        w -= lr * w.grad


def batches_assigning(w, batches, lr):
    for x, y in batches:
        w.grad = torch.autograd.grad(((x @ w - y) ** 2).mean(), w)[0]
    with torch.no_grad():
        w -= lr * w.grad


def batches_not_cleared(w, batches, lr):
    for x, y in batches:
        ((x @ w - y) ** 2).mean().backward()
    with torch.no_grad():
        w -= lr * w.grad


def batches_updating_each(w, batches, lr):
    for x, y in batches:
        w.grad = None
        ((x @ w - y) ** 2).mean().backward()
        with torch.no_grad():
            w -= lr * w.grad


def batches_averaged(w, batches, lr):
    w.grad = None
    for x, y in batches:
        ((x @ w - y) ** 2).mean().backward()
    with torch.no_grad():
        w -= lr * w.grad / len(batches)


def batches_while_recording(w, batches, lr):
    w.grad = None
    for x, y in batches:
        ((x @ w - y) ** 2).mean().backward()
    w -= lr * w.grad


@pytest.mark.parametrize("answer, expected", [
    (batches_zeroing_each, "only the last batch's gradient was used: you assigned or cleared"),
    (batches_assigning, "only the last batch's gradient was used: you assigned or cleared"),
    (batches_not_cleared, "w.grad held an old gradient when your function started"),
    (batches_updating_each, "you updated w after every batch"),
    (batches_averaged, "you averaged the batch gradients"),
    (batches_while_recording, "put the update inside `with torch.no_grad():`"),
    (lambda w, batches, lr: w.sum(), "w did not change"),
])
def test_batches(answer, expected):
    assert expected in message_for("09.batches", answer)


def loop_without_zero_grad(model, optimizer, x, y, steps):
    losses = []
    for _ in range(steps):
        loss = torch.nn.MSELoss()(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def loop_forward_outside(model, optimizer, x, y, steps):
    loss = torch.nn.MSELoss()(model(x), y)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def loop_forward_outside_retained(model, optimizer, x, y, steps):
    loss = torch.nn.MSELoss()(model(x), y)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss.backward(retain_graph=True)
        optimizer.step()
        losses.append(loss.item())
    return losses


def loop_zero_before_step(model, optimizer, x, y, steps):
    losses = []
    for _ in range(steps):
        loss = torch.nn.MSELoss()(model(x), y)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        losses.append(loss.item())
    return losses


def loop_without_step(model, optimizer, x, y, steps):
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = torch.nn.MSELoss()(model(x), y)
        loss.backward()
        losses.append(loss.item())
    return losses


def loop_keeping_tensors(model, optimizer, x, y, steps):
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = torch.nn.MSELoss()(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss)
    return losses


def loop_loss_after_step(model, optimizer, x, y, steps):
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        torch.nn.MSELoss()(model(x), y).backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(torch.nn.MSELoss()(model(x), y).item())
    return losses


@pytest.mark.parametrize("answer, expected", [
    (loop_without_zero_grad, "you never called `optimizer.zero_grad()`"),
    (loop_forward_outside, "Compute `model(x)` and the loss inside the loop"),
    (loop_forward_outside_retained, "The forward pass ran once, outside the loop"),
    (loop_zero_before_step, "you cleared the gradients between `backward()` and `optimizer"),
    (loop_without_step, "call `optimizer.step()` after backward"),
    (loop_keeping_tensors, "return the losses as floats (`loss.item()`)"),
    (loop_loss_after_step, "the loss you returned for step 1 is"),
    (lambda model, optimizer, x, y, steps: [0.0], "return one loss per step: 4 floats, not 1"),
])
def test_training_loop(answer, expected):
    assert expected in message_for("09.training_loop", answer)
