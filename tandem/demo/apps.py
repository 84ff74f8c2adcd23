"""App config for the demo: its seeding modules and the ``seed_demo`` command."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tandem.demo"
    label = "demo"
    verbose_name = "Demo"
