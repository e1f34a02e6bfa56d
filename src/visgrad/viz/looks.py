"""What each node and edge looks like in one picture: colours, border, and lines of text.

A `Look` is computed from the graph's plain data, the drawing options and (for the player) the
state of the backward pass; `dot.py` turns looks into DOT text and `restyle.py` paints them onto a
laid-out SVG. An element without a look is not drawn (saved tensors when show_saved is off).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import graph as g
from . import theme
from .values import rows, shape_text


@dataclass(frozen=True)
class Options:
    """The teacher's choices for a picture (see `draw`)."""

    show_values: bool = True
    show_grads: bool = True
    show_saved: bool = False
    show_shapes: bool = True
    show_tape: bool = False
    direction: str = "TB"
    legend: bool = False

    def __post_init__(self) -> None:
        if self.direction not in ("TB", "LR"):
            raise ValueError(f"direction must be 'TB' (top-down) or 'LR' (left-right), "
                             f"not {self.direction!r}")


@dataclass(frozen=True)
class Line:
    """One line of a label."""

    text: str
    size: float = theme.TEXT_SIZE
    bold: bool = False
    color: str | None = None
    mono: bool = False


@dataclass(frozen=True)
class Look:
    """How one node or edge is drawn: fill (nodes), line colour and width, text lines."""

    fill: str = "none"
    color: str = "#000000"
    width: float = 1.0
    dashed: bool = False
    rounded: bool = False
    lines: tuple[Line, ...] = ()
    faded: bool = False
    back: bool = False  # an edge drawn pointing backward: the way its gradient went


def value_lines(array: np.ndarray, color: str | None = None, prefix: str = "") -> list[Line]:
    """A tensor's numbers as label lines (monospace, so the rows of a matrix line up)."""
    lines = rows(array)
    if prefix:
        lines = [prefix + lines[0]] + [" " * len(prefix) + rest for rest in lines[1:]]
    return [Line(text, mono=True, color=color) for text in lines]


def grad_lines(grad: np.ndarray | None) -> list[Line]:
    """`grad = None`, or `grad = ` and the numbers, in the gradient colour."""
    if grad is None:
        return [Line("grad = None", color=theme.GRADIENT, mono=True)]
    return value_lines(grad, theme.GRADIENT, prefix="grad = ")


def tensor_lines(
    node: g.GraphNode, options: Options, grad: np.ndarray | None | bool = False
) -> list[Line]:
    """Title, shape, values and (when asked) .grad of a tensor node.

    grad: False = take it from the traced data; an array or None = this value of .grad.
    """
    data = node.tensor
    title = f"saved {node.title}" if node.kind == g.SAVED and node.title != "saved" else node.title
    bold = node.kind in (g.LEAF, g.OUTPUT)
    lines = [Line(title, size=12.0 if bold else theme.TEXT_SIZE, bold=bold)]
    if data is None:
        return lines
    if options.show_shapes:
        dtype = "" if data.dtype == "float32" else f" {data.dtype}"
        lines.append(Line(f"shape {shape_text(data.shape)}{dtype}", theme.SMALL_SIZE,
                          color=theme.NOTE))
    if options.show_values:
        lines.extend(value_lines(data.values))
    wants_grad = node.kind == g.LEAF and data.requires_grad
    if options.show_grads and (wants_grad or data.grad is not None):
        lines.extend(grad_lines(data.grad if grad is False else grad))  # type: ignore[arg-type]
    return lines


def grad_fn_lines(node: g.GraphNode, options: Options) -> list[Line]:
    """The PyTorch name, big and bold, and what a learner needs to place it."""
    size = theme.TITLE_SIZE.get(node.kind, theme.TEXT_SIZE)
    lines = [Line(node.title, size=size, bold=node.kind == g.GRAD_FN)]
    if node.made:
        lines.append(Line(f"{node.made}.grad_fn", theme.SMALL_SIZE, color=theme.NOTE, mono=True))
    if options.show_tape and node.tape is not None:
        lines.append(Line(f"forward op #{node.tape}", theme.SMALL_SIZE, color=theme.NOTE))
    lines.extend(Line(d, theme.SMALL_SIZE, color=theme.NOTE) for d in node.details)
    if options.show_saved and node.freed:
        lines.append(Line("saved tensors freed", theme.SMALL_SIZE, color=theme.NOTE))
    return lines


def node_look(node: g.GraphNode, options: Options, lines: list[Line] | None = None) -> Look:
    """The look of a node of this kind, with the given lines (default: from the graph)."""
    if lines is None:
        if node.kind in (g.GRAD_FN, g.ACCUMULATE_GRAD):
            lines = grad_fn_lines(node, options)
        elif node.kind == g.COLLAPSED:
            lines = [Line(text, theme.TEXT_SIZE) for text in node.details] or [Line(node.title)]
        else:
            lines = tensor_lines(node, options)
    return Look(
        fill=theme.FILL[node.kind],
        color=theme.BORDER[node.kind],
        width=theme.BORDER_WIDTH.get(node.kind, 1.0),
        dashed=node.kind in theme.DASHED_KINDS,
        rounded=node.kind in theme.ROUNDED_KINDS,
        lines=tuple(lines),
    )


def edge_look(edge: g.GraphEdge, options: Options, grad: np.ndarray | None = None) -> Look:
    """An arrow; a saved tensor's name on a saved edge; a gradient in red when given one."""
    lines: list[Line] = []
    if edge.label and edge.kind == g.INPUT:  # which output of a node with several outputs
        lines.append(Line(" " + edge.label, theme.SMALL_SIZE, color="#555555"))
    elif edge.label and options.show_saved:
        text = edge.label if edge.kind == g.SAVED_BY else f"saved as {edge.label}"
        lines.append(Line(text, theme.SMALL_SIZE, color=theme.EDGE[g.SAVED_BY]))
    color = theme.EDGE.get(edge.kind, "#444444")
    if grad is not None:
        # (a space before each line: Graphviz puts a label right against its arrow, and a
        # short gradient such as `1` would touch it)
        lines.extend(
            Line(" " + x.text, 10.0, color=theme.GRADIENT, mono=True) for x in value_lines(grad)
        )
        color = theme.GRADIENT
    return Look(color=color, width=1.2, dashed=edge.kind in theme.DASHED_EDGES, lines=tuple(lines))


def is_drawn(kind: str, options: Options) -> bool:
    """Saved tensors and their edges appear only when show_saved is on."""
    return kind != g.SAVED and kind != g.SAVED_BY or options.show_saved


def static_looks(graph: g.Graph, options: Options) -> dict[str, Look]:
    """The looks of `draw`: the graph as it is now (leaves show their current .grad)."""
    looks: dict[str, Look] = {}
    for node in graph.nodes:
        if is_drawn(node.kind, options):
            looks[node.id] = node_look(node, options)
    for edge in graph.edges:
        if is_drawn(edge.kind, options) and edge.src in looks and edge.dst in looks:
            looks[edge.id] = edge_look(edge, options)
    return looks
