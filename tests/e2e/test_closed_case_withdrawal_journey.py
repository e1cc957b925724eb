"""A withdrawal after the case was closed leaves no external access (issue 10, item 11).

Demo pupil 10004 has an active case and consent for every discipline. The IB closes the case (the
externals lose it), a parent then withdraws the social team, and the case is reopened: the youth
nurse, still covered, gets it back; the social-team worker does not.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.journey import Person, open_case_of

pytestmark = pytest.mark.e2e

IB = "ib@zonnebloem.demo"
SOCIAL = "sociaalteam@zonnebloem.demo"
NURSE = "jeugdverpleegkundige@zonnebloem.demo"
OTHER_IB = "ib@kompas.demo"


def _change_status(page, to_status: str, *, outcome: str = "", reason: str) -> None:
    page.get_by_text("Status wijzigen", exact=True).first.click()
    page.get_by_label("Nieuwe status").select_option(label=to_status)
    if outcome:
        page.get_by_label("Uitkomst (bij afsluiten)").select_option(label=outcome)
    page.get_by_label("Waarom").fill(reason)
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.get_by_test_id("case-status")).to_have_text(to_status)


def test_withdrawal_after_closing_leaves_no_external_access(demo, browser, live_server):
    ib = Person(browser, live_server.url, IB)
    page = open_case_of(ib, "10004")
    case_url = page.url
    social = Person(browser, live_server.url, SOCIAL)
    nurse = Person(browser, live_server.url, NURSE)
    assert social.status_of(case_url) == 200
    assert nurse.status_of(case_url) == 200

    _change_status(page, "Afgesloten", outcome="Opgelost", reason="Afsluitend gesprek gevoerd")
    assert social.status_of(case_url) == 404
    assert nurse.status_of(case_url) == 404

    # Weeks later a parent withdraws the social team; the IB records it on the consent page.
    page.get_by_test_id("hub-consent").get_by_role("link", name="Toestemming en geschiedenis").click()
    page.get_by_test_id("consent-actions").get_by_role("link", name="Intrekken").click()
    page.get_by_label("Wat wordt ingetrokken").select_option(label="Medewerker sociaal team")
    page.get_by_label("Reden").fill("Ouders willen het sociaal team niet meer betrekken.")
    page.get_by_role("button", name="Toestemming intrekken").click()
    expect(page.locator(".alert-success").first).to_contain_text("Ingetrokken: Medewerker sociaal team")
    assert social.status_of(case_url) == 404

    # The worries come back and the case is reopened: only what the consent still covers returns.
    page.get_by_role("link", name="Casus van").first.click()
    _change_status(page, "Actief", reason="Zorgen zijn terug na de vakantie")
    line = page.get_by_test_id("case-consent")
    expect(line.get_by_test_id("consent-shared")).not_to_contain_text("sociaal team")
    expect(line.get_by_test_id("consent-shared")).to_contain_text("jeugdverpleegkundige")
    assert nurse.status_of(case_url) == 200
    assert social.status_of(case_url) == 404
    social_page = social.menu("Leerlingzorg", "Casussen")
    expect(social_page.get_by_role("link", name="Jesse Visser")).to_have_count(0)

    other = Person(browser, live_server.url, OTHER_IB)
    assert other.status_of(case_url) == 404
    for person in (ib, social, nurse, other):
        person.close()
