"""Every mistake a learner makes raises PyTorch's exception type with PyTorch's message.

Each case is a small program written once against a module `t` (visgrad or torch), so the
same code runs in both: the expected text is checked literally, and against torch 2.13 itself
when it is installed.
"""

import re
import warnings

import pytest

import visgrad

FREED = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward."
)
HINT = (
    " Hint: enable anomaly detection to find the operation that failed to compute its gradient, "
    "with torch.autograd.set_detect_anomaly(True, check_nan=False)."
)


def backward_twice(t):
    x = t.ones(2, requires_grad=True)
    out = (x * x).sum()
    out.backward()
    out.backward()


def saved_tensor_after_backward(t):
    x = t.ones(2, requires_grad=True)
    y = x * x
    y.sum().backward()
    return y.grad_fn._saved_self


def backward_non_scalar(t):
    (t.ones(2, 2, requires_grad=True) * 2).backward()


def backward_without_grad(t):
    t.ones(2).sum().backward()


def backward_after_no_grad(t):
    x = t.ones(2, requires_grad=True)
    with t.no_grad():
        y = x * 2
    y.sum().backward()


def int_requires_grad(t):
    t.tensor([1, 2], requires_grad=True)


def int_requires_grad_(t):
    t.tensor([1, 2]).requires_grad_()


def in_place_on_leaf(t):
    t.ones(2, requires_grad=True).add_(1)


def in_place_operator_on_leaf(t):
    x = t.ones(2, requires_grad=True)
    x += 1


def in_place_on_view_of_leaf(t):
    x = t.ones(2, 2, requires_grad=True)
    x[0].mul_(2)


def saved_output_changed(t):
    a = t.ones(2, requires_grad=True)
    b = a.exp()
    b.add_(1)
    b.sum().backward()


def saved_input_changed(t):
    a = t.ones(2, requires_grad=True)
    b = a * 2
    c = b * b
    b.mul_(3)
    c.sum().backward()


def saved_leaf_changed(t):
    w = t.ones(2, requires_grad=True)
    d = w.detach()
    e = w * d
    d.add_(1)
    e.sum().backward()


def wrong_gradient_shape(t):
    y = t.ones(2, 2, requires_grad=True) + 2
    y.backward(t.ones(3))


def matmul_shapes(t):
    t.ones(2, 3) @ t.ones(2, 3)


def broadcast_shapes(t):
    t.ones(2, 3) + t.ones(2, 2)


def non_leaf_requires_grad_false(t):
    y = t.ones(2, requires_grad=True) * 2
    y.requires_grad_(False)


def non_leaf_requires_grad_assign(t):
    y = t.ones(2, requires_grad=True) * 2
    y.requires_grad = False


def impossible_view(t):
    t.ones(6).view(4, 2)


def grad_of_unused_input(t):
    x = t.ones(2, requires_grad=True)
    unused = t.ones(2, requires_grad=True)
    t.autograd.grad((x * 2).sum(), [x, unused])


def grad_of_input_without_grad(t):
    x = t.ones(2, requires_grad=True)
    t.autograd.grad((x * 2).sum(), [t.ones(2)])


def item_of_many(t):
    t.ones(3).item()


def numpy_of_requires_grad(t):
    t.ones(2, requires_grad=True).numpy()


def dim_out_of_range(t):
    t.ones(2, 2).sum(dim=2)


def mean_of_integers(t):
    t.tensor([1, 2]).mean()


def mm_two_dtypes(t):
    t.ones(2, 2, dtype=t.float64) @ t.ones(2, 2)


def mm_int_and_float(t):
    t.ones(2, 2, dtype=t.long).mm(t.ones(2, 2))


def dot_two_dtypes(t):
    t.ones(2, dtype=t.float64).dot(t.ones(2))


def batched_matmul_two_dtypes(t):
    t.ones(2, 2, 2, dtype=t.float64) @ t.ones(2, 2, 2)


def bmm_two_dtypes(t):
    t.ones(2, 2, 2).bmm(t.ones(2, 2, 2, dtype=t.float64))


def mv_two_dtypes(t):
    t.ones(2, 2, dtype=t.float64) @ t.ones(2)


def hook_changes_the_size(t):
    y = t.ones(2, requires_grad=True) * 3
    y.register_hook(lambda g: t.ones(3))
    y.sum().backward()


def leaf_hook_changes_the_size(t):
    x = t.ones(2, requires_grad=True)
    x.register_hook(lambda g: t.ones(2, 1))
    (x * 3).sum().backward()


