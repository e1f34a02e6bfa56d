"""The nodes of the backward graph, and `Function`, the one protocol every operation follows.

A tensor made by an operation points at a node (`tensor.grad_fn`). A node knows where the
gradient goes next (`next_functions`: one `(node, 0)` pair per tensor input, `None` for an input
that needs no gradient) and keeps what its backward needs (`ctx.save_for_backward`).

An operation is a `Function` subclass with `forward(ctx, *inputs)` and `backward(ctx, grad)`
side by side, exactly like a PyTorch custom function. The node object is the `ctx` its forward
saw: `MulBackward0` is a `Mul` instance. Leaves that require grad end in an `AccumulateGrad`
node, which adds the gradient into the leaf's `.grad`.
"""

from __future__ import annotations

import itertools
import operator
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .. import _tensor
from .grad_mode import _state as _grad_state
from .hooks import RemovableHandle

if TYPE_CHECKING:
    from .._tensor import Tensor

# Every node gets the next number: the ids of pictures and the engine's tie-break come from it.
_sequence = itertools.count()

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you "
    "call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward "
    "through the graph a second time or if you need to access saved tensors after calling "
    "backward."
)

Edge = tuple["Node | None", int]
_CONSTANT_SIZE_KEPT = 16


class Node:
    """A node of the backward graph: a `grad_fn`, or the `AccumulateGrad` of a leaf."""

    # Slots, not a per-node dict, for what every node has: the backward graph can hold a
    # million nodes, and fewer objects per node means less work for Python's garbage collector
    # (measured: 100,000 recorded multiplications went from 2.3 s to well under 1 s).
    __slots__ = ("_sequence_nr", "_next_nodes", "__dict__", "__weakref__")
    # where the gradient goes next, one entry per tensor input (None: that input needs none)
    _next_nodes: tuple[Node | None, ...]
    _sequence_nr: int
    # Built-in operations' backward rules also take NumPy arrays (see `Op`); a user's backward
    # always gets and returns tensors, as in PyTorch (and AccumulateGrad is the engine's own).
    _backward_takes_arrays: ClassVar[bool] = False
    # True once the engine's fast path will not do for this node: it has hooks, a retained
    # output, several outputs, or an input that was one of several outputs (see engine)
    _general_path: bool = False
    # A node with several outputs (see `several_outputs`) stores how many; None: one output.
    _output_count: int | None = None
    # Which output of its node each input was, when some input was one of several outputs;
    # None (the class-wide default) when every edge goes to output 0, as almost always.
    _next_output_nrs: tuple[int, ...] | None = None

    @property
    def next_functions(self) -> tuple[Edge, ...]:
        """PyTorch's view of the edges: `((node, 0), (None, 0), ...)`, where the number says
        which output of that node the input was (only a node with several outputs has more)."""
        if self._next_output_nrs is not None:
            return tuple(zip(self._next_nodes, self._next_output_nrs))
        return tuple((node, 0) for node in self._next_nodes)

    def name(self) -> str:
        """PyTorch's name for this node, e.g. `MulBackward0`."""
        return type(self).__name__

    @property
    def metadata(self) -> dict[Any, Any]:
        """A dict for the user's own notes on this node (PyTorch's `grad_fn.metadata`), made
        on first use: most nodes never have one."""
        notes = self.__dict__.get("_metadata")
        if notes is None:
            notes = self.__dict__["_metadata"] = {}
        return notes

    def __repr__(self) -> str:
        # PyTorch adds "at 0x7f...": we leave the address out so printed output is reproducible.
        return f"<{self.name().removeprefix('torch::autograd::')} object>"


class AccumulateGrad(Node):
    """The end of the road for a leaf that requires grad: `leaf.grad += gradient`."""

    def __init__(self, variable: Tensor) -> None:
        self.variable = variable  # the leaf whose `.grad` this node accumulates into
        self._sequence_nr = next(_sequence)
        self._next_nodes = ()

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"


