"""Writes of consent (parental consent (toestemming) and the case grants it gives externals):
keyword-only services, one transaction, full_clean() before save().

Consent is one current version per pupil. Every change — an answer, a discipline added or
withdrawn, a new valid-until, a guardian's authority changed or a guardian added, the
partnership's rule changed — goes through `consent_change`, which adds a version superseding the
current one and syncs the grants of all the pupil's cases in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import EllipsisType
from typing import Any, Protocol, cast

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.casefile.files import check_upload
from cases.casefile.models import Case, CaseEventKind, CaseGrant, CaseLeadChange
from cases.casefile.regie import regie_follow_access, user_sees_case
from cases.casefile.timeline import case_event_add
from cases.casefile.workflow import OPEN_STATUSES
from cases.consent import rules
from cases.consent.models import (
    CONSENT_DISCIPLINES,
    Consent,
    ConsentGuardian,
    ConsentMethod,
    ConsentReview,
    item_label,
)
from cases.consent.selectors import consent_missing_holders
from cases.pupils.models import Guardian, Pupil
from ot_portal.core.access import Perm, roles_with
from ot_portal.core.formats import date_prose
from ot_portal.core.locking import EditConflict
from ot_portal.core.models import PartnershipSettings, SchoolMembership, User

ALL = "all"


def _grant_permission() -> Permission:
    return Permission.objects.get(codename="access_granted_case", content_type__app_label="cases")


def _end_of_day(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _is_active(grant: CaseGrant, now: datetime) -> bool:
    return grant.revoked_at is None and (grant.expires_at is None or grant.expires_at > now)


@dataclass
class SyncResult:
    """What a grant sync changed: rows granted and rows revoked, and regie moves."""

    granted: list[CaseGrant] = field(default_factory=list)
    revoked: list[CaseGrant] = field(default_factory=list)
    kept: list[CaseGrant] = field(default_factory=list)
    regie_moves: list[CaseLeadChange] = field(default_factory=list)

    def merge(self, other: SyncResult) -> None:
        self.granted += other.granted
        self.revoked += other.revoked
        self.kept += other.kept
        self.regie_moves += other.regie_moves


def _sync_case(
    case: Case, consent: Consent | None, *, actor: User | None, on: date, now: datetime, permission_cache: list[Any]
) -> SyncResult:
    result = SyncResult()
    wanted: set[int] = set()
    is_open = case.status in OPEN_STATUSES
    if is_open and consent is not None and consent.is_in_force(on) and consent.shared_with:
        wanted = set(
            SchoolMembership.objects.active(on)
            .filter(school_id=case.school_id, role__in=consent.shared_with, user__is_active=True)
            .values_list("user_id", flat=True)
        )
    rows = {g.user_id: g for g in CaseGrant.objects.filter(content_object=case).select_related("user")}
    expires_at = _end_of_day(consent.valid_until) if consent is not None else None
    for user_id, row in rows.items():
        if not _is_active(row, now):
            continue
        # A closed case keeps no external access at all; an open one loses what consent no longer covers.
        if (not is_open) or (row.consent_id is not None and user_id not in wanted):
            row.revoked_at = now
            row.save(update_fields=["revoked_at"])
            result.revoked.append(row)
    for user_id in sorted(wanted):
        assert consent is not None  # nothing is wanted without a consent
        grant = rows.get(user_id)
        if grant is not None and _is_active(grant, now) and grant.consent_id is None:
            result.kept.append(grant)
            continue
        if grant is not None and _is_active(grant, now):
            # Still covered: the grant now rests on the current version.
            if grant.consent_id != consent.pk or grant.expires_at != expires_at:
                grant.consent = consent
                grant.expires_at = expires_at
                grant.save(update_fields=["consent", "expires_at"])
            result.kept.append(grant)
            continue
        if grant is not None:
            # One row per user and case (guardian's unique key): re-open it under the current version.
            grant.consent = consent
            grant.revoked_at = None
            grant.expires_at = expires_at
            grant.granted_by = actor
            grant.granted_at = now
            grant.reason = "consent"
            grant.save()
            result.granted.append(grant)
            continue
        if not permission_cache:
            permission_cache.append(_grant_permission())
        result.granted.append(
            CaseGrant.objects.create(
                content_object=case,
                user_id=user_id,
                permission=permission_cache[0],
                consent=consent,
                granted_by=actor,
                reason="consent",
                expires_at=expires_at,
            )
        )
    move = regie_follow_access(case=case, actor=actor)
    if move is not None:
        result.regie_moves.append(move)
    return result


@transaction.atomic
def sync_grants(
    *,
    pupil: Pupil | None = None,
    actor: User | None = None,
    on: date | None = None,
    cases: QuerySet[Case] | None = None,
) -> SyncResult:
    """Make the CaseGrants of ALL a pupil's cases (or of every case with grants or consent) match
    the current consent: open cases get what the version in force shares, closed cases keep no
    external grant. Regie moves away from a holder who lost access. Also run daily by
    `manage.py sync_case_grants`, which catches expiry and ended memberships.

    guardian keeps one row per (user, permission, case), so a grant that comes back under a new
    version re-uses its row."""
    on = on or timezone.localdate()
    now = timezone.now()
    if cases is None:
        cases = Case.objects.all()
        if pupil is not None:
            cases = cases.filter(pupil=pupil)
        else:
            cases = cases.filter(
                Q(pupil__in=Pupil.objects.filter(consents__isnull=False).values("pk"))
                | Q(pk__in=CaseGrant.objects.filter(revoked_at__isnull=True).values("content_object_id"))
            )
    current = {c.pupil_id: c for c in Consent.objects.current().filter(pupil_id__in=cases.values("pupil_id"))}
    result = SyncResult()
    permission_cache: list[Any] = []
    for case in cases.select_related("pupil", "lead").order_by("pk"):
        result.merge(
            _sync_case(case, current.get(case.pupil_id), actor=actor, on=on, now=now, permission_cache=permission_cache)
        )
    return result


class _ReadChecks(Protocol):
    """The attributes `read_check_annotations()` puts on a case (by the annotation, or set below)."""

    read_stale_grants: bool
    read_unrevoked_grants: bool
    read_regie_school_wide: bool


#: The names `read_check_annotations()` annotates (the attributes of `_ReadChecks`).
READ_CHECK_NAMES = ("read_stale_grants", "read_unrevoked_grants", "read_regie_school_wide")


def read_check_annotations() -> dict[str, Exists]:
    """SQL for `case_read_check`, to annotate the case's own fetch (no query of its own then)."""
    now = timezone.now()
    on = timezone.localdate()
    member = SchoolMembership.objects.active(on).filter(
        user_id=OuterRef("user_id"),
        school_id=OuterRef("content_object__school_id"),
        user__is_active=True,
        role__in=roles_with(Perm.CASE_VIEW_GRANTED),
    )
    unrevoked = CaseGrant.objects.filter(content_object_id=OuterRef("pk"), revoked_at__isnull=True)
    stale = unrevoked.filter(
        Q(expires_at__lte=now)
        | ~Q(Exists(member))
        | Q(consent__isnull=False, consent__is_current=False)
        | Q(consent__valid_until__lt=on)
    )
    # A regie holder with a school-wide role at the case's school sees it for sure; anyone else
    # is checked in full below.
    regie_school_wide = SchoolMembership.objects.active(on).filter(
        user_id=OuterRef("lead_id"),
        user__is_active=True,
        school_id=OuterRef("school_id"),
        role__in=roles_with(Perm.CASE_VIEW_ALL),
    )
    return dict(zip(READ_CHECK_NAMES, (Exists(stale), Exists(unrevoked), Exists(regie_school_wide)), strict=True))


