"""App config for the web side of matching: runs, pair decisions, publishing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "tandem.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from tandem.core.startpage import register_card

        register_card("matching/cards/your_tandems.html", order=30)
