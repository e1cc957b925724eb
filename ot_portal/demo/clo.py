"""Demo data of the CLO: requests in every state for De Zonnebloem and Het Kompas, a CLO meeting
with votes, decisions with letters, one objection with a hearing, TLVs expiring soon.

Runs after the cases seeder. When the cases it builds on are not there, minimal pupils and cases
are created, keyed on pupil numbers "C-...". Idempotent: a case that already has a request is
left alone. Everything goes through clo.services so the rules hold; only dates are moved back
afterwards, so the demo shows terms that have been running for a while.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import translation

from cases.casefile.services import attachment_add, case_open
from cases.consent.services import consent_record
from cases.models import Attachment, Case, CaseStatus, Consent, ConsentMethod, Pupil
from cases.pupils.services import guardian_save
from clo import selectors, services
from clo.models import (
    AdviceRecommendation,
    CommitteeMeeting,
    DecisionOutcome,
    ExpertAssignment,
    Request,
    RequestKind,
    RequestStatus,
    RequestStatusChange,
    VoteChoice,
)
from ot_portal.core import append_only
from ot_portal.core.models import CommitteeMembership
from ot_portal.demo.files import pdf_upload
from ot_portal.demo.school_calendar import school_day_on_or_before

TEXT = {
    "support_needs": (
        "Heeft behoefte aan een kleine groep met veel structuur en voorspelbaarheid, korte instructie in "
        "kleine stappen en directe feedback. Raakt overprikkeld in de grote groep."
    ),
    "development_perspective": (
        "Verwachte uitstroom: praktijkonderwijs. Onderbouwing: leerrendement rekenen en lezen onder 50% "
        "ondanks intensieve begeleiding; sterke kant is het praktisch werken."
    ),
    "interventions": (
        "1. Verlengde instructie rekenen, 3x per week 20 minuten (12 weken): geringe vooruitgang.\n"
        "2. Time-in plek en beloningssysteem (8 weken): minder uitbarstingen, niet genoeg.\n"
        "3. Ambulante begeleiding cluster 4 (1 dagdeel per week): handelingsadviezen deels uitvoerbaar."
    ),
    "basic_support": "Differentiatie in drie niveaus, pestprotocol, kindgesprekken, onderwijsassistent in de ochtend.",
    "extra_support": "Arrangement gedrag vanuit het SWV (20 weken), begeleiding door de orthopedagoog.",
    "parents_view": (
        "Wij zien thuis dat hij vastloopt en niet meer naar school wil. We hopen dat een kleinere school hem "
        "rust geeft. We hebben de SBO-school samen bezocht."
    ),
}

DEMO_MEETING_LOCATION = "Kantoor SWV, Zevenaar"

# (pupil number, school key, first name, last name, date of birth)
PUPILS = [
    ("C-1001", "zonnebloem", "Milan", "de Groot", date(2016, 3, 12)),
    ("C-1002", "zonnebloem", "Noa", "Peters", date(2015, 9, 2)),
    ("C-1003", "zonnebloem", "Sem", "Kuipers", date(2016, 1, 23)),
    ("C-1004", "zonnebloem", "Lieke", "van Leeuwen", date(2017, 6, 30)),
    ("C-1005", "zonnebloem", "Daan", "Verhoeven", date(2015, 11, 8)),
    ("C-1006", "zonnebloem", "Zoë", "Hermans", date(2016, 7, 19)),
    ("C-1007", "zonnebloem", "Luuk", "Bosman", date(2014, 4, 4)),
    ("C-2001", "kompas", "Julia", "Smits", date(2016, 2, 14)),
    ("C-2002", "kompas", "Finn", "van Dam", date(2015, 5, 27)),
    ("C-2003", "kompas", "Tess", "Willemsen", date(2017, 10, 1)),
    ("C-2004", "kompas", "Bram", "Schouten", date(2014, 8, 22)),
]


def _case(org, number: str, school_key: str, first: str, last: str, born: date, recorder) -> Case:
    """A minimal pupil and case keyed on a "C-..." pupil number, for when the cases seeder did not run."""
    school = org.schools[school_key]
    pupil, _ = Pupil.objects.get_or_create(
        school=school, pupil_number=number, defaults={"first_name": first, "last_name": last, "date_of_birth": born}
    )
    if not Consent.objects.filter(pupil=pupil).exists():
        parent = pupil.guardians.filter(has_authority=True).first() or guardian_save(
            actor=recorder, pupil=pupil, data={"name": f"Ouder {last}", "relation": "ouder", "has_authority": True}
        )
        consent_record(
            actor=recorder,
            pupil=pupil,
            guardians=[parent],
            given_on=org.today - timedelta(days=120),
            method=ConsentMethod.VERBAL,
            disciplines=["orthopedagogue", "care_provider"],
            pupil_agreed=True if pupil.age_on() >= 12 else None,
        )
    case = Case.objects.filter(pupil=pupil).order_by("pk").first()
    if case is None:
        case = Case.objects.create(
            pupil=pupil, school=school, status=CaseStatus.ACTIVE, opened_on=org.today - timedelta(days=200)
        )
    return case


def _demo_cases(org, ib) -> dict[str, Case]:
    """One case per slot in PUPILS. Pupils of the cases seeder without a case are used when there
    are enough (a consent and a case are recorded through cases.services); else "C-..." pupils."""
    result = {}
    for key in ("zonnebloem", "kompas"):
        slots = [row for row in PUPILS if row[1] == key]
        free = list(
            Pupil.objects.filter(school=org.schools[key], left_on__isnull=True, cases__isnull=True)
            .exclude(pupil_number__startswith="C-")
            .order_by("-pupil_number")[: len(slots)]
        )
        if len(free) < len(slots):
            result.update({n: _case(org, n, s, first, last, b, ib[s]) for n, s, first, last, b in slots})
            continue
        for (number, *_rest), pupil in zip(slots, free, strict=True):
            guardians = [g for g in pupil.guardians.all() if g.has_authority]
            if guardians:
                given = org.today - timedelta(days=120)
                consent_record(
                    actor=ib[key],
                    pupil=pupil,
                    guardians=guardians,
                    given_on=given,
                    method=ConsentMethod.VERBAL,
                    disciplines=["orthopedagogue", "care_provider"],
                    pupil_agreed=True if pupil.age_on() >= 12 else None,
                )
            opened_on = school_day_on_or_before(org.today - timedelta(days=200))
            result[number] = case_open(actor=ib[key], pupil=pupil, opened_on=opened_on)
    return result


def _shift(request: Request, days: int) -> None:
    """Move the request's receipt and history back by `days` (demo only: shows running terms)."""
    if not days:
        return
    delta = timedelta(days=days)
    request.refresh_from_db()
    if request.received_on:
        Request.objects.filter(pk=request.pk).update(received_on=request.received_on - delta)
    # The history is append-only in the database; backdating demo rows is the one exemption outside the purge.
    with append_only.exempt([RequestStatusChange]):
        for change in RequestStatusChange.objects.filter(request=request):
            RequestStatusChange.objects.filter(pk=change.pk).update(changed_at=change.changed_at - delta)


