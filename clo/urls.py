from django.urls import path

from clo import views

app_name = "clo"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("wachtrij/", views.queue, name="queue"),
    path("register/", views.register, name="register"),
    path("casus/<uuid:case_uuid>/aanvraag/", views.request_create, name="request_create"),
    path("aanvragen/<uuid:uuid>/", views.request_detail, name="request_detail"),
    path("aanvragen/<uuid:uuid>/bewerken/", views.request_edit, name="request_edit"),
    path("aanvragen/<uuid:uuid>/rapporten/", views.report_add, name="report_add"),
    path("aanvragen/<uuid:uuid>/status/", views.request_transition, name="request_transition"),
    path("aanvragen/<uuid:uuid>/onvolledig/", views.request_incomplete, name="request_incomplete"),
    path("aanvragen/<uuid:uuid>/plannen/", views.request_plan, name="request_plan"),
    path("aanvragen/<uuid:uuid>/deskundige/", views.request_assign, name="request_assign"),
    path("aanvragen/<uuid:uuid>/advies/", views.advice_create, name="advice_create"),
    path("aanvragen/<uuid:uuid>/besluit/", views.decision_create, name="decision_create"),
    path("aanvragen/<uuid:uuid>/samenvatting/", views.request_summary, name="request_summary"),
    path("aanvragen/<uuid:uuid>/samenvatting.pdf", views.request_summary_pdf, name="request_summary_pdf"),
    path("aanvragen/<uuid:uuid>/bezwaar/", views.objection_create, name="objection_create"),
    path("rapporten/<uuid:uuid>/", views.report_download, name="report_download"),
    path("besluiten/<uuid:uuid>/brief.pdf", views.decision_letter, name="decision_letter"),
    path("bezwaren/<uuid:uuid>/", views.objection_detail, name="objection_detail"),
    path("vergaderingen/", views.meeting_list, name="meeting_list"),
    path("vergaderingen/nieuw/", views.meeting_create, name="meeting_create"),
    path("vergaderingen/<uuid:uuid>/", views.meeting_detail, name="meeting_detail"),
    path("vergaderingen/<uuid:uuid>/stem/", views.vote, name="vote"),
]
