"""What an exercise shows: `Feedback`, `Hint`, `Solution`.

Each one prints as plain text (`repr`/`str`) and as HTML (`_repr_html_`), both pure functions
of its fields: no addresses, no timings, so nbval can compare stored outputs.

`ex.check(...)` both displays its Feedback and returns it. When that call is the last line of
a cell, IPython would display the returned object a second time; `_ipython_display_` skips an
object already shown during the same cell execution, so the learner sees it once.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from .markup import code_block, inline, to_html

_BOX = (
    'style="border-left: 4px solid {colour}; background: {background}; '
    'padding: 0.4em 0.8em; margin: 0.3em 0"'
)
_PASSED_STYLE = _BOX.format(colour="#2e7d32", background="#edf7ed")
_FAILED_STYLE = _BOX.format(colour="#c62828", background="#fdecea")
_HINT_STYLE = _BOX.format(colour="#1565c0", background="#e8f1fb")
_SOLUTION_STYLE = _BOX.format(colour="#6d4c41", background="#f6f2ef")


class Shown:
    """Something an exercise displays: text and HTML, shown once per cell in IPython."""

    _shown_in: int | None = None

    def __repr__(self) -> str:
        return self.text()

    def __str__(self) -> str:
        return self.text()

    def text(self) -> str:
        raise NotImplementedError

    def _repr_html_(self) -> str:
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        count = _execution_count()
        if count is not None and self._shown_in == count:
            return  # already displayed by this cell (ex.check(...) shows its result itself)
        self._shown_in = count
        from IPython.display import display

        display({"text/plain": self.text(), "text/html": self._repr_html_()}, raw=True)


def show(item: Shown) -> None:
    """Display `item` now under IPython; elsewhere the caller prints what it returns."""
    if _execution_count() is not None:
        item._ipython_display_()


def _execution_count() -> int | None:
    """The number of the cell IPython is running, or None outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell: Any = get_ipython()
    if shell is None:
        return None
    return int(shell.execution_count)


@dataclass(eq=False, repr=False)
class Feedback(Shown):
    """The verdict on one answer: `passed`, and a `message` (Markdown) that says why."""

    passed: bool
    message: str
    exercise_id: str = ""

    def __bool__(self) -> bool:
        return self.passed

    def _verdict(self) -> str:
        return "Correct" if self.passed else "Not yet"

    def text(self) -> str:
        mark = "✓" if self.passed else "✗"
        where = f" [{self.exercise_id}]" if self.exercise_id else ""
        return f"{mark} {self._verdict()}{where}: {self.message}"

    def _repr_html_(self) -> str:
        style = _PASSED_STYLE if self.passed else _FAILED_STYLE
        where = f" <small>[{self.exercise_id}]</small>" if self.exercise_id else ""
        return (
            f'<div class="autograd-lessons-feedback" {style}>'
            f"<strong>{'✓' if self.passed else '✗'} {self._verdict()}</strong>{where}\n"
            f"{to_html(self.message)}</div>"
        )


@dataclass(eq=False, repr=False)
class Hint(Shown):
    """Hint `number` of `total`; `number` 0 means there are no more hints."""

    number: int
    total: int
    message: str

    def _title(self) -> str:
        return f"Hint {self.number} of {self.total}" if self.number else "No more hints"

    def text(self) -> str:
        return f"{self._title()}: {self.message}"

    def _repr_html_(self) -> str:
        return (
            f'<div class="autograd-lessons-hint" {_HINT_STYLE}>'
            f"<strong>{self._title()}</strong>\n{to_html(self.message)}</div>"
        )


@dataclass(eq=False, repr=False)
class Solution(Shown):
    """A reference solution: its source code, and for a prediction the value it returns."""

    exercise_id: str
    source: str
    value: str | None = None

    def text(self) -> str:
        lines = [f"Solution for {self.exercise_id}:", "", self.source.rstrip()]
        if self.value is not None:
            lines += ["", f"It returns: {self.value}"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = [f"<strong>Solution for {inline(self.exercise_id)}</strong>",
                 code_block(self.source)]
        if self.value is not None:
            parts.append(f"<p>It returns: <code>{html.escape(self.value)}</code></p>")
        body = "\n".join(parts)
        return f'<div class="autograd-lessons-solution" {_SOLUTION_STYLE}>{body}</div>'
