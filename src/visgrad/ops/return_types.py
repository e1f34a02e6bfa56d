"""What `torch.return_types` holds: the (values, indices) pairs of max, min, sort, topk,
kthvalue and median along a dim. Each unpacks as a tuple, has `.values` and `.indices`, and
prints as PyTorch prints it: `torch.return_types.max(values=..., indices=...)` on three lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .._tensor import Tensor


class ValuesAndIndices(NamedTuple):
    values: Tensor
    indices: Tensor


class _ReturnType(ValuesAndIndices):
    """A pair named after the function that returned it (the class name, as in PyTorch)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return (
            f"torch.return_types.{type(self).__name__}(\n"
            f"values={self.values!r},\nindices={self.indices!r})"
        )


# (lower-case class names: PyTorch's, which `type(x.max(1)).__name__` shows)
class max(_ReturnType):  # noqa: A001, N801
    __slots__ = ()


class min(_ReturnType):  # noqa: A001, N801
    __slots__ = ()


class sort(_ReturnType):  # noqa: N801
    __slots__ = ()


class topk(_ReturnType):  # noqa: N801
    __slots__ = ()


class kthvalue(_ReturnType):  # noqa: N801
    __slots__ = ()


class median(_ReturnType):  # noqa: N801
    __slots__ = ()
