"""Print tensors exactly the way PyTorch does.

`format_tensor` turns a NumPy array into the text PyTorch shows for a tensor,
for example ``tensor([[1., 2.],\\n        [3., 4.]], requires_grad=True)``.
The rules, in plain words:

* **Which elements are shown.** If the tensor has more elements than
  ``threshold`` it is *summarized*: along every axis longer than
  ``2 * edgeitems`` only the first and last ``edgeitems`` entries are kept and
  ``...`` marks the gap.  Every decision below looks only at the kept entries.
* **How floats look.** Only the finite, nonzero values are inspected.  If all
  of them are whole numbers the tensor is in *integer mode* and prints ``1.``,
  ``27.``.  Scientific notation (``1.0240e+02``) is used when the largest
  magnitude is more than 1000 times the smallest, above ``1e8``, or the
  smallest is below ``1e-4`` (``sci_mode`` may force it on or off).  Otherwise
  values get ``precision`` decimals (``4.5000``).  A float32 value is first
  widened to a Python float, so ``0.1`` prints as ``0.1000``.  ``nan``,
  ``inf`` and ``-inf`` are written as-is.
* **Alignment.** Every element is right-aligned to one common width: the
  longest text among the finite nonzero floats (or among all ints / bools).
  Longer texts such as ``-inf`` or ``-0.0000`` are not cut, just unpadded.
* **Layout.** Each nesting level adds ``[``; rows of a 2-D block are separated
  by a newline, blocks of an N-D tensor by N-1 newlines, and lines are
  indented to sit under the opening bracket.  A 1-D row is wrapped so that
  ``linewidth`` is respected, with a fixed number of elements per line.
* **Suffixes.** ``size=`` (for empty tensors that are not 1-D, or when
  ``edgeitems`` is 0), ``dtype=`` (unless float32, int64 or bool; for empty
  tensors unless float32) and the caller's items such as
  ``requires_grad=True`` follow the data, separated by ``, ``.  An item that
  would overflow ``linewidth`` starts a new line indented by 7 spaces.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["format_tensor", "set_printoptions"]

_PREFIX = "tensor("
_DEFAULT_DTYPES = frozenset({"float32", "int64", "bool"})
_NUMPY_DTYPES = {
    "float32": np.float32,
    "float64": np.float64,
    "float16": np.float16,
    "int64": np.int64,
    "int32": np.int32,
    "int16": np.int16,
    "int8": np.int8,
    "uint8": np.uint8,
    "bool": np.bool_,
}


@dataclass
class _PrintOptions:
    """Current print options; the defaults are PyTorch's."""

    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


