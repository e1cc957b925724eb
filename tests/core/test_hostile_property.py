"""Property test (issue 11 item 5): hostile strings in every list page's GET parameters and in
every form of our own apps never give a 500, and a refused POST leaves nothing saved half.

The targets come from the permission matrix (every URL of our apps, with a persona allowed to use
it) and from the forms those pages actually render: each form's action, field names and the values
it was shown with. Hypothesis then replaces one or more fields with NUL and other control
characters, huge strings, RTL marks, SQL/HTML fragments and impossible dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.participation import participant_client
from tests.matrix import all_entries
from tests.world import PARTICIPANT_PERSONAS

HOSTILE = [
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m",
    "\x7f",
    "\u202e\u202dgnp.exe",  # RTL override
    "\u200f\u061c",
    "\ufeff",
    "x" * 20_000,
    "' OR 1=1 --",
    "'; DROP TABLE cases_case; --",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}{% debug %}",
    "%s%s%n",
    "../../etc/passwd",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "31-02-2026",
    "99999-01-01",
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "NaN",
    "00000000-0000-0000-0000-000000000000",
    "",
    " ",
    "😀" * 50,
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Lu", "Nd"]), max_size=40),
)
GET_PARAMS = ["q", "page", "status", "school", "kind", "sort", "order", "year", "from", "to", "group", "filter"]
#: Not driven: PDFs (seconds of WeasyPrint each, their input is a UUID only) and sign-out.
SKIP = ("pdf", "logout")
#: Rows every request may write: the access log, the change log of the audit, sessions, tasks.
BOOKKEEPING = {"core.accesslog"}
OWN_APPS = {"core", "cases", "meetings", "clo"}


class _Forms(HTMLParser):
    """Each <form> on a page: method, action, and its fields with the values they were shown with."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "file", "image", "reset"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self._form["fields"].setdefault(a["name"], None)
            else:
                self._form["fields"][a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self._form["fields"].setdefault(a["name"], None)
        elif tag == "option" and self._select and "selected" in a:
            self._form["fields"][self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@dataclass(frozen=True)
class Target:
    url: str
    persona: str
    fields: tuple[tuple[str, str], ...]  # name, value shown (""/None for empty)


def _persona_for(entry, wanted: set[int]) -> str | None:
    return next((p for p, status in entry.expect.items() if status in wanted and p != "anonymous"), None)


def _own(path: str) -> bool:
    try:
        name = resolve(path).view_name
    except Resolver404:
        return False
    return name in ENTRIES and not any(word in name for word in SKIP)


ENTRIES = all_entries()


@pytest.fixture
def targets(world):
    clients: dict[str, Client] = {}
    lists: list[Target] = []
    forms: dict[tuple, Target] = {}
    for name, entry in sorted(ENTRIES.items()):
        if any(word in name for word in SKIP):
            continue
        url = reverse(name, kwargs=entry.kwargs(world))
        if entry.method != "GET":
            persona = _persona_for(entry, {200, 302})
            if persona:
                data = entry.data(world) if entry.data else {}
                forms.setdefault((url, tuple(sorted(data))), Target(url, persona, tuple(data.items())))
            continue
        persona = _persona_for(entry, {200})
        if persona is None:
            continue
        client = clients.setdefault(persona, _client(world, persona))
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.text)
        get_names: set[str] = set()
        for form in parser.forms:
            action = urlsplit(form["action"]).path or url
            if form["method"] == "get":
                get_names |= set(form["fields"])
            elif _own(action) and form["fields"]:
                fields = tuple((k, v) for k, v in form["fields"].items() if k != "csrfmiddlewaretoken")
                forms.setdefault((action, tuple(sorted(dict(fields)))), Target(action, persona, fields))
        if get_names or name.endswith(("index", "list", "queue", "register", "worklist")):
            # A list page: its own filter/search fields, and the usual names besides.
            lists.append(Target(url, persona, tuple((n, "") for n in sorted(get_names | set(GET_PARAMS)))))
    assert len(lists) > 8 and len(forms) > 40, (len(lists), len(forms))
    forms_ = sorted(forms.values(), key=lambda t: t.url)
    return {"clients": clients, "lists": lists, "forms": forms_, "world": world, "count_sql": _count_query()}


def _client(world, persona) -> Client:
    if persona in PARTICIPANT_PERSONAS:  # a parent's session, opened through the invitation and code
        client = participant_client(world.participant_invitations[persona])
        client.raise_request_exception = False
        return client
    client = Client(raise_request_exception=False)
    client.force_login(world.users[persona])
    return client


def _count_query() -> str:
    """One query that counts the rows of every table of our apps (a POST's before/after)."""
    tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models()
            if m._meta.app_label in OWN_APPS and m._meta.label_lower not in BOOKKEEPING and not m._meta.proxy
        }
    )
    return "SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{t}") AS "{t}"' for t in tables)


def _row_counts(sql: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))


#: Every list page and every form gets each of these in every field at once (the sweep); the
#: random part below mixes them per field.
SWEEP = [
    "a\x00b\x1b[2J\u202e",  # NUL, an escape sequence, an RTL override
    "x" * 20_000,
    "' OR 1=1 --<script>alert(1)</script>",
    "0001-01-01",
    "-99999999999999999999",
]


def _post(targets, target: Target, post: dict) -> None:
    before = _row_counts(targets["count_sql"])
    response = _client_of(targets, target.persona).post(target.url, post)
    assert response.status_code < 500, (target.url, post, response.status_code)
    if response.status_code not in (301, 302, 303):
        # Refused (form errors, 400, 403, 404): not a row more or less in any table of ours.
        after = _row_counts(targets["count_sql"])
        changed = {t: (before[t], n) for t, n in after.items() if before[t] != n}
        assert not changed, (target.url, post, changed)


def _get(targets, target: Target, params: dict) -> None:
    response = _client_of(targets, target.persona).get(target.url, params)
    assert response.status_code < 500, (target.url, params, response.status_code)


def test_hostile_input_in_every_list_and_form_never_500_and_a_refusal_saves_nothing(targets):
    """One test, so the targets (a GET of every page) are gathered once.

    First a sweep: every list page with each hostile value in all its GET parameters, every form
    with it in all its fields. Then Hypothesis mixes values per field over random forms and pages."""
    for value in SWEEP:
        for page in targets["lists"]:
            _get(targets, page, {name: value for name, _shown in page.fields})
        for form in targets["forms"]:
            _post(targets, form, {name: value for name, _shown in form.fields} or {"x": value})

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,  # the same examples every run: a failure is reproducible, CI time is bounded
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def mixed(data):
        if data.draw(st.booleans(), label="form?"):
            target = data.draw(st.sampled_from(targets["forms"]), label="form")
            post = {name: value for name, value in target.fields if value is not None}
            names = [n for n, _ in target.fields] or ["x"]
            fields = st.dictionaries(st.sampled_from(names), hostile_text, min_size=1, max_size=4)
            _post(targets, target, post | data.draw(fields, label="fields"))
        else:
            target = data.draw(st.sampled_from(targets["lists"]), label="page")
            names = [n for n, _ in target.fields]
            params = st.dictionaries(st.sampled_from(names), hostile_text, min_size=1, max_size=3)
            _get(targets, target, data.draw(params, label="params"))

    mixed()


def _client_of(targets, persona) -> Client:
    clients = targets["clients"]
    if persona not in clients:
        clients[persona] = _client(targets["world"], persona)
    return clients[persona]
