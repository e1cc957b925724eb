"""The `make load` profile (run by scripts/load.py; not meant to be started by hand).

Signed-in IBs read case lists, case pages, pupil lists, the worklist and groeidocumenten and write
(consultations, actions, groeidocument edits); directors read their dashboard. Every write carries
a unique marker, so scripts/load.py can count it in the database afterwards. The sessions were
signed in (password and TOTP) before the run; the profile reads them from OT_LOAD_CONFIG and writes
what happened (every request with its time, the acknowledged and unacknowledged writes) to the
file named there when it stops. LOAD_PHASE=bare measures only the signed-in bare page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from datetime import date, timedelta
from html.parser import HTMLParser

from locust import FastHttpUser, between, events, task

CONFIG = json.loads(open(os.environ["OT_LOAD_CONFIG"]).read())  # noqa: SIM115
PHASE = os.environ.get("LOAD_PHASE", "mixed")
HOST = CONFIG["host"]
MAX_REQUESTS = int(CONFIG["max_requests"])

RECORD: dict = {"requests": [], "writes": []}
_markers = itertools.count(1)
_slots = {"ib": itertools.count(), "director": itertools.count()}


@events.request.add_listener
def _record(request_type, name, response_time, exception, start_time=None, response=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    error = exception is not None
    RECORD["requests"].append(
        [
            round(start_time or time.time() - response_time / 1000, 4),
            round(response_time, 2),
            request_type,
            name,
            status,
            error,
        ]
    )
    if len(RECORD["requests"]) >= MAX_REQUESTS:
        from locust import runners

        if runners.runners:
            runners.runners[0].quit()


@events.quitting.add_listener
def _dump(environment, **kwargs):
    with open(CONFIG["out"] + f".{PHASE}.json", "w") as f:
        json.dump(RECORD, f)


class FormFields(HTMLParser):
    """The fields of the first form that posts to `action` or to its own page (inputs, textareas, selects)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.done = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and (not a.get("action") or a["action"].endswith(self.action)):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value") or "on"
            elif a.get("type") not in {"submit", "button", "file"}:
                self.fields[a["name"]] = a.get("value") or ""
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields[self._textarea] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False
            self.done = True


class PortalUser(FastHttpUser):
    abstract = True
    role = ""
    wait_time = between(0, 0.05)
    host = f"http://{HOST}"

    def on_start(self):
        slots = CONFIG[self.role]
        self.me = slots[next(_slots[self.role]) % len(slots)]
        self.cookie = "; ".join(f"{k}={v}" for k, v in self.me["cookies"].items())

    def headers(self, path: str, *, write: bool = False) -> dict:
        h = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            "Cookie": self.cookie,
            "Accept-Language": "nl",
        }
        if write:
            h.update(
                {
                    "X-CSRFToken": self.me["cookies"]["csrftoken"],
                    "Origin": f"https://{HOST}",
                    "Referer": f"https://{HOST}{path}",
                    "Content-Type": "application/x-www-form-urlencoded",
                }
            )
        return h

    def read(self, path: str, name: str):
        with self.client.get(
            path, name=name, headers=self.headers(path), allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code} {getattr(r, 'error', '') or ''}".strip())
            return r

    def write(self, kind: str, path: str, data: dict, *, expect: str, form_page: str | None = None) -> None:
        """POST with a unique marker; acknowledged = the success redirect to `expect`."""
        marker = data["_marker"]
        body = "&".join(f"{k}={_quote(v)}" for k, v in data.items() if k != "_marker")
        with self.client.post(
            path,
            name=f"POST {kind}",
            data=body,
            headers=self.headers(form_page or path, write=True),
            allow_redirects=False,
            catch_response=True,
        ) as r:
            location = r.headers.get("Location", "") if r.headers else ""
            ok = r.status_code == 302 and location.rstrip("/").endswith(expect.rstrip("/"))
            entry = {"kind": kind, "marker": marker, "ack": ok, "status": r.status_code, "at": time.time()}
            if not ok:
                # What the form said (a refused write is re-rendered with its errors).
                errors = re.findall(
                    r"(?:invalid-feedback|alert-danger)[^>]*>\s*(?:<[^>]+>\s*)*([^<]{3,200})", r.text or ""
                )
                entry["detail"] = " | ".join(e.strip() for e in errors[:3])
                r.failure(f"write not acknowledged: HTTP {r.status_code} {location} {entry['detail']}".strip())
            RECORD["writes"].append(entry)

    def marker(self) -> str:
        return f"LOAD-{CONFIG['run']}-{self.role}{id(self) % 100000}-{next(_markers)}"