_OPTS = _PrintOptions()
_PROFILES = {
    "default": _PrintOptions(),
    "short": _PrintOptions(precision=2, edgeitems=2),
    "full": _PrintOptions(threshold=math.inf),
}


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Change print options like `torch.set_printoptions`.

    A `profile` ('default', 'short' or 'full') is applied first, then any
    explicit option.  `sci_mode` is always set, so omitting it means "auto".
    """
    if profile in _PROFILES:
        base = _PROFILES[profile]
        _OPTS.precision, _OPTS.threshold = base.precision, base.threshold
        _OPTS.edgeitems, _OPTS.linewidth = base.edgeitems, base.linewidth
    if precision is not None:
        _OPTS.precision = precision
    if threshold is not None:
        _OPTS.threshold = threshold
    if edgeitems is not None:
        _OPTS.edgeitems = edgeitems
    if linewidth is not None:
        _OPTS.linewidth = linewidth
    _OPTS.sci_mode = sci_mode


def _keep_edges(values: np.ndarray, summarize: bool) -> tuple[np.ndarray, list[bool]]:
    """Drop the middle of every long axis; also report which axes were cut."""
    edge = _OPTS.edgeitems
    cut = [summarize and n > 2 * edge for n in values.shape]
    for axis, is_cut in enumerate(cut):
        if is_cut:
            n = values.shape[axis]
            keep = list(range(edge)) + list(range(n - edge, n))
            values = values.take(keep, axis=axis)
    return values, cut


def _float_cells(flat: np.ndarray) -> tuple[list[str], int]:
    """Format float elements; return their texts and the common column width."""
    important = np.isfinite(flat) & (flat != 0)
    shown = flat[important]
    int_mode, sci_mode = True, False
    if shown.size:
        int_mode = bool(np.all(shown == np.ceil(shown)))
        magnitudes = np.abs(shown).astype(np.float64)  # float16 would overflow the ratio
        big, small = float(magnitudes.max()), float(magnitudes.min())
        sci_mode = (big / small > 1000.0 or big > 1.0e8 or small < 1.0e-4
                    if _OPTS.sci_mode is None else _OPTS.sci_mode)
    if sci_mode:
        texts = [format(v, f".{_OPTS.precision}e") for v in flat.tolist()]
    elif int_mode:
        texts = [_whole_float(v) for v in flat.tolist()]
    else:
        texts = [format(v, f".{_OPTS.precision}f") for v in flat.tolist()]
    widths = [len(t) for t, keep in zip(texts, important.tolist()) if keep]
    return texts, max(widths, default=1)


def _whole_float(value: float) -> str:
    """`27.` for a whole number; nan and infinities get no trailing dot."""
    text = format(value, ".0f")
    return text + "." if math.isfinite(value) else text


def _cells(kept: np.ndarray) -> tuple[list[str], int]:
    """Texts of all kept elements (row-major), right-aligned to one width."""
    flat = kept.reshape(-1)
    if flat.dtype.kind == "f":
        texts, width = _float_cells(flat)
    else:
        texts = [str(v) for v in flat.tolist()]
        width = max(map(len, texts), default=1)
    return [t.rjust(width) for t in texts], width


def _render_row(row: list[str], cut: bool, width: int, indent: int) -> str:
    """A 1-D row, wrapped into lines holding an equal number of elements."""
    if cut:
        row = row[: _OPTS.edgeitems] + [" ..."] + row[_OPTS.edgeitems:]
    per_line = max(1, (_OPTS.linewidth - indent) // (width + 2))
    lines = [", ".join(row[i: i + per_line]) for i in range(0, len(row), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _render(cells: list[str], shape: tuple[int, ...], cut: list[bool],
            width: int, indent: int) -> str:
    """Nested-bracket text for `cells` laid out in `shape` (at least 1-D)."""
    if len(shape) == 1:
        return _render_row(cells, cut[0], width, indent)
    step = len(cells) // shape[0]
    blocks = [_render(cells[i * step: (i + 1) * step], shape[1:], cut[1:], width, indent + 1)
              for i in range(shape[0])]
    if cut[0]:
        blocks.insert(_OPTS.edgeitems, "...")
    separator = "," + "\n" * (len(shape) - 1) + " " * (indent + 1)
    return "[" + separator.join(blocks) + "]"


def _data_text(values: np.ndarray) -> str:
    """The bracketed data of a non-empty tensor (a bare number when 0-d)."""
    summarize = values.size > _OPTS.threshold
    if summarize and values.ndim and not _OPTS.edgeitems:
        return "[...]"  # nothing kept: one ellipsis stands for the whole tensor
    kept, cut = _keep_edges(values, summarize)
    cells, width = _cells(kept)
    if values.ndim == 0:
        return cells[0]
    return _render(cells, kept.shape, cut, width, len(_PREFIX))


def _info_suffixes(values: np.ndarray, dtype_name: str) -> list[str]:
    """The size= and dtype= items PyTorch adds for this tensor."""
    items = []
    if values.size == 0:
        show_size = values.ndim != 1
        show_dtype = dtype_name != "float32"
    else:
        show_size = not _OPTS.edgeitems
        show_dtype = dtype_name not in _DEFAULT_DTYPES
    if show_size:
        items.append(f"size={tuple(values.shape)}")
    if show_dtype:
        items.append(f"dtype=torch.{dtype_name}")
    return items


def _close(text: str, suffixes: list[str]) -> str:
    """Append `, item` per suffix, starting a new line when one would overflow."""
    indent = len(_PREFIX)
    line_len = len(text) - text.rfind("\n") + 1  # PyTorch's count: line + 2
    parts = [text]
    for item in suffixes:
        if line_len + len(item) + 2 > _OPTS.linewidth:
            parts.append(",\n" + " " * indent + item)
            line_len = indent + len(item)  # PyTorch drops the +2 after a line break
        else:
            parts.append(", " + item)
            line_len += len(item) + 2
    parts.append(")")
    return "".join(parts)


def format_tensor(values: np.ndarray, dtype_name: str, suffixes: list[str]) -> str:
    """Return what PyTorch prints for a tensor: `tensor(...)` with PyTorch's number formatting.

    values: the tensor's data as a NumPy array (any ndim, incl. 0-d and empty)
    dtype_name: one of 'float32', 'float64', 'float16', 'int64', 'int32', 'int16', 'int8',
                'uint8', 'bool'
    suffixes: extra trailing items already formatted, e.g. ['requires_grad=True'] or
              ['grad_fn=<AddBackward0>'], appended after the data (and after any dtype=/size=
              items PyTorch would add), separated by ', '
    """
    if dtype_name not in _NUMPY_DTYPES:
        raise ValueError(f"format_tensor: unknown dtype name {dtype_name!r}")
    values = np.asarray(values, dtype=_NUMPY_DTYPES[dtype_name])
    data = "[]" if values.size == 0 else _data_text(values)
    return _close(_PREFIX + data, _info_suffixes(values, dtype_name) + list(suffixes))
