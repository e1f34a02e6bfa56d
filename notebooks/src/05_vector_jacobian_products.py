# Lesson 5 source. `python notebooks/build.py 05` writes and runs
# notebooks/05_vector_jacobian_products.ipynb from it.

# %% [markdown]
# # Lesson 5 · Vector-Jacobian products
#
# When the result of a computation is one number, `backward()` gives its gradient. When the
# result is a vector, there is no single gradient: each output entry has its own. All of
# them together form the **Jacobian** matrix
#
# $$
# J = \begin{pmatrix}
# \frac{\partial y_1}{\partial x_1} & \cdots & \frac{\partial y_1}{\partial x_n} \\
# \vdots & \ddots & \vdots \\
# \frac{\partial y_m}{\partial x_1} & \cdots & \frac{\partial y_m}{\partial x_n}
# \end{pmatrix},
# $$
#
# one row per output, one column per input. `y.backward(v)` does **not** compute $J$. It
# computes the product $v^\top J$: one weighted sum of $J$'s rows, with the weights in $v$.
# This lesson computes both and puts them side by side.

# %%
import visgrad as torch
from autograd_lessons import exercise
from visgrad.viz import draw

# %% [markdown]
# ## The tutorial's example
#
# Start from three random numbers and double them until the vector is longer than 1000.
# (Seeded so that every run draws the same numbers; visgrad draws them with NumPy, so they
# are not the numbers PyTorch would draw, and with PyTorch's numbers the loop may double a
# different number of times.)

# %%
torch.manual_seed(0)
x = torch.randn(3, requires_grad=True)

y = x * 2
while y.data.norm() < 1000:
    y = y * 2

print(y)

# %% [markdown]
# Each doubling is one `MulBackward0` node. With these numbers the loop ran until
# $y = 2^{10} x$, so the chain has ten nodes:

# %%
draw(y, names={"x": x, "y": y})

# %% [markdown]
# `y` has three entries, so `backward` needs a vector `v` with three weights:

# %%
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)

print(x.grad)

# %% [markdown]
# ## The Jacobian, computed explicitly
#
# `torch.autograd.functional.jacobian(f, x)` builds the whole matrix for a function `f`. Here
# each $y_i$ is $2^{10} x_i$ and depends on $x_i$ alone, so $J$ is diagonal:

# %%
def doubled_past_1000(x):
    y = x * 2
    while y.data.norm() < 1000:
        y = y * 2
    return y


J = torch.autograd.functional.jacobian(doubled_past_1000, x)
print(J)

# %% [markdown]
# And $v^\top J$, computed as a plain matrix product, is exactly what `backward(v)` put in
# `x.grad`:

# %%
print(v @ J)
print(torch.allclose(v @ J, x.grad))

# %% [markdown]
# ## Why a product and not the matrix
#
# In training, the final result is a single number, the loss $L$. If $v$ holds how much $L$
# changes with each $y_i$, $v_i = \partial L/\partial y_i$, then by the chain rule
#
# $$
# (v^\top J)_j = \sum_i \frac{\partial L}{\partial y_i}\,\frac{\partial y_i}{\partial x_j}
# = \frac{\partial L}{\partial x_j}.
# $$
#
# So $v^\top J$ is exactly the gradient of the loss, and that is all training needs. Each node
# of the graph computes this product for its own small Jacobian without ever forming it:
# for $y = 2x$ it sends $2v$. The whole Jacobian would need one backward pass per output.

# %% [markdown]
# ## A Jacobian that is not diagonal
#
# With $y = A x$ for a fixed matrix $A$, every output depends on several inputs, and the
# Jacobian is $A$ itself.

# %%
A = torch.tensor([[1.0, 2.0, 0.0],
                  [0.0, 1.0, -1.0],
                  [3.0, 0.0, 1.0]])
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

J = torch.autograd.functional.jacobian(lambda x: A @ x, x)
print(J)

# %% [markdown]
# `backward(v)` mixes the rows of $J$ with the weights in $v$:

# %%
y = A @ x
y.backward(v)
print(x.grad)
print(v @ J)

# %% [markdown]
# Choosing $v$ as a row of the identity picks out one row of $J$. That is how `jacobian`
# builds the matrix: one backward pass per output.

# %%
for i in range(3):
    one_hot = torch.zeros(3)
    one_hot[i] = 1.0
    x.grad = None
    (A @ x).backward(one_hot)
    print(x.grad)

# %%
draw(A @ x, names={"A": A, "x": x})

# %% [markdown]
# ## The products by name
#
# `torch.autograd.functional` has these products as functions, and they leave every `.grad`
# alone: `vjp(f, x, v)` is $v^\top J$ (one backward pass, as above) and `jvp(f, x, v)` is
# $J v$, the product from the other side. Each returns the value of `f` first.

# %%
def f(x):
    return A @ x


value, vJ = torch.autograd.functional.vjp(f, x, v)
value, Jv = torch.autograd.functional.jvp(f, x, v)
print(vJ, v @ J)
print(Jv, J @ v)

# %% [markdown]
# For a function whose result is one number, the Jacobian of its gradient is the **Hessian**,
# the matrix of second derivatives. For $f(x) = \sum_i x_i^3$ it is diagonal, with $6 x_i$ on
# the diagonal:

# %%
print(torch.autograd.functional.hessian(lambda x: (x**3).sum(), x))

# %% [markdown]
# ## Mistakes and their messages
#
# Without `v`, a result with several entries cannot start a backward pass. PyTorch's word
# for `v` here is the *grad* of the output, and it only creates one for you (the number 1)
# when the output is a single number:

# %%
y = A @ x
try:
    y.backward()
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# `v` must have the output's shape, one weight per output entry:

# %%
m = torch.ones(2, 2, requires_grad=True) * 2
try:
    m.backward(torch.ones(3))
except RuntimeError as error:
    print("RuntimeError:", error)

# %% [markdown]
# ## Where we are
#
# * `y.backward(v)` computes $v^\top J$, not $J$. For a scalar output, $v = 1$ and it is
#   the gradient.
# * $v^\top J$ is what the chain rule needs; each node computes it without forming $J$.
# * `torch.autograd.functional.jacobian` builds $J$ itself, one backward pass per output;
#   `vjp`, `jvp` and `hessian` give $v^\top J$, $J v$ and the matrix of second derivatives.

# %% [markdown]
# ## Exercises
#
# Each exercise states its task. Write your answer in place of the `...` in the cell below
# it and run that cell: the check runs your code and says what is right or names the
# mistake. `ex.hint()` gives a hint, `ex.solution()` a solution. `ex` is the exercise whose
# cell ran last, so run an exercise's cell again before you go back to answer it.

# %%
ex = exercise("05.jacobian")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check([[..., ..., ...], [..., ..., ...], [..., ..., ...]])

# %%
ex = exercise("05.vjp")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check([..., ..., ...])

# %%
ex = exercise("05.jacobian_function")
ex

# %% tags=["skip-execution", "nbval-skip"]
def jacobian(f, x):
    ...


ex.check(jacobian)
