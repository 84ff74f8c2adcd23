"""Matching pages: runs, decisions, publishing and answers; the partners' tandem page."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from tandem.accounts.models import AuthenticatedHttpRequest
from tandem.core.models import Organization
from tandem.matching import adapters, lifecycle, reasons, selectors, services
from tandem.matching.access import get_decision, get_run
from tandem.matching.engine import ProblemError
from tandem.matching.forms import CompareForm, PairDecisionForm, PairForm, SwapForm
from tandem.matching.models import MatchingRun, RunStatus
from tandem.people.access import organization_view
from tandem.programs.access import PROGRAM_ROLES, get_cohort
from tandem.programs.models import Cohort, TandemState


def _error(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- program team: runs and decisions ---------------------------------------------------


def _cohort_page(
    request: AuthenticatedHttpRequest, cohort: Cohort, decision_form: PairDecisionForm | None
) -> HttpResponse:
    pool = selectors.admitted(cohort)
    context = {
        "cohort": cohort,
        "runs": selectors.cohort_runs(cohort),
        "decisions": selectors.cohort_decisions(cohort),
        "mentor_count": sum(1 for e in pool if e.is_mentor),
        "mentee_count": sum(1 for e in pool if not e.is_mentor),
        "decision_form": decision_form or PairDecisionForm(mentors=pool, mentees=pool),
        "can_run": cohort.is_matchable,
        "published": cohort.is_published,
    }
    return render(request, "matching/cohort_matching.html", context)


@organization_view(*PROGRAM_ROLES)
def cohort_matching(
    request: AuthenticatedHttpRequest, organization: Organization, cohort_id: UUID
) -> HttpResponse:
    return _cohort_page(request, get_cohort(organization, cohort_id), None)


@require_POST
@organization_view(*PROGRAM_ROLES)
def run_start(
    request: AuthenticatedHttpRequest, organization: Organization, cohort_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, cohort_id)
    try:
        run = services.start_run(cohort=cohort, actor=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("matching:cohort_matching", organization.slug, cohort.public_id)
    return redirect("matching:run_detail", organization.slug, run.public_id)


def _run_page(request: AuthenticatedHttpRequest, run: MatchingRun, **forms: Any) -> HttpResponse:
    view = adapters.run_view(run) if run.status == RunStatus.DONE else None
    mentors = [p.mentor for p in view.proposals] if view else []
    mentees = [p.mentee for p in view.proposals] if view else []
    if view:
        mentors += [u.enrollment for u in view.unmatched if u.enrollment.is_mentor]
        mentees += [u.enrollment for u in view.unmatched if not u.enrollment.is_mentor]
    runs = selectors.finished_runs(run.cohort).exclude(pk=run.pk)
    context = {
        "run": run,
        "cohort": run.cohort,
        "view": view,
        "topics": adapters.topic_catalogue(run.cohort),
        "can_publish": bool(view and view.proposals)
        and run.published is None
        and run.cohort.may_publish(rematch=run.rematch),
        "why_not_form": PairForm(mentors=mentors, mentees=mentees, auto_id="why_%s"),
        "decision_form": PairDecisionForm(mentors=mentors, mentees=mentees, auto_id="pair_%s"),
        "swap_form": SwapForm(mentees=[p.mentee for p in view.proposals] if view else []),
        "compare_form": CompareForm(runs=runs),
        **forms,
    }
    return render(request, "matching/run_detail.html", context)


@organization_view(*PROGRAM_ROLES)
def run_detail(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = get_run(organization, public_id)
    if request.htmx and request.htmx.target == "run-progress":
        if run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
            return render(request, "matching/run_detail.html#progress", {"run": run})
        return HttpResponseClientRefresh()
    return _run_page(request, run)


@organization_view(*PROGRAM_ROLES)
def why_not(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Why is a mentor not with a mentee? Rules broken, or what forcing the pair costs."""
    run = get_run(organization, public_id)
    if run.status != RunStatus.DONE:
        raise Http404
    people = adapters.enrollments_by_employee_id(run.cohort, adapters.people_in(run.result))
    form = PairForm(request.GET, mentors=people.values(), mentees=people.values(), auto_id="why_%s")
    answer: list[str] = []
    if form.is_valid():
        mentor, mentee = form.cleaned_data["mentor"], form.cleaned_data["mentee"]
        try:
            result = services.explain_pair(run=run, mentor=mentor, mentee=mentee)
        except ProblemError:
            form.add_error(None, _("This pair cannot be explained with today's pool and rules."))
        else:
            names = {key: e.employee.full_name for key, e in people.items()}
            answer = reasons.describe_why_not(result, names)
    if request.htmx:
        context = {"run": run, "why_not_form": form, "why_not_answer": answer}
        return render(request, "matching/run_detail.html#why_not", context)
    return _run_page(request, run, why_not_form=form, why_not_answer=answer)


