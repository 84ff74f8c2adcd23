from django.urls import path

from tandem.accounts import views

app_name = "accounts"
urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("2fa/required/", views.mfa_required, name="mfa_required"),
    path("2fa/continue/", views.mfa_continue, name="mfa_continue"),
]
