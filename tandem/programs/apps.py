"""App config for programs, cohorts, registration and tandems."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "tandem.programs"
    label = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from tandem.core.startpage import register_card

        register_card("programs/cards/your_mentoring.html", order=20)