class _NullContext:
    """The ctx of an operation that records nothing (no input needs grad, or under no_grad).
    A new one each time (0.05 µs): forwards store things on their ctx and some read them back
    (Mean's count), so a shared one would keep the last values alive (an index array, say) and
    could hand one thread's values to another."""

    def save_for_backward(self, *tensors: Any) -> None:
        pass

    def mark_non_differentiable(self, *tensors: Any) -> None:
        pass

    def set_materialize_grads(self, value: bool) -> None:
        pass


class Function(Node):
    """A differentiable operation. Subclass it and write, side by side:

        @staticmethod
        def forward(ctx, *inputs): ...        # the value; save what backward needs
        @staticmethod
        def backward(ctx, grad_output): ...   # one gradient per input (None where none)

    then call `YourFunction.apply(*inputs)`. `forward` runs with recording off; `backward`
    receives and returns tensors, so with `create_graph=True` its own operations are recorded
    and gradients of gradients work.
    """

    # Names of the saved tensors, in save order, shown as `_saved_<name>` (PyTorch's attributes).
    saved_names: ClassVar[tuple[str, ...]] = ()
    # Other values backward reads that PyTorch shows as `_saved_<name>` (Pow's exponent).
    saved_attributes: ClassVar[tuple[str, ...]] = ()
    # Built-in operations compute on NumPy arrays and record nothing themselves, so they skip
    # switching the grad mode off around forward (a measurable cost on small tensors).
    _forward_is_plain_numpy: ClassVar[bool] = False

    __slots__ = ("needs_input_grad", "_saved", "_constants")
    needs_input_grad: tuple[bool, ...]
    # what forward saved, as kept (see `_kept`); None once freed
    _saved: tuple[Tensor | np.ndarray | None, ...] | None
    # the version of each saved tensor; None (the class-wide default, so that most nodes store
    # nothing here) when all were at version 0, as most tensors are never changed in place
    _saved_versions: tuple[int, ...] | None = None
    # small inputs that need no gradient (the 2 in `x + 2`), kept (see `_kept`) so pictures
    # can show them: at their edge slot (None elsewhere), or () when there are none
    _constants: tuple[Tensor | np.ndarray | None, ...]
    # Rarely set: class-wide defaults, stored on a node only when they differ.
    _tensor_positions: tuple[int, ...] | None = None  # which inputs were tensors, if not all
    # hooks of the tensors it made (`y.register_hook`), by output number (0 for the only one),
    # and the node's own (`register_prehook`, `register_hook`), which see tuples of gradients
    _output_hooks: dict[int, list[Any]] | None = None
    _pre_hooks: list[Any] | None = None
    _post_hooks: list[Any] | None = None
    _retained: weakref.ref[Tensor] | None = None
    # a user's Function: the input shapes its backward's gradients are checked against
    _input_shapes: tuple[tuple[int, ...], ...] | None = None
    # a node with several outputs: each output's shape and dtype (for zeros, see several_outputs),
    # and, by output number, the retain_grad() of its output tensors
    _output_metadata: list[tuple[tuple[int, ...], np.dtype]] | None = None
    _non_differentiable: tuple[Tensor, ...] = ()  # (see mark_non_differentiable)
    _materialize_grads: bool = True
    _retained_outputs: dict[int, weakref.ref[Tensor]] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Give the node class PyTorch's view of what it saved: `_saved_self`, `_saved_other`
        (the saved tensors, by `saved_names`) and `_saved_alpha`, ... (`saved_attributes`).

        Properties made here rather than a `__getattr__`: a class with `__getattr__` makes
        every attribute read on its nodes slower (Python cannot specialise them), and the
        engine reads node attributes all the time (W2's backward -8%)."""
        super().__init_subclass__(**kwargs)
        for index, name in enumerate(cls.__dict__.get("saved_names", ())):
            setattr(cls, f"_saved_{name}", property(_saved_tensor_reader(index)))
        for name in cls.__dict__.get("saved_attributes", ()):
            setattr(cls, f"_saved_{name}", property(operator.attrgetter(name)))

    def __init__(self) -> None:
        self._sequence_nr = next(_sequence)
        self._next_nodes = ()
        self.needs_input_grad = ()
        self._saved = ()
        self._constants = ()

    def name(self) -> str:
        return type(self).__name__ + "Backward"

    def __call__(self, *grad_outputs: Tensor) -> Any:
        """Run this node's backward by hand, as PyTorch lets you call a grad_fn: the gradients
        it would send, one per `next_functions` edge (None where none goes; a node with one
        edge gives its tensor alone). No hook runs and nothing is freed; in grad mode the
        rule's operations are recorded."""
        from .engine import call_node

        return call_node(self, grad_outputs)

    # --- what forward says about its outputs -------------------------------------------------
    def mark_non_differentiable(self, *tensors: Tensor) -> None:
        """These outputs (indices, masks) get no gradient: they come out not requiring grad,
        and backward receives zeros for them."""
        self._non_differentiable = tuple(tensors)

    def set_materialize_grads(self, value: bool) -> None:
        """With False, backward receives None (not zeros) for an output whose gradient never
        arrived (of several outputs, one that nothing used)."""
        self._materialize_grads = bool(value)

    # --- what forward saves, backward reads -------------------------------------------------
    def save_for_backward(self, *tensors: Tensor | None) -> None:
        """Keep tensors for backward; changing one in place before backward is an error."""
        self._saved = tensors
        number_class = _tensor._Number
        for t in tensors:
            if t is None:
                continue
            if type(t) is number_class:
                self._saved = tuple(map(_kept, tensors))
            elif t._version_box is not None and t._version_box[0]:  # (None: all at 0)
                self._saved_versions = tuple([0 if s is None else s._version for s in tensors])

    @property
    def _freed(self) -> bool:
        """True once backward has freed what forward saved."""
        return self._saved is None

    def _checked_saved(self) -> tuple[Tensor | np.ndarray | None, ...]:
        """What forward saved, as kept, checked: freed after backward, unchanged since saved."""
        saved: Any = self._saved  # tensors, numbers' arrays (see `_kept`), None
        if saved is None:
            raise RuntimeError(FREED_MESSAGE)
        for i, t in enumerate(saved):
            if type(t) is not np.ndarray and t is not None and t._version_box is not None:
                self._check_version(i, t)  # (no box: never changed in place)
        return saved

    def _check_version(self, index: int, saved: Tensor) -> None:
        """Refuse a saved tensor that was changed in place after forward saved it."""
        version = 0 if self._saved_versions is None else self._saved_versions[index]
        box = saved._version_box
        if (box[0] if box is not None else 0) != version:
            raise RuntimeError(_modified_in_place_message(_unkept(saved, self), version))

    @property
    def saved_tensors(self) -> tuple[Tensor | None, ...]:
        """The tensors forward saved, checked: freed after backward, unchanged since saved."""
        return tuple(_unkept(t, self) for t in self._checked_saved())

    def saved_values(self, grad: Any) -> Sequence[Any]:
        """What forward saved, in the same form as `grad` (see `Op`): the tensors themselves
        when the backward is being recorded (`grad` is a tensor), else their NumPy arrays.

        An array comes back in grad's dtype, the one forward computed in: NumPy alone would
        compute float32·int64 in float64, where PyTorch (and a tensor rule) keeps float32."""
        if isinstance(grad, _tensor.Tensor):
            return self.saved_tensors
        saved: Any = self._saved  # as in _checked_saved
        if saved is None:
            raise RuntimeError(FREED_MESSAGE)
        dtype = grad.dtype
        # A saved 0-d array goes to the rule as a NumPy scalar when grad is one too: NumPy
        # multiplies two scalars in 0.04 µs, a scalar and a 0-d array in 0.45 µs (W3 -4%);
        # next to an array it stays 0-d (array · scalar costs 0.5 µs, array · 0-d 0.34 µs)
        as_scalar = grad.ndim == 0
        arrays: list[Any] = []
        index = 0
        for t in saved:  # (written out: every backward rule passes here, 0.1 µs a tensor)
            if t is not None:
                if type(t) is not np.ndarray:  # (an array: a number's constant, see `_kept`)
                    box = t._version_box  # (None: never changed in place)
                    if box is not None and (box[0] or self._saved_versions is not None):
                        self._check_version(index, t)  # (a parameter: at its version since)
                    t = t._array
                if t.dtype is not dtype and t.dtype != dtype:
                    t = t.astype(dtype)
                if as_scalar and t.ndim == 0:
                    t = t[()]
            arrays.append(t)
            index += 1
        return arrays

    def saved_items(self) -> list[tuple[str, Tensor]]:
        """(name, tensor) for each saved tensor, for pictures; empty once freed. A node's own
        output comes back as a new tensor on each call (see `_unkept`), as in PyTorch."""
        saved = self._saved
        if saved is None:
            return []
        names = type(self).saved_names or tuple(f"{i}" for i in range(len(saved)))
        return [(n, _unkept(t, self)) for n, t in zip(names, saved) if t is not None]

    def release_saved(self) -> None:
        """Free the saved tensors (done by backward unless retain_graph=True). A node that
        saved nothing has nothing to free, and can run again (`AddBackward0`, as in PyTorch)."""
        if self._saved:
            self._saved = None

    def constant_inputs(self) -> list[tuple[int, Tensor]]:
        """(edge slot, tensor) for the small inputs that needed no gradient, e.g. the 2 in
        `x + 2` (PyTorch keeps none of them; visgrad keeps up to 16 numbers each, to draw)."""
        return [(slot, _unkept(t)) for slot, t in enumerate(self._constants) if t is not None]

    def register_prehook(self, hook: Any) -> RemovableHandle:
        """Call `hook(grad_outputs)` before this node's backward, with a tuple of the gradients
        of its outputs; a tuple it returns replaces them."""
        if self._pre_hooks is None:
            self._pre_hooks = []
        self._general_path = True
        self._pre_hooks.append(hook)
        return RemovableHandle(self._pre_hooks, hook)

    def register_hook(self, hook: Any) -> RemovableHandle:
        """Call `hook(grad_inputs, grad_outputs)` after this node's backward, with a tuple of
        the gradients it sends (one per `next_functions` edge, None where none goes) and the
        tuple it received; a tuple it returns replaces what is sent."""
        if self._post_hooks is None:
            self._post_hooks = []
        self._general_path = True
        self._post_hooks.append(hook)
        return RemovableHandle(self._post_hooks, hook)

    def _register_tensor_hook(self, hook: Any, output_nr: int = 0) -> RemovableHandle:
        """A hook of the tensor this node made (`Tensor.register_hook`; of several outputs,
        output `output_nr`): it sees that output's gradient as a tensor, first, and may return
        a replacement."""
        if self._output_hooks is None:
            self._output_hooks = {}
        self._general_path = True
        hooks = self._output_hooks.setdefault(output_nr, [])
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    @staticmethod
    def forward(ctx: Any, *args: Any) -> Any:
        raise NotImplementedError(
            "You must implement the forward function for custom autograd.Function."
        )

    @staticmethod
    def backward(ctx: Any, *grad_outputs: Any) -> Any:
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom "
            "autograd.Function to use it with backward mode AD."
        )

    @staticmethod
    def setup_context(ctx: Any, inputs: tuple[Any, ...], output: Any) -> Any:
        """PyTorch 2's other way to write a Function: `forward(*inputs)` without ctx, then
        `setup_context(ctx, inputs, output)` saves what backward needs. Define it to use it."""
        raise NotImplementedError("setup_context is not defined for this Function")

    # --- running an operation ---------------------------------------------------------------
    @classmethod
    def apply(cls, *args: Any) -> Any:
        """Run forward; if any input requires grad (and grad mode is on), record a node.
        Returns a tensor, or a tuple of tensors when forward returned a tuple."""
        tensor_class = _tensor.Tensor
        if _grad_state.enabled:
            for a in args:
                if isinstance(a, tensor_class) and a._requires_grad:
                    return _recorded(cls, args)
        if cls._forward_is_plain_numpy:
            result = cls.forward(_new_object(_NullContext), *args)
        else:
            ctx = cls()  # (a user's forward may read which inputs require grad, as in PyTorch)
            ctx.needs_input_grad = tuple(
                [isinstance(a, tensor_class) and a._requires_grad for a in args]
            )
            result = _forward_without_grad(cls, ctx, args)
        if type(result) is np.ndarray:
            return _tensor._wrap(result)
        if isinstance(result, tensor_class):
            return result
        if type(result) is tuple:  # several outputs
            return tuple(r if isinstance(r, tensor_class) else _tensor._wrap(np.asarray(r))
                         for r in result)
        return _tensor._wrap(np.asarray(result))


