"""The admin covers the organisation only and is for functional administrators."""

from django.contrib import admin

from tests.world import PERSONAS


def test_no_pupil_or_case_data_in_the_admin():
    labels = {model._meta.app_label for model in admin.site._registry}
    assert not labels & {"cases", "meetings", "clo"}


def test_only_the_functional_administrator_reaches_the_admin(world, client_for):
    statuses = {}
    for persona in PERSONAS:
        response = client_for(world.users.get(persona)).get("/beheer/core/school/")
        statuses[persona] = response.status_code
    assert statuses.pop("functional_admin") == 200
    assert set(statuses.values()) == {302}, "everyone else is sent to the admin login"


def test_admin_change_is_audited(world, client_for):
    from auditlog.models import LogEntry

    client = client_for(world.users["functional_admin"])
    school = world.school_a
    response = client.post(
        f"/beheer/core/school/{school.pk}/change/",
        {
            "name": "School A2",
            "brin": school.brin,
            "location_number": "00",
            "board": school.board_id,
            "district": school.district_id,
            "team_roles-TOTAL_FORMS": "0",
            "team_roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(school).latest("timestamp")
    assert entry.actor == world.users["functional_admin"]
