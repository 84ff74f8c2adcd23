"""Existing logins keep working now that addresses must be verified (AUTH-09, ADR 0014).

A login whose address is the one HR holds for the employee it is linked to
got there by the set-password link mailed to that address: its address
counts as verified. Any other address (one a user typed in themselves while
nothing was verified) stays unverified; allauth asks its owner to confirm it
at the next sign-in. Links between logins and employees are kept as they are.
"""

from django.db import migrations


def verify_hr_addresses(apps, schema_editor):
    Employee = apps.get_model("people", "Employee")
    EmailAddress = apps.get_model("account", "EmailAddress")
    linked = (
        Employee.objects.exclude(user=None)
        .exclude(email="")
        .select_related("user")
        .only("email", "user__email")
    )
    for employee in linked.iterator():
        user = employee.user
        if user.email.lower() != employee.email.lower():
            continue
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(
            primary=False
        )
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        elif not (address.verified and address.primary):
            address.verified = True
            address.primary = True
            address.save(update_fields=["verified", "primary"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_identity_by_proof"),
        ("accounts", "0002_identity_by_proof"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_hr_addresses, migrations.RunPython.noop)]
