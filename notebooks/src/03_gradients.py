# Lesson 3 source. `python notebooks/build.py 03` writes and runs
# notebooks/03_gradients.ipynb from it.

# %% [markdown]
# # Lesson 3 · Gradients
#
# Lesson 2 ended with this computation, starting from a 2×2 tensor of ones:
#
# ```python
# y = x + 2
# z = y * y * 3
# out = z.mean()
# ```
#
# `out.backward()` will put $\partial\,\mathrm{out}/\partial x$ in `x.grad`, and every entry
# of it will be 4.5. This lesson gets to that number four ways, each closer to what autograd
# does: by nudging `x` and measuring, by the chain rule on paper, node by node through the
# graph, and finally with `backward()`.

# %%
import warnings

from IPython.display import SVG

import visgrad as torch
from autograd_lessons import exercise
from visgrad.viz import draw, play


def forward(x):
    y = x + 2
    z = y * y * 3
    return z.mean()

# %% [markdown]
# ## 1. Measure it: the numerical slope
#
# A derivative is a rate of change: move one entry of `x` by a small $h$ and see how far
# `out` moves. Moving by $h$ in both directions and dividing by $2h$ (a *central difference*)
# cancels most of the error. We compute in float64 so that rounding does not blur the
# result, and under `no_grad()` because nothing here needs recording (lesson 6).

# %%
h = 1e-3
x = torch.ones(2, 2, dtype=torch.float64)
nudge = torch.zeros(2, 2, dtype=torch.float64)
nudge[0, 0] = h

with torch.no_grad():
    slope = (forward(x + nudge) - forward(x - nudge)) / (2 * h)
print(slope)

# %% [markdown]
# Measuring works, but it costs two forward passes per input entry. A network with a million
# weights would need two million passes for one gradient. Autograd gets all of them from one
# backward pass, using the chain rule.
#
# ## 2. Derive it: the chain rule by hand
#
# Write the computation entry by entry, for $i = 1, \dots, 4$:
#
# $$
# y_i = x_i + 2, \qquad z_i = 3\,y_i^2, \qquad
# \mathrm{out} = \frac{1}{4}\sum_{j=1}^{4} z_j .
# $$
#
# Entry $x_i$ influences `out` only through $y_i$ and then $z_i$, so the chain rule
# multiplies the three local derivatives along that path:
#
# $$
# \frac{\partial\,\mathrm{out}}{\partial x_i}
# = \frac{\partial\,\mathrm{out}}{\partial z_i}\,
#   \frac{\partial z_i}{\partial y_i}\,
#   \frac{\partial y_i}{\partial x_i}
# = \frac{1}{4}\cdot 6\,y_i \cdot 1
# = \frac{3}{2}\,(x_i + 2).
# $$
#
# At $x_i = 1$:
#
# $$
# \left.\frac{\partial\,\mathrm{out}}{\partial x_i}\right|_{x_i = 1}
# = \frac{3}{2}\cdot 3 = 4.5 .
# $$
#
# ## 3. Follow it through the graph, node by node
#
# The backward pass does the same multiplication, but from the other end and one node at a
# time. Each node receives the gradient of `out` with respect to its output, multiplies by
# its own local derivative, and sends the result along its `next_functions` edges:
#
# | node | receives | local rule | sends |
# |---|---|---|---|
# | `MeanBackward0` | 1 | each of 4 entries counts $\frac14$ | 0.25 per entry |
# | `MulBackward0` (`* 3`) | 0.25 | $\times 3$ | 0.75 |
# | `MulBackward0` (`y * y`) | 0.75 | $\times y$ along each of its two edges | 2.25 and 2.25 |
# | `AddBackward0` | 2.25 + 2.25 = 4.5 | $\times 1$ | 4.5 |
# | `AccumulateGrad` | 4.5 | add into `x.grad` | |
#
# Notice the `y * y` row: `y` is used twice, so two gradients arrive at `AddBackward0` and
# are **added**. That is the $6\,y_i$ of the derivation: $3 y_i$ along each edge.
#
# First the same steps as text. `torch.autograd.backward_steps` is the generator that
# `backward()` itself drains, one step per node (it is visgrad's: PyTorch runs the same loop
# in C++ and does not hand out the steps). We run it with `retain_graph=True` so that the
# graph stays usable, and without writing into `x.grad`. All four entries of each gradient
# are equal, so we print one.

# %%
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
names = {"x": x, "y": y, "z": z, "out": out}

steps = torch.autograd.backward_steps(
    [out.grad_fn], [torch.tensor(1.0)], retain_graph=True, accumulate=False
)
for step in steps:
    print(f"{step.node.name():32} received {step.grad_output.flatten()[0].item():.2f}")

# %% [markdown]
# Now the same pass, played: `play(out)` runs the real backward pass (exactly what
# `out.backward()` does) and keeps a picture of every step. Press ▶ or use the buttons and
# the slider (after running the notebook: a player needs a live kernel). The node being run
# is highlighted, each edge shows the gradient it carries, and the panel below the picture
# states the node's local rule with its numbers.

