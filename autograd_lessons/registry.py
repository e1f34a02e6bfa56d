"""All exercises, in lesson order: `exercise(id)` and `list_exercises()`."""

from __future__ import annotations

import difflib

from . import (
    lesson01_history,
    lesson02_graph,
    lesson03_gradients,
    lesson03_order,
    lesson04_retain,
    lesson05_jacobian,
    lesson06_no_grad,
    lesson07_checks,
    lesson07_function,
    lesson08_tutorial,
    lesson09_batches,
    lesson09_loop,
    lesson09_training,
    lesson10_pytorch,
)
from .core import Exercise

_LESSONS = [
    lesson01_history,
    lesson02_graph,
    lesson03_gradients,
    lesson03_order,
    lesson04_retain,
    lesson05_jacobian,
    lesson06_no_grad,
    lesson07_function,
    lesson07_checks,
    lesson08_tutorial,
    lesson09_training,
    lesson09_loop,
    lesson09_batches,
    lesson10_pytorch,
]

ALL: dict[str, Exercise] = {ex.id: ex for lesson in _LESSONS for ex in lesson.EXERCISES}


def exercise(exercise_id: str) -> Exercise:
    """The exercise with this id (e.g. "03.accumulate"), with its hints not yet given."""
    if exercise_id not in ALL:
        near = difflib.get_close_matches(str(exercise_id), list(ALL), n=3)
        also = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
        raise KeyError(f"no exercise {exercise_id!r}{also} list_exercises() lists them all")
    return ALL[exercise_id].fresh()


def list_exercises() -> list[tuple[str, str]]:
    """(id, title) for every exercise, in lesson order."""
    return [(ex.id, ex.title) for ex in ALL.values()]
