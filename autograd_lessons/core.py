"""`Exercise`: a task, a checker that runs the learner's answer, hints, a reference solution.

A checker takes the answer and returns the message for a right answer; for a wrong one it
raises `Mistake` (our words for the mistake) or lets `LearnerError` through (the learner's code
raised). `Exercise.check` turns all of that, and any other exception, into `Feedback`: checking
never crashes the notebook.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .display import Feedback, Hint, Solution, show
from .markup import inline, to_html
from .placeholders import placeholder_message
from .running import LearnerError, Mistake, describe_exception


@dataclass
class Exercise:
    """One exercise. `predicts`: the solution is called to get the answer (a prediction);
    otherwise the solution itself (a function or a Function class) is the answer."""

    id: str
    title: str
    task: str  # Markdown, our own words: short and exact
    writes: str  # what the learner writes, in a few words (the catalog shows it)
    call: str  # the check call the notebook uses, e.g. "ex.check(mul_backward)"
    checker: Callable[[Any], str]
    hints: tuple[str, ...]
    solution_code: Callable[..., Any] | type
    predicts: bool = False
    _hints_given: int = 0

    # --- the three things a learner does --------------------------------------------------
    def check(self, answer: Any) -> Feedback:
        """Run the answer through the checker; display and return the Feedback."""
        template = placeholder_message(answer)
        try:
            if template is not None:
                raise Mistake(template)
            passed, message = True, self.checker(answer)
        except Mistake as mistake:
            passed, message = False, mistake.message
        except LearnerError as error:
            passed, message = False, error.describe()
        except Exception as error:  # a checker must never crash on a strange answer
            passed, message = False, describe_exception(error, subject="checking your answer")
        feedback = Feedback(passed, message, self.id)
        show(feedback)
        return feedback

    def hint(self) -> Hint:
        """The next hint; after the last one, a pointer to the solution (the count stays)."""
        if self._hints_given < len(self.hints):
            self._hints_given += 1
            hint = Hint(self._hints_given, len(self.hints), self.hints[self._hints_given - 1])
        else:
            hint = Hint(0, len(self.hints), "that was the last one; `ex.solution()` shows a "
                        "reference solution.")
        show(hint)
        return hint

    def solution(self) -> Solution:
        """The reference solution's source (and, for a prediction, what it returns)."""
        source = inspect.getsource(self.solution_code)
        value = repr(self.reference_answer()) if self.predicts else None
        shown = Solution(self.id, source, value)
        show(shown)
        return shown

    def reference_answer(self) -> Any:
        """What the reference solution answers: its return value, or itself."""
        return self.solution_code() if self.predicts else self.solution_code

    def fresh(self) -> Exercise:
        """A copy with its own hint count (each `exercise(id)` call starts over)."""
        return dataclasses.replace(self, _hints_given=0)

    # --- how it looks -----------------------------------------------------------------------
    def _footer(self) -> str:
        return f"Check: `{self.call}` · hints: `ex.hint()` · solution: `ex.solution()`"

    def __repr__(self) -> str:
        return "\n".join([f"Exercise {self.id}: {self.title}", "", self.task.strip(), "",
                          self._footer()])

    def _repr_markdown_(self) -> str:
        return f"#### Exercise {self.id}: {self.title}\n\n{self.task.strip()}\n\n{self._footer()}\n"

    def _repr_html_(self) -> str:
        return (
            f'<div class="autograd-lessons-exercise">'
            f"<h4>Exercise {inline(self.id)}: {inline(self.title)}</h4>\n"
            f"{to_html(self.task)}\n<p><em>{inline(self._footer())}</em></p></div>"
        )
