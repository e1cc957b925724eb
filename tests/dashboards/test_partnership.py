"""Partnership dashboard: aggregates per board, district and school, no pupil-level data, small
counts suppressed so they cannot be worked out again."""

import csv
import io
import re
from datetime import timedelta

from django.urls import reverse

from cases.models import CaseStatus
from tests.factories.cases import CaseFactory, PupilFactory

URL = reverse("dashboards:partnership")


def make_cases(school, n, **kwargs):
    return [
        CaseFactory(
            pupil=PupilFactory(school=school, first_name="Geheim", last_name=f"Leerling{school.pk}x{i}"), **kwargs
        )
        for i in range(n)
    ]


def test_counts_and_suppression(org, extra_school, client_for):
    start = org.school_year.starts_on
    make_cases(org.school_a, 7, opened_on=start + timedelta(days=3))
    make_cases(extra_school, 9, opened_on=start + timedelta(days=3))
    make_cases(org.school_b, 12, opened_on=start + timedelta(days=3))
    make_cases(
        org.school_a,
        2,
        opened_on=start - timedelta(days=200),
        status=CaseStatus.CLOSED,
        closed_on=start + timedelta(days=2),
    )
    dash = client_for(org.users["swv_staff"]).get(URL).context["dash"]
    per_school = dash.table("per_school")
    new = per_school.columns.index("Nieuwe aanmeldingen")
    closed = per_school.columns.index("Casussen afgesloten")
    values = {r.label: r.values for r in per_school.rows}
    assert values["School A"][new] == 7
    assert values["School C"][new] == 9
    assert values["School B"][new] == 12
    assert per_school.footer.values[new] == 28
    assert values["School A"][closed] == "<5"
    # School C's 0 may show: board, district and partnership totals are all "<5" too, so A's
    # count stays anywhere from 1 to 4.
    assert values["School C"][closed] == 0
    assert per_school.footer.values[closed] == "<5"
    for table in dash.tables:
        for row in [*table.rows, *([table.footer] if table.footer else [])]:
            for v in row.values:
                assert not (isinstance(v, int) and 1 <= v <= 4), (table.key, row.label, v)


def test_no_pupil_level_data_in_page_csv_or_pdf(org, client_for):
    make_cases(org.school_a, 6)
    client = client_for(org.users["swv_staff"])
    html = client.get(URL).content.decode()
    csv_text = client.get(reverse("dashboards:partnership_csv")).content.decode("utf-8-sig")
    from ot_portal.core.pdf import render_to_pdf

    pdf_html, _pdf = render_to_pdf("dashboards/pdf/dashboard.html", {"dash": client.get(URL).context["dash"]})
    for text in (html, csv_text, pdf_html):
        assert "Geheim" not in text and "Leerling" not in text
        assert not re.search(r"/casussen/[0-9a-f-]{36}", text)


def test_csv_has_every_table(org, client_for):
    make_cases(org.school_a, 6)
    response = client_for(org.users["functional_admin"]).get(reverse("dashboards:partnership_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    titles = [r[0] for r in rows if len(r) == 1]
    assert titles == ["Per school", "Per schoolbestuur", "Per wijk of gemeente", "Ontwikkeling over schooljaren"]


def test_school_staff_and_committee_cannot_open_it(org, client_for):
    for persona in ("ib_a", "director_a", "clo_secretary", "orthopedagogue_a"):
        assert client_for(org.users[persona]).get(URL).status_code == 403, persona


def test_unknown_partnership_is_404(org, client_for):
    import uuid

    client = client_for(org.users["swv_staff"])
    assert client.get(URL, {"partnership": str(uuid.uuid4())}).status_code == 404
    assert client.get(URL, {"partnership": "x"}).status_code == 404


def test_a_subtotal_cannot_give_a_small_school_count_away(org, extra_school, client_for):
    """School A has 2 closed cases and School C (same board and district) 9: the board total of
    11 would give A's 2 away from C's 9, so C (or the board figure) is hidden as well."""
    start = org.school_year.starts_on
    past = {
        "opened_on": start - timedelta(days=200),
        "status": CaseStatus.CLOSED,
        "closed_on": start + timedelta(days=2),
    }
    make_cases(org.school_a, 2, **past)
    make_cases(extra_school, 9, **past)
    make_cases(org.school_b, 8, **past)
    dash = client_for(org.users["swv_staff"]).get(URL).context["dash"]
    closed = dash.table("per_school").columns.index("Casussen afgesloten")
    school = {r.label: r.values[closed] for r in dash.table("per_school").rows}
    board = {r.label: r.values[closed] for r in dash.table("per_board").rows}
    assert school["School A"] == "<5"
    assert school["School C"] == "•" or board[str(org.school_a.board)] == "•"
