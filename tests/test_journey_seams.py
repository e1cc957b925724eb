"""The seams the browser journeys found (issue 10, item 11), each closed by a link or a return:
consent recorded from the case page comes back to the case; the case page offers the next OT
meetings to put it on, with the case chosen; the groeidocument and the consent page lead back to
the pupil's cases; the CLO request leads school staff back to its case."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.cases import CaseFactory, EnrolmentFactory, PupilFactory
from tests.factories.meetings import MeetingFactory

pytestmark = pytest.mark.django_db


def case_url(case):
    return reverse("cases:case_detail", kwargs={"uuid": case.uuid})


def _consent_post(world, pupil, **extra):
    guardian = pupil.guardians.filter(has_authority=True).first()
    data = {
        "version": "",
        "discuss_in_ot": "on",
        "disciplines": ["social_team"],
        f"answer_{guardian.pk}": "yes",
        "given_on": timezone.localdate().isoformat(),
        "method": "verbal",
    }
    data.update(extra)
    return data


def test_consent_from_the_case_page_returns_to_the_case(world, client_for):
    client = client_for(world.users["ib_a"])
    pupil = world.case_a.pupil
    html = client.get(case_url(world.case_a)).content.decode()
    add = reverse("cases:consent_add", kwargs={"uuid": pupil.uuid})
    assert f'href="{add}?casus={world.case_a.uuid}"' in html
    form = client.get(f"{add}?casus={world.case_a.uuid}").content.decode()
    assert f'href="{case_url(world.case_a)}">Annuleren' in form
    withdraw = reverse("cases:consent_withdraw", kwargs={"uuid": world.consent_a.uuid})
    assert f'href="{withdraw}?casus={world.case_a.uuid}"' in html
    data = {
        "version": world.consent_a.version,
        "scope": "social_team",
        "withdrawn_on": timezone.localdate().isoformat(),
        "reason": "Ouders willen het niet meer",
    }
    response = client.post(f"{withdraw}?casus={world.case_a.uuid}", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == case_url(world.case_a)


@pytest.mark.parametrize("casus", ["not-a-uuid", "other-pupils-case"])
def test_a_case_that_is_not_the_pupils_is_ignored(world, client_for, casus):
    """Only a case of this pupil is a way back; anything else leads to the pupil page, as before."""
    client = client_for(world.users["ib_a"])
    pupil = world.case_a.pupil
    other = CaseFactory(pupil=PupilFactory(school=world.school_a))
    value = other.uuid if casus == "other-pupils-case" else casus
    withdraw = reverse("cases:consent_withdraw", kwargs={"uuid": world.consent_a.uuid})
    form = client.get(f"{withdraw}?casus={value}").content.decode()
    assert case_url(other) not in form
    data = {
        "version": world.consent_a.version,
        "scope": "social_team",
        "withdrawn_on": timezone.localdate().isoformat(),
        "reason": "Ouders willen het niet meer",
    }
    response = client.post(f"{withdraw}?casus={value}", data)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:pupil_detail", kwargs={"uuid": pupil.uuid})


def test_case_page_offers_the_next_meetings_with_the_case_chosen(world, client_for):
    pupil = PupilFactory(school=world.school_a, first_name="Hugo", last_name="Naad")
    EnrolmentFactory(pupil=pupil, school_year=world.school_year, group=world.group_a)
    case = CaseFactory(pupil=pupil)
    today = timezone.localdate()
    soon = MeetingFactory(plan=world.plan_a, date=today + timedelta(days=3))
    past = MeetingFactory(plan=world.plan_a, date=today - timedelta(days=3))
    cancelled = MeetingFactory(plan=world.plan_a, date=today + timedelta(days=4), status="cancelled")
    client = client_for(world.users["ib_a"])
    html = client.get(case_url(case)).content.decode()
    add = reverse("meetings:item_add", kwargs={"uuid": soon.uuid})
    assert f'href="{add}?casus={case.uuid}"' in html
    for meeting in (past, cancelled):
        assert reverse("meetings:item_add", kwargs={"uuid": meeting.uuid}) not in html
    form = client.get(f"{add}?casus={case.uuid}").content.decode()
    assert f'<option value="{case.uuid}" selected>' in form
    # Once it is on that agenda, that meeting is no longer offered.
    response = client.post(add, {"case": str(case.uuid), "question": "Wat nu?"})
    assert response.status_code == 302
    assert f"{add}?casus=" not in client.get(case_url(case)).content.decode()


def test_who_may_not_plan_is_offered_no_meeting(world, client_for):
    MeetingFactory(plan=world.plan_a, date=timezone.localdate() + timedelta(days=3))
    html = client_for(world.users["teacher_a"]).get(case_url(world.case_a)).content.decode()
    assert 'data-testid="hub-plan-link"' not in html
    # An unknown or foreign case in the link chooses nothing.
    meeting = MeetingFactory(plan=world.plan_a, date=timezone.localdate() + timedelta(days=5))
    add = reverse("meetings:item_add", kwargs={"uuid": meeting.uuid})
    form = client_for(world.users["ib_a"]).get(f"{add}?casus={world.case_b.uuid}").content.decode()
    select = form.split('name="case"', 1)[1].split("</select>", 1)[0]
    assert 'value="" selected>' in select and str(world.case_b.uuid) not in select


def test_growth_document_and_consent_page_lead_back_to_the_cases(world, client_for):
    pupil = world.case_a.pupil
    for name in ("growth_document", "consent_history"):
        url = reverse(f"cases:{name}", kwargs={"uuid": pupil.uuid})
        html = client_for(world.users["ib_a"]).get(url).content.decode()
        assert 'data-testid="pupil-case-links"' in html and case_url(world.case_a) in html
    # An external sees the groeidocument of her granted case and the way back to that case only.
    url = reverse("cases:growth_document", kwargs={"uuid": pupil.uuid})
    html = client_for(world.users["social_team_a"]).get(url).content.decode()
    assert case_url(world.case_a) in html
    assert 'href="{}"'.format(reverse("cases:pupil_detail", kwargs={"uuid": pupil.uuid})) not in html


def test_clo_request_leads_school_staff_back_to_the_case(world, client_for):
    url = reverse("clo:request_detail", kwargs={"uuid": world.clo_request_a.uuid})
    ib = client_for(world.users["ib_a"]).get(url).content.decode()
    assert 'data-testid="request-case-link"' in ib and case_url(world.clo_request_a.case) in ib
    secretary = client_for(world.users["clo_secretary"]).get(url).content.decode()
    assert 'data-testid="request-case-link"' not in secretary
    assert case_url(world.clo_request_a.case) not in secretary
