"""The handle `register_hook` returns: `handle.remove()` takes the hook off again."""

from __future__ import annotations

from typing import Any


class RemovableHandle:
    """Remembers where a hook was added, so that it can be removed."""

    def __init__(self, hooks: list[Any], hook: Any) -> None:
        self._hooks = hooks
        self._hook = hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()
