"""`Optimizer`: what SGD and Adam share, as in PyTorch.

An optimizer holds the parameters in `param_groups` (each a dict: the tensors under 'params',
plus settings such as 'lr' that a group may override), and per-parameter memory in `state`
(a momentum buffer, Adam's running averages). `zero_grad()` forgets the last gradients;
`step()` changes the parameters in place, recording nothing.
"""

from __future__ import annotations

import functools
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .._tensor import Tensor
from ..autograd.grad_mode import enable_grad, no_grad
from ..nn.module import typename
from ..nn.parameter import forget_grad

ParamGroup = dict[str, Any]
F = TypeVar("F", bound=Callable[..., Any])


def updates_in_place(step: F) -> F:
    """Run `step` with recording off: changing parameters is not part of the model's graph."""

    @functools.wraps(step)
    def without_grad(*args: Any, **kwargs: Any) -> Any:
        with no_grad():
            return step(*args, **kwargs)

    return without_grad  # type: ignore[return-value]


class Optimizer:
    """Base class: subclasses set `defaults` and write `step()`."""

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[ParamGroup] = []
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or "
                f"dicts, but got torch.{params.dtype.legacy_name}"
            )
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group: ParamGroup) -> None:
        """Add a group of parameters, with settings that override the defaults."""
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the "
                "ordering of tensors in sets will change between runs. Please use a list instead."
            )
        group: ParamGroup = {**param_group, "params": list(params)}
        for param in group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, but one of the params is "
                    + typename(param)
                )
            if not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            group.setdefault(name, default)

        ids = [id(p) for p in group["params"]]
        if len(set(ids)) != len(ids):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; in future, "
                "this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more "
                "information",
                UserWarning,
                stacklevel=3,
            )
        taken = {id(p) for other in self.param_groups for p in other["params"]}
        if taken.intersection(ids):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the last gradients: `.grad = None` (or zeros), before the next backward."""
        for group in self.param_groups:
            for param in group["params"]:
                forget_grad(param, set_to_none)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        raise NotImplementedError

    def _loss_of(self, closure: Callable[[], Any] | None) -> Any:
        """`step(closure)` re-evaluates the model first (with recording on) and returns its loss."""
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def __repr__(self) -> str:
        text = type(self).__name__ + " ("
        for index, group in enumerate(self.param_groups):
            text += f"\nParameter Group {index}\n"
            for key in sorted(group):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"


def check_non_negative(value: float, what: str) -> None:
    """PyTorch's refusal of a negative setting: `Invalid learning rate: -1`."""
    if not 0.0 <= value:
        raise ValueError(f"Invalid {what}: {value}")

