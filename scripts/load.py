"""`make load`: a bounded mixed read/write load on gunicorn under the production settings, with a
PostgreSQL restart halfway, then: req/s, p50/p95/p99, errors (inside or outside the restart
window) and a count in the database of every write the server acknowledged.

Everything runs on 127.0.0.1 and is stopped at the end, whatever happens:
1. A PostgreSQL cluster of its own (initdb into a temporary directory, port 55432 or a free one);
   never the machine's shared server.
2. Under the bench settings: `migrate`, `seed_demo`, `seed_scale` (partnership scale unless
   LOAD_FACTOR says otherwise), then test accounts with TOTP devices (8 IBs of scale schools, 2
   directors). Tables are analysed as autovacuum would have (only those with > 50 + 10 % changed
   rows), then the cluster restarts with fsync and synchronous commit on.
3. Under `ot_portal.settings.load` (production plus the bench's bare page): collectstatic,
   createcachetable, gunicorn with 4 workers; each account signs in with password and TOTP code.
4. locust (scripts/locustfile.py), 10 users, closed loop: first LOAD_BARE_SECONDS (15) on the
   signed-in bare page, then LOAD_SECONDS (60) of the mixed profile; at half time PostgreSQL is
   restarted (`pg_ctl restart -m fast`). Each phase also stops after LOAD_MAX_REQUESTS requests.
Exit status 1 when an acknowledged write is missing or doubled, or an error falls outside the
restart window. Not part of `make test` or CI.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import prodkit as kit  # noqa: E402

USERS_IB = 8
USERS_DIRECTOR = 2
PASSWORD = "Belasting-" + secrets.token_hex(8)
FACTOR = os.environ.get("LOAD_FACTOR", "1")
MIXED_SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
BARE_SECONDS = int(os.environ.get("LOAD_BARE_SECONDS", "15"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "60000"))
RESTART_GRACE = 1.0  # errors up to this long after PostgreSQL is back count as "in the restart window"

# Under the bench settings, after the accounts exist: the URLs and, per test IB, open cases and
# pupils of that IB's school.
FIND_DATA = r"""
import json
from django.apps import apps
from django.urls import reverse
User = apps.get_model("core", "User")
Case = apps.get_model("cases", "Case")
ZERO = "00000000-0000-0000-0000-000000000000"
def template(name):
    return reverse(name, kwargs={"uuid": ZERO}).replace(ZERO, "{uuid}")
out = {"urls": {
    "home": reverse("web:home"),
    "case_list": reverse("cases:case_list"),
    "pupil_list": reverse("cases:pupil_list"),
    "worklist": reverse("dashboards:worklist"),
    "director": reverse("dashboards:director"),
    "case": template("cases:case_detail"),
    "growth": template("cases:growth_document"),
}, "ib": {}}
for spec in json.loads(os.environ["OT_ACCOUNTS"]):
    if "-ib" not in spec["email"]:
        continue
    user = User.objects.get(email=spec["email"])
    schools = list(user.school_memberships.values_list("school_id", flat=True))
    open_cases = Case.objects.filter(school_id__in=schools).exclude(status="closed").order_by("pk")
    cases = list(open_cases.values_list("uuid", "pupil__uuid")[:60])
    out["ib"][spec["email"]] = {"cases": [str(c) for c, _ in cases], "pupils": sorted({str(p) for _, p in cases})}
print(json.dumps(out))
"""

# Autovacuum's rule (autovacuum_analyze_threshold 50 + scale factor 0.1): analyse what a
# long-running server would have analysed by now, and nothing else.
ANALYZE_AS_AUTOVACUUM = """
SELECT s.schemaname, s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
WHERE s.n_mod_since_analyze > 50 + 0.1 * GREATEST(c.reltuples, 0)
"""

COUNT_WRITES = r"""
import json, os, re
from django.apps import apps
run = os.environ["OT_RUN"]
prefix = f"LOAD-{run}-"
pattern = re.compile(re.escape(prefix) + r"[a-z]+\d+-\d+")
counts = {}
sources = [
    ("cases", "CaseNote", "text", {}),
    ("cases", "Action", "description", {}),
    ("cases", "GrowthDocumentChange", "new_value", {"field": "pupil_view"}),
]
for app, model, field, extra in sources:
    rows = apps.get_model(app, model).objects.filter(**{f"{field}__contains": prefix}, **extra)
    for value in rows.values_list(field, flat=True):
        for marker in pattern.findall(value or ""):
            counts[marker] = counts.get(marker, 0) + 1
