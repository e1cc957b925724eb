"""Director dashboard: true figures on a hand-built data set, scoped to one school and year."""

import csv
import io
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from ot_portal.core.models import AccessLog
from tests.dashboards.conftest import held_meeting
from tests.factories.cases import CaseFactory, PupilFactory

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
    assert intakes[0].values == [1]  # August: case 1's zorgformulier
    assert intakes[1].values == [0]  # September: case 2 was opened without one; a draft is no intake
    assert sum(r.values[0] for r in intakes if isinstance(r.values[0], int)) == 1
    assert dash.table("intakes_per_month").title == "Aanmeldingen (ingediende zorgformulieren) per maand"

    ot = rows(dash.table("ot_discussions"))
    assert ot["Mediaan aantal dagen van aanmelding tot eerste OT-bespreking"] == ["15,0"]
    assert ot["Casussen in deze mediaan (n)"] == [2]
    assert ot["Weggelaten: nog niet besproken"] == [0]
    assert ot["Weggelaten: alleen besproken vóór de openingsdatum"] == [0]
    assert ot["Besproken casussen in een OT-overleg"] == [2]
    assert ot["Bij naam besproken"] == [1]
    assert ot["Anoniem besproken"] == [1]
    assert ot["Besprekingen bij naam met geldige toestemming op die dag"] == [1]
    # The anonymous discussion needs no consent, so it is not in the denominator.
    assert ot["Aandeel besprekingen bij naam met geldige toestemming"] == ["100%"]

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


def test_consent_coverage_follow_through_and_the_lists_behind_them(school_data, client_for):
    """Consent of the pupils with an open case (in force / waiting / none), actions done and TLVs
    granted this school year; the TLV figure links to the request list, which counts the same rows."""
    from cases.consent.services import consent_record
    from cases.models import ConsentMethod
    from tests.factories.cases import GuardianFactory
    from tests.factories.clo import make_decided

    w = school_data
    ib = w.users["ib_a"]
    waiting = CaseFactory(pupil=PupilFactory(school=w.school_a), status=CaseStatus.ACTIVE, lead=ib)
    mother = GuardianFactory(pupil=waiting.pupil)
    GuardianFactory(pupil=waiting.pupil, relation="vader")
    # Only the mother answered: with two holders of authority nothing is in force yet.
    consent = consent_record(
        actor=ib,
        pupil=waiting.pupil,
        guardians=[mother],
        given_on=timezone.localdate(),
        method=ConsentMethod.VERBAL,
        disciplines=["social_team"],
    )
    assert not consent.named_in_force and not consent.shared_with  # the cases app's own decision
    make_decided(w, case=w.cases["c1"])

    client = client_for(w.users["director_a"])
    dash = client.get(URL).context["dash"]
    coverage = dash.table("consent_coverage")
    # c1: consent in force, no guardian on record who has not agreed; c2: none; the new case
    # waits for the father. Closed c3 does not count.
    assert rows(coverage) == {"Van kracht": [1], "Wacht op een ouder": [1], "Geen van kracht": [1]}
    assert coverage.footer.values == [3]

    follow = {r.label: r for r in dash.table("follow_through").rows}
    assert follow["Acties afgerond"].values == [1]  # c2's action, done today
    tlv = follow["TLV's toegekend"]
    assert tlv.values == [1]
    listed = client.get(tlv.link)
    assert listed.status_code == 200
    assert len(listed.context["requests"]) == tlv.values[0]
    assert "TLV is toegekend" in listed.content.decode()


def test_median_says_what_it_left_out(school_data, client_for):
    """A case whose only discussion is dated before its opening date is left out of the median
    and counted apart, as is a case not discussed yet."""
    w = school_data
    start = w.school_year.starts_on
    early = CaseFactory(pupil=PupilFactory(school=w.school_a), opened_on=start + timedelta(days=70))
    held_meeting(w.school_a, start + timedelta(days=50), early)
    CaseFactory(pupil=PupilFactory(school=w.school_a), opened_on=start + timedelta(days=71))
    ot = rows(client_for(w.users["director_a"]).get(URL).context["dash"].table("ot_discussions"))
    assert ot["Casussen in deze mediaan (n)"] == [2]
    assert ot["Weggelaten: alleen besproken vóór de openingsdatum"] == [1]
    assert ot["Weggelaten: nog niet besproken"] == [1]