def _recorded(cls: type[Function], args: tuple[Any, ...]) -> Any:
    """Run forward with a new node as its ctx; the output tensor points at the node.

    Every recorded operation passes here, so it is written for speed: the node is filled in
    here rather than by `cls()` (whose __init__ call costs 0.3 µs), and one pass over the
    inputs finds the edges and the constants to keep (each Python-level step costs 0.03-0.1 µs,
    against 0.3 µs for NumPy to add two 4x4 arrays)."""
    tensor_class = _tensor.Tensor
    node = _new_object(cls)
    node._sequence_nr = next(_sequence)
    node._saved = ()
    edges: list[Node | None] = []
    constants: list[Tensor | np.ndarray | None] | None = None
    output_nrs: dict[int, int] | None = None  # edge slot -> output number, see below
    for a in args:
        if isinstance(a, tensor_class):
            edge: Node | None = a.grad_fn
            if edge is None:
                if a._requires_grad:
                    edge = a._gradient_node()
                elif a._array.size <= _CONSTANT_SIZE_KEPT:  # kept to be drawn (see _kept)
                    if constants is None:
                        constants = [None] * len(args)
                    constants[len(edges)] = _kept(a)
            elif a._output_nr is not None:  # one of several outputs of its node
                if output_nrs is None:
                    output_nrs = {}
                output_nrs[len(edges)] = a._output_nr
            edges.append(edge)
    count = len(edges)
    node._next_nodes = next_nodes = tuple(edges)
    if output_nrs is not None:
        node._next_output_nrs = tuple([output_nrs.get(slot, 0) for slot in range(count)])
        node._general_path = True  # (its gradients are labelled on delivery: several_outputs)
    if count == len(args):  # all inputs are tensors (most operations)
        if count == 2:  # one of four shared tuples: an object less per node to make and free
            node.needs_input_grad = _NEEDS_OF_TWO[next_nodes[0] is not None][
                next_nodes[1] is not None
            ]
        elif count == 1:
            node.needs_input_grad = _NEEDS_OF_ONE[next_nodes[0] is not None]
        else:
            node.needs_input_grad = tuple([edge is not None for edge in next_nodes])
    elif count == 1 and len(args) <= len(_NEEDS_OF_FIRST) and isinstance(args[0], tensor_class):
        # one tensor, then options (`sum(x, dim)`, `x.T`, `x ** 2`): the tensor is what made
        # this op recorded, so it needs a gradient and the options do not (shared tuples)
        node.needs_input_grad = _NEEDS_OF_FIRST[len(args) - 1]
        node._tensor_positions = _FIRST
    else:  # (list comprehensions: a third faster than generators here)
        node.needs_input_grad = tuple(
            [
                isinstance(a, tensor_class) and (a.grad_fn is not None or a._requires_grad)
                for a in args
            ]
        )
        node._tensor_positions = tuple(
            [i for i, a in enumerate(args) if isinstance(a, tensor_class)]
        )
    node._constants = () if constants is None else tuple(constants[:count])
    if cls._forward_is_plain_numpy:
        result = cls.forward(node, *args)
    else:
        node._input_shapes = tuple(a._array.shape for a in args if isinstance(a, tensor_class))
        result = _forward_without_grad(cls, node, args)

    if type(result) is not np.ndarray:
        if not isinstance(result, np.generic):
            return _other_output(node, result)
        result = np.asarray(result)  # (NumPy's answer for 0-d arrays: a scalar; W3 -4%)
    # what built-in operations return: an array, for a new tensor made here
    if result.dtype.kind != "f":
        raise RuntimeError(_tensor.FLOAT_ONLY_MESSAGE)
    output = _new_object(tensor_class)
    output._array = result
    output._requires_grad = True
    output.grad_fn = node
    return output


