"""Partnership dashboard: aggregates per board, district and school, no pupil-level data, small
counts suppressed so they cannot be worked out again."""

import csv
import io
import re
from datetime import timedelta
from html import unescape

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from cases.models import CaseStatus
from ot_portal.core.models import School
from ot_portal.dashboards.partnership import Unit
from tests.dashboards.attack import assert_protected
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
    new = per_school.columns.index("Casussen geopend")
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


def _cells(html: str, key: str) -> list[str]:
    """The text of every data cell of one table in rendered HTML, in order."""
    block = re.search(rf'<table[^>]*data-table="{key}".*?</table>', html, re.S).group(0)
    return [unescape(re.sub(r"<[^>]+>", "", c).strip()) for c in re.findall(r"<td[^>]*>(.*?)</td>", block, re.S)]


def test_exports_publish_nothing_the_page_hides(org, extra_school, client_for):
    """Page, CSV and PDF show the same text in every cell of every table: a cell the page hides
    as <5 or • is hidden in both exports, and no export adds a figure of its own."""
    from ot_portal.core.pdf import render_to_pdf

    start = org.school_year.starts_on
    make_cases(org.school_a, 2, opened_on=start + timedelta(days=3))
    make_cases(extra_school, 9, opened_on=start + timedelta(days=3))
    make_cases(org.school_b, 12, opened_on=start + timedelta(days=3))
    client = client_for(org.users["swv_staff"])
    response = client.get(URL)
    dash = response.context["dash"]
    html = response.content.decode()
    pdf_html, _pdf = render_to_pdf("dashboards/pdf/dashboard.html", {"dash": dash})
    csv_rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("dashboards:partnership_csv")).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    hidden = 0
    for table in dash.tables:
        page_cells = _cells(html, table.key)
        assert _cells(pdf_html, table.key) == page_cells, table.key
        start_at = csv_rows.index([table.title]) + 1
        segment = csv_rows[start_at:]
        segment = segment[: next((i for i, r in enumerate(segment) if not r), len(segment))]
        labels = {r.label for r in [*table.rows, *([table.footer] if table.footer else [])]}
        data = [r for r in segment if r[0] in labels]
        csv_cells = [v for r in data for v in r[1:]]
        assert csv_cells == page_cells, table.key
        hidden += sum(v in ("<5", "•") for v in page_cells)
    assert hidden  # the data set has small counts, so something was hidden


def test_het_kompas_case_through_the_page(org, extra_school, client_for):
    """The case of issue 15 on the real page: 8 cases at one school, 4 at OT level and 4 at CLO
    level; 15 at the other, 9 and 6. Both small counts stay hidden and neither the OT nor the CLO
    column gives them away: at least one more cell of each is hidden at the other school."""
    from cases.models import CareLevel

    org.school_a.name = "Het Kompas"
    org.school_a.save()
    extra_school.name = "De Zonnebloem"
    extra_school.save()
    start = org.school_year.starts_on
    for school, ot, clo, other in ((org.school_a, 4, 4, 0), (extra_school, 9, 6, 0)):
        make_cases(school, ot, opened_on=start + timedelta(days=3), care_level=CareLevel.OT)
        make_cases(school, clo, opened_on=start + timedelta(days=3), care_level=CareLevel.CLO)
    dash = client_for(org.users["swv_staff"]).get(URL).context["dash"]
    table = dash.table("per_school")
    cols = {c: i for i, c in enumerate(table.columns)}
    values = {r.label: r.values for r in table.rows}
    ot, clo, running = cols["Op OT-niveau"], cols["Op CLO-niveau"], cols["Casussen open in het jaar"]
    assert values["Het Kompas"][ot] == "<5" and values["Het Kompas"][clo] == "<5"
    assert values["De Zonnebloem"][running] != 15 or "•" in (values["De Zonnebloem"][ot], values["De Zonnebloem"][clo])
    schools = [
        Unit(s.pk, s.name, s.board_id, s.board.name, s.district_id, s.district.name)
        for s in School.objects.filter(board__partnership=org.partnership).select_related("board", "district")
    ]
    ranges = assert_protected(dash.tables, schools, start_year=org.school_year.start_year)
    assert ranges[("per_school", "Het Kompas", ot)] == (1, 4)
    assert ranges[("per_school", "Het Kompas", clo)] == (1, 4)


def test_a_repeat_view_reuses_the_audit_and_new_counts_are_audited_again(org, extra_school, client_for, monkeypatch):
    """The audit's result is kept under a digest of its input: the same figures cost no solver on
    the next view (page or export), different figures are audited afresh, and both show exactly
    what a fresh audit shows."""
    from ot_portal.dashboards import partnership, suppression

    calls = []
    real = suppression.suppress

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(suppression, "suppress", counted)
    start = org.school_year.starts_on
    make_cases(org.school_a, 3, opened_on=start + timedelta(days=3))
    make_cases(extra_school, 9, opened_on=start + timedelta(days=3))
    client = client_for(org.users["swv_staff"])
    first = client.get(URL).context["dash"]
    audited = len(calls)
    assert audited  # every school year shown, audited once
    again = client.get(URL).context["dash"]
    client.get(reverse("dashboards:partnership_csv"))
    assert len(calls) == audited  # nothing new to audit
    assert [(t.key, [r.values for r in t.rows]) for t in again.tables] == [
        (t.key, [r.values for r in t.rows]) for t in first.tables
    ]
    make_cases(org.school_a, 1, opened_on=start + timedelta(days=4))
    changed = client.get(URL).context["dash"]
    assert len(calls) == audited + 1  # only the year whose figures changed
    cached_keys = []
    monkeypatch.setattr(partnership.cache, "get_many", lambda keys: cached_keys.extend(keys) or {})
    fresh = client.get(URL).context["dash"]
    assert cached_keys
    assert [(t.key, [r.values for r in t.rows]) for t in fresh.tables] == [
        (t.key, [r.values for r in t.rows]) for t in changed.tables
    ]


def test_figures_are_kept_for_the_set_minutes_and_the_page_says_when_they_were_counted(
    org, extra_school, client_for, settings
):
    """The policy officer's second view within the set minutes shows the same figures without
    counting the partnership again; the page and its PDF say when they were counted and when they
    are counted again. After the minutes (here: the cache emptied) a new case is counted."""
    settings.OT_PARTNERSHIP_FIGURES_SECONDS = 10 * 60
    start = org.school_year.starts_on
    make_cases(org.school_a, 6, opened_on=start + timedelta(days=3))
    make_cases(extra_school, 9, opened_on=start + timedelta(days=3))
    client = client_for(org.users["swv_staff"])
    first = client.get(URL)
    new = first.context["dash"].table("per_school").columns.index("Casussen geopend")

    def opened(response):
        return {r.label: r.values[new] for r in response.context["dash"].table("per_school").rows}["School A"]

    assert opened(first) == 6
    note = re.search(r'data-testid="figures-read-at">([^<]*)<', first.content.decode())
    said = r"Cijfers geteld om \d\d:\d\d; ze worden na 10 minuten opnieuw geteld\."
    assert note and re.fullmatch(said, note[1])
    make_cases(org.school_a, 1, opened_on=start + timedelta(days=4))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL)
    assert opened(again) == 6
    assert not [q["sql"] for q in queries if "cases_case" in q["sql"] or "cases_action" in q["sql"]]
    pdf = client.get(reverse("dashboards:partnership_pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert re.search(said, " ".join(text.split()))
    cache.clear()
    assert opened(client.get(URL)) == 7
