"""The backward engine, tested with toy functions of our own (NumPy forward, NumPy backward),
apart from the operation library: order, dependencies, accumulation, freeing, hooks.

The toys are `Op`s, like the built-in operations: their backward gets the gradient as a NumPy
array (a tensor when the backward is recorded) and reads `ctx.saved_values(grad)`."""

import gc
import threading
import weakref

import numpy as np
import pytest

import visgrad
from visgrad.autograd import Function, backward_steps
from visgrad.autograd.engine import roots_and_seeds
from visgrad.autograd.function import Op


class Double(Op):
    """out = 2a;  ∂out/∂a = 2"""

    @staticmethod
    def forward(ctx, a):
        return 2 * a._array

    @staticmethod
    def backward(ctx, grad):
        return 2 * grad


class Times(Op):
    """out = a·b;  ∂out/∂a = b, ∂out/∂b = a — saves both, so it can be freed"""

    saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a._array * b._array

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_values(grad)
        return grad * b, grad * a


class Plus(Op):
    """out = a + b;  ∂out/∂a = ∂out/∂b = 1"""

    @staticmethod
    def forward(ctx, a, b):
        return a._array + b._array

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


def leaf(*values):
    return visgrad.tensor(list(values), dtype=visgrad.float64, requires_grad=True)


def run(output):
    return list(backward_steps([output._gradient_node()], [visgrad.ones_like(output)]))


def test_a_step_is_a_plain_record_of_node_and_gradients():
    x = leaf(3.0)
    y = Double.apply(x)
    steps = run(y)
    assert [s.node.name() for s in steps] == ["DoubleBackward0", "torch::autograd::AccumulateGrad"]
    assert steps[0].grad_output.tolist() == [1.0]
    assert [g.tolist() for g in steps[0].grad_inputs] == [[2.0]]
    assert steps[1].node.variable is x
    assert x.grad.tolist() == [2.0]


def test_a_node_runs_once_after_every_consumer_delivered():
    # x -> a = 2x -> b = a·a, c = 2a -> out = b + c : a's node must wait for both b and c
    x = leaf(1.5)
    a = Double.apply(x)
    b = Times.apply(a, a)
    c = Double.apply(a)
    out = Plus.apply(b, c)
    names = [s.node for s in run(out)]
    assert names.index(a.grad_fn) > names.index(b.grad_fn)
    assert names.index(a.grad_fn) > names.index(c.grad_fn)
    assert names.count(a.grad_fn) == 1
    # d out/dx = (2a + 2)·2 with a = 3
    assert x.grad.tolist() == [16.0]


def test_ready_nodes_run_newest_first_like_pytorch():
    x = leaf(1.0)
    first = Double.apply(x)
    second = Double.apply(x)
    out = Plus.apply(first, second)
    order = [s.node for s in run(out)]
    assert order[1] is second.grad_fn and order[2] is first.grad_fn


def test_a_tensor_used_twice_receives_both_gradients():
    a = leaf(2.0)
    b = Plus.apply(a, a)
    steps = run(b)
    accumulate = [s for s in steps if s.node.name().endswith("AccumulateGrad")]
    assert len(accumulate) == 1
    assert accumulate[0].grad_output.tolist() == [2.0]
    assert a.grad.tolist() == [2.0]


def test_gradients_accumulate_across_backward_calls():
    x = leaf(1.0)
    Double.apply(x).backward()
    Double.apply(x).backward()
    assert x.grad.tolist() == [4.0]


def test_accumulation_is_in_place_like_pytorch():
    x = leaf(1.0)
    Double.apply(x).backward()
    first = x.grad
    Double.apply(x).backward()
    assert first is x.grad and first.tolist() == [4.0]


def test_saved_tensors_are_freed_unless_retained():
    x = leaf(3.0)
    y = Times.apply(x, x)
    y.backward(retain_graph=True)
    assert y.grad_fn._saved_self is x
    y.backward()
    assert x.grad.tolist() == [12.0]
    assert y.grad_fn.saved_items() == []
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_a_node_that_saved_nothing_can_run_again():
    x = leaf(1.0)
    y = Double.apply(x)
    y.backward()
    y.backward()  # nothing was saved, nothing was freed: PyTorch allows this too
    assert x.grad.tolist() == [4.0]


