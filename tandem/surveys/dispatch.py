"""Sending surveys on the cohort's timeline, one scheduler pass at a time.

A pass (``tasks.run_surveys``) stores the surveys that cohorts with tandems
still have only as planned (``timeline``; saving a survey's settings may have
stored one already), adds the people each open survey asks, invites those not
invited yet and, ``remind_days`` before it closes, reminds once those who have
not answered. The respondent row is the ledger: its ``invited`` or ``reminded``
time is claimed with a conditional UPDATE before the message goes out and
released if the mail server fails, so passes may repeat or overlap and every
message still goes out once; a failed message is retried by the next pass.
"""

import logging
from datetime import date, timedelta
from functools import partial

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from tandem.accounts.mail import render_localised
from tandem.core.links import absolute_reverse
from tandem.core.tasks import TRANSIENT_MAIL_ERRORS, send_claimed
from tandem.programs.models import Cohort
from tandem.surveys.editing import lock_questionnaire
from tandem.surveys.models import Phase, Respondent, Survey
from tandem.surveys.timeline import add_respondents, ensure_surveys

logger = logging.getLogger(__name__)

INVITE = "invited"
REMIND = "reminded"
SUBJECTS = {
    INVITE: gettext_lazy("Your opinion, please: %(survey)s"),
    REMIND: gettext_lazy("Reminder: %(survey)s closes on %(closes)s"),
}


def survey_link(survey: Survey) -> str:
    return absolute_reverse("surveys:answer", survey.organization.slug, survey.public_id)


def render(respondent: Respondent, kind: str) -> EmailMessage | None:
    user = respondent.registration.employee.user
    if user is None or not user.is_active:
        return None  # no login, no way to answer
    survey = respondent.survey
    # Lazy, so the phase and the date come out in the recipient's language, not the pass's.
    name = format_lazy("{} · {}", Phase(survey.phase).label, survey.cohort.name)
    closes = lazy(date_format, str)(survey.closes, "DATE_FORMAT")
    return render_localised(
        to=user,
        subject=SUBJECTS[kind],
        subject_params={"survey": name, "closes": closes},
        template=f"surveys/email/{kind}",
        context={"survey": survey, "link": survey_link(survey), "kind": kind},
    )


def _send(respondents: list[Respondent], kind: str) -> int:
    """Claim each row's ``kind`` time, send, release it if sending fails."""

    @transaction.atomic
    def claim(respondent: Respondent) -> bool:
        if kind == INVITE:  # after an edit of the questionnaire in progress, which then refuses
            lock_questionnaire(respondent.survey, respondent.role)
        rows = Respondent.objects.filter(pk=respondent.pk, **{f"{kind}__isnull": True})
        return bool(rows.update(**{kind: timezone.now()}))

    def release(pk: int) -> None:
        Respondent.objects.filter(pk=pk).update(**{kind: None})

    pending = (
        (partial(claim, r), partial(release, r.pk), message)
        for r in respondents
        if (message := render(r, kind)) is not None
    )
    return send_claimed(pending)


def _due(survey: Survey, today: date) -> tuple[list[Respondent], list[Respondent]]:
    related = ("registration__employee__user", "survey__cohort", "survey__organization")
    rows = list(
        survey.respondents.select_related(*related).filter(
            Q(invited__isnull=True) | Q(answered=False, reminded__isnull=True)
        )
    )
    invite = [r for r in rows if r.invited is None]
    remind_from = survey.closes - timedelta(days=survey.remind_days)
    remind = (
        [r for r in rows if r.invited is not None and not r.answered and r.reminded is None]
        if survey.remind_days and today >= remind_from
        else []
    )
    return invite, remind


def run_pass(*, today: date | None = None) -> int:
    """Do what is due today; returns how many messages went out."""
    today = today or timezone.localdate()
    with scopes_disabled():
        cohorts = list(
            Cohort.objects.filter(state__in=Cohort.WITH_TANDEMS)
            .annotate(stored=Count("surveys"))
            .filter(stored__lt=len(Phase))
            .select_related("organization")
        )
        for cohort in cohorts:
            with scope(organization=cohort.organization):
                ensure_surveys(cohort)
        surveys = list(
            Survey.objects.filter(opens__lte=today, closes__gte=today).select_related(
                "organization", "cohort", "mentor_questionnaire", "mentee_questionnaire"
            )
        )
    sent = 0
    for survey in surveys:
        with scope(organization=survey.organization):
            add_respondents(survey)
            invite, remind = _due(survey, today)
            try:
                sent += _send(invite, INVITE)
                sent += _send(remind, REMIND)
            except TRANSIENT_MAIL_ERRORS as error:
                logger.warning("surveys: the mail server failed, the next pass retries: %s", error)
                break
    return sent
