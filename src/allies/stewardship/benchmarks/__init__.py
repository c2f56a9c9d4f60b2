"""Benchmarks of stewardship, run by `allies bench NAME` (allies/management/commands/bench.py)."""
