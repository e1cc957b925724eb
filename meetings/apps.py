from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """OT meetings: year plan (OT-jaarplan), agendas, minutes and follow-through on actions."""

    name = "meetings"
    verbose_name = "OT-overleggen"

    def ready(self) -> None:
        from cases.casefile.panels import register_case_panel  # noqa: PLC0415 (app registry must be ready)
        from cases.disclosure.document import register_disclosure_sections  # noqa: PLC0415 (app registry must be ready)
        from cases.participation.meetings import register_participant_meetings  # noqa: PLC0415
        from meetings import disclosure, timeline_texts  # noqa: F401, PLC0415 (registers its disclosure sections and how its timeline events read)
        from meetings.case_panel import panel  # noqa: PLC0415
        from meetings.participation import parent_meetings  # noqa: PLC0415

        register_case_panel(panel, order=10)
        register_disclosure_sections(disclosure.sections, order=10)
        register_participant_meetings(parent_meetings)
