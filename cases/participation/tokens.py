"""The secrets of an invitation: the link's token and the one-time code.

Both come from `secrets` and are stored only as keyed hashes (Django's `salted_hmac`, keyed with
SECRET_KEY), so a copy of the database lets nobody open a parent page. The token's hash is also
its lookup key; a code's hash is salted with its invitation, so a code of one invitation never
matches another. No home-made cryptography: only `secrets`, `salted_hmac` and
`constant_time_compare`.
"""

from __future__ import annotations

import secrets
from uuid import UUID

from django.utils.crypto import constant_time_compare, salted_hmac

_TOKEN_SALT = "ot_portal.participation.invitation-token"
_CODE_SALT = "ot_portal.participation.invitation-code"
CODE_DIGITS = 6


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return salted_hmac(_TOKEN_SALT, token, algorithm="sha256").hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_hash(*, invitation_uuid: UUID | str, code: str) -> str:
    return salted_hmac(_CODE_SALT, f"{invitation_uuid}:{code}", algorithm="sha256").hexdigest()


def code_matches(*, invitation_uuid: UUID | str, code: str, stored_hash: str) -> bool:
    if not stored_hash:
        return False
    return constant_time_compare(code_hash(invitation_uuid=invitation_uuid, code=code), stored_hash)


def normalise_code(raw: str) -> str:
    """What a person types: spaces and dashes between the digits are allowed."""
    return "".join(ch for ch in raw if ch.isdigit())[: CODE_DIGITS + 1]