def case_read_check(*, case: Case) -> None:
    """A cheap check when a case is read: a grant past its expiry, of someone whose membership
    ended, or resting on a superseded version, or a regie holder without access, is repaired at
    once instead of waiting for the daily job. When all is well it costs no query if the case was
    fetched with `read_check_annotations()`, else one."""
    if not all(hasattr(case, name) for name in READ_CHECK_NAMES):
        checks = Case.objects.filter(pk=case.pk).annotate(**read_check_annotations()).values(*READ_CHECK_NAMES).first()
        if checks is None:
            return
        for name, value in checks.items():
            setattr(case, name, value)
    checked = cast(_ReadChecks, case)
    closed_with_grants = case.status not in OPEN_STATUSES and checked.read_unrevoked_grants
    if checked.read_stale_grants or closed_with_grants:
        sync_grants(cases=Case.objects.filter(pk=case.pk))
    elif case.lead_id and not checked.read_regie_school_wide and not user_sees_case(case.lead, case):
        with transaction.atomic():
            regie_follow_access(
                case=Case.objects.select_for_update(of=("self",)).select_related("lead").get(pk=case.pk)
            )


# --- Versions --------------------------------------------------------------------------------


def both_holders_required(pupil: Pupil) -> bool:
    """The partnership's rule (PartnershipSettings); both must agree unless it was relaxed."""
    value = (
        PartnershipSettings.objects.filter(partnership__boards__schools=pupil.school_id)
        .values_list("consent_both_holders_required", flat=True)
        .first()
    )
    return True if value is None else value


