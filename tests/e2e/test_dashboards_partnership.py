"""The policy officer's journey to the partnership dashboard, in a real browser.

Rob (beleid@swv.demo) opens the dashboard from the navigation. The page says when its figures were
counted and when they are counted again (that they are kept is tests/dashboards/test_partnership.py's
to prove), and the PDF behind "PDF downloaden" carries the same line. At the end: the IB and the CLO
secretary have no such item in their navigation, and the address refuses them.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.journey import Person

pytestmark = pytest.mark.e2e

COUNTED = re.compile(r"Cijfers geteld om (\d\d:\d\d); ze worden na 5 minuten opnieuw geteld\.")


def test_policy_officer_reads_kept_figures_and_others_are_refused(demo, browser, live_server, settings):
    settings.OT_PARTNERSHIP_FIGURES_SECONDS = 5 * 60
    rob = Person(browser, live_server.url, "beleid@swv.demo")
    page = rob.menu("Overzichten", "Dashboard samenwerkingsverband")
    note = page.get_by_test_id("figures-read-at")
    expect(note).to_have_text(COUNTED)
    counted_at = COUNTED.fullmatch(note.inner_text().strip())[1]
    dashboard_url = page.url

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF downloaden").click()
    with open(download.value.path(), "rb") as pdf:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read())).pages).split())
    assert f"Cijfers geteld om {counted_at}; ze worden na 5 minuten opnieuw geteld." in text
    rob.close()

    for email in ("ib@zonnebloem.demo", "secretaris@clo.demo"):
        other = Person(browser, live_server.url, email)
        nav = other.page.get_by_role("navigation").first
        expect(nav.get_by_role("link", name="Dashboard samenwerkingsverband")).to_have_count(0)
        assert other.status_of(dashboard_url) in (403, 404)
        other.close()
