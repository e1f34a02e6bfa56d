# Lesson 8 source. `python notebooks/build.py 08` writes and runs
# notebooks/08_the_current_tutorial.ipynb from it.

# %% [markdown]
# # Lesson 8 · The current tutorial's example, and the graph as a DAG
#
# Today's "gentle introduction to `torch.autograd`" teaches the same ideas with a different
# example: two leaves and a polynomial. This lesson runs it, checks the gradients against
# calculus, and then looks at the graph the way that tutorial does: as a directed acyclic
# graph (DAG) with leaves, a root, and a `grad_fn` at every node, rebuilt on every forward
# pass.

# %%
import visgrad as torch
from visgrad.viz import draw

from autograd_lessons import exercise

# %% [markdown]
# ## Two leaves, one polynomial

# %%
a = torch.tensor([2.0, 3.0], requires_grad=True)
b = torch.tensor([6.0, 4.0], requires_grad=True)

Q = 3 * a**3 - b**2
print(Q)

# %% [markdown]
# Entry by entry, $Q_i = 3a_i^3 - b_i^2$, so calculus says
#
# $$
# \frac{\partial Q_i}{\partial a_i} = 9a_i^2, \qquad \frac{\partial Q_i}{\partial b_i} = -2b_i .
# $$
#
# `Q` has two entries, so `backward` needs a weight for each (lesson 5). With ones,
# `a.grad` and `b.grad` receive exactly the derivatives above. `Q.sum().backward()` would do
# the same: summing first makes a single number whose gradient is those ones.

# %%
external_grad = torch.tensor([1.0, 1.0])
Q.backward(gradient=external_grad)

print(a.grad == 9 * a**2)
print(b.grad == -2 * b)

# %%
print(a.grad)
print(b.grad)

# %% [markdown]
# ## The DAG
#
# * The **leaves** are the input tensors, `a` and `b`; the **root** is the output, `Q`.
# * In the forward pass, autograd computes each result and records its backward function
#   as the result's `grad_fn`.
# * In the backward pass, starting from the root, it calls each `grad_fn`, and at the leaves
#   accumulates the gradients into `.grad`.
#
# Arrows point the way gradients flow: from the root back to the leaves.

# %%
draw(Q, names={"a": a, "b": b, "Q": Q})

# %%
print(a.is_leaf, b.is_leaf, Q.is_leaf)
print(Q.grad_fn.name())
print([node.name() for node, _ in Q.grad_fn.next_functions])

# %% [markdown]
# ## Rebuilt on every forward pass
#
# Nothing about the graph is declared in advance: each forward pass records a fresh one
# from the operations that actually ran. So ordinary Python control flow simply works, and
# the graph can differ from one call to the next. The `if` below picks a different
# computation depending on the data:

# %%
def f(t):
    if t.sum() > 0:
        return (t * 2).sum()
    return (t**2).sum()


positive = torch.tensor([1.0, 2.0], requires_grad=True)
negative = torch.tensor([-1.0, -2.0], requires_grad=True)

first = f(positive)
second = f(negative)
print(first.grad_fn.next_functions[0][0].name())
print(second.grad_fn.next_functions[0][0].name())

# %%
draw(first, names={"t": positive, "first": first})

# %%
draw(second, names={"t": negative, "second": second})

# %% [markdown]
# Each backward pass then uses the graph of its own forward pass:

# %%
first.backward()
second.backward()
print(positive.grad)
print(negative.grad)

# %% [markdown]
# ## Where we are
#
# * `Q.backward(gradient=v)` with `v` all ones gives each leaf the derivatives calculus
#   predicts, here $9a^2$ and $-2b$.
# * The graph is a DAG: leaves are inputs, the root is the output, every other node is a
#   `grad_fn`.
# * The graph is recorded anew on every forward pass, so it follows the code that ran.
#
# The current tutorial also shows frozen parameters: lesson 6 covers them.

# %% [markdown]
# ## Exercises
#
# Each exercise states its task. Write your answer in place of the `...` in the cell below
# it and run that cell: the check runs your code and says what is right or names the
# mistake. `ex.hint()` gives a hint, `ex.solution()` a solution. `ex` is the exercise whose
# cell ran last, so run an exercise's cell again before you go back to answer it.

# %%
ex = exercise("08.q_grads")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check({"a": [..., ...], "b": [..., ...]})

# %%
ex = exercise("08.vector_backward")
ex

# %% tags=["skip-execution", "nbval-skip"]
def backward_of_vector(Q):
    ...


ex.check(backward_of_vector)

# %%
ex = exercise("08.dag")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check({"SubBackward0": 1, ...: ...})
