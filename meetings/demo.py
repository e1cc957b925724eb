"""Demo data of the meetings app: per demo school an OT year plan with 7 meetings.

Past meetings carry approved minutes with interventions and actions (one external owner's action
long overdue); future ones carry agendas. Runs after the cases seeder and finds its cases through
the models; when there are too few (cases demo not present yet), it adds a few minimal pupils keyed
on pupil number "M-..." so it never depends on the other seeder's timing. Idempotent: a school
that already has this year's plan is left alone.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from cases.consent.selectors import consent_may_be_named_sql
from cases.consent.services import consent_record
from cases.models import Case, CaseStatus, ConsentMethod, Enrolment, InterventionLevel, Pupil
from cases.pupils.services import guardian_save
from meetings import services
from meetings.models import (
    Escalation,
    ParentsPresence,
    ParticipantKind,
    Task,
    ThemeTopic,
    YearPlan,
)

SCHOOLS = {
    # key: (director, ib, minute-taker, action owner, external owner, regie)
    "zonnebloem": {
        "director": "directeur@zonnebloem.demo",
        "ib": "ib@zonnebloem.demo",
        "minute_taker": "smw@zonnebloem.demo",
        "owner": "sociaalteam@zonnebloem.demo",
        "teacher": "leerkracht@zonnebloem.demo",
        "place": "Teamkamer De Zonnebloem",
        "external": ("Karin Post", "Kenter Jeugdhulp", "karin.post@kenter-jeugdhulp.example"),
    },
    "kompas": {
        "director": "directeur@kompas.demo",
        "ib": "ib@kompas.demo",
        "minute_taker": "ib@kompas.demo",
        "owner": "orthopedagoog@swv.demo",
        "teacher": None,
        "place": "Kamer van de IB, Het Kompas",
        "external": ("Ruud Dekker", "Centrum Jeugd en Gezin Duiven", "r.dekker@cjg-duiven.example"),
    },
}

# Minimal pupils used only when the cases demo has not provided enough: (suffix, first, last, consent?)
FALLBACK_PUPILS = [
    ("1", "Noah", "Verbeek", True),
    ("2", "Julia", "de Graaf", True),
    ("3", "Milan", "Kuipers", False),
]

# Meeting offsets in days from today: three past, four future (7 meetings).
OFFSETS = [-70, -42, -14, 16, 44, 86, 128]

THEMES = [
    (ThemeTopic.SOCIAL_SAFETY, "Sociale veiligheid op het plein", "Meer conflicten in de pauze bij groep 6-8."),
    (ThemeTopic.SIGNALLING, "Signaleren van zorgen thuis", "Meldcode doorgenomen; wie doet wat bij een zorg."),
    (ThemeTopic.SOCIAL_MEDIA, "Groepsapps en sociale media", "Ruzies in groepsapps lopen door in de klas."),
    (ThemeTopic.ABSENCE, "Verzuim en thuiszitten", "Vroeg signaleren van oplopend verzuim."),
]


def _consent_in_force():
    return consent_may_be_named_sql("pupil_id")


def _ensure_cases(org, key: str, school, ib) -> tuple[list[Case], list[Case]]:
    """Cases of the school with and without consent in force; minimal ones added when missing."""

    def split():
        cases = (
            Case.objects.filter(school=school)
            .exclude(status=CaseStatus.CLOSED)
            .annotate(named=_consent_in_force())
            .order_by("pk")
        )
        return [c for c in cases if c.named], [c for c in cases if not c.named]

    named, anonymous = split()
    if len(named) >= 2 and anonymous:
        return named, anonymous
    group = org.groups.get((key, "6")) or next(g for (k, _n), g in org.groups.items() if k == key)
    for suffix, first, last, consent in FALLBACK_PUPILS:
        pupil, created = Pupil.objects.get_or_create(
            school=school,
            pupil_number=f"M-{key[:3].upper()}-{suffix}",
            defaults={"first_name": first, "last_name": last, "date_of_birth": date(2016, 3, 1 + int(suffix))},
        )
        if created:
            Enrolment.objects.get_or_create(pupil=pupil, school_year=org.school_year, defaults={"group": group})
            if consent:
                parent = guardian_save(
                    actor=ib, pupil=pupil, data={"name": f"Ouder {last}", "relation": "ouder", "has_authority": True}
                )
                consent_record(
                    actor=ib,
                    pupil=pupil,
                    guardians=[parent],
                    given_on=org.today - timedelta(days=120),
                    method=ConsentMethod.VERBAL,
                    discuss_in_ot=True,
                    disciplines=["orthopedagogue", "social_team", "school_social_worker", "youth_nurse"],
                )
        if not Case.objects.filter(pupil=pupil).exists():
            Case.objects.create(
                pupil=pupil,
                school=school,
                status=CaseStatus.ACTIVE,
                lead=ib,
                opened_on=org.today - timedelta(days=110),
            )
    return split()


def seed(org) -> None:
    for key, cfg in SCHOOLS.items():
        school = org.schools.get(key)
        if school is None or YearPlan.objects.filter(school=school, school_year=org.school_year).exists():
            continue
        _seed_school(org, key, school, cfg)


def _seed_school(org, key: str, school, cfg: dict) -> None:
    users = org.users
    director, ib, minute_taker, owner = (users[cfg[k]] for k in ("director", "ib", "minute_taker", "owner"))
    teacher = users.get(cfg["teacher"]) if cfg["teacher"] else None
    named, anonymous = _ensure_cases(org, key, school, ib)
    plan = services.year_plan_create(
        actor=ib,
        school=school,
        school_year=org.school_year,
        goals=(
            "1. Zorgen om leerlingen eerder signaleren: binnen twee weken na een signaal in het OT.\n"
            "2. Elke casus voorbereid met ouders en groeidocument als bespreekstuk.\n"
            "3. Afspraken uit het OT op tijd uitgevoerd: geen actie langer dan twee weken over tijd."
        ),
        composition=(
            "Kern: directeur, intern begeleider, leerkracht van de leerling, ouders, sociaal team, "
            "jeugdverpleegkundige, schoolmaatschappelijk werk. Op afroep: orthopedagoog, ambulant begeleider, "
            "hulpverlener."
        ),
    )
    services.year_plan_task_add(actor=ib, plan=plan, user=director, task=Task.CHAIR)
    services.year_plan_task_add(actor=ib, plan=plan, user=minute_taker, task=Task.MINUTE_TAKER)
    services.year_plan_task_add(actor=ib, plan=plan, user=ib, task=Task.PREPARATION, note="agenda en uitnodigingen")

    external_name, external_org, external_email = cfg["external"]
    for index, offset in enumerate(OFFSETS):
        day = org.today + timedelta(days=offset)
        day += timedelta(days=(1 - day.weekday()) % 7)  # OT meets on Tuesdays
        if not org.school_year.contains(day):
            continue
        meeting = services.meeting_plan(
            actor=ib,
            plan=plan,
            date=day,
            start_time=time(8, 30) if index % 2 else time(13, 15),
            place=cfg["place"],
            allow_past=True,
        )
        topic, title, notes = THEMES[index % len(THEMES)]
        past = offset < 0
        services.theme_add(
            actor=ib,
            meeting=meeting,
            topic=topic,
            title=title,
            notes=notes,
            preventive_agreements="Leerkrachten bespreken dit in de groep; IB deelt een korte handreiking."
            if past
            else "",
        )
        first = named[index % len(named)]
        second = named[(index + 1) % len(named)]
        items = [
            services.agenda_item_add(
                actor=ib,
                meeting=meeting,
                case=first,
                by_name=True,
                question="Werkt de aanpak in de klas? Wat is er thuis nodig?",
            ),
            services.agenda_item_add(
                actor=ib,
                meeting=meeting,
                case=anonymous[index % len(anonymous)],
                by_name=False,
                question="Leerling uit de bovenbouw met oplopend verzuim; ouders willen (nog) geen bespreking op naam.",
            ),
        ]
        if second.pk != first.pk:
            items.append(
                services.agenda_item_add(
                    actor=ib,
                    meeting=meeting,
                    case=second,
                    by_name=True,
                    question="Evaluatie van de afspraken uit het vorige overleg.",
                )
            )
        for item in items:
            services.item_preparation_set(
                actor=ib,
                item=item,
                parents_consulted=past or item.by_name,
                teacher_invited=past,
                growth_doc_current=past or index % 2 == 0,
            )
        if teacher is not None and items[0].by_name:
            services.participant_add(
                actor=ib, meeting=meeting, kind=ParticipantKind.TEACHER, user=teacher, item=items[0]
            )
        services.participant_add(
            actor=ib, meeting=meeting, kind=ParticipantKind.PARENT, name="Ouder van de leerling", item=items[0]
        )
        if not past:
            continue
        _minutes(
            actor=minute_taker,
            meeting=meeting,
            items=items,
            owner=owner,
            ib_user=ib,
            external=(external_name, external_org, external_email) if index == 0 else None,
        )
        services.meeting_evaluation_set(
            actor=minute_taker,
            meeting=meeting,
            notes="Casussen goed voorbereid; ouders waren bij twee van de drie besprekingen. "
            "Aandachtspunt: acties van externe partners vaker nabellen.",
        )
        services.minutes_approve(actor=ib, meeting=meeting)


def _minutes(*, actor, meeting, items, owner, ib_user, external) -> None:
    day = meeting.date
    for position, item in enumerate(items):
        actions = [
            services.ActionInput(
                description="Gesprek met ouders over de thuissituatie en de aanpak"
                if position == 0
                else "Observatie in de klas",
                due_on=day + timedelta(days=21 if position else 14),
                owner=owner if position == 0 else ib_user,
            )
        ]
        if external and position == 0:
            # The weak spot the seed names: a care provider's action that is long overdue.
            actions.append(
                services.ActionInput(
                    description="Intake jeugdhulp plannen en terugkoppelen aan de IB",
                    due_on=day + timedelta(days=10),
                    external_owner_name=external[0],
                    external_owner_organisation=external[1],
                    external_owner_email=external[2],
                )
            )
        services.item_minutes_record(
            actor=actor,
            item=item,
            parents_presence=ParentsPresence.PRESENT if item.by_name else ParentsPresence.NOT_INVITED,
            attendance="leerkracht" if item.by_name else "",
            conclusions=(
                "De extra begeleiding in de klas helpt deels; thuis is meer ondersteuning nodig."
                if position == 0
                else "Signalen zijn zorgelijk genoeg om de ouders opnieuw om toestemming te vragen."
            ),
            escalation=Escalation.YOUTH_CARE if position == 0 else "",
            regie=ib_user,
            next_evaluation_on=day + timedelta(days=42),
            interventions=[
                (InterventionLevel.IN_CLASS, "Dagelijks kort check-in moment met de leerkracht"),
                *(
                    [(InterventionLevel.PARENT_SUPPORT, "Opvoedondersteuning via het sociaal team")]
                    if position == 0
                    else []
                ),
            ],
            actions=actions,
        )
