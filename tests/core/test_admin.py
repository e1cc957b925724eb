"""The admin covers the organisation only and is for functional administrators."""

from django.contrib import admin

from tests.world import PERSONAS

#: Configuration models of domain apps that hold no pupil data and may be administered.
CONFIGURATION_MODELS = {"clo.completenessrequirement"}


def test_no_pupil_or_case_data_in_the_admin():
    domain_models = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in {"cases", "meetings", "clo"}
    }
    assert domain_models <= CONFIGURATION_MODELS
    for label in domain_models:
        model = admin.site._registry and next(m for m in admin.site._registry if m._meta.label_lower == label)
        related = {
            f.related_model._meta.label_lower for f in model._meta.get_fields() if f.is_relation and f.related_model
        }
        assert not related & {"cases.pupil", "cases.case"}


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