def _other_output(node: Function, result: Any) -> Any:
    """The output(s) of a forward that returned something else than an array: a tuple (see
    `_outputs_of_several`), a tensor (a user's forward), or anything NumPy reads."""
    if type(result) is tuple:
        return _outputs_of_several(node, result)
    output = _output_tensor(node, result)
    if node._non_differentiable and _is_marked(node, result):
        return output
    if output._array.dtype.kind != "f":
        raise RuntimeError(_tensor.FLOAT_ONLY_MESSAGE)
    output.grad_fn = node
    output._requires_grad = True
    return output


def _output_tensor(node: Function, result: Any) -> Tensor:
    """What forward returned (a tensor, or something NumPy reads) as a new output tensor."""
    if isinstance(result, _tensor.Tensor):
        if result.grad_fn is not None or result._requires_grad:
            # forward returned an input (or another recorded tensor): output a new tensor
            return _tensor._wrap(result._array)
        if node._saved:
            _keep_own_output_apart(node, result)
        return result
    return _tensor._wrap(np.asarray(result))


def _outputs_of_several(node: Function, results: tuple[Any, ...]) -> tuple[Tensor, ...]:
    """The outputs of a forward that returned a tuple: one node, each output numbered
    (`output_nr`), as PyTorch records `split` or a custom Function returning several tensors.
    Outputs that are not floating point (indices, counts) need no gradient, as in PyTorch."""
    outputs = tuple(_output_tensor(node, r) for r in results)
    node._output_count = len(outputs)
    node._output_metadata = [(t._array.shape, t._array.dtype) for t in outputs]
    node._general_path = True  # (its buffer holds one gradient per output: several_outputs)
    for nr, (output, result) in enumerate(zip(outputs, results)):
        if output._array.dtype.kind == "f" and not _is_marked(node, result):
            output.grad_fn = node
            output._requires_grad = True
            output._output_nr = nr
            for kept in node._saved or ():  # (its copy, if saved: unpacked as this output)
                if type(kept) is _tensor._SavedOutput and kept._array is output._array:
                    kept._output_nr = nr
    return outputs


