"""Production boots: the documented deploy, started for real on this machine (CI runs it after `make test`).

1. A database of its own (`ot_prod_smoke` on the PostgreSQL server of DATABASE_URL, default
   127.0.0.1:5432), dropped and created anew; `migrate` under the production settings.
2. Demo data and three test accounts with TOTP devices (an IB, a director, the CLO secretary),
   seeded under the bench settings; the production settings never seed.
3. Under `ot_portal.settings.production`: `collectstatic`, `createcachetable`, gunicorn on
   127.0.0.1 (a free port), reached with the load balancer's headers (X-Forwarded-Proto: https,
   X-Forwarded-For with a spoofed first entry).
4. Sign-in with password and TOTP code through the real allauth forms (one with a typo first), the
   key pages (home, case list, case page, director dashboard, CLO queue, groeidocument PDF) answer
   200 with the security headers; the access log holds the client's address, not the spoofed one;
   a password reset with an unreachable mail server shows the Dutch message, not a 500.
gunicorn is stopped in every case. Usage: `.venv/bin/python scripts/prod_smoke.py` (or `make smoke`).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import prodkit as kit  # noqa: E402

HOST = "ot.smoke.test"
PASSWORD = "Rook-test-" + secrets.token_hex(8)
ACCOUNTS = {
    "ib": ("rooktest-ib@smoke.test", "ib@zonnebloem.demo"),
    "director": ("rooktest-directeur@smoke.test", "directeur@zonnebloem.demo"),
    "clo": ("rooktest-clo@smoke.test", "secretaris@clo.demo"),
}

# Under the bench settings: the URLs of the pages to check, found by name, for the test IB's school.
FIND_PAGES = r"""
import json
from django.apps import apps
from django.urls import reverse
User = apps.get_model("core", "User")
Case = apps.get_model("cases", "Case")
ib = User.objects.get(email="rooktest-ib@smoke.test")
school_ids = list(ib.school_memberships.values_list("school_id", flat=True))
case = Case.objects.filter(school_id__in=school_ids).select_related("pupil").order_by("pk").first()
print(json.dumps({
    "home": reverse("web:home"),
    "case_list": reverse("cases:case_list"),
    "case": reverse("cases:case_detail", kwargs={"uuid": case.uuid}),
    "case_uuid": str(case.uuid),
    "pdf": reverse("cases:growth_document_pdf", kwargs={"uuid": case.pupil.uuid}),
    "director": reverse("dashboards:director"),
    "clo_queue": reverse("clo:queue"),
}))
"""

SECURITY_HEADERS = {
    "Strict-Transport-Security": lambda v: "max-age=31536000" in v and "includeSubDomains" in v,
    "Content-Security-Policy": lambda v: "default-src 'self'" in v and "frame-ancestors 'none'" in v,
    "X-Content-Type-Options": lambda v: v == "nosniff",
    "Referrer-Policy": lambda v: v == "same-origin",
    "X-Frame-Options": lambda v: v == "DENY",
    "Cross-Origin-Opener-Policy": lambda v: v == "same-origin",
}


class Checks:
    def __init__(self) -> None:
        self.passed = 0

    def ok(self, condition: bool, what: str, detail: str = "") -> None:
        if not condition:
            raise kit.Failure(f"FAILED: {what}\n{detail}".rstrip())
        self.passed += 1
        kit.log(f"  ok  {what}")

    def page(self, browser: kit.Browser, path: str, what: str, *, pdf: bool = False) -> kit.Response:
        response = browser.get(path)
        self.ok(response.status == 200, f"{what} {path} answers 200", f"got {response.status}\n{response.text[:800]}")
        missing = [name for name, good in SECURITY_HEADERS.items() if not good(response.header(name))]
        self.ok(not missing, f"{what}: security headers", f"missing or wrong: {missing}\n{response.headers}")
        self.ok(response.header("Cache-Control") == "no-store", f"{what}: Cache-Control no-store")
        if pdf:
            self.ok(
                response.header("Content-Type").startswith("application/pdf") and response.body.startswith(b"%PDF"),
                f"{what} is a PDF",
            )
        else:
            self.ok("text/html" in response.header("Content-Type") and "</html>" in response.text, f"{what} is HTML")
            csp = response.header("Content-Security-Policy")
            self.ok("script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp, f"{what}: scripts by nonce only")
        return response


def smoke_database_url() -> str:
    if os.environ.get("SMOKE_DATABASE_URL"):
        return os.environ["SMOKE_DATABASE_URL"]
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        return urlsplit(base)._replace(path="/ot_prod_smoke").geturl()
    return "postgres://postgres@127.0.0.1:5432/ot_prod_smoke"


def main() -> int:
    kit.exit_on_signals()
    started = time.monotonic()
    database_url = smoke_database_url()
    workdir = Path(tempfile.mkdtemp(prefix="ot-prod-smoke-"))
    prod = kit.production_env(database_url=database_url, host=HOST, mail_port=kit.free_port())
    bench = {**prod, "DJANGO_SECRET_KEY": "bench-only", "OT_REQUIRE_MFA": "0"}
    secrets_ = {role: kit.new_totp_secret() for role in ACCOUNTS}
    gunicorn = kit.Gunicorn(env=prod, workers=2, log_path=workdir / "gunicorn.log")
    checks = Checks()
    collect = None
    try:
        kit.log(f"Production smoke test: database {urlsplit(database_url).path.lstrip('/')}, work dir {workdir}")
        # collectstatic needs no database: run it while the database is prepared.
        collect_log = open(workdir / "collectstatic.log", "w")  # noqa: SIM115
        collect = subprocess.Popen(  # noqa: S603
            [kit.PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=kit.ROOT,
            env=prod,
            stdout=collect_log,
            stderr=subprocess.STDOUT,
        )
        kit.recreate_database(database_url)
        kit.manage("migrate", "--noinput", "-v0", settings=kit.PRODUCTION, env=prod)
        kit.log(f"  migrated under production settings ({time.monotonic() - started:.0f} s)")
        kit.manage("createcachetable", settings=kit.PRODUCTION, env=prod)
        kit.manage("seed_demo", settings=kit.BENCH, env=bench)
        pages = kit.create_accounts(
            [{"email": email, "like": like, "secret": secrets_[role]} for role, (email, like) in ACCOUNTS.items()],
            password=PASSWORD,
            env=bench,
            then=FIND_PAGES,
        )
        kit.log(f"  demo data and test accounts seeded under bench settings ({time.monotonic() - started:.0f} s)")
        if collect.wait(timeout=300) != 0:
            collect_log.close()
            raise kit.Failure("collectstatic failed:\n" + (workdir / "collectstatic.log").read_text())
        collect_log.close()
        checks.ok(True, "collectstatic under production settings (manifest storage)")

        gunicorn.start(host=HOST)
        kit.log(f"  gunicorn on 127.0.0.1:{gunicorn.port} ({time.monotonic() - started:.0f} s)")
        run_checks(checks, gunicorn, pages, secrets_)
        checks.ok("Mail not sent" in (workdir / "gunicorn.log").read_text(), "the mail failure is in the server log")
    except kit.Failure as exc:
        kit.log(str(exc))
        if gunicorn.proc is not None:
            kit.log("--- gunicorn log (tail) ---\n" + gunicorn.log_tail())
        kit.log(f"Production smoke test FAILED after {checks.passed} checks")
        return 1
    finally:
        gunicorn.stop()
        if collect is not None and collect.poll() is None:
            collect.kill()
    shutil.rmtree(workdir, ignore_errors=True)  # kept only when something failed
    kit.log(f"Production smoke test passed: {checks.passed} checks in {time.monotonic() - started:.0f} s")
    return 0


def run_checks(checks: Checks, gunicorn: kit.Gunicorn, pages: dict, secrets_: dict) -> None:
    port = gunicorn.port
    # Without the balancer's header the request is plain HTTP: redirected to https.
    direct = kit.Browser(port, HOST, proxy_headers=False).get("/")
    checks.ok(direct.status == 301 and direct.header("Location").startswith(f"https://{HOST}/"), "plain HTTP → https")
    anon = kit.Browser(port, HOST)
    checks.ok(anon.get(pages["case_list"]).status == 302, "anonymous case list → sign-in")

    ib = kit.Browser(port, HOST)
    final = ib.sign_in(ACCOUNTS["ib"][0], PASSWORD, secrets_["ib"], typo_first=True)
    checks.ok(final.status == 302, "IB signs in: typo, password, TOTP code")
    session = [c for c in final.set_cookies if c.startswith("sessionid=")]
    checks.ok(
        bool(session) and "Secure" in session[0] and "HttpOnly" in session[0], "session cookie is Secure and HttpOnly"
    )
    home = checks.page(ib, pages["home"], "IB home")
    checks.page(ib, pages["case_list"], "IB case list")
    checks.page(ib, pages["case"], "IB case page")
    checks.page(ib, pages["pdf"], "groeidocument PDF", pdf=True)
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', home.text)
    checks.ok(css is not None, "pages link the hashed Bootstrap file")
    static = ib.get(css.group(1), headers={"Accept-Encoding": "br, gzip"})
    checks.ok(
        static.status == 200 and "max-age=315360000" in static.header("Cache-Control"),
        "whitenoise serves it, cached for good",
        f"{static.status} {static.headers}",
    )
    ips = access_log_addresses(pages["case_uuid"])
    checks.ok(
        ips == {kit.CLIENT_IP}, f"access log has the client {kit.CLIENT_IP}, not the spoofed {kit.SPOOFED_IP}", str(ips)
    )

    director = kit.Browser(port, HOST)
    signed_in = director.sign_in(ACCOUNTS["director"][0], PASSWORD, secrets_["director"])
    checks.ok(signed_in.status == 302, "director signs in")
    checks.page(director, pages["director"], "director dashboard")

    clo = kit.Browser(port, HOST)
    checks.ok(clo.sign_in(ACCOUNTS["clo"][0], PASSWORD, secrets_["clo"]).status == 302, "CLO secretary signs in")
    checks.page(clo, pages["clo_queue"], "CLO queue")

    # Mail server unreachable: the reset form says so in Dutch and the error is logged.
    reset = kit.Browser(port, HOST)
    form = reset.get("/accounts/password/reset/")
    sent = reset.post(
        "/accounts/password/reset/",
        {"email": ACCOUNTS["ib"][0], "csrfmiddlewaretoken": kit.Browser.csrf_token(form.text)},
    )
    checks.ok(sent.status == 302, "password reset without a mail server is no 500", f"{sent.status}\n{sent.text[:500]}")
    after = reset.get(reset.location(sent))
    checks.ok("De e-mail kon niet worden verstuurd" in after.text, "… and shows the Dutch message")


def access_log_addresses(case_uuid: str) -> set[str]:
    import psycopg

    with psycopg.connect(smoke_database_url(), connect_timeout=10) as conn:
        rows = conn.execute(
            "SELECT DISTINCT host(ip_address) FROM core_accesslog WHERE object_id = %s", [case_uuid]
        ).fetchall()
    return {row[0] for row in rows}


if __name__ == "__main__":
    sys.exit(main())
