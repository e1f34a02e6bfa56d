"""visgrad.viz: see the autograd graph, and watch the backward pass run through it.

    draw(*tensors, names=None, ...)   a picture of the graph (Figure: .source, .svg(), .save())
    play(output, gradient=None, ...)  an ipywidgets player over the real backward pass
    frames(output, gradient=None)     the player's frames, without widgets
    trace(*tensors, names=None)       the graph as plain data (nodes, edges, kinds, labels)

Pictures are drawn by graphviz-pure (pip-installed) unless the system Graphviz is asked for:
`VISGRAD_GRAPHVIZ=dot` or `set_engine("dot")`.
"""

from __future__ import annotations

from .figure import Figure, draw
from .graph import Graph, GraphEdge, GraphNode, trace
from .playback import Frames, frames
from .render import RenderError, set_engine


def play(*args, **kwargs):  # type: ignore[no-untyped-def]
    """The backward player (see `visgrad.viz.widgets.play`); imports ipywidgets when used."""
    from .widgets import play as _play

    return _play(*args, **kwargs)


__all__ = [
    "Figure",
    "Frames",
    "Graph",
    "GraphEdge",
    "GraphNode",
    "RenderError",
    "draw",
    "frames",
    "play",
    "set_engine",
    "trace",
]
