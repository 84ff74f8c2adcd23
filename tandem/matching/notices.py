"""Who hears what when a matching leaves them out or a tandem comes apart (issue 14).

Three messages, each from the worker after the change is committed, in the
recipient's language, each naming no reason anyone gave:

- people a published run leaves without a tandem;
- both partners of a tandem dissolved for a re-match;
- the cohort's program team when a partner asks for a change (the reason is on
  the answers page, for the program team only; the mail only points there).

And one reminder: a partner who has not answered a proposed tandem hears once,
a few days before the answer is due (``remind_unanswered``, the scheduler's pass).

Renderers and tasks live together here and import nothing of the services, so
the services enqueue these tasks without a loop.
"""

import logging
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from tandem.accounts.mail import render_localised
from tandem.accounts.models import User
from tandem.core.links import absolute_reverse
from tandem.core.tasks import TRANSIENT_MAIL_ERRORS, mail_task, send_claimed, send_each
from tandem.matching import adapters
from tandem.programs.models import Cohort, Registration, Tandem, TandemState
from tandem.programs.selectors import program_team, tandem_for_mail

logger = logging.getLogger("tandem.matching")


@mail_task
def send_unmatched(
    cohort_id: int, registration_ids: list[int], only: list[int] | None = None
) -> int:
    """Tell each person a published run left without a tandem (retried on mail failures)."""
    with scopes_disabled():
        cohort = Cohort.objects.select_related("organization").filter(pk=cohort_id).first()
    if cohort is None:
        return 0
    with scope(organization=cohort.organization):
        people = {
            e.pk: e
            for e in Registration.objects.filter(cohort=cohort, pk__in=registration_ids)
            .select_related("employee__user")
            .order_by("pk")
        }
        home = absolute_reverse("people:organization_home", org_slug=cohort.organization.slug)

        def render(pk: int) -> EmailMessage | None:
            user = people[pk].employee.user
            if user is None or not user.is_active or not user.email:
                return None
            return render_localised(
                to=user,
                subject=gettext_lazy("No tandem for you in %(cohort)s this time"),
                subject_params={"cohort": cohort.name},
                template="matching/email/unmatched",
                context={"cohort": cohort, "registration": people[pk], "link": home},
            )

        return send_each(sorted(people), render, only)


def _tell_partners(
    tandem: Tandem,
    *,
    subject: Promise,
    template: str,
    only: Collection[int] | None,
    subject_params: dict[str, object] | None = None,
    **context: Any,
) -> int:
    """Both partners who can receive mail, each in their language (``me``, ``partner``: their
    employees). Keyed by user id: a retry sends ``only`` those not yet told."""
    reachable = {user.pk: (user, side) for side in tandem.sides() if (user := side.recipient)}

    def render(user_id: int) -> EmailMessage:
        user, side = reachable[user_id]
        return render_localised(
            to=user,
            subject=subject,
            subject_params=subject_params,
            template=template,
            context={"tandem": tandem, "me": side.me, "partner": side.partner, **context},
        )

    return send_each(sorted(reachable), render, only)


@mail_task
def send_dissolved(tandem_id: int, only: list[int] | None = None) -> int:
    """Tell both partners that their tandem was dissolved for a re-match."""
    tandem = tandem_for_mail(tandem_id)
    if tandem is None:
        return 0
    with scope(organization=tandem.organization):
        return _tell_partners(
            tandem,
            subject=gettext_lazy("Your tandem in %(cohort)s has been dissolved"),
            subject_params={"cohort": tandem.cohort.name},
            template="matching/email/dissolved",
            only=only,
            link=absolute_reverse("people:organization_home", org_slug=tandem.organization.slug),
        )


@mail_task
def send_tandem_ended(tandem_id: int, only: list[int] | None = None) -> int:
    """Tell both partners that the program team has ended their tandem, and why (the category
    only)."""
    tandem = tandem_for_mail(tandem_id)
    if tandem is None:
        return 0
    with scope(organization=tandem.organization):
        return _tell_partners(
            tandem,
            subject=gettext_lazy("Your reverse mentoring tandem has ended"),
            template="matching/email/tandem_ended",
            only=only,
        )


@mail_task
def send_change_requested(tandem_id: int, only: list[int] | None = None) -> int:
    """Tell the cohort's program team that a tandem asks for a change (not why)."""
    tandem = tandem_for_mail(tandem_id)
    if tandem is None:
        return 0
    with scope(organization=tandem.organization):
        cohort = tandem.cohort
        team: dict[int, User] = {user.pk: user for user in program_team(cohort) if user.email}
        link = absolute_reverse(
            "matching:answers",
            org_slug=cohort.organization.slug,
            cohort_id=cohort.public_id,
        )

        def render(user_id: int) -> EmailMessage:
            return render_localised(
                to=team[user_id],
                subject=gettext_lazy("A tandem in %(cohort)s asks for a change"),
                subject_params={"cohort": cohort.name},
                template="matching/email/change_requested",
                context={"cohort": cohort, "link": link},
            )

        return send_each(sorted(team), render, only)


