"""This app's panel on the role home page (see ot_portal.web.home): my open and overdue actions."""

from django.utils import timezone

from cases.actions.selectors import action_list_for_home
from cases.casefile.regie import recent_automatic_regie_for
from cases.growth.selectors import opp_evaluations_due
from cases.participation.selectors import open_invitations_for_user


def panel(request):
    """Return {"template": ..., **context} for the home page, or None when nothing applies."""
    if not request.user.is_authenticated:
        return None
    today = timezone.localdate()
    actions = list(action_list_for_home(user=request.user)[:50])
    opp_due = list(opp_evaluations_due(user=request.user)[:20])
    regie_notices = list(recent_automatic_regie_for(user=request.user)[:20])
    invitations = list(open_invitations_for_user(user=request.user)[:20])
    if not actions and not opp_due and not regie_notices and not invitations:
        return None
    return {
        "template": "cases/_home_panel.html",
        "actions": actions,
        "overdue_count": sum(a.is_overdue for a in actions),
        "opp_due": opp_due,
        "regie_notices": regie_notices,
        "invitations": invitations,
        "today": today,
    }
