"""App config for the shared base."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tandem.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Collations of the reader's language on every SQLite connection.
        from tandem.core import collation  # noqa: F401
