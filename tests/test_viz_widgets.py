"""play(): the ipywidgets player over the real backward pass."""

from __future__ import annotations

import time

import ipywidgets as widgets
from viz_helpers import svg_groups, tutorial

from visgrad.viz import play, theme


def test_player_steps_through_the_frames() -> None:
    t = tutorial()
    player = play(t["out"], names={"x": t["x"]})
    assert isinstance(player, widgets.VBox)
    assert (player.slider.min, player.slider.max) == (0, 6)
    assert (player.play_button.min, player.play_button.max) == (0, 6)
    assert player.back_button.disabled and not player.next_button.disabled
    player.step()
    player.step()
    assert player.index == 2
    active = player.frames[2].active
    assert active is not None
    html = player.picture.value
    svg = html[html.index("<svg") : html.rindex("</svg>") + 6]
    group = svg_groups(svg)[active]
    assert f'fill="{theme.ACTIVE_FILL}"' in player.frames.svg(2)
    assert group.attrib.get("opacity") is None
    assert "Step 2 of 5: MulBackward0" in player.panel.value
    assert "grad_self = grad · other" in player.panel.value
    player.show(99)
    assert player.index == 6 and player.next_button.disabled
    player.step(-1)
    assert player.index == 5 and not player.next_button.disabled
    assert t["x"].grad.tolist() == [[4.5, 4.5], [4.5, 4.5]]  # play ran the real backward


def test_saved_notebooks_get_a_static_first_frame() -> None:
    t = tutorial()
    player = play(t["out"])
    bundle = player._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/svg+xml"] == player.frames.svg(0)
    assert bundle["text/plain"] == "Player(7 frames)"


def test_a_step_takes_less_than_50_ms() -> None:
    t = tutorial()
    player = play(t["out"])
    timings = []
    for index in [1, 2, 3, 4, 5, 6, 0, 3]:
        start = time.perf_counter()
        player.show(index)
        timings.append(time.perf_counter() - start)
    assert max(timings) < 0.05
