"""Running the learner's code, and turning what goes wrong into words.

Checkers call learner code only through `run`: whatever it raises comes back as a
`LearnerError`, which `describe` turns into Markdown naming the exception, the learner's line,
and, for the errors autograd learners meet most, what the error means.
"""

from __future__ import annotations

import os
import re
import sysconfig
import traceback
from collections.abc import Callable
from typing import Any

import numpy

import visgrad

# Frames in these directories are not the learner's: ours, visgrad, and installed libraries
# (numpy, torch, the standard library), wherever they live.
_OURS = tuple(
    os.path.dirname(os.path.abspath(path)) + os.sep
    for path in (__file__, visgrad.__file__, numpy.__file__)
) + tuple(
    os.path.abspath(sysconfig.get_paths()[key]) + os.sep for key in ("stdlib", "purelib", "platlib")
)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_LONGEST_MESSAGE = 600


class Mistake(Exception):  # noqa: N818 - a verdict on an answer, not an error
    """A wrong answer; its argument is the Markdown message that names the mistake."""

    @property
    def message(self) -> str:
        return str(self.args[0])


class LearnerError(Exception):
    """The learner's code raised `error`."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error

    def describe(self, explanation: str | None = None) -> str:
        """What was raised and where, and what it means (`explanation` overrides our guess)."""
        return describe_exception(self.error, explanation)


def run(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call the learner's `function`; an exception becomes LearnerError; grad mode is restored."""
    previous = visgrad.is_grad_enabled()
    try:
        return function(*args, **kwargs)
    except Exception as error:
        raise LearnerError(error) from None
    finally:
        visgrad.set_grad_enabled(previous)


def expect_callable(answer: Any, name: str) -> None:
    """The answer must be a function (passed without calling it)."""
    if not callable(answer) or isinstance(answer, type):
        raise Mistake(
            f"pass your function itself, e.g. `ex.check({name})` without parentheses: "
            f"got {kind_of(answer)}."
        )


def kind_of(value: Any) -> str:
    """A short, address-free description of a value's type, for messages."""
    if value is None:
        return "`None`"
    name = type(value).__name__
    article = "an" if name[0].lower() in "aeiou" else "a"
    return f"{article} `{name}`"


def describe_exception(
    error: BaseException, explanation: str | None = None, subject: str = "your code"
) -> str:
    """Markdown: the exception, the learner's line that led to it, and what it means."""
    name = type(error).__name__
    where = _learner_line(error)
    text = _ADDRESS.sub("", str(error)).strip()
    if len(text) > _LONGEST_MESSAGE:
        text = text[:_LONGEST_MESSAGE] + " …"
    lines = [f"{subject} raised `{name}`{where}.", "", f"{name}: {text or '(no message)'}"]
    explanation = explanation or explain(error)
    if explanation:
        lines += ["", explanation]
    return "\n".join(lines)


def _learner_line(error: BaseException) -> str:
    """' in `f`, line 4: `loss.backward()`' for the deepest frame of the learner's own code."""
    frames = traceback.extract_tb(error.__traceback__)
    theirs = [f for f in frames if not os.path.abspath(f.filename).startswith(_OURS)]
    if not theirs:
        return ""
    frame = theirs[-1]
    line = (frame.line or "").strip()
    shown = f": `{line}`" if line else ""
    return f" in `{frame.name}`, line {frame.lineno}{shown}"


# The errors autograd learners meet most, in plain words (matched by a piece of the message).
_EXPLANATIONS: tuple[tuple[str, str], ...] = (
    (
        "backward through the graph a second time",
        "You called backward twice through the same graph without `retain_graph=True`: the "
        "first backward freed the tensors the graph saved.",
    ),
    (
        "grad can be implicitly created only for scalar outputs",
        "`backward()` with no argument works only on a one-element tensor: reduce first "
        "(`.sum()`) or pass `gradient=` with the tensor's shape.",
    ),
    (
        "does not require grad and does not have a grad_fn",
        "You called backward on a tensor that recorded no history: it was made under "
        "`no_grad`, from detached tensors, or from inputs that do not require grad.",
    ),
    (
        "leaf Variable that requires grad is being used in an in-place operation",
        "You changed a leaf that requires grad in place while operations are recorded: "
        "do parameter updates inside `with torch.no_grad():`.",
    ),
    (
        "modified by an inplace operation",
        "A tensor saved for backward was changed in place before backward ran, so its "
        "gradient would use the wrong value.",
    ),
    (
        "Mismatch in shape",
        "The gradient you pass to `backward` must have the shape of the tensor you call it on.",
    ),
    (
        "Only Tensors of floating point",
        "Only floating-point tensors can require grad: write `1.` instead of `1`, or pass "
        "`dtype=torch.float32`.",
    ),
    (
        "cannot be multiplied",
        "The shapes do not line up: in `a @ b` the columns of a must match the rows of b. "
        "Write each shape down; a gradient always has the shape of its input.",
    ),
    (
        "'NoneType' object has no attribute",
        "Something you used is `None`: `x.grad` stays `None` until a backward reaches `x`, and "
        "`x.grad_fn` is `None` for a leaf.",
    ),
)


def explain(error: BaseException) -> str | None:
    """Plain words for a well-known error, or None."""
    if isinstance(error, RecursionError):
        return (
            "Your code recursed deeper than Python allows: walk long graphs with your own "
            "list of nodes to visit instead of recursion."
        )
    message = str(error)
    for piece, explanation in _EXPLANATIONS:
        if piece in message:
            return explanation
    return None
