from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models import fields
from django.utils.translation import gettext_lazy as _

from ot_portal.core import dates
from ot_portal.core import input as input_checks


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
        # One Dutch blank choice for every select: Django reads this label for model fields with
        # choices and for ModelChoiceField without an empty_label of its own (6.1 documents
        # overriding it in ready()).
        fields.BLANK_CHOICE_LABEL = _("— Choose —")
