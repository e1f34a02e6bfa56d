"""Shared pytest fixtures.

The shared table of operation cases, and the hypothesis strategies that feed it, live in
`op_cases.py` (an importable module: conftest files should not be imported by tests).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np
import pytest

from visgrad.autograd.grad_mode import set_grad_enabled


@pytest.fixture(autouse=True)
def _grad_mode_restored() -> Iterator[None]:
    """A test that fails inside `no_grad` must not leave recording off for the next one."""
    yield
    set_grad_enabled(True)


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> np.random.Generator:
    """A NumPy generator seeded from the test's id: the same numbers every run."""
    return np.random.default_rng(zlib.crc32(request.node.nodeid.encode()))

