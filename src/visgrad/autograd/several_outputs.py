"""Nodes with several outputs: `x.split(2)`, `x.unbind()`, a custom Function returning a tuple.

As in PyTorch, such an operation records ONE node, and each output remembers which one it is
(`output_nr`): the edge from a later node says where the gradient goes, `(SplitBackward0, 1)`.
In backward, the gradients of the different outputs must not be summed together, so the
buffer of such a node keeps one slot per output (`OutputGrads`); every gradient sent to it is
labelled with its slot on the way (`labelled_for_outputs`). When the node runs, an output that
received nothing counts as zeros (PyTorch's "materialized" gradients), and its backward gets
one gradient per output: `backward(ctx, grad_0, grad_1, ...)`.

Nothing here is on the path of ordinary single-output nodes: the engine sends the nodes that
need it (those with several outputs, and those using one of their outputs) through its
general path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .function import Function


class OutputGrads:
    """The gradients that arrived at a node with several outputs, one slot per output (None:
    nothing yet). Adding two of them adds slot by slot, as gradients of one tensor add up."""

    __slots__ = ("grads",)

    def __init__(self, grads: list[Any]) -> None:
        self.grads = grads

    @classmethod
    def at(cls, output_nr: int, grad: Any, count: int) -> OutputGrads:
        """The gradient of output `output_nr` of a node with `count` outputs."""
        grads: list[Any] = [None] * count
        grads[output_nr] = grad
        return cls(grads)

    def __add__(self, other: OutputGrads) -> OutputGrads:
        return OutputGrads(
            [a if b is None else b if a is None else a + b for a, b in zip(self.grads, other.grads)]
        )

    def converted(self, convert: Any) -> OutputGrads:
        """The same slots, each gradient passed through `convert` (array or tensor form)."""
        return OutputGrads([None if g is None else convert(g) for g in self.grads])


def labelled_for_outputs(node: Function, grads: tuple[Any, ...]) -> tuple[Any, ...]:
    """`grads` (one per edge of `node`) as they are delivered: a gradient going to a node with
    several outputs is labelled with the output it belongs to (see `OutputGrads`)."""
    output_nrs = node._next_output_nrs
    assert output_nrs is not None
    labelled = []
    for next_node, nr, grad in zip(node._next_nodes, output_nrs, grads):
        count = getattr(next_node, "_output_count", None)
        if grad is not None and count is not None:
            grad = OutputGrads.at(nr, grad, count)
        labelled.append(grad)
    return tuple(labelled)


def zeros_for_missing(node: Function, grads: list[Any], as_tensors: bool) -> list[Any]:
    """Each output's gradient, zeros (of its shape and dtype) where none arrived."""
    from .. import _tensor

    assert node._output_metadata is not None
    filled = []
    for grad, (shape, dtype) in zip(grads, node._output_metadata):
        if grad is None:
            zeros = np.zeros(shape, dtype)
            grad = _tensor._wrap(zeros) if as_tensors else zeros
        filled.append(grad)
    return filled
