"""Planning pages of the program team: programs, cohorts, the topic catalogue, invitations."""

from datetime import date, timedelta
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core import cohortpage
from tandem.core.collation import alphabetical
from tandem.core.models import Organization
from tandem.people.access import organization_view
from tandem.programs import mail, selectors, services
from tandem.programs.access import PROGRAM_ROLES, get_cohort, get_program
from tandem.programs.forms import CohortForm, NotifyForm, ProgramForm, TopicForm
from tandem.programs.forms.planning import program_team_candidates
from tandem.programs.models import (
    PHASE_FIELDS,
    Cohort,
    Program,
    Topic,
    dates_shifted,
    default_dates,
)
from tandem.programs.topics import ensure_default_topics

# A cohort's settings that a copy takes over; name and dates are new.
COPIED = [name for name in CohortForm.Meta.fields if name != "name" and name not in PHASE_FIELDS]
# While a copied cohort is prepared, its page shows the lessons learned from the source.


@organization_view(*PROGRAM_ROLES)
def program_list(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    programs = selectors.programs_with_cohorts(organization)
    return render(request, "programs/program_list.html", {"programs": programs})


def _cohort_url(cohort: Cohort) -> HttpResponse:
    return redirect(
        "programs:cohort_detail", org_slug=cohort.organization.slug, public_id=cohort.public_id
    )


@organization_view(*PROGRAM_ROLES)
def program_create(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    form = ProgramForm(
        request.POST if request.method == "POST" else None,
        instance=Program(organization=organization),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The program has been created. Now plan its first cohort."))
        return redirect("programs:program_list", org_slug=organization.slug)
    return render(request, "programs/program_form.html", {"form": form})


@organization_view(*PROGRAM_ROLES)
def program_edit(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    program = get_program(organization, public_id)
    form = ProgramForm(request.POST if request.method == "POST" else None, instance=program)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The program has been saved."))
        return redirect("programs:program_list", org_slug=organization.slug)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


def _next_kickoff() -> dict[str, date]:
    """Default dates: kick-off on a Monday about ten weeks from now."""
    day = timezone.localdate() + timedelta(weeks=10)
    return default_dates(day - timedelta(days=day.weekday()))


def _cohort_form_page(
    request: AuthenticatedHttpRequest,
    form: CohortForm,
    *,
    program: Program,
    source: Cohort | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        cohort = form.save()
        messages.success(request, _("The cohort has been saved."))
        if cohort.length_unusual:
            messages.warning(
                request,
                _("The cohort runs %(months)s months; reverse mentoring usually takes 4 to 6.")
                % {"months": formats.number_format(cohort.months, 1)},
            )
        return _cohort_url(cohort)
    context = {
        "form": form,
        "program": program,
        "source": source,
        "cohort": form.instance,
        "lessons": selectors.lessons_by_topic(selectors.lessons_of(source)) if source else [],
    }
    return render(request, "programs/cohort_form.html", context)


@organization_view(*PROGRAM_ROLES)
def cohort_create(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    program = get_program(organization, public_id)
    ensure_default_topics(organization)
    initial = {
        **_next_kickoff(),
        "topics": list(Topic.objects.filter(organization=organization, active=True)),
        "team": list(program_team_candidates(organization).filter(pk=request.user.pk)),
    }
    form = CohortForm(
        request.POST if request.method == "POST" else None,
        instance=Cohort(organization=organization, program=program),
        initial=initial,
        organization=organization,
    )
    return _cohort_form_page(request, form, program=program)


@organization_view(*PROGRAM_ROLES)
def cohort_copy(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    source = get_cohort(organization, public_id)
    initial = {
        **model_to_dict(source, fields=COPIED),
        **dates_shifted(source, timezone.localdate()),
    }
    form = CohortForm(
        request.POST if request.method == "POST" else None,
        instance=Cohort(organization=organization, program=source.program, copied_from=source),
        initial=initial,
        organization=organization,
    )
    return _cohort_form_page(request, form, program=source.program, source=source)


@organization_view(*PROGRAM_ROLES)
def cohort_edit(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    form = CohortForm(
        request.POST if request.method == "POST" else None,
        instance=cohort,
        organization=organization,
    )
    return _cohort_form_page(request, form, program=cohort.program)


@organization_view(*PROGRAM_ROLES)
def cohort_detail(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    today = timezone.localdate()
    context = {
        "cohort": cohort,
        "timeline": selectors.timeline(cohort, today),
        "counts": selectors.pool_counts(cohort),
        "topics": selectors.cohort_topics(cohort),
        "team": cohort.team.order_by(*alphabetical("last_name", "first_name"), "pk"),
        "sections": cohortpage.sections(),
        "join_url": mail.join_url(cohort),
        "transitions": [
            name
            for name, (source, _target) in services.TRANSITIONS.items()
            if cohort.state == source
        ],
        "closes_from": services.not_before(cohort, "complete", today),
        "lessons": cohort.lessons.count(),
        "lessons_due": selectors.lessons_due(cohort, today),
        "source_lessons": _source_lessons(cohort),
    }
    return render(request, "programs/cohort_detail.html", context)


def _source_lessons(cohort: Cohort) -> list[selectors.LessonGroup]:
    """While a copied cohort is being prepared, what the team learned from its source."""
    source = cohort.copied_from if cohort.is_preparing else None
    return selectors.lessons_by_topic(selectors.lessons_of(source)) if source else []


@require_POST
@organization_view(*PROGRAM_ROLES)
def cohort_state(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    transition = request.POST.get("transition", "")
    try:
        services.change_cohort_state(cohort=cohort, actor=request.user, transition=transition)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The cohort is now: %(state)s.") % {"state": cohort.get_state_display()}
        )
    return _cohort_url(cohort)


@organization_view(*PROGRAM_ROLES)
def cohort_invite(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    form = NotifyForm(request.POST if request.method == "POST" else None, organization=organization)
    if request.method == "POST" and form.is_valid():
        sent, skipped = services.invite_to_cohort(
            cohort=cohort,
            actor=request.user,
            employees=form.recipients(),
        )
        messages.success(
            request,
            ngettext(
                "The invitation goes to %(count)s person.",
                "The invitation goes to %(count)s people.",
                sent,
            )
            % {"count": sent},
        )
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)s person has no e-mail address and was not invited.",
                    "%(count)s people have no e-mail address and were not invited.",
                    skipped,
                )
                % {"count": skipped},
            )
        return _cohort_url(cohort)
    context = {
        "cohort": cohort,
        "form": form,
        "join_url": mail.join_url(cohort),
    }
    return render(request, "programs/cohort_invite.html", context)


@organization_view(*PROGRAM_ROLES)
def topic_list(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    ensure_default_topics(organization)
    form = TopicForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.add_topic(organization=organization, topic=form.save(commit=False))
        messages.success(request, _("The topic has been added."))
        return redirect("programs:topic_list", org_slug=organization.slug)
    context = {"form": form, "topics": selectors.topics_with_usage(organization)}
    return render(request, "programs/topic_list.html", context)


def _get_topic(organization: Organization, key: str) -> Topic:
    return get_object_or_404(Topic.objects.filter(organization=organization, key=key))


@organization_view(*PROGRAM_ROLES)
def topic_edit(
    request: AuthenticatedHttpRequest, organization: Organization, key: str
) -> HttpResponse:
    topic = _get_topic(organization, key)
    form = TopicForm(request.POST if request.method == "POST" else None, instance=topic)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The topic has been saved."))
        return redirect("programs:topic_list", org_slug=organization.slug)
    return render(request, "programs/topic_form.html", {"form": form, "topic": topic})


@require_POST
@organization_view(*PROGRAM_ROLES)
def topic_remove(
    request: AuthenticatedHttpRequest, organization: Organization, key: str
) -> HttpResponse:
    topic = _get_topic(organization, key)
    if services.remove_topic(topic=topic):
        messages.success(request, _("The topic has been deleted."))
    else:
        messages.info(
            request,
            _("Cohorts use this topic, so it was switched off instead of deleted."),
        )
    return redirect("programs:topic_list", org_slug=organization.slug)
