"""Links from a figure to the list behind it. A missing URL name is a bug and raises."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse


def list_url(name: str, query: dict | None = None, **kwargs) -> str:
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(query)}" if query else url
