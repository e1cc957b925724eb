"""Run the portal the way production runs it, on this machine only (127.0.0.1).

Shared by `scripts/prod_smoke.py` (CI) and `scripts/load.py` (`make load`): manage.py under a
chosen settings module, gunicorn under `ot_portal.settings.production` behind the proxy headers the
README documents, a small cookie-keeping HTTP client that signs in through the real allauth forms
(password, then the TOTP code it computes itself, RFC 6238), and test accounts with TOTP devices
created under the bench settings (never under production).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
_VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(_VENV_BIN / "python") if (_VENV_BIN / "python").exists() else sys.executable
GUNICORN = str(_VENV_BIN / "gunicorn") if (_VENV_BIN / "gunicorn").exists() else "gunicorn"

BENCH = "ot_portal.settings.bench"
PRODUCTION = "ot_portal.settings.production"
# What the load balancer sends: the client may put anything first in X-Forwarded-For; the balancer
# appends the address it saw. With TRUSTED_PROXY_COUNT=1 only that last entry is the client.
SPOOFED_IP = "6.6.6.6"
CLIENT_IP = "203.0.113.7"


class Failure(Exception):
    pass


def log(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args: str, settings: str, env: dict, timeout: float = 900) -> str:
    """Run manage.py; return its stdout, or raise with its output on failure."""
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise Failure(f"manage.py {' '.join(args)} failed ({settings}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def django_shell(code: str, *, env: dict, settings: str = BENCH) -> dict:
    """Run `code` in manage.py shell; it must print one JSON object as its last line."""
    out = manage("shell", "--no-imports", "-c", code, settings=settings, env=env)
    return json.loads(out.strip().splitlines()[-1])


def recreate_database(url: str) -> None:
    """DROP and CREATE the database of `url` on its server (never the server itself)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise Failure(f"unexpected database name {name!r}")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def new_totp_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode()


