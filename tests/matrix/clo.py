"""Matrix entries and world objects of the clo app."""

from django.utils import timezone

from clo import services
from clo.models import CommitteeMeeting, RequestStatus
from tests.factories.clo import attach_report, case_file, make_decided, make_request, membership
from tests.matrix import Entry, each
from tests.world import PERSONAS

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
COMMITTEE_VIEW = ["clo_chair", "clo_secretary", "clo_orthopedagogue", "clo_advisor"]
SCHOOL_A_REQUESTS = ["ib_a", "director_a"]


def build(w):
    """School A: a draft, a submitted request (the expert is assigned), a planned one in a meeting,
    and a decided TLV with an objection. School B: a submitted request."""
    w.clo_draft_a = make_request(w, status=RequestStatus.DRAFT)
    w.clo_request_a = make_request(w)
    services.expert_assign(actor=w.users["clo_secretary"], request=w.clo_request_a, expert=membership(w, "clo_expert"))
    w.clo_planned_a = make_request(w, status=RequestStatus.PLANNED)
    w.clo_meeting = w.clo_planned_a.meeting
    w.clo_decided_a, w.clo_decision_a = make_decided(w)
    w.clo_objection_a = services.objection_create(
        actor=w.users["clo_secretary"],
        request=w.clo_decided_a,
        received_on=timezone.localdate(),
        objector="Ouders",
        grounds="Niet eens.",
    )
    w.clo_request_b = make_request(w, school="b")
    w.clo_report_a = attach_report(w, case_file(w))
    assert isinstance(w.clo_meeting, CommitteeMeeting)


def _visible_request(extra: dict | None = None, status: int = 200) -> dict:
    """School A's IB and director, the committee members and the assigned expert."""
    return {**each(SCHOOL_A_REQUESTS + COMMITTEE_VIEW + ["clo_expert"], status), **(extra or {})}


def _only_secretary(status: int) -> dict:
    """Secretary may; everyone else who sees the request gets 403."""
    return {**_visible_request(status=403), "clo_secretary": status}


ENTRIES = {
    "clo:request_list": Entry(expect=each(SIGNED_IN, 200)),
    "clo:queue": Entry(expect={"clo_secretary": 200}, default=403),
    "clo:register": Entry(expect=each(COMMITTEE_VIEW, 200), default=403),
    "clo:meeting_list": Entry(expect=each(COMMITTEE_VIEW, 200), default=403),
    "clo:meeting_create": Entry(expect={"clo_secretary": 200}, default=403, logs_access=False),  # empty form
    "clo:meeting_detail": Entry(expect=each(COMMITTEE_VIEW, 200), kwargs=lambda w: {"uuid": w.clo_meeting.uuid}),
    "clo:vote": Entry(
        # The advisor's vote is refused on the meeting page itself (200), not with a 403 page.
        expect={**each(["clo_chair", "clo_secretary", "clo_orthopedagogue"], 302), "clo_advisor": 200},
        kwargs=lambda w: {"uuid": w.clo_meeting.uuid},
        method="POST",
        data=lambda w: {"request": str(w.clo_planned_a.uuid), "choice": "in_favour"},
    ),
    # The case is visible to its school's staff and granted externals; only the IB prepares.
    "clo:request_create": Entry(
        expect={"ib_a": 200, **each(["director_a", "teacher_a", "orthopedagogue_a", "social_team_a"], 403)},
        kwargs=lambda w: {"case_uuid": w.case_a.uuid},
    ),
    "clo:request_detail": Entry(expect=_visible_request(), kwargs=lambda w: {"uuid": w.clo_request_a.uuid}),
    "clo:request_summary": Entry(expect=_visible_request(), kwargs=lambda w: {"uuid": w.clo_request_a.uuid}),
    "clo:request_summary_pdf": Entry(expect=_visible_request(), kwargs=lambda w: {"uuid": w.clo_request_a.uuid}),
    # Drafts: the school only; the committee never sees them.
    "clo:request_edit": Entry(expect={"ib_a": 200, "director_a": 403}, kwargs=lambda w: {"uuid": w.clo_draft_a.uuid}),
    "clo:report_add": Entry(
        expect={"ib_a": 302, "director_a": 403},
        kwargs=lambda w: {"uuid": w.clo_draft_a.uuid},
        method="POST",
        data=lambda w: {},
    ),
    # submitted -> accepted is the secretary's step; the request stays visible to the others.
    "clo:request_transition": Entry(
        expect=_only_secretary(302),
        kwargs=lambda w: {"uuid": w.clo_request_a.uuid},
        method="POST",
        data=lambda w: {"to": "accepted"},
    ),
    "clo:request_incomplete": Entry(expect=_only_secretary(200), kwargs=lambda w: {"uuid": w.clo_request_a.uuid}),
    "clo:request_plan": Entry(
        expect=_only_secretary(302), kwargs=lambda w: {"uuid": w.clo_request_a.uuid}, method="POST", data=lambda w: {}
    ),
    "clo:request_assign": Entry(
        expect=_only_secretary(302), kwargs=lambda w: {"uuid": w.clo_request_a.uuid}, method="POST", data=lambda w: {}
    ),
    "clo:advice_create": Entry(
        expect={**_visible_request(status=403), "clo_expert": 200}, kwargs=lambda w: {"uuid": w.clo_request_a.uuid}
    ),
    "clo:decision_create": Entry(expect=_only_secretary(200), kwargs=lambda w: {"uuid": w.clo_request_a.uuid}),
    "clo:objection_create": Entry(expect=_only_secretary(200), kwargs=lambda w: {"uuid": w.clo_decided_a.uuid}),
    # A third-party report's file: whoever sees the request (not the unassigned expert).
    "clo:report_download": Entry(
        expect=each(SCHOOL_A_REQUESTS + COMMITTEE_VIEW, 200), kwargs=lambda w: {"uuid": w.clo_report_a.uuid}
    ),
    "clo:decision_letter": Entry(expect=_visible_request(), kwargs=lambda w: {"uuid": w.clo_decision_a.uuid}),
    # Objections: the school and the committee; not an expert.
    "clo:objection_detail": Entry(
        expect=each(SCHOOL_A_REQUESTS + COMMITTEE_VIEW, 200), kwargs=lambda w: {"uuid": w.clo_objection_a.uuid}
    ),
}
