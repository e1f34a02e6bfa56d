"""The floor: the least a tape-based autograd written in Python over NumPy can do per operation.

Not a library anyone uses: a calibration. A tensor is an array, a `requires_grad` flag and the
node that made it; a node is its inputs, what its backward reads, and a sequence number. No
dtype rules, no broadcasting, no checks, no hooks, no version counters, no pictures: only what
recording and replaying a tape cannot do without. Backward visits the nodes in the reverse
order of their creation (a valid order for a tape) and adds up gradients per node.

Whatever a real Python library costs above this line is its features and its code; below it
nothing written in Python can go on this machine. Only the workloads made of elementwise ops and
reductions are written (W1-W3); the others raise UnsupportedError.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..common import W3_SCALE, W3_SHIFT, Case, UnsupportedError, w2_constants

_creation = itertools.count()


class Tensor:
    __slots__ = ("data", "requires_grad", "grad_fn", "grad")

    def __init__(self, data: Any, requires_grad: bool = False, grad_fn: Any = None) -> None:
        self.data = data
        self.requires_grad = requires_grad
        self.grad_fn = grad_fn
        self.grad = None

    def __add__(self, other: Any) -> Tensor:
        if isinstance(other, Tensor):
            return _record(Add, self.data + other.data, (self, other), None)
        return _record(Add, self.data + other, (self,), None)

    def __mul__(self, other: Any) -> Tensor:
        if isinstance(other, Tensor):
            return _record(Mul, self.data * other.data, (self, other), (self.data, other.data))
        return _record(Mul, self.data * other, (self,), (other,))

    def tanh(self) -> Tensor:
        out = np.tanh(self.data)
        return _record(Tanh, out, (self,), out)

    def sum(self) -> Tensor:
        return _record(Sum, np.add.reduce(self.data, axis=None), (self,), self.data.shape)

    def mean(self) -> Tensor:
        total = np.add.reduce(self.data, axis=None)
        return _record(Mean, total / self.data.size, (self,), self.data.shape)

    def backward(self) -> None:
        _backward(self, np.ones_like(self.data))


class Node:
    __slots__ = ("inputs", "saved", "order")

    def __init__(self, inputs: tuple[Tensor, ...], saved: Any) -> None:
        self.inputs = inputs
        self.saved = saved
        self.order = next(_creation)


def _record(kind: type[Node], data: Any, inputs: tuple[Tensor, ...], saved: Any) -> Tensor:
    for t in inputs:
        if t.requires_grad:
            return Tensor(data, True, kind(inputs, saved))
    return Tensor(data)


class Add(Node):
    __slots__ = ()

    def backward(self, grad: Any) -> tuple[Any, ...]:
        return (grad,) * len(self.inputs)


class Mul(Node):
    __slots__ = ()

    def backward(self, grad: Any) -> tuple[Any, ...]:
        if len(self.saved) == 1:  # times a number
            return (grad * self.saved[0],)
        (a, b), (x, y) = self.inputs, self.saved
        return (grad * y if a.requires_grad else None, grad * x if b.requires_grad else None)


class Tanh(Node):
    __slots__ = ()

    def backward(self, grad: Any) -> tuple[Any, ...]:
        return (grad - grad * self.saved * self.saved,)


class Sum(Node):
    __slots__ = ()

    def backward(self, grad: Any) -> tuple[Any, ...]:
        spread = np.empty(self.saved, dtype=grad.dtype)
        spread[...] = grad
        return (spread,)


class Mean(Node):
    __slots__ = ()

    def backward(self, grad: Any) -> tuple[Any, ...]:
        spread = np.empty(self.saved, dtype=grad.dtype)
        spread[...] = grad / spread.size
        return (spread,)


def _backward(root: Tensor, seed: Any) -> None:
    """Each node that made `root` runs once, latest first, with the sum of its gradients."""
    found: dict[Node, None] = {}
    stack = [root.grad_fn]
    while stack:
        node = stack.pop()
        if node not in found:
            found[node] = None
            stack.extend(t.grad_fn for t in node.inputs if t.grad_fn is not None)
    grads: dict[Node, Any] = {root.grad_fn: seed}
    for node in sorted(found, key=_latest_first):
        for t, grad in zip(node.inputs, node.backward(grads.pop(node))):
            if grad is None:
                continue
            if t.grad_fn is not None:
                waiting = grads.get(t.grad_fn)
                grads[t.grad_fn] = grad if waiting is None else waiting + grad
            elif t.requires_grad:
                t.grad = grad if t.grad is None else t.grad + grad


def _latest_first(node: Node) -> int:
    return -node.order


def w1() -> Case:
    """The tutorial program."""
    last: dict[str, Any] = {}

    def run() -> None:
        x = Tensor(np.ones((2, 2), dtype=np.float32), requires_grad=True)
        y = x + 2.0
        z = y * y * 3.0
        out = z.mean()
        out.backward()
        last["out"], last["x"] = out, x

    return Case(run, lambda: {"out": float(last["out"].data), "x.grad": last["x"].grad})


def w2(triples: int) -> Case:
    """y = y + b; y = y * a; y = tanh(y), `triples` times, on a 4x4 tensor; sum; backward."""
    x0, a0, b0 = w2_constants()
    a, b = Tensor(a0), Tensor(b0)
    last: dict[str, Any] = {}

    def run() -> None:
        x = Tensor(x0.copy(), requires_grad=True)
        y = x
        for _ in range(triples):
            y = y + b
            y = y * a
            y = y.tanh()
        out = y.sum()
        out.backward()
        last["out"], last["x"] = out, x

    return Case(
        run,
        lambda: {"out": float(last["out"].data), "x.grad": last["x"].grad},
        ops=3 * triples,
    )


def w3(ops: int) -> Case:
    """A chain of `ops` scalar ops on a 0-d float32 array."""
    last: dict[str, Any] = {}

    def run() -> None:
        x = Tensor(np.array(1.0, dtype=np.float32), requires_grad=True)
        y = x
        for _ in range(ops // 2):
            y = y * W3_SCALE
            y = y + W3_SHIFT
        y.backward()
        last["out"], last["x.grad"] = float(y.data), float(x.grad)

    return Case(run, lambda: dict(last), ops=ops)


def w4() -> Case:
    raise UnsupportedError("only elementwise ops and reductions (W1-W3) are written")


def w5() -> Case:
    raise UnsupportedError("only elementwise ops and reductions (W1-W3) are written")

