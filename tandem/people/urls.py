from django.urls import path

from tandem.people.views import administration, directory, imports, start

app_name = "people"
urlpatterns = [
    path("", start.organization_home, name="organization_home"),
    path("people/", directory.employee_list, name="employee_list"),
    path("people/<uuid:public_id>/", directory.employee_detail, name="employee_detail"),
    path("people/import/", imports.import_upload, name="import_upload"),
    path("people/import/<uuid:public_id>/", imports.import_detail, name="import_detail"),
    path("people/import/<uuid:public_id>/columns/", imports.import_columns, name="import_columns"),
    path("people/import/<uuid:public_id>/apply/", imports.import_apply, name="import_apply"),
    path("people/import/<uuid:public_id>/discard/", imports.import_discard, name="import_discard"),
    path("audit/", administration.audit_log, name="audit_log"),
    path("roles/", administration.role_list, name="role_list"),
    path("roles/revoke/", administration.role_revoke, name="role_revoke"),
    path(
        "invitations/<uuid:public_id>/send/",
        administration.invitation_send_again,
        name="invitation_send_again",
    ),
    path(
        "invitations/<uuid:public_id>/withdraw/",
        administration.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("sessions/end/", administration.member_sessions_end, name="member_sessions_end"),
    path("settings/", administration.organization_settings, name="organization_settings"),
]
