"""App config for reports: the program team's view of a cohort — health while it runs, ending a
tandem early, and its results, report and certificates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tandem.reports"
    label = "reports"
    verbose_name = _("Results and reports")

    def ready(self) -> None:
        from tandem.core.cohortpage import register_section
        from tandem.core.startpage import register_card

        # Program health comes first among the sections: it is where the team acts.
        register_section("reports/health_section.html", order=5)
        register_section("reports/cohort_section.html", order=30)
        register_section("reports/documents_section.html", order=31)
        register_card("reports/cards/certificates.html", order=25)
        register_card("reports/cards/results.html", order=60)
        register_card("reports/cards/data_protection.html", order=70)
