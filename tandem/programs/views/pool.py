"""The pool review: every registration of a cohort, their answers, verification, decisions."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.people.access import organization_view
from tandem.programs import selectors, services
from tandem.programs.access import PROGRAM_ROLES, get_cohort, get_registration
from tandem.programs.forms import DecisionForm, PoolFilterForm, VerificationForm
from tandem.programs.models import Registration, RegistrationStatus

PAGE_SIZE = 50


@organization_view(*PROGRAM_ROLES)
def pool(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    topics = selectors.cohort_topics(cohort)
    form = PoolFilterForm(
        request.GET, topics=topics, departments=selectors.pool_departments(cohort)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    registrations = selectors.pool(cohort, **filters)
    context = {
        "cohort": cohort,
        "form": form,
        "page": Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page")),
        "filtering": any(value for key, value in filters.items() if key != "sort"),
        "counts": selectors.pool_counts(cohort),
        "coverage": selectors.topic_coverage(cohort, topics),
        "topic_names": {topic.key: topic.name for topic in topics},
    }
    template = "programs/pool.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, context)


def _detail_page(
    request: AuthenticatedHttpRequest,
    registration: Registration,
    *,
    verification: VerificationForm | None = None,
    decision: DecisionForm | None = None,
) -> HttpResponse:
    topics = selectors.cohort_topics(registration.cohort)
    context = {
        "registration": registration,
        "cohort": registration.cohort,
        "topic_names": {topic.key: topic.name for topic in topics},
        "verification": verification or VerificationForm(registration=registration, topics=topics),
        "decision": decision
        or DecisionForm(
            initial={"status": registration.status, "reason": registration.decision_reason}
        ),
        "reviewable": registration.cohort.pool_is_reviewable,
    }
    return render(request, "programs/registration_detail.html", context)


@organization_view(*PROGRAM_ROLES)
def registration_detail(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    return _detail_page(request, get_registration(organization, public_id))


def _back(registration: Registration) -> HttpResponse:
    return redirect(
        "programs:registration_detail",
        org_slug=registration.organization.slug,
        public_id=registration.public_id,
    )


@require_POST
@organization_view(*PROGRAM_ROLES)
def registration_verify(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    registration = get_registration(organization, public_id)
    form = VerificationForm(
        request.POST, registration=registration, topics=selectors.cohort_topics(registration.cohort)
    )
    if form.is_valid():
        try:
            services.verify_expertise(
                registration=registration,
                actor=request.user,
                levels=form.verified_levels(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The verified levels have been saved."))
        return _back(registration)
    return _detail_page(request, registration, verification=form)


@require_POST
@organization_view(*PROGRAM_ROLES)
def registration_decide(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    registration = get_registration(organization, public_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            changed = services.decide(
                registration=registration,
                actor=request.user,
                status=RegistrationStatus(form.cleaned_data["status"]),
                reason=form.cleaned_data["reason"].strip(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if changed:
                messages.success(request, _("The decision has been saved and sent by e-mail."))
            else:
                messages.info(request, _("Nothing changed."))
        return _back(registration)
    return _detail_page(request, registration, decision=form)


@require_POST
@organization_view(*PROGRAM_ROLES)
def pool_admit(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Admit the registrations ticked on the pool page, each told by e-mail (issue 14)."""
    cohort = get_cohort(organization, public_id)
    chosen = selectors.pool(cohort).filter(
        public_id__in=_uuids(request.POST.getlist("registrations"))
    )
    try:
        admitted = services.admit_many(
            cohort=cohort,
            actor=request.user,
            registrations=list(chosen),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if admitted:
            messages.success(
                request,
                ngettext(
                    "%(count)s person has been admitted and told by e-mail.",
                    "%(count)s people have been admitted and told by e-mail.",
                    admitted,
                )
                % {"count": admitted},
            )
        else:
            messages.info(request, _("Please tick the people to admit."))
    return redirect("programs:pool", organization.slug, cohort.public_id)


def _uuids(values: list[str]) -> list[UUID]:
    found = []
    for value in values:
        try:
            found.append(UUID(value))
        except ValueError:
            continue
    return found
