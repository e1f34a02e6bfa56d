"""The little Markdown our texts use, turned into HTML.

Tasks, hints and feedback are written as Markdown: paragraphs, `- ` lists, fenced code blocks
and inline `code`. Notebooks show the HTML; the plain-text display keeps the Markdown as it is.
Everything here is a pure function of the text, so the displays are deterministic.
"""

from __future__ import annotations

import html
import re

_INLINE_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def inline(text: str) -> str:
    """Escape text for HTML, then turn `code` and **bold** (outside code) into tags."""
    parts = _INLINE_CODE.split(text)  # even positions: prose; odd positions: code
    html_parts = []
    for index, part in enumerate(parts):
        escaped = html.escape(part, quote=False)
        if index % 2:
            html_parts.append(f"<code>{escaped}</code>")
        else:
            html_parts.append(_BOLD.sub(r"<strong>\1</strong>", escaped))
    return "".join(html_parts)


def code_block(source: str) -> str:
    """A block of code, escaped, in a <pre>."""
    return f"<pre><code>{html.escape(source.rstrip(), quote=False)}</code></pre>"


def to_html(markdown: str) -> str:
    """HTML for our Markdown subset: blocks are separated by blank lines or code fences."""
    parts: list[str] = []
    for kind, lines in _blocks(markdown):
        if kind == "code":
            parts.append(code_block("\n".join(lines)))
        elif kind == "list":
            items = "".join(f"<li>{inline(line[2:].strip())}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{inline(' '.join(line.strip() for line in lines))}</p>")
    return "\n".join(parts)


def _blocks(markdown: str) -> list[tuple[str, list[str]]]:
    """Split into ("code" | "list" | "para", lines) blocks, in order."""
    blocks: list[tuple[str, list[str]]] = []
    current: list[str] = []
    kind = "para"
    in_code = False

    def close() -> None:
        if current:
            blocks.append((kind, list(current)))
            current.clear()

    for line in markdown.strip("\n").splitlines():
        if line.strip().startswith("```"):
            close()
            in_code = not in_code
            kind = "code" if in_code else "para"
        elif in_code:
            current.append(line)
        elif not line.strip():
            close()
            kind = "para"
        elif line.startswith("- ") and kind != "list":
            close()
            kind = "list"
            current.append(line)
        elif line.startswith("  ") and kind == "list" and current:
            current[-1] += " " + line.strip()  # a list item continued on the next line
        else:
            if kind == "list" and not line.startswith("- "):
                close()
                kind = "para"
            current.append(line)
    close()
    return blocks
