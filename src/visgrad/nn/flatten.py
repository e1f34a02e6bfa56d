"""`Flatten`: the axes from start_dim to end_dim merged into one (images to rows of features)."""

from __future__ import annotations

from .._tensor import Tensor
from .module import Module


class Flatten(Module):
    """x reshaped so that axes start_dim..end_dim become one: (N, C, H, W) -> (N, C·H·W) with the
    defaults, which keep the batch axis 0. Recorded as PyTorch records it (ViewBackward0)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002 - PyTorch's name
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"
