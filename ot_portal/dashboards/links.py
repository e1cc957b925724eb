"""Links from a figure to the list behind it. A missing URL name is a bug and raises."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


def list_url(name: str, query: Mapping[str, Any] | None = None, **kwargs: Any) -> str:
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(query)}" if query else url
