# Lesson 7 source. `python notebooks/build.py 07` writes and runs
# notebooks/07_inside_a_function.ipynb from it.

# %% [markdown]
# # Lesson 7 · Inside a Function
#
# Every node in the graphs so far is a `Function`: an operation written as two methods side
# by side. `forward` computes the result and saves what the derivative will need;
# `backward` receives the gradient of the result and returns one gradient per input. You can
# write your own with exactly the same protocol, and autograd treats it like a built-in one.

# %%
import visgrad as torch
from autograd_lessons import exercise
from visgrad.viz import draw

# %% [markdown]
# ## A custom Function
#
# The derivative of $e^x$ is $e^x$ itself, so `forward` saves its **result** with
# `ctx.save_for_backward`, and `backward` reads it back from `ctx.saved_tensors`. `ctx` is
# the node that will appear in the graph; both methods are static and receive it first.

# %%
class MyExp(torch.autograd.Function):
    """y = exp(x); dy/dx = exp(x) = y."""

    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result

# %% [markdown]
# A Function is used through `.apply`, never by calling `forward` yourself: `apply` runs
# `forward` with recording off, then records one node for the whole operation, named after
# the class.

# %%
x = torch.tensor([0.0, 1.0], requires_grad=True)
y = MyExp.apply(x)
print(y)

# %%
draw(y, names={"x": x, "y": y}, show_saved=True)

# %%
y.sum().backward()
print(x.grad)

# %% [markdown]
# ## Several inputs, and `needs_input_grad`
#
# `backward` returns one gradient per input of `forward`, in order. When an input needs no
# gradient, return `None` for it; `ctx.needs_input_grad` says which ones do, so the work
# can be skipped. Here a linear layer without bias, $y = x W^\top$:

# %%
class MyLinear(torch.autograd.Function):
    """y = x @ weight.T; dL/dx = g @ weight, dL/dweight = g.T @ x (g = dL/dy)."""

    @staticmethod
    def forward(ctx, x, weight):
        ctx.save_for_backward(x, weight)
        return x @ weight.t()

    @staticmethod
    def backward(ctx, grad_output):
        x, weight = ctx.saved_tensors
        grad_x = grad_weight = None
        if ctx.needs_input_grad[0]:
            grad_x = grad_output @ weight
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t() @ x
        return grad_x, grad_weight

# %%
inputs = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
weight = torch.tensor([[0.5, -1.0], [2.0, 0.0], [1.0, 1.0]], requires_grad=True)
y = MyLinear.apply(inputs, weight)
y.sum().backward()
print(y.grad_fn.needs_input_grad)
print(weight.grad)

# %% [markdown]
# ## Several outputs
#
# `forward` may also return a tuple. There is still **one** node; each output remembers
# which one it is (`output_nr`), and an edge into the node says which output it came from.
# `backward` then receives one gradient per output, in order (an output that nothing used
# sends zeros), and returns one gradient per input as before.

