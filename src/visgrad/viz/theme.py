"""Colours, shapes and fonts of the pictures, and the legend that explains them.

The colours are torchviz's, which learners already know: leaves that require grad light blue,
saved tensors orange, outputs green, backward nodes grey. The grad_fn nodes are the subject of
the picture, so they get the big bold type and the heavy border; tensors are quieter.
The player adds three looks: the node running now (amber, thick red border), nodes still
waiting (faded), and gradients (red, on the edges they travel along).
"""

from __future__ import annotations

from . import graph as g

FONT = "Arial"  # metric twins everywhere: Arimo (graphviz-pure), Liberation Sans (Linux)
MONO = "Courier New"  # likewise Cousine, Liberation Mono

FILL = {
    g.LEAF: "#add8e6",  # torchviz's lightblue
    g.CONSTANT: "#ffffff",
    g.GRAD_FN: "#d3d3d3",  # torchviz's lightgrey
    g.ACCUMULATE_GRAD: "#eeeeee",
    g.SAVED: "#ffa500",  # torchviz's orange
    g.OUTPUT: "#caff70",  # torchviz's darkolivegreen1
    g.COLLAPSED: "#f4f4f4",
}
BORDER = {
    g.LEAF: "#4a7c8c",
    g.CONSTANT: "#888888",
    g.GRAD_FN: "#222222",
    g.ACCUMULATE_GRAD: "#777777",
    g.SAVED: "#b36b00",
    g.OUTPUT: "#5c8a00",
    g.COLLAPSED: "#777777",
}
BORDER_WIDTH = {g.GRAD_FN: 2.0}
DASHED_KINDS = frozenset({g.CONSTANT, g.COLLAPSED})
ROUNDED_KINDS = frozenset({g.GRAD_FN, g.ACCUMULATE_GRAD, g.COLLAPSED})
TITLE_SIZE = {g.GRAD_FN: 14.0, g.ACCUMULATE_GRAD: 10.0}
TEXT_SIZE = 11.0
SMALL_SIZE = 9.0

EDGE = {
    g.INPUT: "#444444",
    g.CONSTANT_INPUT: "#999999",
    g.SAVED_BY: "#b36b00",
    g.LEAF_EDGE: "#777777",
    g.OUTPUT_EDGE: "#444444",
}
DASHED_EDGES = frozenset({g.CONSTANT_INPUT, g.SAVED_BY})

NOTE = "#555555"  # small grey text: shapes, forward order, notes
GRADIENT = "#c62828"  # gradients: on edges, in .grad
ACTIVE_FILL = "#ffd54f"  # the node the player is running
ACTIVE_BORDER = "#c62828"
PENDING_FILL = "#f7f7f7"  # grad_fn nodes the backward pass has not reached yet
PENDING_TEXT_EDGE = "#cccccc"

LEGEND = (
    (FILL[g.LEAF], "leaf tensor with requires_grad=True (its .grad fills in)"),
    (FILL[g.CONSTANT], "constant: needs no gradient"),
    (FILL[g.GRAD_FN], "grad_fn: the backward of one operation (PyTorch's name)"),
    (FILL[g.ACCUMULATE_GRAD], "AccumulateGrad: adds the gradient into a leaf's .grad"),
    (FILL[g.SAVED], "saved tensor: kept by an operation for its backward"),
    (FILL[g.OUTPUT], "output"),
)
LEGEND_GRADIENT = "red numbers on an arrow: the gradient flowing back along it"
