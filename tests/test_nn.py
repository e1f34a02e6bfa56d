"""Tests for visgrad.nn: modules, parameters, layers, losses, functional, init.

Three oracles: literal expectations (PyTorch's printed text and messages, copied), finite
differences in float64 for every loss and for Linear, and PyTorch 2.13 itself running the very
same model code (the tests that need it ask for the `torch` fixture and skip without it).
"""

from __future__ import annotations

import copy
import gc
import math
import warnings
import weakref
from collections import OrderedDict
from collections.abc import Callable
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np
import pytest

import visgrad as vg
import visgrad.nn as nn
import visgrad.nn.functional as F
from visgrad.autograd import gradcheck
from visgrad.nn.parameter import Parameter

F32 = {"rtol": 1e-5, "atol": 1e-6}


@pytest.fixture
def torch() -> ModuleType:
    """PyTorch, the second oracle; the test skips when it is not installed."""
    return pytest.importorskip("torch")


# --- the same model code, written once, run with either library ----------------------------------
def mlp(lib: Any) -> Any:
    """The lesson's network: 2 inputs, two tanh layers of 16, one output."""
    n = lib.nn
    return n.Sequential(n.Linear(2, 16), n.Tanh(), n.Linear(16, 16), n.Tanh(), n.Linear(16, 1))


def classifier(lib: Any) -> Any:
    """A custom Module subclass, as learners write them."""
    n = lib.nn

    class Net(n.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layer1 = n.Linear(2, 8)
            self.act = n.ReLU()
            self.layer2 = n.Linear(8, 3)

        def forward(self, x: Any) -> Any:
            return self.layer2(self.act(self.layer1(x)))

    return Net()


def twin(build: Callable[[Any], Any], torch: ModuleType) -> tuple[Any, Any]:
    """A PyTorch model and the same visgrad model holding PyTorch's initial weights."""
    torch.manual_seed(0)
    theirs = build(torch)
    ours = build(vg)
    ours.load_state_dict(theirs.state_dict())  # PyTorch tensors load directly
    return theirs, ours


def graph_names(node: Any) -> list[tuple[int, str | None]]:
    """(depth, name) of every node reachable from `node`, depth first (None: no gradient)."""
    found: list[tuple[int, str | None]] = []
    stack = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        if current is None:
            found.append((depth, None))
            continue
        found.append((depth, current.name()))
        for child, _ in reversed(current.next_functions):
            stack.append((child, depth + 1))
    return found


def assert_close(ours: Any, theirs: Any, **tolerance: float) -> None:
    np.testing.assert_allclose(
        np.asarray(ours.detach().numpy()), theirs.detach().numpy(), **(tolerance or F32)
    )


# --- Parameter ------------------------------------------------------------------------------------
def test_parameter_prints_with_a_header() -> None:
    p = Parameter(vg.tensor([1.0, 2.0]))
    assert repr(p) == "Parameter containing:\ntensor([1., 2.], requires_grad=True)"
    frozen = Parameter(vg.tensor([1.0, 2.0]), requires_grad=False)
    assert repr(frozen) == "Parameter containing:\ntensor([1., 2.])"
    assert repr(Parameter()) == "Parameter containing:\ntensor([], requires_grad=True)"


def test_parameter_reprs_match_torch(torch: ModuleType) -> None:
    for values in ([1.0, 2.0], [[0.5, -1.25], [3.0, 4.0]], []):
        for requires_grad in (True, False):
            ours = nn.Parameter(vg.tensor(values), requires_grad=requires_grad)
            theirs = torch.nn.Parameter(torch.tensor(values), requires_grad=requires_grad)
            assert repr(ours) == repr(theirs)


def test_parameter_is_a_leaf_sharing_memory_with_its_source() -> None:
    source = vg.tensor([1.0, 2.0])
    p = Parameter(source)
    assert isinstance(p, vg.Tensor) and p.is_leaf and p.requires_grad
    source[0] = 5.0
    assert p.tolist() == [5.0, 2.0]
    assert p._version == source._version == 1  # one version counter, as after detach()


def test_operations_on_a_parameter_give_plain_tensors() -> None:
    p = Parameter(vg.tensor([1.0, 2.0]))
    product = p * 2
    assert type(product) is vg.Tensor
    assert repr(product) == "tensor([2., 4.], grad_fn=<MulBackward0>)"
    assert type(p.data) is vg.Tensor and repr(p.data) == "tensor([1., 2.])"


def test_integer_parameter_is_refused() -> None:
    with pytest.raises(RuntimeError, match="^Only Tensors of floating point and complex dtype"):
        Parameter(vg.tensor([1, 2]))


def test_deepcopy_keeps_parameters_and_copies_memory() -> None:
    model = mlp(vg)
    clone = copy.deepcopy(model)
    for (name, p), (_, q) in zip(model.named_parameters(), clone.named_parameters()):
        assert type(q) is Parameter and q is not p, name
        assert np.array_equal(p.detach().numpy(), q.detach().numpy())
        assert not np.shares_memory(p.detach().numpy(), q.detach().numpy())


# --- Module: registration and walking the tree ----------------------------------------------------
def test_attributes_register_in_assignment_order() -> None:
    net = classifier(vg)
    assert list(net._modules) == ["layer1", "act", "layer2"]
    assert [name for name, _ in net.named_parameters()] == [
        "layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias",
    ]
    assert [name for name, _ in net.named_children()] == ["layer1", "act", "layer2"]
    assert [type(m).__name__ for m in net.modules()] == ["Net", "Linear", "ReLU", "Linear"]
    assert [name for name, _ in net.named_modules()] == ["", "layer1", "act", "layer2"]
    assert len(list(net.parameters())) == 4
    assert [name for name, _ in net.layer1.named_parameters()] == ["weight", "bias"]


def test_names_match_torch(torch: ModuleType) -> None:
    for build in (mlp, classifier):
        theirs, ours = twin(build, torch)
        assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
        assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
        assert list(ours.state_dict()) == list(theirs.state_dict())
        shapes = [tuple(p.shape) for p in theirs.parameters()]
        assert [tuple(p.shape) for p in ours.parameters()] == shapes


def test_shared_modules_and_parameters_are_listed_once() -> None:
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, nn.Tanh(), shared)
    assert [name for name, _ in model.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(model.modules())) == 3
    assert list(model.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_assigning_a_plain_tensor_to_a_parameter_is_refused() -> None:
    layer = nn.Linear(2, 3)
    with pytest.raises(TypeError) as error:
        layer.weight = vg.ones(3, 2)
    assert str(error.value) == (
        "cannot assign 'torch.FloatTensor' as parameter 'weight' (torch.nn.Parameter or None "
        "expected)"
    )
    layer.bias = None  # allowed: the layer then has no bias
    assert [name for name, _ in layer.named_parameters()] == ["weight"]


def test_assigning_before_init_is_refused() -> None:
    class Early(nn.Module):
        def __init__(self) -> None:
            self.w = Parameter(vg.ones(1))

    class EarlyModule(nn.Module):
        def __init__(self) -> None:
            self.layer = nn.Linear(1, 1)

    with pytest.raises(AttributeError) as error:
        Early()
    assert str(error.value) == "cannot assign parameters before Module.__init__() call"
    with pytest.raises(AttributeError) as error:
        EarlyModule()
    assert str(error.value) == "cannot assign module before Module.__init__() call"


def test_missing_forward_and_missing_attribute() -> None:
    class NoForward(nn.Module):
        pass

    with pytest.raises(NotImplementedError) as error:
        NoForward()(vg.ones(1))
    assert str(error.value) == 'Module [NoForward] is missing the required "forward" function'
    with pytest.raises(AttributeError, match="^'Linear' object has no attribute 'foo'$"):
        nn.Linear(1, 1).foo  # noqa: B018


def test_reassigning_and_deleting_attributes() -> None:
    net = classifier(vg)
    net.act = nn.Tanh()  # replaced in place: the order stays
    assert list(net._modules) == ["layer1", "act", "layer2"]
    del net.act
    assert list(net._modules) == ["layer1", "layer2"]
    net.scale = 2.0  # a plain attribute is not registered
    assert net.scale == 2.0 and "scale" not in net._parameters


def test_train_eval_propagate_and_return_the_module() -> None:
    net = classifier(vg)
    assert net.training and net.layer1.training
    assert net.eval() is net
    assert not net.training and not net.layer1.training and not net.act.training
    net.train()
    assert all(m.training for m in net.modules())
    with pytest.raises(ValueError, match="^training mode is expected to be boolean$"):
        net.train("yes")  # type: ignore[arg-type]


def test_zero_grad_sets_none_or_zeros() -> None:
    model = mlp(vg)
    model(vg.ones(3, 2)).sum().backward()
    grad = model[0].weight.grad
    model.zero_grad(set_to_none=False)
    assert model[0].weight.grad is grad and not grad.numpy().any()
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())


