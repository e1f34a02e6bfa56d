"""Tests for visgrad.optim: SGD, Adam, AdamW, RMSprop and Adagrad step for step against PyTorch
2.13, their settings, printing and messages, and a small training run that must actually learn.

Tests that need PyTorch ask for the `torch` fixture and skip without it.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np
import pytest

import visgrad as vg
import visgrad.nn as nn
import visgrad.nn.functional as F
import visgrad.optim as optim


@pytest.fixture
def torch() -> ModuleType:
    """PyTorch, the second oracle; the test skips when it is not installed."""
    return pytest.importorskip("torch")


def mlp(lib: Any, outputs: int = 1) -> Any:
    n = lib.nn
    return n.Sequential(
        n.Linear(2, 16), n.Tanh(), n.Linear(16, 16), n.Tanh(), n.Linear(16, outputs)
    )


def two_moons(count: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles in the plane, labelled 0 and 1 (like sklearn's make_moons)."""
    rng = np.random.default_rng(seed)
    angles = rng.uniform(0, np.pi, count)
    upper = rng.random(count) < 0.5
    points = np.where(
        upper[:, None],
        np.stack([np.cos(angles), np.sin(angles)], axis=1),
        np.stack([1 - np.cos(angles), 0.5 - np.sin(angles)], axis=1),
    )
    points = points + rng.normal(0, noise, points.shape)
    return points.astype(np.float32), (~upper).astype(np.int64)


def twin_models(torch: ModuleType, outputs: int = 1) -> tuple[Any, Any]:
    torch.manual_seed(0)
    theirs = mlp(torch, outputs)
    ours = mlp(vg, outputs)
    ours.load_state_dict(theirs.state_dict())
    return theirs, ours


def make_optimizer(lib: Any, name: str, params: Any, settings: dict[str, Any]) -> Any:
    return getattr(lib.optim, name)(params, **settings)


# --- step for step against torch ----------------------------------------------------------------
OPTIMIZER_CASES: list[tuple[str, dict[str, Any]]] = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "dampening": 0.3, "maximize": True}),
    ("SGD", {}),
    ("Adam", {}),
    ("Adam", {"lr": 0.01, "betas": (0.8, 0.99), "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("Adam", {"lr": 0.01, "eps": 1e-3, "maximize": True}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True}),
    ("AdamW", {"lr": 0.02, "betas": (0.8, 0.9), "weight_decay": 0.0, "maximize": True}),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.005, "alpha": 0.9, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.005, "centered": True, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.001, "centered": True, "momentum": 0.5, "eps": 1e-3, "maximize": True}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.05}),
    ("Adagrad", {"lr": 0.05, "initial_accumulator_value": 0.5, "eps": 1e-3, "maximize": True}),
]


def _case_id(name: str, settings: dict[str, Any]) -> str:
    parts = [f"{key}={value}" for key, value in settings.items()] or ["defaults"]
    return "-".join([name, *parts])


CASE_IDS = [_case_id(name, settings) for name, settings in OPTIMIZER_CASES]


@pytest.mark.parametrize("case", OPTIMIZER_CASES, ids=CASE_IDS)
def test_steps_match_torch(torch: ModuleType, case: tuple[str, dict[str, Any]]) -> None:
    name, settings = case
    theirs, ours = twin_models(torch)
    their_opt = make_optimizer(torch, name, theirs.parameters(), settings)
    our_opt = make_optimizer(vg, name, ours.parameters(), settings)
    points, labels = two_moons(64, 0.1, seed=0)
    target = labels[:, None].astype(np.float32)
    for step in range(6):
        their_opt.zero_grad()
        our_opt.zero_grad()
        their_loss = torch.nn.MSELoss()(theirs(torch.tensor(points)), torch.tensor(target))
        our_loss = nn.MSELoss()(ours(vg.tensor(points)), vg.tensor(target))
        assert our_loss.item() == pytest.approx(their_loss.item(), rel=1e-5), step
        their_loss.backward()
        our_loss.backward()
        their_opt.step()
        our_opt.step()
        for (param_name, p), q in zip(ours.named_parameters(), theirs.parameters()):
            np.testing.assert_allclose(
                p.detach().numpy(), q.detach().numpy(), rtol=1e-5, atol=1e-6,
                err_msg=f"{param_name} after step {step + 1}",
            )
    for p, q in zip(ours.parameters(), theirs.parameters()):
        ours_state, their_state = our_opt.state[p], their_opt.state[q]
        assert sorted(ours_state) == sorted(their_state)
        for key, value in their_state.items():
            # float32 sums round at the scale of the state's largest entries: an entry near 0
            # in a momentum buffer of entries near 5 carries their rounding
            scale = max(1.0, float(np.abs(value.numpy()).max()))
            np.testing.assert_allclose(ours_state[key].numpy(), value.numpy(), rtol=1e-5,
                                       atol=2e-7 * scale)
            assert repr(ours_state[key].dtype) == repr(value.dtype)


