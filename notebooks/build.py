"""Build the lessons: readable sources in `notebooks/src/*.py` -> executed `notebooks/*.ipynb`.

A lesson is written as a Python file in the "percent" format (the one jupytext and VS Code
read): `# %%` starts a code cell, `# %% [markdown]` a text cell whose lines are comments,
`# %% tags=[...]` a code cell with tags. IPython magics (`%%side_by_side`) are written as
they appear in the notebook.
This script turns each source into a notebook, runs it top to bottom in a fresh kernel with a
timeout, and stores it with its outputs. Everything that would change from run to run is made
stable, so building twice gives the same files byte for byte and nbval can compare them:
cell ids come from the cell's position, timings are not recorded, consecutive prints are
merged into one output, and widget model ids are renumbered in order of appearance.

    python notebooks/build.py                  # build and run every lesson
    python notebooks/build.py 03 05            # only the lessons whose names start so
    python notebooks/build.py --check          # run all again, fail if any stored file differs
    python notebooks/build.py --no-execute     # notebooks without outputs (quick look)
    python notebooks/build.py --sources-only   # fail if a notebook's cells differ from its source
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "src"
CELL_TIMEOUT = 120  # seconds for one cell; a whole lesson takes a few seconds
KERNEL = "python3"  # the kernel of the Python that runs this script (the project's venv)

NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL},
    "language_info": {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
    },
}
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


# --- source -> notebook -----------------------------------------------------------------------
def parse_percent(text: str) -> list[tuple[str, str, list[str]]]:
    """The cells of a percent-format source, as (kind, source, tags) triples, in order.

    `# %% tags=["a", "b"]` gives a code cell tags (jupytext's spelling). Tags used here:
    `skip-execution` (the build leaves the cell unrun) and `nbval-skip` (nbval does too), for
    the cells where the learner writes an answer.
    """
    cells: list[tuple[str, list[str], list[str]]] = []
    for line in text.splitlines():
        if line.startswith("# %%"):
            kind = "markdown" if "[markdown]" in line else "code"
            tags: list[str] = []
            if "tags=" in line:
                tags = json.loads(line.split("tags=", 1)[1])
            cells.append((kind, [], tags))
        elif cells:
            cells[-1][1].append(line)
        # anything before the first marker is a header for the reader of the source
    parsed = []
    for kind, lines, tags in cells:
        if kind == "markdown":
            lines = [_uncomment(line) for line in lines]
        source = "\n".join(lines).strip("\n")
        if source:
            parsed.append((kind, source, tags))
    return parsed


def _uncomment(line: str) -> str:
    if not line.strip():
        return ""
    if line.startswith("# "):
        return line[2:]
    if line.startswith("#"):
        return line[1:]
    raise ValueError(f"a markdown cell line must be a comment: {line!r}")


def notebook_from_source(path: Path) -> nbformat.NotebookNode:
    """A notebook with the source's cells, stable ids and no outputs."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = json.loads(json.dumps(NOTEBOOK_METADATA))
    for index, (kind, source, tags) in enumerate(parse_percent(path.read_text(encoding="utf-8"))):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
        if tags:
            cell.metadata["tags"] = tags
        cell.id = f"cell-{index:02d}"
        nb.cells.append(cell)
    return nb


# --- running and making the result stable ----------------------------------------------------
def execute(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel, with the notebooks folder as working directory."""
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        startup_timeout=60,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(HERE)}},
        record_timing=False,
        store_widget_state=True,
        # the kernel's start-up warnings (e.g. about its local TCP transport) are noise here
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    client.execute()
    return nb


def stabilize(nb: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """Remove what changes from run to run: split prints, random widget ids, kernel details."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
            cell.outputs = _merge_streams(cell.outputs)
    widgets = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
    nb.metadata = {**json.loads(json.dumps(NOTEBOOK_METADATA)), **_only_widgets(nb.metadata)}
    if widgets and widgets.get("state"):
        return _renumber_widgets(nb, stem)
    nb.metadata.pop("widgets", None)
    return nb


def _only_widgets(metadata: dict) -> dict:
    return {"widgets": metadata["widgets"]} if "widgets" in metadata else {}


def _merge_streams(outputs: list) -> list:
    """One output per run of consecutive prints: how they split depends on timing."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def _renumber_widgets(nb: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """Widget model ids are random uuids: give them stable ones, in an order that follows the
    notebook's structure (cells, then each widget's children), never the random ids."""
    state = nb.metadata["widgets"][WIDGET_STATE]["state"]
    order: list[str] = []

    def visit(model_id: str) -> None:
        stack = [model_id]
        while stack:
            current = stack.pop()
            if current in state and current not in order:
                order.append(current)
                text = json.dumps(state[current], sort_keys=True)
                stack.extend(reversed(re.findall(r"IPY_MODEL_([0-9a-f]{32})", text)))

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                visit(view["model_id"])
    # models no view shows (e.g. the links between two widgets): by their content
    while len(order) < len(state):
        rest = [m for m in state if m not in order]
        known = {m: f"#{i}" for i, m in enumerate(order)}

        visit(min(rest, key=lambda model_id: _content(state[model_id], known)))

    mapping = {
        model_id: hashlib.sha256(f"{stem}:{index}".encode()).hexdigest()[:32]
        for index, model_id in enumerate(order)
    }
    text = json.dumps(nb)
    text = re.sub(r"[0-9a-f]{32}", lambda m: mapping.get(m.group(0), m.group(0)), text)
    renumbered = nbformat.reads(text, as_version=4)
    widgets = renumbered.metadata["widgets"][WIDGET_STATE]
    widgets["state"] = {mapping[m]: widgets["state"][mapping[m]] for m in order}
    return renumbered


def _content(model_state: dict, known: dict[str, str]) -> str:
    """A model's state as text, with the ids of models already numbered replaced by numbers."""
    text = json.dumps(model_state, sort_keys=True)
    return re.sub(r"[0-9a-f]{32}", lambda found: known.get(found.group(0), "?"), text)


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    nbformat.validate(nb)
    path.write_text(_serialized(nb), encoding="utf-8")


def _serialized(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


# --- the commands ------------------------------------------------------------------------------
def lesson_sources(prefixes: list[str]) -> list[Path]:
    paths = sorted(SOURCES.glob("[0-9][0-9]_*.py"))
    if prefixes:
        paths = [p for p in paths if any(p.stem.startswith(x) for x in prefixes)]
    if not paths:
        raise SystemExit(f"no lesson source in {SOURCES} matches {prefixes}")
    return paths


def build_one(source: str, run: bool) -> tuple[str, str | None, float]:
    """(notebook name, its stored text or None on failure, seconds) for one lesson source."""
    path = Path(source)
    started = time.perf_counter()
    try:
        nb = notebook_from_source(path)
        if run:
            nb = stabilize(execute(nb), path.stem)
        nbformat.validate(nb)
    except Exception as error:  # report every lesson that fails, not only the first
        print(f"FAILED {path.name}: {type(error).__name__}: {error}", file=sys.stderr)
        return path.stem + ".ipynb", None, time.perf_counter() - started
    return path.stem + ".ipynb", _serialized(nb), time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*", help="name prefixes, e.g. 03 (default: all)")
    parser.add_argument("--check", action="store_true", help="fail if a stored notebook differs")
    parser.add_argument("--no-execute", action="store_true", help="write notebooks without outputs")
    parser.add_argument(
        "--sources-only", action="store_true", help="fail if stored cells differ from the sources"
    )
    parser.add_argument("--jobs", type=int, default=2, help="lessons run at once (default 2)")
    args = parser.parse_args(argv)
    sources = lesson_sources(args.lessons)

    if args.sources_only:
        return _check_sources(sources)

    started = time.perf_counter()
    run = not args.no_execute
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(build_one, [str(s) for s in sources], [run] * len(sources)))
    failures = 0
    for name, text, seconds in results:
        target = HERE / name
        if text is None:
            failures += 1
            print(f"FAILED    {name}  ({seconds:.1f} s)")
        elif args.check:
            same = target.exists() and target.read_text(encoding="utf-8") == text
            failures += not same
            print(f"{'same     ' if same else 'DIFFERENT'} {name}  ({seconds:.1f} s)")
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {name}  ({seconds:.1f} s)")
    print(f"{len(results)} lessons in {time.perf_counter() - started:.1f} s")
    return 1 if failures else 0


def _check_sources(sources: list[Path]) -> int:
    """The stored notebooks hold exactly the cells their sources describe."""
    failures = 0
    for source in sources:
        target = HERE / (source.stem + ".ipynb")
        if not target.exists():
            print(f"missing   {target.name}")
            failures += 1
            continue
        stored = nbformat.read(target, as_version=4)
        expected = notebook_from_source(source)
        pairs = [(c.cell_type, c.source, c.metadata.get("tags")) for c in stored.cells]
        wanted = [(c.cell_type, c.source, c.metadata.get("tags")) for c in expected.cells]
        same = pairs == wanted
        failures += not same
        print(f"{'in sync  ' if same else 'OUT OF SYNC'} {target.name}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
