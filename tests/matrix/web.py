"""Matrix entries of the composition layer (home page, later dashboards)."""

from tests.matrix import Entry
from tests.world import PERSONAS

ENTRIES = {
    # Every signed-in persona has a home page; the ended IB still has an account, just no role.
    "web:home": Entry(expect={p: 200 for p in PERSONAS if p != "anonymous"}, logs_access=False),
}
