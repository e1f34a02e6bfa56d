# Lesson 6 source. `python notebooks/build.py 06` writes and runs
# notebooks/06_stopping_history.ipynb from it.

# %% [markdown]
# # Lesson 6 · Stopping history
#
# Recording costs time and memory, and sometimes a gradient must not flow somewhere. PyTorch
# has four ways to leave things off the tape:
#
# * `with torch.no_grad():` records nothing inside the block;
# * `t.detach()` gives the same values as a new leaf with no history;
# * `t.requires_grad_(False)` switches a leaf's flag off;
# * frozen parameters: weights created without, or switched off from, `requires_grad`.

# %%
import visgrad as torch
from autograd_lessons import exercise
from visgrad.viz import draw

# %% [markdown]
# ## `no_grad`
#
# Outside the block, an operation on `x` is recorded as usual. Inside, the same operation
# gives a tensor that does not require gradients and has no `grad_fn`.

# %%
x = torch.ones(2, 2, requires_grad=True)
print(x.requires_grad)
print((x ** 2).requires_grad)

with torch.no_grad():
    print((x ** 2).requires_grad)

# %%
with torch.no_grad():
    q = x ** 2
print(q.grad_fn)
draw(q, names={"q": q})

# %% [markdown]
# `q` is a plain tensor now, with no way back to `x`. Asking it for a backward pass fails:

# %%
try:
    q.sum().backward()
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# `no_grad` is what you use to evaluate a model, and to **update** weights: the update is not
# part of the function you differentiate. Without it, PyTorch refuses to change a leaf that
# requires gradients in place: the change would be recorded like any operation, and the
# leaf, where gradients are collected, would become the result of an operation:

# %%
w = torch.tensor([1.0, 2.0], requires_grad=True)
loss = (w * w).sum()
loss.backward()

try:
    w -= 0.1 * w.grad
except RuntimeError as error:
    print("RuntimeError:", error)

# %%
with torch.no_grad():
    w -= 0.1 * w.grad
print(w)

# %% [markdown]
# ## `detach`
#
# `x.detach()` returns a tensor with the same values, sharing the same memory, but with no
# history and no `requires_grad`.

# %%
y = x.detach()
print(y.requires_grad)
print(x.eq(y).all())

# %% [markdown]
# Detaching one use of a tensor stops the gradient along that path only. Both `p` and `s`
# below equal $a^2$, but `s` treats its second factor as a constant, so only one of the two
# paths carries a gradient: $\partial s/\partial a = a = 3$ instead of $2a = 6$.

# %%
a = torch.tensor(3.0, requires_grad=True)
p = a * a
p.backward()
print(a.grad)

a.grad = None
s = a * a.detach()
s.backward()
print(a.grad)

# %%
draw(s, names={"a": a, "s": s})

# %% [markdown]
# ## `requires_grad_`
#
# `requires_grad_(True)` turned recording on in lesson 2; `requires_grad_(False)` turns it
# off for a leaf. Only leaves have this switch: a computed tensor's flag follows from its
# inputs, and PyTorch points to `detach()` instead.

# %%
b = torch.ones(3, requires_grad=True)
b.requires_grad_(False)
print(b.requires_grad)

c = x * 2
try:
    c.requires_grad_(False)
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# ## Frozen parameters
#
# To fine-tune part of a model, freeze the rest: parameters that do not require gradients
# get no node in the graph, so no work is spent on them and their `.grad` stays `None`.
# Here a two-layer network whose first layer is frozen. (`torch.manual_seed(0)` fixes the
# random initial weights; they are not PyTorch's numbers.)

# %%
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))

for parameter in model[0].parameters():
    parameter.requires_grad_(False)

loss = model(torch.ones(1, 3)).sum()
loss.backward()

for name, parameter in model.named_parameters():
    print(name, parameter.requires_grad, parameter.grad is None)

# %% [markdown]
# In the graph, the frozen first layer is gone: nothing in it requires gradients, so none of
# its operations were recorded, and its output enters the second layer as a constant (the
# dashed box). Backward never goes there.

# %%
draw(loss, names=dict(model.named_parameters()))

# %% [markdown]
# ## Where we are
#
# * `no_grad()` for evaluation and for updating weights.
# * `detach()` to use a value without its history; gradients stop on that path.
# * `requires_grad_(False)` on leaves to freeze them; frozen parameters cost nothing in
#   the backward pass.

# %% [markdown]
# ## Exercises
#
# Each exercise states its task. Write your answer in place of the `...` in the cell below
# it and run that cell: the check runs your code and says what is right or names the
# mistake. `ex.hint()` gives a hint, `ex.solution()` a solution. `ex` is the exercise whose
# cell ran last, so run an exercise's cell again before you go back to answer it.

# %%
ex = exercise("06.detach")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check({"y": ..., "z": ..., "w": ..., "u": ...})

# %%
ex = exercise("06.stop_gradient")
ex

# %% tags=["skip-execution", "nbval-skip"]
def half_tracked_square(x):
    ...


ex.check(half_tracked_square)

# %%
ex = exercise("06.freeze")
ex

# %% tags=["skip-execution", "nbval-skip"]
def freeze_first_layer(params):
    ...


ex.check(freeze_first_layer)

# %%
ex = exercise("06.sgd_step")
ex

# %% tags=["skip-execution", "nbval-skip"]
def sgd_step(params, lr):
    ...


ex.check(sgd_step)
