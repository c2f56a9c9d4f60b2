"""Benchmarks of workshop, run by `allies bench NAME` (allies/management/commands/bench.py)."""
