"""Builders for CLO requests in any state, going through the services so the rules hold."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from clo import services
from clo.models import CommitteeMeeting, DecisionOutcome, Request, RequestKind, RequestStatus
from ot_portal.core.models import CommitteeMembership

FULL = {
    "support_needs": "Kleine groep, veel structuur.",
    "development_perspective": "Uitstroom praktijkonderwijs.",
    "interventions": "Verlengde instructie: weinig effect.",
    "interventions_evaluated": True,
    "basic_support": "Differentiatie.",
    "extra_support": "Arrangement gedrag.",
    "parents_view": "Ouders steunen de aanvraag.",
    "parents_agree": True,
}


def membership(w, persona: str) -> CommitteeMembership:
    return CommitteeMembership.objects.get(user=w.users[persona])


def make_request(
    w, *, case=None, school="a", kind=RequestKind.TLV_SBO, status=RequestStatus.SUBMITTED, full=True, **extra
):
    """A request at school A (or B) moved to `status` by the right people."""
    ib, director = (
        (w.users["ib_a"], w.users["director_a"]) if school == "a" else (w.users["ib_b"], w.users["director_b"])
    )
    case = case or (w.case_a if school == "a" else w.case_b)
    if kind == RequestKind.TLV_SO:
        extra.setdefault("funding_category", "medium")
    if kind == RequestKind.ARRANGEMENT:
        extra.setdefault("arrangement_type", "individual")
    r = services.request_create(actor=ib, case=case, kind=kind, substantiation=FULL if full else {}, **extra)
    if status == RequestStatus.DRAFT:
        return r
    r = services.request_transition(actor=ib, request=r, to_status=RequestStatus.READY)
    if status == RequestStatus.READY:
        return r
    r = services.request_transition(actor=director, request=r, to_status=RequestStatus.SUBMITTED)
    if status == RequestStatus.SUBMITTED:
        return r
    secretary = w.users["clo_secretary"]
    if status == RequestStatus.INCOMPLETE:
        return services.request_transition(actor=secretary, request=r, to_status=status, missing_items=["OPP"])
    r = services.request_transition(actor=secretary, request=r, to_status=RequestStatus.ACCEPTED)
    if status == RequestStatus.ACCEPTED:
        return r
    if status == RequestStatus.PLANNED:
        meeting = CommitteeMeeting.objects.create(
            partnership=w.partnership, date=timezone.localdate(), created_by=secretary
        )
        return services.request_plan(actor=secretary, request=r, meeting=meeting)
    raise ValueError(status)


def give_two_advices(w, r: Request) -> None:
    secretary = w.users["clo_secretary"]
    for persona in ("clo_orthopedagogue", "clo_expert"):
        services.expert_assign(actor=secretary, request=r, expert=membership(w, persona))
        services.advice_give(actor=w.users[persona], request=r, recommendation="grant", advice="Toekennen.")


def make_decided(w, *, school="a", outcome=DecisionOutcome.GRANTED, decided_ago: int = 0, **kw):
    r = make_request(w, school=school, status=RequestStatus.ACCEPTED, **kw)
    give_two_advices(w, r)
    today = timezone.localdate()
    decision = services.decision_record(
        actor=w.users["clo_secretary"],
        request=r,
        outcome=outcome,
        motivation="Beide deskundigen adviseren toekenning.",
        starts_on=today,
        decided_on=today,
    )
    if decided_ago:
        Request.objects.filter(pk=r.pk).update(received_on=today - timedelta(days=decided_ago + 10))
        type(decision).objects.filter(pk=decision.pk).update(decided_on=today - timedelta(days=decided_ago))
        decision.refresh_from_db()
    r.refresh_from_db()
    return r, decision


def case_file(w, *, discipline_report=True):
    """A third-party report uploaded to case A (as the cases app stores it)."""
    from django.core.files.base import ContentFile

    from cases.models import Attachment

    attachment = Attachment(
        case=w.case_a,
        original_name="onderzoek.pdf",
        content_type="application/pdf",
        size=20,
        description="Psychologisch onderzoek",
        is_third_party_report=discipline_report,
        uploaded_by=w.users["ib_a"],
    )
    attachment.file.save("onderzoek.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    return attachment


def attach_report(w, attachment, *, discipline="orthopedagogue", status=RequestStatus.SUBMITTED):
    """A request at school A with the case's file attached as a report, then moved to `status`."""
    ib = w.users["ib_a"]
    r = make_request(w, status=RequestStatus.DRAFT)
    report = services.report_add(
        actor=ib,
        request=r,
        attachment=attachment,
        title="Psychologisch onderzoek",
        author="Praktijk De Linde",
        author_discipline=discipline,
        report_date=timezone.localdate(),
    )
    if status != RequestStatus.DRAFT:
        services.request_transition(actor=ib, request=r, to_status=RequestStatus.READY)
        services.request_transition(actor=w.users["director_a"], request=r, to_status=RequestStatus.SUBMITTED)
    return report
