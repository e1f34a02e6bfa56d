"""`Figure`: a picture as DOT text, drawn on demand; and `draw`, which makes one from tensors.

A figure keeps its DOT text (`.source`, always available) and renders it the first time the SVG
is wanted (`.svg()`, Jupyter's rich display) or when saved (`.save("graph.png")`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import render, theme
from .dot import to_dot
from .graph import Graph, trace
from .looks import Line, Options, static_looks
from .summary import MAX_NODES, summarize

_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}


class Figure:
    """A picture of an autograd graph: `.source` (DOT), `.svg()`, `.save(path)`."""

    def __init__(self, source: str, graph: Graph | None = None) -> None:
        self.source = source
        self.graph = graph
        self._svg: str | None = None

    def svg(self) -> str:
        """The picture as SVG text (rendered once, then kept)."""
        if self._svg is None:
            self._svg = render.render_svg(self.source)
        return self._svg

    def save(self, path: str | Path) -> Path:
        """Write the picture; the suffix picks the format: .svg, .png, .pdf, .dot (or .gv)."""
        path = Path(path)
        fmt = _FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise ValueError(f"cannot tell the format of {path.name!r}: use one of "
                             f"{', '.join(sorted(_FORMATS))}")
        if fmt == "dot":
            path.write_text(self.source, encoding="utf-8")
        elif fmt == "svg":
            path.write_text(self.svg(), encoding="utf-8")
        else:
            path.write_bytes(render.render(self.source, fmt))
        return path

    def _repr_svg_(self) -> str:
        return self.svg()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter shows the SVG; without an engine, the reason and the fix, as text."""
        try:
            return {"image/svg+xml": self.svg(), "text/plain": repr(self)}
        except render.RenderError as error:
            return {"text/plain": f"{self!r}\n{error}"}

    def __repr__(self) -> str:
        if self.graph is None:
            return "<visgrad Figure>"
        return f"<visgrad Figure: {len(self.graph.nodes)} nodes, {len(self.graph.edges)} edges>"


def draw(
    *tensors: Any,
    names: Mapping[str, Any] | None = None,
    show_values: bool = True,
    show_grads: bool = True,
    show_saved: bool = False,
    show_shapes: bool = True,
    direction: str = "TB",
    show_tape: bool = False,
    legend: bool = False,
    max_nodes: int | None = MAX_NODES,
) -> Figure:
    """A picture of the graph that made `tensors` (visgrad or PyTorch tensors).

    names: {'x': x, ...} labels tensors by identity (a tensor's `.name` is used otherwise)
    show_values: numbers of small tensors; shape and min / mean / max of large ones
    show_grads: each leaf's `.grad` (None before backward)
    show_saved: the tensors each operation saved for its backward (orange)
    show_shapes: each tensor's shape
    direction: 'TB' (top-down) or 'LR' (left-right)
    show_tape: number the operations in the order the forward pass recorded them
    legend: add a key to the colours
    max_nodes: above this many nodes, draw a summary (None: draw everything)
    """
    options = Options(show_values, show_grads, show_saved, show_shapes, show_tape, direction,
                      legend)
    graph = _trace_any(tensors, names)
    if max_nodes is not None:
        graph = summarize(graph, max_nodes)
    caption = (Line(graph.note, 10.0, color=theme.NOTE),) if graph.note else ()
    return Figure(to_dot(graph, static_looks(graph, options), options, caption), graph)


def _trace_any(tensors: tuple[Any, ...], names: Mapping[str, Any] | None) -> Graph:
    """visgrad tensors are traced directly, PyTorch tensors by torch_graph."""
    from .torch_graph import is_torch_tensor, trace_torch

    if tensors and all(is_torch_tensor(t) for t in tensors):
        return trace_torch(*tensors, names=names)
    return trace(*tensors, names=names)
