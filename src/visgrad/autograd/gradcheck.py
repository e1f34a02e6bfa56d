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
from .grad_mode import no_grad


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
