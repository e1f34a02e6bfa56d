"""Checking a learner's custom `autograd.Function`: its forward, then its backward.

The backward is called directly on the node its own forward made (as the engine would), and
its gradients are compared with finite differences of that same forward (gradcheck's method:
vᵀJ by central differences, in float64). Before a generic "not right", the usual mistakes are
tried: grad_output ignored, wrong sign, gradients swapped, wrong count, transposed shape,
tensors kept on ctx instead of saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

import visgrad
from visgrad.autograd import Function

from .compare import as_numbers, close, expect_close, shape_message
from .running import LearnerError, Mistake, kind_of, run

EPS = 1e-6

# For exercise-specific mistakes: (inputs, grad_output) -> [(gradients, message)]
KnownMistakes = Callable[[Sequence[np.ndarray], np.ndarray], list[tuple[Sequence[Any], str]]]


@dataclass
class Case:
    """Inputs (float64 arrays, named as in the task) and the grad_output fed to backward."""

    inputs: tuple[np.ndarray, ...]
    grad_output: np.ndarray
    names: tuple[str, ...]


def expect_function_class(answer: Any, name: str) -> type[Function]:
    """The answer must be a Function subclass that defines forward and backward."""
    if isinstance(answer, Function):
        raise Mistake(f"pass the class itself (`ex.check({name})`), not an instance of it.")
    if not (isinstance(answer, type) and issubclass(answer, Function)):
        raise Mistake(
            f"pass a subclass of `torch.autograd.Function` (the class `{name}`, not "
            f"`{name}.apply` or its result): got {kind_of(answer)}."
        )
    for method in ("forward", "backward"):
        if getattr(answer, method) is getattr(Function, method):
            raise Mistake(f"your class has no `{method}`: define `def {method}(ctx, ...)` "
                          "as a `@staticmethod`.")
    return answer


def check_function(
    cls: type[Function],
    reference: Callable[..., np.ndarray],
    cases: Sequence[Case],
    known_mistakes: KnownMistakes | None = None,
) -> None:
    """Raise Mistake (or LearnerError) unless forward and backward are right on every case."""
    for case in cases:
        inputs = [visgrad.tensor(a, dtype=visgrad.float64, requires_grad=True) for a in case.inputs]
        _check_forward_returns(cls, inputs)
        output = run(cls.apply, *inputs)
        _check_forward(output, reference(*case.inputs), cls)
        grads = _call_backward(cls, output, case)
        expected = [numerical_vjp(cls, case.inputs, case.grad_output, i)
                    for i in range(len(inputs))]
        _diagnose(grads, expected, case, cls, known_mistakes)
        _check_through_engine(cls, case, expected)


def _check_forward_returns(cls: type[Function], inputs: list[visgrad.Tensor]) -> None:
    """Call forward once by itself (on a throwaway ctx) to see what it returns."""
    with visgrad.no_grad():
        result = run(cls.forward, cls(), *inputs)
    if not isinstance(result, (visgrad.Tensor, np.ndarray)):
        raise Mistake(f"your forward returns {kind_of(result)}: return the result, a tensor.")


def _check_forward(output: Any, reference: np.ndarray, cls: type[Function]) -> None:
    if not isinstance(output, visgrad.Tensor):
        raise Mistake(f"your forward should return a tensor, not {kind_of(output)}.")
    expect_close(output, reference, what="your forward's result")
    kept = sorted(k for k, v in vars(output.grad_fn).items()
                  if isinstance(v, visgrad.Tensor) and not k.startswith("_"))
    if kept:
        raise Mistake(
            f"you kept tensors as attributes of ctx (`ctx.{kept[0]}`): save them with "
            "`ctx.save_for_backward(...)` and read `ctx.saved_tensors`, so that autograd can "
            "check them for in-place changes and free them after backward."
        )


def _call_backward(cls: type[Function], output: visgrad.Tensor, case: Case) -> list[np.ndarray]:
    """Call backward(ctx, grad_output) as the engine does; check count, type and shapes."""
    ctx = output.grad_fn
    grad_output = visgrad.tensor(case.grad_output, dtype=visgrad.float64)
    try:
        with visgrad.no_grad():
            returned = run(cls.backward, ctx, grad_output)
    except LearnerError as error:
        nothing_saved = not getattr(ctx, "_saved", ())
        if nothing_saved and isinstance(error.error, (ValueError, IndexError, TypeError)):
            raise Mistake(error.describe(
                "Your forward saved nothing, so `ctx.saved_tensors` is empty in backward: "
                "call `ctx.save_for_backward(...)` in forward.")) from None
        raise
    if isinstance(returned, list):
        raise Mistake("your backward returned a list: autograd reads a list as one gradient. "
                      "Return a tuple, one gradient per input: `return grad_a, grad_b`.")
    grads = returned if isinstance(returned, tuple) else (returned,)
    count, names = len(case.inputs), ", ".join(f"`{n}`" for n in case.names)
    if len(grads) != count:
        raise Mistake(
            f"your backward returned {len(grads)} gradient(s), but forward takes {count} "
            f"input(s) ({names}): return one gradient per input, in the same order."
        )
    arrays = []
    for grad, name, array in zip(grads, case.names, case.inputs):
        if grad is None:
            raise Mistake(f"your backward returned `None` for `{name}`, which requires grad.")
        got = as_numbers(grad, f"the gradient for `{name}`")
        if got.shape != array.shape:
            raise Mistake(shape_message(got.shape, array.shape, f"the gradient for `{name}`")
                          + " A gradient always has the shape of its input.")
        arrays.append(got)
    return arrays


def _diagnose(
    grads: list[np.ndarray],
    expected: list[np.ndarray],
    case: Case,
    cls: type[Function],
    known_mistakes: KnownMistakes | None,
) -> None:
    if all(close(g, e) for g, e in zip(grads, expected)):
        return
    if known_mistakes is not None:
        for wrong, message in known_mistakes(case.inputs, case.grad_output):
            if all(close(g, w) for g, w in zip(grads, wrong)):
                raise Mistake(message)
    ones = np.ones_like(case.grad_output)
    without = [numerical_vjp(cls, case.inputs, ones, i) for i in range(len(grads))]
    for g, e, w, name in zip(grads, expected, without, case.names):
        if not close(g, e) and close(g, w):
            raise Mistake(
                f"your backward returns the gradient for `{name}` without multiplying by the "
                "incoming `grad_output` (chain rule)."
            )
    if len(grads) == 2 and close(grads[0], expected[1]) and close(grads[1], expected[0]):
        first, second = case.names
        raise Mistake(f"your gradients are swapped: the first returned must be the gradient for "
                      f"`{first}`, the second for `{second}`.")
    for g, e, name in zip(grads, expected, case.names):
        if np.any(e != 0) and close(g, -e):
            raise Mistake(f"the gradient for `{name}` has the wrong sign.")
        if not close(g, e):
            expect_close(g, e, what=f"the gradient for `{name}`")


def _check_through_engine(cls: type[Function], case: Case, expected: list[np.ndarray]) -> None:
    """The same gradients must arrive in `.grad` when the engine runs backward."""
    inputs = [visgrad.tensor(a, dtype=visgrad.float64, requires_grad=True) for a in case.inputs]
    output = run(cls.apply, *inputs)
    run(output.backward, visgrad.tensor(case.grad_output, dtype=visgrad.float64))
    for tensor, e, name in zip(inputs, expected, case.names):
        if tensor.grad is None or not close(tensor.grad.numpy(), e):
            raise Mistake(f"called by `.backward()`, your Function leaves a wrong `{name}.grad`.")


def numerical_vjp(
    cls: type[Function], inputs: Sequence[np.ndarray], grad_output: np.ndarray, index: int
) -> np.ndarray:
    """vᵀJ for input `index` by central differences of the learner's own forward."""
    arrays = [np.array(a, dtype=np.float64) for a in inputs]
    result = np.zeros_like(arrays[index])
    flat, out = arrays[index].reshape(-1), result.reshape(-1)
    for j in range(flat.size):
        original = flat[j]
        flat[j] = original + EPS
        plus = _forward_value(cls, arrays)
        flat[j] = original - EPS
        minus = _forward_value(cls, arrays)
        flat[j] = original
        out[j] = float(np.sum(grad_output * (plus - minus))) / (2 * EPS)
    return result


def _forward_value(cls: type[Function], arrays: Sequence[np.ndarray]) -> np.ndarray:
    with visgrad.no_grad():
        output = run(cls.apply, *(visgrad.tensor(a, dtype=visgrad.float64) for a in arrays))
    return np.asarray(output.detach().numpy(), dtype=np.float64)
