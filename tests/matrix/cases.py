"""Matrix entries and world objects of the cases app."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from cases import models as m
from cases.disclosure.rules import due_on
from tests.factories.cases import (
    ActionFactory,
    CaseFactory,
    ConsentFactory,
    EnrolmentFactory,
    GuardianFactory,
    PupilFactory,
    grant_case,
)
from tests.matrix import Entry, each
from tests.world import PERSONAS


def build(w):
    """Pupil A (group 5a of school A) with an active case and consent covering the orthopedagogue
    and the social team, both granted; pupil B with a case at school B."""
    w.pupil_a = PupilFactory(school=w.school_a, first_name="Daan", last_name="Geheimnaam")
    EnrolmentFactory(pupil=w.pupil_a, school_year=w.school_year, group=w.group_a)
    w.guardian_a = GuardianFactory(pupil=w.pupil_a)
    w.consent_a = ConsentFactory(
        pupil=w.pupil_a, recorded_by=w.users["ib_a"], disciplines=["orthopedagogue", "social_team"]
    )
    w.consent_a.signed_form.save("toestemming.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    w.case_a = CaseFactory(pupil=w.pupil_a)
    for persona in ("orthopedagogue_a", "social_team_a"):
        grant_case(case=w.case_a, user=w.users[persona], consent=w.consent_a, granted_by=w.users["ib_a"])
    w.pupil_b = PupilFactory(school=w.school_b, first_name="Sara", last_name="Andersschool")
    EnrolmentFactory(pupil=w.pupil_b, school_year=w.school_year, group=w.group_b)
    w.case_b = CaseFactory(pupil=w.pupil_b)
    # Objects behind the second UUID in some URLs.
    w.action_a = ActionFactory(case=w.case_a, owner=w.users["ib_a"])
    w.intervention_a = m.Intervention.objects.create(
        case=w.case_a,
        level=m.InterventionLevel.IN_CLASS,
        description="Verlengde instructie",
        starts_on=timezone.localdate() - timedelta(days=20),
        created_by=w.users["ib_a"],
    )
    w.attachment_a = m.Attachment(
        case=w.case_a,
        original_name="verslag.pdf",
        content_type="application/pdf",
        size=20,
        uploaded_by=w.users["ib_a"],
    )
    w.attachment_a.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    w.attachment_a.save()
    w.intake_a = m.Intake.objects.create(
        pupil=w.pupil_a, school=w.school_a, created_by=w.users["teacher_a"], reason="Zorgen over lezen"
    )
    w.growth_a = m.GrowthDocument.objects.create(pupil=w.pupil_a, educational_needs="Structuur")
    w.goal_a = m.GrowthGoal.objects.create(document=w.growth_a, goal="Leest AVI E4", created_by=w.users["ib_a"])
    # An open access request, and an answered one whose files can be downloaded. Made directly,
    # not through the service, so the world starts with an empty access log.
    today = timezone.localdate()
    w.access_request_a, w.access_answered_a = (
        m.AccessRequest.objects.create(
            pupil=w.pupil_a, guardian=w.guardian_a, via=via, received_on=today, due_on=due_on(today)
        )
        for via in ("email", "letter")
    )
    w.access_answered_a.answer_pdf.save("inzage.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    w.access_answered_a.answer_zip.save("bijlagen.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    w.access_answered_a.status = m.AccessRequestStatus.ANSWERED
    w.access_answered_a.save()


SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
CASE_SEEN = ["director_a", "ib_a", "teacher_a", "orthopedagogue_a", "social_team_a"]
PUPIL_SEEN = ["director_a", "ib_a", "teacher_a"]
INTAKE_DRAFTERS = ["ib_a", "teacher_a", "teacher_a_other", "ib_b"]


ACCESS_HANDLERS = {"director_a": 200, "ib_a": 200, "teacher_a": 403}


def access_kwargs(w):
    return {"uuid": w.access_request_a.uuid}


def case_kwargs(w):
    return {"uuid": w.case_a.uuid}


def pupil_kwargs(w):
    return {"uuid": w.pupil_a.uuid}


def _manage(ok: int) -> dict[str, int]:
    """Case page actions for managers (IB, director); read-only viewers get 403."""
    return {**each(CASE_SEEN, 403), "director_a": ok, "ib_a": ok}


ENTRIES = {
    "cases:case_list": Entry(expect=each(SIGNED_IN, 200)),
    "cases:case_detail": Entry(expect=each(CASE_SEEN, 200), kwargs=case_kwargs),
    "cases:case_status": Entry(expect=_manage(200), kwargs=case_kwargs, method="POST"),
    "cases:case_care_level": Entry(expect=_manage(200), kwargs=case_kwargs, method="POST"),
    "cases:case_regie": Entry(expect=_manage(200), kwargs=case_kwargs, method="POST"),
    "cases:case_note_add": Entry(expect=_manage(200), kwargs=case_kwargs, method="POST"),
    "cases:intervention_add": Entry(expect=_manage(200), kwargs=case_kwargs, method="POST"),
    "cases:action_add": Entry(expect=_manage(200), kwargs=case_kwargs, method="POST"),
    "cases:attachment_add": Entry(expect=_manage(200), kwargs=case_kwargs, method="POST"),
    "cases:intervention_evaluate": Entry(
        expect=_manage(302),
        kwargs=lambda w: {"uuid": w.case_a.uuid, "intervention_uuid": w.intervention_a.uuid},
        method="POST",
    ),
    "cases:action_update": Entry(
        expect=_manage(302),
        kwargs=lambda w: {"uuid": w.case_a.uuid, "action_uuid": w.action_a.uuid},
        method="POST",
    ),
    "cases:actions_done_list": Entry(expect=each(SIGNED_IN, 200)),
    "cases:action_edit": Entry(expect=_manage(200), kwargs=lambda w: {"uuid": w.action_a.uuid}),
    # "All actions" behind the home page: a personal list, scoped in SQL to what each user follows.
    "cases:action_list": Entry(expect={}, default=200),
    "cases:attachment_download": Entry(expect=each(CASE_SEEN, 200), kwargs=lambda w: {"uuid": w.attachment_a.uuid}),
    "cases:pupil_list": Entry(expect=each(SIGNED_IN, 200)),
    "cases:pupil_create": Entry(expect={"ib_a": 200, "ib_b": 200}, default=403, logs_access=False),  # empty form
    "cases:pupil_import": Entry(expect={"ib_a": 200, "ib_b": 200}, default=403, logs_access=False),  # upload form
    "cases:pupil_detail": Entry(expect=each(PUPIL_SEEN, 200), kwargs=pupil_kwargs),
    "cases:pupil_edit": Entry(expect={"director_a": 403, "ib_a": 200, "teacher_a": 403}, kwargs=pupil_kwargs),
    "cases:pupil_left": Entry(
        expect={"director_a": 403, "ib_a": 302, "teacher_a": 403}, kwargs=pupil_kwargs, method="POST"
    ),
    "cases:consent_add": Entry(expect={"director_a": 200, "ib_a": 200, "teacher_a": 403}, kwargs=pupil_kwargs),
    "cases:consent_history": Entry(expect=each(PUPIL_SEEN, 200), kwargs=pupil_kwargs),
    "cases:consent_form_pdf": Entry(expect={"director_a": 200, "ib_a": 200, "teacher_a": 403}, kwargs=pupil_kwargs),
    "cases:consent_withdraw": Entry(
        expect={"director_a": 200, "ib_a": 200, "teacher_a": 403}, kwargs=lambda w: {"uuid": w.consent_a.uuid}
    ),
    "cases:consent_signed_form": Entry(
        expect={"director_a": 200, "ib_a": 200, "teacher_a": 403}, kwargs=lambda w: {"uuid": w.consent_a.uuid}
    ),
    # Directors read the submitted zorgformulieren (the list behind their dashboard's intakes).
    "cases:intake_list": Entry(expect=each([*INTAKE_DRAFTERS, "director_a", "director_b"], 200), default=403),
    "cases:intake_new": Entry(expect=each(INTAKE_DRAFTERS, 200), default=403),
    # The intake's pupil picker: only for those who may draft an intake (scoped per school).
    "cases:intake_pupil_search": Entry(expect=each(INTAKE_DRAFTERS, 200), default=403),
    "cases:intake_edit": Entry(
        # A draft is a working document: a director does not see it at all.
        expect={"ib_a": 200, "teacher_a": 200},
        kwargs=lambda w: {"uuid": w.intake_a.uuid},
    ),
    "cases:growth_document": Entry(expect=each(CASE_SEEN, 200), kwargs=pupil_kwargs),
    "cases:growth_goal_add": Entry(
        expect={**each(CASE_SEEN, 403), "ib_a": 200, "teacher_a": 200, "orthopedagogue_a": 200},
        kwargs=pupil_kwargs,
        method="POST",
    ),
    "cases:growth_goal_evaluate": Entry(
        expect={**each(CASE_SEEN, 403), "ib_a": 302, "teacher_a": 302, "orthopedagogue_a": 302},
        kwargs=lambda w: {"uuid": w.pupil_a.uuid, "goal_uuid": w.goal_a.uuid},
        method="POST",
    ),
    "cases:growth_document_pdf": Entry(
        expect={**each(CASE_SEEN, 403), "director_a": 200, "ib_a": 200}, kwargs=pupil_kwargs
    ),
    # Right of access: the log and the requests are for the school's IB and director; a teacher
    # who sees the pupil is refused (403), everyone else cannot tell the pupil exists (404).
    "cases:pupil_access_log": Entry(expect=ACCESS_HANDLERS, kwargs=pupil_kwargs),
    "cases:access_request_new": Entry(expect=ACCESS_HANDLERS, kwargs=pupil_kwargs),
    "cases:access_request_detail": Entry(expect=each(["director_a", "ib_a"], 200), kwargs=access_kwargs),
    "cases:access_request_extend": Entry(
        expect=each(["director_a", "ib_a"], 302),
        kwargs=access_kwargs,
        method="POST",
        data=lambda w: {"months": "1", "reason": "Veel stukken van meerdere jaren"},
    ),
    "cases:access_request_produce": Entry(
        expect=each(["director_a", "ib_a"], 302), kwargs=access_kwargs, method="POST"
    ),
    "cases:access_request_pdf": Entry(
        expect=each(["director_a", "ib_a"], 200), kwargs=lambda w: {"uuid": w.access_answered_a.uuid}
    ),
    "cases:access_request_zip": Entry(
        expect=each(["director_a", "ib_a"], 200), kwargs=lambda w: {"uuid": w.access_answered_a.uuid}
    ),
}