def test_requires_grad_false_freezes_a_layer() -> None:
    model = mlp(vg)
    assert model[0].requires_grad_(False) is model[0]
    model(vg.ones(3, 2)).sum().backward()
    assert model[0].weight.grad is None and model[0].bias.grad is None
    assert model[4].weight.grad is not None


def test_apply_visits_children_first() -> None:
    visited: list[str] = []
    classifier(vg).apply(lambda m: visited.append(type(m).__name__))
    assert visited == ["Linear", "ReLU", "Linear", "Net"]


def test_double_converts_parameters() -> None:
    model = mlp(vg).double()
    assert all(p.dtype is vg.float64 for p in model.parameters())
    assert model(vg.ones(2, 2, dtype=vg.float64)).dtype is vg.float64
    assert all(p.dtype is vg.float32 for p in model.float().parameters())


# --- state_dict ---------------------------------------------------------------------------------
def test_state_dict_is_detached_and_shares_memory() -> None:
    model = mlp(vg)
    state = model.state_dict()
    assert isinstance(state, OrderedDict)
    assert list(state) == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]
    assert not state["0.weight"].requires_grad
    assert np.shares_memory(state["0.weight"].numpy(), model[0].weight.detach().numpy())


def test_load_state_dict_copies_values() -> None:
    source, target = mlp(vg), mlp(vg)
    result = target.load_state_dict(source.state_dict())
    assert repr(result) == "<All keys matched successfully>"
    for p, q in zip(source.parameters(), target.parameters()):
        assert np.array_equal(p.detach().numpy(), q.detach().numpy())
        assert not np.shares_memory(p.detach().numpy(), q.detach().numpy())
        assert q.is_leaf and q.requires_grad


def test_load_state_dict_errors() -> None:
    model = mlp(vg)
    bad = {"0.weight": vg.zeros(3, 3), "extra": vg.zeros(1)}
    with pytest.raises(RuntimeError) as error:
        model.load_state_dict(bad)
    assert str(error.value) == (
        "Error(s) in loading state_dict for Sequential:\n"
        '\tMissing key(s) in state_dict: "0.bias", "2.weight", "2.bias", "4.weight", "4.bias". \n'
        '\tUnexpected key(s) in state_dict: "extra". \n'
        "\tsize mismatch for 0.weight: copying a param with shape torch.Size([3, 3]) from "
        "checkpoint, the shape in current model is torch.Size([16, 2])."
    )
    loose = {"0.weight": vg.zeros(16, 2), "extra": vg.zeros(1)}
    result = model.load_state_dict(loose, strict=False)
    assert result.missing_keys == ["0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]
    assert result.unexpected_keys == ["extra"]
    assert not model[0].weight.detach().numpy().any()


def test_load_state_dict_errors_match_torch(torch: ModuleType) -> None:
    theirs, ours = twin(mlp, torch)
    wrong_shape = {"0.weight": np.zeros((3, 3), np.float32), "extra": np.zeros(1, np.float32)}
    unexpected = {"0.weight": np.zeros((16, 2), np.float32), "0.nothing": np.zeros(1, np.float32)}
    for bad in (wrong_shape, unexpected):
        with pytest.raises(RuntimeError) as their_error:
            theirs.load_state_dict({k: torch.tensor(v) for k, v in bad.items()})
        with pytest.raises(RuntimeError) as our_error:
            ours.load_state_dict({k: vg.tensor(v) for k, v in bad.items()})
        assert str(our_error.value) == str(their_error.value)
    their_state = {k: torch.tensor(v) for k, v in unexpected.items()}
    our_state = {k: vg.tensor(v) for k, v in unexpected.items()}
    their_result = theirs.load_state_dict(their_state, strict=False)
    our_result = ours.load_state_dict(our_state, strict=False)
    assert repr(our_result) == repr(their_result)


def test_weights_copy_both_ways_with_torch(torch: ModuleType) -> None:
    theirs, ours = twin(mlp, torch)
    vg.manual_seed(3)
    fresh = mlp(vg)
    # visgrad -> PyTorch through NumPy, and PyTorch parameters (requiring grad) -> visgrad
    theirs.load_state_dict({k: torch.tensor(v.numpy()) for k, v in fresh.state_dict().items()})
    ours.load_state_dict(dict(theirs.named_parameters()))
    for p, q, r in zip(ours.parameters(), theirs.parameters(), fresh.parameters()):
        assert np.array_equal(p.detach().numpy(), r.detach().numpy())
        assert np.array_equal(q.detach().numpy(), r.detach().numpy())


# --- printing -------------------------------------------------------------------------------------
def test_sequential_repr() -> None:
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=16, bias=True)\n"
        "  (1): Tanh()\n"
        "  (2): Linear(in_features=16, out_features=1, bias=True)\n"
        ")"
    )


def _repr_models(lib: Any) -> list[Any]:
    n = lib.nn
    return [
        mlp(lib),
        classifier(lib),
        n.Linear(3, 4, bias=False),
        n.Sequential(),
        n.Sequential(n.Sequential(n.Linear(1, 1), n.ReLU(inplace=True)), n.Sigmoid()),
        n.Sequential(OrderedDict([("hidden", n.Linear(2, 4)), ("act", n.ReLU())])),
        mlp(lib)[1:3],
        mlp(lib)[-1],
        n.MSELoss(),
        n.MSELoss(reduction="sum"),
        n.CrossEntropyLoss(),
        n.ReLU(),
        n.LeakyReLU(),
        n.LeakyReLU(0.2, inplace=True),
        n.Sequential(n.Linear(2, 3), n.LeakyReLU(negative_slope=0.1)),
        n.GELU(),
        n.GELU(approximate="tanh"),
        n.SiLU(),
        n.SiLU(inplace=True),
        n.Softplus(),
        n.Softplus(beta=2, threshold=10),
        n.ELU(),
        n.ELU(0.5, inplace=True),
        n.Softmax(dim=1),
        n.Softmax(),
        n.LogSoftmax(dim=-1),
        n.Identity(3, unused="x"),
        n.Flatten(),
        n.Flatten(0, 2),
        n.Sequential(n.Flatten(), n.Linear(4, 2), n.GELU(), n.Identity(), n.LogSoftmax(1)),
        n.NLLLoss(),
        n.NLLLoss(lib.ones(3), ignore_index=1, reduction="sum"),
        n.BCELoss(),
        n.BCEWithLogitsLoss(pos_weight=lib.ones(2)),
        n.L1Loss(reduction="none"),
        n.HuberLoss(delta=2.0),
        n.HuberLoss("sum", 0.5),
        n.SmoothL1Loss(beta=0.5),
        n.Embedding(5, 3),
        n.Embedding(5, 3, padding_idx=-1, scale_grad_by_freq=True),
        n.LayerNorm(4),
        n.LayerNorm((2, 3), eps=1e-3, elementwise_affine=False),
        n.LayerNorm([4], bias=False),
        n.Sequential(n.Embedding(10, 4), n.LayerNorm(4), n.Linear(4, 2)),
        n.Dropout(),
        n.Dropout(0.2, inplace=True),
        n.Sequential(n.Linear(2, 3), n.ReLU(), n.Dropout(p=0.3)),
    ]


