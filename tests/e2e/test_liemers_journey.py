"""The De Liemers route, end to end, each step by the person who does it, clicking only what the
pages show (issue 10, item 11).

A new pupil with two parents who both hold parental authority → the teacher starts the
zorgformulier → the IB completes it and opens the case → both parents consent to discussion by name
and to the social team → the social-team worker sees the case and takes regie → the OT discusses
the case and agrees three actions in one save → the groeidocument gets an OPP → the IB starts the
CLO request from the case → the director confirms → the secretary marks it incomplete → the IB
completes it → two experts advise → the secretary decides and the letter is a PDF → a parent
withdraws the social team: the social-team worker gets 404 at once and regie is back with the IB.
At the end: who else can and cannot see the case.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.journey import Person

pytestmark = pytest.mark.e2e
SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots-journeys"))

PUPIL_NUMBER = "10090"
PUPIL = "Lieke Arts"
MOTHER, FATHER = "Sanne Arts", "Bas Arts"


@dataclass
class Story:
    """What the journey carries from one step to the next: the people and the addresses they had."""

    browser: object
    base: str
    people: dict[str, Person] = field(default_factory=dict)
    case_url: str = ""
    request_url: str = ""

    def as_(self, email: str) -> Person:
        if email not in self.people:
            self.people[email] = Person(self.browser, self.base, email)
        return self.people[email]


IB = "ib@zonnebloem.demo"
TEACHER = "leerkracht@zonnebloem.demo"
SOCIAL = "sociaalteam@zonnebloem.demo"
DIRECTOR = "directeur@zonnebloem.demo"
SECRETARY = "secretaris@clo.demo"
OTHER_IB = "ib@kompas.demo"


def step_new_pupil(story: Story) -> None:
    """The IB enters a pupil who has just come to the school, with both parents holding authority."""
    page = story.as_(IB).menu("Leerlingzorg", "Leerlingen")
    page.get_by_role("link", name="Nieuwe leerling").click()
    page.get_by_label("Leerlingnummer").fill(PUPIL_NUMBER)
    page.get_by_label("Voornaam").fill("Lieke")
    page.get_by_label("Achternaam").fill("Arts")
    page.get_by_label("Geboortedatum").fill((timezone.localdate() - timedelta(days=365 * 9 + 40)).isoformat())
    page.get_by_label("Groep dit schooljaar").select_option(label="Groep 5a")
    for i, (name, relation) in enumerate(((MOTHER, "moeder"), (FATHER, "vader"))):
        page.locator(f"#id_guardians-{i}-name").fill(name)
        page.locator(f"#id_guardians-{i}-relation").fill(relation)
        page.locator(f"#id_guardians-{i}-has_authority").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PUPIL)


def step_teacher_draft(story: Story) -> None:
    """The teacher starts the zorgformulier and saves it as a draft for the IB."""
    page = story.as_(TEACHER).menu("Leerlingzorg", "Aanmeldingen")
    page.get_by_role("link", name="Nieuwe aanmelding").click()
    page.locator("#pupil-q").press_sequentially(PUPIL_NUMBER)  # the picker searches as one types
    page.locator("#pupil-results label", has_text=PUPIL).click()
    page.get_by_label("Reden van aanmelding").fill("Lieke trekt zich terug en komt vaak te laat")
    page.get_by_label("Sociaal-emotioneel").check()
    page.get_by_label("Thuissituatie").check()
    page.get_by_test_id("intake-more").locator("summary").click()  # the optional part opens on request
    page.get_by_label("Wat is al geprobeerd").fill("Dagelijks check-in moment met de leerkracht")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.locator(".alert-success").first).to_be_visible()


def step_ib_intake(story: Story) -> None:
    """The IB finds the draft on her list, adds the question for the OT and opens the case."""
    page = story.as_(IB).menu("Leerlingzorg", "Aanmeldingen")
    page.get_by_role("link", name=PUPIL).click()
    expect(page.get_by_label("Reden van aanmelding")).to_have_value("Lieke trekt zich terug en komt vaak te laat")
    page.get_by_label("Hulpvraag aan het OT").fill("Wat heeft Lieke nodig, in de klas en thuis?")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Indienen en casus openen").click()
    expect(page.get_by_test_id("case-status")).to_have_text("Aangemeld")
    story.case_url = page.url


def step_consent_both_parents(story: Story) -> None:
    """Both parents agree, on a signed form, to discussion by name and to sharing with the social team."""
    page = story.as_(IB).page
    block = page.get_by_test_id("case-consent")
    expect(block).to_contain_text("Geen toestemming vastgelegd")
    block.get_by_role("link", name="Toestemming vastleggen").click()
    page.get_by_label("Mag met naam besproken worden in het OT").check()
    page.get_by_label("Medewerker sociaal team").check()
    page.get_by_label(f"{MOTHER} (moeder)").select_option(label="Akkoord")
    page.get_by_label(f"{FATHER} (vader)").select_option(label="Akkoord")
    page.get_by_label("Hoe").select_option(label="Mondeling, vastgelegd door een medewerker")
    page.get_by_role("button", name="Toestemming opslaan").click()
    expect(page.locator(".alert-success").first).to_contain_text("Kim Hendriks")
    # Back on the case it came from, with the new scope in one line.
    expect(page).to_have_url(story.case_url)
    line = page.get_by_test_id("case-consent")
    expect(line).to_contain_text("Besproken op naam: ja")
    expect(line).to_contain_text("sociaal team")


def step_social_team_sees_case_and_takes_regie(story: Story) -> None:
    """The social-team worker finds the case on her list; the IB hands her the regie."""
    social = story.as_(SOCIAL)
    page = social.menu("Leerlingzorg", "Casussen")
    page.get_by_role("link", name=PUPIL).click()
    expect(page).to_have_url(story.case_url)

    page = story.as_(IB).page
    page.get_by_text("Regie overdragen", exact=True).click()
    page.get_by_label("Nieuwe regiehouder").select_option(label="Kim Hendriks (Sociaal Team Zevenaar)")
    page.get_by_label("Overdrachtsnotitie").fill("Het sociaal team pakt de thuissituatie op.")
    page.get_by_role("button", name="Overdragen").click()
    expect(page.get_by_test_id("case-lead")).to_have_text("Kim Hendriks")

    social.page.reload()
    expect(social.page.get_by_test_id("case-lead")).to_have_text("Kim Hendriks")


def step_ot_meeting_three_actions(story: Story) -> None:
    """From the case, the IB puts it on the next OT meeting by name; after the discussion she records
    the minutes with three actions, each with its owner and due date, in one save."""
    page = story.as_(IB).page
    page.get_by_test_id("hub-meetings").get_by_test_id("hub-plan-link").first.click()
    expect(page.get_by_role("combobox", name="Casus")).to_have_value(re.compile(r"[0-9a-f-]{36}"))
    expect(page.get_by_role("combobox", name="Casus").locator("option:checked")).to_contain_text(PUPIL)
    page.get_by_label("Op naam bespreken").check()
    page.get_by_label("Vraag aan het OT").fill("Wat heeft Lieke nodig, in de klas en thuis?")
    page.get_by_role("button", name="Opslaan").click()
    item = page.get_by_test_id("agenda-item").filter(has_text=PUPIL)
    item.get_by_role("link", name="Verslag vastleggen").click()

    page.locator("#id_parents_presence").select_option(label="Ouders aanwezig")
    page.get_by_label("Conclusies").fill("Lieke heeft steun thuis nodig; op school helpt een vaste structuur.")
    due = timezone.localdate() + timedelta(days=14)
    actions = [
        ("Huisbezoek bij de ouders", "Kim Hendriks (Sociaal Team Zevenaar)"),
        ("Dagritmekaart invoeren in groep 5a", "Tom Jansen"),
        ("Groeidocument aanvullen met het OPP", "Ilse Bakker"),
    ]
    for i, (description, owner) in enumerate(actions):
        page.locator(f"#id_actions-{i}-description").fill(description)
        page.locator(f"#id_actions-{i}-owner").select_option(label=owner)
        page.locator(f"#id_actions-{i}-due_on").fill((due + timedelta(days=i)).isoformat())
    page.get_by_role("button", name="Verslag opslaan").click()
    expect(page.get_by_test_id("minutes").filter(has_text="vaste structuur")).to_be_visible()
    for description, _owner in actions:
        expect(page.get_by_text(description)).to_be_visible()

    # Back on the case (the pupil's name links to it): the three actions and the meeting are there.
    page.get_by_test_id("agenda-item").filter(has_text=PUPIL).get_by_role("link", name=PUPIL).first.click()
    expect(page).to_have_url(story.case_url)
    for description, _owner in actions:
        expect(page.get_by_role("cell", name=description)).to_be_visible()
    expect(page.get_by_test_id("hub-meeting-link")).to_have_count(1)


def step_growth_document_with_opp(story: Story) -> None:
    """From the case's hub, the IB fills in the groeidocument with an OPP, then goes back to the case."""
    page = story.as_(IB).page
    page.get_by_test_id("hub-growth").get_by_role("link", name="Groeidocument openen").click()
    page.get_by_label("Onderwijsbehoeften").fill("Korte instructies, een vaste plek en een dagritmekaart.")
    page.get_by_label("Ondersteuningsbehoeften").fill("Een vast aanspreekpunt en steun voor de ouders thuis.")
    page.get_by_label("Visie van ouders").fill("Ouders willen dat Lieke met plezier naar school gaat.")
    page.get_by_label("Ontwikkelingsperspectiefplan (OPP) nodig").check()
    page.get_by_label("Verwachte uitstroombestemming").select_option(index=1)
    page.get_by_label("Onderbouwing van de uitstroombestemming").fill("Werkhouding en leerrendement wijzen hierop.")
    page.get_by_label("Afwijkingen van het reguliere programma").fill("Eigen leerlijn voor rekenen.")
    page.get_by_label("Geboden ondersteuning").fill("Arrangement gedrag en een dagelijks check-in moment.")
    # The parents' agreement to the action part is theirs to give (parent pages, or a signed paper
    # form the IB uploads); the journey of the parents covers it.
    page.get_by_role("button", name="Groeidocument opslaan").click()
    expect(page.locator(".alert-success").first).to_contain_text("opgeslagen")
    page.get_by_test_id("pupil-case-links").get_by_role("link").first.click()
    expect(page).to_have_url(story.case_url)