def _is_marked(node: Function, result: Any) -> bool:
    """Did forward mark this output as non-differentiable?"""
    return any(result is t for t in node._non_differentiable)


_new_object = object.__new__
# needs_input_grad of one and two tensor inputs, indexed by whether each needs a gradient
_NEEDS_OF_ONE = ((False,), (True,))
_NEEDS_OF_TWO = (((False, False), (False, True)), ((True, False), (True, True)))
# needs_input_grad of one tensor followed by 0-7 options, indexed by how many options
_NEEDS_OF_FIRST = tuple((True,) + (False,) * options for options in range(8))
_FIRST = (0,)


def _keep_own_output_apart(node: Function, output: Tensor) -> None:
    """If forward saved the tensor it returns (`result`), the node keeps a `_SavedOutput` of
    it instead: same array, same version counter, no reference back to the node (so no
    cycle, see `_SavedOutput`). An in-place change of the output still bumps the counter
    the node checks in backward (see `output_version_box`). (0.3 µs an operation.)"""
    saved: Any = node._saved  # (not None: forward saved something)
    # built-in operations save their result first; `in` would call tensors' elementwise ==
    if saved[0] is not output and not any([t is output for t in saved]):
        return
    apart = _new_object(_tensor._SavedOutput)
    apart._array, apart._requires_grad, apart.grad_fn = output._array, False, None
    apart._version_box = output._version_box  # (None: made later, see output_version_box)
    if len(saved) == 1:
        node._saved = (apart,)
    else:
        node._saved = tuple([apart if t is output else t for t in saved])


