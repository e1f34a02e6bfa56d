"""Whether operations are recorded: `no_grad`, `enable_grad`, `set_grad_enabled`.

The flag is per thread, as in PyTorch. Each is a context manager and a function decorator.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable, Generator
from types import TracebackType
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _GradState(threading.local):
    enabled: bool = True


_state = _GradState()


def is_grad_enabled() -> bool:
    """True when new operations record a graph (the default)."""
    return _state.enabled


def _set_enabled(mode: bool) -> None:
    _state.enabled = mode


class _GradModeContext:
    """Sets the grad mode on entry and restores the previous one on exit."""

    mode: bool

    def __enter__(self) -> None:
        self._previous = _state.enabled
        _state.enabled = self.mode

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _state.enabled = self._previous

    def __call__(self, function: F) -> F:
        """Use as a decorator: the whole call runs in this mode (for a generator: each
        step of it, as in PyTorch, so the caller's code between steps keeps its own mode)."""
        mode = self.mode
        if inspect.isgeneratorfunction(function):
            return _generator_in_mode(mode, function)  # type: ignore[return-value]

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(mode):
                return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


def _generator_in_mode(mode: bool, function: Callable[..., Generator[Any, Any, Any]]) -> Any:
    """A generator function whose body runs in `mode` at each step, the caller's in between."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
        with set_grad_enabled(mode):
            generator = function(*args, **kwargs)
        resume: Callable[[], Any] = functools.partial(generator.send, None)
        while True:
            try:
                with set_grad_enabled(mode):
                    response = resume()
            except StopIteration as stop:
                return stop.value
            try:
                request = yield response
            except GeneratorExit:
                with set_grad_enabled(mode):
                    generator.close()
                raise
            except BaseException as error:  # thrown in by the caller: on into the generator
                resume = functools.partial(generator.throw, error)
            else:
                resume = functools.partial(generator.send, request)

    return wrapper


class _NoArgumentContext(_GradModeContext):
    """A mode that takes no argument can decorate without parentheses, `@no_grad`, as
    PyTorch's can: given a function, the class returns that function decorated."""

    def __new__(cls, function: Any = None) -> Any:
        if function is None:
            return super().__new__(cls)
        return cls()(function)


class no_grad(_NoArgumentContext):  # noqa: N801 - PyTorch's spelling
    """Operations inside record nothing: results have requires_grad=False."""

    mode = False


class enable_grad(_NoArgumentContext):  # noqa: N801
    """Turn recording back on inside a `no_grad` block."""

    mode = True


class set_grad_enabled(_GradModeContext):  # noqa: N801
    """Set recording on or off. Takes effect at once, like PyTorch's, and as a context."""

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)
        self._previous = _state.enabled
        _state.enabled = self.mode

    def __enter__(self) -> None:
        pass  # already set by __init__; __exit__ restores the mode from before __init__

    def __call__(self, function: F) -> F:
        _state.enabled = self._previous  # as a decorator it must not change the mode now
        return super().__call__(function)