def test_module_reprs_match_torch(torch: ModuleType) -> None:
    for ours, theirs in zip(_repr_models(vg), _repr_models(torch)):
        assert repr(ours) == repr(theirs)


# --- Sequential -----------------------------------------------------------------------------------
def test_sequential_indexing() -> None:
    model = mlp(vg)
    assert len(model) == 5 and isinstance(model[0], nn.Linear) and isinstance(model[-1], nn.Linear)
    assert list(model[1:3]._modules) == ["1", "2"]
    assert [type(m).__name__ for m in model] == ["Linear", "Tanh", "Linear", "Tanh", "Linear"]
    model.append(nn.Sigmoid())
    assert list(model._modules)[-1] == "5"
    with pytest.raises(IndexError, match="^index 6 is out of range$"):
        model[6]


def test_sequential_runs_its_modules_in_order() -> None:
    model = mlp(vg)
    x = vg.randn(5, 2)
    expected = x
    for layer in model:
        expected = layer(expected)
    assert np.array_equal(model(x).detach().numpy(), expected.detach().numpy())


# --- Linear ---------------------------------------------------------------------------------------
def test_linear_shapes_and_seeded_init() -> None:
    vg.manual_seed(0)
    first = nn.Linear(3, 5)
    vg.manual_seed(0)
    second = nn.Linear(3, 5)
    assert tuple(first.weight.shape) == (5, 3) and tuple(first.bias.shape) == (5,)
    assert np.array_equal(first.weight.detach().numpy(), second.weight.detach().numpy())
    assert np.array_equal(first.bias.detach().numpy(), second.bias.detach().numpy())
    assert first.weight.dtype is vg.float32 and first.weight.is_leaf
    assert nn.Linear(3, 5, bias=False).bias is None


def test_linear_init_is_uniform_within_one_over_root_fan_in() -> None:
    vg.manual_seed(1)
    layer = nn.Linear(400, 500)
    bound = 1 / math.sqrt(400)
    weight = layer.weight.detach().numpy()
    assert np.abs(weight).max() <= bound
    assert np.abs(layer.bias.detach().numpy()).max() <= bound
    # U(-b, b) has mean 0 and variance b²/3; 200 000 samples pin both down closely
    assert abs(weight.mean()) < 0.01 * bound
    assert weight.var() == pytest.approx(bound**2 / 3, rel=0.02)
    # and is flat: each tenth of the range holds about a tenth of the values
    counts, _ = np.histogram(weight, bins=10, range=(-bound, bound))
    assert np.all(np.abs(counts / weight.size - 0.1) < 0.005)


def test_linear_records_addmm_like_torch() -> None:
    layer = nn.Linear(2, 3)
    out = layer(vg.ones(4, 2))
    assert graph_names(out.grad_fn) == [
        (0, "AddmmBackward0"),
        (1, "torch::autograd::AccumulateGrad"),
        (1, None),
        (1, "TBackward0"),
        (2, "torch::autograd::AccumulateGrad"),
    ]
    assert [name for name, _ in out.grad_fn.saved_items()] == ["mat1", "mat2"]


@pytest.mark.parametrize("shape", [(2,), (4, 2), (3, 4, 2)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_matches_torch(
    torch: ModuleType, shape: tuple[int, ...], bias: bool, rng: np.random.Generator
) -> None:
    torch.manual_seed(0)
    theirs = torch.nn.Linear(2, 3, bias=bias)
    ours = nn.Linear(2, 3, bias=bias)
    ours.load_state_dict(theirs.state_dict())
    values = rng.normal(size=shape).astype(np.float32)
    x_theirs = torch.tensor(values, requires_grad=True)
    x_ours = vg.tensor(values, requires_grad=True)
    out_theirs, out_ours = theirs(x_theirs), ours(x_ours)
    assert_close(out_ours, out_theirs)
    if bias:  # without bias PyTorch records Squeeze/UnsafeView nodes we do not have
        assert graph_names(out_ours.grad_fn) == graph_names(out_theirs.grad_fn)
    seed = rng.normal(size=out_theirs.shape).astype(np.float32)
    out_theirs.backward(torch.tensor(seed))
    out_ours.backward(vg.tensor(seed))
    assert_close(x_ours.grad, x_theirs.grad)
    for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert_close(p.grad, q.grad), name


def test_linear_gradients_against_finite_differences(rng: np.random.Generator) -> None:
    layer = nn.Linear(3, 2, dtype=vg.float64)
    for shape in [(3,), (4, 3), (2, 2, 3)]:
        x = vg.tensor(rng.normal(size=shape), requires_grad=True)
        assert gradcheck(lambda x, w, b: F.linear(x, w, b), (x, layer.weight, layer.bias))
        assert gradcheck(lambda x, w: F.linear(x, w), (x, layer.weight))


def test_addmm_second_derivatives_match_torch(torch: ModuleType, rng: np.random.Generator) -> None:
    values = {name: rng.normal(size=shape) for name, shape in
              [("x", (4, 3)), ("w", (2, 3)), ("b", (2,))]}

    def run(lib: Any) -> list[Any]:
        x, w, b = (lib.tensor(values[k], requires_grad=True) for k in ("x", "w", "b"))
        out = lib.nn.functional.linear(x, w, b).tanh().sum()
        (grad_x,) = lib.autograd.grad(out, [x], create_graph=True)
        (grad_x * grad_x).sum().backward()
        return [w.grad, b.grad]

    for ours, theirs in zip(run(vg), run(torch)):
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("loss", ["mse", "cross_entropy", "cross_entropy_weighted_none"])
def test_loss_second_derivatives_match_torch(torch: ModuleType, loss: str) -> None:
    rng = np.random.default_rng(5)
    scores, target = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))

    def run(lib: Any) -> Any:
        x = lib.tensor(scores, requires_grad=True)
        if loss == "mse":
            value = lib.nn.functional.mse_loss(x.tanh(), lib.tensor(target))
        elif loss == "cross_entropy":
            value = lib.nn.functional.cross_entropy(x * x, lib.tensor([0, 2, 1, 1]))
        else:
            weight = lib.tensor([0.5, 2.0, 1.0], dtype=lib.float64)
            per_sample = lib.nn.functional.cross_entropy(
                x * x, lib.tensor([0, 2, 1, 1]), weight, reduction="none"
            )
            value = (per_sample * lib.tensor([1.0, 2.0, 3.0, 4.0], dtype=lib.float64)).sum()
        (grad_x,) = lib.autograd.grad(value, [x], create_graph=True)
        (grad_x * grad_x).sum().backward()
        return x.grad

    np.testing.assert_allclose(run(vg).numpy(), run(torch).numpy(), rtol=1e-10, atol=1e-12)


