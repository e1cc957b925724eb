"""Sending the code by text message (SMS), the second channel next to the mail.

`OT_SMS_BACKEND` names a class with `send(*, to: str, text: str) -> None` (dotted path). Without
one — the default — no SMS is sent and the school gives the code to the parent (it is shown once
on the IB's invitation screen). Tests use `RecordingSmsBackend`. A backend raises `SmsError` when
the provider refuses; the text is never logged (it holds the code).
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The provider did not take the message."""


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str) -> None: ...


class RecordingSmsBackend:
    """Keeps every message in `outbox` (tests, and a demo without a provider contract)."""

    outbox: list[dict[str, str]] = []

    def send(self, *, to: str, text: str) -> None:
        type(self).outbox.append({"to": to, "text": text})


def sms_backend() -> SmsBackend | None:
    path = getattr(settings, "OT_SMS_BACKEND", "") or ""
    return import_string(path)() if path else None
