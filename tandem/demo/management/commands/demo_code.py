"""Print the demo authenticator's current code (the demo's administrators and program manager)."""

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from tandem.demo.people import DEMO_TOTP_SECRET

PERIOD = 30


class Command(BaseCommand):
    help = "The two-factor code of the demo logins that need one, valid for the next seconds."

    def handle(self, *args: Any, **options: Any) -> None:
        now = time.time()
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now) // PERIOD))
        left = PERIOD - int(now) % PERIOD
        self.stdout.write(f"{code}  (valid for {left} more seconds)")
