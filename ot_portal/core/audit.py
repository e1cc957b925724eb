"""Audit: the append-only access log and the change log (django-auditlog).

The change log must never keep special-category free text (behaviour, family, health) in clear:
models that hold such text are registered with those fields masked in full by `redact`.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any
from uuid import UUID

from auditlog.registry import auditlog
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from ot_portal.core import models as m
from ot_portal.core.holdings import holdings_of
from ot_portal.core.net import client_ip


def redact(value: str) -> str:
    """Mask a value completely (auditlog's default mask leaves half of it readable)."""
    return "[verwijderd]" if value else value


class ObjectType(StrEnum):
    """What an access-log row is about (`AccessLog.object_type`): each kind named once here.

    The values are the strings the log has stored from the start, so every existing row keeps
    reading the same (no data migration). Three spellings grew before this list existed: the plain
    concept ("case", "pupil"), the app and concept joined by an underscore ("clo_request",
    "parent_home") and Django's model label ("meetings.meeting", "cases.action", "dashboard.clo").
    The names follow one scheme, the concept in capitals; a new kind is written like the first two,
    the concept in snake case with its app in front where it needs one ("clo_report").
    """

    PAGE = "page"  # a page that is not one object (`access.require`)
    # cases
    PUPIL = "pupil"
    CASE = "case"
    ATTACHMENT = "attachment"
    CONSENT = "consent"
    INTAKE = "intake"
    GROWTH_DOCUMENT = "growth_document"
    ACTION = "action"
    ACTION_LIST = "cases.action"  # the list of all actions (one row per pupil shown)
    INVITATION = "invitation"
    ACCESS_REQUEST = "access_request"
    ACCESS_LOG = "access_log"
    # the parent pages (cases.participation), one per page
    PARENT_HOME = "parent_home"
    PARENT_CONSENT = "parent_consent"
    PARENT_CONSENT_WITHDRAW = "parent_consent_withdraw"
    PARENT_GROWTH_DOCUMENT = "parent_growth_document"
    PARENT_GROWTH_DOCUMENT_PDF = "parent_growth_document_pdf"
    PARENT_VIEW = "parent_view"
    PARENT_OPP = "parent_opp"
    PARENT_MEETINGS = "parent_meetings"
    PARENT_ACCESS = "parent_access"
    PARENT_ACCESS_REQUEST = "parent_access_request"
    PARENT_ACCESS_PDF = "parent_access_pdf"
    PARENT_ACCESS_ZIP = "parent_access_zip"
    # meetings
    MEETING_INDEX = "meetings.index"
    YEAR_PLAN = "meetings.yearplan"
    YEAR_PLAN_TASK = "meetings.yearplantask"
    MEETING = "meetings.meeting"
    AGENDA_ITEM = "meetings.agendaitem"
    THEME_DISCUSSION = "meetings.themediscussion"
    HANDOVER = "meetings.handover"
    # clo
    CLO_REQUEST = "clo_request"
    CLO_DECISION = "clo_decision"
    CLO_OBJECTION = "clo_objection"
    CLO_REPORT = "clo_report"
    CLO_MEETING = "clo_meeting"
    CLO_QUEUE = "clo_queue"
    CLO_REGISTER = "clo_register"
    CLO_TLV = "clo_tlv"
    # dashboards and their scope pickers
    SCHOOL = "school"
    PARTNERSHIP = "partnership"
    DASHBOARD_DIRECTOR = "dashboard.director"
    DASHBOARD_WORKLIST = "dashboard.worklist"
    DASHBOARD_CLO = "dashboard.clo"
    DASHBOARD_PARTNERSHIP = "dashboard.partnership"

    @classmethod
    def parent_page(cls, page: str) -> ObjectType:
        """The kind of a parent page by its name ("home" -> PARENT_HOME)."""
        return cls(f"parent_{page}")

    @classmethod
    def dashboard(cls, kind: str) -> ObjectType:
        """The kind of a dashboard by its name ("clo" -> DASHBOARD_CLO)."""
        return cls(f"dashboard.{kind}")


#: Roles column of a row written for a guardian on the parent pages (no user account).
GUARDIAN_ROLE = "guardian"


def pupil_key_path(model: type[models.Model]) -> str | None:
    """The ORM path from `model` to the UUID of the pupil its rows concern, or None.

    Models that concern one pupil declare it as `audit_pupil_path` ("uuid" on the pupil itself,
    "pupil__uuid", "case__pupil__uuid", ...): the one place a pupil is derived from an object, so
    the core names no domain model.
    """
    return getattr(model, "audit_pupil_path", None)


def _walk_cached(obj: models.Model, path: str) -> tuple[bool, Any]:
    """Follow `path` through relations already loaded on `obj`; (False, None) when one is not."""
    value: Any = obj
    *relations, attribute = path.split("__")
    for name in relations:
        if value is None:
            return True, None
        field = value._meta.get_field(name)
        if not field.is_cached(value):
            return False, None
        value = getattr(value, name)
    return True, (getattr(value, attribute) if value is not None else None)


def pupil_key_of(obj: models.Model | None) -> UUID | None:
    """The pupil `obj` concerns: from loaded relations when they are there, else one query."""
    if obj is None or (path := pupil_key_path(type(obj))) is None:
        return None
    found, value = _walk_cached(obj, path)
    key: UUID | None = (
        value if found else type(obj)._base_manager.filter(pk=obj.pk).values_list(path, flat=True).first()
    )
    return key


def pupil_keys_of(objects: Iterable[models.Model]) -> list[UUID]:
    """The distinct pupils a list of objects concerns, in list order, in at most one query."""
    objects = list(objects)
    if not objects or (path := pupil_key_path(type(objects[0]))) is None:
        return []
    keys: list[Any] = []
    for obj in objects:
        found, value = _walk_cached(obj, path)
        if not found:
            by_pk = dict(type(objects[0])._base_manager.filter(pk__in=[o.pk for o in objects]).values_list("pk", path))
            keys = [by_pk.get(o.pk) for o in objects]
            break
        keys.append(value)
    return list(dict.fromkeys(k for k in keys if k is not None))


def pupil_key_for_lookup(model: type[models.Model], **lookup: Any) -> UUID | None:
    """The pupil of an object the user may not see (for the log of a refusal; never shown)."""
    if (path := pupil_key_path(model)) is None or not lookup:
        return None
    try:
        return model._base_manager.filter(**lookup).values_list(path, flat=True).first()
    except (ValueError, ValidationError):
        return None


#: The request attribute that keeps the roles column for the rest of the request.
_ROLES_ATTR = "_ot_roles"


def _roles(request: HttpRequest | None, user: m.User | None) -> str:
    if user is None:
        return ""
    cached: str | None = getattr(request, _ROLES_ATTR, None) if request is not None else None
    if cached is None:
        holdings = holdings_of(user)
        school_roles = {f"{r}@{s}" for s, r in holdings.school}
        committee = {f"clo:{r}" for _p, r in holdings.committee}
        cached = ",".join(sorted(school_roles | committee))[:200]
        if request is not None:
            setattr(request, _ROLES_ATTR, cached)
    return cached


def _actor(request: HttpRequest | None, user: m.User | AnonymousUser | None) -> m.User | None:
    """The signed-in user the row is about: `user`, else the request's; None for a visitor."""
    found: m.User | AnonymousUser | None = user or (getattr(request, "user", None) if request is not None else None)
    if found is None or not found.is_authenticated:
        return None
    return found


def log_access(
    request: HttpRequest | None,
    *,
    object_type: ObjectType,
    object_id: str = "",
    action: str = "view",
    outcome: str = "allowed",
    user: m.User | AnonymousUser | None = None,
    obj: models.Model | None = None,
    pupil_key: UUID | str | None = None,
    guardian_key: UUID | str | None = None,
) -> None:
    """One row: who (a user, or a guardian on the parent pages), what, which pupil, the outcome.

    Pass the object (`obj`) or the pupil's UUID (`pupil_key`) whenever the access concerns a pupil.
    """
    actor = _actor(request, user)
    if pupil_key is None:
        pupil_key = pupil_key_of(obj)
    roles = _roles(request, actor) or (GUARDIAN_ROLE if guardian_key else "")
    m.AccessLog.objects.create(
        user=actor,
        roles=roles,
        object_type=object_type,
        object_id=object_id[:64],
        action=action,
        outcome=outcome,
        ip_address=client_ip(request),
        pupil_key=pupil_key,
        guardian_key=guardian_key,
    )


def log_pupils_shown(
    request: HttpRequest | None,
    *,
    object_type: ObjectType,
    pupil_keys: Iterable[UUID | str],
    action: str = "list",
    user: m.User | AnonymousUser | None = None,
    guardian_key: UUID | str | None = None,
) -> None:
    """A list page: one row per pupil it showed (one row without a pupil when it showed none),
    written in one INSERT however long the list is."""
    actor = _actor(request, user)
    roles = _roles(request, actor) or (GUARDIAN_ROLE if guardian_key else "")
    ip = client_ip(request)
    now = timezone.now()
    keys: list[UUID | str | None] = [*dict.fromkeys(pupil_keys)] or [None]
    m.AccessLog.objects.bulk_create(
        [
            m.AccessLog(
                at=now,
                user=actor,
                roles=roles,
                object_type=object_type,
                action=action,
                ip_address=ip,
                pupil_key=key,
                guardian_key=guardian_key,
            )
            for key in keys
        ],
        batch_size=500,
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
