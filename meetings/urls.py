from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("lijst/", views.meeting_list, name="meeting_list"),
    path("themabesprekingen/", views.theme_list, name="theme_list"),
    path("besprekingen/", views.discussion_list, name="discussion_list"),
    path("mijn-acties/", views.my_actions, name="my_actions"),
    path("acties/<uuid:uuid>/afgerond/", views.action_done, name="action_done"),
    path("overdracht/", views.handover, name="handover"),
    path("jaarplan/nieuw/", views.year_plan_create, name="year_plan_create"),
    path("jaarplan/<uuid:uuid>/", views.year_plan_detail, name="year_plan_detail"),
    path("jaarplan/<uuid:uuid>/bewerken/", views.year_plan_edit, name="year_plan_edit"),
    path("jaarplan/<uuid:uuid>/taken/", views.task_add, name="task_add"),
    path("jaarplan/taak/<uuid:uuid>/verwijderen/", views.task_remove, name="task_remove"),
    path("jaarplan/<uuid:uuid>/overleg/nieuw/", views.meeting_create, name="meeting_create"),
    path("<uuid:uuid>/", views.meeting_detail, name="meeting_detail"),
    path("<uuid:uuid>/bewerken/", views.meeting_edit, name="meeting_edit"),
    path("<uuid:uuid>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("<uuid:uuid>/thema/", views.theme_add, name="theme_add"),
    path("<uuid:uuid>/casus/", views.item_add, name="item_add"),
    path("<uuid:uuid>/deelnemer/", views.participant_add, name="participant_add"),
    path("<uuid:uuid>/evaluatie/", views.evaluation_set, name="evaluation_set"),
    path("<uuid:uuid>/status/", views.meeting_status, name="meeting_status"),
    path("<uuid:uuid>/correctie/", views.correction_add, name="correction_add"),
    path("punt/<uuid:uuid>/voorbereiding/", views.item_prepare, name="item_prepare"),
    path("punt/<uuid:uuid>/verslag/", views.item_minutes, name="item_minutes"),
    path("punt/<uuid:uuid>/verwijderen/", views.item_remove, name="item_remove"),
    path("punt/<uuid:uuid>/afspraken-ouders.pdf", views.parents_summary_pdf, name="parents_summary_pdf"),
]
