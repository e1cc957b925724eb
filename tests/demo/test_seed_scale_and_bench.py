"""seed_scale adds the scale data set once; bench prints every key page next to a bare page."""

from io import StringIO

from django.core.management import call_command

from cases.models import Action, Case, Pupil
from clo.models import Request
from meetings.models import Meeting
from ot_portal.core.models import School
from tests.demo_data import load_demo


def test_seed_scale_adds_once_and_bench_measures(db):
    load_demo()
    schools_before = School.objects.count()
    meetings_before, requests_before = Meeting.objects.count(), Request.objects.count()
    call_command("seed_scale", factor=0.01, stdout=StringIO())
    assert School.objects.count() == schools_before + 2  # at least two scale schools
    assert Pupil.objects.filter(pupil_number__startswith="S").count() == 120
    assert Case.objects.filter(pupil__pupil_number__startswith="S").count() == 200
    assert Action.objects.filter(description__startswith="Afspraak").count() == 1000
    assert Meeting.objects.count() == meetings_before + 20
    assert Request.objects.count() == requests_before + 15
    again = StringIO()
    call_command("seed_scale", factor=0.01, stdout=again)
    assert "nothing added" in again.getvalue()
    assert Case.objects.filter(pupil__pupil_number__startswith="S").count() == 200

    out = StringIO()
    call_command("bench", requests=2, small_factor=0, stdout=out)
    text = out.getvalue()
    assert "Bare page, signed in" in text
    header = next(line for line in text.splitlines() if line.startswith("page "))
    assert header.split()[:9] == ["page", "status", "queries", "q", "small", "median", "ms", "x", "bare"], header
    pages = (
        "IB case list",
        "Case page",
        "Director dashboard",
        "IB worklist",
        "CLO queue",
        "CLO request edit",
        "CLO dashboard",
        "Partnership dashboard",
        "Groeidocument PDF",
    )
    for label in pages:
        line = next(line for line in text.splitlines() if line.startswith(label))
        cells = line[len(label) :].split()
        assert cells[0] == "200", line
        float(cells[4])  # x bare
        if label == "Groeidocument PDF":
            float(cells[7])  # x weasy: the PDF next to WeasyPrint's own render
        else:
            float(cells[5])  # x admin: the page next to the admin changelist of its rows


def test_bench_yardsticks_are_not_routed_by_the_product(client, db):
    """The bare page and the bench's admin exist only in the bench command's own URLconf."""
    assert client.get("/__bench_bare__/").status_code == 404
    assert client.get("/__bench_admin__/cases/case/").status_code == 404
