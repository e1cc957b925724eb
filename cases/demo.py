"""Demo data of the cases app: pupils, consent in every state, cases in every status, actions,
interventions, consultations and filled groeidocumenten. Idempotent: a school that already has
its demo pupils is left alone.

Everything is made through cases.services, so grants, timelines and histories are real.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from cases.actions.services import action_complete, action_create
from cases.casefile.models import CaseNoteKind, CaseOutcome, CaseStatus, InterventionLevel
from cases.casefile.services import case_change_status, case_note_add, case_open, intervention_create
from cases.consent.models import ConsentMethod
from cases.consent.services import consent_record, consent_withdraw
from cases.growth.models import HgwPhase, OppExitDestination
from cases.growth.services import growth_document_save, growth_goal_add, growth_goal_evaluate
from cases.intake.services import intake_save_draft
from cases.pupils.models import Pupil
from cases.pupils.services import guardian_save, pupil_save
from ot_portal.core.models import SchoolYear

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
        _spread_history(school)


def _spread_history(school) -> None:
    """Everything above happened "now"; spread each demo case's history between its opening
    date and today so timelines read like months of work. Demo data only."""
    from datetime import datetime, time

    from django.utils import timezone

    from cases.casefile.models import Case, CaseEvent, CaseStatusChange

    today = timezone.localdate()
    for case in Case.objects.filter(school=school):
        span = max((today - case.opened_on).days, 1)
        start = timezone.make_aware(datetime.combine(case.opened_on, time(9)))
        changes = list(CaseStatusChange.objects.filter(case=case).order_by("pk"))
        for i, change in enumerate(changes):
            change.changed_at = start + timedelta(days=span * i // max(len(changes), 1))
            CaseStatusChange.objects.filter(pk=change.pk).update(changed_at=change.changed_at)
        events = list(CaseEvent.objects.filter(case=case, at__date=today).order_by("pk"))
        status_times = [c.changed_at for c in changes[1:]]
        for i, event in enumerate(events):
            if event.kind == "status" and status_times:
                at = status_times.pop(0)
            else:
                at = start + timedelta(days=span * (i + 1) // (len(events) + 1), hours=i % 6)
            CaseEvent.objects.filter(pk=event.pk).update(at=at)
        if events:
            Case.objects.filter(pk=case.pk).update(
                last_activity_at=start + timedelta(days=span * len(events) // (len(events) + 1))
            )


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


def _consent(org, pupil, *, ib, disciplines, days_ago=30, all_guardians=True, valid_days=None):
    guardians = [g for g in pupil.guardians.all() if g.has_authority]
    if not all_guardians:
        guardians = guardians[:1]
    given = org.today - timedelta(days=days_ago)
    return consent_record(
        actor=ib,
        pupil=pupil,
        guardians=guardians,
        given_on=given,
        method=ConsentMethod.VERBAL,
        disciplines=disciplines,
        valid_until=(org.today + timedelta(days=valid_days)) if valid_days else None,
        pupil_agreed=True if pupil.age_on() >= 12 else None,
    )


def _open_case(org, pupil, *, ib, status, days_ago, outcome=""):
    case = case_open(actor=ib, pupil=pupil, lead=ib, opened_on=org.today - timedelta(days=days_ago))
    if status in (CaseStatus.ACTIVE, CaseStatus.ESCALATED, CaseStatus.CLOSED):
        case_change_status(actor=ib, case=case, to_status=CaseStatus.ACTIVE, reason="Besproken in het OT")
    if status == CaseStatus.ESCALATED:
        case_change_status(actor=ib, case=case, to_status=CaseStatus.ESCALATED, reason="Aanvraag bij de CLO voorbereid")
    if status == CaseStatus.CLOSED:
        case_change_status(actor=ib, case=case, to_status=CaseStatus.CLOSED, reason="Doelen bereikt", outcome=outcome)
    case.refresh_from_db()
    return case


def _fill_case(org, case, *, ib, extra_owner, rich=True):
    today = org.today
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
        due_on=today - timedelta(days=9),
    )  # overdue
    done = action_create(
        actor=ib,
        case=case,
        description="Toetsgegevens verzamelen voor het groeidocument",
        owner=ib,
        due_on=today - timedelta(days=20),
    )
    action_complete(
        actor=ib,
        action=done,
        status="done",
        done_on=today - timedelta(days=21),
        result="Gegevens staan in het groeidocument.",
    )
    action_create(
        actor=ib,
        case=case,
        description="Intakegesprek jeugdhulp inplannen",
        external_owner_name="Petra Lammers",
        external_owner_organisation="Jeugdhulp Rivierenland",
        external_owner_email="p.lammers@jeugdhulp.demo",
        due_on=today - timedelta(days=3),
    )  # overdue, external without account
    if not rich:
        return
    intervention_create(
        actor=ib,
        case=case,
        level=InterventionLevel.IN_CLASS,
        description="Verlengde instructie lezen, 4x per week",
        provider="Groepsleerkracht",
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=10),
    )
    intervention_create(
        actor=ib,
        case=case,
        level=InterventionLevel.DIAGNOSTICS,
        description="Handelingsgericht onderzoek lezen",
        provider="Orthopedagoog SWV",
        starts_on=today - timedelta(days=30),
    )
    intervention_create(
        actor=ib,
        case=case,
        level=InterventionLevel.PARENT_SUPPORT,
        description="Opvoedondersteuning thuis",
        provider="Sociaal Team",
        starts_on=today - timedelta(days=14),
    )
    case_note_add(
        actor=ib,
        case=case,
        kind=CaseNoteKind.PARENT_CONTACT,
        occurred_on=today - timedelta(days=5),
        with_whom="moeder",
        text="Telefonisch contact: moeder herkent de onrust en staat open voor ondersteuning thuis.",
    )
    case_note_add(
        actor=ib,
        case=case,
        kind=CaseNoteKind.ADVICE,
        occurred_on=today - timedelta(days=2),
        with_whom="jeugdverpleegkundige",
        text="Advies: slaappatroon in kaart brengen met een dagboekje van twee weken.",
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
                "opp_parents_consented": True,
                "opp_parents_consented_on": org.today - timedelta(days=12),
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


def _seed_zonnebloem(org, pupils):
    ib = org.users["ib@zonnebloem.demo"]
    ortho = org.users["orthopedagoog@swv.demo"]
    teacher = org.users["leerkracht@zonnebloem.demo"]
    p = pupils
    # p[4] is in group 5a (the demo teacher's group).
    _consent(org, p[4], ib=ib, disciplines=ALL_DISCIPLINES)  # every discipline
    case = _open_case(org, p[4], ib=ib, status=CaseStatus.ACTIVE, days_ago=70)
    _fill_case(org, case, ib=ib, extra_owner=ortho)
    _fill_growth_document(org, p[4], ib=ib, opp=True)

    _consent(org, p[1], ib=ib, disciplines=["orthopedagogue", "youth_nurse"])  # some only
    case = _open_case(org, p[1], ib=ib, status=CaseStatus.ACTIVE, days_ago=40)
    _fill_case(org, case, ib=ib, extra_owner=teacher)
    _fill_growth_document(org, p[1], ib=ib, opp=False)

    _consent(org, p[0], ib=ib, disciplines=ALL_DISCIPLINES)  # two guardians, both agreed
    case = _open_case(org, p[0], ib=ib, status=CaseStatus.ESCALATED, days_ago=200)
    _fill_case(org, case, ib=ib, extra_owner=ortho)
    _fill_growth_document(org, p[0], ib=ib, opp=True)

    case = _open_case(org, p[2], ib=ib, status=CaseStatus.REGISTERED, days_ago=3)  # consent missing
    _fill_case(org, case, ib=ib, extra_owner=ib, rich=False)

    withdrawn = _consent(org, p[5], ib=ib, disciplines=["social_team", "orthopedagogue"], days_ago=60)
    case = _open_case(org, p[5], ib=ib, status=CaseStatus.ACTIVE, days_ago=50)
    consent_withdraw(
        actor=ib,
        consent=withdrawn,
        withdrawn_on=org.today - timedelta(days=4),
        reason="Ouders willen eerst zelf hulp zoeken",
    )
    _fill_case(org, case, ib=ib, extra_owner=ib, rich=False)

    # p[6] has two guardians with authority; only one of them agreed so far.
    _consent(org, p[6], ib=ib, disciplines=["orthopedagogue", "school_social_worker"], all_guardians=False)
    _open_case(org, p[6], ib=ib, status=CaseStatus.REGISTERED, days_ago=10)

    _consent(org, p[7], ib=ib, disciplines=["orthopedagogue"], days_ago=400, valid_days=None)
    _open_case(org, p[7], ib=ib, status=CaseStatus.CLOSED, days_ago=300, outcome=CaseOutcome.RESOLVED)
    _open_case(org, p[8], ib=ib, status=CaseStatus.CLOSED, days_ago=250, outcome=CaseOutcome.YOUTH_CARE)

    # A draft intake started by the teacher, waiting on the IB's list.
    intake_save_draft(
        actor=teacher,
        pupil=p[14],
        data={"reason": "Valt stil in de groep sinds de herfstvakantie", "concern_areas": ["social_emotional"]},
    )


def _seed_kompas(org, pupils):
    ib = org.users["ib@kompas.demo"]
    ortho = org.users["orthopedagoog@swv.demo"]
    _consent(org, pupils[2], ib=ib, disciplines=ALL_DISCIPLINES)
    case = _open_case(org, pupils[2], ib=ib, status=CaseStatus.ACTIVE, days_ago=45)
    _fill_case(org, case, ib=ib, extra_owner=ortho)
    _fill_growth_document(org, pupils[2], ib=ib, opp=False)
    _consent(org, pupils[3], ib=ib, disciplines=["orthopedagogue"])
    _open_case(org, pupils[3], ib=ib, status=CaseStatus.ESCALATED, days_ago=150)
    _open_case(org, pupils[5], ib=ib, status=CaseStatus.REGISTERED, days_ago=2)
    _open_case(org, pupils[9], ib=ib, status=CaseStatus.CLOSED, days_ago=300, outcome=CaseOutcome.MOVED_SCHOOL)
