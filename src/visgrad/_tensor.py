"""`Tensor`: a NumPy array that can remember how it was made.

A tensor holds its values (`numpy()`), and for autograd: `requires_grad`, `grad`, `grad_fn`
(the node that made it, None for tensors you create), `is_leaf`, and a version counter that
in-place operations bump so that backward can refuse stale saved values.

The arithmetic and the other operations live in `visgrad.ops`; the methods here only hand
over to them, so `Tensor.__mul__` is one line that calls `ops.elementwise.mul`.
"""

from __future__ import annotations

import math
import warnings
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import dtypes as _dtypes
from .autograd import engine as _engine  # module references: no cycle at import time
from .autograd import function as _function
from .autograd.hooks import RemovableHandle
from .dtypes import dtype as DType
from .printing import format_tensor
from .tensor_methods import TensorMethods

if TYPE_CHECKING:
    from .autograd.function import AccumulateGrad, Function, Node


class Size(tuple):  # type: ignore[type-arg]
    """A tensor's shape: a tuple of ints that prints as `torch.Size([2, 2])`."""

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    def numel(self) -> int:
        return math.prod(self)


NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad field "
    "to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you "
    "access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See "
    "github.com/pytorch/pytorch/pull/30531 for more information."
)
FLOAT_ONLY_MESSAGE = "Only Tensors of floating point and complex dtype can require gradients"
DETACH_VIEW_MESSAGE = (
    "Can't detach views in-place. Use detach() instead. If you are using "
    "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, "
    "gradients are views of DDP buckets, and hence detach_() cannot be called on these "
    "gradients. To fix this error, please refer to the Optimizer.zero_grad() function in "
    "torch/optim/optimizer.py as the solution."
)
FLOAT_ONLY_ATTRIBUTE_MESSAGE = (
    "only Tensors of floating point and complex dtype can require gradients"
)
FLOAT_ONLY_METHOD_MESSAGE = "only Tensors of floating point dtype can require gradients"
NON_LEAF_REQUIRES_GRAD_MESSAGE = (
    "you can only change requires_grad flags of leaf variables. If you want to use a computed "
    "variable in a subgraph that doesn't require differentiation use "
    "var_no_grad = var.detach()."
)


