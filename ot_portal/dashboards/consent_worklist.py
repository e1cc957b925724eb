"""Consent figures on the IB's worklist: pupils whose consent needs the IB (access changed by the
merge of stacked records, a pupil who turned 12 or 16: ask consent again), and open actions of
people who lost access to the case. The rules live in cases/consent and cases/casefile/regie.py."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from cases.actions.selectors import action_list_for_user
from cases.casefile.regie import actions_with_owner_without_access
from cases.consent.selectors import consent_attention_for_schools
from ot_portal.core.access import AnyUser, Perm, school_ids_with
from ot_portal.core.formats import date_table
from ot_portal.dashboards.links import list_url
from ot_portal.dashboards.tables import Row, Table

LIST_ROWS = 50


def worklist_tables(*, user: AnyUser, school_ids: Iterable[int], today: date) -> list[Table]:
    consent_school_ids = set(school_ids_with(user, Perm.CONSENT_RECORD))
    consent_school_ids &= set(school_ids)
    tables = []
    if consent_school_ids:
        rows = consent_attention_for_schools(school_ids=consent_school_ids, today=today, limit=LIST_ROWS)
        tables.append(
            Table(
                key="consent_attention",
                title=_("Consent that needs you"),
                label_header=_("Pupil"),
                columns=[_("Why")],
                rows=[
                    Row(
                        r.pupil.full_name,
                        [r.reason],
                        link=list_url("cases:consent_history", uuid=r.pupil.uuid),
                        pupil_key=r.pupil.uuid,
                    )
                    for r in rows
                ],
                empty_text=_("No consent needs your attention."),
            )
        )
    orphaned = list(
        actions_with_owner_without_access(action_list_for_user(user=user).filter(case__school_id__in=school_ids))
        .select_related("owner", "case__pupil")
        .order_by("due_on", "pk")[:LIST_ROWS]
    )
    tables.append(
        Table(
            key="actions_without_access",
            title=_("Open actions of people who lost access to the case"),
            label_header=_("Action"),
            columns=[_("Pupil"), _("Owner"), _("Due")],
            rows=[
                Row(
                    a.description,
                    [a.case.pupil.full_name, a.owner.full_name if a.owner else "", date_table(a.due_on)],
                    link=list_url("cases:case_detail", uuid=a.case.uuid),
                    pupil_key=a.case.pupil.uuid,
                )
                for a in orphaned
            ],
            empty_text=_("Every open action has an owner who can still open the case."),
        )
    )
    return tables
