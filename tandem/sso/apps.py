"""App config for company sign-in (OpenID Connect and SAML per organisation)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "tandem.sso"
    label = "sso"
    verbose_name = _("Company sign-in")

    def ready(self) -> None:
        from tandem.sso import receivers  # noqa: F401 (connects the receivers)
