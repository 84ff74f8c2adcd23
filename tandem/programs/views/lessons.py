"""Lessons learned: the program team writes them per cohort; observers read them."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.people.access import organization_view
from tandem.programs import lessons, selectors
from tandem.programs.access import (
    PROGRAM_ROLES,
    RESULT_ROLES,
    get_cohort,
    get_lesson,
    in_program_team,
)
from tandem.programs.forms import LessonForm
from tandem.programs.models import Cohort


def _lessons_url(organization: Organization, cohort: Cohort) -> HttpResponse:
    return redirect(
        "programs:cohort_lessons", org_slug=organization.slug, public_id=cohort.public_id
    )


@organization_view(*RESULT_ROLES)
def cohort_lessons(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, public_id)
    is_team = in_program_team(request)
    if request.method == "POST" and not is_team:
        raise PermissionDenied
    form = LessonForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            lessons.add_lesson(cohort=cohort, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The lesson has been recorded."))
            return _lessons_url(organization, cohort)
    context = {
        "cohort": cohort,
        "groups": selectors.lessons_by_topic(selectors.lessons_of(cohort)),
        "form": form if is_team else None,
        "editable": is_team,
    }
    return render(request, "programs/lessons.html", context)


@organization_view(*PROGRAM_ROLES)
def lesson_edit(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    lesson = get_lesson(organization, public_id)
    form = LessonForm(
        request.POST if request.method == "POST" else None,
        initial={"topic": lesson.topic, "text": lesson.text},
    )
    if form.is_valid():
        try:
            lessons.update_lesson(lesson=lesson, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The lesson has been saved."))
            return _lessons_url(organization, lesson.cohort)
    return render(request, "programs/lesson_form.html", {"lesson": lesson, "form": form})


@require_POST
@organization_view(*PROGRAM_ROLES)
def lesson_remove(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    lesson = get_lesson(organization, public_id)
    lessons.remove_lesson(lesson=lesson, actor=request.user)
    messages.success(request, _("The lesson has been deleted."))
    return _lessons_url(organization, lesson.cohort)
