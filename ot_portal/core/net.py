"""The client's network address, the one way every part of the portal reads it.

Behind reverse proxies (the load balancer that terminates TLS) `REMOTE_ADDR` is the nearest proxy.
Each proxy appends the address it received the request from to `X-Forwarded-For`, so with
`TRUSTED_PROXY_COUNT` proxies of our own the client is the entry that many places from the right.
Everything to the left of it was sent by the client and can say anything (`X-Forwarded-For:
6.6.6.6` must never be taken for the reader's address). allauth's rate limits (through the account
adapter), the access log and the change log all call `client_ip`.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(candidate: str) -> str | None:
    candidate = candidate.strip()
    if candidate.startswith("[") and "]" in candidate:  # "[2001:db8::1]:443"
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # "192.0.2.1:443"
        candidate = candidate.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the client as the trusted proxies saw it, or the peer's without proxies.

    With fewer `X-Forwarded-For` entries than trusted proxies (a request that reached an app server
    directly) or an entry that is no IP address, the connecting peer's address is used: never a
    value the client chose.
    """
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(entries) < count:
        return remote
    return _valid(entries[-count]) or remote
