"""The demo data set: every state the issue names, and the social-team worker's exact reach."""

import pytest
from django.core.management import call_command

from cases.casefile.selectors import case_list_for_user
from cases.casefile.workflow import OPEN_STATUSES
from cases.consent.selectors import consent_in_force
from cases.consent.services import consent_missing_authority_holders
from cases.models import Action, Case, CaseStatus, Consent, GrowthDocument, Intake, Intervention, Pupil
from ot_portal.core.models import School, User
from tests.demo_data import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    load_demo()


def test_demo_covers_every_state_and_is_idempotent(seeded):
    counts = (Pupil.objects.count(), Case.objects.count(), Action.objects.count(), Consent.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Pupil.objects.count(), Case.objects.count(), Action.objects.count(), Consent.objects.count()) == counts
    for school in School.objects.filter(name__in=["De Zonnebloem", "Het Kompas"]):
        assert 25 <= school.pupils.count() <= 35
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert Action.objects.overdue().exists() and Action.objects.filter(status="done").exists()
    assert Action.objects.open().filter(owner__isnull=True).exclude(external_owner_email="").exists()
    assert Intervention.objects.exists()
    assert Intake.objects.filter(status="draft").exists()
    assert Consent.objects.filter(withdrawn_on__isnull=False).exists()
    assert any(len(c.disciplines) == 6 for c in Consent.objects.all())
    assert any(0 < len(c.disciplines) < 6 for c in Consent.objects.all())
    assert any(consent_missing_authority_holders(c) for c in Consent.objects.filter(withdrawn_on__isnull=True))
    assert Case.objects.exclude(pupil__consents__isnull=False).exists()  # consent missing
    long_docs = [d for d in GrowthDocument.objects.all() if d.goals.count() >= 5 and len(d.educational_needs) > 500]
    assert len(long_docs) >= 3


def test_social_team_worker_reaches_exactly_the_cases_consent_covers(seeded):
    worker = User.objects.get(email="sociaalteam@zonnebloem.demo")
    reached = set(case_list_for_user(user=worker).values_list("pk", flat=True))
    covered = set()
    for case in Case.objects.filter(school__name="De Zonnebloem", status__in=OPEN_STATUSES):
        consent = consent_in_force(pupil=case.pupil)
        if consent and consent.covers("social_team"):
            covered.add(case.pk)
    assert reached == covered
    assert len(reached) >= 1


def _pdf_pages(response) -> int:
    import io

    import pypdf

    assert response.status_code == 200, (response.status_code, response.get("Location"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF-")
    return len(pypdf.PdfReader(io.BytesIO(body), strict=True).pages)


def test_demo_holds_an_object_of_every_kind_a_page_shows(seeded, client_for):
    """Issue 10, item 8: every page can be reached by clicking, so the demo has something for each."""
    from django.urls import reverse
    from django.utils import timezone

    from cases.models import Attachment, ConsentMethod
    from clo import selectors as clo_selectors
    from clo.models import Decision, Objection, ThirdPartyReport
    from meetings.models import ItemMinutes, Meeting, MeetingStatus, MinutesCorrection
    from ot_portal.demo.school_calendar import school_day_on_or_before

    ib = client_for(User.objects.get(email="ib@zonnebloem.demo"))
    # An attachment on a case and a signed consent form, both real PDFs the IB can open.
    attachment = Attachment.objects.filter(is_third_party_report=False, case__school__name="De Zonnebloem").first()
    assert attachment is not None
    assert _pdf_pages(ib.get(reverse("cases:attachment_download", args=[attachment.uuid]))) == 1
    signed = Consent.objects.filter(method=ConsentMethod.SIGNED_FORM, pupil__school__name="De Zonnebloem").exclude(
        signed_form=""
    )
    assert signed.exists() and Consent.objects.filter(method=ConsentMethod.VERBAL).exists()
    assert _pdf_pages(ib.get(reverse("cases:consent_signed_form", args=[signed.first().uuid]))) == 1
    # An expert's advice still pending, on her home page.
    expert = User.objects.get(email="deskundige@clo.demo")
    pending = clo_selectors.awaiting_my_advice(user=expert)
    assert pending
    home = client_for(expert).get("/").content.decode()
    assert reverse("clo:advice_create", args=[pending[0].uuid]) in home
    # A third-party report with its file, covered by consent, that the secretary can download.
    reports = [
        r
        for r in ThirdPartyReport.objects.exclude(attachment=None)
        .exclude(request__received_on=None)  # submitted: the committee sees it
        .select_related("request__case__pupil")
        if r in clo_selectors.covered_reports(request=r.request)
    ]
    assert reports
    secretary = client_for(User.objects.get(email="secretaris@clo.demo"))
    assert _pdf_pages(secretary.get(reverse("clo:report_download", args=[reports[0].uuid]))) == 1
    # OT meetings: today's still planned, one held with minutes waiting for approval, an approved
    # one with a correction; minutes of a case item (the parents' summary).
    last_school_day = school_day_on_or_before(timezone.localdate())
    for school in ("De Zonnebloem", "Het Kompas"):
        assert Meeting.objects.filter(
            school__name=school, date=last_school_day, status=MeetingStatus.PLANNED
        ).exists(), school
    assert Meeting.objects.filter(status=MeetingStatus.HELD, items__minutes__isnull=False).exists()
    assert MinutesCorrection.objects.filter(meeting__status=MeetingStatus.APPROVED).exists()
    assert ItemMinutes.objects.exists()
    # The CLO's decisions and an objection against one of them.
    assert Decision.objects.exists() and Objection.objects.exists()