def current_consent(*, pupil: Pupil) -> Consent | None:
    return Consent.objects.current().filter(pupil=pupil).first()


@dataclass
class ConsentChange:
    """The outcome of a change, so the view can say truthfully what happened."""

    consent: Consent
    previous: Consent | None
    sync: SyncResult
    lost_items: list[str]
    gained_items: list[str]

    @property
    def lost_access(self) -> list[Any]:
        users = {g.user_id: g.user for g in self.sync.revoked}
        return sorted(users.values(), key=lambda u: u.full_name)

    @property
    def kept_access(self) -> list[Any]:
        lost = {g.user_id for g in self.sync.revoked}
        users = {g.user_id: g.user for g in self.sync.kept + self.sync.granted if g.user_id not in lost}
        return sorted(users.values(), key=lambda u: u.full_name)


def _answer_label(answer: str) -> str:
    return {
        rules.YES: _("agreed"),
        rules.NO: _("did not agree"),
        rules.INFORMED: _("informed, no objection"),
    }.get(answer, _("no answer"))


def _summarise(
    previous: Consent | None,
    new: Consent,
    answers: dict[int, dict[str, str]],
    guardians: dict[int, Guardian],
    *,
    scope_said: bool = False,
) -> list[str]:
    """Human-readable list of what changed from `previous` to `new` (shown in the history)."""
    lines: list[str] = []
    if previous is None:
        lines.append(_("Consent recorded"))
    old_asked = set(previous.asked_items) if previous else set()
    new_asked = set(new.asked_items)
    if added := sorted(new_asked - old_asked):
        if previous is not None:
            lines.append(_("Asked in addition: %(items)s") % {"items": ", ".join(item_label(i) for i in added)})
    if (removed := sorted(old_asked - new_asked)) and not scope_said:
        lines.append(_("No longer covered: %(items)s") % {"items": ", ".join(item_label(i) for i in removed)})
    if previous is not None and previous.valid_until != new.valid_until:
        lines.append(
            _("Valid until: %(date)s") % {"date": date_prose(new.valid_until) if new.valid_until else _("no end date")}
        )
    old_answers = {a.guardian_id: a.answers for a in previous.answers.all()} if previous else {}
    for guardian_id, given in answers.items():
        before = old_answers.get(guardian_id, {})
        if given != before:
            values = set(given.values())
            word = _answer_label(values.pop()) if len(values) == 1 else _("answered per item")
            lines.append(_("%(name)s: %(answer)s") % {"name": guardians[guardian_id].name, "answer": word})
    if previous is not None and (previous.pupil_answers or {}) != (new.pupil_answers or {}) and new.pupil_answers:
        values = set(new.pupil_answers.values())
        word = _answer_label(values.pop()) if len(values) == 1 else _("answered per item")
        lines.append(_("The pupil: %(answer)s") % {"answer": word})
    return lines


