"""App config for meetings: a tandem's series and single meetings, their invitations, the feed."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tandem.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from tandem.meetings import receivers  # noqa: F401 (connects the receivers)
