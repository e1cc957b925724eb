"""manage.py bench (`make bench`): what the key pages cost next to two yardsticks.

For each key page (IB case list, case page, director dashboard, IB worklist, CLO queue, CLO request
edit, CLO dashboard, partnership dashboard, groeidocument PDF) it signs in the right demo user with
the test Client, against the database DATABASE_URL points at, and prints:

- the query count and the median latency of `--requests` requests;
- the ratio to a bare Django page signed in through the same middleware (`x bare`);
- the ratio to Django's own admin changelist of the same rows, signed in as the same user
  (`x admin`; a read-only admin that only this command's URLconf routes, see bench_admin.py);
- for the PDF, the ratio to WeasyPrint's own render of the same HTML with the same stylesheets
  (`x weasy`: a fresh `HTML(...).write_pdf()` through a static-only fetcher, nothing cached);
- the query count at a second, small data size (`q small`): the same pages in a database of its
  own (`<name>_bench_small`, kept between runs) seeded with the demo and `seed_scale --factor`.

All timings come from one interleaved run: every round requests each page and each yardstick once,
so a busy machine slows them alike and the ratios stay comparable. Run `seed_demo` and `seed_scale`
first for partnership-scale figures.
"""

from __future__ import annotations

import contextlib
import io
import mimetypes
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core import signals
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import close_old_connections, connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from cases.casefile.selectors import case_list_for_user
from cases.models import Case
from clo.models import Request
from clo.selectors import OPEN_STATUSES
from clo.services import EDITABLE_STATUSES
from ot_portal.core import pdf
from ot_portal.core.models import SchoolMembership, User
from ot_portal.demo.guard import DemoCommand

ADMIN = "__bench_admin__"


@dataclass
class Page:
    label: str
    email: str
    url_name: str
    kwargs: Callable[[User], dict] | None = None  # URL kwargs, looked up once as that user
    changelist: Callable[[User, dict], str] | None = None  # the admin changelist of the same rows
    pdf: bool = False  # compared with WeasyPrint's own render of its HTML
    overrides: dict[str, object] = field(default_factory=dict)  # settings this row is measured under


@dataclass
class Target:
    """One thing timed in every round: a page, or a yardstick."""

    label: str
    run: Callable[[], object]
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def _visible_case(user: User) -> Case:
    visible = case_list_for_user(user=user).select_related("pupil")
    case = visible.filter(lead=user).order_by("-opened_on", "pk").first() or visible.order_by("pk").first()
    if case is None:
        raise LookupError("no case for the IB")
    return case


def _case(user: User) -> dict:
    return {"uuid": _visible_case(user).uuid}


def _pupil(user: User) -> dict:
    return {"uuid": _visible_case(user).pupil.uuid}


def _editable_request(user: User) -> dict:
    school_ids = SchoolMembership.objects.held_by(user).values("school_id")
    found = Request.objects.filter(school_id__in=school_ids, status__in=EDITABLE_STATUSES).order_by("pk").first()
    if found is None:
        raise LookupError("no editable CLO request")
    return {"uuid": found.uuid}


def _school_ids(user: User) -> str:
    return ",".join(str(i) for i in SchoolMembership.objects.held_by(user).values_list("school_id", flat=True))


def _school_cases(user: User, kwargs: dict) -> str:
    return f"/{ADMIN}/cases/case/?school__id__in={_school_ids(user)}"


def _case_events(user: User, kwargs: dict) -> str:
    return f"/{ADMIN}/cases/caseevent/?case__uuid__exact={kwargs['uuid']}"


def _own_open_actions(user: User, kwargs: dict) -> str:
    return f"/{ADMIN}/cases/action/?owner__id__exact={user.pk}&status__exact=open"


def _open_requests(user: User, kwargs: dict) -> str:
    return f"/{ADMIN}/clo/request/?status__in={','.join(OPEN_STATUSES)}"


def _one_request(user: User, kwargs: dict) -> str:
    return f"/{ADMIN}/clo/request/?uuid__exact={kwargs['uuid']}"


def _all_requests(user: User, kwargs: dict) -> str:
    return f"/{ADMIN}/clo/request/"


def _all_cases(user: User, kwargs: dict) -> str:
    return f"/{ADMIN}/cases/case/"


