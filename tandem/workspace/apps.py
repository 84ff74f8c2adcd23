"""App config for workspace: a tandem's own pages and everything its partners write."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "tandem.workspace"
    label = "workspace"
    verbose_name = _("Tandem workspace")

    def ready(self) -> None:
        from tandem.core.startpage import register_card

        register_card("workspace/cards/workspaces.html", order=35)
