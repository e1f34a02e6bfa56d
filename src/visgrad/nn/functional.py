"""`torch.nn.functional`: the layers and losses as plain functions of tensors.

The modules in `visgrad.nn` (Linear, ReLU, MSELoss, ...) keep their settings and parameters and
call these. Each checks its arguments in PyTorch's words, then hands over to one operation or a
short composition of them, recording the same nodes PyTorch records where we can.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from ..ops import elementwise as _ew
from ..ops import reductions as _reductions
from .activation_ops import elu, gelu, silu, softplus
from .addmm import addmm
from .bce_ops import binary_cross_entropy, binary_cross_entropy_with_logits
from .dropout import dropout
from .embedding import embedding, one_hot
from .huber_ops import huber_loss, l1_loss, smooth_l1_loss
from .loss_ops import MseLoss, NllLoss, check_reduction, warn_if_sizes_differ
from .normalization import layer_norm

if TYPE_CHECKING:
    from .._tensor import Tensor
    from ..dtypes import dtype as DType

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "dropout",
    "elu",
    "embedding",
    "gelu",
    "huber_loss",
    "l1_loss",
    "layer_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "mse_loss",
    "nll_loss",
    "one_hot",
    "relu",
    "sigmoid",
    "silu",
    "smooth_l1_loss",
    "softmax",
    "softplus",
    "tanh",
]



# --- layers -----------------------------------------------------------------------------------
def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:  # noqa: A002
    """y = x·Wᵀ + b, with W of shape (out_features, in_features).

    Recorded as PyTorch records it: AddmmBackward0 over (bias, x, TBackward0 of W) for a batch
    of rows; other shapes are viewed as rows first and back afterwards (ViewBackward0)."""
    if input.ndim == 0 or weight.ndim == 0:
        raise RuntimeError(
            "both arguments to linear need to be at least 1D, but they are "
            f"{input.ndim}D and {weight.ndim}D"
        )
    if weight.ndim == 1 and bias is None:
        return input.matmul(weight)
    if input.ndim != 2:
        rows = input.reshape(-1, input.shape[-1])
        out = linear(rows, weight, bias)
        return out.reshape(*input.shape[:-1], out.shape[-1])
    if bias is None:
        return input.mm(weight.t())
    return addmm(bias, input, weight.t())


# --- activations ------------------------------------------------------------------------------
def relu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """max(x, 0). (`inplace=True` computes out of place here: the values are the same.)"""
    return input.relu()


def leaky_relu(
    input: Tensor, negative_slope: float = 0.01, inplace: bool = False  # noqa: A002
) -> Tensor:
    """x where x > 0, else negative_slope·x (a relu whose negative side still has a slope).
    (`inplace=True` computes out of place here: the values are the same.)"""
    return _ew.LeakyRelu.apply(input, negative_slope)


def tanh(input: Tensor) -> Tensor:  # noqa: A002
    return input.tanh()


def sigmoid(input: Tensor) -> Tensor:  # noqa: A002
    return input.sigmoid()


def softmax(input: Tensor, dim: int | None = None, dtype: DType | None = None) -> Tensor:  # noqa: A002
    """e^xᵢ / Σⱼ e^xⱼ along `dim`: non-negative, summing to 1."""
    input, dim = _softmax_input("softmax", input, dim, dtype)  # noqa: A001
    return _reductions.softmax(input, dim)


def log_softmax(input: Tensor, dim: int | None = None, dtype: DType | None = None) -> Tensor:  # noqa: A002
    """xᵢ - ln Σⱼ e^xⱼ along `dim`, computed without overflow (the log of softmax)."""
    input, dim = _softmax_input("log_softmax", input, dim, dtype)  # noqa: A001
    return _reductions.log_softmax(input, dim)


def _softmax_input(
    name: str, input: Tensor, dim: int | None, dtype: DType | None  # noqa: A002
) -> tuple[Tensor, int]:
    """The input (in `dtype` when given) and the dim: without one, PyTorch's deprecated
    implicit choice, with its warning (pointing at the caller of softmax / log_softmax)."""
    if dim is None:
        warnings.warn(
            f"Implicit dimension choice for {name} has been deprecated. Change the call to "
            "include dim=X as an argument.",
            UserWarning,
            stacklevel=3,
        )
        dim = 0 if input.ndim in (0, 1, 3) else 1
    if dtype is not None:
        input = input.to(dtype)  # noqa: A001
    return input, dim


# --- losses -----------------------------------------------------------------------------------
def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """The mean (or sum) of squared differences (xᵢ - yᵢ)²."""
    check_reduction(reduction)
    warn_if_sizes_differ(input, target, stacklevel=2)
    return MseLoss.apply(input, target, reduction)


def nll_loss(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood: -input[i, target[i]] averaged over the samples i.

    input: log-probabilities, (C,) or (N, C) or (N, C, d₁, ...); target: class indices (int64),
    () or (N,) or (N, d₁, ...). `weight` (C,) weighs each class; `ignore_index` is skipped."""
    check_reduction(reduction)
    _check_class_targets(input, target, weight)
    weights = None if weight is None else weight.detach().numpy()
    if input.ndim == 3 or input.ndim > 4:
        # PyTorch's nll_loss2d works on (N, C, H, W): other shapes are viewed as (N, C, 1, -1)
        n, c = input.shape[0], input.shape[1]
        flat = input.reshape(n, c, 1, -1)
        flat_target = target.numpy().reshape(n, 1, -1)
        out = NllLoss.apply(flat, flat_target, weights, reduction, ignore_index)
        return out.reshape(target.shape) if reduction == "none" else out
    return NllLoss.apply(input, target.numpy(), weights, reduction, ignore_index)


