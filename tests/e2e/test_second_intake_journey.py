"""No silent duplicates (issue 10, item 11): a second intake for the same pupil is refused on the
form, with what was typed kept and a link to the first; following the link lands on the first.

Demo pupil 10014 has a draft zorgformulier started by the teacher; demo pupil 10004 has an open case.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.journey import Person, find_pupil

pytestmark = pytest.mark.e2e

IB = "ib@zonnebloem.demo"
TEACHER = "leerkracht@zonnebloem.demo"
OTHER_IB = "ib@kompas.demo"


def test_second_intake_is_refused_with_a_link_to_the_first(demo, browser, live_server):
    ib = Person(browser, live_server.url, IB)

    # A second draft next to the teacher's: refused, typed text kept, a link to the teacher's draft.
    page = find_pupil(ib, "10014")
    page.get_by_role("link", name="Aanmelden bij het OT").click()
    page.get_by_label("Reden van aanmelding").fill("Huilt vaak in de pauze")
    page.get_by_role("button", name="Concept opslaan").click()
    refusal = page.get_by_test_id("duplicate")
    expect(refusal).to_be_visible()
    expect(page.get_by_label("Reden van aanmelding")).to_have_value("Huilt vaak in de pauze")
    refusal.get_by_role("link", name="Bestaand concept openen").click()
    expect(page.get_by_label("Reden van aanmelding")).to_have_value("Valt stil in de groep sinds de herfstvakantie")
    draft_url = page.url

    # An intake for a pupil whose case is open: refused on submit, with a link to that case.
    page = find_pupil(ib, "10004")
    page.get_by_role("link", name="Aanmelden bij het OT").click()
    page.get_by_label("Reden van aanmelding").fill("Opnieuw zorgen over het lezen")
    page.get_by_label("Hulpvraag aan het OT").fill("Wat is de volgende stap?")
    page.get_by_label("Leren").check()
    page.get_by_role("button", name="Indienen en casus openen").click()
    refusal = page.get_by_test_id("duplicate")
    expect(refusal).to_be_visible()
    refusal.get_by_role("link", name="Bestaande casus openen").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Actief")
    expect(page.get_by_text("leerlingnummer 10004")).to_be_visible()

    # Nothing was added: the teacher still has her one draft, and only the school sees it.
    teacher = Person(browser, live_server.url, TEACHER)
    drafts = teacher.menu("Leerlingzorg", "Aanmeldingen")
    expect(drafts.get_by_role("link", name="Ravi van Leeuwen")).to_have_count(1)
    other = Person(browser, live_server.url, OTHER_IB)
    assert other.status_of(draft_url) == 404
    for person in (ib, teacher, other):
        person.close()
