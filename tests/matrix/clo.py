"""Matrix entries and world objects of the clo app."""

from tests.matrix import Entry  # noqa: F401


def build(w):
    """Add the clo objects of school A and B to the world."""


ENTRIES: dict = {}
