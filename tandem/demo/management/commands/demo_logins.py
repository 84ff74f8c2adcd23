"""Print the demo logins: role, e-mail, password, and what the role can see."""

from typing import Any

from django.core.management.base import BaseCommand

from tandem.core.models import MembershipRole
from tandem.demo.people import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_users

HEADERS = ("Rolle / Role", "E-Mail", "Passwort / Password", "Sieht / Sees")


class Command(BaseCommand):
    help = "List the demo logins for every role (run seed_demo first)."

    def handle(self, *args: Any, **options: Any) -> None:
        present = set(demo_users().values_list("email", flat=True))
        rows = [
            (
                login.role_de
                if login.role_de == login.role_en
                else f"{login.role_de} / {login.role_en}",
                login.email,
                DEMO_PASSWORD if login.email in present else "(missing: run seed_demo)",
                login.sees,
            )
            for login in DEMO_LOGINS
        ]
        widths = [max(len(row[column]) for row in (HEADERS, *rows)) for column in range(3)]

        def line(cells: tuple[str, str, str, str]) -> str:
            padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=False))
            return "  " + "  ".join((*padded, cells[3]))

        self.stdout.write("  Demo logins (the password is for this demo only):")
        self.stdout.write(line(HEADERS))
        self.stdout.write(line(("-" * widths[0], "-" * widths[1], "-" * widths[2], "-" * 12)))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write("")
        self.stdout.write(
            f"  {MembershipRole.ADMIN.label} / {MembershipRole.PROGRAM_MANAGER.label}: "
            "two-factor code from `make demo-code`, "
            f"or add the key {DEMO_TOTP_SECRET} to an authenticator app."
        )
