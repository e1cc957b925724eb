"""axe-core on every page: one page per URL pattern, each opened by the first demo account that
reaches it, plus forms shown with their errors, the 403 and 404 pages and the admin. Fails on
any serious or critical violation of a WCAG 2.0/2.1 A or AA rule.

The pages are found the way a user finds them: each account follows the links it is shown
(server side, with Django's test client), and the first page of each URL pattern is kept. The
browser then opens those pages with the account's session and runs axe-core, which
axe-playwright-python ships (nothing is downloaded at test time).
"""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from ot_portal.core.models import User
from ot_portal.demo.organisation import COMMITTEE_ACCOUNTS, PARTNERSHIP_ACCOUNTS, SCHOOL_ACCOUNTS

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
#: A desktop and a tablet: tables that fit on the one scroll sideways on the other.
VIEWPORTS = [(1280, 900), (768, 1024)]

#: The school's own staff first, so a pattern is shown as the people who use it most see it.
ACCOUNTS = [a[0] for a in SCHOOL_ACCOUNTS + COMMITTEE_ACCOUNTS + PARTNERSHIP_ACCOUNTS]
ADMIN_ACCOUNT = "beheer@swv.demo"
SKIP = ("/static/", "/accounts/logout", "/beheer/", "/i18n/")
#: Pages per account at most; each URL pattern is fetched once per account.
MAX_FETCHES = 80

#: Admin pages: the index, an app, lists with filters, forms with inlines, a delete page.
ADMIN_PAGES = [
    "/beheer/",
    "/beheer/core/",
    "/beheer/core/school/",
    "/beheer/core/user/",
    "/beheer/core/user/add/",
    "/beheer/core/schoolmembership/",
    "/beheer/core/partnership/",
]
#: Admin change forms (with their inlines) and a delete page, opened on the first object.
ADMIN_OBJECT_PAGES = [
    ("/beheer/core/user/", "change"),
    ("/beheer/core/school/", "change"),
    ("/beheer/core/partnership/", "change"),
    ("/beheer/core/schoolyear/", "delete"),
]

#: Forms submitted empty (browser validation off) so the server shows every error:
#: (account, url name or path, CSS selector of the form's submit button, label).
FORMS_WITH_ERRORS = [
    ("ib@zonnebloem.demo", "/casussen/aanmeldingen/nieuw/", "button[name=submit]", "intake, empty"),
    ("ib@zonnebloem.demo", "/casussen/leerlingen/nieuw/", "main form[method=post] button[type=submit]", "pupil, empty"),
    ("ib@zonnebloem.demo", "case", "form[action$='/acties/'] button[type=submit]", "case, action"),
    ("ib@zonnebloem.demo", "case", "form[action$='/interventies/'] button[type=submit]", "case, intervention"),
]


@dataclass
class Visit:
    key: str  # what is checked: the URL pattern, or a label
    email: str | None
    url: str


def pattern_of(path: str) -> str | None:
    try:
        return resolve(path.split("?")[0]).route
    except Resolver404:
        return None


def links(html: str) -> list[str]:
    found = []
    for href in re.findall(r'href="(/[^"#]*)"', html):
        href = href.replace("&amp;", "&")
        if href.startswith(SKIP) or "pdf" in href or "csv" in href or "download" in href or "bijlagen" in href:
            continue
        found.append(href)
    return found


def discover() -> list[Visit]:
    """The first page of each URL pattern, with the first account that reached it."""
    visits: dict[str, Visit] = {}
    for email in ACCOUNTS:
        client = Client()
        client.force_login(User.objects.get(email=email))
        fetched_patterns, queue, fetches = set(), deque(["/"]), 0
        while queue and fetches < MAX_FETCHES:
            url = queue.popleft()
            pattern = pattern_of(url)
            if pattern is None or pattern in fetched_patterns:
                continue
            fetched_patterns.add(pattern)
            fetches += 1
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            visits.setdefault(pattern, Visit(key=pattern, email=email, url=url))
            queue.extend(links(response.content.decode()))
    return list(visits.values())


def admin_visits() -> list[Visit]:
    client = Client()
    client.force_login(User.objects.get(email=ADMIN_ACCOUNT))
    visits = [Visit(key=f"admin {url}", email=ADMIN_ACCOUNT, url=url) for url in ADMIN_PAGES]
    for changelist, what in ADMIN_OBJECT_PAGES:
        html = client.get(changelist).content.decode()
        first = re.search(rf'href="({re.escape(changelist)}\d+/change/)', html)
        assert first, f"no object listed at {changelist}"
        url = first.group(1) if what == "change" else first.group(1).replace("/change/", "/delete/")
        visits.append(Visit(key=f"admin {what} {changelist}", email=ADMIN_ACCOUNT, url=url))
    return visits


