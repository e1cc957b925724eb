"""Helpers for the end-to-end journeys: one signed-in browser context per person, and the few
moves every journey makes (open the grouped navigation, find a pupil, open a case).

A journey clicks only what the pages show. The one address typed is the sign-in page; the other
`goto`s in the journeys are people coming back to an address they had (a bookmark, a link in an
old mail), to check what they may or may not see now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.sync_api import Browser, Page, expect

from ot_portal.demo.organisation import DEMO_PASSWORD


@dataclass
class Person:
    """One demo account, signed in in its own browser context (its own cookies)."""

    browser: Browser
    base: str
    email: str
    page: Page = field(init=False)
    csp_violations: list[str] = field(default_factory=list)

    def __post_init__(self):
        context = self.browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        self.page = context.new_page()
        # As the suite's autouse fixture does for `page`: the strict CSP must block nothing.
        self.page.on(
            "console",
            lambda m: (
                self.csp_violations.append(m.text)
                if m.type == "error" and "Content Security Policy" in m.text
                else None
            ),
        )
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.get_by_label("E-mailadres").fill(self.email)
        self.page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        self.page.locator("form[action='/accounts/login/'] button[type=submit]").click()
        self.page.wait_for_url(f"{self.base}/")

    def home(self) -> Page:
        self.page.get_by_role("link", name="OT Portal").click()
        self.page.wait_for_url(f"{self.base}/")
        return self.page

    def menu(self, group: str, item: str) -> Page:
        """Open a group of the main navigation ("Leerlingzorg", "OT en acties", ...) and follow an item."""
        nav = self.page.get_by_role("navigation").first
        nav.get_by_role("button", name=group).click()
        nav.get_by_role("link", name=item, exact=True).click()
        return self.page

    def status_of(self, url: str) -> int:
        """Come back to an address this person had, and answer the HTTP status the server gives."""
        response = self.page.goto(url)
        assert response is not None
        return response.status

    def close(self) -> None:
        self.page.context.close()
        assert not self.csp_violations, f"CSP blocked something for {self.email}: {self.csp_violations[:3]}"


def find_pupil(person: Person, number: str) -> Page:
    """Leerlingzorg → Leerlingen → search the pupil number → open the pupil page."""
    page = person.menu("Leerlingzorg", "Leerlingen")
    search = page.get_by_label("Zoek op naam of leerlingnummer")
    search.fill(number)
    search.press("Enter")
    page.get_by_test_id("pupil-row").get_by_role("link").first.click()
    expect(page.get_by_text(f"leerlingnummer {number}").first).to_be_visible()
    return page


def open_case_of(person: Person, number: str) -> Page:
    """From the pupil page to the pupil's open case."""
    page = find_pupil(person, number)
    page.get_by_role("link", name=re.compile(r"^Casus van")).first.click()
    expect(page.get_by_test_id("case-status")).to_be_visible()
    return page
