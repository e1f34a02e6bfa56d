"""The lessons in `notebooks/`: in sync with their sources, executed, free of addresses, and
covering every step of the tutorial with PyTorch's output.

These checks read the stored notebooks (fast). nbval re-runs them and compares every output:
    pytest --nbval notebooks --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg
`python notebooks/build.py` regenerates the stored notebooks from `notebooks/src/`.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOURCES = sorted((NOTEBOOKS / "src").glob("[0-9][0-9]_*.py"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _build_module():
    spec = importlib.util.spec_from_file_location("notebooks_build", NOTEBOOKS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _notebook(source: Path):
    return nbformat.read(NOTEBOOKS / (source.stem + ".ipynb"), as_version=4)


def _output_texts(cell) -> list[str]:
    texts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            texts.append(output.text)
        elif output.output_type in ("display_data", "execute_result"):
            for mime, value in output.data.items():
                if isinstance(value, str) and not mime.startswith("image/png"):
                    texts.append(value)
        elif output.output_type == "error":
            texts.append("\n".join(output.traceback))
    return texts


def _all_outputs(nb) -> str:
    cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    return "\n".join(text for cell in cells for text in _output_texts(cell))


def _all_code(nb) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")


def test_ten_lessons_and_lesson_one_where_make_lab_opens_it():
    assert len(SOURCES) == 10
    assert (NOTEBOOKS / "01_tensors_that_track_history.ipynb").exists()


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_notebook_holds_exactly_its_source(source):
    build = _build_module()
    stored = _notebook(source)
    expected = build.notebook_from_source(source)
    def cells(nb):
        return [(c.cell_type, c.source, c.metadata.get("tags")) for c in nb.cells]

    assert cells(stored) == cells(expected), f"run: python notebooks/build.py {source.stem[:2]}"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_code_cell_ran_without_error(source):
    nb = _notebook(source)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if "skip-execution" in cell.metadata.get("tags", []):
            assert not cell.outputs, f"answer cell {index} has stored outputs"
            continue
        assert cell.execution_count is not None, f"cell {index} was not executed"
        for output in cell.outputs:
            assert output.output_type != "error", f"cell {index} raised: {output.get('ename')}"
            assert not (output.output_type == "stream" and output.name == "stderr"), (
                f"cell {index} wrote to stderr: {output.text[:200]}"
            )


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_no_memory_address_is_printed(source):
    text = _all_outputs(_notebook(source))
    assert not re.search(r"object at 0x[0-9a-fA-F]+", text)
    assert not re.search(r"\b0x[0-9a-fA-F]{8,}\b", text)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_live_widgets_are_only_in_cells_nbval_ignores(source):
    nb = _notebook(source)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        shows_widget = any(WIDGET_VIEW in o.get("data", {}) for o in cell.outputs)
        if shows_widget:
            # nbval honours the marker only as a comment line of its own
            lines = [line.strip() for line in cell.source.splitlines()]
            assert "# NBVAL_IGNORE_OUTPUT" in lines, f"cell {index} shows a live widget"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_lesson_draws_graphs_and_has_exercises(source):
    nb = _notebook(source)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    svgs = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert svgs, "no graph drawn"
    assert 'exercise("' in _all_code(nb)


def test_the_lessons_use_visgrad_under_pytorchs_name():
    for source in SOURCES:
        code = _all_code(_notebook(source))
        assert "import visgrad as torch" in code, source.stem


# Every step of ../shared/TUTORIAL.md: (lesson, code it runs, what PyTorch 2.13 prints).
TUTORIAL_STEPS = [
    ("01", "x = torch.ones(2, 2, requires_grad=True)\nprint(x)",
     "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)"),
    ("01", "print(x.data)", "tensor([[1., 1.],\n        [1., 1.]])"),
    ("01", "print(x.grad)", "None"),
    ("01", "print(x.grad_fn)", "None"),
    ("02", "y = x + 2\nprint(y)", "tensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)"),
    ("02", "print(y.grad_fn.name())", "AddBackward0"),
    ("02", "z = y * y * 3\nout = z.mean()\n\nprint(z, out)",
     "tensor([[27., 27.],\n        [27., 27.]], grad_fn=<MulBackward0>) "
     "tensor(27., grad_fn=<MeanBackward0>)"),
    ("02", "a = ((a * 3) / (a - 1))\nprint(a.requires_grad)", "False"),
    ("02", "a.requires_grad_(True)\nprint(a.requires_grad)", "True"),
    ("02", "b = (a * a).sum()\nprint(b.grad_fn.name())", "SumBackward0"),
    ("03", "out.backward()\nprint(x.grad)",
     "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])"),
    ("04", "y.backward(torch.ones(2, 2), retain_graph=True)\nprint(x.grad)",
     "tensor([[1., 1.],\n        [1., 1.]])"),
    ("04", "z = y * y\nprint(z)", "tensor([[9., 9.],\n        [9., 9.]], grad_fn=<MulBackward0>)"),
    ("04", "gradient = torch.randn(2, 2)\ny.backward(gradient)\nprint(x.grad)", "tensor(True)"),
    ("06", "print(x.requires_grad)\nprint((x ** 2).requires_grad)", "True\nTrue\nFalse"),
    ("06", "with torch.no_grad():\n    print((x ** 2).requires_grad)", "False"),
    ("04", "out.backward()\ntry:\n    out.backward()",
     "RuntimeError: Trying to backward through the graph a second time (or directly access saved "
     "tensors after they have already been freed). Saved intermediate values of the graph are "
     "freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need "
     "to backward through the graph a second time or if you need to access saved tensors after "
     "calling backward."),
    ("05", "v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)\ny.backward(v)",
     "tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])"),
    ("05", "torch.autograd.functional.jacobian", "tensor([[1024.,    0.,    0.],"),
    ("06", "y = x.detach()\nprint(y.requires_grad)\nprint(x.eq(y).all())", "False\ntensor(True)"),
    ("08", "Q = 3 * a**3 - b**2", "tensor([-12.,  65.], grad_fn=<SubBackward0>)"),
    ("08", "Q.backward(gradient=external_grad)", "tensor([True, True])\ntensor([True, True])"),
    ("06", "parameter.requires_grad_(False)", "0.weight False True"),
    # PyTorch's words for the mistakes learners make
    ("05", "y.backward()", "RuntimeError: grad can be implicitly created only for scalar outputs"),
    ("06", "q.sum().backward()",
     "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"),
    ("01", "torch.tensor([1, 2, 3], requires_grad=True)",
     "RuntimeError: Only Tensors of floating point and complex dtype can require gradients"),
    ("06", "w -= 0.1 * w.grad",
     "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation."),
    ("07", "b.add_(1)",
     "RuntimeError: one of the variables needed for gradient computation has been modified by an "
     "inplace operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; "
     "expected version 0 instead."),
    ("05", "m.backward(torch.ones(3))",
     "RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and "
     "output[0] has a shape of torch.Size([2, 2])."),
    ("03", "print(y.grad)",
     "UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed."),
    ("02", "torch.ones(2, 3) @ torch.ones(2, 3)",
     "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"),
    ("02", "torch.ones(2, 3) + torch.ones(2, 2)",
     "RuntimeError: The size of tensor a (3) must match the size of tensor b (2) at "
     "non-singleton dimension 1"),
]


@pytest.mark.parametrize(("lesson", "code", "printed"), TUTORIAL_STEPS)
def test_tutorial_step_is_in_its_lesson_with_pytorchs_output(lesson, code, printed):
    (source,) = [s for s in SOURCES if s.stem.startswith(lesson)]
    nb = _notebook(source)
    assert code in _all_code(nb)
    assert printed in _all_outputs(nb)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_nbval_markers_are_lines_nbval_recognises(source):
    known = {
        "# NBVAL_IGNORE_OUTPUT", "# NBVAL_SKIP", "# NBVAL_CHECK_OUTPUT", "# NBVAL_RAISES_EXCEPTION",
    }
    for cell in _notebook(source).cells:
        for line in cell.source.splitlines():
            if "NBVAL_" in line and cell.cell_type == "code":
                assert line.strip() in known, f"nbval ignores this marker: {line.strip()!r}"


def test_every_exercise_of_the_catalog_is_in_its_lesson():
    autograd_lessons = pytest.importorskip("autograd_lessons")
    for exercise_id, _title in autograd_lessons.list_exercises():
        (source,) = [s for s in SOURCES if s.stem.startswith(exercise_id.split(".")[0])]
        assert f'exercise("{exercise_id}")' in _all_code(_notebook(source)), exercise_id


def test_stored_outputs_are_what_running_the_lessons_gives_byte_for_byte():
    # nbval compares text outputs; this also catches a stale picture (a plot, a graph's SVG)
    # when a change to visgrad moves what a lesson draws: run `python notebooks/build.py`
    done = subprocess.run(
        [sys.executable, str(NOTEBOOKS / "build.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