def totp(secret: str, *, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{value:0{digits}d}"


# Runs under the bench settings: one account per entry of OT_ACCOUNTS (JSON list of
# {"email", "like", "secret"}), with the school and committee memberships of the demo account
# `like`, the password OT_PASSWORD and a TOTP device with that secret. Refuses production.
CREATE_ACCOUNTS = r"""
import json, os, uuid
from django.apps import apps
from django.conf import settings
from django.db import transaction
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
assert settings.SETTINGS_MODULE != "ot_portal.settings.production", "test accounts are never made under production"
User = apps.get_model("core", "User")
membership_models = [apps.get_model("core", n) for n in ("SchoolMembership", "CommitteeMembership", "PartnershipRole")]
made = []
with transaction.atomic():
    for spec in json.loads(os.environ["OT_ACCOUNTS"]):
        like = User.objects.get(email=spec["like"])
        user, _ = User.objects.update_or_create(email=spec["email"], defaults={"full_name": "Test " + like.full_name})
        user.set_password(os.environ["OT_PASSWORD"])
        user.save()
        for model in membership_models:
            model.objects.filter(user=user).delete()
            for row in model.objects.filter(user=like):
                groups = list(row.groups.all()) if hasattr(row, "groups") else None
                row.pk = None
                row.id = None
                row._state.adding = True
                if hasattr(row, "uuid"):
                    row.uuid = uuid.uuid4()
                row.user = user
                row.save()
                if groups is not None:
                    row.groups.set(groups)
        Authenticator.objects.filter(user=user).delete()
        TOTP.activate(user, spec["secret"])
        made.append(user.email)
"""


def create_accounts(accounts: list[dict], *, password: str, env: dict, then: str) -> dict:
    """Create the accounts, then run `then` in the same shell (it prints the JSON returned)."""
    env = {**env, "OT_ACCOUNTS": json.dumps(accounts), "OT_PASSWORD": password}
    return django_shell(CREATE_ACCOUNTS + then, env=env)


def production_env(*, database_url: str, host: str, mail_port: int | None = None, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OT_", "EMAIL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=host,
        DATABASE_URL=database_url,
        TRUSTED_PROXY_COUNT="1",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if mail_port is not None:  # a port nothing listens on: every mail fails
        env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(mail_port), EMAIL_TIMEOUT="5")
    env.update(extra)
    return env


class Gunicorn:
    """gunicorn on 127.0.0.1 in its own process group; always stopped by `stop()` (idempotent)."""

    def __init__(self, *, env: dict, workers: int = 2, log_path: Path, extra_args: tuple[str, ...] = ()) -> None:
        self.env = env
        self.workers = workers
        self.port = free_port()
        self.log_path = log_path
        self.extra_args = extra_args
        self.proc: subprocess.Popen | None = None

    def start(self, *, host: str, timeout: float = 60) -> None:
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(  # noqa: S603
            [
                GUNICORN,
                "ot_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--error-logfile",
                "-",
                "--no-control-socket",  # its default path in $HOME would be shared by every gunicorn here
                *self.extra_args,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Failure(f"gunicorn exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                status = Browser(self.port, host).get("/accounts/login/").status
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise Failure(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
            except ProcessLookupError:
                pass
        self._log.close()


def exit_on_signals() -> None:
    """Turn SIGTERM/SIGHUP into SystemExit so that `finally:` blocks stop what was started."""

    def handler(signum, frame):
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    set_cookies: list[str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclass
class Browser:
    """One signed-in (or anonymous) user behind the load balancer: keeps its own cookies.

    The session and CSRF cookies are `Secure`; the load balancer speaks plain HTTP to the app
    servers, so cookies are kept here rather than in a jar that only returns them over https.
    """

    port: int
    host: str
    proxy_headers: bool = True
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 60

    def request(self, method: str, path: str, *, data: dict | None = None, headers: dict | None = None) -> Response:
        from urllib.parse import urlencode

        all_headers = {"Host": self.host, "User-Agent": "ot-portal-prodkit", "Accept-Language": "nl"}
        if self.proxy_headers:
            all_headers["X-Forwarded-Proto"] = "https"
            all_headers["X-Forwarded-For"] = f"{SPOOFED_IP}, {CLIENT_IP}"
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST":
            all_headers["Origin"] = f"https://{self.host}"
            all_headers.setdefault("Referer", f"https://{self.host}{path}")
        all_headers.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=all_headers)
            raw = conn.getresponse()
            payload = raw.read()
            set_cookies = raw.msg.get_all("Set-Cookie") or []
            response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, set_cookies, payload)
        finally:
            conn.close()
        for line in set_cookies:
            jar = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        return self.request("POST", path, data=data, **kwargs)

    @staticmethod
    def csrf_token(html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise Failure("no CSRF token in the form")
        return match.group(1)

    def location(self, response: Response) -> str:
        loc = response.header("Location")
        parts = urlsplit(loc)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def sign_in(self, email: str, password: str, secret: str, *, typo_first: bool = False) -> Response:
        """Password form, then the TOTP form, as a person would; returns the final redirect."""
        if typo_first:
            page = self.get("/accounts/login/")
            wrong = self.post(
                "/accounts/login/",
                {"login": email, "password": password + "x", "csrfmiddlewaretoken": self.csrf_token(page.text)},
            )
            if wrong.status != 200 or "klopt niet" not in wrong.text:
                raise Failure(f"a wrong password for {email} was not refused on the form ({wrong.status})")
        page = self.get("/accounts/login/")
        if page.status != 200:
            raise Failure(f"login page answered {page.status}")
        step1 = self.post(
            "/accounts/login/",
            {"login": email, "password": password, "csrfmiddlewaretoken": self.csrf_token(page.text)},
        )
        if step1.status != 302 or "/2fa/" not in step1.header("Location"):
            raise Failure(f"password step for {email}: {step1.status} {step1.header('Location')}\n{step1.text[:500]}")
        mfa_path = self.location(step1)
        form = self.get(mfa_path)
        if time.time() % 30 > 28:  # the code must still be valid when the server checks it
            time.sleep(30 - time.time() % 30 + 0.1)
        step2 = self.post(mfa_path, {"code": totp(secret), "csrfmiddlewaretoken": self.csrf_token(form.text)})
        if step2.status != 302 or "/accounts/" in step2.header("Location"):
            raise Failure(f"code step for {email}: {step2.status} {step2.header('Location')}\n{step2.text[:500]}")
        return step2


PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


class PrivatePostgres:
    """A PostgreSQL cluster of our own (initdb into `datadir`, its own port, trust auth on
    127.0.0.1 only), never the machine's shared server. As root, its programs run as the
    `postgres` system user (PostgreSQL refuses to run as root)."""

    def __init__(self, datadir: Path, *, port: int, log_path: Path) -> None:
        self.datadir = datadir
        self.port = port
        self.log_path = log_path
        self.url = f"postgres://postgres@127.0.0.1:{port}/ot_load"

    def _run(self, *args: str, timeout: float = 120) -> None:
        cmd = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
        if result.returncode != 0:
            raise Failure(f"{' '.join(args[:2])} failed:\n{result.stdout}\n{result.stderr}\n{self.log_tail()}")

    def _own(self, path: Path) -> None:
        if os.geteuid() == 0:
            import pwd

            pw = pwd.getpwnam("postgres")
            for p in [path, *path.rglob("*")]:
                os.chown(p, pw.pw_uid, pw.pw_gid)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def init(self) -> None:
        self.datadir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:  # the postgres user must reach the data directory
            os.chmod(self.datadir.parent, 0o711)
        self._own(self.datadir)
        self._run("initdb", "-D", str(self.datadir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def prepare_copy(self) -> None:
        """After copying a data directory here: own it, mode 0700 as PostgreSQL requires."""
        if os.geteuid() == 0:
            os.chmod(self.datadir.parent, 0o711)
        os.chmod(self.datadir, 0o700)
        (self.datadir / "postmaster.pid").unlink(missing_ok=True)
        self._own(self.datadir)

    def start(self, *, durable: bool = True) -> None:
        """Start; `durable=False` (for seeding only) skips fsync and synchronous commit."""
        self.log_path.touch()
        self._own(self.log_path)
        sync = "on" if durable else "off"
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.datadir} "
            f"-c max_connections=60 -c shared_buffers=256MB -c fsync={sync} -c synchronous_commit={sync} "
            f"-c full_page_writes={sync}"
        )
        self._run("pg_ctl", "-D", str(self.datadir), "-l", str(self.log_path), "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        if (self.datadir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, mode: str = "fast", *, durable: bool = True) -> None:
        self.stop(mode)
        self.start(durable=durable)

    def create_database(self) -> None:
        recreate_database(self.url)
