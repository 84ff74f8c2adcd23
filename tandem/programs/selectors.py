"""Reads for the program pages: program overview, cohort facts, the pool and its coverage."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django_scopes import scopes_disabled

from tandem.accounts.models import User
from tandem.core.collation import alphabetical, sorted_alphabetically
from tandem.core.models import MembershipRole, Organization
from tandem.people.models import Employee
from tandem.programs.models import (
    PHASE_FIELDS,
    Cohort,
    CohortState,
    Enrollment,
    EnrollmentStatus,
    Lesson,
    LessonTopic,
    Program,
    Role,
    Tandem,
    Topic,
)

# In the running for a tandem: not declined, not (yet) on the waiting list.
IN_THE_POOL = (EnrollmentStatus.REGISTERED, EnrollmentStatus.ADMITTED)
POOL_SORTS = {
    "name": ("employee__last_name", "employee__first_name"),
    "-created": ("-created", "-id"),
    "created": ("created", "id"),
    "department": ("employee__department", "employee__last_name", "employee__first_name"),
}


def programs_with_cohorts(organization: Organization) -> QuerySet[Program]:
    cohorts = Cohort.objects.annotate(
        mentors=Count("enrollments", filter=Q(enrollments__role=Role.MENTOR)),
        mentees=Count("enrollments", filter=Q(enrollments__role=Role.MENTEE)),
    ).order_by("-kickoff", "name")
    return Program.objects.filter(organization=organization).prefetch_related(
        Prefetch("cohorts", queryset=cohorts)
    )


@dataclass(frozen=True)
class CohortPhase:
    label: str
    day: date
    past: bool


def timeline(cohort: Cohort, today: date) -> list[CohortPhase]:
    return [
        CohortPhase(
            str(getattr(Cohort._meta.get_field(name), "verbose_name", name)), day, day < today
        )
        for name in PHASE_FIELDS
        if (day := getattr(cohort, name))
    ]


@dataclass(frozen=True)
class PoolCounts:
    by_role_and_status: dict[tuple[str, str], int]

    def count(self, role: str, status: str = "") -> int:
        return sum(
            n for (r, s), n in self.by_role_and_status.items() if r == role and status in ("", s)
        )

    def rows(self) -> list[tuple[str, int, int]]:
        """(status label, mentors, mentees) for every status."""
        return [
            (str(label), self.count(Role.MENTOR, value), self.count(Role.MENTEE, value))
            for value, label in EnrollmentStatus.choices
        ]

    @property
    def mentors(self) -> int:
        return self.count(Role.MENTOR)

    @property
    def mentees(self) -> int:
        return self.count(Role.MENTEE)


def pool_counts(cohort: Cohort) -> PoolCounts:
    rows = (
        Enrollment.objects.filter(cohort=cohort)
        .order_by()
        .values_list("role", "status")
        .annotate(n=Count("id"))
    )
    return PoolCounts({(role, status): n for role, status, n in rows})


@dataclass(frozen=True)
class Coverage:
    topic: Topic
    wanted: int
    offered: int

    @property
    def uncovered(self) -> bool:
        return self.wanted > 0 and self.offered == 0


def topic_coverage(cohort: Cohort, topics: list[Topic]) -> list[Coverage]:
    """For each cohort topic: mentees who want it, mentors who offer it (pool, not declined).

    One query whatever the pool's size; the counting over JSON happens here,
    the same on SQLite and PostgreSQL.
    """
    wanted: Counter[str] = Counter()
    offered: Counter[str] = Counter()
    for role, topics_, goals in Enrollment.objects.filter(
        cohort=cohort, status__in=IN_THE_POOL
    ).values_list("role", "topics", "goals"):
        if role == Role.MENTOR:
            offered.update(list(topics_ or {}))
        else:
            wanted.update(list(goals or {}))
    return [Coverage(topic, wanted[topic.key], offered[topic.key]) for topic in topics]


def cohort_topics(cohort: Cohort) -> list[Topic]:
    return list(cohort.topics.order_by("position", "key"))


def pool(
    cohort: Cohort,
    *,
    query: str = "",
    role: str = "",
    status: str = "",
    topic: str = "",
    department: str = "",
    sort: str = "",
) -> QuerySet[Enrollment]:
    """The cohort's registrations filtered for the pool page, with their employee."""
    enrollments = Enrollment.objects.filter(cohort=cohort).select_related("employee")
    for term in query.split():
        enrollments = enrollments.filter(
            Q(employee__first_name__icontains=term) | Q(employee__last_name__icontains=term)
        )
    if role:
        enrollments = enrollments.filter(role=role)
    if status:
        enrollments = enrollments.filter(status=status)
    if topic:
        enrollments = enrollments.filter(Q(topics__has_key=topic) | Q(goals__has_key=topic))
    if department:
        enrollments = enrollments.filter(employee__department=department)
    fields = POOL_SORTS.get(sort, POOL_SORTS["name"])
    if sort in ("created", "-created"):
        return enrollments.order_by(*fields)
    return enrollments.order_by(*alphabetical(*fields), "id")


