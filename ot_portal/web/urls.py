from django.urls import path

from ot_portal.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
]
