from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<uuid:uuid>/", views.case_detail, name="case_detail"),
    path("<uuid:uuid>/status/", views.case_status, name="case_status"),
    path("<uuid:uuid>/zorgniveau/", views.case_care_level, name="case_care_level"),
    path("<uuid:uuid>/regie/", views.case_lead, name="case_lead"),
    path("<uuid:uuid>/consultaties/", views.case_note_add, name="case_note_add"),
    path("<uuid:uuid>/interventies/", views.intervention_add, name="intervention_add"),
    path(
        "<uuid:uuid>/interventies/<uuid:intervention_uuid>/evaluatie/",
        views.intervention_evaluate,
        name="intervention_evaluate",
    ),
    path("<uuid:uuid>/acties/", views.action_add, name="action_add"),
    path("<uuid:uuid>/acties/<uuid:action_uuid>/", views.action_update, name="action_update"),
    path("acties/<uuid:uuid>/bewerken/", views.action_edit, name="action_edit"),
    path("<uuid:uuid>/bijlagen/", views.attachment_add, name="attachment_add"),
    path("bijlagen/<uuid:uuid>/", views.attachment_download, name="attachment_download"),
    path("leerlingen/", views.pupil_list, name="pupil_list"),
    path("leerlingen/nieuw/", views.pupil_create, name="pupil_create"),
    path("leerlingen/import/", views.pupil_import, name="pupil_import"),
    path("leerlingen/<uuid:uuid>/", views.pupil_detail, name="pupil_detail"),
    path("leerlingen/<uuid:uuid>/bewerken/", views.pupil_edit, name="pupil_edit"),
    path("leerlingen/<uuid:uuid>/vertrokken/", views.pupil_left, name="pupil_left"),
    path("leerlingen/<uuid:uuid>/toestemming/", views.consent_add, name="consent_add"),
    path("leerlingen/<uuid:uuid>/toestemmingsformulier.pdf", views.consent_form_pdf, name="consent_form_pdf"),
    path("toestemming/<uuid:uuid>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("toestemming/<uuid:uuid>/formulier/", views.consent_signed_form, name="consent_signed_form"),
    path("aanmeldingen/", views.intake_list, name="intake_list"),
    path("aanmeldingen/nieuw/", views.intake_new, name="intake_new"),
    path("aanmeldingen/<uuid:uuid>/", views.intake_edit, name="intake_edit"),
    path("leerlingen/<uuid:uuid>/groeidocument/", views.growth_document, name="growth_document"),
    path("leerlingen/<uuid:uuid>/groeidocument/doelen/", views.growth_goal_add, name="growth_goal_add"),
    path(
        "leerlingen/<uuid:uuid>/groeidocument/doelen/<uuid:goal_uuid>/evaluatie/",
        views.growth_goal_evaluate,
        name="growth_goal_evaluate",
    ),
    path("leerlingen/<uuid:uuid>/groeidocument.pdf", views.growth_document_pdf, name="growth_document_pdf"),
]