def test_intermediates_die_after_backward():
    x = leaf(1.0, 2.0)
    y = Times.apply(x, x)
    z = Times.apply(y, y)
    watch = weakref.ref(y)
    out = visgrad.ones_like(z)
    z.backward(out)
    del y
    assert watch() is None


def test_none_gradients_still_release_the_nodes_behind_them():
    class OnlyFirst(Op):
        @staticmethod
        def forward(ctx, a, b):
            return a._array + b._array

        @staticmethod
        def backward(ctx, grad):
            return grad, None

    x = leaf(1.0)
    blocked = Double.apply(x)
    out = Plus.apply(OnlyFirst.apply(x, blocked), Double.apply(x))
    out.backward()
    assert x.grad.tolist() == [3.0]


class Same(Op):
    """out = a;  ∂out/∂a = 1"""

    @staticmethod
    def forward(ctx, a):
        return a._array

    @staticmethod
    def backward(ctx, grad):
        return grad


def test_a_million_operations_deep():
    x = leaf(1.0)
    y = x
    for _ in range(1_000_000):
        y = Same.apply(y)
    y.backward()  # no recursion anywhere: no RecursionError
    assert x.grad.tolist() == [1.0]


def test_hooks_see_and_may_replace_the_gradient():
    seen = []
    x = leaf(1.0)
    x.register_hook(lambda g: seen.append(("x", g.tolist())))
    y = Double.apply(x)
    y.register_hook(lambda g: g * 10)
    y.backward()
    assert seen == [("x", [20.0])]
    assert x.grad.tolist() == [20.0]


def test_inputs_limits_which_leaves_accumulate():
    a, b = leaf(1.0), leaf(2.0)
    out = Times.apply(a, b)
    out.backward(inputs=[a])
    assert a.grad.tolist() == [2.0]
    assert b.grad is None


def test_grad_returns_gradients_and_leaves_dot_grad_alone():
    a, b = leaf(1.0), leaf(2.0)
    unused = leaf(5.0)
    out = Times.apply(a, b)
    ga, gb, gu = visgrad.autograd.grad(out, [a, b, unused], allow_unused=True)
    assert (ga.tolist(), gb.tolist(), gu) == ([2.0], [1.0], None)
    assert a.grad is None and b.grad is None


def test_create_graph_gives_gradients_of_gradients():
    x = visgrad.tensor(2.0, dtype=visgrad.float64, requires_grad=True)
    y = x**3
    (dy,) = visgrad.autograd.grad(y, x, create_graph=True)
    assert dy.item() == 12.0 and dy.requires_grad
    (d2y,) = visgrad.autograd.grad(dy, x, create_graph=True)
    assert d2y.item() == 12.0
    (d3y,) = visgrad.autograd.grad(d2y, x)
    assert d3y.item() == 6.0


def test_backward_with_create_graph_puts_a_graph_in_dot_grad():
    x = visgrad.tensor([1.0, 2.0], requires_grad=True)
    (x**2).sum().backward(create_graph=True)
    assert x.grad.grad_fn is not None
    g = x.grad
    x.grad = None
    g.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


class MyExp(Function):
    """A custom function as a learner writes it: forward returns a tensor and saves it."""

    @staticmethod
    def forward(ctx, i):
        result = i.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


def test_custom_function_like_pytorch():
    x = visgrad.tensor([0.0, 1.0], dtype=visgrad.float64, requires_grad=True)
    y = MyExp.apply(x)
    assert y.grad_fn.name() == "MyExpBackward"
    assert y.grad_fn.next_functions[0][0].variable is x
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp([0.0, 1.0]))
    assert visgrad.autograd.gradcheck(MyExp.apply, (x,))


