"""Browser journey of the parent side, with mail for real: the test starts an SMTP server on
127.0.0.1 (aiosmtpd), Django's SMTP backend sends the invitations to it, and the parents open the
link from the received mail. No SMS provider is set, so the IB's screen shows the code.

IB invites both parents of demo pupil 10006 → mail → link → code → parent 1 consents to the OT and
the social team → still waiting → parent 2 consents → the social-team worker sees the case → parent
1 withdraws the social team → the worker gets 404 at once. Parent 1 writes a view and agrees to
the OPP, and asks for access to the file; the IB sees the view and the agreement; the IB changes
the action part and the parent is asked again.
axe-core runs on every parent page; screenshots at 390 px go to /tmp/shots-parents/."""

import email
import os
import re
import socket
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from tests.e2e.test_accessibility import blocking_violations
from tests.e2e.test_cases_intake import sign_in

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots-parents"))
PHONE = {"width": 390, "height": 844}


class Inbox:
    """aiosmtpd handler: keeps every message it receives."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def link_for(self, address: str) -> str:
        for message in reversed(self.messages):
            if address in message["To"]:
                body = message.get_body(preferencelist=("plain",)).get_content()
                return re.search(r"https?://\S+/ouders/uitnodiging/\S+/", body).group(0)
        raise AssertionError(f"no mail to {address}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "ot_portal.core.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    yield inbox
    controller.stop()


def _check(page, name):
    assert not blocking_violations(page), f"{name}: {blocking_violations(page)}"
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _parent_signs_in(parent, ib, link, who, shot):
    parent.goto(link)
    expect(parent).to_have_url(re.compile(r"/ouders/aanmelden/$"))  # the token left the address bar
    assert "Vertrouwelijk" not in parent.content()
    parent.get_by_role("button", name="Stuur mij een code").click()
    expect(parent.locator(".alert-success")).to_contain_text("intern begeleider")
    ib.reload()
    row = ib.get_by_test_id("invitation").filter(has_text=who).first
    expect(row).to_contain_text("Code gevraagd")
    row.get_by_role("button", name="Code maken en tonen").click()
    code = ib.get_by_test_id("code").inner_text().strip()
    ib.screenshot(path=str(SHOTS / shot), full_page=True)
    parent.get_by_role("textbox", name="Code").fill(code)
    parent.get_by_role("button", name="Verder").click()
    expect(parent.get_by_role("heading", level=1)).to_contain_text("Hallo")


def test_parents_consent_withdraw_view_and_opp(demo, smtp, page, browser, live_server):
    from cases.models import Case, Pupil

    SHOTS.mkdir(parents=True, exist_ok=True)
    pupil = Pupil.objects.get(pupil_number="10006")
    mother, father = pupil.guardians.filter(has_authority=True).order_by("pk")
    case_url = f"{live_server.url}/casussen/{Case.objects.get(pupil=pupil).uuid}/"
    social = browser.new_context(locale="nl-NL").new_page()
    sign_in(social, live_server.url, "sociaalteam@zonnebloem.demo")
    assert social.goto(case_url).status == 404

    # The IB invites both parents from the pupil page.
    sign_in(page, live_server.url, "ib@zonnebloem.demo")
    page.goto(f"{live_server.url}/casussen/leerlingen/{pupil.uuid}/")
    page.get_by_test_id("invitations").click()
    for guardian in (mother, father):
        page.get_by_label(re.compile(re.escape(guardian.name))).check()
        page.get_by_label("Medewerker sociaal team").check()  # asked in addition to the current scope
        page.get_by_role("button", name="Uitnodiging versturen").click()
        expect(page.locator(".alert-success")).to_contain_text("verstuurd")
    expect(page.get_by_test_id("invitation").filter(has_text=mother.name).first).to_contain_text("verstuurd")
    _check(page, "ib-invitations")
    assert len(smtp.messages) == 2
    assert all(pupil.first_name not in m["Subject"] and pupil.last_name not in m["Subject"] for m in smtp.messages)

    mum_context = browser.new_context(locale="nl-NL", viewport=PHONE)
    mum = mum_context.new_page()
    _parent_signs_in(mum, page, smtp.link_for(mother.email), mother.name, "ib-invitations-code.png")
    _check(mum, "01-overview")

    # Parent 1 consents to discussion by name and the social team: still waiting for parent 2.
    mum.get_by_role("link", name="Toestemming geven of veranderen").click()
    mum.get_by_test_id("item-named").get_by_label("Ja, ik geef toestemming").check()
    mum.get_by_test_id("item-social_team").get_by_label("Ja, ik geef toestemming").check()
    _check(mum, "02-consent")
    mum.get_by_role("button", name="Mijn antwoorden opslaan").click()
    expect(mum.get_by_test_id("status-social_team")).to_contain_text("wacht op tweede ouder")
    assert social.goto(case_url).status == 404

    dad = browser.new_context(locale="nl-NL").new_page()
    _parent_signs_in(dad, page, smtp.link_for(father.email), father.name, "ib-invitations-code-2.png")
    dad.get_by_role("link", name="Toestemming geven of veranderen").click()
    dad.get_by_test_id("item-named").get_by_label("Ja, ik geef toestemming").check()
    dad.get_by_test_id("item-social_team").get_by_label("Ja, ik geef toestemming").check()
    dad.get_by_role("button", name="Mijn antwoorden opslaan").click()
    expect(dad.get_by_test_id("status-social_team")).to_contain_text("van kracht")
    assert social.goto(case_url).status == 200

    # Parent 1 withdraws the social team: the confirmation names who loses access; 404 at once.
    mum.reload()
    mum.get_by_test_id("withdraw-social_team").click()
    expect(mum.locator("main")).to_contain_text("Kim Hendriks")
    _check(mum, "03-withdraw-confirm")
    mum.get_by_test_id("confirm-withdraw").click()
    expect(mum.locator(".alert-success")).to_contain_text("Kim Hendriks")
    _check(mum, "04-withdrawn")
    assert social.goto(case_url).status == 404

    # Parent 1 reads the growth document, writes a view and agrees to the OPP.
    mum.get_by_role("link", name="Groeidocument").first.click()
    _check(mum, "05-growth-document")
    mum.get_by_role("link", name="Uw visie").first.click()
    mum.get_by_label("Uw visie").fill("Thuis gaat lezen beter als we samen een kwartier per dag oefenen.")
    mum.get_by_role("button", name="Opslaan").click()
    expect(mum.locator(".alert-success")).to_contain_text("opgeslagen")
    _check(mum, "06-view")
    mum.get_by_role("link", name="OPP").first.click()
    mum.get_by_label("Ja, ik stem in").check()
    mum.get_by_role("button", name="Mijn antwoord opslaan").click()
    expect(mum.get_by_test_id("my-opp-answer")).to_contain_text("u stemt in")
    expect(mum.get_by_test_id("opp-state")).to_contain_text("wacht")
    _check(mum, "07-opp")
    mum.get_by_role("link", name="Overleggen").first.click()
    _check(mum, "08-meetings")
    # Parent 1 asks for access to the file (inzage): one click, a confirmation with the due date.
    mum.get_by_role("link", name="Inzage", exact=True).click()
    mum.get_by_role("button", name="Inzage aanvragen").click()
    expect(mum.locator(".alert-success")).to_contain_text("naar de school verstuurd")
    expect(mum.get_by_test_id("open-request")).to_be_visible()
    _check(mum, "11-access")
    mum.get_by_role("link", name="Overzicht").first.click()
    _check(mum, "10-overview-after")

    # The IB sees the view and the agreement on the growth document, then changes the action part.
    page.goto(f"{live_server.url}/casussen/leerlingen/{pupil.uuid}/groeidocument/")
    expect(page.get_by_test_id("participant-views")).to_contain_text("een kwartier per dag")
    expect(page.get_by_test_id("opp-agreement")).to_contain_text(mother.name)
    expect(page.get_by_test_id("opp-agreement")).to_contain_text("stemt in")
    page.get_by_label("Afwijkingen van het reguliere programma").fill("Eigen leerlijn rekenen vanaf groep 6.")
    page.get_by_role("button", name="Groeidocument opslaan").click()
    expect(page.get_by_test_id("opp-agreement")).to_contain_text("opnieuw gevraagd")
    _check(page, "ib-growth-document")
    page.get_by_test_id("opp-agreement").screenshot(path=str(SHOTS / "ib-growth-opp-agreement.png"))
    page.get_by_test_id("participant-views").screenshot(path=str(SHOTS / "ib-growth-parents-view.png"))
    mum.get_by_role("link", name="OPP").first.click()
    expect(mum.get_by_test_id("asked-again")).to_be_visible()
    expect(mum.get_by_test_id("opp-deviations")).to_contain_text("Eigen leerlijn rekenen")
    _check(mum, "09-opp-asked-again")

    # A parent session reaches no staff page, and signing out ends it.
    assert mum.goto(case_url).url.startswith(f"{live_server.url}/accounts/login/")
    mum.goto(f"{live_server.url}/ouders/{pupil.uuid}/")
    mum.get_by_role("button", name="Uitloggen").click()
    assert mum.goto(f"{live_server.url}/ouders/{pupil.uuid}/").status == 403
    mum_context.close()
