"""`Module`: the base class of layers and models, as in PyTorch.

A module keeps three ordered tables, filled by plain attribute assignment:
`self.weight = Parameter(...)` goes to `_parameters`, `self.layer = Linear(...)` to `_modules`,
`register_buffer` to `_buffers`. Everything else a module offers walks those tables:
`parameters()` for the optimizer, `state_dict()` to save the numbers, `repr` to show the tree.
Calling a module runs its `forward`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple, TypeVar

import numpy as np

from .. import dtypes as _dtypes
from .._tensor import Tensor, _wrap
from ..autograd.grad_mode import no_grad
from .parameter import Parameter, forget_grad

M = TypeVar("M", bound="Module")


def _forward_unimplemented(self: Module, *args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError(
        f'Module [{type(self).__name__}] is missing the required "forward" function'
    )


class _IncompatibleKeys(NamedTuple):
    """What `load_state_dict` returns: the keys it missed and the keys it did not expect."""

    missing_keys: list[str]
    unexpected_keys: list[str]

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return (
            f"_IncompatibleKeys(missing_keys={self.missing_keys}, "
            f"unexpected_keys={self.unexpected_keys})"
        )

    def __str__(self) -> str:
        return repr(self)


class Module:
    """Base class for all neural network modules: subclass it, assign layers and parameters in
    `__init__` (after `super().__init__()`), and write `forward`."""

    training: bool
    _parameters: dict[str, Parameter | None]
    _buffers: dict[str, Tensor | None]
    _modules: dict[str, Module | None]

    # `forward(self, ...)` is written by every subclass with its own arguments.
    forward: Callable[..., Any] = _forward_unimplemented

    def __init__(self) -> None:
        # object.__setattr__: our own __setattr__ needs these tables to exist first
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_modules", {})

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    # --- registering parameters, buffers and submodules ------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        modules = self.__dict__.get("_modules")
        buffers = self.__dict__.get("_buffers")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name, keep=self._parameters)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{typename(value)}' as parameter '{name}' "
                    "(torch.nn.Parameter or None expected)"
                )
            params[name] = None
        elif isinstance(value, Module):
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name, keep=self._modules)
            modules[name] = value
        elif modules is not None and name in modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{typename(value)}' as child module '{name}' "
                    "(torch.nn.Module or None expected)"
                )
            modules[name] = None
        elif buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{typename(value)}' as buffer '{name}' "
                    "(torch.Tensor or None expected)"
                )
            buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        # only called when normal lookup fails: look in the three tables
        for table in ("_parameters", "_buffers", "_modules"):
            entries = self.__dict__.get(table)
            if entries is not None and name in entries:
                return entries[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for table in (self._parameters, self._buffers, self._modules):
            if name in table:
                del table[name]
                return
        object.__delattr__(self, name)

    def _forget(self, name: str, keep: dict[str, Any]) -> None:
        """Remove `name` from the other tables before it is registered in `keep` (where it
        keeps its place if it was there already: a replaced layer stays in order)."""
        self.__dict__.pop(name, None)
        for table in (self._parameters, self._buffers, self._modules):
            if table is not keep:
                table.pop(name, None)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or None, a declared-but-absent one such as `bias=False`)."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        _check_name(name, "parameter", self)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{typename(param)}' object to parameter '{name}' "
                "(torch.nn.Parameter or None required)"
            )
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None) -> None:
        """Add a tensor that is part of the state (saved in state_dict) but is not trained."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        _check_name(name, "buffer", self)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{typename(tensor)}' object to buffer '{name}' "
                "(torch Tensor or None required)"
            )
        self._buffers[name] = tensor

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a submodule under `name` (what `self.name = module` does)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{typename(module)} is not a Module subclass")
        _check_name(name, "module", self)
        self._modules[name] = module

    register_module = add_module

    # --- walking the tree -------------------------------------------------------------------
    def named_modules(
        self, memo: set[int] | None = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Module]]:
        """This module and every module inside it, depth first, with dotted names."""
        seen = memo if memo is not None else set()
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if remove_duplicate:
                if id(module) in seen:
                    continue
                seen.add(id(module))
            yield name, module
            children = [
                (f"{name}.{key}" if name else key, child)
                for key, child in module._modules.items()
                if child is not None
            ]
            stack.extend(reversed(children))  # so the first child comes out first

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The direct submodules, in the order they were assigned."""
        seen: set[int] = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """Every parameter with its dotted name (`0.weight`, `layer1.bias`), each once."""
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every parameter, each once: what an optimizer is given."""
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Tensor]]:
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def _named_members(
        self, table: str, prefix: str, recurse: bool, remove_duplicate: bool
    ) -> Iterator[tuple[str, Any]]:
        owners = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else iter([(prefix, self)])
        )
        seen: set[int] = set()
        for owner_name, owner in owners:
            for name, value in getattr(owner, table).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield (f"{owner_name}.{name}" if owner_name else name), value

    def apply(self: M, fn: Callable[[Module], None]) -> M:
        """Call `fn` on every submodule (children first), then on this module."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # --- training ---------------------------------------------------------------------------
    def train(self: M, mode: bool = True) -> M:
        """Set training mode here and in every submodule (changes Dropout/BatchNorm in PyTorch;
        nothing here behaves differently yet, but the flag is kept)."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self: M) -> M:
        return self.train(False)

    def requires_grad_(self: M, requires_grad: bool = True) -> M:
        """Start (or stop, to freeze the module) recording gradients for every parameter."""
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients of the last backward: set `.grad` to None (or to zeros)."""
        for param in self.parameters():
            forget_grad(param, set_to_none)

    # --- dtypes -----------------------------------------------------------------------------
    def to(self: M, *args: Any, **kwargs: Any) -> M:
        """Convert floating-point parameters and buffers to a dtype (`model.to(torch.float64)`).
        A device such as "cpu" is accepted and ignored: visgrad computes with NumPy on the CPU."""
        dtype = kwargs.get("dtype")
        for arg in args:
            if isinstance(arg, _dtypes.dtype):
                dtype = arg
        if dtype is not None:
            self._convert(dtype)
        return self

    def float(self: M) -> M:  # noqa: A003 - PyTorch's name
        return self.to(_dtypes.float32)

    def double(self: M) -> M:
        return self.to(_dtypes.float64)

    def cpu(self: M) -> M:
        return self

    def _convert(self, dtype: _dtypes.dtype) -> None:
        if not dtype.is_floating_point:
            raise TypeError(
                "nn.Module.to only accepts floating point or complex dtypes, but got "
                f"desired dtype={dtype}"
            )
        for _, module in self.named_modules():
            for table in (module._parameters, module._buffers):
                for tensor in table.values():
                    if tensor is None or not tensor.is_floating_point():
                        continue
                    tensor.data = tensor.data.to(dtype)
                    if tensor._grad is not None:
                        tensor._grad.data = tensor._grad.data.to(dtype)

    # --- saving and loading -----------------------------------------------------------------
    def state_dict(
        self,
        destination: dict[str, Tensor] | None = None,
        prefix: str = "",
        keep_vars: bool = False,
    ) -> dict[str, Tensor]:
        """Every parameter and buffer by dotted name, detached (sharing memory with the model)."""
        state: dict[str, Tensor] = OrderedDict() if destination is None else destination
        for owner_name, owner in self.named_modules(prefix=prefix, remove_duplicate=False):
            for name, value in _local_state(owner):
                key = f"{owner_name}.{name}" if owner_name else name
                state[key] = value if keep_vars else value.detach()
        return state

    def load_state_dict(
        self, state_dict: Mapping[str, Any], strict: bool = True
    ) -> _IncompatibleKeys:
        """Copy values from `state_dict` into the parameters and buffers (in place, no grad).
        Values may be visgrad tensors, NumPy arrays or PyTorch tensors."""
        missing: list[str] = []
        unexpected: list[str] = []
        errors: list[str] = []
        for owner_name, owner in self.named_modules(remove_duplicate=False):
            prefix = f"{owner_name}." if owner_name else ""
            local = dict(_local_state(owner))
            for name, target in local.items():
                key = prefix + name
                if key not in state_dict:
                    missing.append(key)
                    continue
                problem = _copy_into(target, state_dict[key], key)
                if problem:
                    errors.append(problem)
            for key in state_dict:
                if key.startswith(prefix):
                    first = key[len(prefix):].split(".", 1)[0]
                    if first not in owner._modules and first not in local:
                        unexpected.append(key)
        if strict:
            if unexpected:
                listed = ", ".join(f'"{k}"' for k in unexpected)
                errors.insert(0, f"Unexpected key(s) in state_dict: {listed}. ")
            if missing:
                listed = ", ".join(f'"{k}"' for k in missing)
                errors.insert(0, f"Missing key(s) in state_dict: {listed}. ")
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(errors)
            )
        return _IncompatibleKeys(missing, unexpected)

    # --- printing ---------------------------------------------------------------------------
    def extra_repr(self) -> str:
        """What goes between the parentheses, e.g. `in_features=2, out_features=16, bias=True`."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        # PyTorch's layout: extra_repr on one line, or one line per item, children indented
        extra_lines = self.extra_repr().split("\n") if self.extra_repr() else []
        child_lines = [
            f"({name}): {_indent(repr(module), 2)}" for name, module in self._modules.items()
        ]
        lines = extra_lines + child_lines
        text = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                text += extra_lines[0]
            else:
                text += "\n  " + "\n  ".join(lines) + "\n"
        return text + ")"


