import copy
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client

from tests.matrix import build_full_world
from tests.world import build_world

# --- The persona world, built once per module -----------------------------------------------------
#
# Building the world takes about two seconds; most modules use it in every test. Where every test of
# a module that touches the database asks for the same world (`world` or `org`) inside the usual
# per-test transaction, the world is built once, in a transaction that stays open for the module;
# each test then runs in a savepoint inside it (pytest-django's per-test atomic becomes a savepoint)
# and gets its own deep copy of the Python objects, so a test that changes an object in memory does
# not leak into the next one. Modules that mix worlds, or that need real commits (transactional
# tests, live_server), build the world per test as before.

BUILDERS = {"world": build_full_world, "org": build_world}
_KIND = pytest.StashKey[str | None]()


def _module_kind(items: list[pytest.Item]) -> str | None:
    kinds = set()
    for item in items:
        if item.get_closest_marker("fresh_world"):
            return None
        names = set(getattr(item, "fixturenames", ()))
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        if transactional or names & {"transactional_db", "live_server", "django_db_reset_sequences"}:
            return None
        if "world" in names:
            kinds.add("world")
        elif "org" in names:
            kinds.add("org")
        elif "db" in names or marker:
            return None  # a test that needs an empty database
    return kinds.pop() if len(kinds) == 1 else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("nomigrations"):
        skip = pytest.mark.skip(reason="needs the migrated database: make test-migrations runs it")
        for item in items:
            if item.get_closest_marker("migrations"):
                item.add_marker(skip)
    by_module: dict[pytest.Module, list[pytest.Item]] = {}
    for item in items:
        module = item.getparent(pytest.Module)
        if module is not None:
            by_module.setdefault(module, []).append(item)
    for module, module_items in by_module.items():
        module.stash[_KIND] = _module_kind(module_items)


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


@pytest.fixture(scope="module")
def _module_world(request, django_db_setup, django_db_blocker) -> Iterator[tuple[str, SimpleNamespace] | None]:
    """(kind, world) built once for this module in an outer transaction, or None."""
    kind = request.node.stash.get(_KIND, None)
    if kind is None:
        yield None
        return
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = BUILDERS[kind]()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield kind, world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _persona_world(kind: str, module_world) -> SimpleNamespace:
    if module_world is not None and module_world[0] == kind:
        return copy.deepcopy(module_world[1])
    return BUILDERS[kind]()


@pytest.fixture
def org(_module_world, db):
    """Organisation and personas only (fast)."""
    return _persona_world("org", _module_world)


@pytest.fixture
def world(_module_world, db):
    """Organisation, personas and every app's objects for school A and B."""
    return _persona_world("world", _module_world)


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
