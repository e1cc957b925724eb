"""manage.py sync_case_grants: revoke grants whose consent expired or was withdrawn, or whose
holder's membership ended, end every grant of a closed case, add grants for new external members
and move regie away from holders who lost access. Run daily; access already ends on expiry
without it, because a grant carries the consent's valid-until as its expiry time."""

from typing import Any

from django.core.management.base import BaseCommand

from cases.consent.services import sync_grants


class Command(BaseCommand):
    help = "Make consent-backed case grants match the consent in force."

    def handle(self, *args: Any, **options: Any) -> None:
        result = sync_grants()
        self.stdout.write(
            self.style.SUCCESS(
                f"Case grants: {len(result.granted)} created, {len(result.revoked)} revoked; "
                f"regie moved on {len(result.regie_moves)} cases"
            )
        )
