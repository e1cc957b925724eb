"""The CLO journey in a real browser: the IB submits, the secretary marks the file incomplete, the
IB completes it, two experts advise, the secretary decides and downloads the decision letter."""

import pytest
from playwright.sync_api import expect

from ot_portal.demo.organisation import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def _as(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_label("Wachtwoord").press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_request_from_submission_to_decision_letter(demo, page, live_server):
    from clo.models import Request, RequestStatus

    draft = Request.objects.get(school__name="De Zonnebloem", status=RequestStatus.DRAFT)
    detail = f"{live_server.url}/clo/aanvragen/{draft.uuid}/"

    # The IB fills in the substantiation, but leaves out the OPP, and hands it to the director.
    _as(page, live_server, "ib@zonnebloem.demo")
    page.goto(detail + "bewerken/")
    page.locator("#id_interventions").fill("Verlengde instructie, 12 weken: weinig effect.")
    page.locator("#id_interventions_evaluated").check()
    page.locator("#id_basic_support").fill("Differentiatie in drie niveaus.")
    page.locator("#id_extra_support").fill("Arrangement gedrag.")
    page.locator("#id_parents_view").fill("Wij steunen de aanvraag.")
    page.locator("#id_parents_agree").select_option("true")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_test_id("checklist")).to_contain_text("✗ Ontwikkelingsperspectief (OPP) aanwezig")
    page.get_by_test_id("to-ready").click()

    _as(page, live_server, "directeur@zonnebloem.demo")
    page.goto(detail)
    page.get_by_test_id("to-submitted").click()
    expect(page.locator(".badge").first).to_contain_text("Ingediend")

    # The secretary sees what is missing and asks the school for it.
    _as(page, live_server, "secretaris@clo.demo")
    page.goto(detail)
    page.get_by_test_id("mark-incomplete").click()
    expect(page.get_by_label("Ontwikkelingsperspectief (OPP) aanwezig")).to_be_checked()
    page.get_by_label("Toelichting voor de school").fill("Graag het OPP met de uitstroombestemming.")
    page.get_by_role("button", name="Lijst naar de school sturen").click()
    expect(page.get_by_text("termijn opgeschort").first).to_be_visible()

    # The IB completes the file and resubmits.
    _as(page, live_server, "ib@zonnebloem.demo")
    page.goto(detail)
    expect(page.get_by_test_id("missing-list")).to_contain_text("Graag het OPP met de uitstroombestemming.")
    page.goto(detail + "bewerken/")
    page.locator("#id_development_perspective").fill("Uitstroom praktijkonderwijs; onderbouwing in het groeidocument.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_test_id("to-submitted").click()
    expect(page.get_by_test_id("checklist")).not_to_contain_text("✗")

    # The secretary accepts and asks two experts.
    _as(page, live_server, "secretaris@clo.demo")
    page.goto(detail)
    page.get_by_test_id("to-accepted").click()
    for name in ("Eva Meijer", "Noor Yilmaz"):
        page.locator("#id_expert").select_option(
            label=next(o for o in page.locator("#id_expert option").all_inner_texts() if name in o)
        )
        page.get_by_role("button", name="Vragen", exact=True).click()
    expect(page.get_by_test_id("two-expert")).to_contain_text("twee deskundigenadviezen")

    for email in ("orthopedagoog@clo.demo", "deskundige@clo.demo"):
        _as(page, live_server, email)
        page.goto(detail)
        page.get_by_role("link", name="Mijn advies geven").click()
        page.locator("#id_recommendation").select_option("grant")
        page.get_by_label("Toelichting op het advies").fill("De ondersteuningsbehoefte vraagt om SBO.")
        page.get_by_role("button", name="Mijn advies vastleggen").click()
        expect(page.get_by_text("Uw advies is vastgelegd.")).to_be_visible()

    # The secretary records the decision and downloads the letter.
    _as(page, live_server, "secretaris@clo.demo")
    page.goto(detail)
    page.get_by_test_id("decide").click()
    expect(page.get_by_test_id("two-expert")).to_contain_text("De adviezen voldoen aan deze regel.")
    page.get_by_label("Motivering").fill("Beide deskundigen adviseren toekenning.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("is vastgelegd")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_test_id("letter").click()
    download = info.value
    assert download.suggested_filename.startswith("besluit-CLO-")
    with open(download.path(), "rb") as fh:
        assert fh.read(4) == b"%PDF"