def test_custom_function_knows_which_inputs_need_grad():
    seen = {}

    class Mul(Function):
        @staticmethod
        def forward(ctx, a, b, scale):
            seen["needs"] = ctx.needs_input_grad
            ctx.save_for_backward(a, b)
            return a * b * scale

        @staticmethod
        def backward(ctx, grad):
            a, b = ctx.saved_tensors
            return grad * b, None, None

    a = leaf(2.0)
    Mul.apply(a, visgrad.tensor([3.0], dtype=visgrad.float64), 1.0).backward()
    assert seen["needs"] == (True, False, False)
    assert a.grad.tolist() == [3.0]


def test_gradcheck_catches_a_wrong_backward():
    class Wrong(Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a * a

        @staticmethod
        def backward(ctx, grad):
            (a,) = ctx.saved_tensors
            return grad * a  # forgot the factor 2

    x = visgrad.tensor([1.0, 2.0], dtype=visgrad.float64, requires_grad=True)
    with pytest.raises(visgrad.autograd.GradcheckError, match="Jacobian mismatch"):
        visgrad.autograd.gradcheck(Wrong.apply, (x,))
    assert not visgrad.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False)


def test_grad_modes_as_context_and_decorator():
    x = leaf(1.0)
    with visgrad.no_grad():
        assert not (x * 2).requires_grad
        with visgrad.enable_grad():
            assert (x * 2).requires_grad
    assert (x * 2).requires_grad

    @visgrad.no_grad()
    def frozen():
        return x * 2

    assert not frozen().requires_grad
    assert visgrad.is_grad_enabled()
    with visgrad.set_grad_enabled(False):
        assert not visgrad.is_grad_enabled()
    assert visgrad.is_grad_enabled()


def _grad_mode_decorators_program(M):
    """Decorators without parentheses, and generators, which run each step in the mode."""
    x = M.tensor([1.0, 2.0], requires_grad=True)
    seen = []

    @M.no_grad
    def frozen(a):
        return a * 2

    @M.enable_grad
    def recording(a):
        return a * 2

    @M.no_grad()
    def steps():
        request = yield x * 2
        seen.append(("sent", request, M.is_grad_enabled()))
        try:
            yield x * 3
        except KeyError:
            seen.append(("thrown", M.is_grad_enabled()))
            yield x * 4
        return "done"

    seen.append((frozen(x).requires_grad, frozen.__name__))
    with M.no_grad():
        seen.append(recording(x).requires_grad)
    generator = steps()
    seen.append((next(generator).requires_grad, M.is_grad_enabled()))
    seen.append(generator.send(5).requires_grad)
    seen.append(generator.throw(KeyError()).requires_grad)
    with pytest.raises(StopIteration) as stopped:
        next(generator)
    seen.append((stopped.value.value, M.is_grad_enabled()))
    return seen


def test_grad_mode_decorators_as_torch():
    torch = pytest.importorskip("torch")
    assert _grad_mode_decorators_program(visgrad) == _grad_mode_decorators_program(torch)


def _node_hooks_program(M):
    """A node's pre-hook sees a tuple of its output gradients, its hook (a post-hook) the
    gradients it sends and those it got; tensor hooks and retain_grad come first."""
    x = M.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    seen = []

    def show(grads):
        return [None if g is None else g.tolist() for g in grads]

    y.retain_grad()
    y.register_hook(lambda g: seen.append(("tensor", g.tolist())))
    y.grad_fn.register_prehook(lambda go: seen.append(("pre", show(go))) or (go[0] * 2,))
    y.grad_fn.register_hook(lambda gi, go: seen.append(("post", show(gi), show(go))))
    y.register_hook(lambda g: g * 10)
    replacing = y.grad_fn.register_hook(lambda gi, go: (gi[0] + 1, None))
    y.sum().backward(retain_graph=True)
    seen.append((x.grad.tolist(), y.grad.tolist()))
    replacing.remove()
    x.grad = None
    y.sum().backward()
    seen.append(x.grad.tolist())
    return seen