def pool_departments(cohort: Cohort) -> list[str]:
    names = (
        Employee.objects.filter(enrollments__cohort=cohort)
        .exclude(department="")
        .order_by()
        .values_list("department", flat=True)
        .distinct()
    )
    return sorted_alphabetically(names, key=str)


def topics_with_usage(organization: Organization) -> QuerySet[Topic]:
    return Topic.objects.filter(organization=organization).annotate(used_by=Count("cohorts"))


def lessons_of(cohort: Cohort) -> list[Lesson]:
    """The lessons learned from ``cohort``, oldest first, with their author (one query)."""
    return list(
        Lesson.objects.filter(cohort=cohort).select_related("author").order_by("created", "id")
    )


def lessons_due(cohort: Cohort, today: date) -> bool:
    """Is it time to record lessons learned: past mid-term while running, or completed?"""
    if cohort.state == CohortState.COMPLETED:
        return True
    return cohort.state == CohortState.RUNNING and today >= cohort.midterm


@dataclass(frozen=True)
class LessonGroup:
    topic: str
    label: str
    lessons: list[Lesson]


def lessons_by_topic(lessons: list[Lesson]) -> list[LessonGroup]:
    """``lessons`` grouped by topic in the order of a cohort; topics without lessons left out."""
    return [
        LessonGroup(value, str(label), found)
        for value, label in LessonTopic.choices
        if (found := [lesson for lesson in lessons if lesson.topic == value])
    ]


@dataclass(frozen=True)
class Participation:
    """What an employee's "Your mentoring" card shows."""

    open_cohorts: list[Cohort]
    registrations: list[Enrollment]


def participation(employee: Employee, today: date) -> Participation:
    registrations = list(
        Enrollment.objects.filter(employee=employee)
        .select_related("cohort", "cohort__program")
        .order_by("-cohort__kickoff")
    )
    registered = {enrollment.cohort_id for enrollment in registrations}
    candidates = Cohort.objects.filter(
        organization_id=employee.organization_id,
        state=CohortState.REGISTRATION,
        registration_opens__lte=today,
        registration_closes__gte=today,
    ).select_related("program")
    open_cohorts = [
        cohort
        for cohort in candidates
        if cohort.pk not in registered
        and (
            cohort.admits(Role.MENTOR, employee.job_level)
            or cohort.admits(Role.MENTEE, employee.job_level)
        )
    ]
    return Participation(open_cohorts, registrations)


def program_team(cohort: Cohort) -> list[User]:
    """Who runs ``cohort``: its team (still holding a program role), else the program managers.

    The fallback keeps an alert from going nowhere when a cohort was planned without a team.
    """
    managers = User.objects.filter(
        is_active=True, memberships__organization_id=cohort.organization_id
    ).order_by(*alphabetical("last_name", "first_name"), "pk")
    team = list(
        managers.filter(
            pk__in=cohort.team.values("pk"),
            memberships__role__in=(MembershipRole.ADMIN, MembershipRole.PROGRAM_MANAGER),
        ).distinct()
    )
    return team or list(
        managers.filter(memberships__role=MembershipRole.PROGRAM_MANAGER).distinct()
    )


def tandem_for_mail(tandem_id: int) -> Tandem | None:
    """A tandem with what a mail to its partners needs, found from the worker (no scope yet)."""
    with scopes_disabled():
        return (
            Tandem.objects.select_related(
                "organization",
                "cohort__organization",
                "mentor__employee__user",
                "mentee__employee__user",
            )
            .filter(pk=tandem_id)
            .first()
        )