def hook_changes_the_dtype(t):
    y = t.ones(2, requires_grad=True) * 3
    y.register_hook(lambda g: g.double())
    y.sum().backward()


def hook_returns_a_number(t):
    y = t.ones(2, requires_grad=True) * 3
    y.register_hook(lambda g: 5)
    y.sum().backward()


def node_hook_returns_too_many(t):
    y = t.ones(2, requires_grad=True) * 3
    y.grad_fn.register_hook(lambda grad_inputs, grad_outputs: (grad_inputs[0],))
    y.sum().backward()


def node_prehook_returns_a_tensor(t):
    y = t.ones(2, requires_grad=True) * 3
    y.grad_fn.register_prehook(lambda grad_outputs: grad_outputs[0])
    y.sum().backward()


def fewer_gradients_than_outputs(t):
    x = t.ones(2, requires_grad=True)
    t.autograd.grad([x * 2, x * 3], x, grad_outputs=[t.ones(2)])


def backward_with_empty_inputs(t):
    x = t.ones(2, requires_grad=True)
    (x * 2).sum().backward(inputs=[])


def grad_with_empty_inputs(t):
    x = t.ones(2, requires_grad=True)
    t.autograd.grad((x * 2).sum(), [])


def backward_inputs_without_grad(t):
    x = t.ones(2, requires_grad=True)
    (x * 2).sum().backward(inputs=[t.ones(2)])


def materialize_grads_without_allow_unused(t):
    x = t.ones(2, requires_grad=True)
    t.autograd.grad((x * 2).sum(), x, allow_unused=False, materialize_grads=True)


def grad_assigned_of_another_size(t):
    t.ones(2, requires_grad=True).grad = t.ones(3)


def grad_assigned_of_another_dtype(t):
    t.ones(2, requires_grad=True).grad = t.ones(2, dtype=t.int64)


def grad_assigned_a_list(t):
    t.ones(2, requires_grad=True).grad = [1.0, 1.0]


def non_leaf_requires_grad_assign_true(t):
    y = t.ones(2, requires_grad=True) * 2
    y.requires_grad = True


def int_requires_grad_assign(t):
    t.tensor([1, 2]).requires_grad = True


def int_parameter(t):
    t.nn.Parameter(t.tensor([1, 2]))


def saved_input_changed_by_another_op(t):
    a = t.ones(2, requires_grad=True)
    b = a * 2
    c = b * b
    b.add_(1)
    c.sum().backward()


def saved_input_changed_through_indexing(t):
    a = t.ones(2, requires_grad=True)
    b = a * 2
    c = b * b
    b[0] = 5
    c.sum().backward()