def test_node_hooks_as_torch():
    torch = pytest.importorskip("torch")
    assert _node_hooks_program(visgrad) == _node_hooks_program(torch)


def _grad_options_program(M):
    x = M.tensor([1.0, 2.0], requires_grad=True)
    w = M.tensor([3.0, 4.0], requires_grad=True)
    out = (x * 2).sum()
    grads = M.autograd.grad(out, [x, w], retain_graph=True, materialize_grads=True)
    with pytest.warns(FutureWarning, match="only_inputs argument is deprecated"):
        (again,) = M.autograd.grad(out, x, only_inputs=False)
    return [g.tolist() for g in grads], again.tolist()


def test_autograd_grad_options_as_torch():
    torch = pytest.importorskip("torch")
    assert _grad_options_program(visgrad) == _grad_options_program(torch)


def _needs_input_grad_program(M):
    """A Function's forward sees which inputs require grad even when nothing is recorded."""
    seen = []

    class Scale(M.autograd.Function):
        @staticmethod
        def forward(ctx, a, k):
            seen.append(ctx.needs_input_grad)
            return a * k

        @staticmethod
        def backward(ctx, grad):
            return grad * 2, None

    x = M.tensor([1.0, 2.0], requires_grad=True)
    Scale.apply(x, 3)
    with M.no_grad():
        Scale.apply(x, 3)
    Scale.apply(x.detach(), 3)
    return seen


def test_needs_input_grad_as_torch():
    torch = pytest.importorskip("torch")
    assert _needs_input_grad_program(visgrad) == _needs_input_grad_program(torch)


def _calling_grad_fns_program(M):
    """A grad_fn can be called by hand: what it would send along each edge."""
    x = M.tensor([1.0, 2.0], requires_grad=True)
    w = M.tensor([3.0, 4.0], requires_grad=True)

    def show(result):
        parts = result if isinstance(result, tuple) else (result,)
        values = [None if p is None else p.round(decimals=4).tolist() for p in parts]
        return type(result).__name__, values

    calls = [
        (x * w).grad_fn(M.ones(2)),
        (x * 3).grad_fn(M.ones(2)),
        (x * w).sum().grad_fn(M.tensor(1.0)),
        x.exp().grad_fn(M.ones(2)),
    ]
    return [show(result) for result in calls]


def test_calling_a_grad_fn_as_torch():
    torch = pytest.importorskip("torch")
    assert _calling_grad_fns_program(visgrad) == _calling_grad_fns_program(torch)


def test_a_node_keeps_the_users_metadata_as_torch():
    torch = pytest.importorskip("torch")
    seen = []
    for M in (torch, visgrad):
        x = M.tensor([1.0, 2.0], requires_grad=True)
        y = (x * 2).sum()
        y.grad_fn.metadata["step"] = 1
        leaf_node = y.grad_fn.next_functions[0][0].next_functions[0][0]
        seen.append((y.grad_fn.metadata, leaf_node.metadata, (x * 3).grad_fn.metadata))
    assert seen[0] == seen[1] == ({"step": 1}, {}, {})


def _post_accumulate_program(M):
    """A leaf's post-accumulate hook sees the tensor once its .grad holds the new sum: after
    its tensor hooks, only when backward writes that .grad (not for autograd.grad)."""
    x = M.tensor([1.0, 2.0], requires_grad=True)
    w = M.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    handle = x.register_post_accumulate_grad_hook(lambda p: seen.append(p.grad.tolist()))
    x.register_hook(lambda g: g * 10)
    (x * w).sum().backward()
    (x * w).sum().backward(inputs=[w])
    (x * w).sum().backward(inputs=[x])
    M.autograd.grad((x * w).sum(), x)
    handle.remove()
    (x * w).sum().backward()
    seen.append(x.grad.tolist())
    x.register_post_accumulate_grad_hook(lambda p: p.grad * 100)
    with pytest.raises(RuntimeError, match="Tensor post accumulate grad hooks should return None"):
        (x * w).sum().backward()
    with pytest.raises(RuntimeError, match="cannot be registered on non-leaf tensors"):
        (x * 2).register_post_accumulate_grad_hook(lambda p: None)
    return seen


