"""The workloads for a library shaped like PyTorch: the same code runs on `torch` and `visgrad`.

`Workloads(torch)` and `Workloads(visgrad)` differ in nothing but the module, which is the point
of visgrad (`import visgrad as torch`). Plain tensor ops, no nn or optim: the other libraries
here have neither, and this way every library runs the same arithmetic.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

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


class Workloads:
    """W1-W5 written against `torch`: the module given (torch itself, or visgrad)."""

    def __init__(self, torch: ModuleType) -> None:
        self.torch = torch

    def w1(self) -> Case:
        """The tutorial program, per program."""
        torch = self.torch
        last: dict[str, Any] = {}

        def run() -> None:
            x = torch.ones(2, 2, requires_grad=True)
            y = x + 2
            z = y * y * 3
            out = z.mean()
            out.backward()
            last["out"], last["x"] = out, x

        return Case(run, lambda: _value_and_grad(last["out"], last["x"]))

    def w2(self, triples: int) -> Case:
        """y = y + b; y = y * a; y = y.tanh(), `triples` times, on a 4x4 tensor; sum; backward."""
        torch = self.torch
        x0, a0, b0 = w2_constants()
        a, b = torch.tensor(a0), torch.tensor(b0)
        last: dict[str, Any] = {}

        def run() -> None:
            x = torch.tensor(x0, requires_grad=True)
            y = x
            for _ in range(triples):
                y = y + b
                y = y * a
                y = y.tanh()
            out = y.sum()
            out.backward()
            last["out"], last["x"] = out, x

        return Case(run, lambda: _value_and_grad(last["out"], last["x"]), ops=3 * triples)

    def w3(self, ops: int) -> Case:
        """A chain of `ops` scalar ops (y * scale, y + shift in turn) on a 0-d tensor.

        Only numbers are kept after a run: holding on to `y` would keep the whole chain alive
        during the next run, for the garbage collector to walk (libraries whose graph is Python
        objects would pay for it, torch would not)."""
        torch = self.torch
        last: dict[str, Any] = {}

        def run() -> None:
            x = torch.tensor(1.0, requires_grad=True)
            y = x
            for _ in range(ops // 2):
                y = y * W3_SCALE
                y = y + W3_SHIFT
            y.backward()
            last["out"], last["x.grad"] = y.item(), x.grad.item()

        return Case(run, lambda: dict(last), ops=ops)

    def w4(self) -> Case:
        """One SGD step of a 2-16-16-1 tanh MLP on 100 two-moons points, MSE loss."""
        torch = self.torch
        x0, target0 = two_moons()
        x, target = torch.tensor(x0), torch.tensor(target0)
        params = self._params(W4_LAYERS)
        last: dict[str, Any] = {}

        def run() -> None:
            w1, b1, w2, b2, w3, b3 = params
            for p in params:
                p.grad = None  # optimizer.zero_grad()
            h1 = (x @ w1.T + b1).tanh()
            h2 = (h1 @ w2.T + b2).tanh()
            prediction = h2 @ w3.T + b3
            loss = ((prediction - target) ** 2).mean()
            loss.backward()
            with torch.no_grad():
                for p in params:
                    p -= W4_LR * p.grad
            last["loss"] = loss

        return Case(run, lambda: _loss_and_grads(last["loss"], params))

    def w5(self) -> Case:
        """Forward and backward of a 784-512-512-10 ReLU MLP, cross-entropy, batch 256."""
        torch = self.torch
        x0, _, onehot0 = w5_batch()
        x, onehot = torch.tensor(x0), torch.tensor(onehot0)
        params = self._params(W5_LAYERS)
        last: dict[str, Any] = {}

        def run() -> None:
            w1, b1, w2, b2, w3, b3 = params
            for p in params:
                p.grad = None
            h1 = (x @ w1.T + b1).relu()
            h2 = (h1 @ w2.T + b2).relu()
            logits = h2 @ w3.T + b3
            loss = -(logits.log_softmax(dim=1) * onehot).sum() / len(x0)
            loss.backward()
            last["loss"] = loss

        return Case(run, lambda: _loss_and_grads(last["loss"], params))

    def _params(self, layers: tuple[int, ...]) -> list[Any]:
        return [self.torch.tensor(p, requires_grad=True) for p in mlp_weights(layers)]


def _value_and_grad(out: Any, x: Any) -> dict[str, Any]:
    grad = x.grad.numpy()
    return {"out": out.item(), "x.grad": grad if grad.ndim else float(grad)}


def _loss_and_grads(loss: Any, params: list[Any]) -> dict[str, Any]:
    return {"loss": loss.item(), "grads": [p.grad.numpy() for p in params]}