# %%
# NBVAL_IGNORE_OUTPUT
# (a live player is a widget whose picture lives in the browser, which nbval cannot
# compare; the next cell shows the player's first frame as a picture that is compared)
player = play(out, names=names)
player

# %%
SVG(player.frames.svg(0))

# %% [markdown]
# The player ran the real backward pass, so `x.grad` is already filled:

# %%
print(x.grad)

# %% [markdown]
# ## 4. Let autograd do it: `backward()`
#
# The player used up its graph (lesson 4 shows why a graph serves one backward pass), so we
# run the forward pass again. `out` holds a single number, so `backward()` needs no
# argument: it starts the pass with $\partial\,\mathrm{out}/\partial\,\mathrm{out} = 1$.

# %%
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()

out.backward()
print(x.grad)

# %% [markdown]
# Four ways, one answer. The picture now shows `x.grad` on the leaf.

# %%
draw(out, names={"x": x, "y": y, "z": z, "out": out})

# %% [markdown]
# ## Why gradients are added, not assigned
#
# Whenever one tensor feeds two places, the gradients from both places must be summed. The
# smallest case: `b = a + a`. Since $b = 2a$, $\partial b/\partial a = 2$. The graph has two
# edges from `AddBackward0` to `a`, each carrying 1.

# %%
a = torch.tensor(3.0, requires_grad=True)
b = a + a
b.backward()
print(a.grad)

# %%
draw(b, names={"a": a, "b": b})

# %% [markdown]
# If the engine *assigned* each arriving gradient instead of adding it, the second edge
# would overwrite the first and `a.grad` would be 1. The same rule is why `.grad` itself
# accumulates across calls to `backward()` (lesson 4): it is just one more place where
# gradients are summed.
#
# ## Why order matters
#
# A node must run once, with the **complete** gradient for its output: the sum over every
# path to it. So the engine may run a node only after every node that uses its output has
# run. Here `u` is used directly by `w` and also through `v`:

# %%
a = torch.tensor(2.0, requires_grad=True)
u = a * 3
v = u * u
w = u + v
draw(w, names={"a": a, "u": u, "v": v, "w": w})

# %% [markdown]
# $w = u + u^2$, so $\partial w/\partial u = 1 + 2u = 13$ at $u = 6$, and
# $\partial w/\partial a = 3 \cdot 13 = 39$. The engine counts, for each node, the edges
# pointing into it, and runs a node when all of them have delivered. `u`'s node
# (`MulBackward0` for `a * 3`) waits for both `w`'s node and `v`'s node:

# %%
steps = torch.autograd.backward_steps(
    [w.grad_fn], [torch.tensor(1.0)], retain_graph=True, accumulate=False
)
for step in steps:
    print(f"{step.node.name():32} received {step.grad_output.item():g}")

# %% [markdown]
# Had `a * 3` run as soon as `w`'s node sent it 1, it would have sent 3 to `a`, then had to
# run again when 12 came from `v`. Twice the work here; in deep graphs with shared values,
# the repeated runs multiply. Waiting for all inputs is a reverse *topological order*.

# %%
w.backward()
print(a.grad)

# %% [markdown]
# ## Only leaves keep `.grad`
#
# The gradients at `y` and `z` were computed on the way (the steps above printed them),
# then dropped: only leaves store theirs. Reading `.grad` of a non-leaf gives `None` with a
# warning, which we catch here to print its message. (PyTorch's message ends with one more
# sentence, naming the line of its C++ source that raised it.)

# %%
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
out = (y * y * 3).mean()
out.backward()

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(y.grad)
print(caught[0].category.__name__ + ":", caught[0].message)

# %% [markdown]
# If you do want an intermediate gradient, ask before the backward pass with
# `retain_grad()`:

# %%
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
y.retain_grad()
out = (y * y * 3).mean()
out.backward()
print(y.grad)

# %% [markdown]
# ## Where we are
#
# * `backward()` applies the chain rule node by node, from the output back to the leaves.
# * A node's gradients for its inputs are its incoming gradient times its local derivative.
# * Gradients meeting at a node are summed; a node runs only when all of them have arrived.
# * Only leaves keep `.grad` (unless you ask with `retain_grad()`).

# %% [markdown]
# ## Exercises
#
# Each exercise states its task. Write your answer in place of the `...` in the cell below
# it and run that cell: the check runs your code and says what is right or names the
# mistake. `ex.hint()` gives a hint, `ex.solution()` a solution. `ex` is the exercise whose
# cell ran last, so run an exercise's cell again before you go back to answer it.

# %%
ex = exercise("03.why_4_5")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check([[..., ...], [..., ...]])

# %%
ex = exercise("03.slope")
ex

# %% tags=["skip-execution", "nbval-skip"]
def slope(f, x, h=1e-3):
    ...


ex.check(slope)

# %%
ex = exercise("03.chain_rule")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check({"d": ..., "c": ..., "b": ..., "a": ...})

# %%
ex = exercise("03.accumulate")
ex

# %% tags=["skip-execution", "nbval-skip"]


def mul_backward(a, b, out):
    ...


ex.check(mul_backward)

# %%
ex = exercise("03.order")
ex

# %% tags=["skip-execution", "nbval-skip"]
def backward_order(root):
    ...


ex.check(backward_order)
