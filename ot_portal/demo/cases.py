"""Demo data of the cases app: pupils, consent in every state (signed forms with their scan, verbal
consent, one parent of two, withdrawn), cases in every status, actions, interventions,
consultations, attachments and filled groeidocumenten. Idempotent: a school that already has its
demo pupils is left alone.

Everything is made through cases.services, so grants, timelines and histories are real; each step
is dated on the day it happened (`clock.happened`): a case is opened on a school day, discussed
after that, and a closed case closes a few days after its closing talk with the parents.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from cases.actions.services import action_complete, action_create
from cases.casefile.services import (
    attachment_add,
    case_change_status,
    case_note_add,
    case_open,
    intervention_create,
)
from cases.consent.services import consent_record, consent_withdraw
from cases.growth.services import growth_document_save, growth_goal_add, growth_goal_evaluate
from cases.intake.services import intake_save_draft
from cases.models import (
    CaseNoteKind,
    CaseOutcome,
    CaseStatus,
    ConsentMethod,
    HgwPhase,
    InterventionLevel,
    OppExitDestination,
    Pupil,
)
from cases.participation.services import askable_items, invitation_create, opp_paper_record
from cases.pupils.services import guardian_save, pupil_save
from ot_portal.core.models import SchoolYear
from ot_portal.demo.clock import happened
from ot_portal.demo.files import pdf_upload
from ot_portal.demo.school_calendar import school_day_on_or_after, school_day_on_or_before

FIRST_NAMES = [
    "Daan",
    "Emma",
    "Sem",
    "Julia",
    "Lucas",
    "Mila",
    "Finn",
    "Tess",
    "Levi",
    "Sophie",
    "Noah",
    "Zoë",
    "Milan",
    "Sara",
    "Jesse",
    "Nora",
    "Bram",
    "Liv",
    "Thijs",
    "Evi",
    "Mohammed",
    "Yara",
    "Luuk",
    "Lotte",
    "Ravi",
    "Fenna",
    "Ayoub",
    "Isa",
    "Gijs",
    "Noor",
    "Stijn",
    "Fleur",
]
LAST_NAMES = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("", "Kok"),
    ("", "Yilmaz"),
    ("El", "Amrani"),
    ("", "Koster"),
    ("", "Prins"),
    ("van den", "Berg"),
    ("", "Huisman"),
    ("", "Postma"),
]
GROUPS = ["1", "2", "3", "4", "5a", "5b", "6", "7a", "7b", "8"]
ALL_DISCIPLINES = [
    "orthopedagogue",
    "youth_nurse",
    "school_social_worker",
    "social_team",
    "visiting_specialist",
    "care_provider",
]
SCHOOL_NUMBER_BASE = {"zonnebloem": 10000, "kompas": 20000, "regenboog": 30000, "klimop": 40000}

PARAGRAPHS = [
    "In de groep werkt {name} het best met korte, duidelijke instructies en een vaste plek dicht bij de "
    "leerkracht. Bij langere zelfstandige opdrachten haakt {name} na ongeveer tien minuten af.",
    "De toetsresultaten voor begrijpend lezen en spelling liggen al twee jaar onder het groepsgemiddelde. "
    "Rekenen gaat beter, vooral als de opdrachten visueel ondersteund worden.",
    "Thuis is de situatie het afgelopen jaar veranderd door een verhuizing en een nieuwe baan van een van "
    "de ouders. Ouders merken dat {name} 's avonds onrustig is en moeilijk in slaap valt.",
    "{name} heeft goede contacten met twee klasgenoten en speelt graag buiten. In vrije situaties zoals de "
    "pauze ontstaan soms conflicten die {name} nog niet zelf kan oplossen.",
    "Het team heeft in de groepsbespreking afgesproken om een dagritmekaart en een time-timer in te zetten. "
    "Dat helpt, maar nog niet genoeg om de leerdoelen voor dit jaar te halen.",
    "Ouders willen graag meedenken en komen trouw naar de gesprekken. Zij vragen om handvatten voor thuis, "
    "bijvoorbeeld bij het huiswerk en bij het omgaan met boosheid.",
]


def _text(rng: random.Random, name: str, n: int) -> str:
    return "\n\n".join(p.format(name=name) for p in rng.sample(PARAGRAPHS, k=min(n, len(PARAGRAPHS))))


def seed(org) -> None:
    for key in ("zonnebloem", "kompas", "regenboog", "klimop"):
        school = org.schools[key]
        if Pupil.objects.filter(school=school, pupil_number=str(SCHOOL_NUMBER_BASE[key])).exists():
            continue
        pupils = _seed_pupils(org, key)
        if key == "zonnebloem":
            _seed_zonnebloem(org, pupils)
        elif key == "kompas":
            _seed_kompas(org, pupils)


def _ago(org, days: int) -> date:
    """`days` before today, moved back to a school day (cases are opened and closed on school days)."""
    return school_day_on_or_before(org.today - timedelta(days=days))


def _seed_pupils(org, key: str) -> list[Pupil]:
    rng = random.Random(key)  # noqa: S311 - demo data, not security
    school = org.schools[key]
    actor = org.users.get(f"ib@{key}.demo") or org.users["beheer@swv.demo"]
    year_start = SchoolYear.start_year_for(org.today)
    pupils = []
    for i in range(30):
        group = GROUPS[i % len(GROUPS)]
        grade = int(group[0])
        prefix, last = LAST_NAMES[i]
        born = date(year_start - grade - 4, 1 + (i * 5) % 12, 1 + (i * 7) % 28)
        pupil = pupil_save(
            actor=actor,
            school=school,
            data={
                "pupil_number": str(SCHOOL_NUMBER_BASE[key] + i),
                "first_name": FIRST_NAMES[(i + len(key)) % len(FIRST_NAMES)],
                "last_name_prefix": prefix,
                "last_name": last,
                "date_of_birth": born,
            },
            group=org.groups[(key, group)],
        )
        mother = rng.choice(["Anouk", "Sanne", "Fatma", "Marieke", "Linda", "Samira"])
        guardian_save(
            actor=actor,
            pupil=pupil,
            data={
                "name": f"{mother} {last}",
                "relation": "moeder",
                "email": f"ouder{i}a@{key}.demo",
                "phone": f"06-1234{i:04d}",
                "has_authority": True,
            },
        )
        if i % 3 == 0:
            guardian_save(
                actor=actor,
                pupil=pupil,
                data={
                    "name": f"{rng.choice(['Mark', 'Ahmed', 'Jeroen', 'Bas'])} {last}",
                    "relation": "vader",
                    "email": f"ouder{i}b@{key}.demo",
                    "has_authority": i % 6 == 0,
                },
            )
        pupils.append(pupil)
    return pupils


def _consent(org, pupil, *, ib, disciplines, given_on, all_guardians=True, valid_days=None, signed=True):
    """Consent of the guardians with authority (or only the first of them), given on `given_on`;
    signed forms come with their scanned form (a PDF made in code), else it was given verbally."""
    guardians = [g for g in pupil.guardians.all() if g.has_authority]
    if not all_guardians:
        guardians = guardians[:1]
    form = None
    if signed:
        form = pdf_upload(
            "toestemmingsformulier-ondertekend.pdf",
            "Toestemmingsformulier OT (ondertekend)",
            [
                f"Leerlingnummer {pupil.pupil_number}",
                f"Gegeven op {given_on:%d-%m-%Y} door {len(guardians)} ouder(s) met gezag",
                "Delen met: " + ", ".join(disciplines),
            ],
        )
    with happened(given_on):
        return consent_record(
            actor=ib,
            pupil=pupil,
            guardians=guardians,
            given_on=given_on,
            method=ConsentMethod.SIGNED_FORM if signed else ConsentMethod.VERBAL,
            disciplines=disciplines,
            valid_until=(org.today + timedelta(days=valid_days)) if valid_days else None,
            pupil_agreed=True if pupil.age_on() >= 12 else None,
            signed_form=form,
        )


def _open_case(org, pupil, *, ib, status, opened_on, closed_on=None, outcome=""):
    """Open a case on `opened_on`; it was discussed (active) about two weeks later, escalated
    after another month and closed on `closed_on`."""
    with happened(opened_on, hour=9):
        case = case_open(actor=ib, pupil=pupil, regie_holder=ib, opened_on=opened_on)
    if status in (CaseStatus.ACTIVE, CaseStatus.ESCALATED, CaseStatus.CLOSED):
        active_on = _between(opened_on, 14, closed_on or org.today)
        with happened(active_on):
            case_change_status(actor=ib, case=case, to_status=CaseStatus.ACTIVE, reason="Besproken in het OT")
    if status == CaseStatus.ESCALATED:
        with happened(_between(opened_on, 45, org.today)):
            case_change_status(
                actor=ib, case=case, to_status=CaseStatus.ESCALATED, reason="Aanvraag bij de CLO voorbereid"
            )
    case.refresh_from_db()
    return case


def _between(start: date, days: int, end: date) -> date:
    """`days` after `start` on a school day, but never after `end`."""
    return min(school_day_on_or_after(start + timedelta(days=days)), end)


def _close_case(org, case, *, ib, closed_on, outcome, note):
    """The last weeks of a case that ends: an action done, a closing talk with the parents, closed."""
    done_on = school_day_on_or_before(closed_on - timedelta(days=12))
    with happened(school_day_on_or_before(done_on - timedelta(days=14))):
        action = action_create(
            actor=ib,
            case=case,
            description="Evaluatiegesprek met ouders en leerkracht voorbereiden",
            owner=ib,
            due_on=done_on,
        )
    with happened(done_on):
        action_complete(actor=ib, action=action, status="done", done_on=done_on, result="Gesprek gevoerd.")
    talk_on = school_day_on_or_before(closed_on - timedelta(days=2))
    with happened(talk_on):
        case_note_add(
            actor=ib, case=case, kind=CaseNoteKind.PARENT_CONTACT, occurred_on=talk_on, with_whom="ouders", text=note
        )
    with happened(closed_on, hour=15):
        case_change_status(actor=ib, case=case, to_status=CaseStatus.CLOSED, reason="Doelen bereikt", outcome=outcome)


def _fill_case(org, case, *, ib, extra_owner, rich=True):
    """Actions, interventions and consultations of an open case, dated between its opening and today."""
    today = org.today
    opened = case.opened_on
    age = (today - opened).days

    def back(days: int) -> date:  # `days` ago, but not before the case was opened
        return today - timedelta(days=min(days, age))

    with happened(back(30)):
        action_create(
            actor=ib,
            case=case,
            description="Gesprek met ouders plannen over de thuissituatie",
            owner=ib,
            due_on=today + timedelta(days=7),
        )
        action_create(
            actor=ib,
            case=case,
            description="Observatie in de klas tijdens rekenles",
            owner=extra_owner,
            due_on=back(9),
        )  # overdue (due today when the case is younger than that)
        done = action_create(
            actor=ib,
            case=case,
            description="Toetsgegevens verzamelen voor het groeidocument",
            owner=ib,
            due_on=back(20),
        )
    with happened(back(21)):
        action_complete(
            actor=ib,
            action=done,
            status="done",
            done_on=back(21),
            result="Gegevens staan in het groeidocument.",
        )
    with happened(back(10)):
        action_create(
            actor=ib,
            case=case,
            description="Intakegesprek jeugdhulp inplannen",
            external_owner_name="Petra Lammers",
            external_owner_organisation="Jeugdhulp Rivierenland",
            external_owner_email="p.lammers@jeugdhulp.demo",
            due_on=back(3),
        )  # overdue, external without account
    if not rich:
        return
    for days, level, description, provider, ends in (
        (60, InterventionLevel.IN_CLASS, "Verlengde instructie lezen, 4x per week", "Groepsleerkracht", 10),
        (30, InterventionLevel.DIAGNOSTICS, "Handelingsgericht onderzoek lezen", "Orthopedagoog SWV", None),
        (14, InterventionLevel.PARENT_SUPPORT, "Opvoedondersteuning thuis", "Sociaal Team", None),
    ):
        with happened(back(days)):
            intervention_create(
                actor=ib,
                case=case,
                level=level,
                description=description,
                provider=provider,
                starts_on=back(days),
                ends_on=back(ends) if ends else None,
            )
    for days, kind, with_whom, text in (
        (
            5,
            CaseNoteKind.PARENT_CONTACT,
            "moeder",
            "Telefonisch contact: moeder herkent de onrust en staat open voor ondersteuning thuis.",
        ),
        (
            2,
            CaseNoteKind.ADVICE,
            "jeugdverpleegkundige",
            "Advies: slaappatroon in kaart brengen met een dagboekje van twee weken.",
        ),
    ):
        with happened(back(days)):
            case_note_add(actor=ib, case=case, kind=kind, occurred_on=back(days), with_whom=with_whom, text=text)
    with happened(back(4)):
        attachment_add(
            actor=ib,
            case=case,
            upload=pdf_upload(
                "verslag-gesprek-ouders.pdf",
                "Verslag gesprek met ouders",
                [f"Datum: {back(5):%d-%m-%Y}", "Aanwezig: moeder, IB", "Afspraken: zie de acties in het dossier."],
            ),
            description="Verslag van het telefonisch gesprek met moeder",
        )


def _fill_growth_document(org, pupil, *, ib, opp: bool):
    rng = random.Random(pupil.pupil_number)  # noqa: S311 - demo data
    name = pupil.first_name
    data = {
        "educational_needs": _text(rng, name, 4),
        "support_needs": _text(rng, name, 4),
        "enabling_pupil": _text(rng, name, 2),
        "enabling_school": _text(rng, name, 2),
        "enabling_home": _text(rng, name, 2),
        "hindering_pupil": _text(rng, name, 3),
        "hindering_school": _text(rng, name, 2),
        "hindering_home": _text(rng, name, 3),
        "parents_view": _text(rng, name, 3),
        "pupil_view": f"{name} zegt: 'Ik vind lezen moeilijk, maar met de koptelefoon op kan ik me beter "
        "concentreren.'",
        "has_opp": opp,
    }
    if opp:
        data.update(
            {
                "opp_exit_destination": OppExitDestination.PRAKTIJKONDERWIJS,
                "opp_exit_justification": _text(rng, name, 4),
                "opp_deviations": _text(rng, name, 2),
                "opp_support_given": _text(rng, name, 3),
                "opp_next_evaluation_on": org.today + timedelta(days=200),
            }
        )
    growth_document_save(actor=ib, pupil=pupil, data=data, base_version=0)
    goals = [
        "Leest een tekst op AVI-niveau E5 vloeiend voor",
        "Past de spellingregels voor verkleinwoorden toe in eigen teksten",
        "Vraagt zelf om hulp als een opdracht niet lukt",
        "Lost een conflict in de pauze op zonder tussenkomst van een volwassene",
        "Werkt 20 minuten zelfstandig met een dagritmekaart",
        "Maakt sommen tot 1000 met behulp van een getallenlijn",
    ]
    for i, goal in enumerate(goals):
        item = growth_goal_add(
            actor=ib,
            pupil=pupil,
            goal=goal,
            phase=[HgwPhase.ANALYSE, HgwPhase.PLAN, HgwPhase.DO][i % 3],
            analysis=_text(rng, name, 1),
            approach=_text(rng, name, 1),
            starts_on=org.today - timedelta(days=90),
            evaluate_on=org.today + timedelta(days=30 + i * 10),
        )
        if i % 2 == 0:
            growth_goal_evaluate(
                actor=ib,
                goal=item,
                text=_text(rng, name, 1),
                evaluated_on=org.today - timedelta(days=10),
                goal_reached=i == 0,
                phase=HgwPhase.EVALUATE if i == 0 else HgwPhase.DO,
            )


#: Where `make run` serves the demo: the invitation mails (printed on the console) link there.
DEMO_SITE = "http://127.0.0.1:8000"


def _opp_on_paper(org, pupil, guardian, *, ib, days_ago: int) -> None:
    form = pdf_upload(
        "instemming-opp-ondertekend.pdf",
        "Instemming handelingsdeel OPP (ondertekend)",
        [f"Leerlingnummer {pupil.pupil_number}", f"Ondertekend door {guardian.name}"],
    )
    opp_paper_record(
        actor=ib,
        pupil=pupil,
        guardian=guardian,
        answer="agree",
        reason="",
        answered_on=org.today - timedelta(days=days_ago),
        signed_form=form,
        site_url=DEMO_SITE,
    )


def _seed_participation(org, p, *, ib) -> None:
    """The parent side: p[6]'s two guardians with parental authority are invited to their own
    pages (the console shows both mails with their links; the IB makes the code on the pupil's
    invitations page). OPP agreements on paper: p[4]'s only parent agreed, so its action part is in
    effect; of p[0]'s two parents only the mother signed so far."""
    for guardian in p[6].guardians.filter(has_authority=True).order_by("pk"):
        invitation_create(
            actor=ib,
            pupil=p[6],
            guardian=guardian,
            asked_items=askable_items(),
            link_for=lambda token: f"{DEMO_SITE}/ouders/uitnodiging/{token}/",
        )
    _opp_on_paper(org, p[4], p[4].guardians.get(relation="moeder"), ib=ib, days_ago=12)
    _opp_on_paper(org, p[0], p[0].guardians.get(relation="moeder"), ib=ib, days_ago=30)


