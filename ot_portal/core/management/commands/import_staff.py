"""manage.py import_staff FILE.csv [--partnership CODE]: schools and staff, all rows or none."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ot_portal.core.models import Partnership
from ot_portal.core.staff_import import ImportFailed, import_staff


class Command(BaseCommand):
    help = "Import schools and staff from a CSV file (see ot_portal/core/staff_import.py for the columns)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--partnership", help="Partnership code; needed when there is more than one.")

    def handle(self, *args: Any, file: str, partnership: str | None = None, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        partnerships = Partnership.objects.all()
        if partnership:
            partnerships = partnerships.filter(code=partnership)
        if partnerships.count() != 1:
            raise CommandError(_("Name exactly one partnership with --partnership CODE."))
        try:
            result = import_staff(raw=path.read_bytes(), partnership=partnerships.get())
        except ImportFailed as failed:
            for error in failed.result.errors:
                self.stderr.write(error)
            raise CommandError(_("Nothing was imported: fix the errors above and try again.")) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("%(rows)d rows imported: %(schools)d new schools, %(users)d new accounts, %(roles)d new roles.")
                % {
                    "rows": result.rows,
                    "schools": result.schools_created,
                    "users": result.users_created,
                    "roles": result.memberships_created,
                }
            )
        )
