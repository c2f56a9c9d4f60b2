"""Benchmarks of connections, run by `allies bench NAME` (allies/management/commands/bench.py)."""
