"""The partnership's consent rule lives in the core (PartnershipSettings); when it changes, the
consent code applies it again to every current version of the partnership's pupils. The core
imports no domain app, so the consent code listens here (the change itself is audited by the
core's change log)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from cases.consent.services import consent_reapply_rules
from ot_portal.core.models import PartnershipSettings


@receiver(pre_save, sender=PartnershipSettings, dispatch_uid="consent_rule_before")
def _remember_rule(sender: object, instance: PartnershipSettings, raw: bool = False, **kwargs: object) -> None:
    if raw or instance.pk is None:
        instance._consent_rule_before = None  # type: ignore[attr-defined]  # carried to post_save
        return
    rows = PartnershipSettings.objects.filter(pk=instance.pk)
    before = rows.values_list("consent_both_holders_required", flat=True).first()
    instance._consent_rule_before = before  # type: ignore[attr-defined]


@receiver(post_save, sender=PartnershipSettings, dispatch_uid="consent_rule_after")
def _reapply_rule(
    sender: object, instance: PartnershipSettings, created: bool = False, raw: bool = False, **kwargs: object
) -> None:
    before = getattr(instance, "_consent_rule_before", None)
    if raw or created or before is None or before == instance.consent_both_holders_required:
        return

    with transaction.atomic():
        consent_reapply_rules(partnership_id=instance.partnership_id)
