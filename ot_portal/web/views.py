"""Role home pages: the user's schools, roles, groups and committee seats, plus each app's panel."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ot_portal.web.home import home_context


@login_required
def home(request):
    return render(request, "web/home.html", home_context(request))
