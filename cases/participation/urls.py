"""URLs of the parent and pupil pages, under /ouders/ (namespace "parents"). The school's side
(invitations) is in cases/urls.py."""

from django.urls import path

from cases.participation import views

app_name = "parents"

urlpatterns = [
    path("uitnodiging/<str:token>/", views.invitation_open, name="invitation_open"),
    path("aanmelden/", views.sign_in, name="sign_in"),
    path("aanmelden/code/", views.request_code, name="request_code"),
    path("afmelden/", views.sign_out, name="sign_out"),
    path("<uuid:uuid>/", views.home, name="home"),
    path("<uuid:uuid>/toestemming/", views.consent, name="consent"),
    path("<uuid:uuid>/toestemming/<slug:item>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("<uuid:uuid>/groeidocument/", views.growth_document, name="growth_document"),
    path("<uuid:uuid>/groeidocument.pdf", views.growth_document_pdf, name="growth_document_pdf"),
    path("<uuid:uuid>/visie/", views.view_edit, name="view"),
    path("<uuid:uuid>/opp/", views.opp, name="opp"),
    path("<uuid:uuid>/overleggen/", views.meetings, name="meetings"),
    path("<uuid:uuid>/inzage/", views.access, name="access"),
    path("<uuid:uuid>/inzage/aanvragen/", views.access_request, name="access_request"),
    path("<uuid:uuid>/inzage/<uuid:request_uuid>/inzage.pdf", views.access_pdf, name="access_pdf"),
    path("<uuid:uuid>/inzage/<uuid:request_uuid>/bijlagen.zip", views.access_zip, name="access_zip"),
]
