"""URLconf used only by `manage.py bench`: the project's URLs plus a bare page to compare with."""

from django.urls import include, path

from ot_portal.demo.views import bare

urlpatterns = [
    path("__bench_bare__/", bare, name="bench_bare"),
    path("", include("ot_portal.urls")),
]
