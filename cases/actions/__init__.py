"""Actions agreed for a case: owner, due date, overdue, completion, reminders, escalation, handover."""
