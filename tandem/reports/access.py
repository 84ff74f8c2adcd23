"""A mentor's registration for a certificate: the mentor's own, or any for the program team; who
reads the data inventory."""

from uuid import UUID

from django.shortcuts import get_object_or_404

from tandem.accounts.models import User
from tandem.core.models import MembershipRole, Organization
from tandem.programs.models import Registration, Role, Tandem

# The data inventory's readers: the administration, and observers (works councils often are).
DATA_PROTECTION_ROLES = (MembershipRole.ADMIN, MembershipRole.OBSERVER)


def get_mentor_for_certificate(
    user: User, organization: Organization, public_id: UUID, *, team: bool
) -> Registration:
    """A mentor's registration: the user's own, or any of the organisation's for the program team.

    Whether a certificate exists for it is ``certificates.certificate_mentors``' answer.
    """
    registrations = Registration.objects.filter(
        organization=organization, public_id=public_id, role=Role.MENTOR
    )
    if not team:
        registrations = registrations.filter(employee__user=user)
    return get_object_or_404(
        registrations.select_related("cohort__program", "cohort__organization")
    )


def get_tandem_for_program_team(organization: Organization, public_id: UUID) -> Tandem:
    """A tandem for the program team (the view has checked the role): its people and state."""
    return get_object_or_404(
        Tandem.objects.filter(organization=organization, public_id=public_id).select_related(
            "cohort__organization",
            "cohort__program",
            "mentor__employee__user",
            "mentee__employee__user",
        )
    )
