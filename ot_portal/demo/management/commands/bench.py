"""manage.py bench (`make bench`): query count and median latency of the key pages.

For each key page that exists on this build (IB case list, case page, director dashboard, CLO
queue, partnership dashboard, groeidocument PDF) it signs in the right demo user with the test
Client, against the database DATABASE_URL points at, and prints the query count and the median
of ~20 requests next to a bare Django page measured in the same run (anonymous, and signed in
through the same middleware; the ratio is to the signed-in one). Run
`seed_demo` and `seed_scale` first for partnership-scale figures.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signals
from django.core.management.base import CommandError
from django.db import close_old_connections, connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from cases.casefile.selectors import case_list_for_user
from cases.models import Case
from ot_portal.core.models import User
from ot_portal.demo.guard import DemoCommand


@dataclass
class Page:
    label: str
    email: str
    url_names: list[str]  # the first that resolves is measured
    kwargs: Callable[[User], dict] | None = None  # URL kwargs, looked up once as that user


def _ib_case(user: User) -> dict:
    case = (
        Case.objects.filter(lead=user).order_by("-opened_on").first()
        or Case.objects.filter(school__memberships__user=user).first()
    )
    if case is None:
        raise LookupError("no case for the IB")
    return {"uuid": case.uuid}


def _ib_pupil(user: User) -> dict:
    return {"uuid": _ib_case_obj(user).pupil.uuid}


def _ib_case_obj(user: User):
    visible = case_list_for_user(user=user).select_related("pupil")
    case = visible.filter(lead=user).order_by("-opened_on").first() or visible.first()
    if case is None:
        raise LookupError("no case for the IB")
    return case


PAGES = [
    Page("IB case list", "ib@zonnebloem.demo", ["cases:case_list"]),
    Page("Case page", "ib@zonnebloem.demo", ["cases:case_detail"], _ib_case),
    Page("Director dashboard", "directeur@zonnebloem.demo", ["dashboards:director"]),
    Page("IB worklist", "ib@zonnebloem.demo", ["dashboards:worklist"]),
    Page("CLO queue", "secretaris@clo.demo", ["clo:queue"]),
    Page("CLO dashboard", "secretaris@clo.demo", ["dashboards:clo"]),
    Page("Partnership dashboard", "beleid@swv.demo", ["dashboards:partnership"]),
    Page(
        "Groeidocument PDF",
        "ib@zonnebloem.demo",
        ["cases:growth_document_pdf"],
        _ib_pupil,
    ),
]


class Command(DemoCommand):
    help = "Query count and median latency of the key pages next to a bare Django page."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=20)

    def handle(self, *args, requests: int, **options):
        # Keep one connection for the whole run, as a server with CONN_MAX_AGE would (and so the
        # query capture sees every query): the test Client otherwise closes it after each request.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        with override_settings(
            ROOT_URLCONF="ot_portal.demo.bench_urls",
            ALLOWED_HOSTS=["testserver", "localhost", "127.0.0.1"],
            DEBUG=False,
            OT_REQUIRE_MFA=False,
        ):
            self._run(requests)

    def _measure(self, client: Client, url: str, n: int) -> tuple[int, int, float]:
        for _ in range(2):  # warm-up: templates, connection, session
            client.get(url)
        reset_queries()  # the query log is a bounded deque: a full one would capture nothing
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        queries = len(ctx.captured_queries)  # read now: the next requests reset the query log
        times = []
        for _ in range(n):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        return status, queries, statistics.median(times)

    def _run(self, n: int) -> None:
        vendor = connection.vendor
        self.stdout.write(f"Database: {vendor} ({connection.settings_dict.get('NAME')}), {n} requests per page\n")
        anon = Client()
        _status, bare_q, bare_ms = self._measure(anon, reverse("bench_bare"), n)
        rows = [("Bare Django page", "/__bench_bare__/", 200, bare_q, bare_ms)]
        users = {u.email: u for u in User.objects.filter(email__in={p.email for p in PAGES})}
        if not users:
            raise CommandError("No demo accounts: run `manage.py seed_demo` (and `seed_scale`) first.")
        # The fair baseline: the same bare page through session, auth and the portal's middleware.
        signed_in = Client()
        signed_in.force_login(next(iter(users.values())))
        _status, bare_q, bare_ms = self._measure(signed_in, reverse("bench_bare"), n)
        rows.append(("Bare page, signed in", "/__bench_bare__/", 200, bare_q, bare_ms))
        for page in PAGES:
            user = users.get(page.email)
            if user is None:
                continue
            url = None
            for name in page.url_names:
                try:
                    kwargs = page.kwargs(user) if page.kwargs else None
                    url = reverse(name, kwargs=kwargs)
                    break
                except (NoReverseMatch, LookupError):
                    continue
            if url is None:
                rows.append((page.label, "(not on this build)", None, None, None))
                continue
            client = Client()
            client.force_login(user)
            status, queries, ms = self._measure(client, url, n)
            rows.append((page.label, url, status, queries, ms))
        self.stdout.write(f"{'page':<24} {'status':>6} {'queries':>8} {'median ms':>10} {'x bare':>7}  url")
        for label, url, status, queries, ms in rows:
            if status is None:
                self.stdout.write(f"{label:<24} {'-':>6} {'-':>8} {'-':>10} {'-':>7}  {url}")
                continue
            ratio = ms / bare_ms if bare_ms else 0
            self.stdout.write(f"{label:<24} {status:>6} {queries:>8} {ms:>10.1f} {ratio:>7.1f}  {url}")
