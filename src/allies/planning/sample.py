"""The action plan workbook of the sample library.

Called by allies.sample_data with the story so far (story["library"], story["staff"], ...).
"""


def add_workbook(story) -> None:
    """Filled in by the feature that needs it."""
