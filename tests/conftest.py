import pytest
from django.test import Client

from tests.matrix import build_full_world
from tests.world import build_world


@pytest.fixture
def org(db):
    """Organisation and personas only (fast)."""
    return build_world()


@pytest.fixture
def world(db):
    """Organisation, personas and every app's objects for school A and B."""
    return build_full_world()


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
