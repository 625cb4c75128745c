"""Benchmarks of policykb: run from the repository as ``python -m benchmarks``; not part of the package."""