def error_pages() -> list[Visit]:
    return [
        Visit(key="403 page", email="leerkracht@zonnebloem.demo", url="/dashboards/samenwerkingsverband/"),
        Visit(key="404 page", email="ib@zonnebloem.demo", url="/casussen/00000000-0000-0000-0000-000000000000/"),
        Visit(key="404 page, signed out", email=None, url="/bestaat-niet/"),
    ]


def unlinked_pages() -> list[Visit]:
    """Pages reached by a GET form rather than a link: the intake's pupil search without JavaScript,
    with matches."""
    return [
        Visit(key="pupil search page", email="ib@zonnebloem.demo", url="/casussen/aanmeldingen/leerling-zoeken/?q=bos"),
    ]


class Session:
    """Signs the browser in as one account at a time by handing it a test client's session."""

    def __init__(self, context, base_url):
        self.context, self.base_url, self.email = context, base_url, "-"

    def become(self, email: str | None) -> None:
        if email == self.email:
            return
        self.context.clear_cookies()
        if email:
            client = Client()
            client.force_login(User.objects.get(email=email))
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            self.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": self.base_url}])
        self.email = email


def _colours(node: dict) -> str:
    """For a contrast failure: the colours axe measured, which say more than the selector."""
    for check in node.get("any", []):
        data = check.get("data") or {}
        if isinstance(data, dict) and "contrastRatio" in data:
            return f" [{data.get('fgColor')} on {data.get('bgColor')} = {data.get('contrastRatio')}]"
    return ""


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
AXE_SCRIPT = Axe().axe_script


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG A/AA violations on the page. axe-core goes into the page
    when it is not there yet; where the context has it as an init script (the test below), each page
    load costs one run, not another transfer and evaluation of the 570 kB script."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    response = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = []
    for v in response["violations"]:
        if v["impact"] in BLOCKING:
            targets = ", ".join(" ".join(n["target"]) + _colours(n) for n in v["nodes"][:3])
            found.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {targets}")
    return found


def test_every_page_passes_axe_wcag_a_and_aa(demo, page, live_server):
    started = time.monotonic()
    visits = discover()
    patterns = len(visits)
    visits += admin_visits() + error_pages() + unlinked_pages()
    base = live_server.url
    page.context.add_init_script(script=AXE_SCRIPT)
    session = Session(page.context, base)
    failures: dict[str, list[str]] = {}

    session.become(None)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mailadres").fill("ib@zonnebloem.demo")
    page.get_by_label("Wachtwoord").fill("wrong password")
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()
    if found := blocking_violations(page):
        failures["login, wrong password"] = found
    session.email = "-"  # the login attempt may have left cookies

    for visit in sorted(visits, key=lambda v: (v.email or "", v.key)):
        session.become(visit.email)
        for width, height in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{base}{visit.url}")
            if found := blocking_violations(page):
                failures[f"{visit.key} as {visit.email} at {width} px ({visit.url})"] = found
    page.set_viewport_size({"width": 1280, "height": 900})

    case_url = next(v.url for v in visits if v.key == "casussen/<uuid:uuid>/")
    for email, url, submit, label in FORMS_WITH_ERRORS:
        url = case_url if url == "case" else url
        session.become(email)
        page.goto(f"{base}{url}")
        page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.locator(submit).first.click()
        page.wait_for_load_state()
        assert page.locator(".invalid-feedback, .errorlist, .alert-danger").count(), f"{label}: no errors shown"
        if found := blocking_violations(page):
            failures[f"form with errors: {label} ({url})"] = found

    elapsed = time.monotonic() - started
    pages = len(visits) * len(VIEWPORTS) + len(FORMS_WITH_ERRORS) + 1
    print(f"axe: {patterns} URL patterns, {pages} page loads in {elapsed:.0f} s")
    assert patterns >= 40, f"only {patterns} URL patterns reached: the crawl lost its way"
    report = "\n".join(f"{where}\n    " + "\n    ".join(found) for where, found in failures.items())
    assert not failures, f"serious/critical axe violations on {len(failures)} pages:\n{report}"
