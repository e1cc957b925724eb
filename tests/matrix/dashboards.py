"""Matrix entries and world objects of the dashboards.

School dashboards (director, worklist): school staff with the permission at A or B see their own
school. CLO dashboard: the committee's chair and secretary. Partnership dashboard: partnership
staff and the functional administrator. Every other signed-in persona gets 403; anonymous 302.
"""

from tests.matrix import Entry, each

SCHOOL_LEADS = ["director_a", "ib_a", "director_b", "ib_b"]
CLO_DASHBOARD = ["clo_chair", "clo_secretary"]
PARTNERSHIP_DASHBOARD = ["swv_staff", "functional_admin"]


def build(w):
    """Nothing beyond the other apps' objects: the dashboards only read."""


def _entries(kind: str, personas: list[str]) -> dict[str, Entry]:
    return {
        f"dashboards:{kind}{suffix}": Entry(expect=each(personas, 200), default=403) for suffix in ("", "_pdf", "_csv")
    }


ENTRIES: dict = {
    **_entries("director", SCHOOL_LEADS),
    **_entries("worklist", SCHOOL_LEADS),
    **_entries("clo", CLO_DASHBOARD),
    **_entries("partnership", PARTNERSHIP_DASHBOARD),
}
