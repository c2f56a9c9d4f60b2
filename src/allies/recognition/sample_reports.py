"""A year of history for the sample library's dashboard: reminders done, habits over time.

Called by allies.sample_data with the story so far (story["library"], story["staff"], ...).
"""


def add_report_history(story) -> None:
    """Filled in by the feature that needs it."""
