"""Obtaining surveys and questionnaires for the program team; a participant only their own."""

from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.programs.models import Cohort
from tandem.surveys import selectors
from tandem.surveys.models import Question, Questionnaire, Respondent, Survey


def get_survey(organization: Organization, public_id: UUID) -> Survey:
    return get_object_or_404(
        Survey.objects.filter(organization=organization, public_id=public_id).select_related(
            "organization", "cohort__program", "mentor_questionnaire", "mentee_questionnaire"
        )
    )


def get_cohort_survey(cohort: Cohort, phase: str) -> Survey:
    """The cohort's survey at ``phase``: stored, or as planned (unsaved); else a 404."""
    for survey in selectors.cohort_plan(cohort):
        if survey.phase == phase:
            return survey
    raise Http404


def get_own_respondent(user: User, organization: Organization, public_id: UUID) -> Respondent:
    """The user's own place in the survey ``public_id`` (not asked: 404)."""
    return get_object_or_404(
        Respondent.objects.filter(
            organization=organization,
            survey__public_id=public_id,
            registration__employee__user=user,
        ).select_related(
            "survey__cohort",
            "survey__organization",
            "survey__mentor_questionnaire",
            "survey__mentee_questionnaire",
            "registration",
        )
    )


def get_questionnaire(organization: Organization, key: str) -> Questionnaire:
    """One of the organisation's questionnaires, for the program team."""
    return get_object_or_404(
        Questionnaire.objects.filter(organization=organization, key=key).select_related(
            "organization"
        )
    )


def get_question(organization: Organization, questionnaire_key: str, key: str) -> Question:
    """A question of one of the organisation's questionnaires, for the program team."""
    return get_object_or_404(
        Question.objects.filter(
            organization=organization, questionnaire__key=questionnaire_key, key=key
        ).select_related("questionnaire__organization")
    )
