"""`make load` only: the production settings unchanged, plus the bare page of `ot_portal.demo.load_urls`
(`/__bench_bare__/`), the floor that the load test's mixed throughput is compared with."""

from .production import *  # noqa: F403

ROOT_URLCONF = "ot_portal.demo.load_urls"
