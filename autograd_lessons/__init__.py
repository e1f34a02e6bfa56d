"""Exercises for the visgrad autograd lessons.

    from autograd_lessons import exercise
    ex = exercise("03.accumulate")   # shows the task when displayed
    ex.check(answer)                 # Feedback: passed, message
    ex.hint()                        # the next hint
    ex.solution()                    # the reference solution's code

`list_exercises()` gives (id, title) for all of them, in lesson order; CATALOG.md describes each.
"""

from __future__ import annotations

from .core import Exercise
from .display import Feedback, Hint, Solution
from .registry import exercise, list_exercises

__all__ = ["Exercise", "Feedback", "Hint", "Solution", "exercise", "list_exercises"]