def _quote(value: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(str(value))


class Bare(PortalUser):
    """The floor: the same sessions on a page that does nothing but pass the middleware."""

    role = "ib"
    weight = 1

    @task
    def bare(self):
        self.read(CONFIG["bare"], "bare page")


class IB(PortalUser):
    role = "ib"
    fixed_count = len(CONFIG["ib"])

    @task(4)
    def case_list(self):
        self.read(CONFIG["urls"]["case_list"], "case list")

    @task(5)
    def case_page(self):
        self.read(CONFIG["urls"]["case"].format(uuid=random.choice(self.me["cases"])), "case page")

    @task(1)
    def pupil_list(self):
        self.read(CONFIG["urls"]["pupil_list"], "pupil list")

    @task(1)
    def worklist(self):
        self.read(CONFIG["urls"]["worklist"], "worklist")

    @task(1)
    def growth_page(self):
        self.read(CONFIG["urls"]["growth"].format(uuid=random.choice(self.me["pupils"])), "groeidocument")

    @task(1)
    def add_note(self):
        case = CONFIG["urls"]["case"].format(uuid=random.choice(self.me["cases"]))
        marker = self.marker()
        data = {
            "_marker": marker,
            # The case page's forms carry prefixes (note-, action-) so their field ids are unique.
            "note-kind": "consultation",
            "note-occurred_on": date.today().isoformat(),
            "note-with_whom": "Belastingtest",
            "note-text": f"Overleg tijdens de belastingtest {marker}",
        }
        self.write("note", case + "consultaties/", data, expect=case, form_page=case)

    @task(1)
    def add_action(self):
        case = CONFIG["urls"]["case"].format(uuid=random.choice(self.me["cases"]))
        marker = self.marker()
        data = {
            "_marker": marker,
            "action-description": f"Actie {marker}",
            "action-external_owner_name": "Belastingtest",
            "action-external_owner_organisation": "",
            "action-external_owner_email": "extern@load.test",
            "action-owner": "",
            "action-due_on": (date.today() + timedelta(days=14)).isoformat(),
        }
        self.write("action", case + "acties/", data, expect=case, form_page=case)

    @task(1)
    def edit_growth_document(self):
        page = CONFIG["urls"]["growth"].format(uuid=random.choice(self.me["pupils"]))
        r = self.read(page, "groeidocument")
        if r.status_code != 200:
            return
        form = FormFields(page)
        form.feed(r.text)
        if "version" not in form.fields:
            return
        marker = self.marker()
        fields = dict(form.fields)
        fields.pop("csrfmiddlewaretoken", None)
        fields["pupil_view"] = f"De leerling vertelt (belastingtest) {marker}"
        fields["_marker"] = marker
        self.write("growth", page, fields, expect=page)


class Director(PortalUser):
    role = "director"
    fixed_count = len(CONFIG["director"])

    @task(4)
    def dashboard(self):
        self.read(CONFIG["urls"]["director"], "director dashboard")

    @task(1)
    def case_list(self):
        self.read(CONFIG["urls"]["case_list"], "case list (director)")

    @task(1)
    def home(self):
        self.read(CONFIG["urls"]["home"], "home (director)")


if PHASE == "bare":
    del IB, Director
else:
    del Bare
