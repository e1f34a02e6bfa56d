"""The exercise machinery: every reference solution passes, displays are deterministic, hints
step and stop, strange answers never crash a check, IPython shows a check's feedback once."""

import ast
import re

import pytest

from autograd_lessons import Feedback, exercise, list_exercises
from autograd_lessons.registry import ALL

IDS = [exercise_id for exercise_id, _ in list_exercises()]
ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")


def test_list_exercises_in_lesson_order():
    assert len(IDS) == len(set(IDS)) == len(ALL)
    lessons = [int(i.split(".")[0]) for i in IDS]
    assert lessons == sorted(lessons)
    assert set(lessons) == set(range(1, 11))
    assert all(lessons.count(n) >= 2 for n in range(1, 10))
    assert all(re.fullmatch(r"\d\d\.[a-z0-9_]+", i) for i in IDS)
    assert ("03.accumulate", "Accumulate, don't assign") in list_exercises()


@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_solution_passes(exercise_id):
    ex = exercise(exercise_id)
    feedback = ex.check(ex.reference_answer())
    assert isinstance(feedback, Feedback)
    assert feedback.passed, feedback.message
    assert bool(feedback) is True


@pytest.mark.parametrize("exercise_id", IDS)
def test_displays_are_deterministic(exercise_id):
    first, second = exercise(exercise_id), exercise(exercise_id)
    for show in (repr, lambda e: e._repr_html_(), lambda e: e._repr_markdown_()):
        assert show(first) == show(second)
        assert exercise_id in show(first)
        assert first.call in show(first) or "<code>" in show(first)
        assert not ADDRESS.search(show(first))
    right = [first.check(first.reference_answer()), second.check(second.reference_answer())]
    wrong = [first.check(None), second.check(None)]
    for a, b in (right, wrong):
        assert (repr(a), str(a), a._repr_html_()) == (repr(b), str(b), b._repr_html_())
        assert not ADDRESS.search(repr(a) + a._repr_html_())
    assert repr(right[0]).startswith(f"✓ Correct [{exercise_id}]: ")
    assert repr(wrong[0]).startswith(f"✗ Not yet [{exercise_id}]: ")
    solutions = [first.solution(), second.solution()]
    assert repr(solutions[0]) == repr(solutions[1])
    assert solutions[0]._repr_html_() == solutions[1]._repr_html_()
    assert not ADDRESS.search(repr(solutions[0]))


@pytest.mark.parametrize("exercise_id", IDS)
def test_hints_step_then_stop(exercise_id):
    ex = exercise(exercise_id)
    total = len(ex.hints)
    assert 1 <= total <= 3
    for number in range(1, total + 1):
        hint = ex.hint()
        assert (hint.number, hint.total) == (number, total)
        assert repr(hint).startswith(f"Hint {number} of {total}: ")
        assert hint.message in hint._repr_html_() or "<code>" in hint._repr_html_()
    for _ in range(2):
        last = ex.hint()
        assert last.number == 0
        assert repr(last).startswith("No more hints: ")
        assert "ex.solution()" in repr(last)
    assert exercise(exercise_id).hint().number == 1  # a new exercise(id) starts over


def boom(*args):
    raise ValueError(f"learner bug with {object()}")


STRANGE = [None, "text", 42, 3.5, [], {}, (), object(), boom, lambda: 1, int, float("nan")]


@pytest.mark.parametrize("exercise_id", IDS)
def test_strange_answers_never_crash(exercise_id):
    for answer in STRANGE:
        feedback = exercise(exercise_id).check(answer)
        assert not feedback.passed, (answer, feedback.message)
        assert feedback.message
        assert not ADDRESS.search(repr(feedback) + feedback._repr_html_())


def test_learner_exception_is_named_with_its_line():
    def train_step(w, b, x, y, lr):
        ((x @ w + b - y) ** 2).mean().backward()
        raise KeyError(f"oops {object()}")  # the line the feedback must show

    message = exercise("09.train_step").check(train_step).message
    assert message.startswith("your code raised `KeyError` in `train_step`, line ")
    assert '`raise KeyError(f"oops {object()}")  # the line the feedback must show`' in message
    assert "KeyError: 'oops <object object>'" in message


