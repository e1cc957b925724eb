"""Keep invitation tokens out of every log line (request logs, 404 and error logs).

The link's token is exchanged at once for a session and the browser is sent on to a URL without
it, but the first request's path still holds the token: any log line that mentions that path
shows it redacted instead.
"""

from __future__ import annotations

import logging
import re

_TOKEN_PATH = re.compile(r"(/ouders/uitnodiging/)[^/\s\"']+")


def redact(text: str) -> str:
    return _TOKEN_PATH.sub(r"\1[verwijderd]", text)


class RedactInvitationTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/ouders/uitnodiging/" in message:
            record.msg, record.args = redact(message), ()
        request = getattr(record, "request", None)
        if request is not None and "/ouders/uitnodiging/" in getattr(request, "path", ""):
            record.request = None  # the error mail/handler would print the path and its META
        return True
