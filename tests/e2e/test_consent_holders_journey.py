"""Who decides, in the browser (issue 10, item 11): while two parents hold parental authority, one
parent's consent shares nothing, and one parent's "no" beats the other's "yes".

Demo pupil 10006 has two parents with authority; one agreed to the orthopedagogue and the school
social worker, the other has not answered. The school social worker (an external professional)
keeps the address of the case, as from an old mail, and checks what she gets after each change.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.journey import Person, open_case_of

pytestmark = pytest.mark.e2e

IB = "ib@zonnebloem.demo"
SMW = "smw@zonnebloem.demo"
OTHER_IB = "ib@kompas.demo"


def _change_consent(ib: Person, answers: dict[str, str] | None = None) -> dict[str, str]:
    """From the case page: open "change consent", read each parent's current answer, give the new
    answers (by the parent's label), save and come back to the case. Answers what was shown before."""
    page = ib.page
    page.get_by_test_id("case-consent").get_by_role("link", name="Toestemming wijzigen").click()
    selects = page.get_by_test_id("guardian-answers").locator("select")
    shown = {
        label.strip(): answer.strip()
        for label, answer in selects.evaluate_all(
            "els => els.map(e => [e.labels[0].innerText, e.selectedOptions[0].innerText])"
        )
    }
    for label, answer in (answers or {}).items():
        page.get_by_test_id("guardian-answers").get_by_label(label, exact=True).select_option(label=answer)
    if answers:
        page.get_by_role("button", name="Toestemming opslaan").click()
        expect(page.locator(".alert-success").first).to_contain_text("versie")
    else:
        page.get_by_role("link", name="Annuleren").click()
    expect(page.get_by_test_id("case-status")).to_be_visible()
    return shown


def test_one_parent_of_two_shares_nothing_and_a_no_wins(demo, browser, live_server):
    ib = Person(browser, live_server.url, IB)
    page = open_case_of(ib, "10006")
    case_url = page.url
    line = page.get_by_test_id("case-consent")
    expect(line.get_by_test_id("consent-shared")).to_contain_text("niemand buiten de school")
    expect(line.get_by_test_id("consent-pending")).to_contain_text("wacht op tweede ouder")
    shown = _change_consent(ib)
    agreed = next(label for label, answer in shown.items() if answer == "Akkoord")
    waiting = next(label for label, answer in shown.items() if answer != "Akkoord")

    smw = Person(browser, live_server.url, SMW)
    assert smw.status_of(case_url) == 404, "one parent of two must not open the case to an external"

    # The second parent says no: the first one's yes does not count.
    _change_consent(ib, {waiting: "Niet akkoord"})
    expect(line.get_by_test_id("consent-shared")).to_contain_text("niemand buiten de school")
    expect(line.get_by_test_id("consent-pending")).to_contain_text("geweigerd")
    assert smw.status_of(case_url) == 404

    # She changes her mind: now both agree, and the school social worker can open the case.
    _change_consent(ib, {waiting: "Akkoord"})
    expect(line.get_by_test_id("consent-shared")).to_contain_text("schoolmaatschappelijk werk")
    assert smw.status_of(case_url) == 200

    # Then the first parent refuses: one "no" ends it for both, at once.
    _change_consent(ib, {agreed: "Niet akkoord"})
    expect(line.get_by_test_id("consent-shared")).to_contain_text("niemand buiten de school")
    assert smw.status_of(case_url) == 404

    # The history shows every version: the demo's first, and the three changes made here.
    page.get_by_test_id("hub-consent").get_by_role("link", name="Toestemming en geschiedenis").click()
    expect(page.get_by_test_id("consent-version")).to_have_count(4)

    # The other school's IB never sees this pupil's case.
    other = Person(browser, live_server.url, OTHER_IB)
    assert other.status_of(case_url) == 404
    for person in (ib, smw, other):
        person.close()
