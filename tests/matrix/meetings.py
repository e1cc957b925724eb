"""Matrix entries and world objects of the meetings app."""

from tests.matrix import Entry  # noqa: F401


def build(w):
    """Add the meetings objects of school A and B to the world."""


ENTRIES: dict = {}
