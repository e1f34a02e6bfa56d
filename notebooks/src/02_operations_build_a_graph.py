# Lesson 2 source. `python notebooks/build.py 02` writes and runs
# notebooks/02_operations_build_a_graph.ipynb from it.

# %% [markdown]
# # Lesson 2 · Operations build a graph
#
# Each recorded operation becomes a node, and each node keeps a link to the nodes that made
# its inputs. Together they form a **directed acyclic graph**: from the final result you can
# walk back to every leaf it was computed from. This lesson builds a small graph one
# operation at a time, walks it by hand, and then draws it.

# %%
import visgrad as torch
from autograd_lessons import exercise
from visgrad.viz import draw

# %% [markdown]
# ## One operation

# %%
x = torch.ones(2, 2, requires_grad=True)
y = x + 2
print(y)

# %% [markdown]
# `y` was made by an operation, so it has a `grad_fn`, and its printout says which one.
# Printing the node itself, `print(y.grad_fn)`, gives `<AddBackward0 object at 0x7f…>` in
# PyTorch: the number is a memory address that changes every run. These lessons print the
# node's name instead, which PyTorch provides as `.name()`.

# %%
print(y.grad_fn.name())

# %%
draw(y, names={"x": x, "y": y})

# %% [markdown]
# ## More operations

# %%
z = y * y * 3
out = z.mean()

print(z, out)

# %% [markdown]
# `y * y * 3` is two multiplications, `(y * y) * 3`, so it leaves two `MulBackward0` nodes.
# `mean` reduces the four numbers to one and leaves `MeanBackward0`.

# %%
draw(out, names={"x": x, "y": y, "z": z, "out": out})

# %% [markdown]
# ## Walking the graph by hand
#
# A node's `next_functions` holds one `(node, index)` pair per input of its operation: where
# the gradient for that input must go next. (The index says which output of that node the
# input was; every node here has a single output, so it is always 0.) An input that needs no
# gradient, like the constant `3`, gets `None`.

# %%
print(out.grad_fn.name())
for node, index in out.grad_fn.next_functions:
    print(" ", node.name(), index)

# %%
times_three = out.grad_fn.next_functions[0][0]
for node, index in times_three.next_functions:
    print(node.name() if node is not None else None, index)

# %% [markdown]
# `y * y` uses `y` twice, so its node has two edges, both to `y`'s `AddBackward0`:

# %%
y_times_y = times_three.next_functions[0][0]
for node, index in y_times_y.next_functions:
    print(node.name(), index)

# %% [markdown]
# Following `AddBackward0` leads to the end of the road for `x`: a node called
# `AccumulateGrad`, whose job in the backward pass is to add the arriving gradient into
# `x.grad`. `.variable` is the leaf it belongs to. The constant `2` gets `None` again.

# %%
add_node = y_times_y.next_functions[0][0]
for node, index in add_node.next_functions:
    print(node.name() if node is not None else None, index)
print(add_node.next_functions[0][0].variable is x)

# %% [markdown]
# The same walk, for any graph: a loop over a stack of nodes still to visit, printing each
# node indented under the node that leads to it. (A loop, not a recursive function, so that
# graphs thousands of operations deep do not overflow Python's stack.)

# %%
def walk(tensor):
    stack = [(tensor.grad_fn, 0)]
    while stack:
        node, depth = stack.pop()
        print("    " * depth + (node.name() if node is not None else "None"))
        if node is not None:
            for next_node, _ in reversed(node.next_functions):
                stack.append((next_node, depth + 1))


walk(out)

# %% [markdown]
# That walk is exactly what `draw` does before it lays out the picture, except that the
# picture shows a node reached twice (`AddBackward0` above) only once, with two arrows.

# %% [markdown]
# ## Turning recording on later
#
# Computing with tensors that do not require gradients records nothing. (The values of `a`
# are random: `torch.manual_seed(0)` makes them the same every run, but visgrad draws its
# random numbers with NumPy, so they are not the numbers PyTorch would draw.)

# %%
torch.manual_seed(0)
a = torch.randn(2, 2)
a = ((a * 3) / (a - 1))
print(a.requires_grad)

# %% [markdown]
# `requires_grad_(True)` switches recording on for a leaf in place (the trailing underscore
# marks in-place methods in PyTorch). From then on, operations on `a` are recorded.

# %%
a.requires_grad_(True)
print(a.requires_grad)

# %%
b = (a * a).sum()
print(b.grad_fn.name())

# %% [markdown]
# The operations that made `a` (`* 3`, `- 1`, `/`) ran before recording was on, so they are
# not in the graph: `a` is a leaf.

# %%
draw(b, names={"a": a, "b": b})

# %% [markdown]
# ## Operations check shapes
#
# Every operation checks its inputs before it computes or records anything, with PyTorch's
# messages. A matrix product needs the inner sizes to agree:

# %%
try:
    torch.ones(2, 3) @ torch.ones(2, 3)
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# Elementwise operations need shapes that **broadcast**: compared from the right, each pair
# of sizes must be equal or one of them 1.

# %%
try:
    torch.ones(2, 3) + torch.ones(2, 2)
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# ## Where we are
#
# * Every recorded operation is a node named after its backward function.
# * `next_functions` links a node to the nodes of its inputs; leaves end in `AccumulateGrad`,
#   and inputs without gradients in `None`.
# * The graph is built as the code runs: only operations done while an input required
#   gradients are in it.
#
# Next lesson: the backward pass through this graph, and why `x.grad` comes out as 4.5.

# %% [markdown]
# ## Exercises
#
# Each exercise states its task. Write your answer in place of the `...` in the cell below
# it and run that cell: the check runs your code and says what is right or names the
# mistake. `ex.hint()` gives a hint, `ex.solution()` a solution. `ex` is the exercise whose
# cell ran last, so run an exercise's cell again before you go back to answer it.

# %%
ex = exercise("02.walk")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check(["MeanBackward0", ...])

# %%
ex = exercise("02.requires_grad_")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check((..., ..., "..."))

# %%
ex = exercise("02.count_nodes")
ex

# %% tags=["skip-execution", "nbval-skip"]
def count_nodes(t):
    ...


ex.check(count_nodes)
