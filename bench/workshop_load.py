"""The workshop load test of issue 8: 60 participants join one live session and answer every activity.

It runs the real server (gunicorn) on loopback over a fresh SQLite database in a temporary folder, so it
needs no data of its own; the figures and how to read them are in docs/benchmarks.md.

    allies shell < bench/workshop_load.py

is the same as `allies bench workshop`; change the sizes below to try a bigger room.
"""

from django.core.management import call_command

call_command("bench", "workshop", "--participants", "60", "--seconds", "180")