def test_every_figure_has_its_definition_on_the_page_and_in_the_csv(school_data, client_for):
    client = client_for(school_data.users["director_a"])
    dash = client.get(URL).context["dash"]
    html = client.get(URL).content.decode()
    lines = list(
        csv.reader(
            io.StringIO(client.get(reverse("dashboards:director_csv")).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    for table in dash.tables:
        assert table.definition, table.key
        assert table.definition in html.replace("&#x27;", "'")
        assert ["Definitie", table.definition] in lines, table.key


# --- Every linked figure counts the rows of the list behind its link ------------------------------

LIST_ROWS = re.compile(
    r'data-testid="(?:case|intake|action|action-list|meeting|theme|discussion)-row"|<td data-testid="pupil-name">'
)


def listed_rows(client, link):
    """Follow a figure's link as the director would and count the rows the list shows."""
    response = client.get(link)
    assert response.status_code == 200, link
    html = response.content.decode()
    page = response.context.get("page")
    shown = len(LIST_ROWS.findall(html))
    if page is not None:
        assert page.paginator.num_pages == 1, "the test data must fit on one page"
        assert shown == page.paginator.count
    return shown


def linked_figures(dash):
    """(table key, row label, figure, link) of every row and footer with a link and one number,
    and of every single value with a link of its own (e.g. an owner's open and overdue actions)."""
    for table in dash.tables:
        for row in [*table.rows, *([table.footer] if table.footer else [])]:
            if row.link:
                yield table.key, row.label, row.values[-1], row.link
            for column, value, link in zip(table.columns, row.values, row.value_links, strict=False):
                if link:
                    yield table.key, f"{row.label} / {column}", value, link


def more_figures(w):
    """Beyond `school_data`: a meeting that discussed both cases by name (c2 without consent), so
    cases, discussions and each kind differ; a planned meeting whose date passed; theme discussions
    of two topics (one at the cancelled meeting, which does not count); a decided and an open CLO request."""
    from meetings.models import Meeting, MeetingStatus, ThemeDiscussion, ThemeTopic
    from tests.factories.clo import make_decided, make_request

    start, today = w.school_year.starts_on, timezone.localdate()
    again = held_meeting(w.school_a, start + timedelta(days=20), w.cases["c1"], w.cases["c2"])
    ThemeDiscussion.objects.create(meeting=again, topic=ThemeTopic.SOCIAL_MEDIA, title="Groepsapps")
    ThemeDiscussion.objects.create(meeting=again, topic=ThemeTopic.SOCIAL_SAFETY)
    cancelled = Meeting.objects.get(school=w.school_a, status=MeetingStatus.CANCELLED)
    ThemeDiscussion.objects.create(meeting=cancelled, topic=ThemeTopic.SOCIAL_MEDIA)
    held_meeting(w.school_a, max(start, today - timedelta(days=3)), status=MeetingStatus.PLANNED)
    make_decided(w, case=w.cases["c1"])
    make_request(w, case=w.cases["c2"])


def test_every_linked_figure_counts_the_rows_of_its_list(school_data, client_for):
    """Each number that links to a list (cases per status, intakes per month and in the year,
    consent coverage per state, actions done, TLVs granted, meetings per state, theme discussions
    per topic, each owner's open and overdue actions, each kind of OT discussion, CLO requests per
    status) equals the rows that list shows."""
    w = school_data
    more_figures(w)
    client = client_for(w.users["director_a"])
    dash = client.get(URL).context["dash"]
    figures = list(linked_figures(dash))
    keys = {key for key, *_ in figures}
    assert keys == {
        "cases_by_status",
        "intakes_per_month",
        "actions_per_owner",
        "ot_discussions",
        "meetings",
        "themes",
        "consent_coverage",
        "follow_through",
        "clo_requests",
    }
    for key, label, value, link in figures:
        assert value == listed_rows(client, link), (key, label, link)
    # The data set makes every kind of list non-empty at least once, and the kinds differ.
    value = {(key, label): v for key, label, v, _link in figures}
    assert value[("intakes_per_month", "Totaal")] == 1
    assert all(v for k, label, v, _ in figures if k == "follow_through")
    assert [v for k, _label, v, _ in figures if k == "meetings"] == [5, 3, 1, 1, 1]
    assert value[("themes", "Totaal")] == 3  # the cancelled meeting's theme discussion does not count
    ot = {label: v for (k, label), v in value.items() if k == "ot_discussions"}
    assert list(ot.values()) == [2, 4, 3, 1, 2]  # cases, discussions, by name, anonymously, with consent
    assert value[("actions_per_owner", "Ib A / Open")] == 2
    assert value[("actions_per_owner", "Jeugdzorg Noord / Te laat")] == 1
    assert sum(v for k, _label, v, _ in figures if k == "clo_requests") == 4  # the rows and the total


def test_anonymous_discussions_never_name_the_pupil(school_data, client_for):
    """The discussion list behind the director's figures shows an anonymous discussion by its
    meeting only: no pupil name, no case link, and no access-log row for that pupil."""
    w = school_data
    client = client_for(w.users["director_a"])
    ot = {r.label: r for r in client.get(URL).context["dash"].table("ot_discussions").rows}
    anonymous = client.get(ot["Anoniem besproken"].link)
    html = anonymous.content.decode()
    assert listed_rows(client, ot["Anoniem besproken"].link) == 1
    assert "Wout" not in html and "Tweemaal" not in html
    assert reverse("cases:case_detail", kwargs={"uuid": w.cases["c2"].uuid}) not in html
    assert "Anonieme casus" in html
    assert not AccessLog.objects.filter(
        user=w.users["director_a"], object_type="meetings.agendaitem", pupil_key=w.cases["c2"].pupil.uuid
    ).exists()
    named = client.get(ot["Bij naam besproken"].link).content.decode()
    assert "Vera Eenmaal" in named and "Wout" not in named
    assert AccessLog.objects.filter(
        user=w.users["director_a"], object_type="meetings.agendaitem", pupil_key=w.cases["c1"].pupil.uuid
    ).exists()


def test_other_schools_staff_never_see_the_rows_behind_the_figures(school_data, client_for):
    """School B's director and IB follow school A's links: the meeting lists refuse school A
    (404, logged); the action and request lists, scoped to what they may see, list none of its rows."""
    w = school_data
    more_figures(w)
    dash = client_for(w.users["director_a"]).get(URL).context["dash"]
    links = [(key, label, link) for key, label, value, link in linked_figures(dash) if value]
    assert {key for key, *_ in links} >= {"meetings", "themes", "ot_discussions", "actions_per_owner", "clo_requests"}
    for persona in ("director_b", "ib_b"):
        client = client_for(w.users[persona])
        for key, label, link in links:
            response = client.get(link)
            if link.startswith(reverse("meetings:index")):
                assert response.status_code == 404, (persona, key, label)
            else:
                assert response.status_code == 200, (persona, key, label)
                html = response.content.decode()
                assert not LIST_ROWS.findall(html), (persona, key, label)
                assert "Vera Eenmaal" not in html and "Wout Tweemaal" not in html
        assert AccessLog.objects.filter(user=w.users[persona], object_type="school", outcome="not_found").exists()
    # Their own school's lists show their own rows only.
    own = client_for(w.users["director_b"]).get(
        reverse("meetings:discussion_list"), {"school": str(w.school_b.uuid), "year": w.school_year.start_year}
    )
    assert own.status_code == 200 and own.context["page"].paginator.count == 1


def test_intake_figure_and_list_count_submitted_zorgformulieren_only(school_data, client_for):
    """The intake list behind the figure: submitted in the year at this school; the draft, the
    other school's intake and last year's intake are not on it; the director cannot open a draft."""
    from cases.models import Intake, IntakeStatus
    from tests.dashboards.conftest import at

    w = school_data
    last_year = CaseFactory(pupil=PupilFactory(school=w.school_a), opened_on=w.school_year.starts_on - timedelta(1))
    Intake.objects.create(
        pupil=last_year.pupil,
        school=w.school_a,
        status=IntakeStatus.SUBMITTED,
        case=last_year,
        created_by=w.users["ib_a"],
        submitted_at=at(last_year.opened_on),
    )
    client = client_for(w.users["director_a"])
    table = client.get(URL).context["dash"].table("intakes_per_month")
    assert table.footer.values == [1]
    assert listed_rows(client, table.footer.link) == 1
    everything = client.get(reverse("cases:intake_list")).content.decode()
    assert "Eenmaal" in everything and "Tweemaal" not in everything  # c2's intake is a draft
    assert reverse("cases:intake_new") not in everything  # a director does not draft intakes
    draft = Intake.objects.get(status=IntakeStatus.DRAFT)
    assert client.get(reverse("cases:intake_edit", kwargs={"uuid": draft.uuid})).status_code == 404
    assert client.get(reverse("cases:intake_list"), {"year": "19x9"}).status_code == 404
    assert (
        client.get(reverse("cases:intake_list"), {"year": w.school_year.start_year, "month": "13"}).status_code == 404
    )


def test_consent_states_split_the_open_cases_as_the_case_list_does(school_data, client_for):
    """In force, waiting and none: the case list filtered by each state lists exactly the pupils
    the dashboard counts, and the three add up to the open cases."""
    from cases.consent.services import consent_record
    from cases.models import ConsentMethod
    from tests.factories.cases import GuardianFactory

    w = school_data
    ib = w.users["ib_a"]
    waiting = CaseFactory(
        pupil=PupilFactory(school=w.school_a, first_name="Wachtend", last_name="Opvader"),
        status=CaseStatus.ACTIVE,
        lead=ib,
    )
    mother = GuardianFactory(pupil=waiting.pupil)
    GuardianFactory(pupil=waiting.pupil, relation="vader")
    consent_record(
        actor=ib,
        pupil=waiting.pupil,
        guardians=[mother],
        given_on=timezone.localdate(),
        method=ConsentMethod.VERBAL,
        disciplines=["social_team"],
    )
    client = client_for(w.users["director_a"])
    table = client.get(URL).context["dash"].table("consent_coverage")
    by_label = {r.label: r for r in table.rows}
    names = {label: client.get(row.link).content.decode() for label, row in by_label.items() if row.values == [1]}
    assert "Vera Eenmaal" in names["Van kracht"]
    assert "Wachtend Opvader" in names["Wacht op een ouder"]
    assert "Wout Tweemaal" in names["Geen van kracht"]
    assert sum(listed_rows(client, r.link) for r in table.rows) == table.footer.values[0] == 3
    assert listed_rows(client, table.footer.link) == 3
    assert client.get(reverse("cases:case_list"), {"consent": "maybe"}).status_code == 404


def test_actions_done_list_is_the_figures_rows(school_data, client_for):
    """Done this school year at this school: last year's done action, an open action and school
    B's done action are not counted and not listed; school B's director sees only school B's."""
    w = school_data
    today = timezone.localdate()
    from tests.factories.cases import ActionFactory

    ActionFactory(
        case=w.cases["c1"], owner=w.users["ib_a"], status="done", done_on=w.school_year.starts_on - timedelta(days=1)
    )
    ActionFactory(case=w.cases["cb"], owner=w.users["ib_b"], status="done", done_on=today)
    client = client_for(w.users["director_a"])
    follow = {r.label: r for r in client.get(URL).context["dash"].table("follow_through").rows}
    done = follow["Acties afgerond"]
    assert done.values == [1]
    assert listed_rows(client, done.link) == 1
    other = client_for(w.users["director_b"])
    assert "Wout Tweemaal" not in other.get(done.link).content.decode()
