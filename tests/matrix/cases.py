"""Matrix entries and world objects of the cases app."""

from tests.matrix import Entry  # noqa: F401


def build(w):
    """Add the cases objects of school A and B to the world."""


ENTRIES: dict = {}
