"""One module per library, each writing the same workloads in that library's own idiom.

Each provides `w1()`, `w2(triples)`, `w3(ops)`, `w4()`, `w5()`, each returning a
`benchmarks.common.Case`, or raising `UnsupportedError` where the library cannot run the workload as
specified. torch and visgrad share one module, `pytorch_style`: the same code runs on both.
`floor` is no library but a calibration: the least a Python autograd over NumPy can do per op.
Read them side by side to compare how the libraries spell the same program.
"""

from __future__ import annotations

import importlib
from typing import Any

# the name shown in the tables; the order is the order of the columns
LIBRARIES = ("visgrad", "torch", "numpy", "floor", "micrograd", "autograd", "mygrad")
PEERS = ("micrograd", "autograd", "mygrad")

_MODULES = {
    "numpy": "numpy_by_hand",
    "floor": "floor_impl",
    "micrograd": "micrograd_impl",
    "autograd": "hips_autograd_impl",
    "mygrad": "mygrad_impl",
}


def load(library: str) -> Any:
    """The workloads of a library (raises ImportError if the library is not installed)."""
    if library in ("visgrad", "torch"):
        from .pytorch_style import Workloads

        return Workloads(importlib.import_module(library))
    return importlib.import_module(f"{__name__}.{_MODULES[library]}")
