"""Tensors: creation, dtypes, properties and conversions, as PyTorch has them."""

import copy
import math
import subprocess
import sys

import numpy as np
import pytest

import visgrad


def test_default_dtypes_follow_pytorch():
    assert visgrad.tensor([1.0, 2.0]).dtype is visgrad.float32
    assert visgrad.tensor([1, 2]).dtype is visgrad.int64
    assert visgrad.tensor([True]).dtype is visgrad.bool
    assert visgrad.ones(2).dtype is visgrad.float32
    assert visgrad.arange(3).dtype is visgrad.int64
    assert visgrad.arange(3.0).dtype is visgrad.float32
    assert visgrad.full((2,), 3).dtype is visgrad.int64
    assert visgrad.full((2,), 3.0).dtype is visgrad.float32
    assert visgrad.from_numpy(np.ones(2)).dtype is visgrad.float64
    assert visgrad.float is visgrad.float32 and visgrad.long is visgrad.int64
    assert repr(visgrad.float64) == "torch.float64"


def test_type_promotion_matches_pytorch():
    assert (visgrad.tensor([1, 2]) + 2.5).dtype is visgrad.float32
    assert (visgrad.tensor([1, 2]) * visgrad.tensor(2.5)).dtype is visgrad.float32
    assert (visgrad.tensor([True]) + 1).dtype is visgrad.int64
    assert (visgrad.ones(2, dtype=visgrad.float64) + visgrad.ones(2)).dtype is visgrad.float64
    assert (visgrad.ones(2) + visgrad.tensor(1.0, dtype=visgrad.float64)).dtype is visgrad.float32
    assert (visgrad.tensor([1, 2]) / 2).dtype is visgrad.float32


def test_shape_size_and_friends():
    x = visgrad.ones(2, 3)
    assert x.shape == (2, 3) and repr(x.shape) == "torch.Size([2, 3])"
    assert x.size() == visgrad.Size([2, 3]) and x.size(1) == 3
    assert (x.dim(), x.ndim, x.numel(), len(x)) == (2, 2, 6, 2)
    assert x.T.shape == (3, 2) and x.t().shape == (3, 2)
    assert visgrad.tensor(2.5).item() == 2.5
    assert x.tolist() == [[1.0] * 3] * 2
    assert isinstance(x.numpy(), np.ndarray)


def test_creation_functions():
    assert visgrad.zeros(2).tolist() == [0.0, 0.0]
    assert visgrad.ones_like(visgrad.zeros(2, 1)).shape == (2, 1)
    assert visgrad.zeros_like(visgrad.ones(3)).tolist() == [0.0] * 3
    assert visgrad.eye(2).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert visgrad.linspace(0, 1, 3).tolist() == [0.0, 0.5, 1.0]
    assert visgrad.arange(1, 7, 2).tolist() == [1, 3, 5]
    r = visgrad.rand(1000)
    assert 0 <= r.min().item() and r.max().item() < 1


def test_manual_seed_makes_random_numbers_repeat():
    visgrad.manual_seed(0)
    first = visgrad.randn(3).tolist()
    visgrad.manual_seed(0)
    assert visgrad.randn(3).tolist() == first
    assert visgrad.randn(3).tolist() != first


def test_from_numpy_shares_memory_and_tensor_copies():
    a = np.zeros(2)
    shared, copied = visgrad.from_numpy(a), visgrad.tensor(a)
    a[0] = 5
    assert shared.tolist() == [5.0, 0.0] and copied.tolist() == [0.0, 0.0]


def test_leaves_and_non_leaves():
    x = visgrad.ones(2, requires_grad=True)
    y = x * 2
    assert x.is_leaf and not y.is_leaf and y.requires_grad
    assert visgrad.ones(2).is_leaf
    d = y.detach()
    assert d.is_leaf and not d.requires_grad
    d[0] = 7  # detach shares memory, as in PyTorch
    assert y.tolist() == [7.0, 2.0]


def test_data_is_a_detached_view():
    x = visgrad.ones(2, requires_grad=True)
    assert not x.data.requires_grad
    x.data[0] = 3  # allowed, and not tracked: the classic way to update weights by hand
    assert x.tolist() == [3.0, 1.0]


