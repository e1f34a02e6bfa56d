"""Answers that are still the notebook's template: `...` (or "...") in a value, or a function
whose body is only `...` (or `pass`). They get one plain message, not a misleading diagnosis."""

from __future__ import annotations

from typing import Any


def _empty() -> None:
    ...


_EMPTY_BODY = _empty.__code__.co_code  # the same bytes for `...`, `pass` or only a docstring


def placeholder_message(answer: Any) -> str | None:
    """What to say when the answer is still a template, or None when it is a real answer."""
    if _holds_ellipsis(answer):
        return "replace each `...` with your answer, then run the cell again."
    if _is_empty(answer):
        return "your function is still empty (its body is only `...`): write its body."
    if isinstance(answer, type):
        for method in ("forward", "backward"):
            if method in vars(answer) and _is_empty(getattr(answer, method)):
                return f"your `{method}` is still empty (its body is only `...`): write it."
    return None


def _is_empty(function: Any) -> bool:
    code = getattr(function, "__code__", None)
    return code is not None and code.co_code == _EMPTY_BODY


def _holds_ellipsis(value: Any, depth: int = 0) -> bool:
    if value is Ellipsis or (isinstance(value, str) and value == "..."):  # (`{"..."}`, a set)
        return True
    if depth > 4:
        return False
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_holds_ellipsis(item, depth + 1) for item in value)
    return False
