"""Looks -> DOT text, built with the `graphviz` package.

Every label is an HTML-like label whose text is escaped here (`&`, `<`, `>`, quotes, control
characters), so no name or value can break the DOT or the SVG: braces and `|` mean nothing in an
HTML label, and a newline becomes a line break. Node ids come from the graph (`n0`, `e3`, ...)
and are set as SVG ids too, so the player can find each element in the laid-out SVG.
"""

from __future__ import annotations

import re

import graphviz

from . import graph as g
from . import theme
from .looks import Line, Look, Options

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_RUN = re.compile(r"^ | (?= )")


def escape(text: str) -> str:
    """Text safe inside an HTML-like label and in the SVG that Graphviz writes from it."""
    text = _CONTROL.sub("\N{REPLACEMENT CHARACTER}", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace('"', "&quot;").replace("'", "&#39;")
    # keep runs of spaces (the indentation of a matrix's rows) as they are
    return _SPACE_RUN.sub("&#160;", text)


def _line(line: Line) -> str:
    """One line of an HTML-like label, in its own font (a newline in the text breaks it)."""
    parts = [escape(part) or " " for part in line.text.split("\n")]
    attrs = f' point-size="{line.size:g}"'
    if line.color:
        attrs += f' color="{line.color}"'
    if line.mono:
        attrs += f' face="{theme.MONO}"'
    text = "<br/>".join(parts)
    if line.bold:
        text = f"<b>{text}</b>"
    return f"<font{attrs}>{text}</font>"


def html_label(lines: tuple[Line, ...] | list[Line]) -> str:
    """The label for these lines (the graphviz package passes `<...>` through unquoted)."""
    return "<" + "<br/>".join(_line(line) for line in lines) + ">"


# The look of a grad_fn node and of an input arrow, the most common ones, are the defaults: an
# element states only where it differs (a 10,000-node DOT is ~40% shorter and faster to build).
NODE_DEFAULTS = {
    "style": "filled,rounded",
    "fillcolor": theme.FILL[g.GRAD_FN],
    "color": theme.BORDER[g.GRAD_FN],
    "penwidth": f"{theme.BORDER_WIDTH[g.GRAD_FN]:g}",
}
EDGE_DEFAULTS = {"color": theme.EDGE[g.INPUT], "penwidth": "1.2"}


# --- DOT statements, written here: the text the graphviz package writes, in a third of the time
# (its quoting runs a regular expression per key and value; a 10,000-node graph has 100,000)
_PLAIN_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$")
_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}
_quoted_values: dict[str, str] = {}  # colours, widths, styles: a few values, quoted once


def _quoted(value: str) -> str:
    """A DOT ID as the graphviz package writes it: HTML labels and plain ids bare, the rest in
    double quotes (our values hold no quote or backslash; any that does is the package's)."""
    known = _quoted_values.get(value)
    if known is not None:
        return known
    if value.startswith("<") and value.endswith(">"):
        return value
    if '"' in value or "\\" in value:
        return graphviz.quoting.quote(value)
    if _PLAIN_ID.match(value) and value.lower() not in _KEYWORDS:
        quoted = value
    else:
        quoted = f'"{value}"'
    if len(_quoted_values) < 4096:
        _quoted_values[value] = quoted
    return quoted


def _statement(head: str, attrs: dict[str, str]) -> str:
    """`\t<head> [label=... key=value ...]`: the label first, then the keys in order."""
    label = attrs.pop("label", None)
    parts = [f"label={_quoted(label)}"] if label is not None else []
    parts += [f"{key}={_quoted(attrs[key])}" for key in sorted(attrs)]
    return f"\t{head} [{' '.join(parts)}]\n" if parts else f"\t{head}\n"


def _differing(attrs: dict[str, str], defaults: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in attrs.items() if defaults.get(key) != value}


def _node_attrs(node_id: str, look: Look) -> dict[str, str]:
    style = ["filled"]
    if look.rounded:
        style.append("rounded")
    if look.dashed:
        style.append("dashed")
    attrs = {
        "id": node_id,
        "label": html_label(look.lines),
        "fillcolor": look.fill,
        "color": look.color,
        "penwidth": f"{look.width:g}",
        "style": ",".join(style),
    }
    return _differing(attrs, NODE_DEFAULTS)


def _edge_attrs(edge: g.GraphEdge, look: Look, both_ways: bool) -> dict[str, str]:
    attrs = _differing(
        {"id": edge.id, "color": look.color, "penwidth": f"{look.width:g}"}, EDGE_DEFAULTS
    )
    if look.dashed:
        attrs["style"] = "dashed"
    if edge.kind == g.SAVED_BY:
        attrs["arrowhead"] = "none"
    elif both_ways and edge.kind in g.GRADIENT_EDGES:
        attrs["dir"] = "both"  # the player shows one head or the other
    elif look.back:
        attrs["dir"] = "back"
    if look.lines:
        attrs["label"] = html_label(look.lines)
    return attrs


def legend_label() -> str:
    """A table: one colour swatch per kind of node, and what the red numbers are."""
    rows = ['<tr><td colspan="2" align="left"><b>legend</b></td></tr>']
    for color, text in theme.LEGEND:
        rows.append(
            f'<tr><td bgcolor="{color}" border="1" width="18" height="12"> </td>'
            f'<td align="left">{escape(text)}</td></tr>'
        )
    rows.append(
        f'<tr><td><font color="{theme.GRADIENT}" face="{theme.MONO}">0.25</font></td>'
        f'<td align="left">{escape(theme.LEGEND_GRADIENT)}</td></tr>'
    )
    table = '<table border="0" cellborder="0" cellspacing="2" cellpadding="2">'
    return f"<{table}{''.join(rows)}</table>>"


def to_dot(
    graph: g.Graph,
    looks: dict[str, Look],
    options: Options,
    caption: tuple[Line, ...] = (),
    both_ways: bool = False,
) -> str:
    """The DOT text of a picture: the graph's elements that have a look, in the graph's order.

    both_ways: give gradient edges an arrowhead at each end (the player's single layout, where
    an edge points forward until its gradient goes back along it).
    """
    dot = graphviz.Digraph("visgrad")
    dot.attr(
        "graph",
        rankdir=options.direction,
        nodesep="0.3",
        ranksep="0.35",
        fontname=theme.FONT,
        bgcolor="white",
    )
    dot.attr("node", shape="box", fontname=theme.FONT, margin="0.12,0.05", **NODE_DEFAULTS)
    dot.attr("edge", fontname=theme.FONT, arrowsize="0.7", **EDGE_DEFAULTS)
    if caption:
        dot.attr("graph", label=html_label(caption), labelloc="t", labeljust="l")
    body = dot.body
    for node in graph.nodes:
        look = looks.get(node.id)
        if look is not None:
            body.append(_statement(_quoted(node.id), _node_attrs(node.id, look)))
    for edge in graph.edges:
        look = looks.get(edge.id)
        if look is not None:
            head = f"{_quoted(edge.src)} -> {_quoted(edge.dst)}"
            body.append(_statement(head, _edge_attrs(edge, look, both_ways)))
    if options.legend:
        # plain, not the grad_fn look the nodes default to
        plain = {"style": "", "color": "black", "penwidth": "1"}
        dot.node(
            "legend", id="legend", shape="plaintext", label=legend_label(), fontsize="10", **plain
        )
    return dot.source
