"""URLconf used only by `manage.py bench`: the project's URLs plus the two yardsticks, a bare page
and a read-only admin of the same rows (never part of the product's URLs or its admin)."""

from django.urls import include, path

from ot_portal.demo.bench_admin import site as bench_admin_site
from ot_portal.demo.views import bare

urlpatterns = [
    path("__bench_bare__/", bare, name="bench_bare"),
    path("__bench_admin__/", bench_admin_site.urls),
    path("", include("ot_portal.urls")),
]