def test_post_accumulate_grad_hooks_as_torch():
    torch = pytest.importorskip("torch")
    assert _post_accumulate_program(visgrad) == _post_accumulate_program(torch)


def test_grad_mode_is_per_thread():
    seen = []
    with visgrad.no_grad():
        worker = threading.Thread(target=lambda: seen.append(visgrad.is_grad_enabled()))
        worker.start()
        worker.join()
    assert seen == [True]


def test_next_functions_link_to_the_leaves():
    x = visgrad.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    ((mul3, _),) = out.grad_fn.next_functions
    assert mul3.name() == "MulBackward0"
    (mul, _), (constant, _) = mul3.next_functions
    assert mul.name() == "MulBackward0" and constant is None
    (add1, _), (add2, _) = mul.next_functions
    assert add1 is add2 is y.grad_fn
    (accumulate, _), (two, _) = add1.next_functions
    assert accumulate.variable is x and two is None
    assert x._gradient_node() is accumulate  # one AccumulateGrad per leaf


def test_a_removed_hook_no_longer_runs():
    calls = []
    x = leaf(1.0)
    handle = x.register_hook(lambda g: calls.append(g.tolist()))
    Double.apply(x).backward()
    handle.remove()
    Double.apply(x).backward()
    assert calls == [[2.0]]


def test_a_leaf_nobody_else_holds_still_gets_its_gradient():
    # the AccumulateGrad node keeps its leaf alive, as in PyTorch
    out = Double.apply(leaf(1.0))
    accumulate = out.grad_fn.next_functions[0][0]
    out.backward()
    assert accumulate.variable.grad.tolist() == [2.0]


def test_small_constant_inputs_are_kept_for_pictures():
    x = visgrad.ones(2, requires_grad=True)
    y = x + 2
    ((slot, two),) = y.grad_fn.constant_inputs()
    assert slot == 1 and two.tolist() == 2.0
    big = visgrad.ones(17, requires_grad=True)
    assert (big + visgrad.zeros(17)).grad_fn.constant_inputs() == []


def test_saved_constants_are_still_kept_for_pictures_after_backward():
    x = visgrad.ones(2, requires_grad=True)
    y = x * 3  # saves the 3 (as `other`); backward frees it, the picture still shows it
    y.sum().backward()
    ((slot, three),) = y.grad_fn.constant_inputs()
    assert slot == 1 and three.tolist() == 3.0


def test_a_custom_backward_must_return_one_gradient_per_input():
    class F(Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, grad):
            return grad

    a, b = leaf(1.0, 2.0), leaf(3.0, 4.0)
    with pytest.raises(RuntimeError) as raised:
        F.apply(a, b).sum().backward()
    assert str(raised.value) == (
        "function FBackward returned an incorrect number of gradients (expected 2, got 1)"
    )


def test_a_custom_backward_must_return_the_input_shape():
    class H(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, grad):
            return visgrad.ones(1, dtype=visgrad.float64) * grad[:1]

    class Broadcast(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, grad):
            return grad.unsqueeze(0).expand(3, 2) * 2  # summed back down, as in PyTorch

    with pytest.raises(RuntimeError) as raised:
        H.apply(leaf(1.0, 2.0)).sum().backward()
    assert str(raised.value) == (
        "Function HBackward returned an invalid gradient at index 0 - got [1] but expected "
        "shape compatible with [2]"
    )
    x = leaf(1.0, 2.0)
    Broadcast.apply(x).sum().backward()
    assert x.grad.tolist() == [6.0, 6.0]


