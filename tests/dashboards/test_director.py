"""Director dashboard: true figures on a hand-built data set, scoped to one school and year."""

import csv
import io

from django.urls import reverse

from cases.models import CaseStatus
from ot_portal.core.models import AccessLog

URL = reverse("dashboards:director")


def rows(table):
    return {r.label: r.values for r in table.rows}


def test_figures_of_the_school_and_year(school_data, client_for):
    w = school_data
    response = client_for(w.users["director_a"]).get(URL)
    assert response.status_code == 200
    dash = response.context["dash"]
    status = rows(dash.table("cases_by_status"))
    # columns: group, pupil, OT, CLO, total
    assert status[str(CaseStatus.ACTIVE.label)] == [0, 0, 1, 0, 1]
    assert status[str(CaseStatus.REGISTERED.label)] == [0, 1, 0, 0, 1]
    assert status[str(CaseStatus.CLOSED.label)] == [
        0,
        0,
        1,
        0,
        1,
    ]  # closed in the year counts; closed before it does not
    assert dash.table("cases_by_status").footer.values[-1] == 3

    intakes = dash.table("intakes_per_month").rows
    assert intakes[0].values == [1]  # August: case 1
    assert intakes[1].values == [1]  # September: case 2
    assert sum(r.values[0] for r in intakes if isinstance(r.values[0], int)) == 2

    ot = rows(dash.table("ot_discussions"))
    assert ot["Mediaan aantal dagen van aanmelding tot eerste OT-bespreking"] == ["15,0"]
    assert ot["Besproken casussen in een OT-overleg"] == [2]
    assert ot["Besprekingen met geldige toestemming op die dag"] == [1]
    assert ot["Bij naam besproken"] == [1]
    assert ot["Aandeel besprekingen met geldige toestemming"] == ["50%"]

    # planned (not cancelled), held, still to come, date passed, cancelled
    assert [r.values[0] for r in dash.table("meetings").rows][:5] == [3, 2, 1, 0, 1]
    themes = dash.table("themes")
    assert themes.footer.values == [1]

    owners = rows(dash.table("actions_per_owner"))
    assert owners == {"Ib A": [2, 1], "Jeugdzorg Noord": [1, 1]}


def test_school_b_director_never_sees_school_a(school_data, client_for):
    w = school_data
    client = client_for(w.users["director_b"])
    own = client.get(URL).context["dash"]
    assert own.table("cases_by_status").footer.values[-1] == 1
    assert "School B" in own.subtitle
    foreign = client.get(URL, {"school": str(w.school_a.uuid)})
    assert foreign.status_code == 404
    assert AccessLog.objects.filter(user=w.users["director_b"], outcome="not_found").exists()
    for export in ("dashboards:director_csv", "dashboards:director_pdf"):
        assert client.get(reverse(export), {"school": str(w.school_a.uuid)}).status_code == 404


def test_bad_query_strings_are_404_not_500(school_data, client_for):
    client = client_for(school_data.users["director_a"])
    for query in ({"school": "not-a-uuid"}, {"year": "abc"}, {"year": "1999"}, {"year": "-1"}):
        assert client.get(URL, query).status_code == 404, query
    assert client.get(reverse("dashboards:director_csv"), {"table": "nope"}).status_code == 404


def test_year_choice_shows_that_year(school_data, client_for):
    from tests.factories.core import SchoolYearFactory

    w = school_data
    last = SchoolYearFactory(start_year=w.school_year.start_year - 1)
    dash = client_for(w.users["director_a"]).get(URL, {"year": last.start_year}).context["dash"]
    # only case 3 (opened last year, closed this August) and case 4 (closed in June) ran then
    assert dash.table("cases_by_status").footer.values[-1] == 2


def test_charts_have_table_alternatives(school_data, client_for):
    html = client_for(school_data.users["director_a"]).get(URL).content.decode()
    assert html.count('<svg class="dash-chart"') == 5  # statuses, intakes, actions, themes, CLO requests
    assert 'aria-hidden="true"' in html
    assert html.count('<table class="table') >= 4


def test_csv_export_is_logged_and_holds_the_tables(school_data, client_for):
    w = school_data
    response = client_for(w.users["director_a"]).get(reverse("dashboards:director_csv"), {"table": "actions_per_owner"})
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Open en te late acties per eigenaar"]
    assert ["Jeugdzorg Noord", "1", "1"] in lines
    assert AccessLog.objects.filter(
        user=w.users["director_a"], action="export", object_type="dashboard.director"
    ).exists()


def test_pdf_export(school_data, client_for):
    w = school_data
    response = client_for(w.users["director_a"]).get(reverse("dashboards:director_pdf"))
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(user=w.users["director_a"], action="export").exists()
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Casussen per status en zorgniveau" in text