def test_unknown_id_suggests_close_ones():
    with pytest.raises(KeyError, match="did you mean '03.accumulate'"):
        exercise("03.acumulate")


def test_feedback_html_escapes_and_formats():
    feedback = Feedback(False, "use `a < b` & **not** this", "00.x")
    html = feedback._repr_html_()
    assert "<code>a &lt; b</code> &amp; <strong>not</strong>" in html
    assert str(feedback) == "✗ Not yet [00.x]: use `a < b` & **not** this"


def test_code_spans_keep_their_stars():
    html = exercise("08.q_grads")._repr_html_()
    assert "<code>Q = 3*a**3 - b**2</code>" in html
    assert "<strong>" not in html


def test_task_markdown_renders_code_and_lists():
    html = exercise("04.which_fail")._repr_html_()
    assert "<ul><li>(a) <code>y = x + 2</code></li>" in html
    html = exercise("03.chain_rule")._repr_html_()
    assert "<pre><code>c = a * b\nd = c + a\nL = d * d</code></pre>" in html


def run_cells(*cells):
    """Run cells in a fresh IPython shell; return the rich outputs and the text printed."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    try:
        with capture_output() as captured:
            for cell in cells:
                shell.run_cell(cell, store_history=True)
        return captured.outputs, captured.stdout
    finally:
        InteractiveShell.clear_instance()


def test_ipython_shows_a_check_once():
    outputs, stdout = run_cells(
        "from autograd_lessons import exercise\nex = exercise('03.why_4_5')",
        "ex.check(4.5)",
        "fb = ex.check(4.5)",
        "fb",
        "ex.hint()",
    )
    texts = [o.data["text/plain"] for o in outputs]
    assert len(texts) == 4, texts
    assert texts[0] == texts[1] == texts[2]  # check as last line, check assigned, shown again
    assert texts[0].startswith("✗ Not yet [03.why_4_5]: your x.grad: expected shape (2, 2)")
    assert texts[3].startswith("Hint 1 of 2")
    assert all("text/html" in o.data for o in outputs)
    assert "Not yet" not in stdout


def test_catalog_lists_every_exercise_and_its_call():
    from pathlib import Path

    catalog_path = Path(__file__).parents[1] / "autograd_lessons" / "CATALOG.md"
    catalog = catalog_path.read_text(encoding="utf-8")
    for exercise_id, title in list_exercises():
        ex = exercise(exercise_id)
        assert f"| `{exercise_id}` | {title} | {ex.writes} | `{ex.call}` |" in catalog


def empty_function(*args):
    ...


class EmptyFunction(__import__("visgrad").autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.exp()

    @staticmethod
    def backward(ctx, grad_output):
        ...


@pytest.mark.parametrize("exercise_id", IDS)
def test_templates_get_one_plain_message(exercise_id):
    ex = exercise(exercise_id)
    for answer in ([..., ...], {"x": ...}, ..., (..., ..., "...")):
        message = ex.check(answer).message
        assert message == "replace each `...` with your answer, then run the cell again."
    assert ex.check(empty_function).message.startswith("your function is still empty")
    assert ex.check(EmptyFunction).message.startswith("your `backward` is still empty")


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_call_a_notebook_shows_runs_as_it_stands(exercise_id):
    """The template cell (`ex.check(...)` with `...` to replace) is valid Python, and run as
    it stands it gets the plain message, not a SyntaxError or a wrong diagnosis."""
    ex = exercise(exercise_id)
    call = ast.parse(ex.call, mode="eval").body
    assert isinstance(call, ast.Call) and ast.unparse(call.func) == "ex.check"
    (argument,) = call.args
    if "..." in ex.call and not isinstance(argument, ast.Name):
        answer = eval(compile(ast.Expression(argument), "<template>", "eval"), {})  # noqa: S307
        message = ex.check(answer).message
        assert message == "replace each `...` with your answer, then run the cell again."


def test_an_answer_that_breaks_the_checker_still_gets_feedback():
    feedback = exercise("06.freeze").check(lambda params: params.update(w1=3))
    assert not feedback.passed
    assert feedback.message.startswith("checking your answer raised `AttributeError`.")
    assert "'int' object has no attribute 'requires_grad'" in feedback.message
