"""Intake figures (aanmeldformulieren): drafts by teachers waiting for the IB.

Could move to `cases/selectors.py`. Visibility comes from `cases.selectors.intake_list_for_user`.
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from cases.intake.selectors import intake_list_for_user
from cases.models import IntakeStatus
from ot_portal.core.access import P, school_ids_with
from ot_portal.dashboards.tables import Row, Table

LIST_ROWS = 50


def worklist_tables(*, user, school_ids) -> list[Table]:
    from ot_portal.dashboards.builders import list_url

    # Only those who work on intakes (the IB) get this list; a director cannot open the drafts.
    drafting_school_ids = set(school_ids_with(user, P.INTAKE_DRAFT).values_list("school_id", flat=True))
    if not drafting_school_ids & set(school_ids):
        return []
    drafts = list(
        intake_list_for_user(user=user)
        .filter(status=IntakeStatus.DRAFT, school_id__in=drafting_school_ids & set(school_ids))
        .exclude(created_by=user)
        .select_related("pupil", "created_by")
        .order_by("updated_at")[:LIST_ROWS]
    )
    return [
        Table(
            key="intake_drafts",
            title=_("Intake drafts by teachers waiting for you"),
            label_header=_("Pupil"),
            columns=[_("Started by"), _("Last change")],
            rows=[
                Row(
                    i.pupil.full_name,
                    [str(i.created_by), formats.date_format(i.updated_at.date(), "j M Y")],
                    link=list_url("cases:intake_edit", uuid=i.uuid),
                )
                for i in drafts
            ],
            empty_text=_("No drafts are waiting."),
            link=list_url("cases:intake_list"),
        )
    ]