def test_requires_grad_setter_and_method():
    x = visgrad.ones(2)
    assert x.requires_grad_() is x and x.requires_grad
    x.requires_grad = False
    assert not x.requires_grad


def test_name_labels_a_leaf():
    w = visgrad.randn(2, name="w")
    assert w.name == "w"
    assert visgrad.tensor([1.0], name="x").name == "x"


def test_views_share_the_version_counter():
    x = visgrad.zeros(2, 2)
    row = x[0]
    row.add_(1)
    assert x._version == row._version == 1
    assert x.tolist() == [[1.0, 1.0], [0.0, 0.0]]


def test_in_place_on_a_non_leaf_is_recorded():
    x = visgrad.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1
    y.mul_(3)
    y.add_(1)
    assert y.grad_fn.name() == "AddBackward0"
    assert y.grad_fn.next_functions[0][0].name() == "MulBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


def test_setitem_records_the_copy():
    x = visgrad.tensor([1.0, 2.0], requires_grad=True)
    buffer = visgrad.zeros(3)
    buffer[1:] = x * 2
    assert buffer.grad_fn.name() == "torch::autograd::CopySlices"
    assert repr(buffer.grad_fn) == "<CopySlices object>"
    (buffer * visgrad.tensor([5.0, 6.0, 7.0])).sum().backward()
    assert x.grad.tolist() == [12.0, 14.0]


def test_deepcopy_of_leaves_only():
    x = visgrad.ones(2, requires_grad=True)
    c = copy.deepcopy(x)
    assert c is not x and c.requires_grad and c.tolist() == x.tolist()
    with pytest.raises(RuntimeError, match="graph leaves"):
        copy.deepcopy(x * 2)


def test_printing_shows_dtype_and_grad_fn():
    assert repr(visgrad.ones(2, dtype=visgrad.float64)) == "tensor([1., 1.], dtype=torch.float64)"
    assert repr(visgrad.tensor([1, 2])) == "tensor([1, 2])"
    assert repr(visgrad.ones(1, requires_grad=True) * 2) == "tensor([2.], grad_fn=<MulBackward0>)"


def test_same_as_pytorch_for_creation_and_printing():
    torch = pytest.importorskip("torch")
    for make in (
        lambda t: t.ones(2, 3),
        lambda t: t.zeros(2, dtype=t.float64),
        lambda t: t.arange(5),
        lambda t: t.arange(0.0, 1.0, 0.25),
        lambda t: t.linspace(-1, 1, 5),
        lambda t: t.eye(3),
        lambda t: t.full((2, 2), 7),
        lambda t: t.tensor([[1.5, -2.0], [3.25, 1e-4]]),
        lambda t: t.tensor([1, 2]) / 3,
        lambda t: t.tensor([[True, False]]),
    ):
        assert repr(make(visgrad)) == repr(make(torch))


def test_creation_in_float64_is_exact_as_in_pytorch():
    # values asked for in float64 are computed in float64, not rounded to float32 on the way
    torch = pytest.importorskip("torch")
    for make in (
        lambda t: t.full((3,), 1.7, dtype=t.float64),
        lambda t: t.full_like(t.zeros(2), 0.1, dtype=t.float64),
        lambda t: t.arange(0, 1, 0.1, dtype=t.float64),
        lambda t: t.linspace(0, 1, 7, dtype=t.float64),
        lambda t: t.linspace(0, 10, 4, dtype=t.int64),
        lambda t: t.full((2,), 2.5, dtype=t.int32),
    ):
        ours, theirs = make(visgrad), make(torch)
        assert ours.tolist() == theirs.tolist() and repr(ours.dtype) == str(theirs.dtype)
    assert visgrad.linspace(0, 1, 3, name="t").name == "t"


def test_numpy_conversion_shares_memory_unless_a_copy_is_asked():
    x = visgrad.zeros(2)
    shared, copied = np.asarray(x), np.array(x, copy=True)
    x[0] = 5
    assert shared.tolist() == [5.0, 0.0] and copied.tolist() == [0.0, 0.0]


