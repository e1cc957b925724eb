"""manage.py purge_expired_pupils [--commit]: erase pupils whose retention period has ended.

A pupil is erased when they left school longer ago than their partnership's retention period
(PartnershipSettings.retention_years, default two years). Without --commit it only reports.
Run it daily from cron; every erasure is summarised in the output (no names).
The same run deletes access-log entries older than the access log's own retention term
(PartnershipSettings.access_log_retention_years).
"""

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from cases.pupils.selectors import pupils_past_retention
from ot_portal.core.retention import erase, purge_access_log


class Command(BaseCommand):
    help = "Erase pupils (and everything about them) whose retention period has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--commit", action="store_true", help="Really erase; without it, only report.")

    def handle(self, *args: Any, commit: bool = False, **options: Any) -> None:
        pupils = list(pupils_past_retention())
        if not commit:
            self.stdout.write(
                _("%(n)d pupils are past their retention period (nothing erased; use --commit).") % {"n": len(pupils)}
            )
            self.stdout.write(
                _("%(n)d access log entries are past their retention term.") % {"n": purge_access_log(commit=False)}
            )
            return
        totals: Counter[str] = Counter()
        for pupil in pupils:
            erase(pupil, counts=totals)
        self.stdout.write(_("%(n)d pupils erased.") % {"n": len(pupils)})
        for label, count in sorted(totals.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(_("%(n)d access log entries deleted.") % {"n": purge_access_log()})
