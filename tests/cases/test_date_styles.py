"""One date style per use (issue 12 item 5, issue 14 item 3): "1 dec. 2026" in prose,
"01-12-2026" in tables, nothing else on the case page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from cases.actions.services import action_create
from cases.casefile.services import case_note_add, case_set_next_evaluation
from cases.models import CaseNoteKind

pytestmark = pytest.mark.django_db

MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec|"
    "January|February|March|April|May|June|July|August|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
)
ANY_DATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"  # ISO
    r"|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b"  # numeric, any separator
    rf"|\b\d{{1,2}} (?:{MONTHS})\.?,? \d{{4}}\b",  # with a month name
    re.IGNORECASE,
)
PROSE = re.compile(r"^\d{1,2} (?:jan\.|feb\.|mrt\.|apr\.|mei|jun\.|jul\.|aug\.|sep\.|okt\.|nov\.|dec\.) \d{4}$")
TABLE = re.compile(r"^\d{2}-\d{2}-\d{4}$")


def test_the_case_page_shows_dates_in_two_styles_only(world, client_for):
    ib = world.users["ib_a"]
    case = world.case_a
    today = timezone.localdate()
    action_create(actor=ib, case=case, description="Gesprek plannen", due_on=today + timedelta(days=9), owner=ib)
    case_note_add(actor=ib, case=case, text="Gebeld met moeder.", kind=CaseNoteKind.PARENT_CONTACT, occurred_on=today)
    case_set_next_evaluation(actor=ib, case=case, on=today + timedelta(days=30))

    html = client_for(ib).get(reverse("cases:case_detail", kwargs={"uuid": case.uuid})).content.decode()
    text = " ".join(strip_tags(html).split())
    dates = [m.group(0) for m in ANY_DATE.finditer(text)]
    odd = [d for d in dates if not (PROSE.match(d) or TABLE.match(d))]
    assert odd == []
    assert any(PROSE.match(d) for d in dates) and any(TABLE.match(d) for d in dates)
