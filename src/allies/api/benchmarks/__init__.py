"""Benchmarks of api, run by `allies bench NAME` (allies/management/commands/bench.py)."""
