"""Benchmarks of today, run by `allies bench NAME` (allies/management/commands/bench.py)."""
