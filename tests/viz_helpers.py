"""Shared by the test_viz_* files: the tutorial's graph, and reading what an SVG contains."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import visgrad

SVG = "{http://www.w3.org/2000/svg}"


def tutorial() -> dict[str, visgrad.Tensor]:
    """x = ones(2, 2) requiring grad; y = x + 2; z = y * y * 3; out = z.mean()."""
    x = visgrad.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    return {"x": x, "y": y, "z": z, "out": out}


def svg_groups(svg: str) -> dict[str, ET.Element]:
    """id -> <g> element of every node and edge of a Graphviz SVG (which must parse as XML)."""
    root = ET.fromstring(svg.encode("utf-8"))
    return {
        g.attrib["id"]: g
        for g in root.iter(f"{SVG}g")
        if g.attrib.get("class") in ("node", "edge")
    }


def texts(group: ET.Element) -> list[str]:
    """The lines of text inside one SVG group."""
    return [(t.text or "").replace("\xa0", " ") for t in group.iter(f"{SVG}text")]


def fills(group: ET.Element) -> list[str]:
    """The fill colours of the shapes inside one SVG group."""
    shapes = ("polygon", "path", "ellipse")
    return [s.attrib.get("fill", "") for s in group if s.tag.removeprefix(SVG) in shapes]