def test_param_groups_with_their_own_settings_match_torch(torch: ModuleType) -> None:
    theirs, ours = twin_models(torch)

    def groups(model: Any) -> list[dict[str, Any]]:
        return [
            {"params": model[0].parameters(), "lr": 0.5},
            {"params": list(model[2].parameters()) + list(model[4].parameters()), "momentum": 0.9},
        ]

    their_opt = torch.optim.SGD(groups(theirs), lr=0.1)
    our_opt = optim.SGD(groups(ours), lr=0.1)
    assert repr(our_opt) == repr(their_opt)
    points = np.random.default_rng(0).normal(size=(10, 2)).astype(np.float32)
    for _ in range(3):
        their_opt.zero_grad()
        our_opt.zero_grad()
        theirs(torch.tensor(points)).pow(2).mean().backward()
        ours(vg.tensor(points)).pow(2).mean().backward()
        their_opt.step()
        our_opt.step()
    for p, q in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.detach().numpy(), q.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_learning_rate_can_be_changed_between_steps() -> None:
    w = nn.Parameter(vg.tensor([1.0]))
    opt = optim.SGD([w], lr=0.1)
    (w * 2).sum().backward()
    opt.param_groups[0]["lr"] = 0.5
    opt.step()
    assert w.item() == pytest.approx(0.0)


# --- what a step does to the parameters ----------------------------------------------------------
def test_step_updates_in_place_and_records_nothing() -> None:
    model = mlp(vg)
    weight = model[0].weight
    memory, version = weight.detach().numpy(), weight._version
    before = memory.copy()
    opt = optim.SGD(model.parameters(), lr=0.1)
    model(vg.randn(4, 2)).sum().backward()
    opt.step()
    assert model[0].weight is weight and weight.is_leaf and weight.grad_fn is None
    assert np.shares_memory(memory, weight.detach().numpy())
    np.testing.assert_allclose(memory, before - 0.1 * weight.grad.numpy(), rtol=1e-6, atol=1e-7)
    assert weight._version == version + 1
    assert vg.is_grad_enabled()


def test_parameters_without_gradient_are_left_alone() -> None:
    model = mlp(vg)
    model[0].requires_grad_(False)
    frozen = model[0].weight.detach().numpy().copy()
    sgd = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for opt in (sgd, optim.Adam(model.parameters())):
        model(vg.randn(4, 2)).sum().backward()
        opt.step()
        assert np.array_equal(model[0].weight.detach().numpy(), frozen)
        assert model[0].weight not in opt.state


def test_zero_grad_sets_none_or_zeros() -> None:
    model = mlp(vg)
    opt = optim.SGD(model.parameters(), lr=0.1)
    model(vg.randn(4, 2)).sum().backward()
    grad = model[2].bias.grad
    opt.zero_grad(set_to_none=False)
    assert model[2].bias.grad is grad and not grad.numpy().any()
    opt.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_step_with_closure_returns_the_loss() -> None:
    w = nn.Parameter(vg.tensor([3.0]))
    opt = optim.SGD([w], lr=0.25)

    def closure() -> vg.Tensor:
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    loss = opt.step(closure)
    assert loss.item() == pytest.approx(9.0)
    assert w.item() == pytest.approx(3.0 - 0.25 * 6.0)


def test_adam_state_prints_like_torch(torch: ModuleType) -> None:
    def run(lib: Any) -> dict[str, Any]:
        w = lib.nn.Parameter(lib.tensor([1.0, -2.0]))
        opt = lib.optim.Adam([w], lr=0.1)
        for _ in range(3):
            opt.zero_grad()
            (w * w).sum().backward()
            opt.step()
        return opt.state[w]

    ours, theirs = run(vg), run(torch)
    assert list(ours) == list(theirs)
    assert repr(ours["step"]) == repr(theirs["step"]) == "tensor(3.)"
    for key in ("exp_avg", "exp_avg_sq"):
        assert repr(ours[key]) == repr(theirs[key])


def test_adagrad_makes_its_state_up_front_as_torch(torch: ModuleType) -> None:
    states = []
    for lib in (vg, torch):
        w = lib.nn.Parameter(lib.tensor([1.0, -2.0]))
        opt = lib.optim.Adagrad([w], initial_accumulator_value=0.25)
        states.append({key: repr(value) for key, value in opt.state[w].items()})
    assert states[0] == states[1] == {"step": "tensor(0.)", "sum": "tensor([0.2500, 0.2500])"}