def _local_state(module: Module) -> list[tuple[str, Tensor]]:
    """A module's own parameters then buffers (not its children's), skipping None."""
    own = list(module._parameters.items()) + list(module._buffers.items())
    return [(name, value) for name, value in own if value is not None]


def _copy_into(target: Tensor, value: Any, key: str) -> str | None:
    """Copy `value` into `target` in place; PyTorch's complaint if it cannot be done."""
    if isinstance(value, Tensor):
        source = value
    elif hasattr(value, "detach") and hasattr(value, "numpy"):  # a PyTorch tensor
        source = _wrap(np.array(value.detach().numpy()))
    elif isinstance(value, np.ndarray):
        source = _wrap(value)
    else:
        return (
            f'While copying the parameter named "{key}", expected torch.Tensor or Tensor-like '
            f"object from checkpoint but received {type(value)}"
        )
    if tuple(source.shape) != tuple(target.shape):
        return (
            f"size mismatch for {key}: copying a param with shape {source.shape} from "
            f"checkpoint, the shape in current model is {target.shape}."
        )
    with no_grad():
        target.copy_(source)
    return None


def _indent(text: str, spaces: int) -> str:
    """Indent every line but the first (blank lines stay empty), as PyTorch's `_addindent`."""
    first, *rest = text.split("\n")
    if not rest:
        return text
    return "\n".join([first] + [" " * spaces + line if line.strip() else "" for line in rest])


def _check_name(name: Any, kind: str, module: Module) -> None:
    """PyTorch's refusals for a name a parameter, buffer or submodule cannot have."""
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string. Got {typename(name)}")
    if "." in name:
        raise KeyError(f'{kind} name can\'t contain "."')
    if name == "":
        raise KeyError(f'{kind} name can\'t be empty string ""')
    if hasattr(type(module), name):
        raise KeyError(f"attribute '{name}' already exists")


def typename(value: Any) -> str:
    """`torch.typename`: `torch.FloatTensor` for a float32 tensor, else the type's full name."""
    if isinstance(value, Tensor):
        return f"torch.{value.dtype.legacy_name}"
    kind = type(value)
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"
