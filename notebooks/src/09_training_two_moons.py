# Lesson 9 source. `python notebooks/build.py 09` writes and runs
# notebooks/09_training_two_moons.ipynb from it.

# %% [markdown]
# # Lesson 9 · Training a small network
#
# Everything so far comes together in training: a forward pass builds the graph, `backward()`
# fills every parameter's `.grad`, and an optimizer moves each parameter a little against
# its gradient. Repeat a few hundred times and a network learns to separate two interleaved
# half-moons of points. `torch.nn` provides the layers and the loss, `torch.optim` the
# optimizer, exactly as in PyTorch.

# %%
import matplotlib.pyplot as plt
import numpy as np

import visgrad as torch
from autograd_lessons import exercise
from visgrad import nn
from visgrad.viz import draw

plt.rcParams["figure.dpi"] = 90
plt.rcParams["savefig.dpi"] = 90

# %% [markdown]
# ## The data: two moons
#
# 200 points on two half-circles, one per class, shifted so that they interlock, with
# enough noise that a few points stray to the other side. No straight line separates the
# classes, so the network must learn a curved boundary. The points come from NumPy's random
# generator with a fixed seed, so every run sees the same data.

# %%
def two_moons(n_per_class, noise, seed):
    rng = np.random.default_rng(seed)
    angle = np.linspace(0, np.pi, n_per_class)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    points = np.concatenate([upper, lower]) + rng.normal(0, noise, (2 * n_per_class, 2))
    labels = np.concatenate([np.zeros(n_per_class), np.ones(n_per_class)])
    return points.astype(np.float32), labels.astype(np.int64)


points, labels = two_moons(100, noise=0.2, seed=0)
X = torch.tensor(points)
y = torch.tensor(labels)
print(X.shape, y.shape, X.dtype, y.dtype)

# %%
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.scatter(points[:, 0], points[:, 1], c=labels, cmap="coolwarm", s=12, edgecolors="none")
ax.set_title("two moons: 200 points, 2 classes")
ax.set_aspect("equal")
plt.show()

# %% [markdown]
# ## The model
#
# Two inputs (the coordinates), two hidden layers of 16 units with `tanh`, and two outputs:
# one score per class. `CrossEntropyLoss` turns the scores into probabilities (softmax) and
# measures how much probability the right class gets. The initial weights are random:
# `torch.manual_seed(0)` fixes them, though not to the numbers PyTorch would draw.

# %%
torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(2, 16),
    nn.Tanh(),
    nn.Linear(16, 16),
    nn.Tanh(),
    nn.Linear(16, 2),
)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
print(model)

# %% [markdown]
# One forward pass on four points builds this graph (drawn with shapes only: the values
# would not fit). The parameters are leaves, named as `model.named_parameters()` names
# them. Each `Linear` layer records `TBackward0` (its weight, transposed) and
# `AddmmBackward0` (bias + input @ weight.T, one fused operation); `CrossEntropyLoss` records
# `LogSoftmaxBackward0` and `NllLossBackward0`: the same nodes PyTorch records.

# %%
small = loss_fn(model(X[:4]), y[:4])
draw(small, names={**dict(model.named_parameters()), "loss": small}, show_values=False)

# %% [markdown]
# ## Gradient flow, before training
#
# After one backward pass, every parameter has a `.grad`. The mean size of its entries per
# layer shows how strongly the loss pulls on each layer; gradients that shrink towards the
# input layers would mean the first layers learn slowly.

# %%
def gradient_sizes(model):
    return {name: p.grad.abs().mean().item() for name, p in model.named_parameters()}


loss = loss_fn(model(X), y)
loss.backward()
before = gradient_sizes(model)
for name, size in before.items():
    print(f"{name:10} mean |grad| {size:.4f}")

# %% [markdown]
# ## Training
#
# Each step: clear the old gradients (they would add up, lesson 4), forward, backward, update.
# The bar shows progress; a line is printed every 30 steps.

# %%
def progress(step, total, loss, width=30):
    filled = width * step // total
    bar = "#" * filled + "." * (width - filled)
    return f"step {step:3d}/{total} [{bar}] loss {loss:.4f}"


