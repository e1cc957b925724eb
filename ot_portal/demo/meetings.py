"""Demo data of the meetings app: per demo school an OT year plan with its meetings (LAYOUTS).

Meetings fall on school days. Past meetings carry minutes with interventions and actions (one
external owner's action long overdue): approved ones, one with a correction, one held whose minutes
wait for approval; the meeting of today is still planned; future ones carry agendas. A case is
discussed by name only after it was opened and its consent given. Runs after the cases seeder
and finds its cases through the models; when there are too few (cases demo not present yet), it
adds a few minimal pupils keyed on pupil number "M-..." so it never depends on the other seeder's
timing. Idempotent: a school
that already has this year's plan is left alone.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import translation

from cases.consent.selectors import consent_may_be_named_sql
from cases.consent.services import consent_record
from cases.models import Case, CaseStatus, Consent, ConsentMethod, Enrolment, InterventionLevel, Pupil
from cases.pupils.services import guardian_save
from meetings import services
from meetings.models import (
    Escalation,
    Meeting,
    MeetingStatus,
    ParentsPresence,
    ParticipantKind,
    Task,
    ThemeTopic,
    YearPlan,
)
from ot_portal.core.models import User
from ot_portal.demo.clock import happened, moment
from ot_portal.demo.school_calendar import (
    school_day_on_or_after,
    school_day_on_or_before,
    weekday_on_or_after,
    weekday_on_or_before,
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

# The meetings of a school's year plan: (days from today, state). "today" is the meeting of the
# last school day (today on a school day), still planned; its minutes are being written when the
# state is "today_minutes". "held": minutes recorded, not approved yet. "corrected": approved, with
# a correction added afterwards. Dates move to the school's meeting weekday, on school days only,
# inside the current school year (meetings that do not fit are left out).
LAYOUTS = {
    "zonnebloem": [
        (-70, "approved"),
        (-42, "corrected"),
        (-14, "held"),
        (0, "today"),
        (16, "planned"),
        (44, "planned"),
        (86, "planned"),
        (128, "planned"),
    ],
    # Het Kompas plans one meeting ahead: the crawl of its accounts sees an approved meeting too.
    "kompas": [(-70, "approved"), (-42, "approved"), (-14, "corrected"), (0, "today_minutes"), (44, "planned")],
}
MEETING_WEEKDAY = {"zonnebloem": 1, "kompas": 3}  # Tuesday, Thursday

THEMES = [
    (ThemeTopic.SOCIAL_SAFETY, "Sociale veiligheid op het plein", "Meer conflicten in de pauze bij groep 6-8."),
    (ThemeTopic.SIGNALLING, "Signaleren van zorgen thuis", "Meldcode doorgenomen; wie doet wat bij een zorg."),
    (ThemeTopic.SOCIAL_MEDIA, "Groepsapps en sociale media", "Ruzies in groepsapps lopen door in de klas."),
    (ThemeTopic.ABSENCE, "Verzuim en thuiszitten", "Vroeg signaleren van oplopend verzuim."),
]


def _consent_in_force():
    return consent_may_be_named_sql("pupil_id")


def _named_since():
    """The day since which the consent in force allows discussing the pupil by name."""
    return Subquery(
        Consent.objects.may_be_named().filter(pupil_id=OuterRef("pupil_id")).order_by("given_on").values("given_on")[:1]
    )


def _ensure_cases(org, key: str, school, ib) -> tuple[list[Case], list[Case]]:
    """Cases of the school with and without consent in force; minimal ones added when missing."""

    def split():
        cases = (
            Case.objects.filter(school=school)
            .exclude(status=CaseStatus.CLOSED)
            .annotate(named=_consent_in_force(), named_since=_named_since())
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
                    given_on=school_day_on_or_before(org.today - timedelta(days=120)),
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
                opened_on=school_day_on_or_before(org.today - timedelta(days=130)),
            )
    return split()


def meeting_days(org, key: str) -> list[tuple[date, str]]:
    """The dates of the school's meetings in LAYOUTS, on school days in the current school year."""
    weekday = MEETING_WEEKDAY[key]
    year = org.school_year
    first_day = school_day_on_or_after(year.starts_on)
    today_meeting = school_day_on_or_before(org.today)
    days: list[tuple[date, str]] = []
    if today_meeting < first_day:
        today_meeting = None  # the school year has not started yet: no meeting held in it
    taken = {today_meeting}
    for offset, state in LAYOUTS[key]:
        if offset == 0:
            if today_meeting is not None:
                days.append((today_meeting, state))
            continue
        if offset < 0:
            if today_meeting is None:
                continue
            day = max(weekday_on_or_before(org.today + timedelta(days=offset), weekday), first_day)
            while day in taken:  # early in the year: meetings on the first school days
                day = school_day_on_or_after(day + timedelta(days=1))
            if day >= today_meeting:
                continue
        else:
            day = weekday_on_or_after(org.today + timedelta(days=offset), weekday)
        if year.contains(day):
            taken.add(day)
            days.append((day, state))
    return sorted(days)