def step_clo_request_from_the_case(story: Story) -> None:
    """The IB starts the CLO request from the case (prefilled from the groeidocument), completes the
    interventions and the parents' view but not the basic support, and hands it to the director."""
    page = story.as_(IB).page
    page.get_by_test_id("hub-clo-start").click()
    page.get_by_label("Soort aanvraag").select_option(label="TLV speciaal basisonderwijs (SBO)")
    page.get_by_role("button", name=re.compile("Aanvraag starten|Starten")).click()
    expect(page.locator("#id_development_perspective")).to_contain_text("Werkhouding en leerrendement")
    page.locator("#id_interventions").fill("Dagelijks check-in moment, 8 weken: helpt weinig.")
    page.locator("#id_interventions_evaluated").check()
    page.locator("#id_parents_agree").select_option("true")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_test_id("checklist")).to_contain_text("✗ Gegeven basisondersteuning beschreven")
    story.request_url = page.url
    page.get_by_test_id("to-ready").click()
    expect(page.locator(".badge").first).to_contain_text("directeur")


def step_director_confirms(story: Story) -> None:
    """The director finds the request on her home page and submits it to the CLO."""
    page = story.as_(DIRECTOR).home()
    page.get_by_test_id("clo-panel").locator(".card-body > div").filter(has_text=PUPIL).get_by_role("link").click()
    expect(page).to_have_url(story.request_url)
    page.get_by_test_id("to-submitted").click()
    expect(page.locator(".badge").first).to_contain_text("Ingediend")


