from django.urls import URLPattern, URLResolver

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    # The results dashboard and the report (reports.views.results)
    # Certificates and exports (reports.views.documents)
]
