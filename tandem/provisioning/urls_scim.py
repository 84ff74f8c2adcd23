"""The SCIM 2.0 endpoint: one view, the protocol's routes are scim2-server's."""

from django.urls import re_path

from tandem.provisioning import views

app_name = "scim"
urlpatterns = [
    re_path(r"^(?P<path>.*)$", views.endpoint, name="endpoint"),
]
