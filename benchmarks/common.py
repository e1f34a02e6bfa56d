"""What every library's workloads share: sizes, data, initial weights, and the `Case` they return.

Every library gets its own fresh copy of the data (`two_moons()`, `mlp_weights()` return new
arrays each call): mygrad marks arrays in its graph read-only while it holds them, and a shared
array would leak that into the other libraries' runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# --- the workloads ------------------------------------------------------------------------
W2_TRIPLES = 333  # W2: (add, mul, tanh) 333 times = 999 ops on a 4x4 tensor, sum, backward
W3_OPS = 100_000  # W3: a chain of scalar ops (mul, add in turn), then backward
W3_BIG_OPS = 1_000_000  # W3 must also work at a million ops (run once, visgrad and torch)
W4_LAYERS = (2, 16, 16, 1)  # tanh MLP on two moons, MSE, one SGD step
W4_POINTS = 100
W4_LR = 0.1
W5_LAYERS = (784, 512, 512, 10)  # ReLU MLP, cross-entropy, forward + backward
W5_BATCH = 256
W6_STEPS = 10_000  # W4 steps while resident memory is watched

# W3's constants: y -> y * W3_SCALE -> + W3_SHIFT. The gradient of the chain is
# W3_SCALE ** (ops / 2): e^-5 at 100k ops and e^-50 at a million, far from float32 denormals
# (which would slow every library down and measure the CPU, not the autograd).
W3_SCALE = 0.9999
W3_SHIFT = 0.0001


class UnsupportedError(Exception):
    """A library cannot run a workload as specified (e.g. micrograd has no tanh)."""


@dataclass
class Case:
    """One library's version of one workload.

    run: does one repetition (one program, one chain, one training step) and returns nothing,
        so that converting results is not timed
    result: after `run`, the numbers to check against the NumPy baseline (loss, gradients)
    ops: how many operations one `run` is (to report W2 per op); 1 otherwise
    """

    run: Callable[[], None]
    result: Callable[[], dict[str, Any]]
    ops: int = 1
    notes: list[str] = field(default_factory=list)


# --- data --------------------------------------------------------------------------------
def two_moons(
    n: int = W4_POINTS, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles (as sklearn's make_moons): X (n, 2), targets ±1 (n, 1)."""
    rng = np.random.default_rng(seed)
    half = n // 2
    t_outer = np.linspace(0, np.pi, n - half)
    t_inner = np.linspace(0, np.pi, half)
    outer = np.stack([np.cos(t_outer), np.sin(t_outer)], axis=1)
    inner = np.stack([1 - np.cos(t_inner), 0.5 - np.sin(t_inner)], axis=1)
    x = np.concatenate([outer, inner]) + rng.normal(0, noise, (n, 2))
    y = np.concatenate([np.ones(n - half), -np.ones(half)])[:, None]
    return x.astype(np.float32), y.astype(np.float32)


def mlp_weights(layers: tuple[int, ...], seed: int = 0) -> list[np.ndarray]:
    """[W1, b1, W2, b2, ...] initialised as torch.nn.Linear does: U(-1/√fan_in, 1/√fan_in),
    W of shape (out, in), float32."""
    rng = np.random.default_rng(seed)
    params: list[np.ndarray] = []
    for fan_in, fan_out in zip(layers[:-1], layers[1:]):
        bound = 1 / np.sqrt(fan_in)
        params.append(rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32))
        params.append(rng.uniform(-bound, bound, (fan_out,)).astype(np.float32))
    return params


def w2_constants(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x (the 4x4 input), then a and b: W2 runs y = y + b; y = y * a; y = tanh(y), in turn.

    a near 1 and b near 0 keep y and the gradient through 333 tanh's far from float32
    denormals (|grad| stays above 1e-6), which would slow every library and time the CPU."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (4, 4)).astype(np.float32)
    a = rng.uniform(0.99, 1.01, (4, 4)).astype(np.float32)
    b = rng.uniform(-0.001, 0.001, (4, 4)).astype(np.float32)
    return x, a, b


def w5_batch(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Inputs (256, 784) float32, integer labels (256,), and their one-hot (256, 10) float32."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (W5_BATCH, W5_LAYERS[0])).astype(np.float32)
    labels = rng.integers(0, W5_LAYERS[-1], W5_BATCH)
    onehot = np.zeros((W5_BATCH, W5_LAYERS[-1]), dtype=np.float32)
    onehot[np.arange(W5_BATCH), labels] = 1
    return x, labels, onehot
