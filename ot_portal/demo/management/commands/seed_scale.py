"""manage.py seed_scale: partnership-scale data on top of the demo, for `manage.py bench`.

Adds to the demo partnership 40 schools, 12,000 pupils, 20,000 cases, 100,000 actions,
2,000 meetings and 1,500 CLO requests; spread over the 40
new schools and the four demo schools (so the demo accounts see a full school), over three school
years. Everything goes in with bulk_create in batches. Refuses to run twice (the scale schools
are the marker). `--factor 0.05` makes a small set for screenshots and tests.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from cases.models import (
    Action,
    ActionStatus,
    CareLevel,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseNoteKind,
    CaseStatus,
    Consent,
    ConsentMethod,
    Enrolment,
    Guardian,
    Pupil,
)
from ot_portal.core.models import (
    Board,
    District,
    Role,
    School,
    SchoolGroup,
    SchoolMembership,
    SchoolYear,
    User,
)
from ot_portal.demo import scale_extra
from ot_portal.demo.guard import DemoCommand
from ot_portal.demo.organisation import DEMO_PASSWORD, seed_organisation
from ot_portal.demo.school_calendar import school_day_on_or_after, school_day_on_or_before

BATCH = 2000
SCALE_MARKER = "SC"  # BRIN suffix of the scale schools: 00SC .. 39SC

FIRST = [
    "Daan",
    "Sem",
    "Lucas",
    "Levi",
    "Finn",
    "Milan",
    "Noah",
    "Emma",
    "Julia",
    "Mila",
    "Tess",
    "Sophie",
    "Zoë",
    "Nora",
    "Yara",
    "Sara",
    "Mohammed",
    "Adam",
    "Liam",
    "Lotte",
    "Fenna",
    "Saar",
    "Jesse",
    "Bram",
]
LAST = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
]


def _split_prefix(last: str) -> tuple[str, str]:
    parts = last.split(" ")
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else ("", last)


class Command(DemoCommand):
    help = "Add partnership-scale data (40 schools, 12k pupils, 20k cases, 100k actions...) to the demo."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=float, default=1.0, help="Scale every count (0.05 = 5%%).")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, factor: float, seed: int, **options):
        started = time.monotonic()
        org = seed_organisation()
        if School.objects.filter(brin__endswith=SCALE_MARKER).exists():
            self.stdout.write(self.style.WARNING("Scale data is already present; nothing added."))
            return
        rng = random.Random(seed)  # noqa: S311 - invented demo data, not security
        counts = {
            "schools": max(2, round(40 * factor)),
            "pupils": round(12000 * factor),
            "cases": round(20000 * factor),
            "actions": round(100000 * factor),
            "meetings": round(2000 * factor),
            "requests": round(1500 * factor),
        }
        with transaction.atomic():
            self._seed(org, rng, counts)
        if connection.vendor == "postgresql":  # statistics for the new rows, before anyone measures
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Scale data added in {time.monotonic() - started:.0f} s: {counts}"))

    def _step(self, label: str) -> None:
        self.stdout.write(f"  {label}…")

    def _seed(self, org, rng: random.Random, counts: dict) -> None:
        today = org.today
        current = org.school_year
        years = [current]
        for back in (1, 2):
            years.append(SchoolYear.objects.get_or_create(start_year=current.start_year - back)[0])
        partnership = org.partnership

        self._step("schools")
        boards = list(Board.objects.filter(partnership=partnership))
        districts = list(District.objects.filter(partnership=partnership))
        for i in range(3):
            boards.append(Board.objects.create(partnership=partnership, name=f"Stichting Schaal {i + 1}"))
            districts.append(
                District.objects.create(partnership=partnership, name=f"Wijk Schaal {i + 1}", municipality="Schaalstad")
            )
        new_schools = School.objects.bulk_create(
            [
                School(
                    name=f"Schaalschool {i + 1:02d}",
                    brin=f"{i:02d}{SCALE_MARKER}",
                    board=boards[i % len(boards)],
                    district=districts[(i * 7) % len(districts)],
                )
                for i in range(counts["schools"])
            ]
        )
        schools = list(org.schools.values()) + list(new_schools)

        self._step("accounts")
        # The demo's own director and IB run De Zonnebloem and Het Kompas; every other school
        # gets a scale director and IB of its own.
        demo_staff = {
            "zonnebloem": ("directeur@zonnebloem.demo", "ib@zonnebloem.demo"),
            "kompas": ("directeur@kompas.demo", "ib@kompas.demo"),
        }
        staffed = [s for key, s in org.schools.items() if key not in demo_staff] + list(new_schools)
        password = make_password(DEMO_PASSWORD)
        users = User.objects.bulk_create(
            [
                User(email=f"{role}{i + 1:02d}@schaal.demo", full_name=f"{label} Schaal {i + 1:02d}", password=password)
                for i in range(len(staffed))
                for role, label in (("directeur", "Directeur"), ("ib", "IB'er"))
            ]
        )
        staff: dict[int, dict[str, User]] = {}
        memberships = []
        for i, school in enumerate(staffed):
            director, ib = users[2 * i], users[2 * i + 1]
            staff[school.pk] = {"director": director, "ib": ib}
            memberships += [
                SchoolMembership(user=director, school=school, role=Role.DIRECTOR, valid_from=current.starts_on),
                SchoolMembership(user=ib, school=school, role=Role.IB, valid_from=current.starts_on),
            ]
        SchoolMembership.objects.bulk_create(memberships)
        for key, (director, ib) in demo_staff.items():
            staff[org.schools[key].pk] = {"director": org.users[director], "ib": org.users[ib]}

        self._step("groups")
        SchoolGroup.objects.bulk_create(
            [
                SchoolGroup(school=school, school_year=current, name=str(grade))
                for school in new_schools
                for grade in range(1, 9)
            ]
        )
        groups: dict[int, list[int]] = {}
        for gid, sid in SchoolGroup.objects.filter(school__in=schools, school_year=current).values_list(
            "pk", "school_id"
        ):
            groups.setdefault(sid, []).append(gid)

        self._step("pupils")
        pupils = []
        for n in range(counts["pupils"]):
            school = schools[n % len(schools)]
            prefix, last = _split_prefix(rng.choice(LAST))
            pupils.append(
                Pupil(
                    school=school,
                    pupil_number=f"S{n + 1:06d}",
                    first_name=rng.choice(FIRST),
                    last_name_prefix=prefix,
                    last_name=last,
                    date_of_birth=date(
                        current.start_year - 4 - rng.randint(0, 8), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                )
            )
        for pupil in pupils:
            pupil.search_text = pupil.search_text_of()  # bulk_create skips save()
        pupils = Pupil.objects.bulk_create(pupils, batch_size=BATCH)
        Enrolment.objects.bulk_create(
            [
                Enrolment(pupil=p, school_year=current, group_id=rng.choice(groups[p.school_id]))
                for p in pupils
                if groups.get(p.school_id)
            ],
            batch_size=BATCH,
        )
        Guardian.objects.bulk_create(
            [Guardian(pupil=p, name=f"Ouder van leerling {p.pupil_number}", relation="ouder") for p in pupils],
            batch_size=BATCH,
        )

        self._step("consents")
        consents = []
        for p in pupils:
            if rng.random() < 0.7:
                given = today - timedelta(days=rng.randint(10, 900))
                consents.append(
                    Consent(
                        pupil=p,
                        given_on=given,
                        method=ConsentMethod.SIGNED_FORM,
                        recorded_by=staff[p.school_id]["ib"],
                        disciplines=["orthopedagogue"],
                        valid_until=given + timedelta(days=rng.choice([365, 730, 1000])),
                    )
                )
        Consent.objects.bulk_create(consents, batch_size=BATCH)

        self._step("cases")
        # Dates a real year has: opened on a school day; a closed case closes a few weeks after its
        # last activity (a closing talk with the parents), never after today; its discussion in
        # the OT and its actions come before that.
        first_day = years[-1].starts_on
        last_school_day = school_day_on_or_before(today)
        span = (today - first_day).days
        cases, history = [], []
        with_open_case = set()  # a pupil has at most one open case (the database enforces it)
        for n in range(counts["cases"]):
            pupil = pupils[rng.randrange(len(pupils))] if n >= len(pupils) else pupils[n]
            opened = school_day_on_or_before(first_day + timedelta(days=rng.randint(0, span)))
            if opened < first_day:
                opened = school_day_on_or_after(first_day)
            closed = rng.random() < 0.45 and opened < today - timedelta(days=30)
            if id(pupil) in with_open_case:
                closed = True
                opened = school_day_on_or_before(min(opened, today - timedelta(days=31)))
            elif not closed:
                with_open_case.add(id(pupil))
            status = (
                CaseStatus.CLOSED
                if closed
                else rng.choice(
                    [
                        CaseStatus.REGISTERED,
                        CaseStatus.ACTIVE,
                        CaseStatus.ACTIVE,
                        CaseStatus.ACTIVE,
                        CaseStatus.ESCALATED,
                    ]
                )
            )
            level = (
                CareLevel.CLO
                if status == CaseStatus.ESCALATED
                else rng.choice([CareLevel.GROUP_DISCUSSION, CareLevel.PUPIL_DISCUSSION, CareLevel.OT, CareLevel.OT])
            )
            closed_on = None
            if closed:
                last = school_day_on_or_after(
                    opened + timedelta(days=rng.randint(14, max(14, (today - opened).days - 10)))
                )
                # On a school day up to four weeks later (the day of the talk itself, before a holiday).
                closed_on = max(school_day_on_or_before(last + timedelta(days=rng.randint(1, 28))), last)
                closed_on = min(closed_on, last_school_day)
                last = min(last, closed_on)
            else:
                last = opened + timedelta(days=rng.randint(0, max((today - opened).days, 0)))
            discussed = opened + timedelta(days=rng.randint(7, 70)) if rng.random() < 0.6 else None
            if discussed and discussed > (last if closed else today):
                discussed = None
            history.append((last, discussed))
            end = closed_on if closed else max(last, discussed or last)
            cases.append(
                Case(
                    pupil=pupil,
                    school_id=pupil.school_id,
                    status=status,
                    care_level=level,
                    lead=staff[pupil.school_id]["ib"],
                    opened_on=opened,
                    closed_on=closed_on,
                    outcome="resolved" if closed else "",
                    next_evaluation_on=None if closed else today + timedelta(days=rng.randint(-60, 120)),
                    last_activity_at=timezone.make_aware(
                        datetime.combine(end, datetime.min.time()) + timedelta(hours=15)
                    ),
                )
            )
        cases = Case.objects.bulk_create(cases, batch_size=BATCH)

        self._step("timeline events")
        events = []
        for case, (last, discussed) in zip(cases, history, strict=True):
            ib = staff[case.school_id]["ib"]

            def at(day, hour=10):
                return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))

            events.append(
                CaseEvent(
                    case=case, kind=CaseEventKind.INTAKE, message="intake_registered", actor=ib, at=at(case.opened_on)
                )
            )
            if discussed:
                events.append(
                    CaseEvent(
                        case=case,
                        kind=CaseEventKind.MEETING,
                        message="minutes_recorded",
                        params={"date": discussed.isoformat()},
                        actor=ib,
                        at=at(discussed),
                    )
                )
            if case.closed_on:
                events.append(
                    CaseEvent(
                        case=case,
                        kind=CaseEventKind.NOTE,
                        message="note_added",
                        params={"kind": CaseNoteKind.PARENT_CONTACT},
                        actor=ib,
                        at=at(last),
                    )
                )
                events.append(
                    CaseEvent(
                        case=case,
                        kind=CaseEventKind.STATUS,
                        message="status_changed",
                        params={"old": CaseStatus.ACTIVE, "new": CaseStatus.CLOSED},
                        actor=ib,
                        at=at(case.closed_on, 15),
                    )
                )
        CaseEvent.objects.bulk_create(events, batch_size=BATCH)
        last_activity = {case.pk: last for case, (last, _d) in zip(cases, history, strict=True)}

        self._step("actions")
        batch = []
        owner_roles = ("ib", "ib", "director")
        for n in range(counts["actions"]):
            case = cases[rng.randrange(len(cases))]
            owner = staff[case.school_id][rng.choice(owner_roles)]
            due = case.opened_on + timedelta(days=rng.randint(7, 120))
            if case.closed_on:  # every action of a closed case was done by its last activity
                due = min(due, last_activity[case.pk])
            done = case.status == CaseStatus.CLOSED or (due < today and rng.random() < 0.75)
            batch.append(
                Action(
                    case=case,
                    description=f"Afspraak {n + 1}",
                    owner=owner,
                    due_on=due,
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    done_on=min(due, today) if done else None,
                    created_by=owner,
                )
            )
            if len(batch) >= BATCH:
                Action.objects.bulk_create(batch)
                batch = []
        Action.objects.bulk_create(batch)

        self._step("meetings and CLO requests")
        done = scale_extra.seed_domain_extras(
            org=org,
            rng=rng,
            schools=schools,
            staff=staff,
            cases=cases,
            years=years,
            counts=counts,
            today=today,
        )
        for label in done:
            self._step(label)
