"""How a tensor's numbers are written in a picture: all of them when few, a summary when many.

Pictures use short numbers (four significant digits: `4.5`, `0.25`, `27`) rather than PyTorch's
print format, because a node has little room. A tensor of at most `SMALL` numbers and at most two
dimensions is written out, one row per line; anything larger is its shape plus min / mean / max.
"""

from __future__ import annotations

import numpy as np

SMALL = 16  # a 4×4 matrix is still written out; a 5×5 one is summarised


def number(value: object) -> str:
    """One number, short: `4.5`, `0.25`, `1e+03`, `True`."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (complex, np.complexfloating)):
        return f"{complex(value):.4g}"
    return f"{float(value):.4g}"  # type: ignore[arg-type]


def is_small(array: np.ndarray) -> bool:
    """True when every number of the tensor fits in a picture."""
    return array.size <= SMALL and array.ndim <= 2


def shape_text(shape: tuple[int, ...]) -> str:
    """`(2, 2)`, `(3,)`, `()`: Python's way of writing a shape."""
    return str(tuple(int(n) for n in shape))


def summary(array: np.ndarray) -> str:
    """`min -1.2 · mean 0.03 · max 2.1` for a large tensor."""
    if array.size == 0:
        return "empty"
    if array.dtype.kind == "c":
        return f"mean {number(array.mean())}"
    data = array.astype(np.float64) if array.dtype.kind in "biuf" else array
    return f"min {number(data.min())} · mean {number(data.mean())} · max {number(data.max())}"


def rows(array: np.ndarray) -> list[str]:
    """The tensor as lines of a label: a scalar is one line, a matrix one line per row."""
    if not is_small(array):
        return [summary(array)]
    if array.ndim == 0:
        return [number(array.item())]
    if array.ndim == 1:
        return ["[" + ", ".join(number(v) for v in array.tolist()) + "]"]
    lines = ["[" + ", ".join(number(v) for v in row) + "]" for row in array.tolist()]
    if not lines:
        return ["[]"]
    last = len(lines) - 1
    return [
        ("[" if i == 0 else " ") + line + ("]" if i == last else ",")
        for i, line in enumerate(lines)
    ]


def one_line(array: np.ndarray) -> str:
    """The tensor on one line, for sentences: `3`, `[[0.25, 0.25], [0.25, 0.25]]`."""
    if not is_small(array):
        return f"<{shape_text(array.shape)}: {summary(array)}>"
    return " ".join(line.strip() for line in rows(array))
