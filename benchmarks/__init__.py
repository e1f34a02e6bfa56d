"""Benchmarks: the same workloads on visgrad, PyTorch, hand-written NumPy and the teaching peers.

`python -m benchmarks.run` (or `make bench`) runs them interleaved and prints medians and ratios;
see benchmarks/RESULTS.md for a recorded run and how to read it.
"""
