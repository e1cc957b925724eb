"""Every feature is reachable from the pages: signed in as every demo account, the test follows every
link and collects every form action the pages show (no sitemap, no links made for the test), and
fails when a URL pattern of the project's own apps is reached by no account.

Only what truly has no page of its own is allowed to stay unreached, each with its reason below.
"""

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from ot_portal.core.models import User
from tests.demo_data import load_demo

#: URL namespaces (and the root, "") of the project's own apps; third-party ones (allauth, admin,
#: i18n) are theirs to test.
OWN_NAMESPACES = {"", "cases", "parents", "meetings", "clo", "dashboards", "web"}
THIRD_PARTY_PREFIXES = ("/accounts/", "/beheer/", "/admin/", "/i18n/", "/static/", "/media/", "/__")

#: URL names that no demo account can reach by clicking, with the reason.
_PARENT_PAGES = (
    "invitation_open",
    "sign_in",
    "request_code",
    "sign_out",
    "home",
    "consent",
    "consent_withdraw",
    "growth_document",
    "growth_document_pdf",
    "view",
    "opp",
    "meetings",
    "access",
    "access_request",
    "access_pdf",
    "access_zip",
)
#: Parent pages have no staff-account link path: staff sessions get a 404 there by design.
ALLOWED_UNREACHED: dict[str, str] = {
    f"parents:{name}": "reached through the invitation mail; covered by the parent journey" for name in _PARENT_PAGES
}

#: Pages fetched per URL pattern and account: enough to see the variety of one page, bounded in time.
PER_ROUTE = 3
FETCH_SKIP = re.compile(r"\.(pdf|csv|zip)$|/pdf/|/csv/|download|/formulier/|/export")


def own_patterns() -> dict[str, str]:
    """{"namespace:name": route} for every named URL pattern of the project's own apps."""
    found: dict[str, str] = {}

    def walk(patterns, namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace if p.namespace else namespace
                walk(p.url_patterns, ns or "", prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                route = prefix + str(p.pattern)
                if namespace in OWN_NAMESPACES and not ("/" + route).startswith(THIRD_PARTY_PREFIXES):
                    found[f"{namespace}:{p.name}" if namespace else p.name] = route

    walk(get_resolver().url_patterns, "", "")
    return found


def view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def targets(html: str, page: str) -> list[tuple[str, bool]]:
    """(path, follow) for the links and form actions of a page. Links and GET forms are followed;
    a POST form's action only counts as reached (a form without action posts to the page itself)."""
    found = [(unescape(h), True) for h in re.findall(r'href="(/[^"#]*)"', html)]
    for form in re.findall(r"<form\b[^>]*>", html):
        action = re.search(r'action="([^"]*)"', form)
        is_get = not re.search(r'method="post"', form, re.IGNORECASE)
        found.append((unescape(action.group(1)) if action and action.group(1) else page, is_get))
    return [
        (urlsplit(p).path, follow)
        for p, follow in found
        if p.startswith("/") and not p.startswith(THIRD_PARTY_PREFIXES)
    ]


def crawl(user: User) -> set[str]:
    client = Client()
    client.force_login(user)
    reached: set[str] = set()
    fetched_per_route: Counter[str] = Counter()
    seen, queue = set(), deque(["/"])
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        name = view_name(path)
        if name is None:
            continue
        reached.add(name)
        if FETCH_SKIP.search(path) or fetched_per_route[name] >= PER_ROUTE:
            continue
        fetched_per_route[name] += 1
        response = client.get(path)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for target, follow in targets(response.content.decode(), path):
                name_ = view_name(target)
                if name_ is not None:
                    reached.add(name_)
                if follow and target not in seen:
                    queue.append(target)
    return reached


@pytest.mark.django_db
def test_every_url_pattern_is_reached_by_some_demo_account():
    # One test, so the demo data lives in this test's transaction only.
    load_demo()
    accounts = list(User.objects.filter(email__endswith=".demo", is_active=True).order_by("email"))
    assert len(accounts) >= 16
    reached: set[str] = set()
    for user in accounts:
        reached |= crawl(user)
    patterns = own_patterns()
    unreached = sorted(set(patterns) - reached - set(ALLOWED_UNREACHED))
    assert not unreached, "URL patterns no demo account can reach from the pages:\n" + "\n".join(
        f"  {name}  ({patterns[name]})" for name in unreached
    )
    stale = sorted(set(ALLOWED_UNREACHED) - set(patterns))
    assert not stale, f"allow-list entries that are no URL pattern any more: {stale}"