def _in_force_items(consent: Consent | None, on: date) -> set[str]:
    if consent is None or not consent.is_in_force(on):
        return set()
    return ({rules.NAMED} if consent.named_in_force else set()) | set(consent.shared_with or [])


def _check_base_version(current: Consent | None, base_version: int | None) -> None:
    if base_version is None:
        return
    if (current.version if current else 0) != base_version:
        raise EditConflict(
            current,
            changes=[current.change_summary] if current else [],
            message=_(
                "The consent was changed by someone else while you were editing: %(change)s. "
                "Your input is kept below; check the current consent and save again."
            )
            % {"change": current.change_summary if current else _("the consent was withdrawn")},
        )


@transaction.atomic
def consent_change(
    *,
    actor: User | None,
    pupil: Pupil,
    base_version: int | None = None,
    given_on: date | None = None,
    method: str | None = None,
    discuss_in_ot: bool | None = None,
    disciplines: list[str] | None = None,
    valid_until: date | None | EllipsisType = ...,
    guardian_answers: Mapping[Guardian, str | Mapping[str, str]] | None = None,
    pupil_answer: str | Mapping[str, str] | None = None,
    signed_form: File[Any] | None = None,
    withdrawn_on: date | None = None,
    withdrawn_reason: str = "",
    summary: list[str] | None = None,
    withdrawal: bool = False,
) -> ConsentChange:
    """Add a consent version that supersedes the current one and sync all the pupil's grants.

    Arguments left out are carried over from the current version. `guardian_answers` maps a
    guardian to one answer for every asked item (rules.YES/NO/INFORMED, "" = none) or to a
    mapping per item; guardians not named keep their answers. `summary` adds lines to what the
    history shows as changed (e.g. "guardian added")."""
    pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)
    current = Consent.objects.select_for_update().filter(pupil=pupil, is_current=True).first()
    _check_base_version(current, base_version)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if (
        current is not None
        and current.withdrawn_on
        and withdrawn_on is None
        and discuss_in_ot is None
        and disciplines is None
    ):
        # A guardian change after everything was withdrawn: it stays withdrawn.
        withdrawn_on, withdrawn_reason = current.withdrawn_on, current.withdrawn_reason
    given_on = given_on or (current.given_on if current else today)
    method = method or (current.method if current else ConsentMethod.VERBAL)
    discuss_in_ot = discuss_in_ot if discuss_in_ot is not None else (current.discuss_in_ot if current else False)
    disciplines = sorted(set(disciplines if disciplines is not None else (current.disciplines if current else [])))
    if valid_until is ...:
        valid_until = current.valid_until if current else None
    guardians = {g.pk: g for g in pupil.guardians.all()}
    answers: dict[int, dict[str, str]] = {
        a.guardian_id: dict(a.answers) for a in (current.answers.all() if current else []) if a.guardian_id in guardians
    }
    asked = ([rules.NAMED] if discuss_in_ot else []) + disciplines
    for guardian, given in (guardian_answers or {}).items():
        if guardian.pk not in guardians:
            errors["guardians"] = [_("This guardian does not belong to the pupil.")]
            continue
        per_item = dict(given) if isinstance(given, Mapping) else {item: given for item in asked}
        per_item = {k: v for k, v in per_item.items() if v}
        if per_item and not guardians[guardian.pk].has_authority:
            errors.setdefault("guardians", []).append(
                _("%(name)s does not hold parental authority and cannot give consent.") % {"name": guardian.name}
            )
            continue
        if set(per_item.values()) - set(rules.ANSWERS):
            errors["guardians"] = [_("Unknown answer.")]
        answers[guardian.pk] = per_item
    if given_on > today:
        errors["given_on"] = [_("Consent cannot be given in the future.")]
    if valid_until and valid_until < given_on:
        errors["valid_until"] = [_("The end date cannot be before the date consent was given.")]
    if set(disciplines) - {code for code, _label in CONSENT_DISCIPLINES}:
        errors["disciplines"] = [_("Unknown discipline.")]
    if method not in ConsentMethod.values:
        errors["method"] = [_("Unknown method.")]
    age = pupil.age_on(today)
    if pupil_answer is None:
        pupil_answers = dict(current.pupil_answers) if current and rules.pupil_is_asked(age) else {}
    elif isinstance(pupil_answer, Mapping):
        pupil_answers = {k: v for k, v in pupil_answer.items() if v}
    else:
        pupil_answers = {item: pupil_answer for item in asked} if pupil_answer else {}
    if pupil_answers and not rules.pupil_is_asked(age):
        errors["pupil_answer"] = [_("Under 12 the parents decide; the pupil's answer is not recorded.")]
    if errors:
        raise ValidationError(errors)

    holder_ids = [pk for pk, g in guardians.items() if g.has_authority]
    decision = rules.decide(
        asked=asked,
        holder_answers=[answers.get(pk, {}) for pk in holder_ids],
        pupil_answers=pupil_answers,
        age=age,
        both_must_agree=both_holders_required(pupil),
    )
    now = timezone.now()
    old_in_force = _in_force_items(current, today)
    if current is not None:
        current.is_current = False
        current.superseded_at = now
        current.save(update_fields=["is_current", "superseded_at"])
    last = Consent.objects.filter(pupil=pupil).order_by("-version").values_list("version", flat=True).first() or 0
    consent = Consent(
        pupil=pupil,
        version=last + 1,
        is_current=True,
        supersedes=current,
        given_on=given_on,
        method=method,
        recorded_by=actor,
        discuss_in_ot=discuss_in_ot,
        disciplines=disciplines,
        valid_until=valid_until,
        pupil_answers=pupil_answers,
        pupil_agreed=(all(pupil_answers.get(i) == rules.YES for i in asked) if pupil_answers else None),
        named_in_force=decision.named,
        shared_with=decision.disciplines,
        item_status=decision.status,
        age_band=rules.age_band(age),
        withdrawn_on=withdrawn_on,
        withdrawn_reason=withdrawn_reason,
        withdrawn_by=actor if withdrawn_on else None,
    )
    if signed_form:
        _content_type, name = check_upload(signed_form)
        consent.signed_form.save(name, signed_form, save=False)
    elif current is not None and current.signed_form:
        consent.signed_form = current.signed_form.name
    consent.full_clean()
    consent.save()
    for guardian_id, per_item in answers.items():
        ConsentGuardian.objects.create(
            consent=consent,
            guardian=guardians[guardian_id],
            agreed=rules.YES in per_item.values(),
            answers=per_item,
            has_authority=guardians[guardian_id].has_authority,
        )
    # A withdrawal already says what left the scope; do not repeat it.
    lines = (summary or []) + _summarise(current, consent, answers, guardians, scope_said=withdrawal)
    consent.change_summary = "; ".join(lines)[:1000] or _("Consent saved again without changes")
    consent.save(update_fields=["change_summary"])

    sync = sync_grants(pupil=pupil, actor=actor)
    new_in_force = set(decision.in_force) if consent.is_in_force(today) else set()
    ConsentReview.objects.filter(pupil=pupil, resolved_at__isnull=True).update(resolved_at=now)
    event = {"version": consent.version, "lost": sorted(old_in_force - new_in_force)}
    for case in pupil.cases.all():
        if case.status in OPEN_STATUSES or any(g.content_object_id == case.pk for g in sync.revoked):
            case_event_add(
                case=case,
                kind=CaseEventKind.CONSENT,
                message="consent_changed",
                params=event,
                actor=actor,
                source_id=str(consent.uuid),
            )
    return ConsentChange(
        consent=consent,
        previous=current,
        sync=sync,
        lost_items=sorted(old_in_force - new_in_force),
        gained_items=sorted(new_in_force - old_in_force),
    )


