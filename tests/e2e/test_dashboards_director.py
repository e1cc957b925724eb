"""The director's dashboard in a real browser: it loads, draws its charts, and every chart has
its table alternative next to it. A screenshot is kept for a human to look at."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ot_portal.demo.organisation import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def sign_in(page, live_server, email):
    """Through the real login form; Enter submits it whatever the button's wording."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_label("Wachtwoord").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_director_dashboard_renders_charts_and_tables(demo, page, live_server, tmp_path):
    call_command("seed_scale", factor=0.01, verbosity=0)
    sign_in(page, live_server, "directeur@zonnebloem.demo")
    page.goto(f"{live_server.url}/dashboards/directeur/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Schooldashboard")
    expect(page.get_by_test_id("dashboard-scope")).to_contain_text("De Zonnebloem")
    charts = page.locator("svg.dash-chart")
    expect(charts).to_have_count(5)  # statuses, intakes, actions, themes, CLO requests
    for key in ("cases_by_status", "intakes_per_month", "actions_per_owner", "themes", "clo_requests"):
        figure = page.locator(f'[data-figure="{key}"]')
        expect(figure.locator("svg.dash-chart")).to_have_attribute("aria-hidden", "true")
        expect(figure.locator(f'table[data-table="{key}"] tbody tr').first).to_be_visible()
    assert charts.first.bounding_box()["height"] > 100
    shot = tmp_path / "director-dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
