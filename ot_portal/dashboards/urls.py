from django.urls import path

from ot_portal.dashboards import views

app_name = "dashboards"

# Dutch paths, English names: directeur, werklijst, clo, samenwerkingsverband.
_PATHS = {"director": "directeur", "worklist": "werklijst", "clo": "clo", "partnership": "samenwerkingsverband"}

urlpatterns = []
for _kind, _path in _PATHS.items():
    urlpatterns += [
        path(f"{_path}/", views.page(_kind), name=_kind),
        path(f"{_path}/pdf/", views.pdf(_kind), name=f"{_kind}_pdf"),
        path(f"{_path}/csv/", views.csv_export(_kind), name=f"{_kind}_csv"),
    ]