def cross_entropy(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """Cross-entropy of raw scores (logits) against the right classes: nll_loss(log_softmax(x)).

    `target` holds class indices (int64, one per sample), or class probabilities of the same
    shape as `input` (floating point)."""
    check_reduction(reduction)
    class_dim = 1 if input.ndim >= 2 else 0
    if tuple(target.shape) == tuple(input.shape):
        return _cross_entropy_with_probabilities(input, target, weight, ignore_index, reduction)
    return nll_loss(log_softmax(input, class_dim), target, weight, ignore_index, reduction)


def _cross_entropy_with_probabilities(
    input: Tensor,  # noqa: A002
    target: Tensor,
    weight: Tensor | None,
    ignore_index: int,
    reduction: str,
) -> Tensor:
    """-Σ_c target_c · log_softmax(x)_c per sample, composed as PyTorch composes it."""
    if not target.is_floating_point():
        raise RuntimeError(
            "Expected floating point type for target with class probabilities, got "
            f"{_type_name(target)}"
        )
    if ignore_index >= 0:
        raise RuntimeError("ignore_index is not supported for floating point target")
    class_dim = 1 if input.ndim >= 2 else 0
    classes = input.shape[class_dim]
    weighted = log_softmax(input, class_dim) * target
    if weight is not None:
        # one weight per class, lined up with the class axis
        weighted = weighted * weight.reshape(classes, *([1] * (input.ndim - class_dim - 1)))
    if reduction == "none":
        return -weighted.sum(class_dim)
    if reduction == "sum":
        return -weighted.sum()
    return -weighted.sum() / (input.numel() / classes)


# --- argument checks, in PyTorch's words --------------------------------------------------------
def _check_class_targets(input: Tensor, target: Tensor, weight: Tensor | None) -> None:  # noqa: A002
    """The shapes and dtype nll_loss needs, checked in the order PyTorch checks them."""
    if input.ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.ndim})")
    if input.ndim != 1 and (target.ndim == 0 or input.shape[0] != target.shape[0]):
        raise ValueError(
            f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
            f"({target.shape[0] if target.ndim else 1})."
        )
    if input.ndim > 2:
        expected = [input.shape[0], *input.shape[2:]]
        if list(target.shape) != expected:
            raise RuntimeError(f"Expected target size {expected}, got {list(target.shape)}")
    elif target.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    elif input.ndim == 1 and target.numel() != 1:
        raise ValueError(
            f"Expected input batch_size (1) to match target batch_size ({target.numel()})."
        )
    classes = input.shape[0 if input.ndim == 1 else 1]
    if weight is not None and weight.numel() != classes:
        raise RuntimeError(
            f"weight tensor should be defined either for all {classes} classes or no classes but "
            f"got weight tensor of shape: {list(weight.shape)}"
        )
    if target.dtype.name not in ("int64", "uint8"):
        raise RuntimeError(
            f"expected target dtype to be Long or Byte, but got {_type_name(target)}"
        )


def _type_name(t: Tensor) -> str:
    """PyTorch's scalar type name in messages: Float, Double, Long, Int, ..."""
    return t.dtype.scalar_name

