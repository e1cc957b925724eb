"""manage.py sync_case_grants: revoke grants whose consent expired or was withdrawn and add
grants for new external members. Run daily; access already ends on expiry without it, because
a grant carries the consent's valid-until as its expiry time."""

from django.core.management.base import BaseCommand

from cases.consent.services import sync_grants


class Command(BaseCommand):
    help = "Make consent-backed case grants match the consent in force."

    def handle(self, *args, **options):
        created, revoked = sync_grants()
        self.stdout.write(self.style.SUCCESS(f"Case grants: {created} created, {revoked} revoked"))