def _seed_zonnebloem(org, pupils):
    ib = org.users["ib@zonnebloem.demo"]
    ortho = org.users["orthopedagoog@swv.demo"]
    teacher = org.users["leerkracht@zonnebloem.demo"]
    p = pupils
    # p[4] is in group 5a (the demo teacher's group).
    opened = _ago(org, 70)
    _consent(org, p[4], ib=ib, disciplines=ALL_DISCIPLINES, given_on=opened + timedelta(days=4))  # every discipline
    case = _open_case(org, p[4], ib=ib, status=CaseStatus.ACTIVE, opened_on=opened)
    _fill_case(org, case, ib=ib, extra_owner=ortho)
    _fill_growth_document(org, p[4], ib=ib, opp=True)

    opened = _ago(org, 40)
    _consent(  # some disciplines only, given verbally
        org,
        p[1],
        ib=ib,
        disciplines=["orthopedagogue", "youth_nurse"],
        given_on=opened + timedelta(days=2),
        signed=False,
    )
    case = _open_case(org, p[1], ib=ib, status=CaseStatus.ACTIVE, opened_on=opened)
    _fill_case(org, case, ib=ib, extra_owner=teacher)
    _fill_growth_document(org, p[1], ib=ib, opp=False)

    opened = _ago(org, 200)
    _consent(org, p[0], ib=ib, disciplines=ALL_DISCIPLINES, given_on=opened + timedelta(days=5))  # both agreed
    case = _open_case(org, p[0], ib=ib, status=CaseStatus.ESCALATED, opened_on=opened)
    _fill_case(org, case, ib=ib, extra_owner=ortho)
    _fill_growth_document(org, p[0], ib=ib, opp=True)

    case = _open_case(org, p[2], ib=ib, status=CaseStatus.REGISTERED, opened_on=_ago(org, 3))  # consent missing
    _fill_case(org, case, ib=ib, extra_owner=ib, rich=False)

    withdrawn = _consent(
        org, p[5], ib=ib, disciplines=["social_team", "orthopedagogue"], given_on=_ago(org, 60), signed=False
    )
    case = _open_case(org, p[5], ib=ib, status=CaseStatus.ACTIVE, opened_on=_ago(org, 50))
    with happened(_ago(org, 4)):
        consent_withdraw(
            actor=ib,
            consent=withdrawn,
            withdrawn_on=_ago(org, 4),
            reason="Ouders willen eerst zelf hulp zoeken",
        )
    _fill_case(org, case, ib=ib, extra_owner=ib, rich=False)

    # p[6] has two guardians with authority; only one of them agreed so far.
    _consent(
        org,
        p[6],
        ib=ib,
        disciplines=["orthopedagogue", "school_social_worker"],
        given_on=_ago(org, 8),
        all_guardians=False,
    )
    _open_case(org, p[6], ib=ib, status=CaseStatus.REGISTERED, opened_on=_ago(org, 10))
    _fill_growth_document(org, p[6], ib=ib, opp=True)
    _seed_participation(org, p, ib=ib)

    # Two cases of last school year, each closed a few days after its closing talk with the parents.
    _consent(org, p[7], ib=ib, disciplines=["orthopedagogue"], given_on=_ago(org, 400), signed=False)
    closed_on = _ago(org, 180)
    case = _open_case(org, p[7], ib=ib, status=CaseStatus.CLOSED, opened_on=_ago(org, 300), closed_on=closed_on)
    _close_case(
        org,
        case,
        ib=ib,
        closed_on=closed_on,
        outcome=CaseOutcome.RESOLVED,
        note="Afsluitend gesprek: de aanpak in de klas werkt, ouders zijn tevreden. Casus kan dicht.",
    )
    closed_on = _ago(org, 95)
    case = _open_case(org, p[8], ib=ib, status=CaseStatus.CLOSED, opened_on=_ago(org, 250), closed_on=closed_on)
    _close_case(
        org,
        case,
        ib=ib,
        closed_on=closed_on,
        outcome=CaseOutcome.YOUTH_CARE,
        note="Jeugdhulp is gestart en neemt de begeleiding over; ouders zijn akkoord met afsluiten.",
    )

    # A draft intake started by the teacher, waiting on the IB's list.
    intake_save_draft(
        actor=teacher,
        pupil=p[14],
        data={"reason": "Valt stil in de groep sinds de herfstvakantie", "concern_areas": ["social_emotional"]},
    )


