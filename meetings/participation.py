"""The meetings on the parent pages (registered in apps.py, see cases/participation/meetings.py):
every OT meeting where the pupil is on the agenda, with date, time, the roles attending (roles,
not names) and, once the minutes are approved, the interventions agreed. A fixed number of
queries however many meetings there are."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from cases.pupils.models import Pupil
from meetings.models import AgendaItem, AgreedIntervention, MeetingStatus, Participant, ParticipantKind
from ot_portal.core.models import Role, SchoolMembership


def parent_meetings(pupil: Pupil) -> list[dict[str, Any]]:
    items = list(
        AgendaItem.objects.filter(case__pupil=pupil)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting", "minutes")
        .prefetch_related(
            Prefetch("meeting__participants", queryset=Participant.objects.order_by("kind", "pk")),
            Prefetch("interventions", queryset=AgreedIntervention.objects.select_related("intervention")),
        )
    )
    user_ids = {p.user_id for item in items for p in item.meeting.participants.all() if p.user_id}
    roles: dict[int, str] = {}
    for user_id, role in (
        SchoolMembership.objects.active()
        .filter(school_id=pupil.school_id, user_id__in=user_ids)
        .values_list("user_id", "role")
    ):
        roles.setdefault(user_id, str(Role(role).label))
    rows = []
    for item in items:
        meeting = item.meeting
        attending = []
        for p in meeting.participants.all():
            if p.item_id not in (None, item.pk):
                continue
            label = roles.get(p.user_id) if p.user_id else None
            label = label or str(ParticipantKind(p.kind).label)
            if label not in attending:
                attending.append(label)
        agreements = []
        if meeting.status == MeetingStatus.APPROVED:
            agreements = [link.intervention.description for link in item.interventions.all()]
        rows.append(
            {
                "date": meeting.date,
                "start_time": meeting.start_time,
                "status": meeting.get_status_display(),
                "place": meeting.place,
                "roles": attending,
                "agreements": agreements,
            }
        )
    return rows
