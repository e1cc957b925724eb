"""Access log (append-only, written by the access helpers) and change log (no special-category text)."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from cases.models import Case
from ot_portal.core.access import get_for_user_or_404
from ot_portal.core.models import AccessLog


def request_for(user):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    return request


def test_allowed_view_refusal_and_not_found_are_logged(world):
    ib = world.users["ib_a"]
    visible = Case.objects.filter(school=world.school_a)
    get_for_user_or_404(request_for(ib), visible, object_type="case", uuid=world.case_a.uuid)
    with pytest.raises(PermissionDenied):
        get_for_user_or_404(
            request_for(ib), visible, object_type="case", allowed=lambda c: False, uuid=world.case_a.uuid
        )
    with pytest.raises(Http404):
        get_for_user_or_404(request_for(ib), visible, object_type="case", uuid=world.case_b.uuid)
    rows = list(AccessLog.objects.order_by("pk").values_list("object_id", "outcome", "ip_address"))
    assert rows == [
        (str(world.case_a.uuid), "allowed", "10.1.2.3"),
        (str(world.case_a.uuid), "refused", "10.1.2.3"),
        (str(world.case_b.uuid), "not_found", "10.1.2.3"),
    ]
    entry = AccessLog.objects.first()
    assert entry.user == ib and "ib@" in entry.roles


def test_access_log_cannot_be_edited_or_deleted(world):
    get_for_user_or_404(
        request_for(world.users["ib_a"]), Case.objects.all(), object_type="case", uuid=world.case_a.uuid
    )
    entry = AccessLog.objects.get()
    entry.outcome = "refused"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


def test_change_log_masks_free_text_in_full(world):
    from tests.factories.cases import ActionFactory

    action = ActionFactory(case=world.case_a, description="Moeder drinkt, vader in detentie")
    entry = LogEntry.objects.get_for_object(action).latest("timestamp")
    serialized = str(entry.changes)
    assert "drinkt" not in serialized and "detentie" not in serialized
    assert "[verwijderd]" in serialized


def test_organisation_changes_are_in_the_change_log(world):
    school = world.school_a
    school.name = "School A-nieuw"
    school.save()
    entry = LogEntry.objects.get_for_object(school).latest("timestamp")
    assert "School A-nieuw" in str(entry.changes)
