from django.urls import URLPattern, URLResolver, path

from tandem.reports.views import data_protection, documents, health, results

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    # Program health and ending a tandem early (reports.views.health)
    path("cohorts/<uuid:public_id>/health/", health.cohort_health, name="health"),
    path("tandems/<uuid:public_id>/end/", health.tandem_end, name="tandem_end"),
    # The results dashboard and the report (reports.views.results)
    path("cohorts/<uuid:public_id>/results/", results.cohort_results, name="cohort_results"),
    path("cohorts/<uuid:public_id>/results/report.pdf", results.report_pdf, name="report_pdf"),
    # Certificates and exports (reports.views.documents)
    path(
        "cohorts/<uuid:public_id>/certificates/<uuid:mentor_id>.pdf",
        documents.certificate,
        name="certificate",
    ),
    path("cohorts/<uuid:public_id>/certificates.pdf", documents.certificates, name="certificates"),
    path("certificates/<uuid:public_id>/", documents.own_certificate, name="own_certificate"),
    path("cohorts/<uuid:public_id>/results.csv", documents.results_csv, name="export_csv"),
    path("cohorts/<uuid:public_id>/results.xlsx", documents.results_xlsx, name="export_xlsx"),
    # The data inventory: works agreement annex and Art. 30 record (reports.views.data_protection)
    path("data-protection/", data_protection.data_inventory, name="data_inventory"),
    path(
        "data-protection/data-protection.pdf",
        data_protection.data_inventory_pdf,
        name="data_inventory_pdf",
    ),
]
