"""`torch.autograd.functional`'s products: vjp, jvp, vhp, hvp and the whole Hessian.

Each calls `func` on fresh copies of the inputs that require grad and differentiates the
result with `autograd.grad`; none touches any `.grad`. Writing J for the Jacobian of func and
H for the Hessian of a function with one output number:

    vjp(func, x, v) = vᵀ·J      one backward pass (what `.backward(v)` computes)
    jvp(func, x, v) = J·v       two: u ↦ uᵀ·J is linear in u, so J·v is its gradient in u
    vhp(func, x, v) = vᵀ·H      the gradient of (∇f)·v
    hvp(func, x, v) = H·v       the jvp of ∇f
    hessian(func, x) = H        one row of H per entry of x (see `functional_grad.jacobian`)

An input given alone gives results alone; inputs given as a tuple give tuples, as in PyTorch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import _tensor
from .functional_grad import grad
from .grad_mode import enable_grad

if TYPE_CHECKING:
    from .._tensor import Tensor


def vjp(
    func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """(func(inputs), vᵀ·J). v may be left out when func returns one number."""
    xs, tuple_in = _fresh(inputs, create_graph)
    with enable_grad():
        outputs, tuple_out = _as_tuple(func(*xs))
    seeds = _vectors(v, outputs, _FUNCTION_RETURNS)
    products = _grads(outputs, xs, seeds, create_graph)
    return _shaped(_finished(outputs, create_graph), tuple_out), _shaped(products, tuple_in)


def jvp(
    func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """(func(inputs), J·v). v may be left out when the input is one number."""
    xs, tuple_in = _fresh(inputs, create_graph)
    seeds = _vectors(v, xs, _INPUT_IS)
    with enable_grad():
        outputs, tuple_out = _as_tuple(func(*xs))
        # u ↦ uᵀ·J is linear in u; its gradient with respect to u, taken along v, is J·v
        dummies = tuple(_zeros_like(o).requires_grad_(True) for o in outputs)
        transposed = _grads(outputs, xs, dummies, create_graph=True)
    products = _grads(transposed, dummies, seeds, create_graph)
    return _shaped(_finished(outputs, create_graph), tuple_out), _shaped(products, tuple_out)


def vhp(
    func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """(func(inputs), vᵀ·H) for a func that returns one number."""
    xs, tuple_in = _fresh(inputs, create_graph)
    with enable_grad():
        output = _one_number(func(*xs), "vhp")
        gradients = _grads((output,), xs, None, create_graph=True)
    seeds = _vectors(v, xs, _INPUT_IS)
    products = _grads(gradients, xs, seeds, create_graph)
    return _finished((output,), create_graph)[0], _shaped(products, tuple_in)


def hvp(
    func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """(func(inputs), H·v) for a func that returns one number: the jvp of its gradient."""
    xs, tuple_in = _fresh(inputs, create_graph)
    with enable_grad():
        output = _one_number(func(*xs), "hvp")
        gradients = _grads((output,), xs, None, create_graph=True)
        dummies = tuple(_zeros_like(x).requires_grad_(True) for x in xs)
        transposed = _grads(gradients, xs, dummies, create_graph=True)
    seeds = _vectors(v, xs, _INPUT_IS)
    products = _grads(transposed, dummies, seeds, create_graph)
    return _finished((output,), create_graph)[0], _shaped(products, tuple_in)


def hessian(
    func: Callable[..., Any], inputs: Any, create_graph: bool = False, strict: bool = False,
    vectorize: bool = False, outer_jacobian_strategy: str = "reverse-mode",
) -> Any:
    """The matrix of second derivatives of a func that returns one number: for inputs xᵢ,
    H[i][j] of shape xᵢ.shape + xⱼ.shape (one tensor for one input). Row by row: each entry
    of the gradient ∇ᵢf, differentiated again."""
    xs, tuple_in = _fresh(inputs, create_graph)
    with enable_grad():
        output = _one_number(func(*xs), "hessian")
        gradients = _grads((output,), xs, None, create_graph=True)
    blocks: list[list[list[Tensor]]] = [[[] for _ in xs] for _ in xs]
    for i, gradient in enumerate(gradients):
        entries = gradient.reshape(-1)
        for k in range(entries.numel()):
            row = _grads((entries[k],), xs, None, create_graph, retain=True)
            for j, part in enumerate(row):
                blocks[i][j].append(part)
    from ..ops.shape import stack

    def block(i: int, j: int) -> Tensor:
        shape = (*xs[i].shape, *xs[j].shape)
        if not blocks[i][j]:  # (an input without entries)
            return _tensor._wrap(np.zeros(shape, xs[i]._array.dtype))
        return stack(blocks[i][j]).reshape(*shape)

    matrix = tuple(tuple(block(i, j) for j in range(len(xs))) for i in range(len(xs)))
    return matrix if tuple_in else matrix[0][0]


# --- the pieces ---------------------------------------------------------------------------------
def _as_tuple(value: Any) -> tuple[tuple[Any, ...], bool]:
    if isinstance(value, (tuple, list)):
        return tuple(value), True
    return (value,), False


def _shaped(values: tuple[Any, ...], as_tuple: bool) -> Any:
    return values if as_tuple else values[0]


def _fresh(inputs: Any, create_graph: bool) -> tuple[tuple[Tensor, ...], bool]:
    """The inputs as new leaves that require grad (views of the caller's, in the caller's
    graph, when a graph of the result is wanted)."""
    xs, as_tuple = _as_tuple(inputs)
    fresh = tuple(
        x.view_as(x) if create_graph and x.requires_grad else x.detach().requires_grad_(True)
        for x in xs
    )
    return fresh, as_tuple


def _finished(values: tuple[Tensor, ...], create_graph: bool) -> tuple[Tensor, ...]:
    """What is returned: cut from the graph unless a graph was asked for."""
    return values if create_graph else tuple(v.detach() for v in values)


def _one_number(output: Any, name: str) -> Tensor:
    outputs, _ = _as_tuple(output)
    if len(outputs) != 1 or outputs[0].numel() != 1:
        raise RuntimeError(
            f"The Tensor returned by the function given to {name} should contain a single element"
        )
    return outputs[0]


def _vectors(v: Any, like: tuple[Tensor, ...], subject: str) -> tuple[Tensor, ...]:
    """v as one tensor per entry of `like` (checked in PyTorch's words); None means ones,
    allowed only for a single number."""
    if v is None:
        if len(like) != 1 or like[0].numel() != 1:
            raise RuntimeError(
                f"The vector v can only be None if {subject} a single Tensor with a single "
                "element."
            )
        return (_tensor._wrap(np.ones_like(like[0]._array)),)
    vs, _ = _as_tuple(v)
    for given, target in zip(vs, like):
        if given.shape != target.shape:
            raise RuntimeError(
                f"v has invalid size: should be {target.shape} but got {given.shape}."
            )
    return vs


_FUNCTION_RETURNS = "the user-provided function returns"
_INPUT_IS = "the input to the user-provided function is"


def _zeros_like(t: Tensor) -> Tensor:
    return _tensor._wrap(np.zeros_like(t._array))


def _grads(
    outputs: tuple[Tensor, ...], inputs: tuple[Tensor, ...], seeds: Any, create_graph: bool,
    retain: bool = False,
) -> tuple[Tensor, ...]:
    """autograd.grad, with zeros (not None) for an input the outputs do not depend on."""
    found = grad(
        outputs, inputs, seeds, retain_graph=retain or create_graph, create_graph=create_graph,
        allow_unused=True,
    )
    return tuple(g if g is not None else _zeros_like(x) for g, x in zip(found, inputs))