def _secretary_opens_the_request(story: Story):
    page = story.as_(SECRETARY).home()
    page.get_by_test_id("clo-panel").get_by_role("link", name="Naar de werkvoorraad").click()
    page.get_by_role("row").filter(has_text=PUPIL).get_by_role("link").first.click()
    expect(page).to_have_url(story.request_url)
    return page


def step_secretary_marks_incomplete(story: Story) -> None:
    """The secretary sees the basic support is missing and asks the school for it (term suspended)."""
    page = _secretary_opens_the_request(story)
    page.get_by_test_id("mark-incomplete").click()
    expect(page.get_by_label("Gegeven basisondersteuning beschreven")).to_be_checked()
    page.get_by_label("Toelichting voor de school").fill("Graag beschrijven welke basisondersteuning er is gegeven.")
    page.get_by_role("button", name="Lijst naar de school sturen").click()
    expect(page.get_by_text("termijn opgeschort").first).to_be_visible()


def step_ib_completes(story: Story) -> None:
    """The IB finds the request on her home page, reads what is missing, completes and resubmits it."""
    page = story.as_(IB).home()
    page.get_by_test_id("clo-panel").locator(".card-body > div").filter(has_text=PUPIL).get_by_role("link").click()
    expect(page.get_by_test_id("missing-list")).to_contain_text("welke basisondersteuning")
    page.get_by_role("link", name="Onderbouwing bewerken").click()
    page.locator("#id_basic_support").fill("Differentiatie in drie niveaus en een rustige werkplek.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_test_id("checklist")).not_to_contain_text("✗")
    page.get_by_test_id("to-submitted").click()
    expect(page.locator(".badge").first).to_contain_text("Ingediend")


def step_two_advices(story: Story) -> None:
    """The secretary accepts the file and asks two experts; both advise from their home page."""
    page = _secretary_opens_the_request(story)
    page.get_by_test_id("to-accepted").click()
    for name in ("Eva Meijer", "Noor Yilmaz"):
        expert = page.locator("#id_expert")
        expert.select_option(label=next(o for o in expert.locator("option").all_inner_texts() if name in o))
        page.get_by_role("button", name="Vragen", exact=True).click()
    expect(page.get_by_test_id("two-expert")).to_contain_text("twee deskundigenadviezen")
    for email in ("orthopedagoog@clo.demo", "deskundige@clo.demo"):
        expert_page = story.as_(email).home()
        row = expert_page.get_by_test_id("clo-panel").locator(".card-body > div").filter(has_text=PUPIL)
        row.get_by_role("link").click()
        expert_page.locator("#id_recommendation").select_option("grant")
        expert_page.get_by_label("Toelichting op het advies").fill("De ondersteuningsbehoefte vraagt om SBO.")
        expert_page.get_by_role("button", name="Mijn advies vastleggen").click()
        expect(expert_page.get_by_text("Uw advies is vastgelegd.")).to_be_visible()
        story.people.pop(email).close()


def step_decision_and_letter(story: Story) -> None:
    """The secretary records the decision; the letter is a PDF."""
    page = _secretary_opens_the_request(story)
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
        assert fh.read(5) == b"%PDF-"


def step_parent_withdraws_social_team(story: Story) -> None:
    """The mother rings: the social team no longer. The IB records it on the consent page; the
    social-team worker loses the case at once, and regie comes back to the IB."""
    social = story.as_(SOCIAL)
    assert social.status_of(story.case_url) == 200

    page = story.as_(IB).page  # still on the CLO request: back to its case
    page.get_by_test_id("request-case-link").click()
    expect(page).to_have_url(story.case_url)
    page.get_by_test_id("hub-consent").get_by_role("link", name="Toestemming en geschiedenis").click()
    page.get_by_test_id("consent-actions").get_by_role("link", name="Intrekken").click()
    page.get_by_label("Wat wordt ingetrokken").select_option(label="Medewerker sociaal team")
    page.get_by_label("Reden").fill("Moeder wil het sociaal team er niet meer bij.")
    page.get_by_role("button", name="Toestemming intrekken").click()
    message = page.locator(".alert-success").first
    expect(message).to_contain_text("Ingetrokken: Medewerker sociaal team")
    expect(message).to_contain_text("Kim Hendriks")
    expect(message).to_contain_text("Ilse Bakker")  # regie moved

    assert social.status_of(story.case_url) == 404


def step_who_sees_what_now(story: Story) -> None:
    """The end of the story, as everyone else sees it."""
    ib = story.as_(IB).page  # on the pupil page after the withdrawal
    ib.get_by_role("link", name=re.compile(r"^Casus van")).first.click()
    expect(ib).to_have_url(story.case_url)
    expect(ib.get_by_test_id("case-lead")).to_have_text("Ilse Bakker")
    line = ib.get_by_test_id("case-consent")
    expect(line).to_contain_text("Besproken op naam: ja")
    expect(line).not_to_contain_text("sociaal team")
    _shoot(ib, "case-hub")
    ib.get_by_test_id("hub-consent").get_by_role("link", name="Toestemming en geschiedenis").click()
    expect(ib.get_by_test_id("consent-version")).to_have_count(2)
    expect(ib.get_by_test_id("consent-version").first).to_contain_text("sociaal team")
    _shoot(ib, "consent-history", full_page=True)
    ib.get_by_test_id("pupil-case-links").get_by_role("link").first.click()
    expect(ib).to_have_url(story.case_url)

    social = story.as_(SOCIAL)
    page = social.menu("Leerlingzorg", "Casussen")
    expect(page.get_by_role("link", name=PUPIL)).to_have_count(0)

    other_ib = story.as_(OTHER_IB)
    assert other_ib.status_of(story.case_url) == 404
    assert other_ib.status_of(story.request_url) == 404

    secretary = story.as_(SECRETARY)
    assert secretary.status_of(story.request_url) == 200
    expect(secretary.page.get_by_role("heading", level=1)).to_contain_text("TLV")
    expect(secretary.page.get_by_test_id("request-case-link")).to_have_count(0)
    assert secretary.status_of(story.case_url) == 404

    # The pupil's teacher is school staff: she keeps seeing the case of a pupil in her group.
    assert story.as_(TEACHER).status_of(story.case_url) == 200


def _shoot(page, name: str, *, full_page: bool = False) -> None:
    """Screenshots at a desktop and a tablet width, to look at (SHOTS_DIR)."""
    for width, height in ((1280, 900), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=full_page)
    page.set_viewport_size({"width": 1280, "height": 900})


def run_story(browser, base: str) -> Story:
    story = Story(browser=browser, base=base)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for step in STEPS:
        step(story)
    return story


STEPS = [
    step_new_pupil,
    step_teacher_draft,
    step_ib_intake,
    step_consent_both_parents,
    step_social_team_sees_case_and_takes_regie,
    step_ot_meeting_three_actions,
    step_growth_document_with_opp,
    step_clo_request_from_the_case,
    step_director_confirms,
    step_secretary_marks_incomplete,
    step_ib_completes,
    step_two_advices,
    step_decision_and_letter,
    step_parent_withdraws_social_team,
    step_who_sees_what_now,
]


def test_de_liemers_route(demo, browser, live_server):
    story = run_story(browser, live_server.url)
    for person in story.people.values():
        person.close()
