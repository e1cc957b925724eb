"""Browser journey: consent from the pupil page and the case page, by clicking only.

The demo pupil 10006 has two parents with parental authority and only one has agreed: nothing
is shared yet. The IB records the second parent's answer and adds the social team; the
social-team worker can open the case. Then the IB withdraws the social team from the case page;
the worker gets 404 at once. Screenshots of the case page's consent line and of the consent
history go to /tmp/shots-consent/ (set SHOTS_DIR to change)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_cases_intake import sign_in

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots-consent"))


def test_consent_second_parent_then_withdraw_social_team(demo, page, browser, live_server):
    from cases.models import Case

    SHOTS.mkdir(parents=True, exist_ok=True)
    case_url = f"{live_server.url}/casussen/{Case.objects.get(pupil__pupil_number='10006').uuid}/"
    social = browser.new_context(locale="nl-NL").new_page()
    sign_in(social, live_server.url, "sociaalteam@zonnebloem.demo")
    assert social.goto(case_url).status == 404

    sign_in(page, live_server.url, "ib@zonnebloem.demo")
    page.get_by_role("button", name="Leerlingzorg").click()
    page.get_by_role("link", name="Leerlingen").first.click()
    page.get_by_label("Zoek op naam of leerlingnummer").fill("10006")
    page.get_by_label("Zoek op naam of leerlingnummer").press("Enter")
    page.get_by_test_id("pupil-row").get_by_role("link").first.click()
    expect(page.get_by_test_id("consent-pending")).to_contain_text("wacht op tweede ouder")
    expect(page.get_by_test_id("consent-shared")).to_contain_text("niemand buiten de school")

    page.get_by_role("link", name="Toestemming wijzigen").click()
    answers = page.get_by_test_id("guardian-answers").locator("select")
    for i in range(answers.count()):
        answers.nth(i).select_option("yes")
    page.get_by_label("Medewerker sociaal team").check()
    page.get_by_role("button", name="Toestemming opslaan").click()
    expect(page.locator(".alert-success").first).to_contain_text("versie 2")
    expect(page.get_by_test_id("consent-shared")).to_contain_text("sociaal team")
    assert social.goto(case_url).status == 200

    page.get_by_role("link", name="Casus van").first.click()
    line = page.get_by_test_id("case-consent")
    expect(line).to_contain_text("Besproken op naam: ja")
    expect(line).to_contain_text("sociaal team")
    page.screenshot(path=str(SHOTS / "case-page.png"), full_page=False)
    line.screenshot(path=str(SHOTS / "case-consent-line.png"))

    line.get_by_role("link", name="Intrekken").click()
    page.get_by_label("Wat wordt ingetrokken").select_option("social_team")
    page.get_by_label("Reden").fill("Moeder wil het sociaal team er niet meer bij")
    page.get_by_role("button", name="Toestemming intrekken").click()
    message = page.locator(".alert-success").first
    expect(message).to_contain_text("Ingetrokken: Medewerker sociaal team")
    expect(message).to_contain_text("Kim Hendriks")
    assert social.goto(case_url).status == 404

    # Withdrawn from the case page, the IB is back on that case.
    expect(page).to_have_url(case_url)
    page.get_by_test_id("hub-consent").get_by_role("link", name="Toestemming en geschiedenis").click()
    expect(page.get_by_test_id("consent-version")).to_have_count(3)
    page.screenshot(path=str(SHOTS / "consent-history.png"), full_page=True)
