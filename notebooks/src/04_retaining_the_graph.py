# Lesson 4 source. `python notebooks/build.py 04` writes and runs
# notebooks/04_retaining_the_graph.ipynb from it.

# %% [markdown]
# # Lesson 4 · Retaining the graph
#
# Some backward functions need numbers from the forward pass: the derivative of $y^2$ is
# $2y$, so the node for `y * y` keeps `y`. These kept tensors are the node's **saved
# tensors**. To save memory, a backward pass frees them as soon as each node has run. This
# lesson shows when that matters, what `retain_graph=True` changes, and how `.grad` adds up
# over several backward passes.

# %%
import visgrad as torch
from autograd_lessons import exercise
from visgrad.viz import draw

# %% [markdown]
# ## A backward pass that keeps the graph
#
# `y` below has four entries, so `backward` needs to be told how much each entry counts: a
# tensor of `y`'s shape (lesson 5 explains exactly what it means). With ones, each entry of
# `x.grad` is $\partial y_i / \partial x_i = 1$. `retain_graph=True` asks the pass to keep
# what it would otherwise free.

# %%
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
y.backward(torch.ones(2, 2), retain_graph=True)
print(x.grad)

# %%
z = y * y
print(z)

# %% [markdown]
# `z = y * y` needs `y`'s values for its derivative, so its node saves them. Saved tensors
# are drawn orange, attached to the node that keeps them:

# %%
draw(z, names={"x": x, "y": y, "z": z}, show_saved=True)

# %% [markdown]
# ## A second backward pass adds to `.grad`
#
# Now a second backward pass from `y`, with a different (random) weight for each entry.
# Backward never overwrites `.grad`: it adds to it. So `x.grad` becomes the 1 from the first
# pass plus this gradient. (`torch.manual_seed(0)` makes the random numbers the same every
# run; visgrad draws them with NumPy, so they are not the numbers PyTorch would draw.)

# %%
torch.manual_seed(0)
gradient = torch.randn(2, 2)
y.backward(gradient)
print(x.grad)

# %%
print(gradient)
print((x.grad == 1 + gradient).all())

# %%
draw(y, names={"x": x, "y": y})

# %% [markdown]
# This is why training loops clear the gradients before every backward pass
# (`optimizer.zero_grad()`, which sets each `.grad` to `None`): otherwise each step would add
# the new gradient to all the old ones.

# %% [markdown]
# ## When the graph is gone
#
# Did the second call above work *because* the first one said `retain_graph=True`? Not here:
# `AddBackward0` saves nothing (the derivative of `x + 2` is 1, whatever `x` is), so there
# was nothing to free, and PyTorch runs a second backward through it either way. The flag
# matters as soon as a node needs what it saved, like `z`'s `MulBackward0`:

# %%
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y
z.backward(torch.ones(2, 2))
print(x.grad)

# %% [markdown]
# That pass freed the saved tensors: the orange boxes are gone from the picture.

# %%
draw(z, names={"x": x, "y": y, "z": z}, show_saved=True)

# %% [markdown]
# A second backward through `z` now has nothing to compute with, and fails with PyTorch's
# message:

# %%
try:
    z.backward(torch.ones(2, 2))
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# The most common way to meet this message: calling `backward()` twice on the same result.

# %%
x = torch.ones(2, 2, requires_grad=True)
out = ((x + 2) * (x + 2) * 3).mean()
out.backward()
try:
    out.backward()
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# With `retain_graph=True` on the first call, the second works, and `x.grad` holds the sum
# of both passes: 4.5 + 4.5.

# %%
x = torch.ones(2, 2, requires_grad=True)
out = ((x + 2) * (x + 2) * 3).mean()
out.backward(retain_graph=True)
print(x.grad)
out.backward()
print(x.grad)

# %% [markdown]
# Usually the right fix is not to retain, but to compute again: a forward pass builds a fresh
# graph each time (lesson 8). Retaining is for when you really need two backward passes
# through the same graph, such as two losses that share part of it.
#
# A note on names: very old versions of this tutorial say `retain_variables`, the name of
# `retain_graph` before PyTorch 0.4.

# %% [markdown]
# ## Where we are
#
# * Nodes save the forward values their derivative needs; backward frees them as it goes.
# * `retain_graph=True` keeps them, so the same graph can be run backward again.
# * Every backward pass adds into `.grad`; clear it when you want a fresh gradient.

# %% [markdown]
# ## Exercises
#
# Each exercise states its task. Write your answer in place of the `...` in the cell below
# it and run that cell: the check runs your code and says what is right or names the
# mistake. `ex.hint()` gives a hint, `ex.solution()` a solution. `ex` is the exercise whose
# cell ran last, so run an exercise's cell again before you go back to answer it.

# %%
ex = exercise("04.second_backward")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check([[..., ...], [..., ...]])

# %%
ex = exercise("04.retain_graph")
ex

# %% tags=["skip-execution", "nbval-skip"]
def backward_both(x):
    ...


ex.check(backward_both)

# %%
ex = exercise("04.which_fail")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check({"..."})
