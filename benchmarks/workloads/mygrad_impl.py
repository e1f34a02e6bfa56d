"""The workloads in mygrad: tensors that record operations, `loss.backward()`, `.grad` arrays."""

from __future__ import annotations

from typing import Any

import mygrad as mg
import numpy as np
from mygrad.nnet.activations import logsoftmax, relu

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
    last: dict[str, Any] = {}

    def run() -> None:
        x = mg.tensor(np.ones((2, 2), dtype=np.float32))
        y = x + 2
        z = y * y * 3
        out = z.mean()
        out.backward()
        last["out"], last["x"] = out, x

    return Case(run, lambda: {"out": float(last["out"].item()), "x.grad": last["x"].grad})


def w2(triples: int) -> Case:
    x0, a, b = w2_constants()
    last: dict[str, Any] = {}

    def run() -> None:
        x = mg.tensor(x0)
        y = x
        for _ in range(triples):
            y = y + b
            y = y * a
            y = mg.tanh(y)
        out = y.sum()
        out.backward()
        last["out"], last["x"] = out, x

    return Case(
        run, lambda: {"out": float(last["out"].item()), "x.grad": last["x"].grad}, ops=3 * triples
    )


def w3(ops: int) -> Case:
    last: dict[str, Any] = {}

    def run() -> None:
        x = mg.tensor(np.float32(1.0))
        y = x
        for _ in range(ops // 2):
            y = y * W3_SCALE
            y = y + W3_SHIFT
        y.backward()
        last["out"], last["x.grad"] = float(y.item()), float(x.grad)  # numbers only

    return Case(run, lambda: dict(last), ops=ops)


def w4() -> Case:
    x, target = two_moons()
    params = [mg.tensor(p) for p in mlp_weights(W4_LAYERS)]
    last: dict[str, Any] = {}

    def run() -> None:
        w1, b1, w2, b2, w3, b3 = params
        h1 = mg.tanh(x @ w1.T + b1)
        h2 = mg.tanh(h1 @ w2.T + b2)
        prediction = h2 @ w3.T + b3
        loss = mg.mean((prediction - target) ** 2)
        loss.backward()
        for p in params:
            p.data -= W4_LR * p.grad
        last["loss"] = loss

    return Case(run, lambda: _loss_and_grads(last["loss"], params))


def w5() -> Case:
    x, _, onehot = w5_batch()
    params = [mg.tensor(p) for p in mlp_weights(W5_LAYERS)]
    last: dict[str, Any] = {}

    def run() -> None:
        w1, b1, w2, b2, w3, b3 = params
        h1 = relu(x @ w1.T + b1)
        h2 = relu(h1 @ w2.T + b2)
        logits = h2 @ w3.T + b3
        loss = -(logsoftmax(logits, axis=1) * onehot).sum() / len(x)
        loss.backward()
        last["loss"] = loss

    return Case(run, lambda: _loss_and_grads(last["loss"], params))


def _loss_and_grads(loss: Any, params: list[Any]) -> dict[str, Any]:
    return {"loss": float(loss.item()), "grads": [p.grad for p in params]}