def remind_unanswered(*, today: date | None = None) -> int:
    """Remind each partner who has not answered a proposed tandem, once, from
    ``TANDEM_ANSWER_REMINDER_DAYS`` before the deadline until it. Each reminder is claimed by a
    conditional UPDATE before it is sent, so overlapping passes send it once; a mail-server
    failure releases it and the next pass tries again."""
    today = today or timezone.localdate()
    due = today + timedelta(days=settings.TANDEM_ANSWER_REMINDER_DAYS)
    unanswered = Q(mentor_answer="", mentor_reminded__isnull=True) | Q(
        mentee_answer="", mentee_reminded__isnull=True
    )
    with scopes_disabled():
        tandems = list(
            Tandem.objects.filter(unanswered, state=TandemState.PROPOSED)
            .filter(respond_by__gte=today, respond_by__lte=due)
            .select_related(
                "organization", "cohort", "mentor__employee__user", "mentee__employee__user"
            )
            .order_by("pk")
        )
    sent = 0
    try:
        for tandem in tandems:
            with scope(organization=tandem.organization):
                for reminder in _answer_reminders(tandem):
                    sent += send_claimed([reminder])
    except TRANSIENT_MAIL_ERRORS as error:
        logger.warning("answer reminders: the mail server failed, the next pass retries: %s", error)
    return sent


def _answer_reminders(
    tandem: Tandem,
) -> Iterator[tuple[Callable[[], bool], Callable[[], object], EmailMessage]]:
    link = absolute_reverse(
        "workspace:tandem_detail",
        org_slug=tandem.organization.slug,
        public_id=tandem.public_id,
    )
    for side, me, partner in (
        ("mentor", tandem.mentor, tandem.mentee),
        ("mentee", tandem.mentee, tandem.mentor),
    ):
        user = me.employee.user
        if getattr(tandem, f"{side}_answer") or getattr(tandem, f"{side}_reminded"):
            continue
        if user is None or not user.is_active or not user.email:
            continue
        message = render_localised(
            to=user,
            subject=gettext_lazy("Your tandem in %(cohort)s is waiting for your answer"),
            subject_params={"cohort": tandem.cohort.name},
            template="matching/email/answer_reminder",
            context={"tandem": tandem, "me": me, "partner": partner, "link": link},
        )
        yield partial(_claim_reminder, tandem.pk, side), partial(_release, tandem.pk, side), message


def _claim_reminder(tandem_id: int, side: str) -> bool:
    rows = Tandem.objects.filter(
        pk=tandem_id,
        state=TandemState.PROPOSED,
        **{f"{side}_answer": "", f"{side}_reminded__isnull": True},
    )
    return bool(rows.update(**{f"{side}_reminded": timezone.now()}))


def _release(tandem_id: int, side: str) -> None:
    Tandem.objects.filter(pk=tandem_id).update(**{f"{side}_reminded": None})


def unmatched_registrations(cohort: Cohort, employee_ids: Sequence[str]) -> list[int]:
    """The registrations of the people a run's result names as unmatched (one query)."""
    return list(
        Registration.objects.filter(cohort=cohort, employee__employee_id__in=list(employee_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --- the partners' mail after publishing ----------------------------------------------------


SUBJECT = gettext_lazy("Your reverse mentoring tandem")


def send_tandem_mails(*, tandems: list[Tandem], only: Collection[str] | None = None) -> int:
    """Each partner learns who the other is, why they were matched and what comes next.

    One message per tandem and partner, keyed ``"<tandem id>:<user id>"``: a retry after a
    mail-server failure sends ``only`` those not yet sent.
    """
    if not tandems:
        return 0
    cohort = tandems[0].cohort
    catalogue = adapters.topic_catalogue(cohort)
    slug = cohort.organization.slug
    pending: dict[str, tuple[User, dict[str, Any]]] = {}
    for tandem in tandems:
        link = absolute_reverse(
            "workspace:tandem_detail", org_slug=slug, public_id=tandem.public_id
        )
        for me, partner in ((tandem.mentor, tandem.mentee), (tandem.mentee, tandem.mentor)):
            user = me.employee.user
            key = f"{tandem.pk}:{user.pk}" if user else ""
            if user is None or not user.email:
                continue
            context = {"tandem": tandem, "me": me, "partner": partner, "topics": catalogue}
            pending[key] = (user, {**context, "link": link})

    def render(key: str) -> EmailMessage:
        user, context = pending[key]
        return render_localised(
            to=user, subject=SUBJECT, template="matching/email/tandem", context=context
        )

    return send_each(list(pending), render, only)