PAGES = [
    Page("IB case list", "ib@zonnebloem.demo", "cases:case_list", changelist=_school_cases),
    Page("Case page", "ib@zonnebloem.demo", "cases:case_detail", _case, changelist=_case_events),
    Page("Director dashboard", "directeur@zonnebloem.demo", "dashboards:director", changelist=_school_cases),
    Page("IB worklist", "ib@zonnebloem.demo", "dashboards:worklist", changelist=_own_open_actions),
    Page("CLO queue", "secretaris@clo.demo", "clo:queue", changelist=_open_requests),
    Page("CLO request edit", "ib@zonnebloem.demo", "clo:request_edit", _editable_request, changelist=_one_request),
    Page("CLO dashboard", "secretaris@clo.demo", "dashboards:clo", changelist=_all_requests),
    Page("Partnership dashboard", "beleid@swv.demo", "dashboards:partnership", changelist=_all_cases),
    # The same page when its kept figures have run out: everything counted afresh (the first view
    # in every OT_PARTNERSHIP_FIGURES_SECONDS; the row above is every other view).
    Page(
        "Partnership, recounted",
        "beleid@swv.demo",
        "dashboards:partnership",
        changelist=_all_cases,
        overrides={"OT_PARTNERSHIP_FIGURES_SECONDS": 0},
    ),
    Page("Groeidocument PDF", "ib@zonnebloem.demo", "cases:growth_document_pdf", _pupil, pdf=True),
]


