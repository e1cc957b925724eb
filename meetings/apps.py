from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """OT meetings: year plan (OT-jaarplan), agendas, minutes and follow-through on actions."""

    name = "meetings"
    verbose_name = "OT-overleggen"
