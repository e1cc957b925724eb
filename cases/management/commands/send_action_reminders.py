"""Cron: `manage.py send_action_reminders` once a day (e.g. 07:00). Safe to run more often:
an action is reminded at most once a day and escalated once."""

from typing import Any

from django.core.management.base import BaseCommand

from cases.actions.reminders import send_action_reminders


class Command(BaseCommand):
    help = "Mail reminders for OT actions due soon or overdue, and escalate long-overdue ones."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_action_reminders()
        self.stdout.write(f"reminded={result.reminded} escalated={result.escalated}")
