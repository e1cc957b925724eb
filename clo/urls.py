app_name = "clo"

urlpatterns: list = []
