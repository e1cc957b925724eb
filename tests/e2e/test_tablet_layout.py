"""At 768 px (a tablet held upright) the daily pages fit: the page never scrolls sideways, and
on the case, meeting and CLO pages and the home page no table needs a sideways scroll either.
Dashboard tables with many columns may scroll inside their own keyboard-reachable
region; the page around them may not."""

import pytest
from django.conf import settings
from django.test import Client

from ot_portal.core.models import User

pytestmark = pytest.mark.e2e

WIDTH = 768


def _sign_in(page, base_url, email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def _pages():
    from cases.models import Case
    from clo.models import Request
    from meetings.models import Meeting

    case = Case.objects.filter(school__name="De Zonnebloem", actions__isnull=False).first()
    meeting = Meeting.objects.filter(school__name="De Zonnebloem", items__isnull=False).first()
    request = Request.objects.filter(school__name="De Zonnebloem").first()
    return [
        ("ib@zonnebloem.demo", f"/casussen/{case.uuid}/", True),
        ("ib@zonnebloem.demo", f"/overleggen/{meeting.uuid}/", True),
        ("ib@zonnebloem.demo", f"/clo/aanvragen/{request.uuid}/", True),
        ("secretaris@clo.demo", "/clo/wachtrij/", True),
        ("ib@zonnebloem.demo", "/", True),
        ("directeur@zonnebloem.demo", "/dashboards/directeur/", False),
        ("secretaris@clo.demo", "/dashboards/clo/", False),
        ("beleid@swv.demo", "/dashboards/samenwerkingsverband/", False),
    ]


OVERFLOWING_TABLES = """() => [...document.querySelectorAll('main table')]
  .filter(t => t.scrollWidth > (t.parentElement.clientWidth + 1))
  .map(t => {
    const name = (t.querySelector('caption, th') || t).textContent.trim().slice(0, 40);
    const widest = [...t.querySelectorAll('td')].sort((a, b) => b.scrollWidth - a.scrollWidth).slice(0, 2);
    const cells = widest.map(td => td.textContent.trim().slice(0, 30)).join(' | ');
    return `${name}: ${t.scrollWidth}px in ${t.parentElement.clientWidth}px; widest cells: ${cells}`;
  })"""


def test_daily_pages_fit_a_tablet(demo, page, live_server):
    page.set_viewport_size({"width": WIDTH, "height": 1000})
    problems = []
    for email, url, tables_fit in _pages():
        _sign_in(page, live_server.url, email)
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        page_width = page.evaluate("document.documentElement.scrollWidth")
        if page_width > WIDTH:
            problems.append(f"{url}: the page is {page_width}px wide")
        if tables_fit:
            wide = page.evaluate(OVERFLOWING_TABLES)
            if wide:
                problems.append(f"{url}: tables wider than their place: {wide}")
    assert not problems, problems
