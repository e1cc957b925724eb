"""CSV import of pupils from the pupil administration (leerlingadministratie) export.

Columns (header row required; `;` or `,` as separator; UTF-8, with or without BOM):
    leerlingnummer*, voornaam*, tussenvoegsel, achternaam*, geboortedatum* (dd-mm-jjjj or jjjj-mm-dd),
    groep* (e.g. 5a), ouder1_naam, ouder1_relatie, ouder1_email, ouder1_telefoon, ouder1_gezag (ja/nee),
    ouder2_naam, ouder2_relatie, ouder2_email, ouder2_telefoon, ouder2_gezag
The import is all-or-nothing. Re-importing updates pupils by their number (name, date of birth,
group of this school year, guardians by name) and never creates a duplicate.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.pupils.models import Enrolment, Guardian, Pupil
from ot_portal.core.models import School, SchoolGroup, SchoolYear, User

REQUIRED_COLUMNS = ["leerlingnummer", "voornaam", "achternaam", "geboortedatum", "groep"]


OPTIONAL_COLUMNS = ["tussenvoegsel"] + [
    f"ouder{n}_{part}" for n in (1, 2) for part in ("naam", "relatie", "email", "telefoon", "gezag")
]


MAX_BYTES = 2 * 1024 * 1024


MAX_ROWS = 2000


GROUP_RE = re.compile(r"^[1-8][a-z]?$")


NUMBER_RE = re.compile(r"^[0-9A-Za-z-]{1,20}$")


@dataclass
class ImportRow:
    line: int
    pupil_number: str
    first_name: str
    last_name_prefix: str
    last_name: str
    date_of_birth: date | None
    group: str
    guardians: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    existing: bool = False


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    errors: list[str]  # file-level errors

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(r.errors for r in self.rows)

    @property
    def new_count(self) -> int:
        return sum(1 for r in self.rows if not r.existing)

    @property
    def update_count(self) -> int:
        return sum(1 for r in self.rows if r.existing)


def _parse_date(value: str) -> date | None:
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is not a readable text (CSV) file."))


def parse(text: str, *, school: School) -> ImportPreview:
    """Parse and validate every row; nothing is saved."""
    if "\x00" in text:
        return ImportPreview(rows=[], errors=[_("The file is not a readable text (CSV) file.")])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        return ImportPreview(rows=[], errors=[_("The file is empty.")])
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return ImportPreview(rows=[], errors=[_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}])
    existing = set(Pupil.objects.filter(school=school).values_list("pupil_number", flat=True))
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                return ImportPreview(rows=[], errors=[_("At most %(n)s pupils per file.") % {"n": MAX_ROWS}])
            line = reader.line_num
            cells = {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)}
            row = ImportRow(
                line=line,
                pupil_number=cells.get("leerlingnummer", ""),
                first_name=cells.get("voornaam", ""),
                last_name_prefix=cells.get("tussenvoegsel", ""),
                last_name=cells.get("achternaam", ""),
                date_of_birth=None,
                group=cells.get("groep", "").lower(),
            )
            _validate_row(row, cells)
            if row.pupil_number in seen:
                row.errors.append(_("Pupil number also on line %(line)s.") % {"line": seen[row.pupil_number]})
            seen.setdefault(row.pupil_number, line)
            row.existing = row.pupil_number in existing
            rows.append(row)
    except csv.Error:
        return ImportPreview(rows=[], errors=[_("The file is not valid CSV.")])
    if not rows:
        return ImportPreview(rows=[], errors=[_("The file contains no pupils.")])
    return ImportPreview(rows=rows, errors=[])


def _validate_row(row: ImportRow, cells: dict[str, str]) -> None:
    if not row.pupil_number:
        row.errors.append(_("Pupil number is missing."))
    elif not NUMBER_RE.match(row.pupil_number):
        row.errors.append(_("Pupil number may only hold digits, letters and dashes (at most 20)."))
    if not row.first_name:
        row.errors.append(_("First name is missing."))
    if not row.last_name:
        row.errors.append(_("Last name is missing."))
    if len(row.first_name) > 100 or len(row.last_name) > 100 or len(row.last_name_prefix) > 20:
        row.errors.append(_("A name is too long."))
    raw_dob = cells.get("geboortedatum", "")
    row.date_of_birth = _parse_date(raw_dob)
    if row.date_of_birth is None:
        row.errors.append(_("Date of birth %(value)s is not a date (use dd-mm-jjjj).") % {"value": raw_dob[:20]})
    elif row.date_of_birth > timezone.localdate():
        row.errors.append(_("The date of birth cannot be in the future."))
    elif row.date_of_birth.year < 1990:
        row.errors.append(_("The date of birth is not plausible for a primary-school pupil."))
    if not GROUP_RE.match(row.group):
        row.errors.append(_("Group %(value)s is not a group 1 to 8 (e.g. 5a).") % {"value": row.group[:10]})
    for n in (1, 2):
        name = cells.get(f"ouder{n}_naam", "")
        if not name:
            continue
        email = cells.get(f"ouder{n}_email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(_("E-mail address of guardian %(n)s is not valid.") % {"n": n})
        authority = cells.get(f"ouder{n}_gezag", "ja").lower()
        if authority not in ("ja", "nee", "j", "n", "1", "0", ""):
            row.errors.append(_("Parental authority of guardian %(n)s must be ja or nee.") % {"n": n})
        if len(name) > 150:
            row.errors.append(_("A name is too long."))
        row.guardians.append(
            {
                "name": name,
                "relation": cells.get(f"ouder{n}_relatie", "")[:50],
                "email": email,
                "phone": cells.get(f"ouder{n}_telefoon", "")[:30],
                "has_authority": authority in ("ja", "j", "1", ""),
            }
        )


@transaction.atomic
def apply(*, actor: User, school: School, preview: ImportPreview) -> tuple[int, int]:
    """Save every row or none (one transaction). Returns (created, updated)."""
    if preview.has_errors:
        raise ValidationError(_("The file has errors; nothing was imported."))
    year = SchoolYear.for_date()
    groups = {g.name: g for g in SchoolGroup.objects.filter(school=school, school_year=year)}
    created = updated = 0
    for row in preview.rows:
        assert row.date_of_birth is not None  # a row without one is an error, and errors are refused above
        group = groups.get(row.group)
        if group is None:
            group = groups[row.group] = SchoolGroup.objects.create(school=school, school_year=year, name=row.group)
        pupil, was_created = Pupil.objects.get_or_create(
            school=school,
            pupil_number=row.pupil_number,
            defaults={
                "first_name": row.first_name,
                "last_name_prefix": row.last_name_prefix,
                "last_name": row.last_name,
                "date_of_birth": row.date_of_birth,
            },
        )
        if not was_created:
            pupil.first_name, pupil.last_name_prefix, pupil.last_name = (
                row.first_name,
                row.last_name_prefix,
                row.last_name,
            )
            pupil.date_of_birth = row.date_of_birth
        pupil.full_clean()
        pupil.save()
        Enrolment.objects.update_or_create(pupil=pupil, school_year=year, defaults={"group": group})
        for data in row.guardians:
            guardian = pupil.guardians.filter(name__iexact=data["name"]).first() or Guardian(pupil=pupil)
            for key, value in data.items():
                setattr(guardian, key, value)
            guardian.full_clean()
            guardian.save()
        created += was_created
        updated += not was_created
    return created, updated
