"""Models of pupils: pupils, their enrolment in a group and their guardians (gezag)."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ot_portal.core.models import School, SchoolGroup, SchoolYear


def normalise_search(text: str) -> str:
    """Text as the pupil search compares it: accents dropped (NFKD, combining marks removed) and
    case folded, so "Zoë Çelik" is found by "zoe celik". Plain Python, so SQLite (the demo) and
    PostgreSQL search the same column the same way."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


#: The fields the search column is made of (a save that changes one of them refreshes it).
SEARCH_SOURCE_FIELDS = ("first_name", "last_name_prefix", "last_name", "pupil_number")


class Pupil(models.Model):
    """A pupil of one school, keyed on the pupil administration's own number. No BSN."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="pupils")
    pupil_number = models.CharField(_("pupil number"), max_length=20)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name_prefix = models.CharField(_("prefix"), max_length=20, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    left_on = models.DateField(_("left school on"), null=True, blank=True)
    #: Names and number, normalised by `normalise_search`; kept up to date by `save()`. Code that
    #: writes pupils without save() (bulk_create, update) sets it with `search_text_of`.
    search_text = models.CharField(max_length=250, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["school", "pupil_number"], name="uniq_pupil_number")]
        # The picker filters one school's pupils on the search column: the filter runs on the
        # index entries (an index-only scan on PostgreSQL), not on the table's rows.
        indexes = [models.Index(fields=["school", "search_text"], name="pupil_school_search")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.search_text_of()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCH_SOURCE_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def search_text_of(self) -> str:
        return normalise_search(" ".join(getattr(self, f) for f in SEARCH_SOURCE_FIELDS if getattr(self, f)))

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name_prefix, self.last_name) if p)

    def age_on(self, day: date | None = None) -> int:
        day = day or timezone.localdate()
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    def clean(self) -> None:
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})
        if self.left_on and self.date_of_birth and self.left_on < self.date_of_birth:
            raise ValidationError({"left_on": _("A pupil cannot leave before being born.")})


class Enrolment(models.Model):
    """The pupil's group (and so class teacher) in one school year."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="enrolments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(SchoolGroup, on_delete=models.PROTECT, related_name="enrolments")

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["pupil", "school_year"], name="uniq_enrolment_year")]

    def clean(self) -> None:
        if self.group_id and self.pupil_id and self.group.school_id != self.pupil.school_id:
            raise ValidationError(_("The group belongs to another school."))
        if self.group_id and self.school_year_id and self.group.school_year_id != self.school_year_id:
            raise ValidationError(_("The group belongs to another school year."))


class Guardian(models.Model):
    """A parent or guardian (ouder/verzorger). Only one with parental authority (gezag) can consent."""

    #: The pupil this row concerns, for the access log (ot_portal.core.audit.pupil_key_path).
    audit_pupil_path = "pupil__uuid"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="guardians")
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(
        _("relation"), max_length=50, blank=True, help_text=_("e.g. mother, father, foster parent")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    has_authority = models.BooleanField(_("holds parental authority (gezag)"), default=True)

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
