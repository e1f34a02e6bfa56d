"""`play(output)`: the backward pass in a notebook, one step at a time (ipywidgets 8).

The player is a VBox: buttons to step back and forward, a Play button and a slider (linked in
the browser), the picture, and a panel stating the local rule at the active node with its
numbers. Every frame comes from `frames()`, which runs the real backward pass once, up front:
after `play(out)`, the leaves' `.grad` hold what `out.backward()` would have put there (added to
what they held before), and the graph's saved tensors are freed unless `retain_graph=True`.
Stepping back and forth only repaints the picture; it never runs backward again.

The player's display also carries its first frame as a plain SVG, so a notebook saved without
widget state still shows a picture where no widget can run (nbconvert, GitHub, nbviewer).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from .flow import Frame
from .playback import Frames, frames
from .summary import MAX_NODES


def _embed(svg: str) -> str:
    """An SVG document as HTML: no XML prolog, scrolls when wider than the notebook."""
    start = svg.find("<svg")
    return f'<div style="overflow:auto; max-width:100%">{svg[start:]}</div>'


def _panel(frame: Frame) -> str:
    """The caption and the local rule, as HTML."""
    rule = html.escape("\n".join(frame.rule))
    return (
        f"<b>{html.escape(frame.caption)}</b>"
        f'<pre style="white-space:pre-wrap; margin:4px 0; font-size:12px">{rule}</pre>'
    )


class Player(widgets.VBox):
    """Step through a backward pass: ◀ / ▶ buttons, Play, a slider, the picture, the rule."""

    def __init__(self, frames: Frames, interval: int = 1200) -> None:
        self.frames = frames
        last = len(frames) - 1
        self.picture = widgets.HTML(_embed(frames.svg(0)))
        self.panel = widgets.HTML(_panel(frames[0]))
        self.slider = widgets.IntSlider(value=0, min=0, max=last, description="step",
                                        continuous_update=True)
        self.play_button = widgets.Play(value=0, min=0, max=last, interval=interval,
                                        description="play")
        widgets.jslink((self.play_button, "value"), (self.slider, "value"))
        self.back_button = widgets.Button(description="◀ back", tooltip="step back",
                                          disabled=True)
        self.next_button = widgets.Button(description="next ▶", tooltip="step forward",
                                          disabled=last == 0)
        self.back_button.on_click(lambda _: self.step(-1))
        self.next_button.on_click(lambda _: self.step(1))
        self.slider.observe(self._on_step, names="value")
        controls = widgets.HBox([self.back_button, self.next_button, self.play_button,
                                 self.slider])
        super().__init__([controls, self.picture, self.panel])

    @property
    def index(self) -> int:
        """The frame shown now."""
        return int(self.slider.value)

    def show(self, index: int) -> None:
        """Show frame `index` (clamped to the first and last frame)."""
        self.slider.value = max(0, min(index, len(self.frames) - 1))

    def step(self, delta: int = 1) -> None:
        """Move `delta` frames forward (negative: back)."""
        self.show(self.index + delta)

    def _on_step(self, change: Mapping[str, Any]) -> None:
        index = int(change["new"])
        self.picture.value = _embed(self.frames.svg(index))
        self.panel.value = _panel(self.frames[index])
        self.back_button.disabled = index == 0
        self.next_button.disabled = index == len(self.frames) - 1

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        """The widget, plus its first frame as SVG for viewers that cannot run widgets."""
        data = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["image/svg+xml"] = self.frames.svg(0)
        return data

    def __repr__(self) -> str:
        return f"Player({len(self.frames)} frames)"


def play(
    output: Any,
    gradient: Any = None,
    names: Mapping[str, Any] | None = None,
    retain_graph: bool = False,
    show_values: bool = True,
    show_saved: bool = False,
    direction: str = "TB",
    interval: int = 1200,
    max_nodes: int | None = MAX_NODES,
) -> Player:
    """A player over `output.backward(gradient)`: runs the real backward pass (see above).

    names: {'x': x, ...} labels tensors; interval: milliseconds per step when playing.
    """
    played = frames(output, gradient, names, retain_graph, show_values=show_values,
                    show_saved=show_saved, direction=direction, max_nodes=max_nodes)
    return Player(played, interval)
