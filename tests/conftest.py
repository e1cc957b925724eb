import copy
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client

from tests.matrix import build_full_world
from tests.world import build_world

# --- The persona world, built once and shared by the tests that follow ---------------------------
#
# Building the world takes about two seconds; most tests use it. A test that asks for `world` or
# `org` inside the usual per-test transaction shares the world with the tests run before it in
# this process: the world is built once, in a transaction that stays open, and each test runs in a
# savepoint inside it (pytest-django's per-test atomic becomes a savepoint) and gets its own deep
# copy of the Python objects, so a test that changes an object in memory does not leak into the
# next one. The shared world is rolled back as soon as a test needs something else: an empty
# database (`db` alone), the other world, real commits (transactional tests, live_server), or a
# world of its own (the `fresh_world` marker). Those tests build their world per test as before.

BUILDERS = {"world": build_full_world, "org": build_world}
_KIND = pytest.StashKey[str | None]()
_TRANSACTIONAL = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def _shared_kind(item: pytest.Item) -> str | None:
    """The world this test can share with its neighbours ("world" or "org"), or None."""
    if item.get_closest_marker("fresh_world"):
        return None
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    transactional = bool(
        marker and any(marker.kwargs.get(k) for k in ("transaction", "reset_sequences", "serialized_rollback"))
    ) or bool(marker and marker.args and marker.args[0])
    if transactional or names & _TRANSACTIONAL:
        return None
    if "world" in names:
        return "world"
    if "org" in names:
        return "org"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("nomigrations"):
        skip = pytest.mark.skip(reason="needs the migrated database: make test-migrations runs it")
        for item in items:
            if item.get_closest_marker("migrations"):
                item.add_marker(skip)
    for item in items:
        item.stash[_KIND] = _shared_kind(item)


class SharedWorld:
    """The one world this process keeps open for the tests that can share it."""

    def __init__(self, blocker) -> None:
        self.blocker = blocker
        self.kind: str | None = None
        self.world: SimpleNamespace | None = None
        self._outer: transaction.Atomic | None = None

    def enter(self, kind: str | None) -> None:
        """Called before a test's database transaction starts: keep, replace or close the world."""
        if kind == self.kind:
            return
        self.close()
        if kind is None:
            return
        with self.blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                world = BUILDERS[kind]()
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        self.kind, self.world, self._outer = kind, world, outer

    def close(self) -> None:
        if self._outer is None:
            return
        outer, self._outer, self.kind, self.world = self._outer, None, None, None
        with self.blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="session")
def _shared_world(django_db_setup, django_db_blocker) -> Iterator[SharedWorld]:
    shared = SharedWorld(django_db_blocker)
    yield shared
    shared.close()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):
    """Before pytest-django opens a test's transaction (or flushes for a transactional test), the
    shared world is the one this test shares, or none."""
    if fixturedef.argname == "_django_db_helper":
        shared = request.getfixturevalue("_shared_world")
        shared.enter(request.node.stash.get(_KIND, None))
    return (yield)


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations(request: pytest.FixtureRequest, django_db_blocker) -> Iterator[None]:
    """A migration test walks the schema back and forth; afterwards the database is at the newest
    migrations again, so the next test meets the schema the models describe."""
    yield
    if request.node.get_closest_marker("migrations") is None:
        return
    from django.db import connection  # noqa: PLC0415 (only for migration tests)
    from django.db.migrations.executor import MigrationExecutor  # noqa: PLC0415

    with django_db_blocker.unblock():
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _persona_world(kind: str, request: pytest.FixtureRequest) -> SimpleNamespace:
    if request.node.stash.get(_KIND, None) == kind:
        shared = request.getfixturevalue("_shared_world")
        assert shared.kind == kind, (shared.kind, kind)
        return copy.deepcopy(shared.world)
    return BUILDERS[kind]()


@pytest.fixture
def org(db, request):
    """Organisation and personas only (fast)."""
    return _persona_world("org", request)


@pytest.fixture
def world(db, request):
    """Organisation, personas and every app's objects for school A and B."""
    return _persona_world("world", request)


@pytest.fixture
def client_for():
    """client_for(user) -> a test client signed in as that user (None: anonymous)."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; no test may inherit another's failed logins."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
