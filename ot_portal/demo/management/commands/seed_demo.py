"""manage.py seed_demo: the demo partnership, its accounts and every app's demo data. Idempotent."""

from django.db import transaction

from ot_portal.demo.guard import DemoCommand
from ot_portal.demo.organisation import DEMO_PASSWORD, seed_organisation
from ot_portal.demo.seeders import APP_SEEDERS


class Command(DemoCommand):
    help = "Create or complete the demo data (safe to run more than once)."

    def handle(self, *args, **options):
        with transaction.atomic():
            org = seed_organisation()
            for seeder in APP_SEEDERS:
                seeder(org)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(org.users)} accounts, password {DEMO_PASSWORD}"))