# %%
class SquareAndCube(torch.autograd.Function):
    """(x², x³); dL/dx = g_square · 2x + g_cube · 3x²."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x, x * x * x

    @staticmethod
    def backward(ctx, grad_square, grad_cube):
        (x,) = ctx.saved_tensors
        return grad_square * 2 * x + grad_cube * 3 * x * x

# %%
x = torch.tensor([1.0, 2.0], requires_grad=True)
square, cube = SquareAndCube.apply(x)
total = square + cube
print(square.grad_fn is cube.grad_fn, square.output_nr, cube.output_nr)
print(total.grad_fn.next_functions)

# %%
draw(total, names={"x": x, "square": square, "cube": cube, "total": total})

# %%
total.sum().backward()
print(x.grad)  # 2x + 3x²

# %% [markdown]
# Built-in operations with several outputs work the same way: `x.split(2)`, `x.chunk(3)`
# and `x.unbind()` each record one node (`SplitBackward0`, `UnbindBackward0`) whose outputs
# are views of `x`; its backward puts the pieces' gradients back side by side.

# %%
x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
first, second = x.split(2)
(first * second).sum().backward()
print(first.grad_fn, x.grad)

# %% [markdown]
# ## `gradcheck`: is my backward right?
#
# A mistake in `backward` raises no error, it just gives wrong gradients. `gradcheck`
# compares the Jacobian your `backward` produces with one measured by central differences
# (lesson 3's numerical slope), entry by entry. Use float64 inputs: float32 is too coarse
# for the measurement.

# %%
x = torch.tensor([0.5, 1.0, 2.0], dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(MyExp.apply, (x,)))

inputs = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64, requires_grad=True)
weight = torch.tensor([[0.5, -1.0], [2.0, 0.0], [1.0, 1.0]], dtype=torch.float64,
                      requires_grad=True)
print(torch.autograd.gradcheck(MyLinear.apply, (inputs, weight)))

# %% [markdown]
# A classic mistake: returning the local derivative and forgetting to multiply by
# `grad_output`. Used at the very end of a computation with a `sum()` after it, it even
# gives the right answer, because `grad_output` is then all ones. `gradcheck` catches it:

# %%
class ForgetfulExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return result  # wrong: should be grad_output * result


print(torch.autograd.gradcheck(ForgetfulExp.apply, (x,), raise_exception=False))

try:
    torch.autograd.gradcheck(ForgetfulExp.apply, (x,))
except RuntimeError as error:
    print(type(error).__name__ + ":", str(error).splitlines()[0])

# %% [markdown]
# (The full message goes on to print both Jacobians, the measured one and the one from
# `backward`.)
#
# ## The in-place version check
#
# A saved tensor must still hold the values it had when it was saved. Each tensor carries a
# **version** counter that every in-place operation increases; `save_for_backward` notes
# the version, and `saved_tensors` checks it. Built-in operations are Functions too, so the
# same check protects them. `exp` saves its result; changing that result in place before
# the backward pass is caught, with PyTorch's message:

# %%
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a.exp()
b.add_(1)
try:
    b.sum().backward()
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# The fix is to write the change as a new tensor, `c = b + 1`, which leaves `b` as it was.
# The picture shows `ExpBackward0` keeping `b` (orange), unchanged until backward needs it.

# %%
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a.exp()
c = b + 1
draw(c, names={"a": a, "b": b, "c": c}, show_saved=True)

# %%
c.sum().backward()
print(a.grad)

# %% [markdown]
# ## Where we are
#
# * A `Function` is `forward` and `backward` side by side; `ctx.save_for_backward` keeps
#   what `backward` needs, and `.apply` records the node.
# * `backward` returns one gradient per input (or `None`); `ctx.needs_input_grad` says which.
# * A `forward` that returns several outputs still records one node; `backward` gets one
#   gradient per output.
# * `gradcheck` compares `backward` with measured slopes; run it on every Function you write.
# * Saved tensors are version-checked, so a stale value raises an error instead of giving a
#   wrong gradient.

# %% [markdown]
# ## Exercises
#
# Each exercise states its task. Write your answer in place of the `...` in the cell below
# it and run that cell: the check runs your code and says what is right or names the
# mistake. `ex.hint()` gives a hint, `ex.solution()` a solution. `ex` is the exercise whose
# cell ran last, so run an exercise's cell again before you go back to answer it.

# %%
ex = exercise("07.exp")
ex

# %% tags=["skip-execution", "nbval-skip"]
class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ...

    @staticmethod
    def backward(ctx, grad_output):
        ...


ex.check(Exp)

# %%
ex = exercise("07.mul")
ex

# %% tags=["skip-execution", "nbval-skip"]
class Mul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ...

    @staticmethod
    def backward(ctx, grad_output):
        ...


ex.check(Mul)

# %%
ex = exercise("07.matmul")
ex

# %% tags=["skip-execution", "nbval-skip"]
class MatMul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, A, B):
        ...

    @staticmethod
    def backward(ctx, grad_output):
        ...


ex.check(MatMul)

# %%
ex = exercise("07.gradcheck")
ex

# %% tags=["skip-execution", "nbval-skip"]
x = ...  # your input tensor
ex.check((x,))

# %%
ex = exercise("07.version")
ex

# %% tags=["skip-execution", "nbval-skip"]
def fixed(x):
    ...


ex.check(fixed)
