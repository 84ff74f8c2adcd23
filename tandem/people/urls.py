from django.urls import path

from tandem.people import views

app_name = "people"
urlpatterns = [
    path("", views.organization_home, name="organization_home"),
    path("people/", views.employee_list, name="employee_list"),
    path("people/<uuid:public_id>/", views.employee_detail, name="employee_detail"),
    path("people/import/", views.import_upload, name="import_upload"),
    path("people/import/<uuid:public_id>/", views.import_detail, name="import_detail"),
    path("people/import/<uuid:public_id>/apply/", views.import_apply, name="import_apply"),
    path("people/import/<uuid:public_id>/discard/", views.import_discard, name="import_discard"),
    path("audit/", views.audit_log, name="audit_log"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/revoke/", views.role_revoke, name="role_revoke"),
]