def seed(org) -> None:
    for key, cfg in SCHOOLS.items():
        school = org.schools.get(key)
        if school is None or YearPlan.objects.filter(school=school, school_year=org.school_year).exists():
            continue
        with translation.override("nl"):
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
            "3. Afspraken uit het OT op tijd uitgevoerd: geen actie meer dan twee weken te laat."
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

    external = cfg["external"]
    for index, (day, state) in enumerate(meeting_days(org, key)):
        past = state != "planned"
        # The agenda is set three days ahead: by name only a case opened by then whose consent was
        # given by then; anonymously a case opened by then.
        agenda_on = min(day, org.today) - timedelta(days=3) if past else org.today
        on_day = [c for c in named if c.opened_on <= agenda_on and c.named_since <= agenda_on] if past else named
        anonymous_on_day = [c for c in anonymous if c.opened_on <= agenda_on] if past else anonymous
        with happened(agenda_on - timedelta(days=18) if past else org.today):
            meeting = services.meeting_plan(
                actor=ib,
                plan=plan,
                date=day,
                start_time=time(8, 30) if index % 2 else time(13, 15),
                place=cfg["place"],
                allow_past=True,
            )
        with happened(agenda_on):
            items = _agenda(ib=ib, meeting=meeting, index=index, named=on_day, anonymous=anonymous_on_day, past=past)
            if teacher is not None and items and items[0].by_name:
                services.participant_add(
                    actor=ib, meeting=meeting, kind=ParticipantKind.TEACHER, user=teacher, item=items[0]
                )
            if items:
                services.participant_add(
                    actor=ib, meeting=meeting, kind=ParticipantKind.PARENT, name="Ouder van de leerling", item=items[0]
                )
        if state == "planned":
            continue
        with happened(day, hour=16):
            _minutes(
                actor=minute_taker,
                meeting=meeting,
                items=items[:1] if state == "today_minutes" else items,
                owner=owner,
                ib_user=ib,
                external=external if index == 0 else None,
            )
            if state in ("today", "today_minutes"):
                continue  # the meeting of today: held, but nobody marked it so yet
            services.meeting_evaluation_set(
                actor=minute_taker,
                meeting=meeting,
                notes="Casussen goed voorbereid; ouders waren bij twee van de drie besprekingen. "
                "Aandachtspunt: acties van externe partners vaker nabellen.",
            )
            meeting = services.meeting_status_change(actor=ib, meeting=meeting, to_status=MeetingStatus.HELD)
        if state == "held":
            continue  # minutes written, waiting for approval
        approved_on = min(school_day_on_or_after(day + timedelta(days=7)), org.today)
        with happened(approved_on, hour=17):
            meeting = services.minutes_approve(actor=ib, meeting=meeting)
        Meeting.objects.filter(pk=meeting.pk).update(approved_at=moment(approved_on, 17))
        if state == "corrected" and items:
            corrected_on = min(school_day_on_or_after(approved_on + timedelta(days=3)), org.today)
            with happened(corrected_on, hour=11):
                services.correction_add(
                    actor=ib,
                    meeting=meeting,
                    item=items[0],
                    text="Correctie: het gesprek met ouders is met beide ouders, niet alleen met moeder.",
                )


def _agenda(*, ib, meeting, index: int, named: list, anonymous: list, past: bool) -> list:
    """Theme, then up to three case items: a named case, an anonymous one, a second named one."""
    topic, title, notes = THEMES[index % len(THEMES)]
    services.theme_add(
        actor=ib,
        meeting=meeting,
        topic=topic,
        title=title,
        notes=notes,
        preventive_agreements="Leerkrachten bespreken dit in de groep; IB deelt een korte handreiking." if past else "",
    )
    picks = []
    if named:
        picks.append((named[index % len(named)], True, "Werkt de aanpak in de klas? Wat is er thuis nodig?"))
    if anonymous:
        picks.append(
            (
                anonymous[index % len(anonymous)],
                False,
                "Leerling uit de bovenbouw met oplopend verzuim; ouders willen (nog) geen bespreking op naam.",
            )
        )
    if len(named) > 1:
        picks.append((named[(index + 1) % len(named)], True, "Evaluatie van de afspraken uit het vorige overleg."))
    items = [
        services.agenda_item_add(actor=ib, meeting=meeting, case=case, by_name=by_name, question=question)
        for case, by_name, question in picks
    ]
    for item in items:
        services.item_preparation_set(
            actor=ib,
            item=item,
            parents_consulted=past or item.by_name,
            teacher_invited=past,
            growth_doc_current=past or index % 2 == 0,
        )
    return items


def _minutes(*, actor: User, meeting, items, owner, ib_user, external) -> None:
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
