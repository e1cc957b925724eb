"""The client address: counted from the right end of X-Forwarded-For, never what the client wrote."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from ot_portal.core.middleware import AuditlogMiddleware
from ot_portal.core.models import AccessLog
from ot_portal.core.net import client_ip

SPOOFED = "6.6.6.6"
CLIENT = "203.0.113.7"
PROXY = "10.0.0.5"


def request(xff: str | None = None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_proxies_the_peer_is_the_client_whatever_the_header_says():
    assert client_ip(request(f"{SPOOFED}, {CLIENT}")) == PROXY
    assert client_ip(None) is None


@pytest.mark.parametrize(
    ("count", "xff", "expected"),
    [
        (1, CLIENT, CLIENT),
        (1, f"{SPOOFED}, {CLIENT}", CLIENT),  # the client prepended a value of its choice
        (1, f"{SPOOFED},{SPOOFED}, {CLIENT}", CLIENT),
        (2, f"{SPOOFED}, {CLIENT}, 10.0.0.4", CLIENT),  # two proxies: second entry from the right
        (1, f"{CLIENT}:51234", CLIENT),  # a proxy that adds the port
        (1, "[2001:db8::7]:443", "2001:db8::7"),
        (1, "2001:db8::7", "2001:db8::7"),
        (2, CLIENT, PROXY),  # fewer entries than proxies: reached an app server directly
        (1, "", PROXY),
        (1, f"{CLIENT}, not-an-address", PROXY),  # never a value that is no address
        (1, f"{CLIENT}, 1.2.3.4\x00", PROXY),
    ],
)
def test_the_entry_counted_from_the_right(count, xff, expected):
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request(xff)) == expected


def test_allauth_and_the_settings_share_one_proxy_count():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT
    with override_settings(TRUSTED_PROXY_COUNT=1):
        from allauth.account.adapter import get_adapter

        assert get_adapter().get_client_ip(request(f"{SPOOFED}, {CLIENT}")) == CLIENT


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_access_log_records_the_client_not_the_spoofed_first_entry(world):
    ib = world.users["ib_a"]
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{SPOOFED}, {CLIENT}")
    client.force_login(ib)
    assert client.get(f"/casussen/{world.case_a.uuid}/").status_code == 200
    logged = set(AccessLog.objects.filter(object_id=str(world.case_a.uuid)).values_list("ip_address", flat=True))
    assert logged == {CLIENT}


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_change_log_records_the_client_not_the_spoofed_first_entry(org):
    school = org.school_a

    def view(req):
        school.name = "School A, hernoemd"
        school.save()
        return HttpResponse()

    req = request(f"{SPOOFED}, {CLIENT}")
    req.META["HTTP_X_FORWARDED_PORT"] = "1"
    req.user = AnonymousUser()
    AuditlogMiddleware(view)(req)
    entry = LogEntry.objects.get_for_object(school).latest("timestamp")
    assert entry.remote_addr == CLIENT
    assert entry.remote_port is None