def test_the_same_mistakes_in_pytorch_give_the_same_words():
    torch = pytest.importorskip("torch")

    class F(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, grad):
            return grad

    class H(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, grad):
            return torch.ones(1, dtype=torch.float64) * grad[:1]

    a = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    with pytest.raises(RuntimeError) as count:
        F.apply(a, a.detach().requires_grad_()).sum().backward()
    with pytest.raises(RuntimeError) as shape:
        H.apply(a).sum().backward()
    assert str(count.value) == (
        "function FBackward returned an incorrect number of gradients (expected 2, got 1)"
    )
    assert str(shape.value) == (
        "Function HBackward returned an invalid gradient at index 0 - got [1] but expected "
        "shape compatible with [2]"
    )


def test_only_nodes_that_saved_something_are_marked_freed():
    x = leaf(1.0)
    y = Double.apply(x)
    z = Times.apply(y, y)
    z.backward()
    assert z.grad_fn._freed and not y.grad_fn._freed


def test_sole_holder_sees_an_array_that_only_its_caller_holds():
    # the engine lets .grad take such a gradient without a copy (PyTorch "steals" it alike)
    from visgrad.autograd.engine import sole_holder

    alone = np.ones(3)
    assert sole_holder(alone)
    other = alone
    assert not sole_holder(alone) and other is alone
    base = np.ones((2, 3))
    view = base.T
    assert not sole_holder(view)  # its memory is reachable through `base`
    del base
    assert sole_holder(view)
    second_view = view[:]
    assert not sole_holder(view) and second_view.base is view.base


def test_a_leafs_gradient_never_shares_memory_with_anything_else():
    x = visgrad.tensor([1.0, 2.0], requires_grad=True)
    y = visgrad.tensor([3.0, 4.0], requires_grad=True)
    (x + y).sum().backward()  # one gradient array goes along both edges
    assert not np.shares_memory(x.grad.numpy(), y.grad.numpy())
    x.grad.add_(1)
    assert y.grad.tolist() == [1.0, 1.0]

    g = visgrad.tensor([5.0, 6.0])
    leaf = visgrad.tensor([1.0, 2.0], requires_grad=True)
    leaf.backward(g)  # the user's own gradient, straight to a leaf
    rows = visgrad.tensor([[1.0, 2.0]], requires_grad=True)
    rows.view(2).backward(g)  # and through a view
    for grad in (leaf.grad, rows.grad):
        assert not np.shares_memory(grad.numpy(), g.numpy())
    leaf.grad.zero_()
    assert g.tolist() == [5.0, 6.0]

    # steps kept by a consumer (the player) hold the gradients: .grad is a copy then
    w = visgrad.tensor([1.0, 2.0], requires_grad=True)
    out = (w * 3.0).sum()
    roots, seeds = roots_and_seeds([out], [None], False)
    steps = list(backward_steps(roots, seeds))
    kept = [np.asarray(g) for s in steps for g in (s.grad_output, *s.grad_inputs) if g is not None]
    assert not any(np.shares_memory(w.grad.numpy(), k) for k in kept)
    assert w.grad.tolist() == [3.0, 3.0]


# --- a node that saves its own output -----------------------------------------------------
OWN_OUTPUT_SAVERS = {
    "exp": lambda x: x.exp(),
    "tanh": lambda x: x.tanh(),
    "relu": lambda x: x.relu(),
    "sigmoid": lambda x: x.sigmoid(),
    "log_softmax": lambda x: x.log_softmax(dim=0),
    "user Function": MyExp.apply,  # (saves the tensor it returns, as learners write it)
}


@pytest.mark.parametrize("name", OWN_OUTPUT_SAVERS)
def test_an_output_its_node_saved_is_freed_without_the_garbage_collector(name):
    """No cycle output -> grad_fn -> output: dropping the output frees node and memory at
    once, as in PyTorch (a forward that is never followed by backward must not hold on)."""
    x = visgrad.tensor([0.5, -1.0, 2.0], requires_grad=True)
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        y = OWN_OUTPUT_SAVERS[name](x)
        node = weakref.ref(y.grad_fn)
        memory = weakref.ref(y._array)
        del y
        assert node() is None and memory() is None
    finally:
        if gc_was_on:
            gc.enable()