# --- errors a learner meets, in PyTorch's words ---------------------------------------------------
class ErrorCase(NamedTuple):
    name: str
    run: Callable[[Any], Any]  # given the library: visgrad or torch
    kind: type[Exception]
    message: str


def functional(t: Any) -> Any:
    return t.nn.functional


def ce(t: Any, **settings: Any) -> Any:
    return t.nn.CrossEntropyLoss(**settings)


ERROR_CASES = [
    ErrorCase("linear_wrong_width", lambda t: t.nn.Linear(2, 16)(t.ones(4, 3)), RuntimeError,
              "mat1 and mat2 shapes cannot be multiplied (4x3 and 2x16)"),
    ErrorCase("linear_wrong_width_1d", lambda t: t.nn.Linear(2, 16)(t.ones(3)), RuntimeError,
              "mat1 and mat2 shapes cannot be multiplied (1x3 and 2x16)"),
    ErrorCase("linear_float64_input",
              lambda t: t.nn.Linear(2, 3)(t.ones(4, 2, dtype=t.float64)), RuntimeError,
              "mat1 and mat2 must have the same dtype, but got Double and Float"),
    ErrorCase("linear_int_input",
              lambda t: t.nn.Linear(2, 3)(t.ones(4, 2, dtype=t.int64)), RuntimeError,
              "mat1 and mat2 must have the same dtype, but got Long and Float"),
    ErrorCase("linear_no_bias_float64",
              lambda t: t.nn.Linear(2, 3, bias=False)(t.ones(4, 2, dtype=t.float64)), RuntimeError,
              "expected m1 and m2 to have the same dtype, but got: double != float"),
    ErrorCase("linear_bias_dtype",
              lambda t: functional(t).linear(t.ones(4, 2), t.ones(3, 2), t.ones(3).double()),
              RuntimeError, "self and mat2 must have the same dtype, but got Double and Float"),
    ErrorCase("linear_bias_size",
              lambda t: functional(t).linear(t.ones(4, 2), t.ones(3, 2), t.ones(5)), RuntimeError,
              "The expanded size of the tensor (3) must match the existing size (5) at "
              "non-singleton dimension 1.  Target sizes: [4, 3].  Tensor sizes: [5]"),
    ErrorCase("linear_0d", lambda t: functional(t).linear(t.tensor(1.0), t.ones(3, 2)),
              RuntimeError,
              "both arguments to linear need to be at least 1D, but they are 0D and 2D"),
    ErrorCase("ce_float_targets", lambda t: ce(t)(t.ones(4, 3), t.tensor([0.0, 2.0, 1.0, 2.0])),
              RuntimeError, "expected target dtype to be Long or Byte, but got Float"),
    ErrorCase("ce_float_targets_wrong_shape", lambda t: ce(t)(t.ones(4, 3), t.ones(4, 2)),
              RuntimeError, "0D or 1D target tensor expected, multi-target not supported"),
    ErrorCase("ce_column_targets", lambda t: ce(t)(t.ones(4, 3), t.tensor([[0], [1], [2], [0]])),
              RuntimeError, "0D or 1D target tensor expected, multi-target not supported"),
    ErrorCase("ce_int32_targets",
              lambda t: ce(t)(t.ones(4, 3), t.tensor([0, 1, 2, 0], dtype=t.int32)),
              RuntimeError, "expected target dtype to be Long or Byte, but got Int"),
    ErrorCase("ce_batch_mismatch", lambda t: ce(t)(t.ones(4, 3), t.tensor([0, 2, 1])),
              ValueError, "Expected input batch_size (4) to match target batch_size (3)."),
    ErrorCase("ce_target_too_big", lambda t: ce(t)(t.ones(4, 3), t.tensor([0, 5, 1, 2])),
              IndexError, "Target 5 is out of bounds."),
    ErrorCase("ce_target_negative", lambda t: ce(t)(t.ones(4, 3), t.tensor([0, -1, 1, 2])),
              IndexError, "Target -1 is out of bounds."),
    ErrorCase("ce_probabilities_long",
              lambda t: ce(t)(t.ones(4, 3), t.ones(4, 3, dtype=t.int64)), RuntimeError,
              "Expected floating point type for target with class probabilities, got Long"),
    ErrorCase("ce_bad_reduction",
              lambda t: ce(t, reduction="avg")(t.ones(4, 3), t.tensor([0, 1, 2, 1])),
              ValueError, "avg is not a valid value for reduction"),
    ErrorCase("ce_weight_size", lambda t: ce(t, weight=t.ones(2))(t.ones(4, 3), t.tensor([0, 1])),
              ValueError, "Expected input batch_size (4) to match target batch_size (2)."),
    ErrorCase("ce_weight_size_2",
              lambda t: ce(t, weight=t.ones(2))(t.ones(4, 3), t.tensor([0, 1, 2, 1])),
              RuntimeError, "weight tensor should be defined either for all 3 classes or no "
              "classes but got weight tensor of shape: [2]"),
    ErrorCase("ce_spatial_target",
              lambda t: functional(t).cross_entropy(t.ones(2, 3, 5), t.zeros(2, 4, dtype=t.int64)),
              RuntimeError, "Expected target size [2, 5], got [2, 4]"),
    ErrorCase("nll_0d_input", lambda t: functional(t).nll_loss(t.tensor(1.0), t.tensor(1)),
              ValueError, "Expected 1 or more dimensions (got 0)"),
    ErrorCase("mse_bad_reduction", lambda t: t.nn.MSELoss(reduction="foo")(t.ones(2), t.ones(2)),
              ValueError, "foo is not a valid value for reduction"),
    ErrorCase("mse_not_broadcastable", lambda t: t.nn.MSELoss()(t.ones(4, 3), t.ones(4, 2)),
              RuntimeError, "The size of tensor a (3) must match the size of tensor b (2) at "
              "non-singleton dimension 1"),
]


@pytest.mark.filterwarnings("ignore:Using a target size")
@pytest.mark.parametrize("case", ERROR_CASES, ids=[case.name for case in ERROR_CASES])
def test_errors(case: ErrorCase) -> None:
    with pytest.raises(case.kind) as error:
        case.run(vg)
    assert str(error.value) == case.message


@pytest.mark.filterwarnings("ignore:Using a target size")
@pytest.mark.parametrize("case", ERROR_CASES, ids=[case.name for case in ERROR_CASES])
def test_errors_are_torchs(torch: ModuleType, case: ErrorCase) -> None:
    with pytest.raises(case.kind) as error:
        case.run(torch)
    assert str(error.value) == case.message


def test_mse_warns_about_broadcasting_like_torch() -> None:
    with pytest.warns(UserWarning) as record:
        F.mse_loss(vg.ones(4, 1), vg.ones(4))
    assert str(record[0].message) == (
        "Using a target size (torch.Size([4])) that is different to the input size "
        "(torch.Size([4, 1])). This will likely lead to incorrect results due to broadcasting. "
        "Please ensure they have the same size."
    )
    assert record[0].filename == __file__  # points at the caller's line
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.mse_loss(vg.ones(4, 1), vg.ones(4, 1))  # same shapes: no warning


