"""`gradcheck`: compare a function's backward with finite differences.

For each input element xᵢ the numerical slope is the central difference
    (f(x + εeᵢ) - f(x - εeᵢ)) / 2ε,
which matches the true derivative up to O(ε²). Backward gives the same numbers analytically,
one row of the Jacobian per output element. Use float64 inputs: float32 is too coarse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import _tensor
from .grad_mode import enable_grad, no_grad


class GradcheckError(RuntimeError):
    """Backward and finite differences disagree."""


def _outputs(result: Any) -> list[Any]:
    return list(result) if isinstance(result, (tuple, list)) else [result]


def numerical_jacobian(
    function: Callable[..., Any], inputs: Sequence[Any], eps: float = 1e-6
) -> list[np.ndarray]:
    """∂output/∂input by central differences: one (output size × input size) matrix per input."""
    tensor_class = _tensor.Tensor
    jacobians = []
    with no_grad():
        for tensor_input in inputs:
            if not isinstance(tensor_input, tensor_class) or not tensor_input.requires_grad:
                continue
            flat = tensor_input._array.reshape(-1)
            columns = []
            for i in range(flat.size):
                original = flat[i].item()
                flat[i] = original + eps
                plus = np.concatenate([o._array.reshape(-1) for o in _outputs(function(*inputs))])
                flat[i] = original - eps
                minus = np.concatenate([o._array.reshape(-1) for o in _outputs(function(*inputs))])
                flat[i] = original
                columns.append((plus - minus) / (2 * eps))
            jacobians.append(np.stack(columns, axis=1) if columns else np.zeros((0, 0)))
    return jacobians


def analytical_jacobian(function: Callable[..., Any], inputs: Sequence[Any]) -> list[np.ndarray]:
    """∂output/∂input by backward: one backward pass per output element (a row each)."""
    from .functional_grad import grad

    tensor_class = _tensor.Tensor
    wrt = [t for t in inputs if isinstance(t, tensor_class) and t.requires_grad]
    outputs = [o for o in _outputs(function(*inputs)) if isinstance(o, tensor_class)]
    rows: list[list[np.ndarray]] = [[] for _ in wrt]
    for output in outputs:
        for k in range(output.numel()):
            seed = np.zeros(output.numel(), dtype=output._array.dtype)
            seed[k] = 1
            grads = grad(
                [output],
                wrt,
                grad_outputs=[_tensor._wrap(seed.reshape(output.shape))],
                retain_graph=True,
                allow_unused=True,
            )
            for j, (g, t) in enumerate(zip(grads, wrt)):
                rows[j].append(
                    np.zeros(t.numel()) if g is None else g._array.reshape(-1).astype(np.float64)
                )
    return [np.stack(r) if r else np.zeros((0, t.numel())) for r, t in zip(rows, wrt)]


def gradcheck(
    func: Callable[..., Any],
    inputs: Any,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
) -> bool:
    """True when backward agrees with finite differences for every input that requires grad."""
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    numerical = numerical_jacobian(func, inputs, eps)
    analytical = analytical_jacobian(func, inputs)
    for index, (num, ana) in enumerate(zip(numerical, analytical)):
        if num.shape != ana.shape or not np.allclose(ana, num, rtol=rtol, atol=atol):
            if raise_exception:
                raise GradcheckError(
                    f"Jacobian mismatch for output 0 with respect to input {index},\n"
                    f"numerical:{num}\nanalytical:{ana}\n"
                )
            return False
    return True


def gradgradcheck(
    func: Callable[..., Any],
    inputs: Any,
    grad_outputs: Any = None,
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
) -> bool:
    """True when the gradients *of backward* agree with finite differences: gradcheck applied
    to (inputs, v) ↦ vᵀ·∂func/∂inputs, the backward pass recorded with create_graph=True.
    Without `grad_outputs`, v is drawn at random (seeded: the same every call)."""
    from .functional_grad import grad

    tensor_class = _tensor.Tensor
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = [
            _tensor._wrap(rng.standard_normal(o.shape).astype(o._array.dtype), True)
            for o in _outputs(func(*inputs))
            if isinstance(o, tensor_class) and o.requires_grad
        ]
    else:
        grad_outputs = [
            g.detach().requires_grad_(True) for g in _outputs(grad_outputs)
        ]
    count = len(inputs)

    def backward_of(*values: Any) -> tuple[Any, ...]:
        xs, vs = values[:count], values[count:]
        with enable_grad():  # (the finite differences call this under no_grad)
            outputs = [o for o in _outputs(func(*xs)) if isinstance(o, tensor_class)
                       and o.requires_grad]
            wrt = [t for t in xs if isinstance(t, tensor_class) and t.requires_grad]
            grads = grad(outputs, wrt, list(vs), create_graph=True, allow_unused=True)
        return tuple(
            _tensor._wrap(np.zeros_like(t._array)) if g is None else g for g, t in zip(grads, wrt)
        )

    return gradcheck(
        backward_of,
        inputs + tuple(grad_outputs),
        eps=eps,
        atol=atol,
        rtol=rtol,
        raise_exception=raise_exception,
    )