def consent_record(
    *,
    actor: User,
    pupil: Pupil,
    guardians: Sequence[Guardian] = (),
    given_on: date,
    method: str,
    disciplines: list[str],
    discuss_in_ot: bool = True,
    valid_until: date | None = None,
    pupil_agreed: bool | None = None,
    signed_form: File[Any] | None = None,
    refused_by: Sequence[Guardian] = (),
    informed: Sequence[Guardian] = (),
    answers: Mapping[Guardian, str] | None = None,
    pupil_answer: str | None = None,
    base_version: int | None = None,
) -> Consent:
    """Record toestemming: the asked scope and each guardian's answer to it. The shorthand
    `guardians` agreed, `refused_by` did not, `informed` were informed (counts only where the
    partnership relaxed "both must agree"). Only guardians with parental authority (gezag) count;
    the pupil's answer is needed from 12 and decides alone from 16."""
    return consent_record_change(**locals()).consent


def consent_record_change(
    *,
    actor: User,
    pupil: Pupil,
    guardians: Sequence[Guardian] = (),
    given_on: date,
    method: str,
    disciplines: list[str],
    discuss_in_ot: bool = True,
    valid_until: date | None = None,
    pupil_agreed: bool | None = None,
    signed_form: File[Any] | None = None,
    refused_by: Sequence[Guardian] = (),
    informed: Sequence[Guardian] = (),
    answers: Mapping[Guardian, str] | None = None,
    pupil_answer: str | None = None,
    base_version: int | None = None,
) -> ConsentChange:
    given = dict(answers or {})
    for g in guardians:
        given[g] = rules.YES
    for g in refused_by:
        given[g] = rules.NO
    for g in informed:
        given[g] = rules.INFORMED
    errors: dict[str, list[str]] = {}
    if not any(v for v in given.values()):
        errors["guardians"] = [_("Record the answer of at least one guardian.")]
    kept_form = Consent.objects.current().filter(pupil=pupil).exclude(signed_form="").exists()
    if method == ConsentMethod.SIGNED_FORM and not signed_form and not kept_form:
        errors["signed_form"] = [_("Upload the signed form, or choose another method.")]
    if pupil_answer is None and pupil_agreed is not None:
        pupil_answer = rules.YES if pupil_agreed else rules.NO
    age = pupil.age_on(timezone.localdate())
    if 12 <= age < 16 and pupil_answer not in (rules.YES, rules.NO):
        errors["pupil_answer"] = [_("From 12 to 16 years the pupil must agree as well.")]
    if age >= 16 and pupil_answer not in (rules.YES, rules.NO):
        errors["pupil_answer"] = [_("From 16 years the pupil decides; record the pupil's answer.")]
    if errors:
        raise ValidationError(errors)
    return consent_change(
        actor=actor,
        pupil=pupil,
        base_version=base_version,
        given_on=given_on,
        method=method,
        discuss_in_ot=discuss_in_ot,
        disciplines=list(disciplines),
        valid_until=valid_until,
        guardian_answers=given,
        pupil_answer=pupil_answer if rules.pupil_is_asked(age) else "",
        signed_form=signed_form,
    )