def output_version_box(node: Node, array: np.ndarray) -> list[int] | None:
    """The version counter for a tensor made by `node` and backed by `array`, when the node
    keeps that tensor apart (see `_keep_own_output_apart`): the one the node's copy already
    has, or a new one they both get. None when the node keeps no such copy."""
    saved = getattr(node, "_saved", None)
    for t in saved or ():
        if type(t) is _tensor._SavedOutput and t._array is array:
            if t._version_box is None:
                t._version_box = [0]
            return t._version_box
    return None


def _saved_tensor_reader(index: int) -> Callable[[Function], Any]:
    """Reads the `index`-th saved tensor of a node (for its `_saved_<name>` property)."""

    def read(node: Function) -> Any:
        if node._saved is None:
            raise RuntimeError(FREED_MESSAGE)
        return _unkept(node._saved[index], node)

    return read


def _kept(t: Any) -> Any:
    """What a node keeps of a tensor it saves or draws: the tensor itself, but of a Python
    number's constant (the 3 in `x * 3`, which nobody else holds) only its array, an object
    the garbage collector does not track; `_unkept` makes it a tensor again when asked.
    A chain of `y * 0.9999 + 0.0001` then leaves 6 tracked objects per pair of ops instead
    of 10, and the collector's full passes over the growing graph shrink (W3 at 100k ops,
    with torch loaded in the process: 0.60 s -> 0.45 s of collection, -10% in all)."""
    return t._array if type(t) is _tensor._Number else t