def test_gelu_far_tails_match_torch(torch: ModuleType) -> None:
    """Far into both tails: float64 agrees to 1e-14 absolute (1 + erf(x) cancels there, in torch
    as here); float32 to 2e-6 (torch's float32 kernel uses a polynomial erf, off by up to 5e-7
    at x = -3, where visgrad rounds the exact value)."""
    values = np.linspace(-12, 12, 97)
    for dtype, tolerance in (("float64", {"rtol": 1e-10, "atol": 1e-14}),
                             ("float32", {"rtol": 1e-5, "atol": 2e-6})):
        ours = vg.tensor(values, dtype=getattr(vg, dtype), requires_grad=True)
        theirs = torch.tensor(values, dtype=getattr(torch, dtype), requires_grad=True)
        for approximate in ("none", "tanh"):
            out_ours = F.gelu(ours, approximate=approximate)
            out_theirs = torch.nn.functional.gelu(theirs, approximate=approximate)
            assert_close(out_ours, out_theirs, **tolerance)
            (grad_ours,) = vg.autograd.grad(out_ours.sum(), [ours])
            (grad_theirs,) = torch.autograd.grad(out_theirs.sum(), [theirs])
            assert_close(grad_ours, grad_theirs, **tolerance)


def test_loss_buffers_are_torchs(torch: ModuleType) -> None:
    for name, settings in [("NLLLoss", {"weight": [1.0, 2.0]}), ("BCELoss", {"weight": [3.0]}),
                           ("BCEWithLogitsLoss", {"pos_weight": [2.0, 1.0]})]:
        ours = getattr(nn, name)(**{k: vg.tensor(v) for k, v in settings.items()})
        theirs = getattr(torch.nn, name)(**{k: torch.tensor(v) for k, v in settings.items()})
        assert list(ours.state_dict()) == list(theirs.state_dict())


def test_binary_cross_entropy_at_0_and_1_is_clamped_as_torch(torch: ModuleType) -> None:
    """ln 0 is clamped to -100 in the loss, p·(1 - p) to at least 1e-12 in the gradient."""
    values, targets = [0.0, 1.0, 0.0, 1.0, 0.5], [1.0, 0.0, 0.0, 1.0, 0.3]
    for lib in (vg, torch):
        p = lib.tensor(values, requires_grad=True)
        loss = lib.nn.functional.binary_cross_entropy(p, lib.tensor(targets), reduction="none")
        loss.sum().backward()
        if lib is vg:
            ours = (loss.detach().numpy(), p.grad.numpy())
        else:
            theirs = (loss.detach().numpy(), p.grad.numpy())
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-6)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6)
    assert ours[0][:2].tolist() == [100.0, 100.0]


def test_bce_with_logits_is_stable_for_huge_scores_as_torch(torch: ModuleType) -> None:
    scores, targets = [1000.0, -1000.0, 1000.0, -1000.0, 0.0], [0.0, 1.0, 1.0, 0.0, 0.5]
    results = []
    for lib in (vg, torch):
        x = lib.tensor(scores, requires_grad=True)
        t = lib.tensor(targets, requires_grad=True)
        pos_weight = lib.tensor([2.0])
        loss = lib.nn.functional.binary_cross_entropy_with_logits(x, t, pos_weight=pos_weight)
        loss.backward()
        results.append([loss.detach().numpy(), x.grad.numpy(), t.grad.numpy()])
    for ours, theirs in zip(*results):
        assert np.isfinite(ours).all()
        np.testing.assert_allclose(ours, theirs, rtol=1e-6)


# --- Embedding, one_hot, LayerNorm ---------------------------------------------------------------
EMBEDDING_SETTINGS: list[dict[str, Any]] = [
    {},
    {"padding_idx": 2},
    {"padding_idx": -1, "scale_grad_by_freq": True},
    {"scale_grad_by_freq": True},
]


