"""The backward pass: one generator of steps that `.backward()`, `autograd.grad` and the
visualizer's player all consume.

How it walks (no recursion, so a chain of a million operations is fine):
1. From the roots, find every node that gradient can reach and count, for each node, how many
   edges lead into it (its dependencies).
2. A node is ready when every edge into it has delivered its gradient. Among ready nodes the
   most recently created runs first, as in PyTorch.
3. Running a node: sum of gradients in -> its `backward` -> one gradient per `next_functions`
   edge, added into the buffer of the node at the other end. A leaf's `AccumulateGrad` adds the
   gradient into `leaf.grad`.
Each node run is yielded as a `BackwardStep`. Buffers are dropped as soon as they are used, and
saved tensors are freed after their node runs unless `retain_graph=True`.
Gradients travel as NumPy arrays, so a built-in rule costs what NumPy costs; only with
`create_graph=True` do they travel as tensors, whose operations are then recorded (see `Op`).
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .. import _tensor
from .function import AccumulateGrad, Function, Node
from .grad_mode import _state as _grad_state
from .several_outputs import OutputGrads, labelled_for_outputs, zeros_for_missing

if TYPE_CHECKING:
    from .._tensor import Tensor


class BackwardStep(NamedTuple):
    """One node run by the backward pass (a plain record: cheap to make, easy to keep).

    node: the grad_fn (or AccumulateGrad) that ran
    grad_output: the gradient that arrived at it (summed over the edges into it)
    grad_inputs: what it sent along each of its `next_functions` edges (None: nothing sent)

    The gradients are NumPy arrays, or tensors when the pass records a graph of itself
    (`create_graph=True`); `np.asarray` reads both.
    """

    node: Node
    grad_output: Any
    grad_inputs: tuple[Any, ...]


def backward_steps(
    roots: Sequence[Node],
    root_grads: Sequence[Tensor],
    *,
    retain_graph: bool = False,
    create_graph: bool = False,
    accumulate: bool = True,
    capture: dict[Any, int] | None = None,
    captured: list[Tensor | None] | None = None,
    records: bool = True,
) -> Iterator[BackwardStep]:
    """Run backward from `roots`, seeded with `root_grads`, yielding one step per node.

    records: yield the steps (the player's frames); `.backward()` wants none, and a step record
    and a trip out of the generator cost 0.2 µs a node
    accumulate: write leaves' `.grad` (backward) or not (autograd.grad)
    capture: node -> slot; the gradient arriving at such a node is stored in `captured[slot]`
    Leaves reached through an AccumulateGrad node are only accumulated when `accumulate` is on
    (and, if `capture` is given with accumulate on, only for the captured ones: `inputs=`).

    Gradients travel as NumPy arrays unless `create_graph` (then as tensors, so that every rule
    is recorded): built-in rules take either (see `Op`); hooks, captured gradients and users'
    `Function`s always see tensors.
    """
    dependencies = _count_dependencies(roots)
    buffers: dict[Node, Any] = {}
    for root, grad in zip(roots, root_grads):
        if type(grad) is OutputGrads:  # the seed of one of several outputs
            grad = grad if create_graph else grad.converted(_as_array)
        elif not create_graph:
            grad = _as_array(grad)
            if grad.ndim == 0:  # (a loss): as a NumPy scalar, which NumPy divides or
                grad = grad[()]  # multiplies by a number in 0.1 µs, a 0-d array in 0.7 µs
        _add_into(buffers, root, grad)
    if len(roots) == 1:  # (the usual case: `loss.backward()`)
        ready: list[tuple[int, Node]] = [(-roots[0]._sequence_nr, roots[0])]
    else:
        ready = [(-n._sequence_nr, n) for n in set(roots) if dependencies[n] == 0]
        heapq.heapify(ready)
    plain = not create_graph and capture is None  # most passes: built-in rules on arrays
    heappush, heappop = heapq.heappush, heapq.heappop

    previous_mode = _grad_state.enabled
    node: Any = heappop(ready)[1] if ready else None  # a Function or an AccumulateGrad
    try:
        while node is not None:
            grad_output = buffers.pop(node, None)
            if grad_output is None:
                # every edge into it carried None: nothing to run, but its inputs stop waiting
                grad_inputs: tuple[Any, ...] = (None,) * len(node._next_nodes)
                delivered = grad_inputs
            elif plain and type(node) is AccumulateGrad and not node.variable._hooks:
                # a leaf's gradient, straight into its .grad (as _run_node would). This
                # generator's own hold on earlier gradients goes first, so that a gradient
                # that nothing else holds is seen as such and taken without a copy
                grad_inputs = delivered = edge_grad = ()
                if accumulate:
                    sole = sole_holder(grad_output)  # (asked apart: an argument list being
                    # built for a call holds grad_output too)
                    node.variable._accumulate_grad(grad_output, False, sole)
                    if node.variable._post_accumulate_hooks:
                        _run_post_accumulate_hooks(node.variable)
            elif plain and node._backward_takes_arrays and not node._general_path:
                # the common case, straight to the rule: no grad-mode switch, none of
                # _run_node's checks (0.6 µs less a node: W2 -10%)
                grad_inputs = node.backward(node, grad_output)
                if type(grad_inputs) is not tuple:
                    grad_inputs = (grad_inputs,)
                if node._tensor_positions is not None:
                    grad_inputs = tuple(map(grad_inputs.__getitem__, node._tensor_positions))
                if node._saved and not retain_graph:
                    node._saved = None  # release_saved(), without the call
                delivered = grad_inputs  # (what is sent: the same, see several_outputs)
            else:
                _grad_state.enabled = create_graph
                grad_inputs = delivered = _run_node(
                    node, grad_output, create_graph, accumulate, capture, captured
                )
                if not retain_graph and isinstance(node, Function):
                    node.release_saved()
                _grad_state.enabled = previous_mode
                if type(grad_output) is OutputGrads:  # (what each output received)
                    grad_output = tuple(grad_output.grads)
                if node._next_output_nrs is not None:
                    delivered = labelled_for_outputs(node, grad_inputs)
            # Deliver each gradient, and find the nodes that now have all of theirs. The one
            # to run next is the ready node made last; when that is a node that just became
            # ready (in a chain: always), it runs without a trip through the heap (W2 -4%).
            following = None
            for next_node, edge_grad in zip(node._next_nodes, delivered):
                if next_node is None:
                    continue
                if edge_grad is not None:
                    waiting = buffers.get(next_node)
                    buffers[next_node] = edge_grad if waiting is None else waiting + edge_grad
                remaining = dependencies[next_node] - 1
                dependencies[next_node] = remaining
                if remaining == 0:
                    if following is not None:
                        heappush(ready, (-following._sequence_nr, following))
                    following = next_node
            if records and grad_output is not None:
                # tuple.__new__ skips the NamedTuple's Python-level __new__: 0.1 µs a node
                yield tuple.__new__(BackwardStep, (node, grad_output, grad_inputs))
            if following is not None and (not ready or following._sequence_nr > -ready[0][0]):
                node = following
            else:
                if following is not None:
                    heappush(ready, (-following._sequence_nr, following))
                node = heappop(ready)[1] if ready else None
    finally:
        _grad_state.enabled = previous_mode


# --- a leaf's first gradient without a copy -----------------------------------------------
def sole_holder(grad: Any) -> bool:
    """True when the caller's one variable is all that holds `grad`, an array whose memory
    nothing else can reach: then it can become a leaf's `.grad` as it is, instead of a copy (as
    PyTorch's AccumulateGrad "steals" a gradient whose use count says nobody else has it).

    The reference counts this function sees for such an array (and for the base of such a
    view) are measured once when the module loads, on the interpreter that runs it. Whatever
    else holds the array or its memory (a step record the player keeps, a gradient sent along
    two edges, the user's own `gradient=`) shows up as one reference more: then a copy."""
    if type(grad) is not np.ndarray:
        return False
    counts = _reference_counts(grad)
    if counts[0] != _SOLE_COUNTS[0]:
        return False
    if grad.base is None:
        return bool(grad.flags.owndata)
    return type(grad.base) is np.ndarray and counts[1] == _SOLE_COUNTS[1]


def _reference_counts(array: np.ndarray) -> tuple[int, int]:
    """sys.getrefcount of the array, and of its base (0 without one)."""
    base_count = sys.getrefcount(array.base) if array.base is not None else 0
    return sys.getrefcount(array), base_count


def _measure_sole_counts() -> tuple[int, int]:
    """What `sole_holder` sees for an array held by one variable of its caller, and for the
    base of a view that nothing but the view holds. On an interpreter whose reference counts
    do not mean that (not CPython), nothing is ever taken without a copy."""
    if sys.implementation.name != "cpython":
        return (-1, -1)
    owned = np.empty(1)
    base = np.empty(2)
    view = base[:1]
    del base
    return _counts_where_sole_holder_looks(owned)[0], _counts_where_sole_holder_looks(view)[1]


def _counts_where_sole_holder_looks(array: np.ndarray) -> tuple[int, int]:
    """`_reference_counts` called from one frame down, as `sole_holder` calls it (each frame
    that passes the array on holds one reference more)."""
    return _reference_counts(array)


_SOLE_COUNTS = _measure_sole_counts()


def _count_dependencies(roots: Sequence[Node]) -> dict[Node, int]:
    """For every node reachable from the roots, the number of edges leading into it."""
    dependencies: dict[Node, int] = dict.fromkeys(roots, 0)
    stack = list(dependencies)
    while stack:
        node = stack.pop()
        for next_node in node._next_nodes:
            if next_node is None:
                continue
            if next_node in dependencies:
                dependencies[next_node] += 1
            else:
                dependencies[next_node] = 1
                stack.append(next_node)
    return dependencies


def _add_into(buffers: dict[Node, Any], node: Node, grad: Any) -> None:
    """Sum the gradients arriving at a node (a tensor used twice gets both)."""
    if node in buffers:
        buffers[node] = buffers[node] + grad
    else:
        buffers[node] = grad


# --- arrays and tensors: what travels, and what users see ----------------------------------
def _as_array(grad: Any) -> Any:
    """A gradient as the engine carries it without a graph: a NumPy array (or NumPy scalar)."""
    if isinstance(grad, _tensor.Tensor):
        return grad._array
    if isinstance(grad, np.ndarray | np.generic):
        return grad
    return _tensor._array_from(grad, None)  # a number or list from a custom backward


def _as_tensor(grad: Any) -> Tensor:
    """A gradient as hooks, custom functions and `autograd.grad` callers see it."""
    if isinstance(grad, _tensor.Tensor):
        return grad
    return _tensor._wrap(np.asarray(grad))


def _run_node(
    node: Node,
    grad_output: Any,
    create_graph: bool,
    accumulate: bool,
    capture: dict[Any, int] | None,
    captured: list[Tensor | None] | None,
) -> tuple[Any, ...]:
    """Apply hooks, capture, then the node's own rule; returns one gradient per edge."""
    if isinstance(node, AccumulateGrad):
        variable = node.variable
        if variable._hooks:
            grad_output = _apply_hooks(variable._hooks, grad_output, create_graph)
        accumulated = False
        if capture is not None and node in capture and captured is not None:
            captured[capture[node]] = _as_tensor(grad_output)
            accumulated = accumulate
        elif accumulate and capture is None:
            accumulated = True
        if accumulated:
            variable._accumulate_grad(grad_output, create_graph)
            if variable._post_accumulate_hooks:
                _run_post_accumulate_hooks(variable)
        return ()

    assert isinstance(node, Function)
    if type(grad_output) is OutputGrads:
        return _run_node_of_several(node, grad_output, create_graph, capture, captured)
    if node._output_hooks:  # (the hooks of the tensor it made: output 0)
        grad_output = _apply_hooks(node._output_hooks[0], grad_output, create_graph)
    if node._retained is not None:
        retained = node._retained()
        if retained is not None:
            retained._accumulate_grad(grad_output, create_graph)
    if capture is not None and node in capture and captured is not None:
        captured[capture[node]] = _as_tensor(grad_output)
    if node._pre_hooks:
        (grad_output,) = _apply_node_hooks(node._pre_hooks, (grad_output,), (), create_graph)

    if node._backward_takes_arrays:
        grads = node.backward(node, grad_output)
    else:
        grads = node.backward(node, _as_tensor(grad_output))
    grads = _gradients_per_input(node, grads, create_graph)
    if node._post_hooks:
        grads = _apply_post_hooks(node, grads, (grad_output,), create_graph)
    return grads


def _run_post_accumulate_hooks(variable: Tensor) -> None:
    """A leaf's post-accumulate hooks, once its `.grad` holds the new sum."""
    for hook in list(variable._post_accumulate_hooks or ()):
        if hook(variable) is not None:
            raise RuntimeError("Tensor post accumulate grad hooks should return None.")


def _run_node_of_several(
    node: Function,
    grad_outputs: OutputGrads,
    create_graph: bool,
    capture: dict[Any, int] | None,
    captured: list[Tensor | None] | None,
) -> tuple[Any, ...]:
    """`_run_node` for a node with several outputs: each output's own hooks, retained `.grad`
    and capture, then `backward(ctx, grad_0, grad_1, ...)`, zeros where nothing arrived."""
    grads = list(grad_outputs.grads)
    for nr, grad in enumerate(grads):
        if grad is None:
            continue
        hooks = node._output_hooks.get(nr) if node._output_hooks is not None else None
        if hooks:
            grads[nr] = grad = _apply_hooks(hooks, grad, create_graph)
        owner = node._retained_outputs.get(nr) if node._retained_outputs is not None else None
        retained = owner() if owner is not None else None
        if retained is not None:
            retained._accumulate_grad(grad, create_graph)
        if capture is not None and captured is not None and (node, nr) in capture:
            captured[capture[node, nr]] = _as_tensor(grad)
    if node._pre_hooks:  # the node's own hooks see every output's gradient, as in PyTorch
        grads = list(_apply_node_hooks(node._pre_hooks, tuple(grads), (), create_graph))
    takes_arrays = node._backward_takes_arrays and not create_graph
    filled = grads
    if node._materialize_grads:
        filled = zeros_for_missing(node, grads, as_tensors=not takes_arrays)
    if not takes_arrays:
        filled = [None if g is None else _as_tensor(g) for g in filled]
    grad_inputs = _gradients_per_input(node, node.backward(node, *filled), create_graph)
    if node._post_hooks:
        grad_inputs = _apply_post_hooks(node, grad_inputs, tuple(grads), create_graph)
    return grad_inputs


def _gradients_per_input(node: Function, grads: Any, create_graph: bool) -> tuple[Any, ...]:
    """What a backward returned, as the engine sends it on: one gradient per edge, checked."""
    if not isinstance(grads, tuple):
        grads = tuple(grads) if isinstance(grads, list) else (grads,)
    if not node._forward_is_plain_numpy:
        grads = _checked_count(node, grads)
    if node._tensor_positions is not None:
        grads = tuple(grads[i] for i in node._tensor_positions)
    if not node._backward_takes_arrays:
        grads = tuple(_as_gradient(g, create_graph) for g in grads)
    if node._input_shapes is not None:
        grads = _checked_shapes(node, grads, node._input_shapes)
    return grads


def call_node(node: Function, grad_outputs: tuple[Any, ...]) -> tuple[Any, ...]:
    """`grad_fn(grad)`: the node's rule on tensors, its results one per edge."""
    grads = node.backward(node, *[_as_tensor(g) for g in grad_outputs])
    sent = _gradients_per_input(node, grads, create_graph=True)
    sent = tuple(None if n is None else g for n, g in zip(node._next_nodes, sent))
    return sent[0] if len(sent) == 1 else sent  # (PyTorch's: one edge, one tensor)


def _as_gradient(grad: Any, create_graph: bool) -> Any:
    """What a custom backward returned (a tensor or None, as PyTorch requires) as the engine
    carries it."""
    if grad is None:
        return None
    if not isinstance(grad, _tensor.Tensor):
        raise RuntimeError(f"expected Variable or None (got {_type_name(grad)})")
    return grad if create_graph else grad._array


def _type_name(value: Any) -> str:
    """How PyTorch names a type in its messages: `float`, `numpy.ndarray`."""
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


def _checked_count(node: Function, grads: tuple[Any, ...]) -> tuple[Any, ...]:
    """A custom backward returns one gradient per forward input (extra ones must be None)."""
    expected = len(node.needs_input_grad)
    extra = grads[expected:]
    if len(grads) < expected or any(g is not None for g in extra):
        raise RuntimeError(
            f"function {node.name()} returned an incorrect number of gradients "
            f"(expected {expected}, got {len(grads)})"
        )
    return grads[:expected]


def _checked_shapes(
    node: Function, grads: tuple[Any, ...], shapes: tuple[tuple[int, ...], ...]
) -> tuple[Any, ...]:
    """A custom backward's gradient must have its input's shape; a broadcast one is summed
    back down (as PyTorch does), anything else is refused in PyTorch's words."""
    from ..ops._broadcast import sum_to

    checked: list[Any] = []
    for index, (g, shape) in enumerate(zip(grads, shapes)):
        if g is not None and tuple(g.shape) != shape:
            try:
                reduced = np.broadcast_shapes(shape, tuple(g.shape)) == tuple(g.shape)
            except ValueError:
                reduced = False
            if not reduced:
                raise RuntimeError(
                    f"Function {node.name()} returned an invalid gradient at index {index} - "
                    f"got {list(g.shape)} but expected shape compatible with {list(shape)}"
                )
            g = sum_to(g, shape)
        checked.append(g)
    return tuple(checked)


def _apply_hooks(hooks: list[Any], grad: Any, create_graph: bool) -> Any:
    """Tensor hooks see the gradient first (as a tensor); one that returns a tensor replaces it."""
    tensor = _as_tensor(grad)
    for hook in hooks:
        replaced = hook(tensor)
        if replaced is not None:
            tensor = _checked_hook_result(hook, tensor, replaced)
    return tensor if create_graph else _as_array(tensor)


def _apply_node_hooks(
    hooks: list[Any], grads: tuple[Any, ...], before: tuple[Any, ...], create_graph: bool
) -> tuple[Any, ...]:
    """A node's hooks see a tuple of gradients as tensors (None where none), after the tuple
    `before` if given (a post-hook's grad_outputs); a tuple one returns replaces them."""
    tensors = tuple(None if g is None else _as_tensor(g) for g in grads)
    for hook in hooks:
        replaced = hook(tensors, *before) if before else hook(tensors)
        if replaced is None:
            continue
        if type(replaced) is not tuple:
            raise TypeError(f"expected tuple, but hook returned '{type(replaced).__name__}'")
        if len(replaced) != len(tensors):
            raise RuntimeError(
                f"hook '{getattr(hook, '__name__', '<unknown>')}' has returned an incorrect "
                f"number of values (got {len(replaced)}, but expected {len(tensors)})"
            )
        tensors = tuple(
            new if new is None or old is None else _checked_hook_result(hook, old, new)
            for old, new in zip(tensors, replaced)
        )
    if create_graph:
        return tensors
    return tuple(None if t is None else _as_array(t) for t in tensors)


def _apply_post_hooks(
    node: Function, grad_inputs: tuple[Any, ...], grad_outputs: tuple[Any, ...], create_graph: bool
) -> tuple[Any, ...]:
    """`hook(grad_inputs, grad_outputs)` after a node's backward: grad_inputs has one entry per
    edge, None for an input that needs no gradient (as PyTorch shows them)."""
    sent = tuple(
        None if next_node is None else g for next_node, g in zip(node._next_nodes, grad_inputs)
    )
    received = tuple(None if g is None else _as_tensor(g) for g in grad_outputs)
    assert node._post_hooks is not None
    return _apply_node_hooks(node._post_hooks, sent, (received,), create_graph)


def _checked_hook_result(hook: Any, grad: Tensor, replaced: Any) -> Tensor:
    """A hook's replacement gradient must be a tensor of the gradient's shape and dtype
    (PyTorch's checks and words)."""
    if not isinstance(replaced, _tensor.Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(replaced).__name__}'")
    name = getattr(hook, "__name__", "<unknown>")
    if replaced.dtype != grad.dtype:
        raise RuntimeError(
            f"hook '{name}' has changed the type of value (was torch.{grad.dtype.legacy_name} "
            f"got torch.{replaced.dtype.legacy_name})"
        )
    if replaced._array.shape != grad._array.shape:
        raise RuntimeError(f"hook '{name}' has changed the size of value")
    return replaced


def run_backward(
    tensors: Sequence[Tensor],
    grad_tensors: Sequence[Tensor | None],
    retain_graph: bool | None,
    create_graph: bool,
    inputs: Sequence[Tensor] | None = None,
) -> None:
    """`torch.autograd.backward`: checks its arguments in PyTorch's words, then drains the steps."""
    if retain_graph is None:
        retain_graph = create_graph
    roots, grads = roots_and_seeds(tensors, grad_tensors, create_graph)
    capture = None
    captured: list[Tensor | None] | None = None
    if inputs is not None:
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
        for t in inputs:
            if not t._requires_grad:  # (PyTorch's words: it retains the grad of each input)
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        capture = {capture_key(t): i for i, t in enumerate(inputs)}
        captured = [None] * len(inputs)
    for _ in backward_steps(
        roots,
        grads,
        retain_graph=retain_graph,
        create_graph=create_graph,
        capture=capture,
        captured=captured,
        records=False,
    ):
        pass
    if inputs is not None and captured is not None:
        # non-leaf inputs get their gradient in .grad too, as with PyTorch's inputs= (once:
        # not again for one that retains its grad, which the pass has filled already)
        for t, g in zip(inputs, captured):
            if t.grad_fn is not None and g is not None and not t._retains_grad:
                t._accumulate_grad(g, create_graph)


def roots_and_seeds(
    tensors: Sequence[Tensor], grad_tensors: Sequence[Tensor | None], create_graph: bool
) -> tuple[list[Node], list[Tensor]]:
    """The root nodes and their seed gradients, with PyTorch's checks and messages."""
    if len(grad_tensors) < len(tensors):  # (extra gradients are ignored, as in PyTorch)
        raise RuntimeError(f"got {len(tensors)} tensors and {len(grad_tensors)} gradients")
    tensor_class = _tensor.Tensor
    roots: list[Node] = []
    grads: list[Tensor] = []
    for index, (t, g) in enumerate(zip(tensors, grad_tensors)):
        if not t._requires_grad:
            raise RuntimeError(
                f"element {index} of tensors does not require grad and does not have a grad_fn"
            )
        if g is None:
            if t._array.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            # 1 in the output's dtype and shape (np.ones takes 1 µs more, a reshape 0.2 µs)
            seed = np.array(1, dtype=t._array.dtype)
            g = _tensor._wrap(seed.reshape(t._array.shape) if t._array.ndim else seed)
        elif not isinstance(g, tensor_class):
            raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__}")
        if g._array.shape != t._array.shape:
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{index}] has a shape of {g.shape} and "
                f"output[{index}] has a shape of {t.shape}."
            )
        if g._array.dtype != t._array.dtype and t._array.dtype.kind == "f":
            g = g.to(t.dtype)  # (the output's dtype, as PyTorch casts a seed: recorded if needed)
        roots.append(t._gradient_node())
        if t._output_nr is not None:  # one of several outputs: its slot of the node's buffer
            count = t.grad_fn._output_count  # type: ignore[union-attr]
            grads.append(OutputGrads.at(t._output_nr, g, count))  # type: ignore[arg-type]
        else:
            grads.append(g)  # without create_graph the engine only reads its array
    return roots, grads


def capture_key(t: Tensor) -> Any:
    """Where the engine finds the gradient of `t` for `inputs=` and `autograd.grad`: the node
    it arrives at, and for one of several outputs, that node and the output's number."""
    if t._output_nr is not None:
        return (t.grad_fn, t._output_nr)
    return t._gradient_node()
