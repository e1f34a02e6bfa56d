"""The workloads in micrograd (karpathy): one Python object per scalar.

micrograd has +, *, ** and relu only (no tanh, exp or log), so W2, W4 and W5 cannot be written
as specified. Its backward sorts the graph recursively, so a long chain (W3) raises
RecursionError: the benchmark records that as micrograd's result.
"""

from __future__ import annotations

from typing import Any

from micrograd.engine import Value

from ..common import W3_SCALE, W3_SHIFT, Case, UnsupportedError


def w1() -> Case:
    """The tutorial program on the 4 elements of a 2x2 'tensor'."""
    last: dict[str, Any] = {}

    def run() -> None:
        x = [Value(1.0) for _ in range(4)]
        y = [xi + 2 for xi in x]
        z = [yi * yi * 3 for yi in y]
        out = (z[0] + z[1] + z[2] + z[3]) * 0.25
        out.backward()
        last["out"], last["x"] = out, x

    def result() -> dict[str, Any]:
        grads = [xi.grad for xi in last["x"]]
        return {"out": last["out"].data, "x.grad": [grads[:2], grads[2:]]}

    return Case(run, result)


def w2(triples: int) -> Case:
    raise UnsupportedError("no tanh in micrograd")


def w3(ops: int) -> Case:
    last: dict[str, Any] = {}

    def run() -> None:
        x = Value(1.0)
        y = x
        for _ in range(ops // 2):
            y = y * W3_SCALE
            y = y + W3_SHIFT
        y.backward()
        last["out"], last["x.grad"] = y.data, x.grad  # numbers only: the chain can go

    return Case(run, lambda: dict(last), ops=ops)


def w4() -> Case:
    raise UnsupportedError("no tanh in micrograd")


def w5() -> Case:
    raise UnsupportedError("scalar engine: ~300M nodes per step")
