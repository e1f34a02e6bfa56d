"""Comparing an answer with the expected value: type, then shape, then numbers.

An answer may be a number, a (nested) list, a NumPy array or a tensor (visgrad's or PyTorch's).
Each failed comparison raises `Mistake` with a message that names what is wrong: the type, the
shape ("expected shape (2, 2) but got (2,)"), a known wrong value, or the first wrong entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

import visgrad

from .running import Mistake, kind_of

RTOL = 1e-4
ATOL = 1e-6


def as_numbers(answer: Any, what: str = "your answer") -> np.ndarray:
    """The answer as a float64 array, or a Mistake saying why it is not numbers."""
    if answer is None:
        raise Mistake(f"{what} is `None`: give a number, a list or a tensor (a missing `return`?).")
    if isinstance(answer, (str, bytes, dict, set)) or isinstance(answer, (bool, np.bool_)):
        raise Mistake(f"{what} should be numbers (a number, a list or a tensor), "
                      f"not {kind_of(answer)}.")
    if hasattr(answer, "detach") and hasattr(answer, "numpy"):
        answer = answer.detach().numpy()
    try:
        array = np.array(answer, dtype=np.float64)
    except (TypeError, ValueError):
        raise Mistake(f"{what} could not be read as numbers (got {kind_of(answer)}).") from None
    return array


def shape_text(shape: Sequence[int]) -> str:
    """(2, 2), (3,), () exactly as Python prints a tuple."""
    return str(tuple(int(n) for n in shape))


def number_text(value: Any) -> str:
    """A number or array printed briefly and deterministically."""
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        return f"{float(array):.6g}"
    return np.array2string(array, precision=4, separator=", ", suppress_small=True)


def close(a: Any, b: Any) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def expect_close(
    answer: Any,
    expected: Any,
    *,
    what: str = "your answer",
    mistakes: Iterable[tuple[Any, str]] = (),
) -> np.ndarray:
    """Pass when the answer has the expected shape and values; `mistakes` are (value, message)."""
    got = as_numbers(answer, what)
    want = np.asarray(expected, dtype=np.float64)
    mistakes = list(mistakes)
    for wrong, message in mistakes:
        if close(got, wrong) and not close(got, want):
            raise Mistake(message)
    if got.shape != want.shape:
        raise Mistake(shape_message(got.shape, want.shape, what))
    if close(got, want):
        return got
    if np.any(want != 0) and close(got, -want):
        raise Mistake(f"{what} has the wrong sign: every entry is the negative of the right one.")
    index = tuple(int(i) for i in np.argwhere(~np.isclose(got, want, rtol=RTOL, atol=ATOL))[0])
    if index:
        raise Mistake(f"{what} is not right yet: entry {list(index)} is {number_text(got[index])}.")
    raise Mistake(f"{what} is not right yet: it is {number_text(got)}.")


def shape_message(got: Sequence[int], want: Sequence[int], what: str = "your answer") -> str:
    """'expected shape (2, 2) but got (2,)', with a word on the usual reasons."""
    message = f"{what}: expected shape {shape_text(want)} but got {shape_text(got)}"
    if len(got) == 0 and len(want) > 0:
        count = int(np.prod(want))
        return message + f": give one number per entry ({count} numbers), e.g. a nested list."
    if len(got) == 2 and tuple(got) == tuple(want)[::-1]:
        return message + ": rows and columns are swapped (transposed)."
    return message + "."


def expect_tensor(answer: Any, what: str = "your answer") -> visgrad.Tensor:
    """The answer must be a visgrad tensor."""
    if not isinstance(answer, visgrad.Tensor):
        raise Mistake(f"{what} should be a tensor (made with `torch.tensor`, `torch.ones`, ...), "
                      f"not {kind_of(answer)}.")
    return answer


def expect_keys(answer: Any, keys: Sequence[str], what: str = "your answer") -> dict[str, Any]:
    """The answer must be a dict with exactly these keys."""
    wanted = ", ".join(f'"{k}"' for k in keys)
    if not isinstance(answer, dict):
        raise Mistake(f"{what} should be a dict with the keys {wanted}, not {kind_of(answer)}.")
    missing = [k for k in keys if k not in answer]
    extra = sorted(str(k) for k in answer if k not in keys)
    if missing:
        raise Mistake(f"{what} is missing the key(s) " + ", ".join(f'"{k}"' for k in missing) + ".")
    if extra:
        raise Mistake(f"{what} has unexpected key(s) " + ", ".join(f'"{k}"' for k in extra)
                      + f": use {wanted}.")
    return answer


ACCUMULATE_GRAD = "torch::autograd::AccumulateGrad"


def as_node_name(answer: Any) -> str | None:
    """A node name as `node.name()` spells it; accepts a node, "<MulBackward0 object>", "None"."""
    if answer is None:
        return None
    if hasattr(answer, "name") and callable(answer.name):
        answer = answer.name()
    if not isinstance(answer, str):
        raise Mistake(f"name nodes with strings such as \"MulBackward0\", not {kind_of(answer)}.")
    name = answer.strip().strip("<>").split(" object")[0].strip()
    if name in ("None", ""):
        return None
    return ACCUMULATE_GRAD if name == "AccumulateGrad" else name
