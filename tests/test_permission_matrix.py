"""Every URL of our own apps, requested by every persona, answers with exactly the expected status."""

from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ot_portal.core.models import AccessLog
from tests.factories.participation import participant_client
from tests.matrix import all_entries
from tests.world import PARTICIPANT_PERSONAS, PERSONAS

OWN_NAMESPACES = {"web", "cases", "parents", "meetings", "clo", "dashboards"}


def own_url_names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns in OWN_NAMESPACES or (namespace in OWN_NAMESPACES):
                yield from own_url_names(pattern, ns if pattern.namespace else namespace)
            elif pattern.namespace is None and namespace is None:
                # Includes without a namespace (allauth, i18n) are third-party; skip them.
                continue
        elif isinstance(pattern, URLPattern) and namespace in OWN_NAMESPACES and pattern.name:
            yield f"{namespace}:{pattern.name}"


URL_NAMES = sorted(set(own_url_names()))
ENTRIES = all_entries()


def test_every_url_has_a_matrix_entry():
    missing = [name for name in URL_NAMES if name not in ENTRIES]
    assert not missing, f"URLs without a permission-matrix entry: {missing}"
    stale = [name for name in ENTRIES if name not in URL_NAMES]
    assert not stale, f"Matrix entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("url_name", URL_NAMES)
def test_url_status_per_persona(url_name, world, client_for):
    entry = ENTRIES[url_name]

    def url_of():
        url = reverse(url_name, kwargs=entry.kwargs(world))
        return f"{url}?{urlencode(entry.query(world))}" if entry.query else url

    url = url_of()
    got, unlogged = {}, []
    for persona in PERSONAS + PARTICIPANT_PERSONAS:
        if entry.fresh_kwargs:
            url = url_of()
        if persona in PARTICIPANT_PERSONAS:
            client = participant_client(world.participant_invitations[persona])
        else:
            client = client_for(world.users.get(persona))
        logged_before = AccessLog.objects.count()
        if entry.method == "GET":
            response = client.get(url)
        else:
            data = entry.data(world) if entry.data else {}
            response = client.post(url, data)
        got[persona] = response.status_code
        if entry.logs_access and response.status_code == 200 and AccessLog.objects.count() == logged_before:
            unlogged.append(persona)
    expected = {persona: entry.status_for(persona) for persona in PERSONAS + PARTICIPANT_PERSONAS}
    assert got == expected
    assert not unlogged, f"{url_name} showed protected data without an access-log row for {unlogged}"


def test_foreign_uuid_gives_404_not_500(world, client_for):
    """An unknown UUID in any of our URLs is a plain 404 for the school's own IB."""
    import uuid

    client = client_for(world.users["ib_a"])
    for name in URL_NAMES:
        entry = ENTRIES[name]
        kwargs = entry.kwargs(world)
        if not any(isinstance(v, uuid.UUID) for v in kwargs.values()) or entry.method != "GET":
            continue
        kwargs = {k: (uuid.uuid4() if isinstance(v, uuid.UUID) else v) for k, v in kwargs.items()}
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