class Tensor(TensorMethods):
    """An n-dimensional array of numbers that records the operations made with it.

    Operators and methods such as `+`, `exp()`, `sum()` are inherited from `TensorMethods`.
    """

    # Every tensor has its values, whether it requires grad, and its grad_fn: slots, set for
    # each new tensor. The rest is rarely set, so it lives in class-wide defaults and, once set,
    # in the instance's own dict (made then): an operation's output costs three stores, not
    # eleven (W2 -5%). Like PyTorch's tensors, a tensor takes any other attribute too.
    __slots__ = ("_array", "_requires_grad", "grad_fn", "__dict__", "__weakref__")
    __array_priority__ = 1000  # so that `ndarray * tensor` asks the tensor
    _array: np.ndarray
    _requires_grad: bool
    grad_fn: Function | None
    _grad: Tensor | None = None
    # shared by views of one storage; made on first need
    _version_box: list[int] | None = None
    _base: Tensor | None = None
    name: str | None = None
    # The leaf's AccumulateGrad lives as long as a graph uses it; the leaf only points at it
    # weakly (the node holds the leaf), as in PyTorch.
    _accumulator_ref: weakref.ref[AccumulateGrad] | None = None
    _retains_grad: bool = False
    # which output of its grad_fn this tensor is, for a node with several outputs (split, a
    # custom Function returning a tuple); None for the only output of a node, as almost always
    _output_nr: int | None = None
    _hooks: list[Callable[[Tensor], Tensor | None]] | None = None
    _post_accumulate_hooks: list[Callable[[Tensor], None]] | None = None

    def __init__(self, data: Any, *, requires_grad: bool = False, name: str | None = None) -> None:
        """`Tensor(data)` copies data like `torch.tensor(data)`; prefer `visgrad.tensor`."""
        _init(self, _array_from(data, None), requires_grad)
        if name is not None:
            self.name = name

    # --- values -----------------------------------------------------------------------------
    @property
    def data(self) -> Tensor:
        """The same values, cut off from the graph (shares memory; no version tracking)."""
        return _wrap(self._array)

    @data.setter
    def data(self, value: Tensor) -> None:
        self._array = value._array

    @property
    def dtype(self) -> DType:
        return _dtypes.BY_NUMPY[self._array.dtype]

    @property
    def shape(self) -> Size:
        return Size(self._array.shape)

    @property
    def ndim(self) -> int:
        return self._array.ndim

    @property
    def device(self) -> str:
        return "cpu"

    @property
    def is_leaf(self) -> bool:
        """True for tensors you created, and for results of operations that record nothing."""
        return self.grad_fn is None

    def size(self, dim: int | None = None) -> Any:
        return self.shape if dim is None else self._array.shape[dim]

    def dim(self) -> int:
        return self._array.ndim

    def numel(self) -> int:
        return int(self._array.size)

    def __len__(self) -> int:
        if self._array.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self._array)

    def item(self) -> Any:
        if self._array.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._array.size} elements cannot be converted to Scalar"
            )
        return self._array.item()

    def tolist(self) -> Any:
        return self._array.tolist()

    def numpy(self) -> np.ndarray:
        if self._requires_grad:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. "
                "Use tensor.detach().numpy() instead."
            )
        return self._array

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        """NumPy's view of the values: shared memory unless a copy or another dtype is asked."""
        array = self._array if dtype is None else self._array.astype(dtype)
        if copy and array is self._array:
            return array.copy()
        return array

    def __float__(self) -> float:
        return float(self._one_element())

    def __int__(self) -> int:
        return int(self._one_element())

    def _one_element(self) -> Any:
        """The value of a one-element tensor, for float() and int(): PyTorch's ValueError
        otherwise (`item()` raises a RuntimeError with other words)."""
        if self._array.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._array.item()

    def __bool__(self) -> bool:
        if self._array.size == 0:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        if self._array.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._array.item())

    def __index__(self) -> int:
        return int(self._array.item())

    def __iter__(self) -> Iterator[Tensor]:
        if self._array.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(len(self._array)))

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        suffixes = []
        if self.grad_fn is not None:
            # PyTorch prints the class name: `CopySlices`, not `torch::autograd::CopySlices`
            suffixes.append(f"grad_fn=<{self.grad_fn.name().rsplit('::', 1)[-1]}>")
        elif self._requires_grad:
            suffixes.append("requires_grad=True")
        return format_tensor(self._array, self.dtype.name, suffixes)

    def __format__(self, spec: str) -> str:
        if self._array.ndim == 0 and spec:
            return format(self._array.item(), spec)
        return repr(self)

    # --- autograd ---------------------------------------------------------------------------
    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        # PyTorch refuses the attribute on a non-leaf even when it changes nothing (True,
        # in fewer words), where requires_grad_() lets that pass
        if self.grad_fn is not None and value:
            raise RuntimeError("you can only change requires_grad flags of leaf variables.")
        self._set_requires_grad(value, FLOAT_ONLY_ATTRIBUTE_MESSAGE)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Start (or stop) recording operations on this leaf; returns the tensor itself."""
        self._set_requires_grad(requires_grad, FLOAT_ONLY_METHOD_MESSAGE)
        return self

    def _set_requires_grad(self, requires_grad: bool, float_only_message: str) -> None:
        # PyTorch words the dtype refusal differently for requires_grad_() and for the rest
        if self.grad_fn is not None:
            if requires_grad:
                return
            raise RuntimeError(NON_LEAF_REQUIRES_GRAD_MESSAGE)
        if requires_grad and not self._array.dtype.kind == "f":
            raise RuntimeError(float_only_message)
        self._requires_grad = bool(requires_grad)

    @property
    def grad(self) -> Tensor | None:
        """The accumulated gradient (leaves only; None until a backward reaches it)."""
        if self.grad_fn is not None and not self._retains_grad and self._grad is None:
            warnings.warn(NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        """A gradient set by hand must be a tensor (or None) of this tensor's dtype and shape."""
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    "assigned grad expected to be a Tensor or None but got grad of type "
                    f"{type(value).__name__}"
                )
            if value.dtype != self.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{value.dtype.c_name}' to a "
                    f"tensor with grad_dtype '{self.dtype.scalar_name}'. The gradient must match "
                    "the tensor's grad_dtype (defaults to the tensor's dtype). You can set the "
                    "tensor's grad_dtype attribute with a specific dtype, or None to allow any "
                    "dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its "
                    "gradient may break downstream systems that assume they match."
                )
            if value._array.shape != self._array.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value.shape)}' to a tensor "
                    f"of size '{list(self.shape)}'. Please ensure that the gradient and the "
                    "tensor are the same size"
                )
        self._grad = value

    @property
    def output_nr(self) -> int:
        """Which output of its `grad_fn` this tensor is (0 unless the node has several)."""
        return self._output_nr or 0

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    def retain_grad(self) -> None:
        """Ask backward to fill `.grad` of this non-leaf tensor too."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None or self._retains_grad:
            return
        self._retains_grad = True
        if self._output_nr is not None:  # one of several outputs: its own slot (see retained)
            if self.grad_fn._retained_outputs is None:
                self.grad_fn._retained_outputs = {}
            self.grad_fn._retained_outputs[self._output_nr] = weakref.ref(self)
        else:
            self.grad_fn._retained = weakref.ref(self)
        self.grad_fn._general_path = True

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> RemovableHandle:
        """`hook(grad)` runs when this tensor's gradient is computed; may return a replacement.
        Returns a handle whose `remove()` takes the hook off again."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:  # (one of several outputs: that output's gradient only)
            return self.grad_fn._register_tensor_hook(hook, self._output_nr or 0)
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return RemovableHandle(self._hooks, hook)

    def register_post_accumulate_grad_hook(self, hook: Callable[[Tensor], None]) -> RemovableHandle:
        """`hook(tensor)` runs once backward has added into this leaf's `.grad` (an optimizer
        may step there, as soon as the gradient is ready); it returns nothing."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError(
                "post accumulate grad hooks cannot be registered on non-leaf tensors"
            )
        if self._post_accumulate_hooks is None:
            self._post_accumulate_hooks = []
        self._post_accumulate_hooks.append(hook)
        return RemovableHandle(self._post_accumulate_hooks, hook)

    def backward(
        self,
        gradient: Tensor | None = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Sequence[Tensor] | Tensor | None = None,
    ) -> None:
        """Compute the gradient of this tensor with respect to the leaves, into their `.grad`.

        A one-element tensor needs no `gradient`; otherwise pass `gradient` (same shape): the
        result is then the vector-Jacobian product gradientᵀ·J.
        """
        if isinstance(inputs, Tensor):
            inputs = [inputs]
        # Anything but a tensor is read as a sequence of gradients, as PyTorch reads it: a list
        # of numbers is then refused (as is a number, which is no sequence)
        gradients = [gradient] if gradient is None or isinstance(gradient, Tensor) else gradient
        _engine.run_backward([self], list(gradients), retain_graph, create_graph, inputs)

    def detach(self) -> Tensor:
        """The same values (shared memory and version counter), with no history."""
        out = _wrap(self._array)
        out._version_box = self._shared_version_box()
        return out

    def detach_(self) -> Tensor:
        """Cut this tensor from its history, in place (a view cannot be: use detach())."""
        if self._base is not None:
            raise RuntimeError(DETACH_VIEW_MESSAGE)
        self._shared_version_box()  # (as in _replace_grad_fn)
        self.grad_fn = None
        self._requires_grad = False
        return self

    def _gradient_node(self) -> Node:
        """Where gradient for this tensor goes: its grad_fn, or its leaf's AccumulateGrad."""
        if self.grad_fn is not None:
            return self.grad_fn
        node = self._live_accumulator()
        if node is None:
            node = _function.AccumulateGrad(self)
            self._accumulator_ref = weakref.ref(node)
        return node

    def _live_accumulator(self) -> AccumulateGrad | None:
        """This leaf's AccumulateGrad node, if a graph still holds one."""
        return self._accumulator_ref() if self._accumulator_ref is not None else None

    # --- the version counter: how many times the memory was changed in place -----------
    @property
    def _version(self) -> int:
        box = self._version_box
        return box[0] if box is not None else 0

    def _shared_version_box(self) -> list[int]:
        """The counter a view shares with this tensor (made here if it did not exist yet).
        Made lazily: most tensors are never changed in place. When made for a tensor its own
        grad_fn saved (see `_SavedOutput`), the node's copy counts with it from then on."""
        if self._version_box is None:
            node = self.grad_fn
            box = _function.output_version_box(node, self._array) if node is not None else None
            self._version_box = [0] if box is None else box
        return self._version_box

    def _bump_version(self) -> None:
        self._shared_version_box()[0] += 1

    def _replace_grad_fn(self, node: Function | None) -> None:
        """A recorded in-place operation gives this tensor a new history."""
        self._shared_version_box()  # (made while the old grad_fn can still share it)
        self.grad_fn = node

    def _accumulate_grad(self, grad: Any, create_graph: bool, sole: bool = False) -> None:
        """`.grad += grad`: the first gradient is copied in, later ones are added.

        grad: a NumPy array (or a tensor) as the engine carries it; with create_graph a tensor
        with a graph, which `.grad` then keeps.
        sole: nothing but the engine holds `grad` (see engine.sole_holder): a first gradient
        of this tensor's dtype and shape, laid out in order, is then taken as it is (W5: three
        weight gradients, 2.7 MB, not copied)."""
        if create_graph:
            self._grad = grad if self._grad is None else self._grad + grad
            return
        values = grad._array if isinstance(grad, Tensor) else grad
        if self._grad is None:
            dtype = self._array.dtype
            if sole and values.dtype is dtype and values.shape == self._array.shape:
                flags = values.flags
                if flags.c_contiguous and flags.writeable:
                    self._grad = _wrap(values)
                    return
                self._grad = _wrap(values.copy())
            elif type(values) is np.ndarray and values.dtype is dtype:
                self._grad = _wrap(values.copy())  # (half the time of np.array's copy)
            else:
                self._grad = _wrap(np.array(values, dtype=dtype, copy=True))
        else:
            # in place, as PyTorch does: a reference to .grad taken earlier sees the sum
            np.add(self._grad._array, values, out=self._grad._array, casting="unsafe")
            self._grad._bump_version()

    def __deepcopy__(self, memo: dict[int, Any]) -> Tensor:
        if self.grad_fn is not None:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the "
                "deepcopy protocol at the moment."
            )
        out = _wrap(self._array.copy(), self._requires_grad)
        out.name = self.name
        return out


