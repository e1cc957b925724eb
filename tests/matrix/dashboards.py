"""Matrix entries and world objects of the dashboards."""

from tests.matrix import Entry  # noqa: F401


def build(w):
    """Add what the dashboards need beyond the other apps' objects."""


ENTRIES: dict = {}