@pytest.mark.parametrize("name", OWN_OUTPUT_SAVERS)
def test_a_saved_output_reads_back_as_a_new_tensor_made_by_the_node(name):
    x = visgrad.tensor([0.5, -1.0, 2.0], dtype=visgrad.float64, requires_grad=True)
    y = OWN_OUTPUT_SAVERS[name](x)
    (saved,) = [t for _, t in y.grad_fn.saved_items()]
    assert saved is not y  # as PyTorch: y.grad_fn._saved_result is y -> False
    assert saved.grad_fn is y.grad_fn and saved.requires_grad and not saved.is_leaf
    assert np.shares_memory(saved.detach().numpy(), y.detach().numpy())
    assert saved.tolist() == y.tolist()
    y.sum().backward()
    assert np.allclose(x.grad.numpy(), _finite_difference(OWN_OUTPUT_SAVERS[name], x))


def _finite_difference(f, x, h=1e-6):
    base = x.detach().numpy()
    grad = np.zeros_like(base)
    for i in range(base.size):
        up, down = base.copy(), base.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (float(f(visgrad.tensor(up)).sum()) - float(f(visgrad.tensor(down)).sum())) / (
            2 * h
        )
    return grad


CHANGES = {
    "in place": lambda y: y.add_(1),
    "in place, not recorded": lambda y: y.add_(1),  # (under no_grad, below)
    "in place by a tensor, not recorded": lambda y: y.sub_(visgrad.ones(2)),
    "through detach": lambda y: y.detach().mul_(2),
    "through a view": lambda y: y[:1].detach().mul_(2),
    "after detach_": lambda y: y.detach_().mul_(2),
    "through the node's copy": lambda y: y.grad_fn._saved_result.mul_(2),
}


@pytest.mark.parametrize("change", CHANGES)
def test_changing_a_saved_output_in_place_is_still_caught(change):
    """The node shares the output's version counter (made when first needed), so every way
    of writing into the output's memory that PyTorch counts is caught, in PyTorch's words."""
    x = visgrad.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    total = y.sum()
    if "not recorded" in change:
        with visgrad.no_grad():
            CHANGES[change](y)
    else:
        CHANGES[change](y)
    del y
    with pytest.raises(RuntimeError, match=r"\[torch.FloatTensor \[2\]\], which is output 0 of "
                       r"Exp, is at version 1; expected version 0 instead"):
        total.backward()


def test_gradients_of_gradients_flow_through_a_saved_output():
    """d²/dx² tanh(x) = -2 tanh(x) (1 - tanh²(x)): the second pass reads the saved output
    as a tensor made by TanhBackward0, so it is differentiated through the tanh again."""
    x = visgrad.tensor([0.3, -1.2], dtype=visgrad.float64, requires_grad=True)
    y = x.tanh()
    (dy,) = visgrad.autograd.grad(y.sum(), x, create_graph=True)
    dy.sum().backward()
    t = np.tanh(np.array([0.3, -1.2]))
    assert np.allclose(x.grad.numpy(), -2 * t * (1 - t * t))


def test_an_unrecorded_operation_keeps_nothing_of_its_inputs():
    """Under no_grad nothing is recorded, and nothing the forward put on its ctx (here the
    index array) outlives the call: each unrecorded call gets a context of its own."""
    x = visgrad.tensor(np.arange(6.0))
    index = np.array([0, 2, 4])
    index_alive = weakref.ref(index)
    with visgrad.no_grad():
        y = x[index]
    del index
    assert index_alive() is None
    assert y.tolist() == [0.0, 2.0, 4.0] and y.grad_fn is None


def test_unrecorded_means_in_two_threads_each_divide_by_their_own_count():
    """Mean stores its count on its ctx and reads it back: a context shared between unrecorded
    calls would let one thread's count reach another's mean."""
    small, large = visgrad.ones(2), visgrad.ones(1000)
    wrong = []

    def means(t, expected):
        for _ in range(2000):
            value = t.mean().item()
            if value != expected:
                wrong.append(value)

    threads = [threading.Thread(target=means, args=(t, 1.0)) for t in (small, large)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