def _unkept(t: Any, node: Function | None = None) -> Any:
    """A kept value as a tensor again: a number's array becomes a new constant tensor, with
    values of its own (the kept array may be shared, see `number_operand`); a node's own
    output (see `_SavedOutput`) becomes a new tensor made by the node, as PyTorch unpacks it:
    the output's values, memory and version, `grad_fn` the node."""
    if type(t) is np.ndarray:
        return _tensor._wrap(t.copy())
    if type(t) is _tensor._SavedOutput and node is not None:
        output = _tensor._wrap(t._array)
        output._version_box = t._version_box
        output.grad_fn, output._requires_grad = node, True
        if t._output_nr is not None:  # (one of several outputs, see _outputs_of_several)
            output._output_nr = t._output_nr
        return output
    return t


def _forward_without_grad(cls: type[Function], node: Function, args: tuple[Any, ...]) -> Any:
    """A user's forward may use tensor operations: they must not be recorded. A Function that
    defines `setup_context` has a forward without ctx: setup_context then gets the inputs and
    the output (PyTorch 2's style)."""
    previous = _grad_state.enabled
    _grad_state.enabled = False
    try:
        if cls.setup_context is Function.setup_context:
            return cls.forward(node, *args)
        output = cls.forward(*args)
        cls.setup_context(node, args, output)
        return output
    finally:
        _grad_state.enabled = previous


def _modified_in_place_message(saved: Tensor, expected_version: int) -> str:
    """PyTorch's words for a saved tensor changed in place before backward. Like PyTorch it
    names the tensor's grad_fn now: the in-place operation that changed it, if recorded (for
    a node's own output, the node: see `_unkept`)."""
    shape = ", ".join(str(n) for n in saved.shape)
    described = f"[torch.{saved.dtype.legacy_name} [{shape}]]"
    maker = saved.grad_fn
    if maker is not None:
        name = maker.name()
        name = name[: name.rfind("Backward")] if "Backward" in name else name
        described += f", which is output {saved.output_nr} of {name},"
    return (
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: {described} is at version {saved._version}; expected version "
        f"{expected_version} instead. Hint: enable anomaly detection to find the operation that "
        "failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, "
        "check_nan=False)."
    )


class Op(Function):
    """A built-in operation: forward computes on the inputs' NumPy arrays, and backward is
    written once for two kinds of values.

    Usually nobody wants a graph of the backward pass (`create_graph=False`): the engine then
    hands `backward` the gradient as a NumPy array, `ctx.saved_values(grad)` gives arrays, and
    the rule returns arrays, costing what NumPy costs. With `create_graph=True` the same rule
    gets tensors and its operations are recorded. Rules use the operators both kinds share and
    the few functions of `visgrad.ops._math` that dispatch on the kind.

    Its node is named like PyTorch's (`Mul` records `MulBackward0`); `node_name` overrides.
    """

    node_name: ClassVar[str | None] = None
    _forward_is_plain_numpy = True
    _backward_takes_arrays = True

    def name(self) -> str:
        return self.node_name or type(self).__name__ + "Backward0"
