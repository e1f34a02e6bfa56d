"""A frame of the backward pass -> the looks of the picture at that moment.

The node running now is amber with a thick red border; nodes that have run look as in `draw`;
operations still waiting are faded. Gradients sit in red on the edges they went along (the ones
that arrived in this step drawn thicker), and each leaf shows its `.grad` as it is now.
For the single layout the player makes, `layout_looks` takes, line by line, the longest text any
frame will show, so every frame's text fits the boxes of that layout.
"""

from __future__ import annotations

from dataclasses import replace

from . import graph as g
from . import theme
from .flow import Frame
from .looks import Line, Look, Options, edge_look, node_look, static_looks, tensor_lines

_RUNS = (g.GRAD_FN, g.ACCUMULATE_GRAD, g.COLLAPSED)


def members(graph: g.Graph) -> dict[str, list[str]]:
    """For a summary: each stand-in node -> the operations it stands for."""
    found: dict[str, list[str]] = {}
    for hidden, rep in graph.collapsed_into.items():
        found.setdefault(rep, []).append(hidden)
    return found


def frame_looks(
    graph: g.Graph,
    options: Options,
    frame: Frame,
    base: dict[str, Look] | None = None,
    stand_ins: dict[str, list[str]] | None = None,
) -> dict[str, Look]:
    """The looks of every drawn element of `graph` at this frame.

    base: the static looks of the graph (computed here if not given);
    stand_ins: `members(graph)`, for a summary whose stand-ins light up with their members.
    """
    into = graph.collapsed_into
    active = into.get(frame.active, frame.active) if frame.active else None
    stand_ins = members(graph) if stand_ins is None else stand_ins

    def is_done(node_id: str) -> bool:
        inside = stand_ins.get(node_id)
        if inside is None:
            return node_id in frame.done
        return any(m in frame.done for m in inside)  # its run has begun (active: lit anyway)

    looks = dict(static_looks(graph, options) if base is None else base)
    for node in graph.nodes:
        if node.id not in looks:
            continue
        look = looks[node.id]
        if node.kind == g.LEAF and node.id in frame.leaf_grads:
            lines = tensor_lines(node, options, grad=frame.leaf_grads[node.id])
            look = node_look(node, options, lines)
        if node.id == active:
            look = replace(look, fill=theme.ACTIVE_FILL, color=theme.ACTIVE_BORDER, width=3.5)
        elif node.kind in _RUNS and not is_done(node.id):
            look = replace(look, faded=True)
        looks[node.id] = look
    for edge in graph.edges:
        if edge.id in looks and edge.id in frame.edge_grads:
            look = edge_look(edge, options, frame.edge_grads[edge.id])
            text = frame.edge_texts.get(edge.id)
            if text is not None:
                look = replace(look, lines=(Line(text, 10.0, color=theme.GRADIENT, mono=True),))
            width = 3.0 if edge.id in frame.fresh else 1.6
            looks[edge.id] = replace(look, width=width, back=True)
    return looks


def caption_lines(frame: Frame) -> tuple[Line, ...]:
    """The title of a frame, above the picture."""
    return (Line(frame.caption, 12.0, bold=True),)


def layout_looks(all_looks: list[dict[str, Look]]) -> dict[str, Look]:
    """One look per element whose every line is the longest that line gets in any frame."""
    merged: dict[str, Look] = {}
    for looks in all_looks:
        for key, look in looks.items():
            kept = merged.get(key)
            merged[key] = look if kept is None else replace(kept, lines=_longest(kept, look))
    return merged


def _longest(a: Look, b: Look) -> tuple[Line, ...]:
    lines = []
    for i in range(max(len(a.lines), len(b.lines))):
        candidates = [x.lines[i] for x in (a, b) if i < len(x.lines)]
        lines.append(max(candidates, key=lambda line: len(line.text)))
    return tuple(lines)


def layout_caption(frames: list[Frame]) -> tuple[Line, ...]:
    """The longest caption, so that the caption of every frame fits."""
    return caption_lines(max(frames, key=lambda f: len(f.caption)))
