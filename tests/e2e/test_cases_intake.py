"""Browser journey: the IB finds a pupil, submits the zorgformulier with only the required fields
in at most 15 interactions, and downloads the groeidocument PDF."""

import pytest
from playwright.sync_api import expect

from ot_portal.demo.organisation import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


class Steps:
    """Counts what the user does: every click, fill, key press and check."""

    def __init__(self):
        self.count = 0

    def __call__(self, action, *args, **kwargs):
        self.count += 1
        return action(*args, **kwargs)


def sign_in(page, base_url, email):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def test_ib_registers_a_pupil_and_downloads_the_growth_document(demo, page, live_server):
    sign_in(page, live_server.url, "ib@zonnebloem.demo")
    step = Steps()

    step(page.get_by_role("button", name="Leerlingzorg").click)
    step(page.get_by_role("link", name="Leerlingen").first.click)
    step(page.get_by_label("Zoek op naam of leerlingnummer").fill, "10010")
    step(page.get_by_label("Zoek op naam of leerlingnummer").press, "Enter")
    step(page.get_by_test_id("pupil-row").get_by_role("link").first.click)
    step(page.get_by_role("link", name="Aanmelden bij het OT").click)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Aanmelding")
    step(page.get_by_label("Reden van aanmelding *").fill, "Leesachterstand groeit ondanks extra instructie")
    step(page.get_by_label("Hulpvraag aan het OT *").fill, "Welke aanpak helpt bij technisch lezen?")
    step(page.get_by_label("Leren").check)
    step(page.get_by_role("button", name="Indienen en casus openen").click)

    expect(page.get_by_test_id("case-status")).to_have_text("Aangemeld")
    expect(page.get_by_text("Aangemeld bij het OT (zorgformulier)")).to_be_visible()

    step(page.get_by_role("link", name="Groeidocument").first.click)
    with page.expect_download() as download_info:
        step(page.get_by_test_id("growth-pdf").click)
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert step.count <= 15, step.count