def withdrawal_choices() -> list[tuple[str, str]]:
    return [
        (ALL, _("Everything (no discussion by name, no sharing)")),
        (rules.NAMED, _("Discussion by name in the OT")),
    ] + [(code, str(label)) for code, label in CONSENT_DISCIPLINES]


@transaction.atomic
def consent_withdraw_change(
    *,
    actor: User,
    consent: Consent,
    withdrawn_on: date,
    reason: str,
    scope: str = ALL,
    base_version: int | None = None,
) -> ConsentChange:
    """Withdraw one discipline, discussion by name, or everything. Takes effect at once: the
    grants it covers are revoked on all the pupil's cases, open or closed, in this transaction."""
    current = Consent.objects.select_for_update().filter(pupil_id=consent.pupil_id, is_current=True).first()
    if current is None or current.pk != consent.pk:
        _check_base_version(current, base_version if base_version is not None else consent.version)
    current = current or consent
    errors: dict[str, str] = {}
    if current.withdrawn_on or not current.asked_items:
        raise ValidationError(_("There is no consent to withdraw: it was withdrawn already or never given."))
    if withdrawn_on < current.given_on:
        errors["withdrawn_on"] = _("Consent cannot be withdrawn before it was given (%(date)s).") % {
            "date": date_prose(current.given_on)
        }
    elif withdrawn_on > timezone.localdate():
        errors["withdrawn_on"] = _("This date cannot be in the future.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the withdrawal.")
    if scope != ALL and scope not in current.asked_items:
        errors["scope"] = _("%(item)s is not part of the current consent, so it cannot be withdrawn.") % {
            "item": item_label(scope)
        }
    if errors:
        raise ValidationError(errors)
    day = date_prose(withdrawn_on)
    if scope == ALL:
        return consent_change(
            actor=actor,
            pupil=current.pupil,
            discuss_in_ot=False,
            disciplines=[],
            withdrawn_on=withdrawn_on,
            withdrawn_reason=reason.strip(),
            summary=[_("Everything withdrawn on %(date)s") % {"date": day}],
            withdrawal=True,
        )
    return consent_change(
        actor=actor,
        pupil=current.pupil,
        discuss_in_ot=False if scope == rules.NAMED else current.discuss_in_ot,
        disciplines=[d for d in current.disciplines if d != scope],
        withdrawn_reason=reason.strip(),
        summary=[_("Withdrawn on %(date)s: %(item)s") % {"date": day, "item": item_label(scope)}],
        withdrawal=True,
    )


