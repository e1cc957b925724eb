"""Builds the home page from real data. Each domain app contributes a panel through its own
`home.panel(request)` (returns a template name and context, or None when it has nothing for
this user)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from cases import home as cases_home
from clo import home as clo_home
from meetings import home as meetings_home
from ot_portal.core.access import active_committee_memberships, active_memberships, with_votes
from ot_portal.core.models import PartnershipRole, SchoolGroup, SchoolYear

PANEL_PROVIDERS = [cases_home.panel, meetings_home.panel, cases_home.drafts_panel, clo_home.panel]


def home_context(request) -> dict:
    user = request.user
    year = SchoolYear.start_year_for(timezone.localdate())
    memberships = (
        active_memberships(user)
        .select_related("school", "school__district", "school__board")
        .prefetch_related(
            Prefetch(
                "groups",
                queryset=SchoolGroup.objects.filter(school_year__start_year=year),
                to_attr="current_groups",
            )
        )
        .order_by("school__name", "role")
    )
    committee = with_votes(active_committee_memberships(user).select_related("partnership", "discipline"))
    partnership_roles = PartnershipRole.objects.active().filter(user=user).select_related("partnership")
    panels = [p for p in (provider(request) for provider in PANEL_PROVIDERS) if p]
    # The daily work first, above the fold at 1280×800: the actions (column "main") beside the next
    # meetings and new drafts; who-am-I (schools and roles) comes after.
    main = [p for p in panels if p.get("column") == "main"]
    return {
        "memberships": memberships,
        "committee_memberships": committee,
        "partnership_roles": partnership_roles,
        "panels": panels,
        "main_panels": main,
        "side_panels": [p for p in panels if p.get("column") != "main"],
        "school_year": f"{year}-{year + 1}",
    }
