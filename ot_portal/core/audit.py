"""Audit: the append-only access log and the change log (django-auditlog).

The change log must never keep special-category free text (behaviour, family, health) in clear:
models that hold such text are registered with those fields masked in full by `redact`.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.registry import auditlog
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.http import HttpRequest

from ot_portal.core import models as m
from ot_portal.core.net import client_ip


def redact(value: str) -> str:
    """Mask a value completely (auditlog's default mask leaves half of it readable)."""
    return "[verwijderd]" if value else value


def log_access(
    request: HttpRequest | None,
    *,
    object_type: str,
    object_id: str = "",
    action: str = "view",
    outcome: str = "allowed",
    user: m.User | AnonymousUser | None = None,
) -> None:
    actor = user or (getattr(request, "user", None) if request is not None else None)
    user = actor if isinstance(actor, m.User) else None  # a visitor who is not signed in: no user
    roles = ""
    if user is not None:
        cached = getattr(request, "_ot_roles", None) if request is not None else None
        if cached is None:
            school_roles = {
                f"{r}@{s}" for r, s in m.SchoolMembership.objects.held_by(user).values_list("role", "school_id")
            }
            committee = {f"clo:{r}" for r in m.CommitteeMembership.objects.held_by(user).values_list("role", flat=True)}
            cached = ",".join(sorted(school_roles | committee))[:200]
            if request is not None:
                request._ot_roles = cached  # type: ignore[attr-defined]  # once per request
        roles = cached
    m.AccessLog.objects.create(
        user=user,
        roles=roles,
        object_type=object_type,
        object_id=object_id[:64],
        action=action,
        outcome=outcome,
        ip_address=client_ip(request),
    )


def register(model: type[Model], *, redact_fields: Iterable[str] = (), exclude_fields: Iterable[str] = ()) -> None:
    """Put `model` in the change log, masking `redact_fields` in full."""
    auditlog.register(
        model,
        mask_fields=list(redact_fields),
        mask_callable="ot_portal.core.audit.redact",
        exclude_fields=list(exclude_fields),
    )


def register_organisation_models() -> None:
    for model in (
        m.Partnership,
        m.PartnershipSettings,
        m.ExpertDiscipline,
        m.Board,
        m.District,
        m.School,
        m.SupportTeamRole,
        m.SchoolMembership,
        m.CommitteeMembership,
        m.PartnershipRole,
    ):
        register(model)
    register(m.User, exclude_fields=["password", "last_login"])
