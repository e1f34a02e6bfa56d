# Lesson 10 source. `python notebooks/build.py 10` writes and runs
# notebooks/10_side_by_side_with_pytorch.ipynb from it.

# %% [markdown]
# # Lesson 10 · Side by side with PyTorch
#
# The lessons claim that visgrad prints what PyTorch prints. This lesson checks the claim:
# every cell below runs twice, once with `torch` being visgrad and once with `torch` being
# real PyTorch, and shows visgrad's output followed by PyTorch's verdict. If PyTorch is not
# installed, the cells run in visgrad only and say so; `pip install torch` and run the
# notebook again to compare.
#
# The cell magic `%%side_by_side` does this. It is defined in `side_by_side.py` next to this
# notebook: each library gets its own set of variables, and a cell's printed output (or the
# last line of the error it raises) is captured for each and compared as text.
#
# Two changes from the tutorial's code, both needed for a fair comparison:
#
# * where the tutorial draws random numbers, we write fixed ones instead: visgrad's random
#   numbers come from NumPy and differ from PyTorch's even with the same seed;
# * nodes are printed with `.name()`: PyTorch prints a node with its memory address, which
#   differs between runs even in PyTorch alone.

# %%
%load_ext side_by_side
import side_by_side

import visgrad as torch
from visgrad.viz import draw

from autograd_lessons import exercise

# %%
# NBVAL_IGNORE_OUTPUT
# (which PyTorch, if any, is installed depends on the machine)
if side_by_side.pytorch_version() is None:
    print("PyTorch is not installed here: the cells below run in visgrad only.")
else:
    print("Comparing visgrad", torch.__version__, "with PyTorch", side_by_side.pytorch_version())

# %% [markdown]
# ## Lesson 1: tensors that track history

# %%
%%side_by_side
x = torch.ones(2, 2, requires_grad=True)
print(x)
print(x.data)
print(x.grad)
print(x.grad_fn)

# %% [markdown]
# ## Lesson 2: operations build a graph

# %%
%%side_by_side
y = x + 2
print(y)
print(y.grad_fn.name())

# %%
%%side_by_side
z = y * y * 3
out = z.mean()
print(z, out)

# %% [markdown]
# The tutorial draws `a` with `torch.randn(2, 2)`; we fix its values.

# %%
%%side_by_side
a = torch.tensor([[1.5410, -0.2934], [-2.1788, 0.5684]])
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn.name())

# %% [markdown]
# visgrad's picture of the graph the cells built (visgrad only: PyTorch does not draw).

# %%
names = side_by_side.namespace("visgrad")
draw(names["out"], names={k: names[k] for k in ("x", "y", "z", "out")})

# %% [markdown]
# ## Lesson 3: gradients

# %%
%%side_by_side
out.backward()
print(x.grad)

# %%
%%side_by_side
c = torch.tensor(3.0, requires_grad=True)
d = c + c
d.backward()
print(c.grad)

# %% [markdown]
# ## Lesson 4: retaining the graph

# %%
%%side_by_side
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
y.backward(torch.ones(2, 2), retain_graph=True)
print(x.grad)
z = y * y
print(z)

# %% [markdown]
# The tutorial's `gradient = torch.randn(2, 2)`, fixed:

# %%
%%side_by_side
gradient = torch.tensor([[0.1, -0.2], [0.3, 0.4]])
y.backward(gradient)
print(x.grad)

# %%
%%side_by_side
out = ((x + 2) * (x + 2) * 3).mean()
out.backward()
out.backward()

# %% [markdown]
# ## Lesson 5: vector-Jacobian products
#
# The tutorial starts from `torch.randn(3)`; we start from fixed numbers.

# %%
%%side_by_side
x = torch.tensor([0.5, -1.0, 0.25], requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)
print(x.grad)

# %%
%%side_by_side
J = torch.autograd.functional.jacobian(lambda t: t * 1024, x)
print(J)
print(v @ J)

# %%
%%side_by_side
y = x * 2
y.backward()

# %%
%%side_by_side
m = torch.ones(2, 2, requires_grad=True) * 2
m.backward(torch.ones(3))

# %% [markdown]
# ## Lesson 6: stopping history

# %%
%%side_by_side
x = torch.ones(2, 2, requires_grad=True)
print(x.requires_grad)
print((x ** 2).requires_grad)
with torch.no_grad():
    print((x ** 2).requires_grad)

# %%
%%side_by_side
y = x.detach()
print(y.requires_grad)
print(x.eq(y).all())

# %%
%%side_by_side
with torch.no_grad():
    q = x ** 2
q.sum().backward()

# %%
%%side_by_side
w = torch.tensor([1.0, 2.0], requires_grad=True)
w -= 0.1

# %% [markdown]
# ## Lesson 7: inside a Function

# %%
%%side_by_side
class MyExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        result = x.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


x = torch.tensor([0.0, 1.0], requires_grad=True)
y = MyExp.apply(x)
print(y)
y.sum().backward()
print(x.grad)
x64 = torch.tensor([0.5, 1.0, 2.0], dtype=torch.float64, requires_grad=True)
print(torch.autograd.gradcheck(MyExp.apply, (x64,)))

# %%
%%side_by_side
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a.exp()
b.add_(1)
b.sum().backward()

# %% [markdown]
# ## Lesson 8: the current tutorial's example

# %%
%%side_by_side
a = torch.tensor([2.0, 3.0], requires_grad=True)
b = torch.tensor([6.0, 4.0], requires_grad=True)
Q = 3 * a**3 - b**2
print(Q)
Q.backward(gradient=torch.tensor([1.0, 1.0]))
print(a.grad == 9 * a**2)
print(b.grad == -2 * b)
print(a.is_leaf, b.is_leaf, Q.is_leaf)
print([node.name() for node, _ in Q.grad_fn.next_functions])

# %% [markdown]
# ## More of PyTorch's messages

# %%
%%side_by_side
torch.tensor([1, 2, 3], requires_grad=True)

# %%
%%side_by_side
torch.ones(2, 3) @ torch.ones(2, 3)

# %%
%%side_by_side
torch.ones(2, 3) + torch.ones(2, 2)

# %% [markdown]
# ## The verdict
#
# This cell fails if PyTorch is installed and printed something different for any cell
# above. (Without PyTorch there is nothing to compare, and it passes.)

# %%
side_by_side.assert_all_the_same()

# %% [markdown]
# ## Exercises
#
# Each exercise states its task. Write your answer in place of the `...` in the cell below
# it and run that cell: the check runs your code and says what is right or names the
# mistake. `ex.hint()` gives a hint, `ex.solution()` a solution. `ex` is the exercise whose
# cell ran last, so run an exercise's cell again before you go back to answer it.

# %%
ex = exercise("10.which_differ")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check({...})

# %%
ex = exercise("10.both_libraries")
ex

# %% tags=["skip-execution", "nbval-skip"]
def tutorial_grad(torch):
    ...


ex.check(tutorial_grad)