# --- making tensors -----------------------------------------------------------------------
def _init(t: Tensor, array: np.ndarray, requires_grad: bool) -> None:
    """Fill a new tensor's slots (the other fields keep their class-wide defaults)."""
    t._array = array
    t._requires_grad = False
    t.grad_fn = None
    if requires_grad:
        t._set_requires_grad(True, FLOAT_ONLY_MESSAGE)


class _Number(Tensor):
    """A Python number an operation was given (the 3 in `x * 3`) as a 0-d constant tensor.
    Nobody else holds it, so a node keeps only its array (see `Function.save_for_backward`)."""

    __slots__ = ()


class _SavedOutput(Tensor):
    """What a node keeps of its own output when it saves it (tanh, exp, relu, sigmoid, ...):
    the output's array and version counter, in a tensor of its own that does not point back
    at the node. Keeping the output itself would make a cycle (output -> grad_fn -> output)
    that only the garbage collector frees, so a forward never followed by backward would
    hold its outputs' memory until a collection. PyTorch does the same: its saved output is
    unpacked as a new tensor, `y.grad_fn._saved_result is y` is False.
    It is read back as a new tensor with the node as its grad_fn (see function._unkept). Its
    version counter is the output's, made when the output first gets one (see
    `Tensor._shared_version_box`); until then both are at version 0."""

    __slots__ = ("_version_box",)  # always set: a slot, not a dict of its own