@pytest.mark.parametrize("name", ["AdamW", "RMSprop", "Adagrad"])
def test_new_optimizers_state_prints_like_torch(torch: ModuleType, name: str) -> None:
    settings = {"RMSprop": {"momentum": 0.5, "centered": True}}.get(name, {})

    def run(lib: Any) -> dict[str, Any]:
        w = lib.nn.Parameter(lib.tensor([1.0, -2.0]))
        opt = getattr(lib.optim, name)([w], lr=0.1, **settings)
        for _ in range(3):
            opt.zero_grad()
            (w * w).sum().backward()
            opt.step()
        return {"w": repr(w), **{key: repr(value) for key, value in opt.state[w].items()}}

    assert run(vg) == run(torch)


# --- printing and messages ------------------------------------------------------------------------
def test_sgd_repr() -> None:
    opt = optim.SGD(mlp(vg).parameters(), lr=0.1, momentum=0.9)
    assert repr(opt) == (
        "SGD (\n"
        "Parameter Group 0\n"
        "    dampening: 0\n"
        "    differentiable: False\n"
        "    foreach: None\n"
        "    fused: None\n"
        "    lr: 0.1\n"
        "    maximize: False\n"
        "    momentum: 0.9\n"
        "    nesterov: False\n"
        "    weight_decay: 0\n"
        ")"
    )


@pytest.mark.parametrize("case", OPTIMIZER_CASES, ids=CASE_IDS)
def test_reprs_match_torch(torch: ModuleType, case: tuple[str, dict[str, Any]]) -> None:
    name, settings = case
    ours = make_optimizer(vg, name, mlp(vg).parameters(), settings)
    theirs = make_optimizer(torch, name, mlp(torch).parameters(), settings)
    assert repr(ours) == repr(theirs)
    assert {k: v for k, v in ours.defaults.items()} == theirs.defaults


class ErrorCase(NamedTuple):
    name: str
    run: Callable[[Any], Any]  # given the library: visgrad or torch
    kind: type[Exception]
    message: str


def params(t: Any) -> Any:
    return t.nn.Linear(2, 3).parameters()


def _shared_twice(t: Any) -> Any:
    layer = t.nn.Linear(2, 3)
    return t.optim.SGD([{"params": [layer.weight]}, {"params": [layer.weight, layer.bias]}])


ERROR_CASES = [
    ErrorCase("empty", lambda t: t.optim.SGD([], lr=0.1), ValueError,
              "optimizer got an empty parameter list"),
    ErrorCase("empty_generator", lambda t: t.optim.Adam(t.nn.ReLU().parameters()), ValueError,
              "optimizer got an empty parameter list"),
    ErrorCase("one_tensor", lambda t: t.optim.SGD(t.nn.Linear(2, 3).weight, lr=0.1), TypeError,
              "params argument given to the optimizer should be an iterable of Tensors or dicts, "
              "but got torch.FloatTensor"),
    ErrorCase("negative_lr", lambda t: t.optim.SGD(params(t), lr=-1), ValueError,
              "Invalid learning rate: -1"),
    ErrorCase("negative_momentum", lambda t: t.optim.SGD(params(t), momentum=-0.5), ValueError,
              "Invalid momentum value: -0.5"),
    ErrorCase("negative_weight_decay", lambda t: t.optim.SGD(params(t), weight_decay=-1),
              ValueError, "Invalid weight_decay value: -1"),
    ErrorCase("nesterov_without_momentum", lambda t: t.optim.SGD(params(t), nesterov=True),
              ValueError, "Nesterov momentum requires a momentum and zero dampening"),
    ErrorCase("beta_one", lambda t: t.optim.Adam(params(t), betas=(1.0, 0.9)), ValueError,
              "Invalid beta parameter at index 0: 1.0"),
    ErrorCase("beta_negative", lambda t: t.optim.Adam(params(t), betas=(0.9, -0.1)), ValueError,
              "Invalid beta parameter at index 1: -0.1"),
    ErrorCase("negative_eps", lambda t: t.optim.Adam(params(t), eps=-1e-8), ValueError,
              "Invalid epsilon value: -1e-08"),
    ErrorCase("adamw_negative_lr", lambda t: t.optim.AdamW(params(t), lr=-0.1), ValueError,
              "Invalid learning rate: -0.1"),
    ErrorCase("adamw_weight_decay", lambda t: t.optim.AdamW(params(t), weight_decay=-0.01),
              ValueError, "Invalid weight_decay value: -0.01"),
    ErrorCase("adamw_beta", lambda t: t.optim.AdamW(params(t), betas=(0.9, 1.5)), ValueError,
              "Invalid beta parameter at index 1: 1.5"),
    ErrorCase("rmsprop_negative_lr", lambda t: t.optim.RMSprop(params(t), lr=-1), ValueError,
              "Invalid learning rate: -1"),
    ErrorCase("rmsprop_eps", lambda t: t.optim.RMSprop(params(t), eps=-1.0), ValueError,
              "Invalid epsilon value: -1.0"),
    ErrorCase("rmsprop_momentum", lambda t: t.optim.RMSprop(params(t), momentum=-0.9),
              ValueError, "Invalid momentum value: -0.9"),
    ErrorCase("rmsprop_weight_decay", lambda t: t.optim.RMSprop(params(t), weight_decay=-2),
              ValueError, "Invalid weight_decay value: -2"),
    ErrorCase("rmsprop_alpha", lambda t: t.optim.RMSprop(params(t), alpha=-0.5), ValueError,
              "Invalid alpha value: -0.5"),
    ErrorCase("adagrad_negative_lr", lambda t: t.optim.Adagrad(params(t), lr=-0.01), ValueError,
              "Invalid learning rate: -0.01"),
    ErrorCase("adagrad_lr_decay", lambda t: t.optim.Adagrad(params(t), lr_decay=-1), ValueError,
              "Invalid lr_decay value: -1"),
    ErrorCase("adagrad_weight_decay", lambda t: t.optim.Adagrad(params(t), weight_decay=-1),
              ValueError, "Invalid weight_decay value: -1"),
    ErrorCase("adagrad_initial_accumulator",
              lambda t: t.optim.Adagrad(params(t), initial_accumulator_value=-0.1), ValueError,
              "Invalid initial_accumulator_value value: -0.1"),
    ErrorCase("adagrad_eps", lambda t: t.optim.Adagrad(params(t), eps=-1e-10), ValueError,
              "Invalid epsilon value: -1e-10"),
    ErrorCase("non_leaf", lambda t: t.optim.SGD([t.ones(2, requires_grad=True) * 2]), ValueError,
              "can't optimize a non-leaf Tensor"),
    ErrorCase("not_a_tensor", lambda t: t.optim.SGD([[1.0, 2.0]]), TypeError,
              "optimizer can only optimize Tensors, but one of the params is list"),
    ErrorCase("set_of_params", lambda t: t.optim.SGD([{"params": set(params(t))}]), TypeError,
              "optimizer parameters need to be organized in ordered collections, but the "
              "ordering of tensors in sets will change between runs. Please use a list instead."),
    ErrorCase("param_in_two_groups", _shared_twice, ValueError,
              "some parameters appear in more than one parameter group"),
]


