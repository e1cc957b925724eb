"""Reads of participation. Staff reads take a pupil the caller already fetched through an access
helper; participant reads take the Participant of `access.get_participant`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from cases.casefile.models import CaseGrant, Intervention
from cases.consent import rules as consent_rules
from cases.consent.models import Consent
from cases.consent.rules import status_label
from cases.disclosure import rules as disclosure_rules
from cases.disclosure.models import AccessRequest
from cases.disclosure.selectors import access_summary_for_guardian
from cases.growth.models import GrowthDocument, GrowthGoal
from cases.growth.selectors import growth_document_export_context, growth_document_fields, growth_goals
from cases.participation import rules, texts
from cases.participation.access import Participant
from cases.participation.models import Invitation, InvitationMail, InvitationQuerySet, OppAgreement, ParticipantView
from cases.participation.services import action_part_values, offered_items
from cases.pupils.models import Guardian, Pupil
from ot_portal.core.access import AnyUser, Perm, school_ids_with
from ot_portal.core.models import SchoolMembership


def invitations_of_pupil(*, pupil: Pupil) -> list[Invitation]:
    return list(
        Invitation.objects.filter(pupil=pupil)
        .select_related("guardian", "created_by")
        .prefetch_related(Prefetch("mails", queryset=InvitationMail.objects.order_by("created_at", "pk")))
        .order_by("-created_at", "-pk")[:50]
    )


def open_invitations_for_user(*, user: AnyUser) -> InvitationQuerySet:
    """The IB's worklist: live invitations of their schools, those asking for a code first."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return (
        Invitation.objects.live()
        .filter(pupil__school_id__in=school_ids_with(user, Perm.PARTICIPATION_INVITE))
        .select_related("pupil", "guardian")
        .order_by(F("code_requested_at").desc(nulls_last=True), "-created_at", "-pk")
    )


def invitable_guardians(*, pupil: Pupil) -> list[Guardian]:
    """Only guardians with parental authority are ever invited."""
    return [g for g in pupil.guardians.all() if g.has_authority]


@dataclass
class ConsentItem:
    item: str
    title: str
    data: str
    why: str
    receivers: list[str]
    my_answer: str
    status: str
    status_text: str
    answered_by_others: list[str] = field(default_factory=list)

    @property
    def is_named(self) -> bool:
        """The item is discussing the pupil by name, not sharing the case with a discipline."""
        return self.item == consent_rules.NAMED

    @property
    def has_agreed(self) -> bool:
        """This participant's own answer is yes (what they may withdraw)."""
        return self.my_answer == consent_rules.YES

    @property
    def my_answer_text(self) -> str:
        """This participant's own answer, as the parent pages say it."""
        if self.has_agreed:
            return _("you agreed")
        if self.my_answer == consent_rules.NO:
            return _("you did not agree")
        return _("not answered yet")


