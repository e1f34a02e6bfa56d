"""Values that change during the backward pass, seen as they were at any one frame.

A player of N steps has N + 2 frames, and each frame shows every gradient computed so far:
copying them all into every frame would cost N² for a long graph. Instead `History` records
each change once, with the frame it happened in, and `History.at(k)` is a read-only mapping
of the values as they stand at frame k (a view: nothing is copied).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

V = TypeVar("V")


class History(Generic[V]):
    """key -> the list of (frame, value) changes, in the order the keys first appeared."""

    def __init__(self) -> None:
        self._changes: dict[str, list[tuple[int, V]]] = {}

    def set(self, frame: int, key: str, value: V) -> None:
        """From `frame` on, `key` has `value`."""
        self._changes.setdefault(key, []).append((frame, value))

    def at(self, frame: int) -> Mapping[str, V]:
        """The values as they stand at `frame`."""
        return _AtFrame(self._changes, frame)


class _AtFrame(Mapping[str, V]):
    def __init__(self, changes: dict[str, list[tuple[int, V]]], frame: int) -> None:
        self._changes = changes
        self._frame = frame

    def __getitem__(self, key: str) -> V:
        for frame, value in reversed(self._changes.get(key, ())):
            if frame <= self._frame:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, changes in self._changes.items() if changes[0][0] <= self._frame)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return repr(dict(self))
