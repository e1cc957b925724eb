"""URLconf used only by `make load` (ot_portal.settings.load): the project's URLs plus the bare page
the mixed throughput is compared with. No bench admin: the load test serves production settings."""

from django.urls import include, path

from ot_portal.demo.views import bare

urlpatterns = [
    path("__bench_bare__/", bare, name="bench_bare"),
    path("", include("ot_portal.urls")),
]