def consent_withdraw(*, actor: User, consent: Consent, withdrawn_on: date, reason: str, scope: str = ALL) -> Consent:
    return consent_withdraw_change(
        actor=actor, consent=consent, withdrawn_on=withdrawn_on, reason=reason, scope=scope
    ).consent


def consent_after_guardian_change(*, actor: User, pupil: Pupil, summary: list[str]) -> ConsentChange | None:
    """A guardian added or their authority changed: the current consent gets a new version in
    which the rule is applied again (a new holder who has not answered makes sharing wait)."""
    if not Consent.objects.filter(pupil=pupil, is_current=True).exists():
        return None
    return consent_change(actor=actor, pupil=pupil, summary=summary)


def consent_reapply_rules(*, partnership_id: int, actor: User | None = None) -> int:
    """The partnership's "both must agree" rule changed: every current version of its pupils is
    decided again; those whose outcome changes get a new version (and their grants follow)."""
    changed = 0
    currents = Consent.objects.current().filter(pupil__school__board__partnership_id=partnership_id)
    for consent in currents.select_related("pupil").prefetch_related("answers__guardian"):
        guardians = list(consent.pupil.guardians.all())
        answers = {a.guardian_id: a.answers for a in consent.answers.all()}
        both = both_holders_required(consent.pupil)
        decision = rules.decide(
            asked=consent.asked_items,
            holder_answers=[answers.get(g.pk, {}) for g in guardians if g.has_authority],
            pupil_answers=consent.pupil_answers,
            age=consent.pupil.age_on(),
            both_must_agree=both,
        )
        if decision.status == consent.item_status:
            continue
        rule = _("both holders must agree") if both else _("one agreed and the other was informed is enough")
        consent_change(
            actor=actor,
            pupil=consent.pupil,
            summary=[_("The partnership's rule changed: %(rule)s") % {"rule": rule}],
        )
        changed += 1
    return changed


def consent_missing_authority_holders(consent: Consent) -> list[Guardian]:
    """Guardians with parental authority who have not agreed (the record warns while any is missing)."""
    return consent_missing_holders(consent=consent)
