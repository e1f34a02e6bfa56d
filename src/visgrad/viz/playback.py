"""`frames(output)`: the backward pass as a list of frames, each with its picture.

No widgets here: tests and notebooks can check every frame (`frames(out)[2].active`) and its SVG
(`frames(out).svg(2)`). The graph is laid out once, by one Graphviz run, with room for the
longest text of every frame; each frame's SVG is that layout restyled (see restyle.py).

Like `play`, `frames` runs the real backward pass: leaves' `.grad` accumulate exactly as
`output.backward(gradient)` would make them, and saved tensors are freed unless
`retain_graph=True`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

from . import render
from .dot import to_dot
from .figure import Figure
from .flow import Frame, build_frames, record_backward
from .looks import Look, Options, static_looks
from .restyle import Template
from .stage import caption_lines, frame_looks, layout_caption, layout_looks, members
from .summary import MAX_NODES, summarize


class Frames(Sequence[Frame]):
    """The frames of one backward pass, and the picture of each (`svg(i)`, `figure(i)`)."""

    def __init__(self, frames: list[Frame], graph: Any, options: Options) -> None:
        self._frames = frames
        self.graph = graph
        self.options = options
        self._base = static_looks(graph, options)
        self._stand_ins = members(graph)
        self._looks: dict[int, dict[str, Look]] = {}
        self._template: Template | None = None

    def looks(self, index: int) -> dict[str, Look]:
        """The looks of frame `index` (computed when first asked for)."""
        index = range(len(self._frames))[index]
        if index not in self._looks:
            frame = self._frames[index]
            self._looks[index] = frame_looks(self.graph, self.options, frame, self._base,
                                             self._stand_ins)
        return self._looks[index]

    def __len__(self) -> int:
        return len(self._frames)

    @overload
    def __getitem__(self, index: int) -> Frame: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Frame]: ...
    def __getitem__(self, index: int | slice) -> Frame | Sequence[Frame]:
        return self._frames[index]

    def __iter__(self) -> Iterator[Frame]:
        return iter(self._frames)

    def _layout_looks(self) -> dict[str, Look]:
        # Text only ever goes from its "before" to its "after" form (a gradient arrives, a
        # .grad grows), so the first and last frames hold the longest text of every line.
        return layout_looks([self.looks(0), self.looks(-1)])

    def layout_source(self) -> str:
        """The DOT text of the one layout every frame is painted on."""
        return to_dot(self.graph, self._layout_looks(), self.options,
                      layout_caption(self._frames), both_ways=True)

    def template(self) -> Template:
        """The laid-out SVG with holes (made by one Graphviz run, the first time it is needed)."""
        if self._template is None:
            svg = render.render_svg(self.layout_source())
            self._template = Template(svg, self._layout_looks())
        return self._template

    def svg(self, index: int) -> str:
        """Frame `index` as SVG text: the layout, in this frame's colours and labels."""
        frame = self._frames[index]
        return self.template().fill(self.looks(index), frame.caption)

    def figure(self, index: int) -> Figure:
        """Frame `index` as a stand-alone picture (its own layout: for saving or printing)."""
        frame = self._frames[index]
        source = to_dot(self.graph, self.looks(index), self.options, caption_lines(frame))
        return Figure(source, self.graph)


def frames(
    output: Any,
    gradient: Any = None,
    names: Mapping[str, Any] | None = None,
    retain_graph: bool = False,
    show_values: bool = True,
    show_saved: bool = False,
    show_shapes: bool = True,
    direction: str = "TB",
    max_nodes: int | None = MAX_NODES,
) -> Frames:
    """Run `output.backward(gradient)` for real and return its frames (see the module doc)."""
    options = Options(show_values, True, show_saved, show_shapes, False, direction, False)
    graph, steps, seed = record_backward(output, gradient, names, retain_graph)
    built = build_frames(graph, steps, seed)
    drawn = summarize(graph, max_nodes) if max_nodes is not None else graph
    return Frames(built, drawn, options)