@require_POST
@organization_view(*PROGRAM_ROLES)
def decision_add(
    request: AuthenticatedHttpRequest, organization: Organization, cohort_id: UUID
) -> HttpResponse:
    """Fix or exclude a pair; from a run's page the matching runs again at once."""
    cohort = get_cohort(organization, cohort_id)
    run = None
    if request.POST.get("run"):
        try:
            run = get_run(organization, UUID(request.POST["run"]), cohort=cohort)
        except ValueError:
            raise Http404 from None
    pool = selectors.admitted(cohort)
    form = PairDecisionForm(request.POST, mentors=pool, mentees=pool, auto_id="pair_%s")
    if form.is_valid():
        try:
            services.decide_pair(cohort=cohort, actor=request.user, **form.cleaned_data)
        except services.BreaksRules as error:
            form.breaks_rules = True  # now the form asks whether to pair them anyway
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision has been saved."))
            return _rerun_or_back(request, cohort, run)
    if run is not None:
        return _run_page(request, run, decision_form=form)
    return _cohort_page(request, cohort, form)


def _rerun_or_back(
    request: AuthenticatedHttpRequest, cohort: Cohort, run: MatchingRun | None
) -> HttpResponse:
    slug = cohort.organization.slug
    if run is None:
        return redirect("matching:cohort_matching", slug, cohort.public_id)
    try:
        new = services.start_run(cohort=cohort, actor=request.user, rematch=run.rematch)
    except ValidationError as error:
        _error(request, error)
        return redirect("matching:cohort_matching", slug, cohort.public_id)
    return redirect("matching:run_detail", slug, new.public_id)


@require_POST
@organization_view(*PROGRAM_ROLES)
def decision_remove(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    decision = get_decision(organization, public_id)
    cohort = decision.cohort
    services.remove_decision(decision=decision, actor=request.user)
    messages.success(request, _("The decision has been removed."))
    return redirect("matching:cohort_matching", organization.slug, cohort.public_id)


@require_POST
@organization_view(*PROGRAM_ROLES)
def swap(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    """Two tandems exchange their mentees (both new pairs fixed), then the matching runs again."""
    run = get_run(organization, public_id)
    if run.status != RunStatus.DONE:
        raise Http404
    view = adapters.run_view(run)
    form = SwapForm(request.POST, mentees=[p.mentee for p in view.proposals])
    if form.is_valid():
        try:
            services.swap_partners(run=run, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The partners have been swapped and fixed."))
            return _rerun_or_back(request, run.cohort, run)
    return _run_page(request, run, swap_form=form)


@require_POST
@organization_view(*PROGRAM_ROLES)
def run_publish(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = get_run(organization, public_id)
    if request.POST.get("confirm") != "yes":
        # Publishing mails everyone in it and cannot be taken back: say so first.
        view = adapters.run_view(run)
        context = {
            "run": run,
            "tandems": len(view.proposals),
            "unmatched": len(view.unmatched),
            "broken": services.fixed_pairs_breaking_rules(run.cohort),
        }
        return render(request, "matching/publish_confirm.html", context)
    try:
        tandems = lifecycle.publish_run(run=run, actor=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("matching:run_detail", organization.slug, run.public_id)
    messages.success(
        request,
        ngettext(
            "%(count)s tandem has been published; both partners have been told by e-mail.",
            "%(count)s tandems have been published; both partners have been told by e-mail.",
            len(tandems),
        )
        % {"count": len(tandems)},
    )
    return redirect("matching:answers", organization.slug, run.cohort.public_id)


@organization_view(*PROGRAM_ROLES)
def run_compare(
    request: AuthenticatedHttpRequest, organization: Organization, public_id: UUID
) -> HttpResponse:
    run = get_run(organization, public_id)
    if run.status != RunStatus.DONE:
        raise Http404
    form = CompareForm(request.GET, runs=selectors.finished_runs(run.cohort).exclude(pk=run.pk))
    comparison = None
    if form.is_valid():
        other = MatchingRun.objects.get(pk=form.cleaned_data["other"].pk)
        comparison = adapters.compare(run, other)
    context = {"run": run, "cohort": run.cohort, "form": form, "comparison": comparison}
    return render(request, "matching/run_compare.html", context)


# --- program team: answers and re-matching ------------------------------------------------


@organization_view(*PROGRAM_ROLES)
def answers(
    request: AuthenticatedHttpRequest, organization: Organization, cohort_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, cohort_id)
    tandems = list(selectors.cohort_tandems(cohort))
    context = {
        "cohort": cohort,
        "tandems": tandems,
        "change_requests": sum(1 for t in tandems if t.state == TandemState.CHANGE_REQUESTED),
        "can_rematch": cohort.is_published,
        "reminder_days": settings.TANDEM_ANSWER_REMINDER_DAYS,
    }
    return render(request, "matching/answers.html", context)


@require_POST
@organization_view(*PROGRAM_ROLES)
def rematch(
    request: AuthenticatedHttpRequest, organization: Organization, cohort_id: UUID
) -> HttpResponse:
    cohort = get_cohort(organization, cohort_id)
    if request.POST.get("confirm") != "yes":
        changed = selectors.cohort_tandems(cohort).filter(state=TandemState.CHANGE_REQUESTED)
        context = {"cohort": cohort, "changed": list(changed)}
        return render(request, "matching/rematch_confirm.html", context)
    try:
        run = services.rematch(cohort=cohort, actor=request.user)
    except ValidationError as error:
        _error(request, error)
        return redirect("matching:answers", organization.slug, cohort.public_id)
    return redirect("matching:run_detail", organization.slug, run.public_id)
