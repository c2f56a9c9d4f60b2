"""Recognition in the sample library: partners listed publicly, published thank-yous.

Called by allies.sample_data with the story so far (story["library"], story["staff"], ...).
"""


def add_recognition(story) -> None:
    """Filled in by the feature that needs it."""
