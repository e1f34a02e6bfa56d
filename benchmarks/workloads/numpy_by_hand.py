"""The lower bound: every workload with its forward and backward written by hand in NumPy.

No graph, no nodes, no bookkeeping: only the arithmetic an autograd library has to do anyway.
The gradients here are also the oracle the smoke test checks visgrad against.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common import (
    W3_SCALE,
    W3_SHIFT,
    W4_LAYERS,
    W4_LR,
    W5_LAYERS,
    Case,
    mlp_weights,
    two_moons,
    w2_constants,
    w5_batch,
)


def w1() -> Case:
    """The tutorial program: x = ones(2, 2); y = x + 2; z = y * y * 3; out = z.mean()."""
    last: dict[str, Any] = {}

    def run() -> None:
        x = np.ones((2, 2), dtype=np.float32)
        y = x + 2
        t = y * y
        z = t * 3
        out = z.mean()
        # backward, op by op in reverse
        grad_z = np.full(z.shape, 1 / z.size, dtype=z.dtype)  # mean
        grad_t = grad_z * 3  # t * 3
        grad_y = grad_t * y + grad_t * y  # y * y: y is both factors
        grad_x = grad_y  # x + 2
        last["out"], last["x.grad"] = out, grad_x

    return Case(run, lambda: {"out": float(last["out"]), "x.grad": last["x.grad"]})


def w2(triples: int) -> Case:
    """y = y + b; y = y * a; y = tanh(y), `triples` times; out = y.sum()."""
    x, a, b = w2_constants()
    last: dict[str, Any] = {}

    def run() -> None:
        y = x
        tanh_outputs = []
        for _ in range(triples):
            y = y + b
            y = y * a
            y = np.tanh(y)
            tanh_outputs.append(y)
        out = y.sum()
        grad = np.ones_like(y)
        for t in reversed(tanh_outputs):
            grad = grad * (1 - t * t)  # tanh' = 1 - tanh²
            grad = grad * a  # y * a
            # y + b passes the gradient through
        last["out"], last["x.grad"] = out, grad

    return Case(run, lambda: {"out": float(last["out"]), "x.grad": last["x.grad"]}, ops=3 * triples)


def w3(ops: int) -> Case:
    """A chain of `ops` scalar ops (y * scale, y + shift in turn), in Python floats."""
    last: dict[str, float] = {}

    def run() -> None:
        y = 1.0
        for _ in range(ops // 2):
            y = y * W3_SCALE
            y = y + W3_SHIFT
        grad = 1.0
        for _ in range(ops // 2):
            grad = grad * 1.0  # y + shift
            grad = grad * W3_SCALE  # y * scale
        last["out"], last["x.grad"] = y, grad

    return Case(run, lambda: dict(last), ops=ops)


def w4() -> Case:
    """One SGD step of a 2-16-16-1 tanh MLP on 100 two-moons points, MSE loss."""
    x, target = two_moons()
    params = mlp_weights(W4_LAYERS)
    last: dict[str, Any] = {}

    def run() -> None:
        w1, b1, w2, b2, w3, b3 = params
        h1 = np.tanh(x @ w1.T + b1)
        h2 = np.tanh(h1 @ w2.T + b2)
        prediction = h2 @ w3.T + b3
        error = prediction - target
        loss = (error * error).mean()
        # backward
        grad_prediction = 2 * error / error.size
        grad_w3 = grad_prediction.T @ h2
        grad_b3 = grad_prediction.sum(axis=0)
        grad_a2 = (grad_prediction @ w3) * (1 - h2 * h2)
        grad_w2 = grad_a2.T @ h1
        grad_b2 = grad_a2.sum(axis=0)
        grad_a1 = (grad_a2 @ w2) * (1 - h1 * h1)
        grad_w1 = grad_a1.T @ x
        grad_b1 = grad_a1.sum(axis=0)
        grads = [grad_w1, grad_b1, grad_w2, grad_b2, grad_w3, grad_b3]
        for p, g in zip(params, grads):
            p -= W4_LR * g
        last["loss"], last["grads"] = loss, grads

    return Case(run, lambda: {"loss": float(last["loss"]), "grads": last["grads"]})


def w5() -> Case:
    """Forward and backward of a 784-512-512-10 ReLU MLP, cross-entropy, batch 256, float32."""
    x, _, onehot = w5_batch()
    params = mlp_weights(W5_LAYERS)
    last: dict[str, Any] = {}

    def run() -> None:
        w1, b1, w2, b2, w3, b3 = params
        h1 = np.maximum(x @ w1.T + b1, 0)
        h2 = np.maximum(h1 @ w2.T + b2, 0)
        logits = h2 @ w3.T + b3
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        log_probs = shifted - np.log(total)
        loss = -(log_probs * onehot).sum() / len(x)
        # backward
        grad_logits = (exp / total - onehot) / len(x)
        grad_w3 = grad_logits.T @ h2
        grad_b3 = grad_logits.sum(axis=0)
        grad_a2 = (grad_logits @ w3) * (h2 > 0)
        grad_w2 = grad_a2.T @ h1
        grad_b2 = grad_a2.sum(axis=0)
        grad_a1 = (grad_a2 @ w2) * (h1 > 0)
        grad_w1 = grad_a1.T @ x
        grad_b1 = grad_a1.sum(axis=0)
        last["loss"] = loss
        last["grads"] = [grad_w1, grad_b1, grad_w2, grad_b2, grad_w3, grad_b3]

    return Case(run, lambda: {"loss": float(last["loss"]), "grads": last["grads"]})
