# Lesson 1 source. `python notebooks/build.py 01` writes and runs
# notebooks/01_tensors_that_track_history.ipynb from it.

# %% [markdown]
# # Lesson 1 · Tensors that track history
#
# Automatic differentiation in PyTorch works like a tape recorder.
#
# * **Forward:** while your code computes, every operation on a tensor that asks for gradients
#   is written down: which function ran, on which inputs.
# * **Backward:** when you ask for gradients, the tape is played in reverse, and each recorded
#   operation turns "how the result changes" into "how its inputs change".
#
# These lessons use **visgrad**, a small library shaped exactly like PyTorch, so every line
# below is PyTorch code: we import visgrad under the name `torch`. Every printed line is what
# PyTorch 2.13 prints for the same code (lesson 10 runs the lessons' code in both, side by side).
# What visgrad adds is a picture of the tape at every step.
#
# *If a picture below shows as text, such as `<visgrad Figure: 5 nodes, 4 edges>`: JupyterLab
# draws the pictures saved in a notebook only when it trusts the notebook. Run the notebook
# (Run ▸ Run All Cells), or trust the lessons once with `jupyter trust notebooks/*.ipynb`
# (`make lab` and Binder do this for you).*

# %%
import visgrad as torch
from autograd_lessons import exercise
from visgrad.viz import draw

# %% [markdown]
# ## Asking for gradients
#
# `requires_grad=True` marks a tensor as one we will want gradients for. The flag shows in
# the printout.

# %%
x = torch.ones(2, 2, requires_grad=True)
print(x)

# %% [markdown]
# The picture of `x` is a single node: a **leaf**, a tensor we made ourselves rather than one
# an operation produced. Leaves that require gradients are drawn light blue.

# %%
draw(x, names={"x": x})

# %% [markdown]
# `x.data` gives the same numbers without the flag: a tensor that shares `x`'s memory but
# is cut off from the tape. (PyTorch keeps `.data` for old code; today it recommends
# `x.detach()`, lesson 6.)

# %%
print(x.data)

# %% [markdown]
# ## Nothing recorded yet
#
# `x.grad` is where the gradient of some result with respect to `x` will be stored once a
# backward pass has run. None has run, so it is `None`.

# %%
print(x.grad)

# %% [markdown]
# `x.grad_fn` names the operation that made a tensor. We made `x` ourselves, so there is
# none: a leaf's `grad_fn` is `None`.

# %%
print(x.grad_fn)
print(x.is_leaf)

# %% [markdown]
# ## What gets recorded
#
# An operation is recorded when **at least one** of its inputs requires gradients. A tensor
# made without the flag does not, and neither does anything computed only from such tensors.

# %%
w = torch.ones(2, 2)
print(w.requires_grad)
print((w + 1).requires_grad)
print((w + x).requires_grad)

# %% [markdown]
# `w + x` was recorded because of `x`. In the picture, the recorded operation is the grey
# node `AddBackward0`: the name of the function that will run *backward* through the
# addition. `w` takes part in the addition but needs no gradient, so the graph keeps no
# path back to it: the picture shows it only as a dashed "constant" box.

# %%
s = w + x
draw(s, names={"x": x, "s": s})

# %% [markdown]
# Gradients only make sense for real (or complex) numbers: a tensor of integers cannot ask
# for them. PyTorch says so, and so does visgrad. (Errors in these lessons are caught and
# printed, so the notebook keeps running: the last line of PyTorch's traceback is the same
# `RuntimeError: ...`.)

# %%
try:
    torch.tensor([1, 2, 3], requires_grad=True)
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# ## Where we are
#
# * `requires_grad=True` turns recording on for a tensor and for everything computed from it.
# * A tensor we create is a leaf: `grad_fn` is `None`; `grad` is `None` until a backward pass.
# * An operation with at least one such input leaves a node on the tape, named after its
#   backward function.
#
# Next lesson: a longer computation, and the graph it builds.

# %% [markdown]
# ## Exercises
#
# Each exercise states its task. Write your answer in place of the `...` in the cell below
# it and run that cell: the check runs your code and says what is right or names the
# mistake. `ex.hint()` gives a hint, `ex.solution()` a solution. `ex` is the exercise whose
# cell ran last, so run an exercise's cell again before you go back to answer it.

# %%
ex = exercise("01.leaf")
ex

# %% tags=["skip-execution", "nbval-skip"]
x = ...  # your tensor
ex.check(x)

# %%
ex = exercise("01.grad_fn")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check({"x": ..., "y": ..., "w": ..., "v": ...})

# %%
ex = exercise("01.float_only")
ex

# %% tags=["skip-execution", "nbval-skip"]
t = ...  # your tensor
ex.check(t)
