"""The demo organisations: deterministic, idempotent, believable, and every printed login works."""

import random
import re
import time
from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import User
from tandem.core.models import AuditEntry, Membership, Organization
from tandem.demo.people import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    JUNIOR_LEVELS,
    MENTEE,
    MENTOR,
    NORDLICHT,
    SUEDWIND,
    delete_demo,
    plan_nordlicht,
    seed_demo,
)
from tandem.people.models import Employee, EmployeeStatus

pytestmark = pytest.mark.django_db


def snapshot(slug: str) -> list[tuple[object, ...]]:
    """Everything about the people that must not vary between seeds (not the primary keys)."""
    return list(
        Employee.objects.filter(organization__slug=slug)
        .order_by("employee_id")
        .values_list(
            "employee_id",
            "first_name",
            "last_name",
            "email",
            "department",
            "team",
            "job_level",
            "location",
            "languages",
            "status",
            "supervisor__employee_id",
            "depth",
        )
    )


def appraisals(slug: str) -> set[tuple[str, str]]:
    return set(
        Employee.appraisers.through.objects.filter(
            from_employee__organization__slug=slug
        ).values_list("from_employee__employee_id", "to_employee__employee_id")
    )


def counts() -> tuple[int, ...]:
    return (
        Organization.objects.count(),
        Employee.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
        Employee.appraisers.through.objects.count(),
    )


def employee_with_login(email: str) -> Employee:
    return Employee.objects.get(organization__slug=NORDLICHT, user__email=email)


def test_two_seeds_yield_the_same_people_whatever_the_clock_and_global_random_state() -> None:
    random.seed(1)
    seed_demo()
    first = {slug: (snapshot(slug), appraisals(slug)) for slug in (NORDLICHT, SUEDWIND)}
    delete_demo()
    assert not Organization.objects.filter(slug__in=[NORDLICHT, SUEDWIND]).exists()
    assert not User.objects.filter(email__endswith=".example").exists()

    random.seed(2)
    with time_machine.travel(datetime(2031, 7, 1, tzinfo=UTC), tick=False):
        seed_demo()
    second = {slug: (snapshot(slug), appraisals(slug)) for slug in (NORDLICHT, SUEDWIND)}
    assert first == second


def test_a_second_seed_creates_nothing() -> None:
    assert set(seed_demo()) == {"Nordlicht Energie AG", "Südwind Handel GmbH"}
    before = counts()

    assert seed_demo() == {}
    assert counts() == before


def test_the_command_is_idempotent_and_reset_recreates_the_demo() -> None:
    out = StringIO()
    call_command("seed_demo", "--only", "people", stdout=out)
    call_command("seed_demo", "--only", "people", stdout=out)
    first_line, second_line = out.getvalue().splitlines()
    assert "Nordlicht Energie AG" in first_line
    assert "nothing changed" in second_line
    before, old_pk = counts(), Organization.objects.get(slug=NORDLICHT).pk

    call_command("seed_demo", "--reset", "--only", "people", stdout=StringIO())
    assert counts() == before
    assert Organization.objects.get(slug=NORDLICHT).pk != old_pk


def test_nordlicht_is_a_believable_company_of_several_hundred_people_on_seven_levels() -> None:
    seed_demo()
    people = Employee.objects.filter(organization__slug=NORDLICHT)

    assert 400 <= people.count() <= 600
    assert max(people.values_list("depth", flat=True)) + 1 == 7
    assert people.filter(supervisor=None).count() == 1
    assert len(set(people.values_list("department", flat=True))) >= 10
    assert len(set(people.values_list("job_level", flat=True))) >= 7
    assert set(people.values_list("location", flat=True)) >= {"Hamburg", "Bremen", "remote"}
    ids = list(people.values_list("employee_id", flat=True))
    assert all(re.fullmatch(r"NL-\d{5}", employee_id) for employee_id in ids)
    assert all(
        re.fullmatch(r"VS|[A-Z]{2}-(\d+|L)", team) for team in people.values_list("team", flat=True)
    )
    emails = list(people.values_list("email", flat=True))
    assert len(set(emails)) == len(emails)
    assert all(re.fullmatch(r"[a-z.\-]+\d*@nordlicht\.example", email) for email in emails)
    names = " ".join(
        f"{first} {last}" for first, last in people.values_list("first_name", "last_name")
    )
    assert {"ä", "ö", "ü", "ß"} <= set(names)
    assert 3 <= people.filter(status=EmployeeStatus.LEAVE).count() <= 10
    assert people.filter(status=EmployeeStatus.TERMINATED).count() == 2
    languages = list(people.values_list("languages", flat=True))
    assert all(spoken[0] == "de" for spoken in languages)
    assert sum("en" in spoken for spoken in languages) > len(languages) // 2
    assert sum(len(spoken) > 2 for spoken in languages) >= 20


