"""`Sequential`: modules applied one after the other, named 0, 1, 2, ..."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any, overload

from .module import Module


class Sequential(Module):
    """`Sequential(a, b, c)(x)` is `c(b(a(x)))`. Give an OrderedDict to choose the names."""

    def __init__(self, *args: Any) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for index, module in enumerate(args):
                self.add_module(str(index), module)

    def forward(self, input: Any) -> Any:  # noqa: A002 - PyTorch's name
        for module in self:
            input = module(input)  # noqa: A001
        return input

    @overload
    def __getitem__(self, index: int) -> Module: ...

    @overload
    def __getitem__(self, index: slice) -> Sequential: ...

    def __getitem__(self, index: int | slice) -> Module | Sequential:
        items = list(self._modules.items())
        if isinstance(index, slice):
            # a slice keeps the original names, as in PyTorch: model[1:3] shows (1) and (2)
            return Sequential(OrderedDict(items[index]))
        if not -len(items) <= index < len(items):
            raise IndexError(f"index {index} is out of range")
        module = items[index][1]
        assert module is not None
        return module

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return (module for module in self._modules.values() if module is not None)

    def append(self, module: Module) -> Sequential:
        """Add a module at the end, named by its position."""
        self.add_module(str(len(self)), module)
        return self
