"""What meetings hold on a pupil, for the answer to an access request (registered with
cases.disclosure.document from MeetingsConfig.ready): every agenda item of the pupil's cases with
its minutes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cases.disclosure.document import Block, Section, model_fields, text
from cases.pupils.models import Pupil
from meetings.models import AgendaItem, ItemMinutes

MINUTES_FIELDS = ["parents_presence", "attendance", "conclusions", "escalation", "regie", "next_evaluation_on"]


def sections(pupil: Pupil) -> list[Section]:
    items = (
        AgendaItem.objects.filter(case__pupil=pupil)
        .select_related("meeting__school", "minutes__regie")
        .order_by("meeting__date", "position", "pk")
    )
    result = []
    for item in items:
        fields = [
            (str(_("School")), item.meeting.school.name),
            *model_fields(item, ["by_name", "question", "parents_consulted", "teacher_invited"]),
        ]
        try:
            minutes = item.minutes
        except ItemMinutes.DoesNotExist:
            minutes = None
        blocks = [Block(fields=fields)]
        if minutes is not None:
            blocks.append(Block(title=str(_("Minutes")), fields=model_fields(minutes, MINUTES_FIELDS)))
        result.append(
            Section(title=str(_("OT meeting of %(date)s") % {"date": text(item.meeting.date)}), blocks=blocks)
        )
    return result
