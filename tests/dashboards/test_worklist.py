"""IB worklist: my cases that need attention and my overdue actions, nobody else's."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus, GrowthDocument
from tests.factories.cases import ActionFactory, CaseFactory, ConsentFactory, PupilFactory

URL = reverse("dashboards:worklist")


def test_cases_needing_attention_with_reasons(org, client_for):
    ib = org.users["ib_a"]
    today = timezone.localdate()
    now = timezone.now()
    fine = CaseFactory(pupil=PupilFactory(school=org.school_a, first_name="Fien", last_name="Inorde"), lead=ib)
    ConsentFactory(pupil=fine.pupil, recorded_by=ib, valid_until=today + timedelta(days=200))
    quiet = CaseFactory(
        pupil=PupilFactory(school=org.school_a, first_name="Stan", last_name="Stil"),
        lead=ib,
        last_activity_at=now - timedelta(weeks=7),  # the partnership's default is 6 weeks
    )
    ConsentFactory(pupil=quiet.pupil, recorded_by=ib)
    late_eval = CaseFactory(
        pupil=PupilFactory(school=org.school_a, first_name="Eva", last_name="Evaluatie"),
        lead=ib,
        next_evaluation_on=today - timedelta(days=1),
    )
    ConsentFactory(pupil=late_eval.pupil, recorded_by=ib)
    CaseFactory(pupil=PupilFactory(school=org.school_a, first_name="Noor", last_name="Zondertoestemming"), lead=ib)
    expiring = CaseFactory(pupil=PupilFactory(school=org.school_a, first_name="Ezra", last_name="Verloopt"), lead=ib)
    ConsentFactory(pupil=expiring.pupil, recorded_by=ib, valid_until=today + timedelta(days=10))
    CaseFactory(  # closed cases need nothing
        pupil=PupilFactory(school=org.school_a, first_name="Gijs", last_name="Gesloten"),
        lead=ib,
        status=CaseStatus.CLOSED,
    )
    CaseFactory(  # someone else's case
        pupil=PupilFactory(school=org.school_a, first_name="Anna", last_name="Anderlead"), lead=org.users["director_a"]
    )
    opp = CaseFactory(pupil=PupilFactory(school=org.school_a, first_name="Otto", last_name="Opp"), lead=ib)
    ConsentFactory(pupil=opp.pupil, recorded_by=ib)
    GrowthDocument.objects.create(pupil=opp.pupil, has_opp=True, opp_next_evaluation_on=today - timedelta(days=3))
    no_opp = CaseFactory(pupil=PupilFactory(school=org.school_a, first_name="Olga", last_name="Zonderopp"), lead=ib)
    ConsentFactory(pupil=no_opp.pupil, recorded_by=ib)
    GrowthDocument.objects.create(pupil=no_opp.pupil, has_opp=False, opp_next_evaluation_on=today - timedelta(days=3))
    response = client_for(ib).get(URL)
    assert response.status_code == 200
    rows = {r.label: r.values[2] for r in response.context["dash"].table("attention").rows}
    assert set(rows) == {"Stan Stil", "Eva Evaluatie", "Noor Zondertoestemming", "Ezra Verloopt", "Otto Opp"}
    assert rows["Otto Opp"].startswith("evaluatiedatum OPP")
    assert rows["Stan Stil"].startswith("geen activiteit sinds")
    assert "evaluatiedatum" in rows["Eva Evaluatie"]
    assert rows["Noor Zondertoestemming"] == "geen geldige toestemming"
    assert rows["Ezra Verloopt"] == "toestemming verloopt binnen 30 dagen"


def test_my_overdue_actions_only(org, client_for):
    ib = org.users["ib_a"]
    today = timezone.localdate()
    case = CaseFactory(pupil=PupilFactory(school=org.school_a))
    ActionFactory(case=case, owner=ib, description="Bel ouders", due_on=today - timedelta(days=4))
    ActionFactory(case=case, owner=ib, description="Nog niet", due_on=today + timedelta(days=4))
    ActionFactory(
        case=case, owner=org.users["director_a"], description="Van een ander", due_on=today - timedelta(days=4)
    )
    table = client_for(ib).get(URL).context["dash"].table("overdue_actions")
    assert [(r.label, r.values[2]) for r in table.rows] == [("Bel ouders", 4)]


def test_ended_membership_has_no_worklist(org, client_for):
    assert client_for(org.users["ib_a_ended"]).get(URL).status_code == 403


def test_teacher_drafts_reach_the_ib_and_not_the_director(org, client_for):
    from cases.models import Intake

    pupil = PupilFactory(school=org.school_a, first_name="Wacht", last_name="Opib")
    Intake.objects.create(pupil=pupil, school=org.school_a, created_by=org.users["teacher_a"], reason="Zorgen")
    ib_table = client_for(org.users["ib_a"]).get(URL).context["dash"].table("intake_drafts")
    assert [r.label for r in ib_table.rows] == ["Wacht Opib"]
    director_page = client_for(org.users["director_a"]).get(URL)
    assert "intake_drafts" not in [t.key for t in director_page.context["dash"].tables]
    assert reverse("cases:intake_list") not in director_page.content.decode()
