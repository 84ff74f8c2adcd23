"""Obtaining programs, cohorts, registrations and tandems for a user.

Program-team pages need the organisation role admin or program manager
(``organization_view(*PROGRAM_ROLES)``); observers also read a cohort's
results (``RESULT_ROLES``); participants reach only their own registration
and their own tandem. Anything else answers 404.
"""

from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.accounts.models import AuthenticatedHttpRequest, User
from tandem.core.models import MembershipRole, Organization
from tandem.people.models import Employee
from tandem.programs.models import Cohort, Lesson, Program, Registration, Tandem

PROGRAM_ROLES = (MembershipRole.ADMIN, MembershipRole.PROGRAM_MANAGER)
# A cohort's results (the lessons learned among them) are read by observers too.
RESULT_ROLES = (*PROGRAM_ROLES, MembershipRole.OBSERVER)


def in_program_team(request: AuthenticatedHttpRequest) -> bool:
    """Whether the user, in the organisation the view entered, is of the program team."""
    return bool(request.roles & set(PROGRAM_ROLES))


def get_program(organization: Organization, public_id: UUID) -> Program:
    return get_object_or_404(Program.objects.filter(organization=organization, public_id=public_id))


def get_cohort(organization: Organization, public_id: UUID) -> Cohort:
    return get_object_or_404(
        Cohort.objects.filter(organization=organization, public_id=public_id).select_related(
            "program", "organization"
        )
    )


def get_lesson(organization: Organization, public_id: UUID) -> Lesson:
    """A lesson learned, for the program team."""
    return get_object_or_404(
        Lesson.objects.filter(organization=organization, public_id=public_id).select_related(
            "cohort", "organization"
        )
    )


def get_registration(organization: Organization, public_id: UUID) -> Registration:
    """A registration, for the program team."""
    return get_object_or_404(
        Registration.objects.filter(organization=organization, public_id=public_id).select_related(
            "employee", "cohort", "cohort__program"
        )
    )


def employee_of(user: User, organization: Organization) -> Employee | None:
    return Employee.objects.filter(organization=organization, user=user).first()


def get_own_registration(
    user: User, organization: Organization, cohort: Cohort
) -> Registration | None:
    """The user's own registration for ``cohort``, if any."""
    return (
        Registration.objects.filter(organization=organization, cohort=cohort, employee__user=user)
        .select_related("employee")
        .first()
    )


def get_tandem_for_partner(user: User, organization: Organization, public_id: UUID) -> Tandem:
    """A tandem, only for its two partners (everyone else: 404)."""
    tandem = (
        Tandem.objects.filter(organization=organization, public_id=public_id)
        .select_related("cohort", "mentor__employee", "mentee__employee")
        .first()
    )
    if tandem is None or tandem.side_of(user) is None:
        raise Http404
    return tandem
