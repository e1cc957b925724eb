"""`make load` only: the production settings unchanged, plus the bench URLconf's bare page
(`/__bench_bare__/`), the floor that the load test's mixed throughput is compared with."""

from .production import *  # noqa: F403

ROOT_URLCONF = "ot_portal.dashboards.bench_urls"
