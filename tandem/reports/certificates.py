"""Participation certificates for mentors: who gets one, what it names, and the PDF.

A mentor of a tandem that both partners accepted and that was not ended early
gets a certificate once the cohort is over (closed, or its wrap-up has
passed). It names the topics they taught — those they offered and their
mentee wanted, else those they offered — and how many meetings were held,
so a young employee's expertise becomes visible. Nothing the tandem wrote
(takeaways, notes, ratings) appears on it. Each certificate is rendered in
its mentor's language.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tandem.accounts.models import User
from tandem.core.models import Organization
from tandem.meetings.models import Meeting, MeetingState
from tandem.programs.models import (
    Cohort,
    CohortState,
    Registration,
    Role,
    Tandem,
    TandemState,
    Topic,
)
from tandem.reports import metrics


@dataclass(frozen=True)
class Certificate:
    """One mentor's certificate: their registration and what it says about them."""

    mentor: Registration  # with employee and employee.user loaded
    topics: tuple[Topic, ...]
    meetings: int
    mentees: int
    # A language asked for (a German certificate for an English reader, say); else theirs.
    chosen_language: str = ""

    @property
    def language(self) -> str:
        if self.chosen_language:
            return self.chosen_language
        user = self.mentor.employee.user
        return (user.language if user else "") or settings.LANGUAGE_CODE

    @property
    def name(self) -> str:
        return self.mentor.employee.full_name


def is_over(cohort: Cohort, today: date) -> bool:
    """Certificates exist once the cohort is closed or its wrap-up date has passed."""
    return cohort.state == CohortState.COMPLETED or cohort.wrapup < today


def _over(today: date, prefix: str = "") -> Q:
    # is_over as a filter: the start-page card and the certificates agree on one rule.
    return Q(**{f"{prefix}state": CohortState.COMPLETED}) | Q(**{f"{prefix}wrapup__lt": today})


def certificate_mentors(cohort: Cohort, *, mentor: Registration | None = None) -> list[Certificate]:
    """The cohort's certificates (only ``mentor``'s, if given), by name; 3 queries, or none.

    Tandems still running (state accepted) at the end count; one dissolved
    (ended early, or re-matched before it began) does not.
    """
    if not is_over(cohort, timezone.localdate()):
        return []
    tandems = Tandem.objects.filter(cohort=cohort, state=TandemState.ACCEPTED)
    if mentor is not None:
        tandems = tandems.filter(mentor=mentor)
    found = list(
        tandems.select_related("mentor__employee__user", "mentee").order_by(
            "mentor__employee__last_name", "mentor__employee__first_name", "mentor_id", "id"
        )
    )
    if not found:
        return []
    held = _meetings_held(cohort, [tandem.pk for tandem in found])
    by_mentor: dict[int, list[Tandem]] = defaultdict(list)
    for tandem in found:
        by_mentor[tandem.mentor_id].append(tandem)
    keys = {mentor_id: _taught(tandems) for mentor_id, tandems in by_mentor.items()}
    catalogue = _topics(cohort.organization, {key for found in keys.values() for key in found})
    return [
        Certificate(
            mentor=tandems[0].mentor,
            topics=tuple(catalogue[key] for key in catalogue if key in keys[mentor_id]),
            meetings=sum(held.get(tandem.pk, 0) for tandem in tandems),
            mentees=len(tandems),
        )
        for mentor_id, tandems in by_mentor.items()
    ]


def _taught(tandems: Sequence[Tandem]) -> set[str]:
    """Topic keys the mentor offered and a mentee of theirs wanted; else all they offered."""
    mentor = tandems[0].mentor
    offered = {
        key
        for key in {*mentor.topics, *mentor.verified}
        if metrics.offers(mentor.topics, mentor.verified, key)
    }
    wanted = {
        key for tandem in tandems for key in offered if metrics.wants(tandem.mentee.goals, key)
    }
    return wanted or offered


def _meetings_held(cohort: Cohort, tandem_ids: list[int]) -> dict[int, int]:
    rows = (
        Meeting.objects.filter(
            organization=cohort.organization, tandem_id__in=tandem_ids, state=MeetingState.HELD
        )
        .order_by()
        .values("tandem_id")
        .annotate(n=Count("pk"))
        .values_list("tandem_id", "n")
    )
    return dict(rows)


def _topics(organization: Organization, keys: set[str]) -> dict[str, Topic]:
    """The catalogue's topics for ``keys``, in the catalogue's order."""
    topics = Topic.objects.filter(organization=organization, key__in=keys).order_by(
        "position", "key"
    )
    return {topic.key: topic for topic in topics}


def own_certificates(user: User, organization: Organization) -> QuerySet[Registration]:
    """The user's mentor registrations that have a certificate, newest cohort first (1 query)."""
    return (
        Registration.objects.filter(
            _over(timezone.localdate(), "cohort__"),
            organization=organization,
            employee__user=user,
            role=Role.MENTOR,
            as_mentor__state=TandemState.ACCEPTED,
        )
        .select_related("cohort__program")
        .order_by("-cohort__wrapup", "cohort__name")
        .distinct()
    )


def certificates_pdf(
    *, cohort: Cohort, certificates: Sequence[Certificate], language: str
) -> bytes:
    """One page per certificate, each in its mentor's language; ``language`` for the document."""
    with translation.override(language):
        html = render_to_string(
            "reports/certificate.html",
            {
                "cohort": cohort,
                "organization": cohort.organization,
                "certificates": certificates,
                "language": language,
                "today": timezone.localdate(),
            },
        )
    # WeasyPrint takes about a second to import (it parses its stylesheets): only on use.
    from tandem.reports.pdf import html_to_pdf  # noqa: PLC0415 (WeasyPrint: a second to import)

    return html_to_pdf(html)
