"""App config for surveys: mid-term and final evaluations, anonymous towards the program team."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "tandem.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from tandem.core.cohortpage import register_section
        from tandem.core.startpage import register_card

        register_card("surveys/cards/open_surveys.html", order=45)
        register_section("surveys/cohort_section.html", order=20)