def test_in_place_arithmetic_without_recording_updates_memory_views_and_version() -> None:
    # (same dtype and shape: written with NumPy's out=, the optimizer's `p -= lr * p.grad`)
    p = visgrad.tensor([1.0, 2.0, 4.0], requires_grad=True)
    view = p.detach()
    with visgrad.no_grad():
        p -= 0.5 * visgrad.tensor([2.0, 2.0, 2.0])
        p *= p
        p += p
    assert p.tolist() == [0.0, 2.0, 18.0]
    assert view.tolist() == [0.0, 2.0, 18.0]  # one memory
    assert p._version == 3
    assert p.requires_grad and p.is_leaf
    q = visgrad.ones(2, 2, dtype=visgrad.float64)
    q += visgrad.ones(2, 2)  # float32 into float64: the general path, same result
    assert q.dtype == visgrad.float64 and q.tolist() == [[2.0, 2.0], [2.0, 2.0]]


def test_python_numbers_shared_between_operations_stay_exact_and_unchanged() -> None:
    # a number's constant is made once per dtype and shared (see ops._broadcast.number_operand)
    x = visgrad.tensor([1.0, -2.0], requires_grad=True)
    assert (x * 0.0).tolist() == [0.0, -0.0] and math.copysign(1, (x * -0.0)[0].item()) == -1
    assert math.copysign(1, (x * 0.0)[0].item()) == 1  # 0.0 and -0.0 are not confused
    y = x * 3
    saved = y.grad_fn._saved_other  # what pictures and users see is a tensor of its own
    saved.add_(1)
    assert saved.item() == 4 and (x * 3).tolist() == [3.0, -6.0]
    assert (visgrad.tensor([1, 2]) * 3).dtype == visgrad.int64  # one constant per dtype
    assert (visgrad.tensor([1.0], dtype=visgrad.float64) * 3).dtype == visgrad.float64
    y.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int64", "int32", "bool"])
@pytest.mark.parametrize("shape", [(), (2, 3)])
def test_arithmetic_with_a_number_is_the_same_recorded_or_not(dtype: str, shape: tuple) -> None:
    # without recording, `t * 0.1` and friends skip building the number's tensor (a shortcut
    # for float tensors): the values, bits and dtype must be those of the recorded operation
    rng = np.random.default_rng(0)
    values = rng.normal(size=shape) * 3
    numbers = [0.1, -0.0, 3, -7, 1e30, 2.5e-8]
    operations = [
        lambda t, n: t * n,
        lambda t, n: n * t,
        lambda t, n: t + n,
        lambda t, n: n + t,
        lambda t, n: t - n,
    ]
    for number in numbers:
        for operation in operations:
            plain = visgrad.tensor(values).to(getattr(visgrad, dtype))
            if dtype == "bool" and operation(plain, 1) is None:
                continue
            unrecorded = operation(plain, number)
            assert unrecorded.grad_fn is None and not unrecorded.requires_grad
            if not plain.is_floating_point():
                continue  # (integers and bools have no recorded path to compare with)
            leaf = plain.detach().requires_grad_()
            recorded = operation(leaf, number)
            assert recorded.grad_fn is not None
            with visgrad.no_grad():
                under_no_grad = operation(leaf, number)
            for other in (recorded, under_no_grad):
                assert other.dtype == unrecorded.dtype and other.shape == unrecorded.shape
                ours = unrecorded.numpy()
                assert np.array_equal(ours.view(f"u{ours.itemsize}"), other.detach().numpy().view(
                    f"u{ours.itemsize}"))


def test_arithmetic_on_inf_and_nan_is_quiet_as_in_pytorch_but_users_numpy_still_warns():
    """inf - inf is NaN and 1/0 is inf, silently, as PyTorch computes them; NumPy's own
    warnings stay on for the user's NumPy code. Run as a learner's script runs (a fresh
    process, Python's default warning filters)."""
    script = (
        "import numpy as np, visgrad\n"
        "x = visgrad.tensor([float('inf'), 0.0, 1.0], requires_grad=True)\n"
        "y = (x - x) + 1 / x + x.sin() + x * 0\n"
        "y.sum().backward()\n"
        "print(y.detach().numpy().tolist()[:2])\n"
        "np.array([np.inf]) - np.array([np.inf])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[nan, inf]"
    warned = [line for line in done.stderr.splitlines() if "RuntimeWarning" in line]
    assert len(warned) == 1 and warned[0].startswith("<string>:6: RuntimeWarning: invalid")
