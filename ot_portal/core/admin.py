"""Administration for functional administrators: the organisation only. No pupil or case data
is ever registered here (tests/core/test_admin.py asserts it)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ot_portal.core import models as m

admin.site.site_header = _("OT Portal administration")
admin.site.site_title = _("OT Portal")


class LabelledInlineFormSet(BaseInlineFormSet[Any, Any, Any]):
    """A tabular inline shows its labels only as column headers, so a screen reader hears an
    unnamed field: name every field, the delete box included, after its label."""

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        for name, field in form.fields.items():
            field.widget.attrs.setdefault("aria-label", str(field.label or name))


class TabularInline(admin.TabularInline[Any, Any]):
    formset = LabelledInlineFormSet


class SettingsInline(admin.StackedInline[m.PartnershipSettings, m.Partnership]):
    model = m.PartnershipSettings
    can_delete = False


class DisciplineInline(TabularInline):
    model = m.ExpertDiscipline
    extra = 0


@admin.register(m.Partnership)
class PartnershipAdmin(admin.ModelAdmin[m.Partnership]):
    list_display = ["name", "code"]
    inlines = [SettingsInline, DisciplineInline]


@admin.register(m.Board)
class BoardAdmin(admin.ModelAdmin[m.Board]):
    list_display = ["name", "board_number", "partnership"]
    search_fields = ["name", "board_number"]


@admin.register(m.District)
class DistrictAdmin(admin.ModelAdmin[m.District]):
    list_display = ["name", "municipality", "partnership"]


class TeamRoleInline(TabularInline):
    model = m.SupportTeamRole
    extra = 0


@admin.register(m.School)
class SchoolAdmin(admin.ModelAdmin[m.School]):
    list_display = ["name", "brin_code", "board", "district"]
    list_filter = ["board", "district"]
    search_fields = ["name", "brin"]
    inlines = [TeamRoleInline]


@admin.register(m.SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin[m.SchoolYear]):
    list_display = ["__str__"]


@admin.register(m.SchoolGroup)
class SchoolGroupAdmin(admin.ModelAdmin[m.SchoolGroup]):
    list_display = ["name", "school", "school_year"]
    list_filter = ["school_year", "school"]


class SchoolMembershipInline(TabularInline):
    model = m.SchoolMembership
    extra = 0
    fields = ["school", "role", "valid_from", "valid_until", "groups"]
    autocomplete_fields = ["school"]
    filter_horizontal = ["groups"]


class CommitteeMembershipInline(TabularInline):
    model = m.CommitteeMembership
    extra = 0


class PartnershipRoleInline(TabularInline):
    model = m.PartnershipRole
    extra = 0


@admin.register(m.User)
class UserAdmin(BaseUserAdmin[m.User]):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "organisation", "is_active"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["full_name", "email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "organisation")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ["groups"]
    inlines = [SchoolMembershipInline, CommitteeMembershipInline, PartnershipRoleInline]
    actions = ["deactivate"]

    # A user is never deleted: the access log, the timeline and the histories point at them and are
    # append-only (ADR 0002). Someone who leaves is deactivated and can no longer sign in.
    def has_delete_permission(self, request: HttpRequest, obj: m.User | None = None) -> bool:
        return False

    @admin.action(description=_("Deactivate selected users"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[m.User]) -> None:
        count = 0
        for user in queryset.filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])  # one by one: the change log records each
            count += 1
        self.message_user(request, _("%(n)d users deactivated.") % {"n": count})


@admin.register(m.SchoolMembership)
class SchoolMembershipAdmin(admin.ModelAdmin[m.SchoolMembership]):
    list_display = ["user", "school", "role", "valid_from", "valid_until"]
    list_filter = ["role", "school"]
    search_fields = ["user__full_name", "user__email"]


@admin.register(m.CommitteeMembership)
class CommitteeMembershipAdmin(admin.ModelAdmin[m.CommitteeMembership]):
    list_display = ["user", "partnership", "role", "discipline", "valid_from", "valid_until"]


@admin.register(m.PartnershipRole)
class PartnershipRoleAdmin(admin.ModelAdmin[m.PartnershipRole]):
    list_display = ["user", "partnership", "role", "valid_from", "valid_until"]