def _receivers(pupil: Pupil, items: list[str]) -> dict[str, list[str]]:
    """The people at the school in each discipline who would see the case (names and organisation)."""
    rows = (
        SchoolMembership.objects.active()
        .filter(
            school_id=pupil.school_id, role__in=[i for i in items if i != consent_rules.NAMED], user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    found: dict[str, list[str]] = {}
    for m in rows:
        label = m.user.full_name + (f" ({m.user.organisation})" if m.user.organisation else "")
        found.setdefault(m.role, []).append(label)
    return found


def consent_items(*, participant: Participant) -> tuple[Consent | None, list[ConsentItem]]:
    pupil = participant.pupil
    current = Consent.objects.current().filter(pupil=pupil).prefetch_related("answers").first()
    items = offered_items(invitation=participant.invitation, current=current)
    words = texts.item_texts()
    receivers = _receivers(pupil, items)
    if participant.is_pupil:
        mine = dict(current.pupil_answers) if current else {}
    else:
        guardian_pk = participant.guardian.pk if participant.guardian is not None else None
        row = next((a for a in current.answers.all() if a.guardian_id == guardian_pk), None) if current else None
        mine = dict(row.answers) if row else {}
    in_force = current is not None and current.is_in_force()
    result: list[ConsentItem] = []
    for item in items:
        status = (current.item_status or {}).get(item, "") if current is not None and in_force else ""
        result.append(
            ConsentItem(
                item=item,
                title=texts.item_title(item),
                data=words.get(item, {}).get("data", ""),
                why=words.get(item, {}).get("why", ""),
                receivers=receivers.get(item, []),
                my_answer=mine.get(item, ""),
                status=status,
                status_text=status_label(status) if status else "",
            )
        )
    return current, result


def access_holders(*, pupil: Pupil, item: str) -> list[str]:
    """Who from outside the school sees the pupil's cases through this item now (for the
    confirmation before a withdrawal)."""
    if item == consent_rules.NAMED:
        return []
    members = SchoolMembership.objects.active().filter(school_id=pupil.school_id, role=item).values("user_id")
    grants = CaseGrant.objects.active().filter(content_object__pupil=pupil, user_id__in=members)
    return sorted(set(grants.values_list("user__full_name", flat=True)))


def parent_growth_context(*, pupil: Pupil) -> dict[str, Any]:
    """The whole groeidocument as parents read it: every field, goals, and the interventions of
    all the pupil's cases (parents are not limited by staff scope)."""
    # Anonymous: the growth selectors' staff scope gives no rows; the interventions are read here.
    context = growth_document_export_context(user=AnonymousUser(), pupil=pupil)
    context["interventions"] = list(Intervention.objects.filter(case__pupil=pupil).order_by("starts_on", "pk"))
    context["participant_views"] = latest_views(pupil=pupil)
    context["opp"] = opp_status(pupil=pupil)
    return context


def latest_views(*, pupil: Pupil) -> list[ParticipantView]:
    """The newest text of each author (each guardian, the pupil)."""
    seen: set[tuple[int | None, bool]] = set()
    latest: list[ParticipantView] = []
    for view in (
        ParticipantView.objects.filter(pupil=pupil).select_related("invitation").order_by("-written_at", "-pk")[:200]
    ):
        key = (view.guardian_id, view.invitation.guardian_id is None)
        if key in seen:
            continue
        seen.add(key)
        latest.append(view)
    return latest


def my_views(*, participant: Participant) -> list[ParticipantView]:
    qs = ParticipantView.objects.filter(pupil=participant.pupil)
    if participant.is_pupil:
        qs = qs.filter(invitation__guardian__isnull=True)
    else:
        qs = qs.filter(guardian=participant.guardian)
    return list(qs.order_by("-written_at", "-pk")[:20])


@dataclass
class OppStatus:
    document: GrowthDocument | None
    current_hash: str
    state: str
    holders: list[dict[str, Any]]
    history: list[OppAgreement]

    @property
    def in_effect(self) -> bool:
        return self.state == rules.IN_EFFECT

    @property
    def disagreed(self) -> bool:
        """A holder of authority does not agree to this version: not in effect, talk with the parents."""
        return self.state == rules.DISAGREED

    @property
    def waiting(self) -> bool:
        """Not every holder of authority has agreed to this version yet."""
        return self.state == rules.WAITING


def opp_status(*, pupil: Pupil) -> OppStatus:
    """The action part's state: in effect only once every holder of authority agreed to this
    version; answers to an older version are shown as asked again."""
    document = GrowthDocument.objects.filter(pupil=pupil).first()
    current_hash = rules.action_part_hash(action_part_values(document))
    history = (
        list(
            OppAgreement.objects.filter(document=document)
            .select_related("guardian", "recorded_by")
            .order_by("-created_at", "-pk")
        )
        if document
        else []
    )
    holders = [g for g in pupil.guardians.all() if g.has_authority]
    answers: dict[int, str] = {}
    rows: list[dict[str, Any]] = []
    for g in holders:
        latest = next((a for a in history if a.guardian_id == g.pk), None)
        current = latest if latest and latest.action_part_hash == current_hash else None
        if current:
            answers[g.pk] = current.answer
        rows.append({"guardian": g, "current": current, "stale": latest if latest and not current else None})
    state = rules.action_part_state(
        has_opp=bool(document and document.has_opp), holder_ids=[g.pk for g in holders], answers=answers
    )
    return OppStatus(document=document, current_hash=current_hash, state=state, holders=rows, history=history)


def growth_fields_for_parents(*, document: GrowthDocument | None) -> list[tuple[StrOrPromise, str]]:
    return [(label, value) for _name, label, value in growth_document_fields(document=document)]


def growth_goals_for_parents(*, document: GrowthDocument | None) -> list[GrowthGoal]:
    return growth_goals(document=document)


def today() -> date:
    return timezone.localdate()


# --- Right of access (inzage) on the parent pages ------------------------------------------------


@dataclass
class AccessPage:
    """What the inzage page shows a participant.

    `may_request`: the button is offered (a guardian for a pupil under 16, the pupil from 16).
    `own_rights`: the pupil is 16 or older, so the pupil asks, not a guardian.
    `requests`: the requests this participant filed (a guardian's own, or the pupil's own);
    another guardian's request is not shown, since its answer leaves this guardian's contact
    details in and withholds the other's (AVG art. 15(4)).
    `summary`: which roles opened the file and when, for whoever exercises the right.
    """

    may_request: bool
    own_rights: bool
    requests: list[AccessRequest]
    open_request: AccessRequest | None
    summary: list[dict[str, Any]] = field(default_factory=list)

    @property
    def shows_summary(self) -> bool:
        return self.may_request


def participant_access_requests(*, participant: Participant) -> QuerySet[AccessRequest]:
    """The access requests of the participant's pupil that this participant filed."""
    rows = AccessRequest.objects.filter(pupil=participant.pupil)
    if participant.guardian is None:
        return rows.filter(by_pupil=True)
    return rows.filter(guardian=participant.guardian)


def access_page(*, participant: Participant) -> AccessPage:
    own_rights = disclosure_rules.pupil_decides(participant.pupil.age_on())
    may_request = own_rights if participant.is_pupil else not own_rights
    requests = list(participant_access_requests(participant=participant).order_by("-received_on", "-pk")[:20])
    open_request = next((r for r in requests if r.is_open), None)
    summary = access_summary_for_guardian(participant.pupil) if may_request else []
    return AccessPage(
        may_request=may_request, own_rights=own_rights, requests=requests, open_request=open_request, summary=summary
    )
