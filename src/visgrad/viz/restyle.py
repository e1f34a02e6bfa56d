"""Lay out once, restyle per frame: a laid-out SVG with holes for colours and text.

Graphviz writes each node and edge as `<g id="ID" class="node|edge">` holding its shapes
(`<path>`, `<polygon>`, ... with `fill` and `stroke`) and one `<text>` per line of its label.
`Template` cuts the SVG into fixed pieces and holes: the group's opacity, each shape's colours,
each text's content (node text re-centred, so a shorter or longer line stays in the middle).
`Template.fill(looks)` joins the pieces with one frame's values: positions never change, so
nothing jumps, and a frame costs a string join instead of a Graphviz run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .dot import escape
from .looks import Look

_GROUP = re.compile(r'<g id="([^"]+)" class="(node|edge)">(.*?)</g>', re.DOTALL)
_SHAPE = re.compile(
    r'<(polygon|path|ellipse|polyline) fill="[^"]*" stroke="[^"]*"'
    r'(?: stroke-width="[^"]*")?(?: stroke-dasharray="[^"]*")?'
    r'(?P<rest>[^>]*)>'
)
_TEXT = re.compile(r'<text(?P<attrs>[^>]*)>(?P<body>.*?)</text>', re.DOTALL)
_COORDS = re.compile(r'(?:points|d)="([^"]*)"')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_ANCHOR = re.compile(r' text-anchor="[^"]*" x="[^"]*"')
_CAPTION = re.compile(r'(<title>[^<]*</title>\n<polygon[^>]*>\n)(<text[^>]*>)(.*?)(</text>)',
                      re.DOTALL)


@dataclass(frozen=True)
class _Hole:
    """A place in the template: what goes there comes from the look of `element`."""

    element: str
    what: str  # "opacity", "shape", "text" or "caption"
    index: int = 0
    kind: str = "node"
    role: str = "box"  # shapes: "box", "line", "head", "tail"


def _center_x(body: str) -> float | None:
    """The middle of a node's first shape, from its coordinates."""
    found = _COORDS.search(body)
    if found is None:
        return None
    numbers = [float(n) for n in _NUMBER.findall(found.group(1))]
    xs = numbers[0::2]
    return (min(xs) + max(xs)) / 2 if xs else None


class Template:
    """An SVG laid out once, refilled with the looks of any frame."""

    def __init__(self, svg: str, elements: Iterable[str]) -> None:
        self.pieces: list[str | _Hole] = []
        self.texts: dict[str, int] = {}  # element -> how many lines its layout has
        wanted = set(elements)
        position = 0
        caption = _CAPTION.search(svg)
        if caption is not None:
            self.pieces += [svg[: caption.start(3)], _Hole("", "caption")]
            position = caption.end(3)
        for group in _GROUP.finditer(svg, position):
            element, kind, body = group.group(1), group.group(2), group.group(3)
            if element not in wanted:
                continue
            self.pieces.append(svg[position : group.start()])
            self.pieces += [f'<g id="{element}" class="{kind}"', _Hole(element, "opacity"), ">"]
            self._cut_body(element, kind, body)
            self.pieces.append("</g>")
            position = group.end()
        self.pieces.append(svg[position:])

    def _cut_body(self, element: str, kind: str, body: str) -> None:
        center = _center_x(body) if kind == "node" else None
        position = 0
        shapes = texts = 0
        found_shapes = list(_SHAPE.finditer(body))
        roles = _roles(kind, len(found_shapes))
        tokens = sorted([*found_shapes, *_TEXT.finditer(body)], key=lambda m: m.start())
        for token in tokens:
            self.pieces.append(body[position : token.start()])
            if token.re is _SHAPE:
                hole = _Hole(element, "shape", shapes, kind, roles[shapes])
                self.pieces += [f"<{token.group(1)} ", hole, token.group("rest") + ">"]
                shapes += 1
            else:
                attrs = token.group("attrs")
                if center is not None:
                    attrs = _ANCHOR.sub(f' text-anchor="middle" x="{center:.2f}"', attrs)
                self.pieces += [f"<text{attrs}>", _Hole(element, "text", texts), "</text>"]
                texts += 1
            position = token.end()
        self.pieces.append(body[position:])
        self.texts[element] = texts

    def fill(self, looks: Mapping[str, Look], caption: str = "") -> str:
        """The SVG of one frame."""
        out = []
        for piece in self.pieces:
            out.append(piece if isinstance(piece, str) else _value(piece, looks, caption))
        return "".join(out)


def _roles(kind: str, count: int) -> list[str]:
    """What each shape of an element is: Graphviz writes an edge's line, then tail, then head."""
    if kind == "node":
        return ["box"] * count
    if count == 3:
        return ["line", "tail", "head"]
    return ["line"] + ["head"] * (count - 1)


def _value(hole: _Hole, looks: Mapping[str, Look], caption: str) -> str:
    if hole.what == "caption":
        return escape(caption)
    look = looks.get(hole.element)
    if look is None:
        return ' opacity="0"' if hole.what == "opacity" else ""
    if hole.what == "opacity":
        return ' opacity="0.35"' if look.faded else ""
    if hole.what == "text":
        return escape(look.lines[hole.index].text) if hole.index < len(look.lines) else ""
    dash = ' stroke-dasharray="5,2"' if look.dashed else ""
    width = f' stroke-width="{look.width:g}"' if look.width != 1 else ""
    if hole.role == "line":
        return f'fill="none" stroke="{look.color}"{width}{dash}'
    if hole.role == "box":
        return f'fill="{look.fill}" stroke="{look.color}"{width}{dash}'
    shown = look.back if hole.role == "tail" else not look.back
    if not shown:
        return 'fill="none" stroke="none"'
    return f'fill="{look.color}" stroke="{look.color}"'
