from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db import connections
from django.db.models import fields
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from ot_portal.core import dates
from ot_portal.core import input as input_checks

#: Small organisation tables the access checks join. Autovacuum analyses a table only after ~50
#: changed rows, so a 3-row school-year table may never be analysed and the planner guesses
#: (issue 11 measured 82 ms instead of 1.6 ms for a case scope).
SMALL_TABLES = (
    "core_schoolyear",
    "core_partnership",
    "core_board",
    "core_district",
    "core_school",
    "core_schoolgroup",
    "core_schoolmembership",
    "core_schoolmembership_groups",
    "core_committeemembership",
    "core_partnershiprole",
)


def analyse_small_tables(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After migrate, on PostgreSQL: fresh statistics for the small tables (cheap at any size)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(SMALL_TABLES)}")


class CoreConfig(AppConfig):
    """Organisation, access policy, audit and PDF: the layer every domain app builds on."""

    name = "ot_portal.core"
    label = "core"
    verbose_name = "Organisatie"

    def ready(self) -> None:
        # Not at the top: audit and middleware import models, which cannot load before the app registry is ready.
        from ot_portal.core import audit, language, middleware  # noqa: PLC0415 (AppConfig.ready registration)

        audit.register_organisation_models()
        input_checks.install_form_validator()
        dates.install_form_validator()
        user_logged_in.connect(middleware.start_session_clocks, dispatch_uid="ot_session_clocks")
        user_logged_in.connect(language.apply_account_language, dispatch_uid="ot_account_language")
        post_migrate.connect(analyse_small_tables, sender=self, dispatch_uid="ot_analyse_small_tables")
        # One Dutch blank choice for every select: Django reads this label for model fields with
        # choices and for ModelChoiceField without an empty_label of its own (6.1 documents
        # overriding it in ready()).
        fields.BLANK_CHOICE_LABEL = _("— Choose —")
