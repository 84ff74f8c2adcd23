"""App config for provisioning by the organisation's directory (SCIM 2.0)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvisioningConfig(AppConfig):
    name = "tandem.provisioning"
    label = "provisioning"
    verbose_name = _("Provisioning")