@pytest.mark.parametrize("case", ERROR_CASES, ids=[case.name for case in ERROR_CASES])
def test_errors(case: ErrorCase) -> None:
    with pytest.raises(case.kind) as error:
        case.run(vg)
    assert str(error.value) == case.message


@pytest.mark.parametrize("case", ERROR_CASES, ids=[case.name for case in ERROR_CASES])
def test_errors_are_torchs(torch: ModuleType, case: ErrorCase) -> None:
    with pytest.raises(case.kind) as error:
        case.run(torch)
    assert str(error.value) == case.message


# --- training that learns -----------------------------------------------------------------------
def test_two_moons_classifier_learns_with_adam() -> None:
    vg.manual_seed(0)
    points, labels = two_moons(200, 0.1, seed=1)
    x, y = vg.tensor(points), vg.tensor(labels)
    model = mlp(vg, outputs=2)
    opt = optim.Adam(model.parameters(), lr=0.03)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(300):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.05 * losses[0]
    with vg.no_grad():
        accuracy = (model(x).argmax(dim=1) == y).float().mean().item()
    assert accuracy >= 0.98


def test_two_moons_regression_learns_with_sgd_momentum() -> None:
    vg.manual_seed(0)
    points, labels = two_moons(100, 0.1, seed=2)
    x, y = vg.tensor(points), vg.tensor(labels[:, None] * 2.0 - 1.0, dtype=vg.float32)
    model = mlp(vg)
    opt = optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    losses = []
    for _ in range(400):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.1 * losses[0]
    with vg.no_grad():
        accuracy = ((model(x) > 0) == (y > 0)).float().mean().item()
    assert accuracy >= 0.97


def test_training_run_matches_torch(torch: ModuleType) -> None:
    theirs, ours = twin_models(torch, outputs=2)
    points, labels = two_moons(100, 0.1, seed=3)
    their_opt = torch.optim.Adam(theirs.parameters(), lr=0.01)
    our_opt = optim.Adam(ours.parameters(), lr=0.01)
    their_losses, our_losses = [], []
    for _ in range(40):
        runs = ((theirs, their_opt, torch, their_losses), (ours, our_opt, vg, our_losses))
        for model, opt, lib, losses in runs:
            opt.zero_grad()
            loss = lib.nn.functional.cross_entropy(model(lib.tensor(points)), lib.tensor(labels))
            loss.backward()
            opt.step()
            losses.append(loss.item())
    np.testing.assert_allclose(our_losses, their_losses, rtol=1e-4)
    assert our_losses[-1] < 0.5 * our_losses[0]
