from django.urls import path

from cases.actions.views import action_add, action_edit, action_list, action_update, actions_done_list
from cases.casefile.views import (
    attachment_add,
    attachment_download,
    case_care_level,
    case_detail,
    case_list,
    case_note_add,
    case_regie,
    case_status,
    intervention_add,
    intervention_evaluate,
)
from cases.consent.views import consent_add, consent_form_pdf, consent_history, consent_signed_form, consent_withdraw
from cases.disclosure.views import (
    access_request_detail,
    access_request_extend,
    access_request_new,
    access_request_pdf,
    access_request_produce,
    access_request_zip,
    pupil_access_log,
)
from cases.growth.views import growth_document, growth_document_pdf, growth_goal_add, growth_goal_evaluate
from cases.intake.views import intake_edit, intake_list, intake_new, intake_pupil_search
from cases.participation.staff_views import invitation_code, invitation_revoke, invitations, opp_paper
from cases.pupils.views import pupil_create, pupil_detail, pupil_edit, pupil_import, pupil_left, pupil_list

app_name = "cases"

urlpatterns = [
    path("", case_list, name="case_list"),
    path("<uuid:uuid>/", case_detail, name="case_detail"),
    path("<uuid:uuid>/status/", case_status, name="case_status"),
    path("<uuid:uuid>/zorgniveau/", case_care_level, name="case_care_level"),
    path("<uuid:uuid>/regie/", case_regie, name="case_regie"),
    path("<uuid:uuid>/consultaties/", case_note_add, name="case_note_add"),
    path("<uuid:uuid>/interventies/", intervention_add, name="intervention_add"),
    path(
        "<uuid:uuid>/interventies/<uuid:intervention_uuid>/evaluatie/",
        intervention_evaluate,
        name="intervention_evaluate",
    ),
    path("<uuid:uuid>/acties/", action_add, name="action_add"),
    path("<uuid:uuid>/acties/<uuid:action_uuid>/", action_update, name="action_update"),
    path("acties/", action_list, name="action_list"),
    path("acties/<uuid:uuid>/bewerken/", action_edit, name="action_edit"),
    path("acties/afgerond/", actions_done_list, name="actions_done_list"),
    path("<uuid:uuid>/bijlagen/", attachment_add, name="attachment_add"),
    path("bijlagen/<uuid:uuid>/", attachment_download, name="attachment_download"),
    path("leerlingen/", pupil_list, name="pupil_list"),
    path("leerlingen/nieuw/", pupil_create, name="pupil_create"),
    path("leerlingen/import/", pupil_import, name="pupil_import"),
    path("leerlingen/<uuid:uuid>/", pupil_detail, name="pupil_detail"),
    path("leerlingen/<uuid:uuid>/bewerken/", pupil_edit, name="pupil_edit"),
    path("leerlingen/<uuid:uuid>/vertrokken/", pupil_left, name="pupil_left"),
    path("leerlingen/<uuid:uuid>/toestemming/", consent_add, name="consent_add"),
    path("leerlingen/<uuid:uuid>/toestemming/geschiedenis/", consent_history, name="consent_history"),
    path("leerlingen/<uuid:uuid>/toestemmingsformulier.pdf", consent_form_pdf, name="consent_form_pdf"),
    path("toestemming/<uuid:uuid>/intrekken/", consent_withdraw, name="consent_withdraw"),
    path("toestemming/<uuid:uuid>/formulier/", consent_signed_form, name="consent_signed_form"),
    path("aanmeldingen/", intake_list, name="intake_list"),
    path("aanmeldingen/nieuw/", intake_new, name="intake_new"),
    path("aanmeldingen/leerling-zoeken/", intake_pupil_search, name="intake_pupil_search"),
    path("aanmeldingen/<uuid:uuid>/", intake_edit, name="intake_edit"),
    path("leerlingen/<uuid:uuid>/groeidocument/", growth_document, name="growth_document"),
    path("leerlingen/<uuid:uuid>/groeidocument/doelen/", growth_goal_add, name="growth_goal_add"),
    path(
        "leerlingen/<uuid:uuid>/groeidocument/doelen/<uuid:goal_uuid>/evaluatie/",
        growth_goal_evaluate,
        name="growth_goal_evaluate",
    ),
    path("leerlingen/<uuid:uuid>/groeidocument.pdf", growth_document_pdf, name="growth_document_pdf"),
    path("leerlingen/<uuid:uuid>/inzagelog/", pupil_access_log, name="pupil_access_log"),
    path("leerlingen/<uuid:uuid>/inzageverzoek/", access_request_new, name="access_request_new"),
    path("inzageverzoeken/<uuid:uuid>/", access_request_detail, name="access_request_detail"),
    path("inzageverzoeken/<uuid:uuid>/verlengen/", access_request_extend, name="access_request_extend"),
    path("inzageverzoeken/<uuid:uuid>/samenstellen/", access_request_produce, name="access_request_produce"),
    path("inzageverzoeken/<uuid:uuid>/inzage.pdf", access_request_pdf, name="access_request_pdf"),
    path("inzageverzoeken/<uuid:uuid>/bijlagen.zip", access_request_zip, name="access_request_zip"),
    path("leerlingen/<uuid:uuid>/uitnodigingen/", invitations, name="invitations"),
    path("leerlingen/<uuid:uuid>/opp-instemming/", opp_paper, name="opp_paper"),
    path("uitnodigingen/<uuid:uuid>/intrekken/", invitation_revoke, name="invitation_revoke"),
    path("uitnodigingen/<uuid:uuid>/code/", invitation_code, name="invitation_code"),
]