@pytest.mark.parametrize("settings", EMBEDDING_SETTINGS, ids=str)
def test_embedding_gradients_match_torch(torch: ModuleType, settings: dict[str, Any]) -> None:
    """padding_idx and scale_grad_by_freq change the gradient on purpose (it is then not the
    derivative): first and second gradients against torch's, and the padding row exactly 0."""
    table = np.random.default_rng(0).normal(size=(4, 3))
    tokens = [[0, 2, 3], [2, 2, 1], [3, 3, 3]]
    seed = np.random.default_rng(1).normal(size=(3, 3, 3))
    results = []
    for lib in (vg, torch):
        weight = lib.tensor(table, requires_grad=True)
        out = lib.nn.functional.embedding(lib.tensor(tokens), weight, **settings)
        assert out.grad_fn.name() == "EmbeddingBackward0"
        (grad,) = lib.autograd.grad((out * lib.tensor(seed)).sum() + (out**3).sum(), [weight],
                                    create_graph=True)
        assert grad.grad_fn.name() in ("EmbeddingDenseBackwardBackward0", "AddBackward0")
        (grad * grad).sum().backward()
        results.append((out.detach().numpy(), grad.detach().numpy(), weight.grad.numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)
    padding = settings.get("padding_idx")
    if padding is not None:
        assert not results[0][1][padding].any() and not results[0][2][padding].any()


def test_embedding_second_gradient_by_freq(rng: np.random.Generator) -> None:
    """The first gradient, a function of the table, differentiated through its recorded graph
    (EmbeddingDenseBackwardBackward0) agrees with finite differences, even though that first
    gradient was scaled by 1/count on purpose (the scalings cancel, as in PyTorch)."""
    tokens = vg.tensor([[0, 2, 3], [2, 2, 1]])
    weight = vg.tensor(rng.normal(size=(4, 3)), requires_grad=True)

    def first_gradient(w: Any) -> Any:
        # (finite differences call this with recording off and w a constant: record anyway)
        with vg.enable_grad():
            leaf = w if w.requires_grad else w.detach().requires_grad_()
            out = F.embedding(tokens, leaf, padding_idx=1, scale_grad_by_freq=True)
            (grad,) = vg.autograd.grad((out**3).sum(), [leaf], create_graph=w.requires_grad)
        return grad

    assert first_gradient(weight).grad_fn.name() == "EmbeddingDenseBackwardBackward0"
    assert gradcheck(first_gradient, (weight,))


def test_embedding_module_starts_normal_with_a_zero_padding_row() -> None:
    vg.manual_seed(0)
    layer = nn.Embedding(1000, 50, padding_idx=3)
    vg.manual_seed(0)
    again = nn.Embedding(1000, 50, padding_idx=3)
    weight = layer.weight.detach().numpy()
    assert np.array_equal(weight, again.weight.detach().numpy())
    assert layer.weight.dtype is vg.float32 and layer.weight.requires_grad
    assert not weight[3].any()
    assert abs(weight.mean()) < 0.01 and weight.std() == pytest.approx(1.0, rel=0.01)
    out = layer(vg.tensor([[3, 5], [5, 9]]))
    assert tuple(out.shape) == (2, 2, 50)
    out.sum().backward()
    grad = layer.weight.grad.numpy()
    assert not grad[3].any() and (grad[5] == 2).all() and (grad[9] == 1).all()
    assert grad[[0, 1, 2, 4, 6, 7, 8]].sum() == 0


def test_embedding_from_pretrained_matches_torch(torch: ModuleType) -> None:
    table = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    for freeze in (True, False):
        ours = nn.Embedding.from_pretrained(vg.tensor(table), freeze=freeze, padding_idx=0)
        theirs = torch.nn.Embedding.from_pretrained(torch.tensor(table), freeze=freeze,
                                                    padding_idx=0)
        assert repr(ours) == repr(theirs)
        assert ours.weight.requires_grad == theirs.weight.requires_grad
        out_ours, out_theirs = ours(vg.tensor([2, 0])), theirs(torch.tensor([2, 0]))
        assert repr(out_ours) == repr(out_theirs)


@pytest.mark.parametrize("classes, num_classes", [
    ([0, 2, 1], -1), ([[0, 2], [1, 1]], 4), (2, 3), ([], 3), ([[1]], -1),
])
def test_one_hot_matches_torch(torch: ModuleType, classes: Any, num_classes: int) -> None:
    ours = F.one_hot(vg.tensor(classes, dtype=vg.int64), num_classes)
    theirs = torch.nn.functional.one_hot(torch.tensor(classes, dtype=torch.int64), num_classes)
    assert repr(ours) == repr(theirs)
    assert not ours.requires_grad


@pytest.mark.parametrize("affine", ["none", "weight", "weight and bias"])
def test_layer_norm_module_matches_torch(torch: ModuleType, affine: str) -> None:
    """LayerNorm((3, 4)) on (2, 3, 4) inputs: values, gradients of input, weight and bias
    (weights moved away from their start of 1 and 0 first), second gradients."""
    rng = np.random.default_rng(2)
    x_values, seed = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 3, 4))
    w_values, b_values = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    results = []
    for lib in (vg, torch):
        layer = lib.nn.LayerNorm((3, 4), elementwise_affine=affine != "none",
                                 bias=affine == "weight and bias", dtype=lib.float64)
        params = list(layer.parameters())
        for p, values in zip(params, (w_values, b_values)):
            with lib.no_grad():
                p.copy_(lib.tensor(values))
        x = lib.tensor(x_values, requires_grad=True)
        out = layer(x)
        assert out.grad_fn.name() == "NativeLayerNormBackward0"
        grads = lib.autograd.grad((out * lib.tensor(seed)).sum(), [x, *params],
                                  create_graph=True)
        sum((g * g).sum() for g in grads).backward()
        second = [None if t.grad is None else t.grad.numpy() for t in (x, *params)]
        results.append([out.detach().numpy(), *[g.detach().numpy() for g in grads], *second])
    assert len(results[0]) == len(results[1])
    for ours, theirs in zip(*results):
        assert (ours is None) == (theirs is None)  # (the bias: its gradient is constant)
        if ours is not None:
            np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_layer_norm_starts_at_weight_1_bias_0() -> None:
    layer = nn.LayerNorm(3)
    assert layer.weight.tolist() == [1.0, 1.0, 1.0] and layer.bias.tolist() == [0.0, 0.0, 0.0]
    out = layer(vg.tensor([[1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(out.detach().numpy(), [[-1.2247, 0.0, 1.2247]], atol=1e-4)
    assert [name for name, _ in nn.LayerNorm(3, bias=False).named_parameters()] == ["weight"]
    assert list(nn.LayerNorm(3, elementwise_affine=False).parameters()) == []


# --- Dropout ------------------------------------------------------------------------------------
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_zeroes_about_p_and_scales_the_rest(p: float) -> None:
    """Random masks cannot equal torch's: what they must do is checked instead. 200 000 values
    zeroed with probability p: the fraction is within 4.5 standard deviations of p."""
    vg.manual_seed(0)
    values = np.random.default_rng(0).uniform(1, 2, size=(400, 500))
    x = vg.tensor(values, dtype=vg.float32, requires_grad=True)
    out = F.dropout(x, p)
    assert out.grad_fn.name() == "MulBackward0"  # as torch 2.13 records it on the CPU
    values, inputs = out.detach().numpy(), x.detach().numpy()
    zeroed = values == 0
    spread = math.sqrt(p * (1 - p) / values.size)
    assert abs(zeroed.mean() - p) < 4.5 * spread
    scale = np.float32(1) / np.float32(1 - p)  # 1/(1 - p) in float32, as torch computes it
    np.testing.assert_array_equal(values[~zeroed], inputs[~zeroed] * scale)
    seed = np.random.default_rng(1).normal(size=(400, 500)).astype(np.float32)
    out.backward(vg.tensor(seed))
    mask = np.where(zeroed, np.float32(0), scale)
    np.testing.assert_array_equal(x.grad.numpy(), seed * mask)  # exactly the mask/(1 - p)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_dropout_keeps_the_values_torch_keeps(torch: ModuleType, dtype: str) -> None:
    """The same two values (0 and x/(1 - p), rounded as torch rounds) and the same saved mask."""
    kept = []
    for lib in (vg, torch):
        x = lib.tensor(np.full(2000, 1.7, dtype), requires_grad=True)
        out = lib.nn.functional.dropout(x, 0.3)
        assert [n is None for n, _ in out.grad_fn.next_functions] == [False, True]
        kept.append(np.unique(out.detach().numpy()).tolist())
    assert kept[0] == kept[1]


def test_dropout_repeats_with_the_seed_and_differs_without() -> None:
    x = vg.ones(1000)
    vg.manual_seed(5)
    first = F.dropout(x, 0.5).numpy()
    second = F.dropout(x, 0.5).numpy()
    vg.manual_seed(5)
    again = F.dropout(x, 0.5).numpy()
    assert np.array_equal(first, again) and not np.array_equal(first, second)


def test_dropout_module_follows_train_and_eval(torch: ModuleType) -> None:
    for lib in (vg, torch):
        model = lib.nn.Sequential(lib.nn.Linear(3, 3), lib.nn.Dropout(0.5))
        x = lib.ones(2, 3)
        model.eval()
        assert model[1](x) is x  # the input itself, as in torch
        assert lib.nn.functional.dropout(x, 0.5, training=False) is x
        assert lib.nn.functional.dropout(x, 0.0) is x
        model.train()
        out = model[1](lib.ones(200, 100))
        assert out.dtype == lib.float32
        assert set(np.unique(out.detach().numpy()).tolist()) == {0.0, 2.0}


def test_softmax_module_without_dim_warns_as_torch() -> None:
    with pytest.warns(UserWarning, match="^Implicit dimension choice for log_softmax has been"):
        out = nn.LogSoftmax()(vg.ones(2, 3))
    np.testing.assert_allclose(out.numpy(), np.full((2, 3), -math.log(3)), rtol=1e-6)


@pytest.mark.parametrize("loss", ["l1_loss", "huber_loss", "smooth_l1_loss"])
def test_regression_losses_warn_about_broadcasting_like_torch(
    torch: ModuleType, loss: str
) -> None:
    messages = []
    for lib in (vg, torch):
        with pytest.warns(UserWarning) as record:
            getattr(lib.nn.functional, loss)(lib.ones(4, 1), lib.ones(4))
        messages.append(str(record[0].message))
        if lib is vg:
            assert record[0].filename == __file__
    assert messages[0] == messages[1]


def test_softmax_without_dim_warns_and_picks_torchs_dim() -> None:
    x = vg.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    with pytest.warns(UserWarning, match="^Implicit dimension choice for softmax has been"):
        probabilities = F.softmax(x)
    np.testing.assert_allclose(probabilities.sum(1).numpy(), [1.0, 1.0], rtol=1e-6)


# --- losses and activations against torch -----------------------------------------------------
def images(v: dict[str, Any], *shape: int) -> tuple[Any, Any]:
    """The scores and classes laid out as (N, C, *shape) and (N, *shape)."""
    return v["x"].t().reshape(1, 3, *shape), v["classes"].reshape(1, *shape)


LOSS_CASES: list[tuple[str, Callable[[Any, dict[str, Any]], Any]]] = [
    ("mse_mean", lambda t, v: functional(t).mse_loss(v["x"], v["y"])),
    ("mse_sum", lambda t, v: functional(t).mse_loss(v["x"], v["y"], reduction="sum")),
    ("mse_none", lambda t, v: functional(t).mse_loss(v["x"], v["y"], reduction="none")),
    ("mse_module", lambda t, v: t.nn.MSELoss()(v["x"], v["y"])),
    ("ce_mean", lambda t, v: ce(t)(v["x"], v["classes"])),
    ("ce_sum", lambda t, v: ce(t, reduction="sum")(v["x"], v["classes"])),
    ("ce_none", lambda t, v: ce(t, reduction="none")(v["x"], v["classes"])),
    ("ce_weight", lambda t, v: ce(t, weight=v["weight"])(v["x"], v["classes"])),
    ("ce_weight_none",
     lambda t, v: ce(t, weight=v["weight"], reduction="none")(v["x"], v["classes"])),
    ("ce_ignore", lambda t, v: ce(t, ignore_index=2)(v["x"], v["classes"])),
    ("ce_one_sample", lambda t, v: ce(t)(v["x"][0], v["classes"][0])),
    ("ce_spatial", lambda t, v: ce(t)(*images(v, 4))),
    ("ce_images", lambda t, v: ce(t)(*images(v, 2, 2))),
    ("ce_images_none", lambda t, v: ce(t, reduction="none")(*images(v, 2, 2))),
    ("ce_volumes_none", lambda t, v: ce(t, reduction="none")(*images(v, 2, 2, 1))),
    ("ce_probabilities", lambda t, v: ce(t)(v["x"], v["probabilities"])),
    ("ce_probabilities_sum", lambda t, v: ce(t, reduction="sum")(v["x"], v["probabilities"])),
    ("ce_probabilities_weight_none",
     lambda t, v: ce(t, weight=v["weight"], reduction="none")(v["x"], v["probabilities"])),
    ("nll", lambda t, v: functional(t).nll_loss(v["x"].log_softmax(1), v["classes"])),
    ("nll_byte_targets", lambda t, v: functional(t).nll_loss(v["x"], v["classes"].to(t.uint8))),
    ("softmax", lambda t, v: functional(t).softmax(v["x"], dim=1)),
    ("log_softmax", lambda t, v: functional(t).log_softmax(v["x"], dim=0)),
    ("relu", lambda t, v: t.nn.ReLU()(v["x"])),
    ("tanh", lambda t, v: t.nn.Tanh()(v["x"])),
    ("sigmoid", lambda t, v: t.nn.Sigmoid()(v["x"])),
]


def _loss_inputs(lib: Any, rng: np.random.Generator, dtype: str) -> dict[str, Any]:
    x = rng.normal(size=(4, 3)).astype(dtype)
    y = rng.normal(size=(4, 3)).astype(dtype)
    probabilities = rng.dirichlet(np.ones(3), size=4).astype(dtype)
    weight = np.array([0.2, 1.0, 3.0], dtype)
    return {
        "x": lib.tensor(x, requires_grad=True),
        "y": lib.tensor(y, requires_grad=True),
        "classes": lib.tensor([0, 2, 1, 2]),
        "probabilities": lib.tensor(probabilities),
        "weight": lib.tensor(weight),
    }


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", LOSS_CASES, ids=[case[0] for case in LOSS_CASES])
def test_losses_match_torch(
    torch: ModuleType, case: tuple[str, Callable[[Any, dict[str, Any]], Any]], dtype: str
) -> None:
    _, code = case
    ours_in = _loss_inputs(vg, np.random.default_rng(7), dtype)
    theirs_in = _loss_inputs(torch, np.random.default_rng(7), dtype)
    ours, theirs = code(vg, ours_in), code(torch, theirs_in)
    tolerance = F32 if dtype == "float32" else {"rtol": 1e-10, "atol": 1e-12}
    assert_close(ours, theirs, **tolerance)
    assert ours.dtype.name == str(theirs.dtype).removeprefix("torch.")
    assert ours.grad_fn.name() == _expected_node_name(theirs.grad_fn.name())
    if case[0] in SAME_GRAPH:
        expected = [(d, _expected_node_name(name)) for d, name in graph_names(theirs.grad_fn)]
        assert graph_names(ours.grad_fn) == expected
    seed = np.random.default_rng(3).normal(size=tuple(theirs.shape)).astype(dtype)
    ours.backward(vg.tensor(seed))
    theirs.backward(torch.tensor(seed))
    for key in ("x", "y"):
        if theirs_in[key].grad is None:
            assert ours_in[key].grad is None
        else:
            assert_close(ours_in[key].grad, theirs_in[key].grad, **tolerance)


# Cases whose whole graph is PyTorch's. The others reshape a transposed tensor (PyTorch records
# CloneBackward0 and UnsafeViewBackward0, visgrad's reshape does not), or divide by a number
# (PyTorch's DivBackward1 has one edge; visgrad's DivBackward0 also has one for the constant).
SAME_GRAPH = {name for name, _ in LOSS_CASES} - {
    "ce_spatial", "ce_images", "ce_images_none", "ce_volumes_none", "ce_probabilities",
}


def _expected_node_name(torch_name: str | None) -> str | None:
    # `tensor / number` is DivBackward1 in PyTorch; visgrad records it as DivBackward0
    return {"DivBackward1": "DivBackward0"}.get(torch_name, torch_name)


def test_loss_graphs_match_torch(torch: ModuleType) -> None:
    x = np.random.default_rng(0).normal(size=(6, 2)).astype(np.float32)
    column, classes = np.ones((6, 1), np.float32), np.array([0, 1, 2, 0, 1, 2])
    cases = ((mlp, "MSELoss", column), (classifier, "CrossEntropyLoss", classes))
    for build, loss_name, target in cases:
        theirs, ours = twin(build, torch)
        loss_theirs = getattr(torch.nn, loss_name)()(theirs(torch.tensor(x)), torch.tensor(target))
        loss_ours = getattr(nn, loss_name)()(ours(vg.tensor(x)), vg.tensor(target))
        assert graph_names(loss_ours.grad_fn) == graph_names(loss_theirs.grad_fn)
        assert repr(loss_ours) == repr(loss_theirs)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_loss_gradients_against_finite_differences(
    reduction: str, rng: np.random.Generator
) -> None:
    x = vg.tensor(rng.normal(size=(5, 4)), requires_grad=True)
    y = vg.tensor(rng.normal(size=(5, 4)), requires_grad=True)
    column = vg.tensor(rng.normal(size=(5, 1)), requires_grad=True)
    classes = vg.tensor([0, 3, 1, 1, 2])
    weight = vg.tensor([0.5, 1.0, 2.0, 0.1], dtype=vg.float64)
    probabilities = vg.tensor(rng.dirichlet(np.ones(4), size=5))
    spatial = vg.tensor(rng.normal(size=(2, 4, 3)), requires_grad=True)
    spatial_classes = vg.tensor([[0, 3, 1], [2, 2, 0]])
    checks = [
        (lambda a, b: F.mse_loss(a, b, reduction=reduction), (x, y)),
        (lambda a: F.cross_entropy(a, classes, reduction=reduction), (x,)),
        (lambda a: F.cross_entropy(a, classes, weight, reduction=reduction), (x,)),
        (lambda a: F.cross_entropy(a, classes, ignore_index=1, reduction=reduction), (x,)),
        (lambda a: F.cross_entropy(a, probabilities, weight, reduction=reduction), (x,)),
        (lambda a: F.cross_entropy(a, spatial_classes, reduction=reduction), (spatial,)),
        (lambda a: F.nll_loss(a, classes, weight, reduction=reduction), (x,)),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the broadcasting warning, on purpose below
        checks.append((lambda a, b: F.mse_loss(a, b, reduction=reduction), (x, column)))
        for function, inputs in checks:
            assert gradcheck(function, inputs)


def test_whole_model_gradients_against_finite_differences(rng: np.random.Generator) -> None:
    model = classifier(vg).double()
    x = vg.tensor(rng.normal(size=(5, 2)), dtype=vg.float64)
    classes = vg.tensor([0, 1, 2, 1, 0])
    params = list(model.parameters())
    assert gradcheck(lambda *_: F.cross_entropy(model(x), classes), params)


def test_cross_entropy_is_stable_for_large_scores() -> None:
    logits = vg.tensor([[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0]], requires_grad=True)
    loss = F.cross_entropy(logits, vg.tensor([0, 2]))
    assert loss.item() == pytest.approx(math.log(3) / 2, rel=1e-6)
    loss.backward()
    assert np.isfinite(logits.grad.numpy()).all()


def test_ignored_targets_weigh_nothing() -> None:
    logits = vg.tensor([[1.0, 2.0, 3.0], [3.0, 0.0, 0.0]], requires_grad=True)
    loss = F.cross_entropy(logits, vg.tensor([2, -100]))
    expected = -math.log(math.exp(3) / (math.exp(1) + math.exp(2) + math.exp(3)))
    assert loss.item() == pytest.approx(expected, rel=1e-6)
    loss.backward()
    assert not logits.grad.numpy()[1].any()


# --- a whole forward and backward, against torch ------------------------------------------------
@pytest.mark.parametrize("build, loss_name", [(mlp, "MSELoss"), (classifier, "CrossEntropyLoss")])
def test_forward_backward_match_torch(
    torch: ModuleType, build: Callable[[Any], Any], loss_name: str
) -> None:
    theirs, ours = twin(build, torch)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(10, 2)).astype(np.float32)
    if loss_name == "MSELoss":
        target = rng.normal(size=(10, 1)).astype(np.float32)
    else:
        target = rng.integers(0, 3, 10)
    out_theirs, out_ours = theirs(torch.tensor(x)), ours(vg.tensor(x))
    assert_close(out_ours, out_theirs)
    loss_theirs = getattr(torch.nn, loss_name)()(out_theirs, torch.tensor(target))
    loss_ours = getattr(nn, loss_name)()(out_ours, vg.tensor(target))
    assert_close(loss_ours, loss_theirs)
    loss_theirs.backward()
    loss_ours.backward()
    for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert_close(p.grad, q.grad), name
        assert repr(p.grad.shape) == repr(q.grad.shape)


def token_classifier(lib: Any) -> Any:
    """The new layers together: tokens -> Embedding -> LayerNorm -> GELU -> Dropout -> Linear."""
    n = lib.nn
    return n.Sequential(
        n.Embedding(7, 6, padding_idx=0), n.LayerNorm(6), n.Linear(6, 8), n.GELU(),
        n.Dropout(0.2), n.Flatten(), n.Linear(24, 3), n.LogSoftmax(dim=1),
    )


def test_token_classifier_trains_as_torch_with_adamw(torch: ModuleType) -> None:
    """Three AdamW steps of the model in eval mode (dropout off) on the same weights: the
    losses, gradients and parameters agree with torch's after each step."""
    theirs, ours = twin(token_classifier, torch)
    theirs.eval()
    ours.eval()
    tokens = [[1, 2, 0], [6, 6, 3], [0, 0, 5], [4, 1, 2]]
    labels = [0, 2, 1, 2]
    their_opt = torch.optim.AdamW(theirs.parameters(), lr=0.05)
    our_opt = vg.optim.AdamW(ours.parameters(), lr=0.05)
    for step in range(3):
        their_opt.zero_grad()
        our_opt.zero_grad()
        their_loss = torch.nn.NLLLoss()(theirs(torch.tensor(tokens)), torch.tensor(labels))
        our_loss = nn.NLLLoss()(ours(vg.tensor(tokens)), vg.tensor(labels))
        assert our_loss.item() == pytest.approx(their_loss.item(), rel=1e-5), step
        their_loss.backward()
        our_loss.backward()
        for p, q in zip(ours.parameters(), theirs.parameters()):
            assert_close(p.grad, q.grad, rtol=1e-4, atol=1e-6)
        their_opt.step()
        our_opt.step()
    for p, q in zip(ours.parameters(), theirs.parameters()):
        assert_close(p, q, rtol=1e-4, atol=1e-6)
    assert not ours[0].weight.detach().numpy()[0].any()  # the padding row never moved


# --- memory -------------------------------------------------------------------------------------
def test_saved_tensors_are_freed_after_backward() -> None:
    model = mlp(vg)
    x, y = vg.randn(8, 2), vg.randn(8, 1)
    gc.disable()  # freed by reference counting alone: the graph leaves no cycles behind
    try:
        hidden = model[1](model[0](x))  # saved by the next layer's Addmm (and by Tanh itself)
        alive = weakref.ref(hidden)
        loss = F.mse_loss(model[4](model[3](model[2](hidden))), y)
        del hidden
        assert alive() is not None  # the graph keeps it for backward
        node = loss.grad_fn
        loss.backward()
        with pytest.raises(RuntimeError, match="^Trying to backward through the graph a second"):
            node.saved_tensors  # noqa: B018
        del loss, node
        assert alive() is None
    finally:
        gc.enable()
    assert all(p.grad is not None and p.is_leaf for p in model.parameters())


def test_backward_twice_says_retain_graph() -> None:
    model = mlp(vg)
    loss = model(vg.randn(3, 2)).sum()
    loss.backward()
    with pytest.raises(RuntimeError, match="Specify retain_graph=True"):
        loss.backward()


# --- init ---------------------------------------------------------------------------------------
def test_init_functions_fill_in_place_without_recording() -> None:
    weight = Parameter(vg.empty(300, 200))
    memory = weight.detach().numpy()
    vg.manual_seed(0)
    assert nn.init.kaiming_uniform_(weight, nonlinearity="relu") is weight
    assert weight.is_leaf and weight.grad_fn is None
    assert np.shares_memory(memory, weight.detach().numpy())
    bound = math.sqrt(2.0) * math.sqrt(3.0 / 200)
    assert np.abs(memory).max() <= bound and memory.var() == pytest.approx(bound**2 / 3, rel=0.03)
    nn.init.xavier_normal_(weight)
    assert memory.std() == pytest.approx(math.sqrt(2.0 / 500), rel=0.03)
    nn.init.zeros_(weight)
    assert not memory.any()
    nn.init.constant_(weight, 0.5)
    assert (memory == 0.5).all()
    assert nn.init.calculate_gain("tanh") == pytest.approx(5 / 3)
    with pytest.raises(ValueError, match="^Fan in and fan out can not be computed"):
        nn.init.xavier_uniform_(vg.empty(3))