def _number(array: np.ndarray) -> Tensor:
    """The 0-d constant tensor of a Python number (see `_Number`)."""
    t = _new_object(_Number)
    _init(t, array, False)
    return t


def _wrap(array: np.ndarray, requires_grad: bool = False) -> Tensor:
    """A new leaf tensor around `array` (no copy): the fast path every operation uses."""
    # _init's three stores written out: one call less on every operation's output
    t = _new_object(Tensor)
    t._array = array
    t._requires_grad = False
    t.grad_fn = None
    if requires_grad:
        t._set_requires_grad(True, FLOAT_ONLY_MESSAGE)
    return t


_new_object = object.__new__


def _make_subclass(cls: type[Tensor], data: Tensor, requires_grad: bool) -> Tensor:
    """A `cls` tensor sharing `data`'s memory and version counter, with no history (what
    PyTorch's `Tensor._make_subclass` gives `nn.Parameter`)."""
    made = object.__new__(cls)
    _init(made, data._array, False)
    made._version_box = data._shared_version_box()
    made._set_requires_grad(requires_grad, FLOAT_ONLY_MESSAGE)
    return made


def _array_from(data: Any, dtype: DType | None) -> np.ndarray:
    """A fresh NumPy array for `data`, with PyTorch's default dtypes (float32, int64)."""
    if isinstance(data, Tensor):
        array = np.array(data._array, copy=True)
    else:
        if isinstance(data, (list, tuple)) and _contains_tensors(data):
            data = _nested_values(data)
        array = np.array(data, copy=True)
        if array.dtype.kind == "f" and array.dtype != np.float16 and dtype is None:
            if not isinstance(data, np.ndarray):
                array = array.astype(_dtypes.DEFAULT_FLOAT.numpy)
        elif array.dtype.kind in "iu" and dtype is None and not isinstance(data, np.ndarray):
            array = array.astype(_dtypes.DEFAULT_INT.numpy)
    if dtype is not None:
        array = array.astype(dtype.numpy)
    elif array.dtype not in _dtypes.BY_NUMPY:
        _dtypes.from_numpy_dtype(array.dtype)  # raises with PyTorch's message
    return array


def _contains_tensors(data: Sequence[Any]) -> bool:
    return any(
        isinstance(x, Tensor) or isinstance(x, (list, tuple)) and _contains_tensors(x) for x in data
    )


def _nested_values(data: Any) -> Any:
    if isinstance(data, Tensor):
        return data._array.tolist()
    if isinstance(data, (list, tuple)):
        return [_nested_values(x) for x in data]
    return data


def tensor(
    data: Any,
    dtype: DType | None = None,
    requires_grad: bool = False,
    name: str | None = None,
    device: Any = None,
) -> Tensor:
    """A new leaf tensor holding a copy of `data` (numbers, nested lists, arrays)."""
    t = _wrap(_array_from(data, dtype), requires_grad)
    if name is not None:
        t.name = name
    return t
