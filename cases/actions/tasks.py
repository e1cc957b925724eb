"""Background tasks (django.tasks) of actions."""

from django.tasks import task

from cases.actions.reminders import send_action_reminders


@task
def send_action_reminders_task() -> dict[str, int]:
    """The daily reminder run as a task, for deployments that schedule tasks instead of cron."""
    result = send_action_reminders()
    return {"reminded": result.reminded, "escalated": result.escalated}
