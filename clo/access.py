"""Access helpers of the CLO, built on ot_portal.core.access.get_for_user_or_404.

404 when the object is not visible to the user (another school's request looks like an unknown
one), 403 when it is visible but the action needs a permission the user lacks.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest

from clo import selectors
from clo.models import CommitteeMeeting, Decision, Objection, Request, ThirdPartyReport
from ot_portal.core.access import get_for_user_or_404
from ot_portal.core.audit import ObjectType


def get_request_for_user(
    http_request: HttpRequest, uuid: UUID, *, permission: str | None = None, action: str = "view"
) -> Request:
    user = http_request.user
    return get_for_user_or_404(
        http_request,
        selectors.request_list_for_user(user=user).select_related("school", "board", "case__pupil", "partnership"),
        object_type=ObjectType.CLO_REQUEST,
        action=action,
        allowed=(lambda r: permission in selectors.request_permissions(user, r)) if permission else None,
        uuid=uuid,
    )


def get_advisable_request_for_user(http_request: HttpRequest, uuid: UUID) -> Request:
    """The request, for an expert assigned to it (403 for anyone else who can see it)."""
    user = http_request.user
    return get_for_user_or_404(
        http_request,
        selectors.request_list_for_user(user=user).select_related("school", "partnership"),
        object_type=ObjectType.CLO_REQUEST,
        action="edit",
        allowed=lambda r: selectors.advising_membership(user, r) is not None,
        uuid=uuid,
    )


def get_decision_for_user(http_request: HttpRequest, uuid: UUID, *, action: str = "view") -> Decision:
    return get_for_user_or_404(
        http_request,
        selectors.decisions_for_user(user=http_request.user).select_related(
            "request__school", "request__board", "request__case__pupil", "request__partnership"
        ),
        object_type=ObjectType.CLO_DECISION,
        action=action,
        uuid=uuid,
    )


def get_meeting_for_user(http_request: HttpRequest, uuid: UUID, *, permission: str | None = None) -> CommitteeMeeting:
    user = http_request.user
    return get_for_user_or_404(
        http_request,
        selectors.meeting_list_for_user(user=user),
        object_type=ObjectType.CLO_MEETING,
        allowed=(lambda m: permission in selectors.committee_permissions(user, m.partnership_id))
        if permission
        else None,
        uuid=uuid,
    )


def get_objection_for_user(http_request: HttpRequest, uuid: UUID, *, permission: str | None = None) -> Objection:
    user = http_request.user
    return get_for_user_or_404(
        http_request,
        selectors.objection_visible_for_user(user=user).select_related(
            "decision__request__school", "decision__request__partnership"
        ),
        object_type=ObjectType.CLO_OBJECTION,
        allowed=(
            lambda o: permission in selectors.request_permissions(user, o.decision.request) if permission else True
        ),
        uuid=uuid,
    )


def get_report_for_user(http_request: HttpRequest, uuid: UUID) -> ThirdPartyReport:
    """A report with a file on a request the user sees: 404 when the request is not visible, 403
    while no consent in force covers the author's discipline."""
    user = http_request.user

    def covered(report: ThirdPartyReport) -> bool:
        return report.pk not in {r.pk for r in selectors.uncovered_reports(request=report.request)}

    return get_for_user_or_404(
        http_request,
        ThirdPartyReport.objects.filter(
            request__in=selectors.request_list_for_user(user=user), attachment__isnull=False
        ).select_related("attachment", "request__case__pupil"),
        object_type=ObjectType.CLO_REPORT,
        action="download",
        allowed=covered,
        uuid=uuid,
    )