def _seed_kompas(org, pupils):
    ib = org.users["ib@kompas.demo"]
    ortho = org.users["orthopedagoog@swv.demo"]
    opened = _ago(org, 45)
    _consent(org, pupils[2], ib=ib, disciplines=ALL_DISCIPLINES, given_on=opened + timedelta(days=3))
    case = _open_case(org, pupils[2], ib=ib, status=CaseStatus.ACTIVE, opened_on=opened)
    _fill_case(org, case, ib=ib, extra_owner=ortho)
    _fill_growth_document(org, pupils[2], ib=ib, opp=False)
    opened = _ago(org, 150)
    _consent(org, pupils[3], ib=ib, disciplines=["orthopedagogue"], given_on=opened + timedelta(days=6))
    _open_case(org, pupils[3], ib=ib, status=CaseStatus.ESCALATED, opened_on=opened)
    _open_case(org, pupils[5], ib=ib, status=CaseStatus.REGISTERED, opened_on=_ago(org, 2))
    closed_on = _ago(org, 160)
    case = _open_case(org, pupils[9], ib=ib, status=CaseStatus.CLOSED, opened_on=_ago(org, 300), closed_on=closed_on)
    _close_case(
        org,
        case,
        ib=ib,
        closed_on=closed_on,
        outcome=CaseOutcome.MOVED_SCHOOL,
        note="Ouders verhuizen; de nieuwe school heeft het groeidocument ontvangen (warme overdracht).",
    )
