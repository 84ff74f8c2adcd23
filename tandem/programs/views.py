"""Pages of the program team (planning, pool) and of participants (registration, tandem)."""

from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import render

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.people.access import organization_view
from tandem.programs.access import PROGRAM_ROLES
from tandem.programs.models import Cohort, Program


@organization_view(*PROGRAM_ROLES)
def program_list(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    cohorts = Cohort.objects.annotate(
        mentors=Count("enrollments", filter=Q(enrollments__role="mentor")),
        mentees=Count("enrollments", filter=Q(enrollments__role="mentee")),
    ).order_by("-kickoff", "name")
    programs = Program.objects.filter(organization=organization).prefetch_related(
        Prefetch("cohorts", queryset=cohorts)
    )
    return render(request, "programs/program_list.html", {"programs": programs})
