"""App config for reports: a cohort's results dashboard, the report to publish, certificates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tandem.reports"
    label = "reports"
    verbose_name = _("Results and reports")

    def ready(self) -> None:
        from tandem.core.cohortpage import register_section
        from tandem.core.startpage import register_card

        register_section("reports/cohort_section.html", order=30)
        register_section("reports/documents_section.html", order=31)
        register_card("reports/cards/certificates.html", order=25)
        register_card("reports/cards/results.html", order=60)
