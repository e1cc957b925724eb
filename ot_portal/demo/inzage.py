"""Demo data of the right of access: one open access request at De Zonnebloem (on the IB's
worklist), one answered, and notes that show what the answer leaves out or redacts: a personal
working note, and a team note that names another pupil and the other parent's e-mail address."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import translation

from cases.casefile.services import case_note_add
from cases.disclosure.services import access_request_produce, file_access_request
from cases.models import AccessRequest, AccessRequestVia, CaseNoteKind, Pupil
from ot_portal.demo.cases import SCHOOL_NUMBER_BASE
from ot_portal.demo.clock import happened, moment


def seed(org) -> None:
    with translation.override("nl"):
        _seed(org)


def _pupil(org, index: int) -> Pupil:
    return (
        Pupil.objects.select_related("school")
        .prefetch_related("guardians", "cases")
        .get(school=org.schools["zonnebloem"], pupil_number=str(SCHOOL_NUMBER_BASE["zonnebloem"] + index))
    )


@transaction.atomic
def _seed(org) -> None:
    ib = org.users["ib@zonnebloem.demo"]
    asking = _pupil(org, 0)  # two guardians with parental authority and an escalated case
    if AccessRequest.objects.filter(pupil__school=asking.school).exists():
        return  # seeded before
    other_pupil = _pupil(org, 3)
    mother, father = sorted(asking.guardians.all(), key=lambda g: g.relation != "moeder")[:2]
    case = asking.cases.order_by("opened_on").first()
    talk_on = max(case.opened_on, org.today - timedelta(days=45))
    with happened(talk_on):
        case_note_add(
            actor=ib,
            case=case,
            kind=CaseNoteKind.PARENT_CONTACT,
            occurred_on=talk_on,
            with_whom="vader",
            text=(
                f"Vader belde: in de pauze is er vaak ruzie met {other_pupil.full_name}. "
                f"Vader wil voortaan mail op {father.email}."
            ),
        )
        case_note_add(
            actor=ib,
            case=case,
            kind=CaseNoteKind.OTHER,
            occurred_on=talk_on,
            text="Eigen werkaantekening: volgende keer de leerkracht vragen naar de pauzes.",
            author_only=True,
        )
    # The mother asked once before (answered), and again nine days ago (open, on the worklist).
    received = org.today - timedelta(days=60)
    earlier = file_access_request(asking, guardian=mother, via=AccessRequestVia.LETTER, received_on=received, actor=ib)
    access_request_produce(actor=ib, access_request=earlier)
    AccessRequest.objects.filter(pupil=asking).update(produced_at=moment(received + timedelta(days=25)))
    file_access_request(
        asking, guardian=mother, via=AccessRequestVia.EMAIL, received_on=org.today - timedelta(days=9), actor=ib
    )