def test_suedwind_is_a_small_company_on_four_levels_with_its_own_admin() -> None:
    seed_demo()
    people = Employee.objects.filter(organization__slug=SUEDWIND)

    assert 30 <= people.count() <= 50
    assert max(people.values_list("depth", flat=True)) + 1 == 4
    admin = User.objects.get(email="admin@suedwind.example")
    assert list(admin.memberships.values_list("organization__slug", "role")) == [
        (SUEDWIND, "admin")
    ]


def test_every_printed_login_authenticates_with_the_demo_password() -> None:
    seed_demo()
    out = StringIO()
    call_command("demo_logins", stdout=out)

    for login in DEMO_LOGINS:
        assert login.email in out.getvalue()
        assert Client().login(email=login.email, password=DEMO_PASSWORD), login.email
    assert "missing" not in out.getvalue()


def test_the_mentor_logs_in_through_the_login_page() -> None:
    seed_demo()
    mentor_email = DEMO_LOGINS[4].email

    response = Client().post(
        reverse("account_login"), {"login": mentor_email, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response.wsgi_request.user.email == mentor_email


def test_the_demo_password_passes_the_password_policy_for_every_demo_user() -> None:
    seed_demo()
    for user in User.objects.filter(email__in=[login.email for login in DEMO_LOGINS]):
        validate_password(DEMO_PASSWORD, user)


def test_each_role_login_holds_its_role_and_mentor_and_mentee_are_employees() -> None:
    seed_demo()
    roles = dict(
        Membership.objects.filter(organization__slug=NORDLICHT).values_list("user__email", "role")
    )
    assert roles == {
        "admin@nordlicht.example": "admin",
        "programm@nordlicht.example": "program_manager",
        "betriebsrat@nordlicht.example": "observer",
    }
    assert employee_with_login("programm@nordlicht.example").department == "Personal"
    mentee = employee_with_login(DEMO_LOGINS[3].email)
    mentor = employee_with_login(DEMO_LOGINS[4].email)
    assert (mentee.first_name, mentee.last_name, mentee.job_level) == (
        MENTEE.first_name,
        MENTEE.last_name,
        "Bereichsleitung",
    )
    assert (mentor.first_name, mentor.last_name) == (MENTOR.first_name, MENTOR.last_name)
    assert mentor.job_level in JUNIOR_LEVELS
    assert mentee.user is not None
    assert mentee.user.language == "de"
    assert mentor.user is not None
    assert mentor.user.language == "en"


def test_the_demo_mentor_and_mentee_may_form_a_tandem() -> None:
    seed_demo()
    mentee = employee_with_login(DEMO_LOGINS[3].email)
    mentor = employee_with_login(DEMO_LOGINS[4].email)

    assert not mentee.is_above(mentor)
    assert not mentor.is_above(mentee)
    assert mentee.department != mentor.department
    assert mentee.team != mentor.team
    assert not mentor.appraisers.filter(pk=mentee.pk).exists()
    assert mentee.status == mentor.status == EmployeeStatus.ACTIVE


def test_appraisal_relations_exist_beyond_the_reporting_line() -> None:
    seed_demo()
    relations = Employee.appraisers.through.objects.filter(
        from_employee__organization__slug=NORDLICHT
    ).select_related("from_employee", "to_employee")

    assert 10 <= relations.count() <= 20
    outside_the_line = [r for r in relations if not r.to_employee.is_above(r.from_employee)]
    assert len(outside_the_line) >= 5
    # One trainee rotates through the mentee's Bereich: a visible appraisal exclusion.
    mentee = employee_with_login(DEMO_LOGINS[3].email)
    assert mentee.appraisees.filter(job_level="Trainee").exclude(department=mentee.department)


def test_the_seed_is_recorded_once_per_organisation_in_the_audit_log() -> None:
    seed_demo()
    entries = AuditEntry.objects.filter(action="demo.seeded")
    assert sorted(entries.values_list("organization__slug", flat=True)) == [NORDLICHT, SUEDWIND]


def test_the_plan_is_pure_and_repeatable() -> None:
    first, second = plan_nordlicht(), plan_nordlicht()
    key = [
        (p.employee_id, p.email, p.supervisor and p.supervisor.employee_id) for p in first.people
    ]
    assert key == [
        (p.employee_id, p.email, p.supervisor and p.supervisor.employee_id) for p in second.people
    ]


def test_the_program_manager_signs_in_with_the_code_make_demo_code_prints() -> None:
    seed_demo()
    out = StringIO()
    call_command("demo_code", stdout=out)
    left = int(out.getvalue().split("valid for ")[1].split()[0])
    if left < 3:  # keep clear of the code's last seconds
        time.sleep(left + 0.5)
        out = StringIO()
        call_command("demo_code", stdout=out)
    code = out.getvalue().split()[0]
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": "programm@nordlicht.example", "password": DEMO_PASSWORD},
        secure=True,
    )
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code}, secure=True)
    assert response.status_code == 302
    assert response.wsgi_request.user.email == "programm@nordlicht.example"
    logins = StringIO()
    call_command("demo_logins", stdout=logins)
    assert "make demo-code" in logins.getvalue()