def _requests_from_escalated_cases(org, *, ib, director) -> None:
    """Cases the cases seeder escalated to the CLO get a submitted TLV SBO request, its
    substantiation assembled from their groeidocument and interventions, as the IB would start it."""
    for key in ("zonnebloem", "kompas"):
        escalated = Case.objects.filter(school=org.schools[key], status=CaseStatus.ESCALATED).exclude(
            pupil__pupil_number__startswith="C-"
        )
        for case in escalated:
            if Request.objects.filter(case=case).exists():
                continue
            substantiation = selectors.case_substantiation(user=ib[key], case=case)
            substantiation.setdefault("basic_support", TEXT["basic_support"])
            substantiation.setdefault("parents_agree", True)
            r = services.request_create(
                actor=ib[key], case=case, kind=RequestKind.TLV_SBO, substantiation=substantiation
            )
            _to(r, ib[key], RequestStatus.READY)
            _to(r, director[key], RequestStatus.SUBMITTED, reason="Namens het bestuur bevestigd")


def _to(request, actor, status, **kw):
    return services.request_transition(actor=actor, request=request, to_status=status, **kw)


def seed(org) -> None:
    # Texts the services write (history reasons, timeline summaries) in the demo's language.
    with translation.override("nl"):
        _seed(org)


@transaction.atomic
def _seed(org) -> None:
    users = org.users
    ib = {"zonnebloem": users["ib@zonnebloem.demo"], "kompas": users["ib@kompas.demo"]}
    director = {"zonnebloem": users["directeur@zonnebloem.demo"], "kompas": users["directeur@kompas.demo"]}
    secretary = users["secretaris@clo.demo"]
    chair = users["voorzitter@clo.demo"]
    ortho = users["orthopedagoog@clo.demo"]
    expert = users["deskundige@clo.demo"]
    _requests_from_escalated_cases(org, ib=ib, director=director)
    if CommitteeMeeting.objects.filter(partnership=org.partnership, location=DEMO_MEETING_LOCATION).exists():
        return  # seeded before
    cases = _demo_cases(org, ib)
    members = {
        m.user_id: m
        for m in CommitteeMembership.objects.filter(partnership=org.partnership).select_related("discipline")
    }
    today = org.today

    def start(number, kind, *, full=True, **extra):
        school = next(s for n, s, *_ in PUPILS if n == number)
        sub = dict(TEXT) if full else {"support_needs": TEXT["support_needs"]}
        if full:
            sub.update(interventions_evaluated=True, parents_agree=True)
        r = services.request_create(actor=ib[school], case=cases[number], kind=kind, substantiation=sub, **extra)
        if full:
            report_date = school_day_on_or_before(today - timedelta(days=60))
            attachment = Attachment.objects.filter(case=r.case, is_third_party_report=True).first()
            if attachment is None:
                attachment = attachment_add(
                    actor=ib[school],
                    case=r.case,
                    upload=pdf_upload(
                        "psychodiagnostisch-onderzoek.pdf",
                        "Psychodiagnostisch onderzoek",
                        [
                            "Drs. K. de Wit, Praktijk De Linde",
                            f"Datum: {report_date:%d-%m-%Y}",
                            "Conclusie: zie het verslag; de ondersteuningsbehoefte is groot.",
                        ],
                    ),
                    description="Verslag van een externe praktijk (rapport van derden)",
                    is_third_party_report=True,
                )
            services.report_add(
                actor=ib[school],
                request=r,
                title="Psychodiagnostisch onderzoek",
                author="Drs. K. de Wit, Praktijk De Linde",
                author_discipline="care_provider",
                report_date=report_date,
                attachment=attachment,
            )
        return r, school

    def submit(r, school):
        _to(r, ib[school], RequestStatus.READY)
        return _to(r, director[school], RequestStatus.SUBMITTED, reason="Namens het bestuur bevestigd")

    def assign(r, user):
        member = members[user.pk]
        if not ExpertAssignment.objects.filter(request=r, expert=member).exists():
            services.expert_assign(actor=secretary, request=r, expert=member)

    def advise(r):
        for user in (ortho, expert):
            assign(r, user)
            services.advice_give(
                actor=user,
                request=r,
                recommendation=AdviceRecommendation.GRANT,
                advice=(
                    "Na bestudering van het dossier en observatie in de klas: de ondersteuningsbehoefte overstijgt "
                    "wat de school met basis- en extra ondersteuning kan bieden. Ik adviseer toekenning."
                ),
            )

    # Zonnebloem
    start("C-1001", RequestKind.TLV_SBO, full=False)  # draft
    r, s = start("C-1002", RequestKind.TLV_SO, funding_category="medium")
    _to(r, ib[s], RequestStatus.READY)  # awaiting the director
    r, s = start("C-1003", RequestKind.TLV_SBO)
    submit(r, s)
    _shift(r, 10)
    assign(r, expert)  # the expert's advice is pending (on her home page)
    r, s = start("C-1004", RequestKind.TLV_SO, funding_category="high")
    services.request_update(actor=ib[s], request=r, version=r.version, development_perspective="", parents_agree=None)
    r.refresh_from_db()
    submit(r, s)
    _to(
        r,
        secretary,
        RequestStatus.INCOMPLETE,
        missing_items=["Ontwikkelingsperspectief (OPP) aanwezig"],
        reason="Graag het OPP met de verwachte uitstroombestemming toevoegen.",
    )
    _shift(r, 12)
    Request.objects.filter(pk=r.pk).update(received_on=today - timedelta(days=20))

    meeting, _ = CommitteeMeeting.objects.get_or_create(
        partnership=org.partnership,
        date=school_day_on_or_before(today),
        defaults={"location": DEMO_MEETING_LOCATION, "created_by": secretary},
    )
    meeting.members_present.set(
        [m for m in members.values() if m.role in ("chair", "secretary", "orthopedagogue", "advisor")]
    )
    r, s = start("C-1005", RequestKind.TLV_SBO)
    submit(r, s)
    _to(r, secretary, RequestStatus.ACCEPTED)
    _shift(r, 25)
    advise(r)
    services.request_plan(actor=secretary, request=r, meeting=meeting)
    for voter, choice in (
        (chair, VoteChoice.IN_FAVOUR),
        (secretary, VoteChoice.IN_FAVOUR),
        (ortho, VoteChoice.ABSTAIN),
    ):
        services.vote_cast(actor=voter, meeting=meeting, request=r, choice=choice)

    r, s = start("C-1006", RequestKind.TLV_SBO)
    submit(r, s)
    _to(r, secretary, RequestStatus.ACCEPTED)
    _shift(r, 60)
    advise(r)
    start_on = date(today.year if today.month >= 8 else today.year - 1, 8, 1)
    services.decision_record(
        actor=secretary,
        request=r,
        outcome=DecisionOutcome.GRANTED,
        motivation="Beide deskundigen adviseren toekenning. De school heeft basis- en extra ondersteuning "
        "aantoonbaar ingezet; de ondersteuningsbehoefte vraagt om een kleine groep in het SBO.",
        starts_on=today,
        decided_on=today - timedelta(days=20),
    )
    objection = services.objection_create(
        actor=secretary,
        request=r,
        received_on=today - timedelta(days=12),
        objector="Ouders van de leerling",
        grounds="Wij vinden de looptijd te kort; wij vragen een TLV tot het einde van de basisschool.",
    )
    services.objection_update(
        actor=secretary,
        objection=objection,
        version=objection.version,
        lbt_advice_requested_on=today - timedelta(days=8),
        hearing_on=today - timedelta(days=2),
        hearing_report="Ouders lichten toe dat een overstap na twee jaar veel onrust geeft. De school ondersteunt dit.",
    )

    r, s = start("C-1007", RequestKind.TLV_SO, funding_category="low")
    submit(r, s)
    _to(r, secretary, RequestStatus.ACCEPTED)
    _shift(r, 40)
    advise(r)
    old = services.decision_record(
        actor=secretary,
        request=r,
        outcome=DecisionOutcome.GRANTED,
        motivation="Toegekend conform advies van beide deskundigen.",
        starts_on=today,
        decided_on=today - timedelta(days=5),
    )
    # A TLV from two school years ago that ends this school year: re-assessment is near.
    end = date(start_on.year + 1, 7, 31)
    old_decided = date(start_on.year - 2, 6, 20)
    type(old).objects.filter(pk=old.pk).update(
        starts_on=date(start_on.year - 2, 8, 1), ends_on=end, decided_on=old_decided
    )
    # ... so that request was received about six weeks before, for a case open since months before.
    r.refresh_from_db()
    _shift(r, (r.received_on - school_day_on_or_before(old_decided - timedelta(days=42))).days)
    Case.objects.filter(pk=r.case_id).update(opened_on=school_day_on_or_before(old_decided - timedelta(days=150)))
    ext, s = start("C-1007", RequestKind.EXTENSION, extends_decision=old, funding_category="low")
    submit(ext, s)

    # Kompas
    r, s = start("C-2001", RequestKind.ARRANGEMENT, arrangement_type="individual")
    submit(r, s)
    _to(r, secretary, RequestStatus.ACCEPTED)
    _shift(r, 50)  # eight-week term nearly gone: at risk
    assign(r, expert)  # her advice is pending; the orthopedagogue is still to be asked
    r, s = start("C-2002", RequestKind.TLV_SO, funding_category="low")
    submit(r, s)
    _to(r, secretary, RequestStatus.ACCEPTED)
    _shift(r, 35)
    advise(r)
    services.decision_record(
        actor=secretary,
        request=r,
        outcome=DecisionOutcome.REJECTED,
        motivation="De deskundigen zien nog mogelijkheden binnen het regulier onderwijs met een arrangement.",
        decided_on=today - timedelta(days=3),
    )
    r, s = start("C-2003", RequestKind.TLV_SBO, full=False)
    _to(r, ib[s], RequestStatus.WITHDRAWN, reason="Ouders kiezen voor een andere school.")
    r, s = start("C-2004", RequestKind.TLV_SO, funding_category="medium")
    submit(r, s)
    _to(r, secretary, RequestStatus.ACCEPTED)
    _shift(r, 30)
    advise(r)
    d = services.decision_record(
        actor=secretary,
        request=r,
        outcome=DecisionOutcome.GRANTED_OTHER,
        funding_category="high",
        motivation="Toegekend in een hogere categorie: de zorgbehoefte is groter dan aangevraagd.",
        starts_on=today,
        decided_on=today - timedelta(days=1),
    )
    type(d).objects.filter(pk=d.pk).update(starts_on=date(start_on.year - 1, 8, 1), ends_on=end)