steps = 300
losses = []
for step in range(1, steps + 1):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
    if step % 30 == 0:
        print(progress(step, steps, losses[-1]))

# %%
with torch.no_grad():
    predicted = model(X).argmax(dim=1)
accuracy = (predicted == y).float().mean().item()
print(f"accuracy on the training points: {accuracy:.1%}")

# %% [markdown]
# ## The loss curve

# %%
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(range(1, steps + 1), losses)
ax.set_xlabel("step")
ax.set_ylabel("cross-entropy loss")
ax.set_yscale("log")
ax.set_title("loss during training")
plt.show()

# %% [markdown]
# ## The decision boundary
#
# Ask the trained network for the probability of the second class at every point of a
# grid (under `no_grad`: no graph is needed for that), and colour the plane by it. The
# boundary is where the probability crosses one half.

# %%
low, high = points.min(axis=0) - 0.3, points.max(axis=0) + 0.3
xs = np.linspace(low[0], high[0], 161, dtype=np.float32)
ys = np.linspace(low[1], high[1], 101, dtype=np.float32)
grid_x, grid_y = np.meshgrid(xs, ys)
grid = torch.tensor(np.stack([grid_x.ravel(), grid_y.ravel()], axis=1))

with torch.no_grad():
    probability = model(grid).softmax(dim=1)[:, 1].numpy().reshape(grid_x.shape)

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.contourf(grid_x, grid_y, probability, levels=20, cmap="coolwarm", alpha=0.6)
ax.contour(grid_x, grid_y, probability, levels=[0.5], colors="black", linewidths=1)
ax.scatter(points[:, 0], points[:, 1], c=labels, cmap="coolwarm", s=12, edgecolors="white",
           linewidths=0.3)
ax.set_aspect("equal")
ax.set_title("decision boundary after training")
plt.show()

# %% [markdown]
# ## Gradient flow, after training
#
# Once most points are classified confidently, the loss is small and so are its gradients:
# every layer is pulled much less than at the start.

# %%
optimizer.zero_grad()
loss = loss_fn(model(X), y)
loss.backward()
after = gradient_sizes(model)

fig, ax = plt.subplots(figsize=(6, 3))
positions = np.arange(len(before))
ax.bar(positions - 0.2, list(before.values()), width=0.4, label="before training")
ax.bar(positions + 0.2, list(after.values()), width=0.4, label="after training")
ax.set_xticks(positions, list(before), rotation=30)
ax.set_yscale("log")
ax.set_ylabel("mean |grad|")
ax.legend()
plt.show()

# %% [markdown]
# ## Where we are
#
# * A training step is: `zero_grad()`, forward, `backward()`, `step()`.
# * The graph is rebuilt by every forward pass and freed by every backward pass.
# * `.grad` of each parameter is the whole interface between autograd and the optimizer.

# %% [markdown]
# ## Exercises
#
# Each exercise states its task. Write your answer in place of the `...` in the cell below
# it and run that cell: the check runs your code and says what is right or names the
# mistake. `ex.hint()` gives a hint, `ex.solution()` a solution. `ex` is the exercise whose
# cell ran last, so run an exercise's cell again before you go back to answer it.

# %%
ex = exercise("09.mse_grad")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check(...)  # your number

# %%
ex = exercise("09.train_step")
ex

# %% tags=["skip-execution", "nbval-skip"]
def train_step(w, b, x, y, lr):
    ...


ex.check(train_step)

# %%
ex = exercise("09.saturated")
ex

# %% tags=["skip-execution", "nbval-skip"]
ex.check({"w1": ..., "w2": ...})

# %%
ex = exercise("09.training_loop")
ex

# %% tags=["skip-execution", "nbval-skip"]
def train(model, optimizer, x, y, steps):
    ...


ex.check(train)

# %%
ex = exercise("09.batches")
ex

# %% tags=["skip-execution", "nbval-skip"]
def step_on_batches(w, batches, lr):
    ...


ex.check(step_on_batches)
