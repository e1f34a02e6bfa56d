"""From class indices to vectors: `Embedding` (a learned row per index, EmbeddingBackward0) and
`one_hot` (a fixed row of 0s with a 1, no gradient).

An embedding is a table W of shape (num_embeddings, embedding_dim); looking up indices i gives
the rows W[i]. Its gradient adds each output row's gradient back into the row it came from:
the rows that were not looked up get 0, a row looked up twice gets the sum. PyTorch's
`padding_idx` names a row that is never trained (its gradient stays 0).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dtypes
from .._tensor import Tensor, _wrap
from ..autograd.function import Op
from ..autograd.grad_mode import no_grad
from ..ops._math import is_tensor
from . import init
from .module import Module
from .parameter import Parameter


def _row_scales(indices: np.ndarray, padding_idx: int | None, by_freq: bool) -> np.ndarray:
    """The factor each looked-up row's gradient gets: 0 at padding_idx, 1/(times its index was
    looked up) with scale_grad_by_freq, else 1; shaped to multiply rows (..., 1)."""
    scales = np.ones(indices.shape)
    if by_freq:
        counts = np.bincount(indices.reshape(-1))
        scales = scales / counts[indices]
    if padding_idx is not None:
        scales[indices == padding_idx] = 0
    return scales[..., np.newaxis]


def _add_rows(grad: np.ndarray, indices: np.ndarray, count: int, scales: np.ndarray) -> np.ndarray:
    """A (count, dim) array holding, in row v, the sum of grad's rows whose index is v (each
    times its scale)."""
    dim = grad.shape[-1]
    rows = (grad * scales.astype(grad.dtype)).reshape(-1, dim)
    table = np.zeros((count, dim), grad.dtype)
    np.add.at(table, indices.reshape(-1), rows)
    return table


class EmbeddingLookup(Op):
    """out[..., :] = W[i[...], :] (rows of the table W looked up by the indices i);
    ∂L/∂W[v] = Σ over the positions where i = v of ∂L/∂out there (0 for padding_idx)
    (the indices are a NumPy array, not an edge: no gradient, as in PyTorch)"""

    node_name = "EmbeddingBackward0"
    saved_names = ("indices",)
    saved_attributes = ("padding_idx", "scale_grad_by_freq")

    @staticmethod
    def forward(
        ctx: Any,
        weight: Tensor,
        indices: np.ndarray,
        padding_idx: int | None,
        scale_grad_by_freq: bool,
    ) -> np.ndarray:
        ctx.count = weight.shape[0]
        ctx.padding_idx, ctx.scale_grad_by_freq = padding_idx, scale_grad_by_freq
        ctx.scales = _row_scales(indices, padding_idx, scale_grad_by_freq)
        ctx.indices = indices
        ctx.save_for_backward(_wrap(indices))
        return weight._array[indices]

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None]:
        ctx.saved_values(grad)  # (refused once freed, as every node's saved values)
        indices = ctx.indices
        table: Any
        if is_tensor(grad):  # recorded: the adding-back is an operation too, as in PyTorch
            table = EmbeddingDenseBackward.apply(grad, indices, ctx.count, ctx.scales)
        else:
            table = _add_rows(grad, indices, ctx.count, ctx.scales)
        return table, None, None, None


class EmbeddingDenseBackward(Op):
    """Embedding's backward as an operation (met only inside a recorded backward):
    out[v] = Σ_{p: i[p] = v} s[p]·g[p] (s: the row scales);  ∂L/∂g[p] = (∂L/∂out)[i[p]], 0 at
    padding_idx: an embedding lookup of the incoming gradient. Without the 1/count of
    scale_grad_by_freq, as in PyTorch: the lookup's own backward applies it once more on the
    way to the table, so the second gradient is the derivative of the first one."""

    node_name = "EmbeddingDenseBackwardBackward0"

    @staticmethod
    def forward(
        ctx: Any, grad: Tensor, indices: np.ndarray, count: int, scales: np.ndarray
    ) -> np.ndarray:
        ctx.indices, ctx.kept = indices, (scales != 0)  # (0: the padding row)
        return _add_rows(grad._array, indices, count, scales)

    @staticmethod
    def backward(ctx: Any, grad: Any) -> tuple[Any, None, None, None]:
        if is_tensor(grad):
            looked_up = EmbeddingLookup.apply(grad, ctx.indices, None, False)
        else:
            looked_up = grad[ctx.indices]
        return looked_up * ctx.kept.astype(grad.dtype), None, None, None


def embedding(
    input: Tensor,  # noqa: A002 - PyTorch's name
    weight: Tensor,
    padding_idx: int | None = None,
    max_norm: float | None = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """The rows of `weight` (num_embeddings, embedding_dim) at the indices in `input` (int64 or
    int32, any shape): the output has shape input.shape + (embedding_dim,)."""
    if max_norm is not None or sparse:
        raise NotImplementedError(
            "visgrad's embedding has no max_norm (rows renormalised in place) and no sparse "
            "gradients; leave them at None and False"
        )
    if input.dtype.name not in ("int64", "int32"):
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar "
            f"types: Long, Int; but got torch.{input.dtype.legacy_name} instead (while checking "
            "arguments for embedding)"
        )
    if weight.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    padding_idx = _checked_padding_idx(padding_idx, weight.shape[0])
    indices = input._array.astype(np.int64)
    if indices.size and (indices.min() < 0 or indices.max() >= weight.shape[0]):
        raise IndexError("index out of range in self")
    return EmbeddingLookup.apply(weight, indices, padding_idx, scale_grad_by_freq)


def _checked_padding_idx(padding_idx: int | None, count: int) -> int | None:
    """A padding index counted from the end when negative, as PyTorch does; it must be a row."""
    if padding_idx is None:
        return None
    if not -count <= padding_idx < count:
        raise AssertionError("Padding_idx must be within num_embeddings")
    return padding_idx + count if padding_idx < 0 else padding_idx


class Embedding(Module):
    """A table of num_embeddings learned vectors of size embedding_dim, looked up by index:
    `Embedding(10, 3)(torch.tensor([2, 7]))` is rows 2 and 7 of the (10, 3) weight.

    weight starts as N(0, 1) draws from visgrad's seeded generator (PyTorch's default start),
    with the padding_idx row, if any, set to 0; that row then never gets a gradient."""

    num_embeddings: int
    embedding_dim: int
    weight: Parameter

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
        _weight: Tensor | None = None,
        _freeze: bool = False,
        device: Any = None,
        dtype: _dtypes.dtype | None = None,
    ) -> None:
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.padding_idx = _checked_padding_idx(padding_idx, num_embeddings)
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        self.sparse = sparse
        if _weight is None:
            numpy_dtype = (dtype or _dtypes.DEFAULT_FLOAT).numpy
            table = np.empty((num_embeddings, embedding_dim), numpy_dtype)
            self.weight = Parameter(_wrap(table), requires_grad=not _freeze)
            self.reset_parameters()
        else:
            if list(_weight.shape) != [num_embeddings, embedding_dim]:
                raise AssertionError(
                    "Shape of weight does not match num_embeddings and embedding_dim"
                )
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        """PyTorch's default start: every entry N(0, 1); the padding row 0."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx] = 0.0

    @classmethod
    def from_pretrained(
        cls,
        embeddings: Tensor,
        freeze: bool = True,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
    ) -> Embedding:
        """An Embedding holding the given (rows, dim) table, frozen unless freeze=False."""
        if embeddings.ndim != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, dim = embeddings.shape
        return cls(rows, dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse,
                   _weight=embeddings, _freeze=freeze)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        return embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                         self.scale_grad_by_freq, self.sparse)

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            text += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            text += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        if self.sparse:
            text += ", sparse=True"
        return text


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """int64 rows of 0s with a 1 at each class index: shape tensor.shape + (num_classes,).
    num_classes = -1 takes the largest index + 1. No gradient (the result is integers)."""
    if tensor.dtype.name != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    classes = tensor._array
    if classes.size == 0:
        if num_classes <= 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        return _wrap(np.zeros((*classes.shape, num_classes), np.int64))
    if classes.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        num_classes = int(classes.max()) + 1
    elif num_classes <= classes.max():
        raise RuntimeError("Class values must be smaller than num_classes.")
    return _wrap((classes[..., np.newaxis] == np.arange(num_classes)).astype(np.int64))
