"""The questionnaire editor of the program team: list, copy, and change a copy until it is used."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.people.access import organization_view
from tandem.programs.access import PROGRAM_ROLES
from tandem.surveys import editing, selectors
from tandem.surveys.access import get_question, get_questionnaire
from tandem.surveys.builtin import ensure_builtin
from tandem.surveys.forms import MoveForm, QuestionForm, QuestionnaireForm
from tandem.surveys.models import Question, Questionnaire


def _detail(organization: Organization, questionnaire: Questionnaire) -> HttpResponse:
    return redirect("surveys:questionnaire_detail", organization.slug, questionnaire.key)


@organization_view(*PROGRAM_ROLES)
def questionnaire_list(
    request: AuthenticatedHttpRequest, organization: Organization
) -> HttpResponse:
    ensure_builtin(organization)  # idempotent: the ready-made ones are there before any survey
    context = {"groups": selectors.questionnaires(organization)}
    return render(request, "surveys/questionnaire_list.html", context)


@organization_view(*PROGRAM_ROLES)
def questionnaire_detail(
    request: AuthenticatedHttpRequest, organization: Organization, key: str
) -> HttpResponse:
    """A questionnaire's questions; a copy not used by a sent survey can be changed here."""
    questionnaire = get_questionnaire(organization, key)
    usage = selectors.questionnaire_usage(questionnaire)
    editable = not questionnaire.builtin and not usage.locked
    form = QuestionnaireForm(request.POST or None, instance=questionnaire) if editable else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            editing.change_questionnaire(
                questionnaire=questionnaire, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The questionnaire has been saved."))
            return _detail(organization, questionnaire)
    context = {
        "questionnaire": questionnaire,
        "usage": usage,
        "editable": editable,
        "form": form,
        "questions": selectors.questionnaire_questions(questionnaire),
    }
    return render(request, "surveys/questionnaire_detail.html", context)


@require_POST
@organization_view(*PROGRAM_ROLES)
def questionnaire_copy(
    request: AuthenticatedHttpRequest, organization: Organization, key: str
) -> HttpResponse:
    copy = editing.copy_questionnaire(
        questionnaire=get_questionnaire(organization, key), actor=request.user
    )
    messages.success(request, _("The copy has been made; you can change it now."))
    return _detail(organization, copy)


def _question_page(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    questionnaire: Questionnaire,
    question: Question | None,
) -> HttpResponse:
    """Add (``question`` None) or change a question; refused while the questionnaire is locked."""
    form = QuestionForm(request.POST if request.method == "POST" else None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                editing.add_question(
                    questionnaire=questionnaire, actor=request.user, wording=form.wording()
                )
            else:
                editing.change_question(
                    question=question, actor=request.user, wording=form.wording()
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question has been saved."))
            return _detail(organization, questionnaire)
    context = {"questionnaire": questionnaire, "question": question, "form": form}
    return render(request, "surveys/question_form.html", context)


def _refuse_locked(
    request: AuthenticatedHttpRequest, organization: Organization, questionnaire: Questionnaire
) -> HttpResponse | None:
    """Back to the questionnaire, with the reason, when its questions can no longer change."""
    if questionnaire.builtin or selectors.questionnaire_usage(questionnaire).locked:
        messages.error(request, _("This questionnaire cannot be changed. Copy it instead."))
        return _detail(organization, questionnaire)
    return None


@organization_view(*PROGRAM_ROLES)
def question_add(
    request: AuthenticatedHttpRequest, organization: Organization, key: str
) -> HttpResponse:
    questionnaire = get_questionnaire(organization, key)
    refused = _refuse_locked(request, organization, questionnaire)
    return refused or _question_page(request, organization, questionnaire, None)


@organization_view(*PROGRAM_ROLES)
def question_edit(
    request: AuthenticatedHttpRequest, organization: Organization, key: str, question: str
) -> HttpResponse:
    found = get_question(organization, key, question)
    refused = _refuse_locked(request, organization, found.questionnaire)
    return refused or _question_page(request, organization, found.questionnaire, found)


@require_POST
@organization_view(*PROGRAM_ROLES)
def question_move(
    request: AuthenticatedHttpRequest, organization: Organization, key: str, question: str
) -> HttpResponse:
    found = get_question(organization, key, question)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            editing.move_question(question=found, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return _detail(organization, found.questionnaire)


@require_POST
@organization_view(*PROGRAM_ROLES)
def question_remove(
    request: AuthenticatedHttpRequest, organization: Organization, key: str, question: str
) -> HttpResponse:
    found = get_question(organization, key, question)
    try:
        editing.remove_question(question=found, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question has been removed."))
    return _detail(organization, found.questionnaire)
