"""A read-only Django admin of the key pages' rows, routed only by `manage.py bench`'s URLconf.

It is the yardstick the issue names ("less than the admin changelist of the same rows"): Django's
own generic list of the same rows, measured in the same interleaved run. It is never registered
in the product's admin (`/beheer/`), and it is reachable only through `ot_portal.demo.bench_urls`,
which only the bench command installs (with `override_settings`, for its own test Client).
"""

from __future__ import annotations

from django.contrib import admin

from cases.models import Action, Case, CaseEvent
from clo.models import Request


class BenchAdminSite(admin.AdminSite):
    site_header = "bench"
    site_url = None

    def has_permission(self, request):
        # The page's own user opens the changelist, so both measurements pay for the same sign-in.
        return request.user.is_active and request.user.is_authenticated


class ReadOnlyAdmin(admin.ModelAdmin):
    list_per_page = 25  # the portal's page size

    def lookup_allowed(self, lookup, value, request=None):
        return True  # the bench filters by ids that are not list_filter fields

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CaseBenchAdmin(ReadOnlyAdmin):
    list_display = ("uuid", "pupil", "school", "status", "care_level", "lead", "opened_on", "last_activity_at")
    list_select_related = ("pupil", "school", "lead")
    ordering = ("-last_activity_at", "-pk")


class CaseEventBenchAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "text", "actor", "case")
    list_select_related = ("actor", "case")
    list_per_page = 100  # the case page shows the last 100 events
    ordering = ("-at", "-pk")


class ActionBenchAdmin(ReadOnlyAdmin):
    list_display = ("description", "case", "owner", "due_on", "status")
    list_select_related = ("case", "owner")
    ordering = ("due_on", "pk")


class RequestBenchAdmin(ReadOnlyAdmin):
    list_display = ("uuid", "kind", "school", "status", "received_on", "prepared_by", "meeting")
    list_select_related = ("school", "prepared_by", "meeting")
    ordering = ("received_on", "pk")


site = BenchAdminSite(name="bench_admin")
site.register(Case, CaseBenchAdmin)
site.register(CaseEvent, CaseEventBenchAdmin)
site.register(Action, ActionBenchAdmin)
site.register(Request, RequestBenchAdmin)
