"""Reads of the right of access: the pupil's access log, the parents' summary of it, the IB's open
access requests, and the answer document (everything held on the pupil, redacted)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from cases.actions.models import Action
from cases.casefile.models import Attachment, Case, CaseNote
from cases.consent.models import Consent, discipline_labels
from cases.disclosure.document import Block, Section, model_fields, registered_sections, text
from cases.disclosure.models import AccessRequest, AccessRequestStatus
from cases.disclosure.redaction import other_guardians, redactor_for
from cases.growth.models import GrowthDocument, GrowthGoal
from cases.intake.models import ConcernArea, Intake
from cases.intake.services import INTAKE_FIELDS as INTAKE_FORM_FIELDS
from cases.pupils.models import Guardian, Pupil
from cases.pupils.selectors import current_group
from ot_portal.core.access import AnyUser, Perm, role_label, school_ids_with
from ot_portal.core.audit import GUARDIAN_ROLE, ObjectType
from ot_portal.core.models import AccessLog

# --- The access log of one pupil ------------------------------------------------------------------

#: What the log's object types mean to a reader of the page.
OBJECT_LABELS: dict[str, StrOrPromise] = {
    ObjectType.PUPIL: gettext_lazy("pupil details"),
    ObjectType.CASE: gettext_lazy("case"),
    ObjectType.CONSENT: gettext_lazy("consent"),
    ObjectType.GROWTH_DOCUMENT: gettext_lazy("growth document"),
    ObjectType.INTAKE: gettext_lazy("intake form"),
    ObjectType.ATTACHMENT: gettext_lazy("document"),
    ObjectType.ACTION: gettext_lazy("action"),
    ObjectType.ACTION_LIST: gettext_lazy("action list"),
    ObjectType.AGENDA_ITEM: gettext_lazy("OT meeting agenda"),
    ObjectType.CLO_REQUEST: gettext_lazy("CLO request"),
    ObjectType.CLO_DECISION: gettext_lazy("CLO decision"),
    ObjectType.CLO_OBJECTION: gettext_lazy("objection"),
    ObjectType.CLO_REPORT: gettext_lazy("third-party report"),
    ObjectType.CLO_MEETING: gettext_lazy("CLO meeting"),
    ObjectType.CLO_TLV: gettext_lazy("TLV register"),
    ObjectType.ACCESS_REQUEST: gettext_lazy("access request"),
    ObjectType.ACCESS_LOG: gettext_lazy("this access log"),
}


def object_label(object_type: str) -> str:
    if object_type.startswith("dashboard."):  # ObjectType.DASHBOARD_*
        return str(_("dashboard"))
    return str(OBJECT_LABELS.get(object_type, object_type))


def role_labels(roles: str, *, school_id: int | None = None) -> str:
    """The roles column ("ib@3,teacher@3,clo:chair") as the reader says it, without school ids;
    with `school_id`, only the roles held at that school (and the CLO's)."""
    if roles == GUARDIAN_ROLE:
        return str(_("parent/guardian"))
    here, elsewhere = [], []
    for part in filter(None, roles.split(",")):
        if part.startswith("clo:"):
            here.append(str(_("CLO: %(role)s") % {"role": role_label(part)}))
            continue
        role, _sep, school = part.partition("@")
        label = role_label(role)
        if school_id is not None and school and school != str(school_id):
            elsewhere.append(label)
        else:
            here.append(label)
    if not here and elsewhere:
        # Someone from another school: say so, without naming that school.
        return str(_("%(roles)s at another school") % {"roles": ", ".join(dict.fromkeys(elsewhere))})
    return ", ".join(dict.fromkeys(here)) or "—"


@dataclass
class AccessLogFilter:
    since: date | None = None
    until: date | None = None
    user_id: int | None = None
    action: str = ""
    outcome: str = ""


def access_log_for_pupil(*, pupil: Pupil, filters: AccessLogFilter | None = None) -> QuerySet[AccessLog]:
    """Every access-log row about the pupil (allowed and refused), newest first."""
    rows = AccessLog.objects.filter(pupil_key=pupil.uuid).select_related("user")
    f = filters or AccessLogFilter()
    tz = timezone.get_current_timezone()
    if f.since:
        rows = rows.filter(at__gte=datetime.combine(f.since, time.min, tzinfo=tz))
    if f.until:
        rows = rows.filter(at__lte=datetime.combine(f.until, time.max, tzinfo=tz))
    if f.user_id:
        rows = rows.filter(user_id=f.user_id)
    if f.action:
        rows = rows.filter(action=f.action)
    if f.outcome == "refused":
        rows = rows.exclude(outcome=AccessLog.Outcome.ALLOWED)
    elif f.outcome == "allowed":
        rows = rows.filter(outcome=AccessLog.Outcome.ALLOWED)
    return rows.order_by("-at", "-pk")


def access_log_people(*, pupil: Pupil) -> list[tuple[int, str]]:
    """(user id, name) of everyone in the pupil's log, for the filter."""
    people = (
        AccessLog.objects.filter(pupil_key=pupil.uuid, user__isnull=False)
        .values_list("user_id", "user__full_name")
        .distinct()
        .order_by("user__full_name")
    )
    return list(people)


def access_summary_for_guardian(pupil: Pupil) -> list[dict[str, Any]]:
    """For the parent pages: which roles opened the pupil's file on which day, and how often.
    No names of staff, no refused attempts, not the parents' own visits. Newest day first."""
    rows = (
        AccessLog.objects.filter(pupil_key=pupil.uuid, outcome=AccessLog.Outcome.ALLOWED, guardian_key__isnull=True)
        .exclude(roles="")
        .annotate(day=TruncDate("at"))
        .values("day", "roles")
        .annotate(n=Count("pk"))
        .order_by("-day")
    )
    by_day: dict[tuple[date, str], int] = {}
    for row in rows:
        key = (row["day"], role_labels(row["roles"], school_id=pupil.school_id))
        by_day[key] = by_day.get(key, 0) + row["n"]
    return [{"day": day, "role": role, "times": n} for (day, role), n in by_day.items()]


# --- Access requests ---------------------------------------------------------------------------


def access_requests_for_user(*, user: AnyUser) -> QuerySet[AccessRequest]:
    """Access requests of the schools where the user handles them."""
    return AccessRequest.objects.filter(
        pupil__school_id__in=school_ids_with(user, Perm.ACCESS_REQUEST_HANDLE)
    ).select_related("pupil", "guardian")


def open_access_requests_for_user(*, user: AnyUser, school_ids: Iterable[int] | None = None) -> QuerySet[AccessRequest]:
    rows = access_requests_for_user(user=user).filter(status=AccessRequestStatus.OPEN)
    if school_ids is not None:
        rows = rows.filter(pupil__school_id__in=school_ids)
    return rows.order_by("due_on", "pk")


def authorised_guardians(pupil: Pupil) -> list[Guardian]:
    return [g for g in pupil.guardians.all() if g.has_authority]


# --- The answer document -------------------------------------------------------------------------


def _pupil_section(pupil: Pupil, requester: Guardian | None) -> Section:
    group = current_group(pupil)
    withheld = {g.pk for g in other_guardians(pupil, requester)}
    guardians = Block(
        title=str(_("Parents and guardians")),
        columns=[str(_("Name")), str(_("Relation")), str(_("Parental authority")), str(_("E-mail")), str(_("Phone"))],
        rows=[
            [
                g.name,
                text(g.relation),
                text(g.has_authority),
                str(_("[withheld]")) if g.pk in withheld and g.email else text(g.email),
                str(_("[withheld]")) if g.pk in withheld and g.phone else text(g.phone),
            ]
            for g in pupil.guardians.all()
        ],
        empty=str(_("None recorded.")),
    )
    details = Block(
        fields=[
            *model_fields(pupil, ["first_name", "last_name_prefix", "last_name", "pupil_number", "date_of_birth"]),
            (str(_("School")), pupil.school.name),
            (str(_("Group")), text(group.name if group else None)),
            *model_fields(pupil, ["left_on"]),
        ]
    )
    return Section(title=str(_("Pupil")), blocks=[details, guardians])


def _consent_section(pupil: Pupil) -> Section:
    versions = (
        Consent.objects.filter(pupil=pupil)
        .select_related("recorded_by")
        .prefetch_related("answers__guardian")
        .order_by("version", "pk")
    )
    rows = []
    for c in versions:
        answers = "; ".join(
            f"{a.guardian.name}: {_('agreed') if a.agreed else _('did not agree')}" for a in c.answers.all()
        )
        status = _("withdrawn on %(date)s") % {"date": text(c.withdrawn_on)} if c.withdrawn_on else ""
        rows.append(
            [
                str(c.version),
                text(c.given_on),
                c.get_method_display(),
                text(c.discuss_in_ot),
                text(discipline_labels(c.disciplines)),
                text(answers),
                text(status or (_("current") if c.is_current else _("superseded"))),
            ]
        )
    return Section(
        title=str(_("Consent")),
        blocks=[
            Block(
                columns=[
                    str(_("Version")),
                    str(_("Given on")),
                    str(_("How")),
                    str(_("Discussed by name in the OT")),
                    str(_("Disciplines")),
                    str(_("Answers")),
                    str(_("Status")),
                ],
                rows=rows,
                empty=str(_("No consent recorded.")),
            )
        ],
    )


#: The zorgformulier as the intake service defines it (concern areas are shown by name, apart),
#: framed by its status and submission date.
INTAKE_FIELDS = ["status", *(f for f in INTAKE_FORM_FIELDS if f != "concern_areas"), "submitted_at"]


def _intake_sections(pupil: Pupil) -> list[Section]:
    intakes = list(Intake.objects.filter(pupil=pupil).order_by("created_at", "pk"))
    return [
        Section(
            title=str(_("Intake form of %(date)s") % {"date": text(i.created_at.date())}),
            blocks=[
                Block(
                    fields=[
                        *model_fields(i, INTAKE_FIELDS[:3]),
                        (
                            capfirst(str(Intake._meta.get_field("concern_areas").verbose_name)),
                            text([str(dict(ConcernArea.choices).get(c, c)) for c in i.concern_areas]),
                        ),
                        *model_fields(i, INTAKE_FIELDS[3:]),
                    ]
                )
            ],
        )
        for i in intakes
    ]


def _case_sections(pupil: Pupil) -> list[Section]:
    """Every case with its history, the consultations shared with the team (a working note only
    its author sees is left out), interventions, actions and documents."""
    cases = (
        Case.objects.filter(pupil=pupil)
        .select_related("lead", "school")
        .prefetch_related(
            "status_changes__changed_by",
            "lead_changes__to_lead",
            Prefetch("notes", queryset=CaseNote.objects.filter(author_only=False).select_related("author")),
            "interventions",
            Prefetch("actions", queryset=Action.objects.select_related("owner").order_by("due_on", "pk")),
            "attachments",
        )
        .order_by("opened_on", "pk")
    )
    sections = []
    for case in cases:
        blocks = [
            Block(fields=model_fields(case, ["status", "care_level", "lead", "opened_on", "closed_on", "outcome"])),
            Block(
                title=str(_("Status history")),
                columns=[
                    str(_("Date")),
                    str(_("Previous status")),
                    str(_("New status")),
                    str(_("Reason")),
                    str(_("By")),
                ],
                rows=[
                    [
                        text(s.changed_at),
                        text(s.get_from_status_display() if s.from_status else None),
                        s.get_to_status_display(),
                        text(s.reason),
                        s.changed_by.full_name,
                    ]
                    for s in case.status_changes.all()
                ],
                empty=str(_("None.")),
            ),
            Block(
                title=str(_("Consultations")),
                columns=[str(_("Date")), str(_("Kind")), str(_("With whom")), str(_("Note")), str(_("By"))],
                rows=[
                    [text(n.occurred_on), n.get_kind_display(), text(n.with_whom), n.text, n.author.full_name]
                    for n in case.notes.all()
                ],
                empty=str(_("None.")),
            ),
            Block(
                title=str(_("Interventions")),
                columns=[str(_("Level")), str(_("What")), str(_("Provider")), str(_("Period")), str(_("Evaluation"))],
                rows=[
                    [
                        i.get_level_display(),
                        i.description,
                        text(i.provider),
                        f"{text(i.starts_on)} – {text(i.ends_on)}",
                        text(i.evaluation),
                    ]
                    for i in case.interventions.all()
                ],
                empty=str(_("None.")),
            ),
            Block(
                title=str(_("Actions")),
                columns=[str(_("What")), str(_("Owner")), str(_("Due")), str(_("Status")), str(_("Result"))],
                rows=[
                    [
                        a.description,
                        a.owner.full_name if a.owner is not None else text(a.external_owner_name),
                        text(a.due_on),
                        a.get_status_display(),
                        text(a.result),
                    ]
                    for a in case.actions.all()
                ],
                empty=str(_("None.")),
            ),
            Block(
                title=str(_("Documents (in the ZIP file)")),
                columns=[str(_("File")), str(_("Description")), str(_("Uploaded on"))],
                rows=[[a.original_name, text(a.description), text(a.uploaded_at)] for a in case.attachments.all()],
                empty=str(_("None.")),
            ),
        ]
        sections.append(
            Section(title=str(_("Case opened on %(date)s") % {"date": text(case.opened_on)}), blocks=blocks)
        )
    return sections


def _growth_section(pupil: Pupil) -> list[Section]:
    document = (
        GrowthDocument.objects.filter(pupil=pupil)
        .prefetch_related(Prefetch("goals", queryset=GrowthGoal.objects.prefetch_related("evaluations")))
        .first()
    )
    if document is None:
        return []
    goals = Block(
        title=str(_("Goals (HGW cycle)")),
        columns=[str(_("Goal")), str(_("Phase")), str(_("Analysis and plan")), str(_("Evaluations"))],
        rows=[
            [
                g.goal,
                g.get_phase_display(),
                " ".join(p for p in (g.analysis, g.approach) if p) or "—",
                text("; ".join(f"{text(e.evaluated_on)}: {e.text}" for e in g.evaluations.all())),
            ]
            for g in document.goals.all()
        ],
        empty=str(_("No goals yet.")),
    )
    return [
        Section(
            title=str(_("Growth document")),
            blocks=[Block(fields=model_fields(document, GrowthDocument.TRACKED_FIELDS)), goals],
        )
    ]


def _access_log_section(pupil: Pupil) -> Section:
    """Who opened the file (AVG art. 15(1)(c): the recipients): roles and days, no names."""
    return Section(
        title=str(_("Who opened the file")),
        blocks=[
            Block(
                columns=[str(_("Day")), str(_("Role")), str(_("Times"))],
                rows=[[text(r["day"]), r["role"], str(r["times"])] for r in access_summary_for_guardian(pupil)],
                empty=str(_("Nobody opened the file yet.")),
            )
        ],
    )


def disclosure_document(*, access_request: AccessRequest) -> dict[str, Any]:
    """The context of the answer, for the browser page and the PDF alike: every section of every
    package that holds data on the pupil, redacted in one pass (cases/disclosure/redaction.py)."""
    pupil = Pupil.objects.select_related("school").prefetch_related("guardians").get(pk=access_request.pupil_id)
    requester = None if access_request.by_pupil else access_request.guardian
    sections = [
        _pupil_section(pupil, requester),
        _consent_section(pupil),
        *_intake_sections(pupil),
        *_case_sections(pupil),
        *_growth_section(pupil),
        *registered_sections(pupil),
        _access_log_section(pupil),
    ]
    redact = redactor_for(pupil, requester=requester)
    return {
        "pupil": pupil,
        "school": pupil.school,
        "access_request": access_request,
        "sections": redact.document(sections),
        "today": timezone.localdate(),
    }


def attachments_of(pupil: Pupil) -> QuerySet[Attachment]:
    """The files that go into the ZIP: every document of every case of the pupil."""
    return Attachment.objects.filter(case__pupil=pupil).order_by("uploaded_at", "pk")


def signed_consent_forms_of(pupil: Pupil) -> QuerySet[Consent]:
    """Consent versions with a scanned, signed form: those forms go into the ZIP too."""
    return Consent.objects.filter(pupil=pupil).exclude(signed_form="").order_by("version", "pk")