def _weasyprint_render(html: str) -> Callable[[], bytes]:
    """WeasyPrint on its own: the same HTML, the same stylesheets and fonts, nothing reused."""
    from weasyprint import HTML  # noqa: PLC0415 (the bench only; a cold import costs a second)
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = pdf.static_file_for(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    def render() -> bytes:
        return HTML(string=html, base_url=pdf.PDF_BASE_URL, url_fetcher=StaticFetcher()).write_pdf(
            pdf_variant="pdf/ua-1"
        )

    return render


class Command(DemoCommand):
    help = "Query count, latency and ratios of the key pages next to a bare page, the admin and WeasyPrint."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=20)
        parser.add_argument(
            "--small-factor",
            type=float,
            default=0.02,
            help="seed_scale factor of the second, small data size whose query counts are shown (0: skip).",
        )

    def handle(self, *args, requests: int, small_factor: float, **options):
        call_command("createcachetable", verbosity=0)  # the bench settings use production's database cache
        # Keep one connection for the whole run, as a server with CONN_MAX_AGE would (and so the
        # query capture sees every query): the test Client otherwise closes it after each request.
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            with override_settings(
                ROOT_URLCONF="ot_portal.demo.bench_urls",
                ALLOWED_HOSTS=["testserver", "localhost", "127.0.0.1"],
                DEBUG=False,
                OT_REQUIRE_MFA=False,
            ):
                self._run(requests, small_factor)
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)

    # --- one data size ---------------------------------------------------------------------------

    def _resolve(self) -> list[tuple[Page, Client, str, str | None]]:
        """Each page that exists on this build and in this data: (page, signed-in client, url, changelist url)."""
        users = {u.email: u for u in User.objects.filter(email__in={p.email for p in PAGES})}
        if not users:
            raise CommandError("No demo accounts: run `manage.py seed_demo` (and `seed_scale`) first.")
        resolved = []
        for page in PAGES:
            user = users.get(page.email)
            if user is None:
                continue
            try:
                kwargs = page.kwargs(user) if page.kwargs else {}
                url = reverse(page.url_name, kwargs=kwargs or None)
            except (NoReverseMatch, LookupError):
                continue
            client = Client()
            client.force_login(user)
            resolved.append((page, client, url, page.changelist(user, kwargs) if page.changelist else None))
        return resolved

    @staticmethod
    def _get(client: Client, url: str, overrides: dict[str, object] | None = None) -> int:
        if not overrides:  # the other rows are timed exactly as before, with nothing around them
            return client.get(url).status_code
        with override_settings(**overrides):
            return client.get(url).status_code

    @classmethod
    def _count(cls, client: Client, url: str, overrides: dict[str, object] | None = None) -> tuple[int, int]:
        cls._get(client, url, overrides)  # warm-up: templates, connection, session
        reset_queries()  # the query log is a bounded deque: a full one would capture nothing
        with CaptureQueriesContext(connection) as ctx:
            status = cls._get(client, url, overrides)
        return status, len(ctx.captured_queries)

    # --- the run ---------------------------------------------------------------------------------

    def _run(self, n: int, small_factor: float) -> None:
        name = connection.settings_dict.get("NAME")
        self.stdout.write(f"Database: {connection.vendor} ({name}), {n} interleaved rounds\n")
        resolved = self._resolve()
        bare_url = reverse("bench_bare")
        signed_in = Client()
        signed_in.force_login(User.objects.get(email=resolved[0][0].email) if resolved else User.objects.first())
        bare = Target("bare", lambda: signed_in.get(bare_url))
        targets = [bare]
        rows = []
        for page, client, url, changelist in resolved:
            status, queries = self._count(client, url, page.overrides)
            page_target = Target(page.label, lambda c=client, u=url, o=page.overrides: self._get(c, u, o))
            targets.append(page_target)
            admin_target = weasy_target = None
            if changelist:
                admin_status, admin_queries = self._count(client, changelist)
                if admin_status != 200:
                    raise CommandError(f"The admin changelist {changelist} answered {admin_status}.")
                admin_target = Target(f"{page.label} (admin)", lambda c=client, u=changelist: c.get(u))
                targets.append(admin_target)
            if page.pdf and status == 200:
                weasy_target = Target(f"{page.label} (WeasyPrint)", _weasyprint_render(self._pdf_html(client, url)))
                targets.append(weasy_target)
            rows.append((page, url, status, queries, page_target, admin_target, weasy_target))
        _status, bare_queries = self._count(signed_in, bare_url)
        for target in targets:  # warm-up outside the timed rounds
            target.run()
        for _ in range(n):
            for target in targets:
                start = time.perf_counter()
                target.run()
                target.times.append((time.perf_counter() - start) * 1000)

        small = self._small_size_counts(small_factor) if small_factor else {}

        self.stdout.write(
            f"{'page':<24} {'status':>6} {'queries':>7} {'q small':>7} {'median ms':>9} "
            f"{'x bare':>6} {'x admin':>7} {'admin ms':>8} {'x weasy':>7}  url"
        )
        self.stdout.write(
            f"{'Bare page, signed in':<24} {200:>6} {bare_queries:>7} {'':>7} {bare.median:>9.1f} "
            f"{1.0:>6.1f} {'':>7} {'':>8} {'':>7}  {bare_url}"
        )
        for page, url, status, queries, target, admin, weasy in rows:
            ms = target.median
            x_admin = f"{ms / admin.median:.2f}" if admin else "-"
            admin_ms = f"{admin.median:.1f}" if admin else "-"
            x_weasy = f"{ms / weasy.median:.2f}" if weasy else "-"
            q_small = small.get(page.label, "-")
            self.stdout.write(
                f"{page.label:<24} {status:>6} {queries:>7} {q_small:>7} {ms:>9.1f} "
                f"{ms / bare.median:>6.1f} {x_admin:>7} {admin_ms:>8} {x_weasy:>7}  {url}"
            )

    @staticmethod
    def _pdf_html(client: Client, url: str) -> str:
        """The HTML the PDF view hands WeasyPrint, caught on its way through render_to_pdf."""
        seen = []
        real = pdf.render_to_string

        def catch(*args, **kwargs):
            seen.append(real(*args, **kwargs))
            return seen[-1]

        with mock.patch.object(pdf, "render_to_string", catch):
            client.get(url)
        if not seen:
            raise CommandError(f"{url} rendered no PDF HTML.")
        return seen[-1]

    # --- the second data size --------------------------------------------------------------------

    def _small_size_counts(self, factor: float) -> dict[str, int]:
        """Query counts of the same pages in a small database of their own (created once, kept)."""
        settings_dict = connection.settings_dict
        old_name = settings_dict["NAME"]
        if connection.vendor == "sqlite":
            small_name = str(Path(old_name).with_name(f"{Path(old_name).stem}_bench_small.sqlite3"))
        else:
            small_name = f"{old_name}_bench_small"
        settings_dict.setdefault("TEST", {})["NAME"] = small_name
        connection.close()
        try:
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=True)
            with contextlib.redirect_stdout(io.StringIO()):  # the demo's mails go to the console
                if not User.objects.filter(email=PAGES[0].email).exists():
                    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
                call_command("seed_scale", factor=factor, stdout=io.StringIO())
            counts = {}
            for page, client, url, _changelist in self._resolve():
                status, queries = self._count(client, url, page.overrides)
                counts[page.label] = queries if status == 200 else f"({status})"
            return counts
        finally:
            connection.close()
            settings_dict["NAME"] = old_name
            settings.DATABASES[connection.alias]["NAME"] = old_name
