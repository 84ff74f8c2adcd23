"""Surveys: participants answer; the program team sets the dates and reads the results."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.people.access import organization_view
from tandem.programs.access import PROGRAM_ROLES, RESULT_ROLES, get_cohort, in_program_team
from tandem.surveys import selectors, services
from tandem.surveys.access import get_cohort_survey, get_own_respondent, get_survey
from tandem.surveys.forms import AnswerForm, SurveySettingsForm

# --- participants ----------------------------------------------------------------------------


@organization_view()
def answer(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """The questionnaire for the user's role; once answered or closed, a page saying so."""
    respondent = get_own_respondent(request.user, organization, public_id)
    survey = respondent.survey
    today = timezone.localdate()
    questionnaire = survey.questionnaire_for(respondent.role)
    context = {"survey": survey, "respondent": respondent, "questionnaire": questionnaire}
    if respondent.answered or not survey.is_open(today) or questionnaire is None:
        return render(request, "surveys/answer.html", context)
    questions = selectors.questions_for(respondent)
    topics = selectors.topics_for(respondent, questions)
    data = request.POST if request.method == "POST" else None
    form = AnswerForm(data, questions=questions, topics=topics)
    if form.is_valid():
        try:
            services.submit(respondent=respondent, answers=form.answers(), today=today)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you: your answers have been saved anonymously."))
        return redirect("surveys:answer", organization.slug, survey.public_id)
    return render(request, "surveys/answer.html", {**context, "form": form})


# --- the program team ------------------------------------------------------------------------


@organization_view(*PROGRAM_ROLES)
def cohort_surveys(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """The cohort's surveys, stored or as planned: reading them writes nothing (issue 15)."""
    cohort = get_cohort(organization, public_id)
    rows = [(s, selectors.participation(s)) for s in selectors.cohort_plan(cohort)]
    context = {"cohort": cohort, "rows": rows, "today": timezone.localdate()}
    return render(request, "surveys/cohort_surveys.html", context)


@organization_view(*PROGRAM_ROLES)
def survey_settings(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID, phase: str
) -> HttpResponse:
    """A survey's dates and questionnaires; saving a planned one stores it."""
    cohort = get_cohort(organization, public_id)
    survey = get_cohort_survey(cohort, phase)
    sent = selectors.survey_sent(survey)
    offered = selectors.offered_questionnaires(organization)
    form = SurveySettingsForm(request.POST or None, instance=survey, sent=sent, offered=offered)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_survey(
                cohort=cohort, phase=phase, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The survey has been saved."))
            return redirect("surveys:cohort_surveys", organization.slug, cohort.public_id)
    context = {"survey": survey, "form": form, "sent": sent}
    return render(request, "surveys/survey_settings.html", context)


@organization_view(*RESULT_ROLES)
def survey_results(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Aggregates over at least k people; nothing about any one person (PRIV-01..03)."""
    survey = get_survey(organization, public_id)
    context = {
        "survey": survey,
        "results": selectors.survey_results(survey),
        "is_team": in_program_team(request),
    }
    return render(request, "surveys/survey_results.html", context)
