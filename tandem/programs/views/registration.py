"""Participant pages: the invitation link, one's own registration, withdrawal."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.people.access import organization_view
from tandem.people.models import Employee
from tandem.programs import selectors, services
from tandem.programs.access import employee_of, get_cohort, get_own_registration
from tandem.programs.forms import RegistrationForm
from tandem.programs.models import Cohort, Role


def _roles_for(cohort: Cohort, employee: Employee | None) -> list[Role]:
    if employee is None or not employee.is_active:
        return []
    return [role for role in Role if cohort.admits(role, employee.job_level)]


@organization_view()
def join(request: AuthenticatedHttpRequest, organization: Organization, token: str) -> HttpResponse:
    cohort = get_object_or_404(
        Cohort.objects.filter(organization=organization, invitation_token=token).select_related(
            "program"
        )
    )
    employee = employee_of(request.user, organization)
    context = {
        "cohort": cohort,
        "topics": selectors.cohort_topics(cohort),
        "roles": _roles_for(cohort, employee),
        "employee": employee,
        "registration": get_own_registration(request.user, organization, cohort),
    }
    return render(request, "programs/join.html", context)


@organization_view()
def register(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    employee = employee_of(request.user, organization)
    if employee is None:
        # Role holders outside the org chart run programs; they cannot take part.
        raise PermissionDenied
    registration = get_own_registration(request.user, organization, cohort)
    roles = _roles_for(cohort, employee)
    role = registration.role if registration else request.GET.get("role", "")
    if registration is None and len(roles) == 1:
        role = role or roles[0]
    if registration is None and (role not in roles or not cohort.registration_is_open):
        return redirect("programs:join", org_slug=organization.slug, token=cohort.invitation_token)
    editable = cohort.registration_is_open
    topics = selectors.cohort_topics(cohort)
    form = RegistrationForm(
        request.POST if request.method == "POST" and editable else None,
        topics=topics,
        role=role,
        initial=RegistrationForm.initial_for(registration) if registration else {},
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            if registration is None:
                services.register(
                    cohort=cohort,
                    employee=employee,
                    role=Role(role),
                    answers=form.registration_data(),
                )
                messages.success(request, _("Thank you, you are registered."))
            else:
                services.update_registration(
                    registration=registration, actor=request.user, answers=form.registration_data()
                )
                messages.success(request, _("Your registration has been saved."))
        except ValidationError as error:
            if error.code == "twice":  # the form was sent twice: the first one registered
                messages.info(request, _("You are registered for this cohort."))
                return redirect("people:organization_home", org_slug=organization.slug)
            form.add_error(None, error)
        else:
            return redirect("people:organization_home", org_slug=organization.slug)
    context = {
        "cohort": cohort,
        "form": form,
        "role": Role(role),
        "registration": registration,
        "editable": editable,
        "topic_names": {topic.key: topic.name for topic in topics},
    }
    return render(request, "programs/register.html", context)


@require_POST
@organization_view()
def withdraw(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    if employee_of(request.user, organization) is None:
        raise PermissionDenied
    registration = get_own_registration(request.user, organization, cohort)
    if registration is None:
        raise Http404
    services.withdraw(registration=registration, actor=request.user)
    messages.success(request, _("Your registration and all your answers have been deleted."))
    return redirect("people:organization_home", org_slug=organization.slug)
