"""`%%side_by_side`: run one notebook cell with visgrad and with PyTorch, and show both outputs.

Lesson 10 loads it with `%load_ext side_by_side`. Each library gets its own namespace, in
which `torch` is that library, so a name defined in one cell is there for the next cell, once
per library. What a cell prints (and the last line of any error it raises) is captured and
shown: visgrad's output, then PyTorch's verdict (the same, or what PyTorch printed instead).

Everything from the line `── PyTorch` to the end of a cell's output depends on whether (and
which) PyTorch is installed, so `nbval_sanitize.cfg` masks it when nbval compares outputs;
`assert_all_the_same()` at the end of the lesson turns any difference into a failure.
"""

from __future__ import annotations

import contextlib
import importlib
import io
from typing import Any

_RESULTS: dict[str, Any] = {"differences": [], "cells": 0}
NAMESPACES: dict[str, dict[str, Any]] = {}


def _torch() -> Any:
    """Real PyTorch, or None when it is not installed."""
    try:
        return importlib.import_module("torch")
    except ImportError:
        return None


def _run(code: str, namespace: dict[str, Any]) -> str:
    """What running `code` prints; an exception prints its last traceback line and stops."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        try:
            exec(compile(code, "<cell>", "exec"), namespace)
        except Exception as error:  # the lesson shows errors, it does not crash on them
            print(f"{type(error).__name__}: {error}")
    return buffer.getvalue()


def reset() -> None:
    """Fresh namespaces: `torch` is visgrad in one, real PyTorch (if installed) in the other."""
    import visgrad

    NAMESPACES.clear()
    NAMESPACES["visgrad"] = {"torch": visgrad, "__name__": "__visgrad__"}
    torch = _torch()
    if torch is not None:
        NAMESPACES["PyTorch"] = {"torch": torch, "__name__": "__pytorch__"}
    _RESULTS["differences"] = []
    _RESULTS["cells"] = 0


def side_by_side(line: str, cell: str) -> None:
    """The cell magic: run the cell in both namespaces and print both outputs."""
    if not NAMESPACES:
        reset()
    _RESULTS["cells"] += 1
    ours = _run(cell, NAMESPACES["visgrad"])
    print("── visgrad")
    print(ours, end="")
    if "PyTorch" not in NAMESPACES:
        print("── PyTorch is not installed here, so only visgrad ran "
              "(pip install torch to compare).")
        return
    theirs = _run(cell, NAMESPACES["PyTorch"])
    version = NAMESPACES["PyTorch"]["torch"].__version__
    if theirs == ours:
        print(f"── PyTorch {version} prints the same, character for character.")
        return
    _RESULTS["differences"].append(cell.strip().splitlines()[0] if cell.strip() else "")
    print(f"── PyTorch {version} prints something else:")
    print(theirs, end="")


def namespace(name: str = "visgrad") -> dict[str, Any]:
    """The variables the cells defined for one library, e.g. to draw visgrad's graph."""
    if not NAMESPACES:
        reset()
    return NAMESPACES[name]


def pytorch_version() -> str | None:
    """The installed PyTorch's version, or None when it is not installed."""
    if not NAMESPACES:
        reset()
    if "PyTorch" not in NAMESPACES:
        return None
    return str(NAMESPACES["PyTorch"]["torch"].__version__)


def assert_all_the_same() -> None:
    """Fail if any cell printed something different in PyTorch (nothing to fail without it)."""
    differences = _RESULTS["differences"]
    assert not differences, f"PyTorch printed something else for: {differences}"


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext side_by_side` registers the `%%side_by_side` cell magic."""
    reset()
    ipython.register_magic_function(side_by_side, magic_kind="cell", magic_name="side_by_side")
