from django.urls import path

from tandem.provisioning import views

app_name = "provisioning"
urlpatterns = [
    path("settings/provisioning/", views.provisioning_settings, name="settings"),
]