print(json.dumps(counts))
"""


def pg_port() -> int:
    wanted = int(os.environ.get("LOAD_PG_PORT", "55432"))
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", wanted))
            return wanted
        except OSError:
            return kit.free_port()


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def run_locust(*, phase: str, users: int, seconds: int, config_path: Path, work: Path, host: str) -> subprocess.Popen:
    env = {**os.environ, "OT_LOAD_CONFIG": str(config_path), "LOAD_PHASE": phase}
    log = open(work / f"locust.{phase}.log", "w")  # noqa: SIM115 - the process owns it until it ends
    return subprocess.Popen(  # noqa: S603
        [
            str(Path(kit.PYTHON).parent / "locust"),
            "-f",
            str(Path(__file__).resolve().parent / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            f"http://{host}",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=kit.ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def summarise(record: dict) -> dict:
    reqs = record["requests"]
    if not reqs:
        raise kit.Failure("locust recorded no requests")
    start = min(r[0] for r in reqs)
    end = max(r[0] + r[1] / 1000 for r in reqs)
    times = sorted(r[1] for r in reqs)
    return {
        "count": len(reqs),
        "seconds": end - start,
        "rps": len(reqs) / (end - start),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "errors": [r for r in reqs if r[5]],
        "writes": sum(1 for r in reqs if r[2] == "POST"),
    }


def main() -> int:
    kit.exit_on_signals()
    started = time.monotonic()
    run_id = secrets.token_hex(4)
    work = Path(tempfile.mkdtemp(prefix="ot-load-"))
    pg = kit.PrivatePostgres(work / "pgdata", port=pg_port(), log_path=work / "postgres.log")
    gunicorn = None
    collect = None
    try:
        kit.log(f"make load: run {run_id}, work dir {work}, own PostgreSQL on 127.0.0.1:{pg.port}")
        pg.init()
        pg.start(durable=False)
        pg.create_database()
        prod = kit.production_env(database_url=pg.url, host="127.0.0.1", mail_port=kit.free_port())
        prod["DJANGO_SETTINGS_MODULE"] = "ot_portal.settings.load"
        gunicorn = kit.Gunicorn(env=prod, workers=4, log_path=work / "gunicorn.log")
        host = f"127.0.0.1:{gunicorn.port}"
        bench = {**prod, "DJANGO_SECRET_KEY": "bench-only", "OT_REQUIRE_MFA": "0"}
        collect_log = open(work / "collectstatic.log", "w")  # noqa: SIM115
        collect = subprocess.Popen(  # noqa: S603
            [kit.PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=kit.ROOT,
            env=prod,
            stdout=collect_log,
            stderr=subprocess.STDOUT,
        )
        kit.manage("migrate", "--noinput", "-v0", settings="ot_portal.settings.load", env=prod)
        kit.manage("createcachetable", settings="ot_portal.settings.load", env=prod)
        kit.manage("seed_demo", settings=kit.BENCH, env=bench)
        kit.log(f"  migrated, demo data ({time.monotonic() - started:.0f} s); seed_scale --factor {FACTOR} …")
        kit.manage("seed_scale", "--factor", FACTOR, settings=kit.BENCH, env=bench)
        # Each test IB works at a scale school of its own (no two users edit one groeidocument).
        ibs, directors = scale_staff(pg.url)
        if not ibs or not directors:
            raise kit.Failure("seed_scale made no scale staff (ib01@schaal.demo, directeur01@schaal.demo)")
        accounts, secrets_ = [], {}
        for i in range(USERS_IB):
            accounts.append({"email": f"belasting-ib{i + 1:02d}@load.test", "like": ibs[i % len(ibs)]})
        for i in range(USERS_DIRECTOR):
            accounts.append({"email": f"belasting-dir{i + 1:02d}@load.test", "like": directors[i % len(directors)]})
        for spec in accounts:
            spec["secret"] = secrets_[spec["email"]] = kit.new_totp_secret()
        data = kit.create_accounts(accounts, password=PASSWORD, env=bench, then=FIND_DATA)
        analysed = analyse_as_autovacuum(pg.url)
        kit.log(f"  scale data and accounts ({time.monotonic() - started:.0f} s); analysed {analysed} tables")
        pg.restart(durable=True)
        if collect.wait(timeout=300) != 0:
            raise kit.Failure("collectstatic failed:\n" + (work / "collectstatic.log").read_text())
        collect_log.close()

        gunicorn.start(host=host)
        sessions = {"ib": [], "director": []}
        for spec in accounts:
            browser = kit.Browser(gunicorn.port, host)
            browser.sign_in(spec["email"], PASSWORD, spec["secret"])
            if browser.get(data["urls"]["home"]).status != 200 or "csrftoken" not in browser.cookies:
                raise kit.Failure(f"{spec['email']}: no home page or CSRF cookie after sign-in")
            role = "ib" if "-ib" in spec["email"] else "director"
            slot = {"cookies": dict(browser.cookies)}
            if role == "ib":
                slot.update(data["ib"][spec["email"]])
                if not slot["cases"]:
                    raise kit.Failure(f"no open cases for {spec['email']}")
            sessions[role].append(slot)
        kit.log(f"  gunicorn (4 workers) on {host}, {len(accounts)} accounts signed in with TOTP")
        config = {
            "host": host,
            "run": run_id,
            "out": str(work / "record"),
            "max_requests": MAX_REQUESTS,
            "bare": "/__bench_bare__/",
            "urls": data["urls"],
            **sessions,
        }
        config_path = work / "config.json"
        config_path.write_text(json.dumps(config))
        users = USERS_IB + USERS_DIRECTOR

        kit.log(f"  phase 1: signed-in bare page, {users} users, {BARE_SECONDS} s")
        bare_proc = run_locust(
            phase="bare", users=users, seconds=BARE_SECONDS, config_path=config_path, work=work, host=host
        )
        bare_proc.wait(timeout=BARE_SECONDS + 60)
        kit.log(f"  phase 2: mixed profile, {users} users, {MIXED_SECONDS} s, PostgreSQL restart at half time")
        mixed_proc = run_locust(
            phase="mixed", users=users, seconds=MIXED_SECONDS, config_path=config_path, work=work, host=host
        )
        restart = {}

        def restart_halfway():
            time.sleep(MIXED_SECONDS / 2)
            if mixed_proc.poll() is None:
                restart["down"] = time.time()
                pg.restart("fast")
                restart["up"] = time.time()

        restarter = threading.Thread(target=restart_halfway, daemon=True)
        restarter.start()
        mixed_proc.wait(timeout=MIXED_SECONDS + 60)
        restarter.join(timeout=90)

        bare_record = load_record(work, "bare")
        mixed_record = load_record(work, "mixed")
        counts = kit.django_shell(COUNT_WRITES, env={**bench, "OT_RUN": run_id})
        return report(bare_record, mixed_record, counts, restart, time.monotonic() - started)
    except kit.Failure as exc:
        kit.log(str(exc))
        if gunicorn is not None and gunicorn.proc is not None:
            kit.log("--- gunicorn log (tail) ---\n" + gunicorn.log_tail())
        kit.log("make load FAILED")
        return 1
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        if collect is not None and collect.poll() is None:
            collect.kill()
        try:
            pg.stop("immediate")
        except kit.Failure as exc:
            kit.log(f"(stopping PostgreSQL: {exc})")
        if os.environ.get("LOAD_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


def scale_staff(url: str) -> tuple[list[str], list[str]]:
    import psycopg

    with psycopg.connect(url, connect_timeout=10) as conn:
        emails = [
            r[0] for r in conn.execute("SELECT email FROM core_user WHERE email LIKE '%%@schaal.demo' ORDER BY email")
        ]
    return [e for e in emails if e.startswith("ib")], [e for e in emails if e.startswith("directeur")]


def analyse_as_autovacuum(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        time.sleep(1.0)  # table statistics are flushed to shared memory within a second
        tables = conn.execute(ANALYZE_AS_AUTOVACUUM).fetchall()
        for schema, name in tables:
            conn.execute(f'ANALYZE "{schema}"."{name}"')
    return len(tables)


def load_record(work: Path, phase: str) -> dict:
    path = work / f"record.{phase}.json"
    if not path.exists():
        log = (work / f"locust.{phase}.log").read_text(errors="replace")
        raise kit.Failure(f"locust ({phase}) wrote no record:\n{log[-3000:]}")
    return json.loads(path.read_text())


def report(bare_record: dict, mixed_record: dict, counts: dict, restart: dict, total_seconds: float) -> int:
    bare = summarise(bare_record)
    mixed = summarise(mixed_record)
    down, up = restart.get("down"), restart.get("up")

    def in_window(r) -> bool:
        return down is not None and r[0] + r[1] / 1000 >= down and r[0] <= up + RESTART_GRACE

    errors_in = [r for r in mixed["errors"] if in_window(r)]
    errors_out = [r for r in mixed["errors"] if not in_window(r)] + bare["errors"]
    writes = mixed_record["writes"]
    acked = [w for w in writes if w["ack"]]
    lost = [w["marker"] for w in acked if counts.get(w["marker"], 0) == 0]
    doubled = [m for m, n in counts.items() if n > 1]
    unacked_present = [w["marker"] for w in writes if not w["ack"] and counts.get(w["marker"], 0)]
    unknown = set(counts) - {w["marker"] for w in writes}
    ratio = mixed["rps"] / bare["rps"] if bare["rps"] else 0.0

    kit.log("")
    head = ("requests", "seconds", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    kit.log(f"{'phase':<12} " + " ".join(f"{h:>9}" for h in head))
    for label, s in (("bare page", bare), ("mixed", mixed)):
        kit.log(
            f"{label:<12} {s['count']:>9} {s['seconds']:>9.1f} {s['rps']:>9.1f} {s['p50']:>9.0f} {s['p95']:>9.0f} "
            f"{s['p99']:>9.0f} {len(s['errors']):>9}"
        )
    kit.log("")
    by_name: dict[str, list[float]] = {}
    for r in mixed_record["requests"]:
        by_name.setdefault(r[3], []).append(r[1])
    kit.log(f"{'mixed: request':<24} {'count':>7} {'share':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in sorted(by_name.items(), key=lambda kv: -len(kv[1])):
        values.sort()
        kit.log(
            f"{name:<24} {len(values):>7} {len(values) / mixed['count']:>6.1%} {percentile(values, 50):>8.0f} "
            f"{percentile(values, 95):>8.0f}"
        )
    kit.log("")
    kit.log(f"writes: {mixed['writes']} of {mixed['count']} requests ({mixed['writes'] / mixed['count']:.1%})")
    kit.log(f"mixed throughput / bare page: {ratio:.2f}x (goal >= 0.33: {'met' if ratio >= 1 / 3 else 'not met'})")
    if down is not None:
        kit.log(f"PostgreSQL restart: down for {up - down:.1f} s at {time.strftime('%H:%M:%S', time.localtime(down))}")
    else:
        kit.log("PostgreSQL restart: not done (the mixed phase ended before half time)")
    kit.log(f"errors: {len(errors_in)} in the restart window, {len(errors_out)} outside it")
    for r in errors_out[:10]:
        kit.log(f"  outside: {r[2]} {r[3]} HTTP {r[4]} at {time.strftime('%H:%M:%S', time.localtime(r[0]))}")
    kit.log(
        f"acknowledged writes: {len(acked)}; in the database exactly once: {len(acked) - len(lost)}; "
        f"missing: {len(lost)}; doubled: {len(doubled)}; unacknowledged but saved: {len(unacked_present)}"
        + (f"; unknown markers: {len(unknown)}" if unknown else "")
    )
    kit.log(f"total time {total_seconds:.0f} s")
    failed = bool(lost or doubled or errors_out or down is None)
    kit.log("make load: " + ("FAILED" if failed else "passed (0 lost or doubled writes, 0 errors outside the restart)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