def function_without_backward(t):
    class Twice(t.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

    Twice.apply(t.ones(2, requires_grad=True)).sum().backward()


def function_without_forward(t):
    class Twice(t.autograd.Function):
        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    Twice.apply(t.ones(2, requires_grad=True))


def function_backward_returns_a_number(t):
    class Twice(t.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, grad):
            return 2.0

    Twice.apply(t.ones(2, requires_grad=True)).sum().backward()


def int_divided_in_place(t):
    x = t.tensor([1, 2])
    x /= 2


def float_added_into_int(t):
    t.tensor([1, 2]).add_(t.tensor([1.5, 2.0]))


def int_added_into_bool(t):
    b = t.tensor([True, False])
    b += 1


def detach_a_view_in_place(t):
    x = t.ones(2, 2, requires_grad=True)
    x[0].detach_()


def backward_gradient_as_a_list(t):
    (t.ones(2, requires_grad=True) * 2).backward([1.0, 1.0])


def backward_gradient_as_a_number(t):
    (t.ones(2, requires_grad=True) * 2).sum().backward(2.0)


CASES = [
    (
        backward_gradient_as_a_list,
        TypeError,
        "gradients can be either Tensors or None, but got float",
    ),
    (backward_gradient_as_a_number, TypeError, "'float' object is not iterable"),
    (
        detach_a_view_in_place,
        RuntimeError,
        "Can't detach views in-place. Use detach() instead. If you are using "
        "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, "
        "gradients are views of DDP buckets, and hence detach_() cannot be called on these "
        "gradients. To fix this error, please refer to the Optimizer.zero_grad() function in "
        "torch/optim/optimizer.py as the solution.",
    ),
    (
        int_divided_in_place,
        RuntimeError,
        "result type Float can't be cast to the desired output type Long",
    ),
    (
        float_added_into_int,
        RuntimeError,
        "result type Float can't be cast to the desired output type Long",
    ),
    (
        int_added_into_bool,
        RuntimeError,
        "result type Long can't be cast to the desired output type Bool",
    ),
    (function_backward_returns_a_number, RuntimeError, "expected Variable or None (got float)"),
    (
        function_without_backward,
        NotImplementedError,
        "You must implement either the backward or vjp method for your custom autograd.Function "
        "to use it with backward mode AD.",
    ),
    (
        function_without_forward,
        NotImplementedError,
        "You must implement the forward function for custom autograd.Function.",
    ),
    (
        saved_input_changed_by_another_op,
        RuntimeError,
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [torch.FloatTensor [2]], which is output 0 of Add, is at version 1; expected "
        "version 0 instead." + HINT,
    ),
    (
        saved_input_changed_through_indexing,
        RuntimeError,
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [torch.FloatTensor [2]], which is output 0 of torch::autograd::CopySlices, is "
        "at version 1; expected version 0 instead." + HINT,
    ),
    (
        grad_assigned_of_another_size,
        RuntimeError,
        "attempting to assign a gradient of size '[3]' to a tensor of size '[2]'. Please ensure "
        "that the gradient and the tensor are the same size",
    ),
    (
        grad_assigned_of_another_dtype,
        RuntimeError,
        "attempting to assign a gradient with dtype 'long int' to a tensor with grad_dtype "
        "'Float'. The gradient must match the tensor's grad_dtype (defaults to the tensor's "
        "dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to "
        "allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its "
        "gradient may break downstream systems that assume they match.",
    ),
    (
        grad_assigned_a_list,
        TypeError,
        "assigned grad expected to be a Tensor or None but got grad of type list",
    ),
    (
        non_leaf_requires_grad_assign_true,
        RuntimeError,
        "you can only change requires_grad flags of leaf variables.",
    ),
    (
        int_requires_grad_assign,
        RuntimeError,
        "only Tensors of floating point and complex dtype can require gradients",
    ),
    (
        int_parameter,
        RuntimeError,
        "Only Tensors of floating point and complex dtype can require gradients",
    ),
    (fewer_gradients_than_outputs, RuntimeError, "got 2 tensors and 1 gradients"),
    (
        backward_with_empty_inputs,
        RuntimeError,
        "`inputs` argument to `backward()` cannot be empty.",
    ),
    (grad_with_empty_inputs, RuntimeError, "`inputs` argument to `grad()` cannot be empty."),
    (
        backward_inputs_without_grad,
        RuntimeError,
        "can't retain_grad on Tensor that has requires_grad=False",
    ),
    (
        materialize_grads_without_allow_unused,
        ValueError,
        "Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
        "allow_unused=False.",
    ),
    (
        node_hook_returns_too_many,
        RuntimeError,
        "hook '<lambda>' has returned an incorrect number of values (got 1, but expected 2)",
    ),
    (node_prehook_returns_a_tensor, TypeError, "expected tuple, but hook returned 'Tensor'"),
    (hook_changes_the_size, RuntimeError, "hook '<lambda>' has changed the size of value"),
    (leaf_hook_changes_the_size, RuntimeError, "hook '<lambda>' has changed the size of value"),
    (
        hook_changes_the_dtype,
        RuntimeError,
        "hook '<lambda>' has changed the type of value (was torch.FloatTensor got "
        "torch.DoubleTensor)",
    ),
    (hook_returns_a_number, TypeError, "expected Variable, but hook returned 'int'"),
    (
        mm_two_dtypes,
        RuntimeError,
        "expected m1 and m2 to have the same dtype, but got: double != float",
    ),
    (
        mm_int_and_float,
        RuntimeError,
        "expected m1 and m2 to have the same dtype, but got: long int != float",
    ),
    (
        dot_two_dtypes,
        RuntimeError,
        "dot : expected both vectors to have same dtype, but found Double and Float",
    ),
    (batched_matmul_two_dtypes, RuntimeError, "expected scalar type Double but found Float"),
    (bmm_two_dtypes, RuntimeError, "expected scalar type Float but found Double"),
    (
        mv_two_dtypes,
        RuntimeError,
        "addmv input tensors must have the same dtype, but got Float, Double, and Float",
    ),
    (backward_twice, RuntimeError, FREED),
    (saved_tensor_after_backward, RuntimeError, FREED),
    (backward_non_scalar, RuntimeError, "grad can be implicitly created only for scalar outputs"),
    (
        backward_without_grad,
        RuntimeError,
        "element 0 of tensors does not require grad and does not have a grad_fn",
    ),
    (
        backward_after_no_grad,
        RuntimeError,
        "element 0 of tensors does not require grad and does not have a grad_fn",
    ),
    (
        int_requires_grad,
        RuntimeError,
        "Only Tensors of floating point and complex dtype can require gradients",
    ),
    (
        int_requires_grad_,
        RuntimeError,
        "only Tensors of floating point dtype can require gradients",
    ),
    (
        in_place_on_leaf,
        RuntimeError,
        "a leaf Variable that requires grad is being used in an in-place operation.",
    ),
    (
        in_place_operator_on_leaf,
        RuntimeError,
        "a leaf Variable that requires grad is being used in an in-place operation.",
    ),
    (
        in_place_on_view_of_leaf,
        RuntimeError,
        "a view of a leaf Variable that requires grad is being used in an in-place operation.",
    ),
    (
        saved_output_changed,
        RuntimeError,
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected "
        "version 0 instead." + HINT,
    ),
    (
        saved_input_changed,
        RuntimeError,
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [torch.FloatTensor [2]], which is output 0 of Mul, is at version 1; expected "
        "version 0 instead." + HINT,
    ),
    (
        saved_leaf_changed,
        RuntimeError,
        "one of the variables needed for gradient computation has been modified by an inplace "
        "operation: [torch.FloatTensor [2]] is at version 1; expected version 0 instead." + HINT,
    ),
    (
        wrong_gradient_shape,
        RuntimeError,
        "Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a "
        "shape of torch.Size([2, 2]).",
    ),
    (matmul_shapes, RuntimeError, "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    (
        broadcast_shapes,
        RuntimeError,
        "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1",
    ),
    (
        non_leaf_requires_grad_false,
        RuntimeError,
        "you can only change requires_grad flags of leaf variables. If you want to use a computed "
        "variable in a subgraph that doesn't require differentiation use "
        "var_no_grad = var.detach().",
    ),
    (
        non_leaf_requires_grad_assign,
        RuntimeError,
        "you can only change requires_grad flags of leaf variables. If you want to use a computed "
        "variable in a subgraph that doesn't require differentiation use "
        "var_no_grad = var.detach().",
    ),
    (impossible_view, RuntimeError, "shape '[4, 2]' is invalid for input of size 6"),
    (
        grad_of_unused_input,
        RuntimeError,
        "The differentiated Tensor at index 1 appears to not have been used in the graph. "
        "Set allow_unused=True if this is the desired behavior.",
    ),
    (
        grad_of_input_without_grad,
        RuntimeError,
        "One of the differentiated Tensors does not require grad",
    ),
    (item_of_many, RuntimeError, "a Tensor with 3 elements cannot be converted to Scalar"),
    (
        numpy_of_requires_grad,
        RuntimeError,
        "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
    ),
    (
        dim_out_of_range,
        IndexError,
        "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
    ),
    (
        mean_of_integers,
        RuntimeError,
        "mean(): could not infer output dtype. Input dtype must be either a floating point or "
        "complex dtype. Got: Long",
    ),
]
IDS = [case[0].__name__ for case in CASES]


@pytest.mark.parametrize(("program", "error", "message"), CASES, ids=IDS)
def test_visgrad_raises_pytorchs_words(program, error, message):
    with pytest.raises(error) as raised:
        program(visgrad)
    assert str(raised.value) == message


@pytest.mark.parametrize(("program", "error", "message"), CASES, ids=IDS)
def test_pytorch_says_the_same(program, error, message):
    torch = pytest.importorskip("torch")
    with pytest.raises(error) as raised:
        program(torch)
    text = str(raised.value)
    # torch sometimes appends where in its C++ source the check lives; that part is not ours
    text = re.sub(r"\n?Exception raised from .*", "", text, flags=re.S)
    assert text == message


def test_reading_grad_of_a_non_leaf_warns_as_pytorch_does():
    y = visgrad.ones(2, requires_grad=True) * 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert y.grad is None
    assert len(caught) == 1
    assert caught[0].category is UserWarning
    assert str(caught[0].message).startswith(
        "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed."
    )
    assert ".retain_grad()" in str(caught[0].message)
    assert caught[0].filename == __file__  # points at the learner's line, not ours


def test_retain_grad_silences_the_warning_and_fills_grad():
    x = visgrad.ones(2, requires_grad=True)
    y = x * 2
    y.retain_grad()
    (y * y).sum().backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert y.grad.tolist() == [4.0, 4.0]
