"""Timeline events read in the reader's language, whoever wrote them and in whichever language
(issue 12, item 5); rows from before are parsed back into message and params by migration 0009."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation

from cases.actions.services import action_create
from cases.casefile.services import case_change_status, case_set_next_evaluation
from cases.models import CaseEvent, CaseStatus
from ot_portal.core.formats import date_prose

BEFORE = [("cases", "0008_one_open_case_per_pupil")]


@pytest.fixture(autouse=True)
def _language_restored():
    """A request in English leaves English active on this thread (as LocaleMiddleware did)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _page(client_for, user, case, language):
    client = client_for(user)
    user.language = ""
    user.save(update_fields=["language"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).content.decode()


@pytest.mark.django_db
def test_an_event_written_in_english_reads_dutch_for_a_dutch_reader_and_english_for_an_english_one(world, client_for):
    ib = world.users["ib_a"]
    case = world.case_a
    case.refresh_from_db()
    due = timezone.localdate() + timedelta(days=14)
    with translation.override("en"):
        if case.status == CaseStatus.REGISTERED:
            case = case_change_status(actor=ib, case=case, to_status=CaseStatus.ACTIVE)
        case_set_next_evaluation(actor=ib, case=case, on=due)
        action_create(actor=ib, case=case, description="Gesprek plannen", due_on=due, owner=ib)

    planned = CaseEvent.objects.filter(case=case, message="evaluation_planned").latest("at", "pk")
    assert planned.params == {"date": due.isoformat()}  # a code and a date, no sentence
    agreed = CaseEvent.objects.filter(case=case, message="action_agreed").latest("at", "pk")
    assert agreed.params == {"owner": ib.full_name, "due": due.isoformat()}

    with translation.override("nl"):
        dutch_date = date_prose(due)
    with translation.override("en"):
        english_date = date_prose(due)
    dutch = _page(client_for, ib, case, "nl")
    assert f"Volgende evaluatie gepland op {dutch_date}" in dutch
    assert f"Actie afgesproken voor {ib.full_name}, uiterlijk {dutch_date}" in dutch
    assert "Next evaluation planned" not in dutch and "Action agreed" not in dutch

    english = _page(client_for, ib, case, "en")
    assert f"Next evaluation planned on {english_date}" in english
    assert f"Action agreed for {ib.full_name}, due {english_date}" in english
    assert "Volgende evaluatie gepland" not in english


@pytest.mark.django_db
def test_the_writer_refuses_an_unknown_message(world):
    from cases.casefile.timeline import case_event_add

    with pytest.raises(ValueError):
        case_event_add(case=world.case_a, kind="status", message="no_such_message")


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_migration_turns_stacked_legacy_sentences_into_messages(org):
    from tests.factories.cases import CaseFactory

    case = CaseFactory(school=org.school_a)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldEvent = old_apps.get_model("cases", "CaseEvent")
    stacked = [
        ("cases", "Status: Registered → Active"),
        ("cases", "Status: Aangemeld → Actief"),
        ("cases", "Volgende evaluatie gepland op 01-12-2026"),
        ("cases", "Action changed: due date 01-12-2026, owner Jan Jansen (GGD)"),
        ("cases", "Toestemming gewijzigd (versie 3): niet meer: bespreking met naam, Jeugdverpleegkundige"),
        ("meetings", "Van de agenda gehaald van het OT-overleg van 03-02-2026. Reden: Verkeerde leerling gekozen"),
        ("meetings", "On the agenda of the OT meeting of 03-02-2026 (anonymously)"),
        ("clo", "TLV speciaal onderwijs (SO) (CLO-2026-001): besluit CLO-B-1: Toegekend"),
        ("cases", "Besproken in OT"),
    ]
    ids = [
        OldEvent.objects.create(case_id=case.pk, kind="status", summary=text, source_app=app).pk
        for app, text in stacked
    ]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    events = CaseEvent.objects.in_bulk(ids)
    rows = [(events[pk].message, events[pk].params) for pk in ids]
    assert rows == [
        ("status_changed", {"old": "registered", "new": "active"}),
        ("status_changed", {"old": "registered", "new": "active"}),
        ("evaluation_planned", {"date": "2026-12-01"}),
        ("action_changed", {"due": "2026-12-01", "owner": "Jan Jansen (GGD)"}),
        ("consent_changed", {"version": 3, "lost": ["named", "youth_nurse"]}),
        ("agenda_removed", {"anonymous": False, "date": "2026-02-03", "reason": "Verkeerde leerling gekozen"}),
        ("agenda_added", {"anonymous": True, "date": "2026-02-03"}),
        (
            "clo_request",
            {"request_kind": "tlv_so", "reference": "CLO-2026-001", "step": "decision", "number": "CLO-B-1"}
            | {"outcome": "granted"},
        ),
        ("legacy", {"text": "Besproken in OT"}),
    ]
    with translation.override("nl"):
        texts = [events[pk].text for pk in ids]
    assert texts[0] == texts[1] == "Status: Aangemeld → Actief"
    assert texts[2] == f"Volgende evaluatie gepland op {date_prose(date(2026, 12, 1))}"
    assert texts[4] == "Toestemming gewijzigd (versie 3): niet meer: bespreking met naam, Jeugdverpleegkundige"
    assert texts[-1] == "Besproken in OT"  # kept as written
    with translation.override("en"):
        assert events[ids[1]].text == "Status: Registered → Active"
        assert events[ids[7]].text == "TLV special school (SO) (CLO-2026-001): decision CLO-B-1: Granted"
        assert events[ids[-1]].text == "Besproken in OT"
