"""The IB plans an OT meeting, puts a consented case on the agenda by name, records minutes with
an action for the social-team worker, and the action shows up on that owner's list."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ot_portal.core.models import SchoolYear
from ot_portal.demo.organisation import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_label("Wachtwoord").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_ib_plans_meeting_records_minutes_and_owner_sees_action(demo, page, live_server):
    today = timezone.localdate()
    day = today + timedelta(days=5)
    if not SchoolYear.for_date(today).contains(day):
        pytest.skip("too close to the end of the school year")
    sign_in(page, live_server, "ib@zonnebloem.demo")
    page.get_by_role("button", name="OT en acties").click()
    page.get_by_role("link", name="OT-overleggen").first.click()
    page.get_by_role("link", name=re.compile(r"^De Zonnebloem · \d{4}-\d{4}$")).click()
    page.get_by_role("link", name="Overleggen plannen").click()
    page.get_by_label("Datum 1", exact=True).fill(day.isoformat())
    page.get_by_label("Begintijd 1", exact=True).fill("08:30")
    page.get_by_label("Plaats 1", exact=True).fill("Teamkamer")
    page.get_by_role("button", name="Deze overleggen plannen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("OT-overleg")

    page.get_by_role("link", name="Casus op de agenda zetten").click()
    case_select = page.get_by_label("Casus")
    consented = [o for o in case_select.locator("option").all_inner_texts() if "toestemming voor het OT" in o]
    assert consented, "the demo has a case with consent for the OT"
    case_select.select_option(label=consented[0])
    pupil_name = consented[0].split(" – ")[0]
    page.get_by_label("Op naam bespreken").check()
    page.get_by_label("Vraag aan het OT").fill("Hoe gaat het na de kerstvakantie?")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_test_id("item-name")).to_have_text(pupil_name)

    page.get_by_role("link", name="Verslag vastleggen").click()
    page.locator("#id_parents_presence").select_option(label="Ouders aanwezig")
    page.get_by_label("Conclusies").fill("Het gaat beter in de klas; thuis blijft het zwaar.")
    # Several actions in one save, each with its owner and due date.
    page.locator("#id_actions-0-description").fill("Huisbezoek plannen met moeder")
    page.locator("#id_actions-0-owner").select_option(label="Kim Hendriks (Sociaal Team Zevenaar)")
    page.locator("#id_actions-0-due_on").fill((day + timedelta(days=14)).isoformat())
    page.locator("#id_actions-1-description").fill("Observatie in de klas na de vakantie")
    page.locator("#id_actions-1-owner").select_option(label="Ilse Bakker")
    page.locator("#id_actions-1-due_on").fill((day + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Verslag opslaan").click()
    expect(page.get_by_test_id("minutes")).to_contain_text("Het gaat beter in de klas")
    expect(page.get_by_text("Huisbezoek plannen met moeder")).to_be_visible()
    expect(page.get_by_text("Observatie in de klas na de vakantie")).to_be_visible()

    sign_in(page, live_server, "sociaalteam@zonnebloem.demo")
    page.get_by_role("button", name="OT en acties").click()
    page.get_by_role("link", name="Mijn acties").first.click()
    expect(page.get_by_test_id("action-row").filter(has_text="Huisbezoek plannen met moeder")).to_be_visible()
