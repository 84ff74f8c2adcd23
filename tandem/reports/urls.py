from django.urls import URLPattern, URLResolver, path

from tandem.reports.views import results

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    # The results dashboard and the report (reports.views.results)
    path("cohorts/<uuid:public_id>/results/", results.cohort_results, name="cohort_results"),
    path("cohorts/<uuid:public_id>/results/report.pdf", results.report_pdf, name="report_pdf"),
    # Certificates and exports (reports.views.documents)
]
