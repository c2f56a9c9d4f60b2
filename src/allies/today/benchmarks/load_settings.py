"""Allies' settings with the bare list view of `allies bench load` added to the URLs."""

from allies.settings import *  # noqa: F403

ROOT_URLCONF = "allies.today.benchmarks.load_urls"
