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
from tandem.surveys.access import get_question, get_template
from tandem.surveys.builtin import ensure_builtin
from tandem.surveys.forms import MoveForm, QuestionForm, TemplateForm
from tandem.surveys.models import Question, SurveyTemplate


def _detail(organization: Organization, template: SurveyTemplate) -> HttpResponse:
    return redirect("surveys:template_detail", organization.slug, template.key)


@organization_view(*PROGRAM_ROLES)
def template_list(request: AuthenticatedHttpRequest, organization: Organization) -> HttpResponse:
    ensure_builtin(organization)  # idempotent: the ready-made ones are there before any survey
    context = {"groups": selectors.questionnaires(organization)}
    return render(request, "surveys/template_list.html", context)


@organization_view(*PROGRAM_ROLES)
def template_detail(
    request: AuthenticatedHttpRequest, organization: Organization, key: str
) -> HttpResponse:
    """A questionnaire's questions; a copy not used by a sent survey can be changed here."""
    template = get_template(organization, key)
    usage = selectors.template_usage(template)
    editable = not template.builtin and not usage.locked
    form = TemplateForm(request.POST or None, instance=template) if editable else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            editing.change_template(template=template, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The questionnaire has been saved."))
            return _detail(organization, template)
    context = {
        "template": template,
        "usage": usage,
        "editable": editable,
        "form": form,
        "questions": selectors.template_questions(template),
    }
    return render(request, "surveys/template_detail.html", context)


@require_POST
@organization_view(*PROGRAM_ROLES)
def template_copy(
    request: AuthenticatedHttpRequest, organization: Organization, key: str
) -> HttpResponse:
    copy = editing.copy_template(template=get_template(organization, key), actor=request.user)
    messages.success(request, _("The copy has been made; you can change it now."))
    return _detail(organization, copy)


def _question_page(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    template: SurveyTemplate,
    question: Question | None,
) -> HttpResponse:
    """Add (``question`` None) or change a question; refused while the template is locked."""
    form = QuestionForm(request.POST if request.method == "POST" else None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                editing.add_question(template=template, actor=request.user, wording=form.wording())
            else:
                editing.change_question(
                    question=question, actor=request.user, wording=form.wording()
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question has been saved."))
            return _detail(organization, template)
    context = {"template": template, "question": question, "form": form}
    return render(request, "surveys/question_form.html", context)


def _refuse_locked(
    request: AuthenticatedHttpRequest, organization: Organization, template: SurveyTemplate
) -> HttpResponse | None:
    """Back to the questionnaire, with the reason, when its questions can no longer change."""
    if template.builtin or selectors.template_usage(template).locked:
        messages.error(request, _("This questionnaire cannot be changed. Copy it instead."))
        return _detail(organization, template)
    return None


@organization_view(*PROGRAM_ROLES)
def question_add(
    request: AuthenticatedHttpRequest, organization: Organization, key: str
) -> HttpResponse:
    template = get_template(organization, key)
    refused = _refuse_locked(request, organization, template)
    return refused or _question_page(request, organization, template, None)


@organization_view(*PROGRAM_ROLES)
def question_edit(
    request: AuthenticatedHttpRequest, organization: Organization, key: str, question: str
) -> HttpResponse:
    found = get_question(organization, key, question)
    refused = _refuse_locked(request, organization, found.template)
    return refused or _question_page(request, organization, found.template, found)


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
    return _detail(organization, found.template)


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
    return _detail(organization, found.template)
