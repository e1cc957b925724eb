"""Import schools and staff from a CSV file: all rows or none, with per-row errors in Dutch.

Columns (header row, `;` or `,` separated, UTF-8 or Windows-1252):
brin, vestiging, school, bestuur, wijk, gemeente, email, naam, rol, groepen, organisatie,
geldig_vanaf, geldig_tot. `groepen` lists a teacher's groups this school year, separated by `|`.
Existing schools (by BRIN + vestiging) and users (by e-mail) are updated, never duplicated.
One person may have several rows (several schools or roles), always with the same name; an e-mail
address with two different names, or a row repeated exactly, is an error for that row, never a
silent merge. A cell with a NUL byte or another control character is an error for its row.
New accounts get no usable password: they set one through "Wachtwoord vergeten?".
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from ot_portal.core.access import Perm, role_grants
from ot_portal.core.input import has_control_characters
from ot_portal.core.models import (
    Board,
    District,
    Partnership,
    Role,
    School,
    SchoolGroup,
    SchoolMembership,
    SchoolYear,
    User,
    brin_validator,
)

REQUIRED_COLUMNS = ["brin", "vestiging", "school", "bestuur", "wijk", "email", "naam", "rol"]
ROLE_ALIASES = {
    "directeur": Role.DIRECTOR,
    "director": Role.DIRECTOR,
    "ib": Role.IB,
    "intern begeleider": Role.IB,
    "leerkracht": Role.TEACHER,
    "groepsleerkracht": Role.TEACHER,
    "teacher": Role.TEACHER,
    "orthopedagoog": Role.ORTHOPEDAGOGUE,
    "orthopedagogue": Role.ORTHOPEDAGOGUE,
    "jeugdverpleegkundige": Role.YOUTH_NURSE,
    "youth_nurse": Role.YOUTH_NURSE,
    "smw": Role.SCHOOL_SOCIAL_WORKER,
    "schoolmaatschappelijk werker": Role.SCHOOL_SOCIAL_WORKER,
    "school_social_worker": Role.SCHOOL_SOCIAL_WORKER,
    "sociaal team": Role.SOCIAL_TEAM,
    "sociaal_team": Role.SOCIAL_TEAM,
    "social_team": Role.SOCIAL_TEAM,
    "ambulant begeleider": Role.VISITING_SPECIALIST,
    "visiting_specialist": Role.VISITING_SPECIALIST,
    "hulpverlener": Role.CARE_PROVIDER,
    "care_provider": Role.CARE_PROVIDER,
}


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    schools_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    rows: int = 0


class ImportFailed(Exception):
    def __init__(self, result: ImportResult) -> None:
        super().__init__("\n".join(result.errors))
        self.result = result


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(ImportResult(errors=[_("The file is not a readable text (CSV) file.")]))


def _parse_date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def read_rows(text: str) -> list[dict[str, str]]:
    sample = text[:2048]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if reader.fieldnames is None:
        raise ImportFailed(ImportResult(errors=[_("The file is empty.")]))
    header = [name.strip().lower() for name in reader.fieldnames]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFailed(ImportResult(errors=[_("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}]))
    reader.fieldnames = header
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _row_errors(row: dict[str, str]) -> list[str]:
    errors = []
    hidden = [column for column, value in row.items() if has_control_characters(value)]
    for column in hidden:
        errors.append(
            _("column “%(col)s” contains a NUL byte or another invisible control character") % {"col": column}
        )
    if hidden:
        return errors  # the other checks would quote the value, control characters and all
    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            errors.append(_("column “%(col)s” is empty") % {"col": column})
    if row.get("brin"):
        try:
            brin_validator(row["brin"].upper())
        except ValidationError:
            errors.append(_("BRIN code “%(brin)s” is not valid (two digits, two letters)") % {"brin": row["brin"]})
    if row.get("vestiging") and not (row["vestiging"].isdigit() and len(row["vestiging"]) <= 2):
        errors.append(_("location number must be one or two digits"))
    if row.get("email"):
        try:
            validate_email(row["email"])
        except ValidationError:
            errors.append(_("“%(email)s” is not a valid e-mail address") % {"email": row["email"]})
    if row.get("rol") and row["rol"].lower() not in ROLE_ALIASES:
        errors.append(_("unknown role “%(role)s”") % {"role": row["rol"]})
    for column in ("geldig_vanaf", "geldig_tot"):
        try:
            _parse_date(row.get(column, ""))
        except ValueError:
            errors.append(
                _("“%(value)s” in %(col)s is not a date (use 2026-08-01)") % {"value": row[column], "col": column}
            )
    return errors


def _duplicate_errors(rows: list[dict[str, str]]) -> list[tuple[int, str]]:
    """Rows that would be merged into one account or one role without anyone noticing."""
    errors = []
    first_of_email: dict[str, tuple[int, str]] = {}
    first_of_row: dict[tuple[str, ...], int] = {}
    for number, row in enumerate(rows, start=2):
        email, name = row.get("email", "").lower(), " ".join(row.get("naam", "").split())
        if not email or has_control_characters(email + name):
            continue
        key = (email, row.get("brin", "").upper(), row.get("vestiging", "").zfill(2), row.get("rol", "").lower())
        if key in first_of_row:
            errors.append(
                (
                    number,
                    _("repeats row %(first)d (same e-mail address, school and role)") % {"first": first_of_row[key]},
                )
            )
            continue
        first_of_row[key] = number
        earlier = first_of_email.setdefault(email, (number, name))
        if earlier[1].casefold() != name.casefold():
            errors.append(
                (
                    number,
                    _(
                        "e-mail address “%(email)s” is already used in row %(first)d for “%(other)s”; "
                        "one address is one person"
                    )
                    % {"email": email, "first": earlier[0], "other": earlier[1]},
                )
            )
    return errors


def import_staff(*, raw: bytes, partnership: Partnership) -> ImportResult:
    """Validate every row first; write only when all rows are valid, in one transaction."""
    rows = read_rows(decode(raw))
    result = ImportResult(rows=len(rows))
    # Row 1 is the header.
    problems = [(number, error) for number, row in enumerate(rows, start=2) for error in _row_errors(row)]
    problems += _duplicate_errors(rows)
    for number, error in sorted(problems, key=lambda problem: problem[0]):
        result.errors.append(_("Row %(n)d: %(error)s.") % {"n": number, "error": error})
    if not rows:
        result.errors.append(_("The file has no data rows."))
    if result.errors:
        raise ImportFailed(result)
    with transaction.atomic():
        year = SchoolYear.for_date()
        for number, row in enumerate(rows, start=2):
            try:
                _import_row(row, partnership=partnership, year=year, result=result)
            except ValidationError as exc:
                result.errors.append(_("Row %(n)d: %(error)s.") % {"n": number, "error": "; ".join(exc.messages)})
        if result.errors:
            transaction.set_rollback(True)
            raise ImportFailed(result)
    return result


def _import_row(row: dict[str, str], *, partnership: Partnership, year: SchoolYear, result: ImportResult) -> None:
    board, _created = Board.objects.get_or_create(partnership=partnership, name=row["bestuur"])
    district, _created = District.objects.get_or_create(
        partnership=partnership, name=row["wijk"], defaults={"municipality": row.get("gemeente") or row["wijk"]}
    )
    school = School.objects.filter(brin=row["brin"].upper(), location_number=row["vestiging"].zfill(2)).first()
    if school is None:
        school = School(brin=row["brin"].upper(), location_number=row["vestiging"].zfill(2))
        result.schools_created += 1
    elif school.board.partnership_id != partnership.pk:
        raise ValidationError(_("this school belongs to another partnership"))
    school.name, school.board, school.district = row["school"], board, district
    school.full_clean()
    school.save()
    email = row["email"].lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email)
        user.set_unusable_password()
        result.users_created += 1
    user.full_name = row["naam"]
    user.organisation = row.get("organisatie", "")
    user.full_clean(exclude=["password"])
    user.save()
    role = ROLE_ALIASES[row["rol"].lower()]
    valid_from = _parse_date(row.get("geldig_vanaf", "")) or year.starts_on
    membership = SchoolMembership.objects.filter(user=user, school=school, role=role).first()
    if membership is None:
        membership = SchoolMembership(user=user, school=school, role=role)
        result.memberships_created += 1
    membership.valid_from = valid_from
    membership.valid_until = _parse_date(row.get("geldig_tot", ""))
    membership.full_clean()
    membership.save()
    group_names = [g.strip() for g in row.get("groepen", "").split("|") if g.strip()]
    if group_names and not role_grants(role, Perm.GROUP_TEACH):
        raise ValidationError(_("only a teacher can have groups"))
    for name in group_names:
        group, _created = SchoolGroup.objects.get_or_create(school=school, school_year=year, name=name)
        membership.groups.add(group)
