"""The director's journey through the school dashboard, in a real browser.

Anja de Vries (director of De Zonnebloem) opens the dashboard from the navigation, sees the charts
with their tables, reads what a figure means, and follows a figure of every linked table to the
list behind it: the list shows as many rows as the figure says. At the end: the director of Het
Kompas sees only her own school and gets 404 on De Zonnebloem's list, and the teacher has no
dashboard at all.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.journey import Person

pytestmark = pytest.mark.e2e

LIST_ROWS = (
    '[data-testid="case-row"], [data-testid="intake-row"], [data-testid="action-row"], '
    '[data-testid="action-list-row"], [data-testid="meeting-row"], [data-testid="theme-row"], '
    '[data-testid="discussion-row"], td[data-testid="pupil-name"]'
)
#: The tables whose figures link to a list, and the figure followed in each: the first one with a
#: count between 1 and a page's 50 rows.
LINKED_TABLES = (
    "cases_by_status",
    "intakes_per_month",
    "meetings",
    "themes",
    "ot_discussions",
    "actions_per_owner",
    "consent_coverage",
    "follow_through",
    "clo_requests",
)


def _linked_figure(page: Page, key: str) -> tuple[int, str, object]:
    """(count, label, link) of the first figure in table `key` that links to a list of 1 to 50 rows."""
    rows = page.locator(f'table[data-table="{key}"] tbody tr')
    for i in range(rows.count()):
        row = rows.nth(i)
        number_links = row.locator("td a")
        if number_links.count():  # a link on the number itself (open and overdue per owner)
            link = number_links.first
            text = link.inner_text().strip()
        elif row.locator("th a").count():
            link = row.locator("th a").first
            text = row.locator("td").last.inner_text().strip()  # the row's total (the last column)
        else:
            continue
        if text.isdigit() and 1 <= int(text) <= 50:
            return int(text), row.locator("th").inner_text().strip(), link
    raise AssertionError(f"table {key} has no linked figure of 1 to 50 on the demo data")


def test_director_follows_every_linked_figure_to_a_list_of_the_same_rows(demo, browser, live_server):
    call_command("seed_scale", factor=0.01, verbosity=0)
    anja = Person(browser, live_server.url, "directeur@zonnebloem.demo")
    page = anja.menu("Overzichten", "Schooldashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Schooldashboard")
    expect(page.get_by_test_id("dashboard-scope")).to_contain_text("De Zonnebloem")
    dashboard_url = page.url

    charts = page.locator("svg.dash-chart")
    expect(charts).to_have_count(5)  # statuses, intakes, actions, themes, CLO requests
    for key in ("cases_by_status", "intakes_per_month", "actions_per_owner", "themes", "clo_requests"):
        figure = page.locator(f'[data-figure="{key}"]')
        expect(figure.locator("svg.dash-chart")).to_have_attribute("aria-hidden", "true")
        expect(figure.locator(f'table[data-table="{key}"] tbody tr').first).to_be_visible()
    assert charts.first.bounding_box()["height"] > 100
    # A figure says what it counts, next to it.
    consent = page.locator('table[data-table="consent_coverage"]')
    expect(consent.locator("[data-definition]").first).to_contain_text("toestemming")

    followed = []
    for key in LINKED_TABLES:
        count, label, link = _linked_figure(page, key)
        link.click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        shown = page.locator(LIST_ROWS).count()
        assert shown == count, f"{key} / {label}: the figure says {count}, the list at {page.url} shows {shown}"
        followed.append(page.url)
        page.go_back()
        page.wait_for_url(dashboard_url)
    meeting_list = next(url for url in followed if "/lijst/" in url)
    anja.close()

    # The director of another school sees her own school only, and not De Zonnebloem's rows.
    peter = Person(browser, live_server.url, "directeur@kompas.demo")
    page = peter.menu("Overzichten", "Schooldashboard")
    expect(page.get_by_test_id("dashboard-scope")).to_contain_text("Het Kompas")
    expect(page.get_by_test_id("dashboard-scope")).not_to_contain_text("De Zonnebloem")
    assert peter.status_of(meeting_list) == 404
    peter.close()

    # The teacher has no dashboard in the navigation.
    tom = Person(browser, live_server.url, "leerkracht@zonnebloem.demo")
    nav = tom.page.get_by_role("navigation").first
    expect(nav.get_by_role("link", name=re.compile("dashboard", re.I))).to_have_count(0)
    tom.close()
