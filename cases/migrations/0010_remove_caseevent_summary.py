"""The timeline's old sentence column goes: events are rendered from message and params (0009)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_case_event_message_params")]

    operations = [migrations.RemoveField(model_name="caseevent", name="summary")]
