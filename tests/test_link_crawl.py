"""Every demo account follows the links it is shown: no link leads to an error page or to a page
it may not open (a 403 behind a visible link means the navigation promises too much)."""

import re
from collections import deque

import pytest
from django.test import Client

from ot_portal.core.models import User
from ot_portal.demo.organisation import COMMITTEE_ACCOUNTS, PARTNERSHIP_ACCOUNTS, SCHOOL_ACCOUNTS
from tests.demo_data import load_demo

ACCOUNTS = [a[0] for a in SCHOOL_ACCOUNTS + COMMITTEE_ACCOUNTS + PARTNERSHIP_ACCOUNTS]
SKIP = ("/static/", "/accounts/logout", "/beheer/", "/i18n/")
PAGES_PER_ACCOUNT = 40


def links(html: str) -> list[str]:
    found = []
    for href in re.findall(r'href="(/[^"#]*)"', html):
        href = href.replace("&amp;", "&")
        if href.startswith(SKIP) or "pdf" in href or "csv" in href or "download" in href:
            continue
        found.append(href)
    return found


def crawl(email: str) -> list[tuple[str, int, str]]:
    client = Client()
    client.force_login(User.objects.get(email=email))
    seen, queue, broken = set(), deque([("/", "")]), []
    while queue and len(seen) < PAGES_PER_ACCOUNT:
        url, came_from = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code not in (200, 302):
            broken.append((url, response.status_code, came_from))
            continue
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            queue.extend((href, url) for href in links(response.content.decode()) if href not in seen)
    return broken


@pytest.mark.django_db
def test_every_demo_account_sees_only_links_that_open():
    # One test, so the demo data lives in this test's transaction only.
    load_demo()
    broken = {email: found for email in ACCOUNTS if (found := crawl(email))}
    assert not broken, f"links that fail (url, status, found on): {broken}"
