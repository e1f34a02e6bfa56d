"""The workloads in HIPS autograd: differentiate a NumPy function with `value_and_grad`.

Its NumPy wrapper (`autograd.numpy`) traces each call; `value_and_grad(f)(x)` runs f forward
and then the backward pass, so every run is forward plus backward, as for the others.
(autograd.scipy's logsumexp needs SciPy, so W5's log-softmax is written out.)
"""

from __future__ import annotations

from typing import Any

import autograd.numpy as anp
import numpy as np
from autograd import value_and_grad

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
    def program(x: Any) -> Any:
        y = x + 2
        z = y * y * 3
        return anp.mean(z)

    step = value_and_grad(program)
    last: dict[str, Any] = {}

    def run() -> None:
        last["out"], last["x.grad"] = step(np.ones((2, 2), dtype=np.float32))

    return Case(run, lambda: {"out": float(last["out"]), "x.grad": last["x.grad"]})


def w2(triples: int) -> Case:
    x, a, b = w2_constants()

    def chain(y: Any) -> Any:
        for _ in range(triples):
            y = y + b
            y = y * a
            y = anp.tanh(y)
        return anp.sum(y)

    step = value_and_grad(chain)
    last: dict[str, Any] = {}

    def run() -> None:
        last["out"], last["x.grad"] = step(x)

    return Case(run, lambda: {"out": float(last["out"]), "x.grad": last["x.grad"]}, ops=3 * triples)


def w3(ops: int) -> Case:
    def chain(y: Any) -> Any:
        for _ in range(ops // 2):
            y = y * W3_SCALE
            y = y + W3_SHIFT
        return y

    step = value_and_grad(chain)
    last: dict[str, Any] = {}

    def run() -> None:
        last["out"], last["x.grad"] = step(np.float32(1.0))

    return Case(run, lambda: {"out": float(last["out"]), "x.grad": float(last["x.grad"])}, ops=ops)


def w4() -> Case:
    x, target = two_moons()
    params = mlp_weights(W4_LAYERS)

    def loss(params: list[Any]) -> Any:
        w1, b1, w2, b2, w3, b3 = params
        h1 = anp.tanh(anp.dot(x, w1.T) + b1)
        h2 = anp.tanh(anp.dot(h1, w2.T) + b2)
        prediction = anp.dot(h2, w3.T) + b3
        return anp.mean((prediction - target) ** 2)

    step = value_and_grad(loss)
    last: dict[str, Any] = {}

    def run() -> None:
        value, grads = step(params)
        for p, g in zip(params, grads):
            p -= W4_LR * g
        last["loss"], last["grads"] = value, grads

    return Case(run, lambda: {"loss": float(last["loss"]), "grads": last["grads"]})


def w5() -> Case:
    x, _, onehot = w5_batch()
    params = mlp_weights(W5_LAYERS)

    def loss(params: list[Any]) -> Any:
        w1, b1, w2, b2, w3, b3 = params
        h1 = anp.maximum(anp.dot(x, w1.T) + b1, 0)
        h2 = anp.maximum(anp.dot(h1, w2.T) + b2, 0)
        logits = anp.dot(h2, w3.T) + b3
        shifted = logits - anp.max(logits, axis=1, keepdims=True)
        log_probs = shifted - anp.log(anp.sum(anp.exp(shifted), axis=1, keepdims=True))
        return -anp.sum(log_probs * onehot) / len(x)

    step = value_and_grad(loss)
    last: dict[str, Any] = {}

    def run() -> None:
        last["loss"], last["grads"] = step(params)

    return Case(run, lambda: {"loss": float(last["loss"]), "grads": last["grads"]})
