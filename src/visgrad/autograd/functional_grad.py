"""`autograd.grad` and `autograd.backward`: gradients of outputs with respect to chosen inputs."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from .engine import backward_steps, capture_key, roots_and_seeds, run_backward
from .grad_mode import enable_grad

if TYPE_CHECKING:
    from .._tensor import Tensor


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: Tensor | Sequence[Tensor | None] | None = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    only_inputs: bool = True,
    allow_unused: bool | None = None,
    is_grads_batched: bool = False,
    materialize_grads: bool = False,
) -> tuple[Tensor | None, ...]:
    """The gradients of `outputs` with respect to `inputs`, returned (no `.grad` is touched).

    allow_unused: give None for an input the outputs do not depend on (else an error);
    materialize_grads: give zeros instead of that None."""
    if not only_inputs:
        warnings.warn(
            "only_inputs argument is deprecated and is ignored now (defaults to True). To "
            "accumulate gradient for other parts of the graph, please use "
            "torch.autograd.backward.",
            FutureWarning,
            stacklevel=2,
        )
    if is_grads_batched:
        raise NotImplementedError("visgrad's autograd.grad has no is_grads_batched")
    if materialize_grads:
        if allow_unused is False:
            raise ValueError(
                "Expected allow_unused to be True or not passed when materialize_grads=True, "
                "but got: allow_unused=False."
            )
        allow_unused = True
    output_list = _as_list(outputs)
    input_list = _as_list(inputs)
    if not input_list:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    seeds = _as_list(grad_outputs) or [None] * len(output_list)
    for t in input_list:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    if retain_graph is None:
        retain_graph = create_graph
    roots, root_grads = roots_and_seeds(output_list, seeds, create_graph)
    # where each input's gradient is found; an input given twice is captured once, then copied
    keys = [capture_key(t) for t in input_list]
    capture: dict[Any, int] = {}
    for i, key in enumerate(keys):
        capture.setdefault(key, i)
    captured: list[Tensor | None] = [None] * len(input_list)
    for _ in backward_steps(
        roots,
        root_grads,
        retain_graph=retain_graph,
        create_graph=create_graph,
        accumulate=False,
        capture=capture,
        captured=captured,
    ):
        pass
    captured = [captured[capture[key]] for key in keys]
    for index, g in enumerate(captured):
        if g is None and not allow_unused:
            raise RuntimeError(
                f"The differentiated Tensor at index {index} appears to not have been used in "
                "the graph. Set allow_unused=True if this is the desired behavior."
            )
    if materialize_grads:
        captured = [
            _tensor._wrap(np.zeros_like(t._array)) if g is None else g
            for g, t in zip(captured, input_list)
        ]
    return tuple(captured)


def backward(
    tensors: Tensor | Sequence[Tensor],
    grad_tensors: Tensor | Sequence[Tensor | None] | None = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Tensor | Sequence[Tensor] | None = None,
) -> None:
    """Accumulate into the leaves' `.grad` the gradient of `tensors` (seeded by grad_tensors)."""
    tensor_list = _as_list(tensors)
    seeds = _as_list(grad_tensors) or [None] * len(tensor_list)
    input_list = None if inputs is None else _as_list(inputs)
    run_backward(tensor_list, seeds, retain_graph, create_graph, input_list)


def jacobian(
    func: Any,
    inputs: Tensor | tuple[Tensor, ...],
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
) -> Any:
    """The full Jacobian ∂func(x)/∂x, one backward pass per output element.

    `backward(v)` only ever gives vᵀ·J; this builds J itself, row by row. For outputs yᵢ and
    inputs xⱼ, J[i][j] has shape yᵢ.shape + xⱼ.shape, zeros where yᵢ does not depend on xⱼ
    (with strict=True that is an error); a single output or input is not wrapped in a tuple.
    """
    input_list, tuple_in = _checked_tuple(inputs, "inputs")
    input_list = [t.detach().requires_grad_(True) for t in input_list]
    with enable_grad():  # (under no_grad too, as in PyTorch)
        outputs, tuple_out = _checked_tuple(func(*input_list), _OUTPUTS)
        blocks = [
            _jacobian_of(i, output, input_list, tuple_in, create_graph, strict)
            for i, output in enumerate(outputs)
        ]
    return tuple(blocks) if tuple_out else blocks[0]


_OUTPUTS = "outputs of the user-provided function"


def _jacobian_of(
    i: int, output: Tensor, inputs: list[Tensor], tuple_in: bool, create_graph: bool, strict: bool
) -> Any:
    """The Jacobian of output number i with respect to each input, row by row."""
    from ..ops.shape import stack

    if strict and not output.requires_grad:
        raise RuntimeError(
            f"Output {i} of the user-provided function does not require gradients. The "
            "outputs must be computed in a differentiable manner from the input when "
            "running in strict mode."
        )
    rows: list[list[Tensor]] = [[] for _ in inputs]
    flat = output.reshape(-1)
    for k in range(flat.numel()):
        grads: Any = (None,) * len(inputs)  # (a constant output depends on no input)
        if output.requires_grad:
            grads = grad(
                flat[k], inputs, retain_graph=True, create_graph=create_graph, allow_unused=True
            )
        for j, (g, t) in enumerate(zip(grads, inputs)):
            if strict and g is None:
                raise RuntimeError(
                    f"Output {i} of the user-provided function is independent of input {j}. "
                    "This is not allowed in strict mode."
                )
            rows[j].append(g if g is not None else _tensor._wrap(np.zeros_like(t._array)))
    blocks = []
    for r, t in zip(rows, inputs):
        shape = (*output.shape, *t.shape)
        if not r:  # (an output without entries)
            blocks.append(_tensor._wrap(np.zeros(shape, t._array.dtype)))
        else:
            blocks.append(stack(r).reshape(*shape))
    return tuple(blocks) if tuple_in else blocks[0]


def _checked_tuple(value: Any, what: str) -> tuple[list[Tensor], bool]:
    """A tensor or a tuple of tensors as a list, and whether it was a tuple (PyTorch's
    check and words: a list is refused)."""
    tensor_class = _tensor.Tensor
    if isinstance(value, tensor_class):
        return [value], False
    if not isinstance(value, tuple):
        raise TypeError(
            f"The {what} given to jacobian must be either a Tensor or a tuple of Tensors but "
            f"the given {what} has type {type(value)}."
        )
    for index, item in enumerate(value):
        if not isinstance(item, tensor_class):
            raise TypeError(
                f"The {what} given to jacobian must be either a Tensor or a tuple of Tensors but "
                f"the value at index {index} has type {type(item)}."
            )
    return list(value), True
