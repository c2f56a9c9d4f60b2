"""Benchmarks of directory, run by `allies bench NAME` (allies/management/commands/bench.py)."""
