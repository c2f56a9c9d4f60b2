"""Benchmarks of matching, run by `allies bench NAME` (allies/management/commands/bench.py)."""
