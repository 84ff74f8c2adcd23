"""AZ-01: every URL × persona → the expected status, plus the security headers on each answer.

Another organisation's pages and objects answer 404, a missing role 403,
anonymous visitors are sent to the login page. A meta-test fails when a URL
of ours has no entry here.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import (
    PERSONAS,
    Peer,
    World,
    add_identity_personas,
    add_sso_persona,
    build_cohort,
    build_world,
    client_for,
    shared_data,
)
from tandem.calendars import services as calendars_services
from tandem.core.models import MembershipRole
from tandem.events import services as events_services
from tandem.events.models import CohortEvent, EventKind
from tandem.matching import services as matching_services
from tandem.matching.models import MatchingRun, PairDecision
from tandem.meetings.models import Meeting, MeetingSeries
from tandem.meetings.tests.factories import MeetingFactory, MeetingSeriesFactory
from tandem.people import invitations, mail
from tandem.people.models import Employee, ImportRun, ImportStatus
from tandem.programs.models import Cohort, CohortState, Tandem, TandemState
from tandem.programs.tests.factories import (
    CohortFactory,
    LessonFactory,
    RegistrationFactory,
    TandemFactory,
)
from tandem.sso.services import provider_id_for
from tandem.surveys import editing as surveys_editing
from tandem.surveys import timeline as surveys_timeline
from tandem.surveys.models import Questionnaire, Survey
from tandem.workspace.models import Goal, Takeaway

# Persona order: anonymous, admin, program_manager, observer, mentee, mentor, outsider,
# other_admin, claimant, two_orgs (see conftest.World)


def statuses(**by_persona: int) -> dict[str, int]:
    # A program manager who signed in with their company account may do exactly what one
    # who signed in with a password may, unless an entry says otherwise.
    by_persona.setdefault("sso_manager", by_persona["program_manager"])
    assert set(by_persona) == set(PERSONAS), set(PERSONAS) ^ set(by_persona)
    return by_persona


MEMBERS_ONLY = statuses(
    anonymous=302,
    admin=200,
    program_manager=200,
    observer=200,
    mentee=200,
    mentor=200,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=200,
)
PEOPLE_PAGES = statuses(
    anonymous=302,
    admin=200,
    program_manager=200,
    observer=403,
    mentee=403,
    mentor=403,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=403,
)
ADMIN_PAGES = statuses(
    anonymous=302,
    admin=200,
    program_manager=403,
    observer=403,
    mentee=403,
    mentor=403,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=403,
)
ADMIN_ACTIONS = statuses(
    anonymous=302,
    admin=302,
    program_manager=403,
    observer=403,
    mentee=403,
    mentor=403,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=403,
)
ANY_LOGGED_IN = statuses(
    anonymous=302,
    admin=200,
    program_manager=200,
    observer=200,
    mentee=200,
    mentor=200,
    outsider=200,
    other_admin=200,
    claimant=200,
    two_orgs=200,
)
PROGRAM_ACTIONS = statuses(
    anonymous=302,
    admin=302,
    program_manager=302,
    observer=403,
    mentee=403,
    mentor=403,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=403,
)
# Pages of one's own participation: employees in the org chart only (someone not registered
# for the cohort, like the consultant, is sent to its invitation page).
PARTICIPANT_PAGES = statuses(
    anonymous=302,
    admin=403,
    program_manager=403,
    observer=403,
    mentee=200,
    mentor=200,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=302,
    # In the org chart too (linked by the sign-in), not registered: like the consultant.
    sso_manager=302,
)
PARTICIPANT_ACTIONS = statuses(
    anonymous=302,
    admin=403,
    program_manager=403,
    observer=403,
    mentee=302,
    mentor=302,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=404,
    sso_manager=404,
)
PUBLIC = statuses(
    anonymous=200,
    admin=200,
    program_manager=200,
    observer=200,
    mentee=200,
    mentor=200,
    outsider=200,
    other_admin=200,
    claimant=200,
    two_orgs=200,
)

# The SCIM endpoint knows bearer tokens only: a signed-in session is no directory (ECO-03).
BEARER_ONLY = statuses(
    anonymous=401,
    admin=401,
    program_manager=401,
    observer=401,
    mentee=401,
    mentor=401,
    outsider=401,
    other_admin=401,
    claimant=401,
    two_orgs=401,
)

# A tandem is for its two partners only; the program team gets 404 like everyone else.
PARTNERS_ONLY = statuses(
    anonymous=302,
    admin=404,
    program_manager=404,
    observer=404,
    mentee=200,
    mentor=200,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=404,
)
# What one partner wrote: the other partner reads it on the meeting's page but cannot change it.
AUTHOR_ONLY = statuses(
    anonymous=302,
    admin=404,
    program_manager=404,
    observer=404,
    mentee=404,
    mentor=200,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=404,
)
AUTHOR_ACTIONS = statuses(
    anonymous=302,
    admin=404,
    program_manager=404,
    observer=404,
    mentee=404,
    mentor=302,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=404,
)
PARTNER_ACTIONS = statuses(
    anonymous=302,
    admin=404,
    program_manager=404,
    observer=404,
    mentee=302,
    mentor=302,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=404,
)
# An event is answered (and downloaded) through one's own invitation; nobody else finds it.
INVITEE_ACTIONS = PARTNER_ACTIONS
INVITEE_PAGES = PARTNERS_ONLY
# A survey is answered by those it asks (the world's mentor and mentee); nobody else finds it.
RESPONDENT_PAGES = PARTNERS_ONLY
# Survey results are aggregates: the program team and observers read them.
RESULT_PAGES = statuses(
    anonymous=302,
    admin=200,
    program_manager=200,
    observer=200,
    mentee=403,
    mentor=403,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=403,
)
# The data inventory (PRIV-09): administration and observers (works councils often are).
DATA_PROTECTION = statuses(
    anonymous=302,
    admin=200,
    program_manager=403,
    observer=200,
    mentee=403,
    mentor=403,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=403,
)
# A mentor's certificate: the mentor's own download, which the program team may open too.
OWN_CERTIFICATE = statuses(
    anonymous=302,
    admin=200,
    program_manager=200,
    observer=404,
    mentee=404,
    mentor=200,
    outsider=404,
    other_admin=404,
    claimant=404,
    two_orgs=404,
)

# url name → (HTTP method, expected status per persona)
MATRIX: dict[str, tuple[str, dict[str, int]]] = {
    # A single-organisation user is taken straight to it; the outsider sees the empty start page.
    "home": (
        "get",
        statuses(
            anonymous=302,
            admin=302,
            program_manager=302,
            observer=302,
            mentee=302,
            mentor=302,
            outsider=200,
            other_admin=302,
            claimant=302,
            two_orgs=200,
        ),
    ),
    "accounts:preferences": ("get", ANY_LOGGED_IN),
    # The header's language switch: everyone, signed in or not (back to where they were).
    "set_language": ("post", dict.fromkeys(PERSONAS, 302)),
    # The guided set-up of a second factor: those who have one already go on where they were.
    "accounts:mfa_required": (
        "get",
        statuses(
            anonymous=302,
            admin=302,
            program_manager=302,
            observer=200,
            mentee=200,
            mentor=200,
            outsider=200,
            other_admin=302,
            claimant=200,
            two_orgs=302,
            # No authenticator (the company's provider asks): it may set one up all the same.
            sso_manager=200,
        ),
    ),
    "accounts:mfa_continue": ("get", dict.fromkeys(PERSONAS, 302)),
    # A login invitation's link (the world's CEO, who has no login yet): whoever holds it may
    # open it; following it signed in links that login (tests/test_invitations.py).
    "accept_invitation": ("get", PUBLIC),
    "core:health": ("get", PUBLIC),
    "people:organization_home": ("get", MEMBERS_ONLY),
    "people:employee_list": ("get", PEOPLE_PAGES),
    "people:employee_detail": ("get", PEOPLE_PAGES),
    "people:import_upload": ("get", ADMIN_PAGES),
    "people:import_detail": ("get", ADMIN_PAGES),
    "people:import_columns": ("post", ADMIN_ACTIONS),
    "people:import_apply": ("post", ADMIN_ACTIONS),
    "people:import_discard": ("post", ADMIN_ACTIONS),
    "people:audit_log": ("get", ADMIN_PAGES),
    "people:role_list": ("get", ADMIN_PAGES),
    "people:role_revoke": ("post", ADMIN_ACTIONS),
    "people:invitation_send_again": ("post", ADMIN_ACTIONS),
    "people:invitation_withdraw": ("post", ADMIN_ACTIONS),
    "people:member_sessions_end": ("post", ADMIN_ACTIONS),
    "people:organization_settings": ("get", ADMIN_PAGES),
    "provisioning:settings": ("get", ADMIN_PAGES),
    "scim:endpoint": ("get", BEARER_ONLY),
    "programs:program_list": ("get", PEOPLE_PAGES),
    "programs:program_create": ("get", PEOPLE_PAGES),
    "programs:program_edit": ("get", PEOPLE_PAGES),
    "programs:cohort_create": ("get", PEOPLE_PAGES),
    "programs:cohort_detail": ("get", PEOPLE_PAGES),
    "programs:cohort_edit": ("get", PEOPLE_PAGES),
    "programs:cohort_copy": ("get", PEOPLE_PAGES),
    "programs:cohort_state": ("post", PROGRAM_ACTIONS),
    "programs:cohort_invite": ("get", PEOPLE_PAGES),
    "programs:topic_list": ("get", PEOPLE_PAGES),
    "programs:topic_edit": ("get", PEOPLE_PAGES),
    "programs:topic_remove": ("post", PROGRAM_ACTIONS),
    "programs:pool": ("get", PEOPLE_PAGES),
    "programs:registration_detail": ("get", PEOPLE_PAGES),
    "programs:registration_verify": ("post", PROGRAM_ACTIONS),
    "programs:registration_decide": ("post", PROGRAM_ACTIONS),
    "programs:pool_admit": ("post", PROGRAM_ACTIONS),
    # Lessons learned are part of the results: observers read them, the program team writes.
    "programs:cohort_lessons": ("get", RESULT_PAGES),
    "programs:lesson_edit": ("get", PEOPLE_PAGES),
    "programs:lesson_remove": ("post", PROGRAM_ACTIONS),
    # Anyone in the organisation may open the link; the page says who can register.
    "programs:join": ("get", MEMBERS_ONLY),
    "programs:register": ("get", PARTICIPANT_PAGES),
    "programs:withdraw": ("post", PARTICIPANT_ACTIONS),
    "matching:cohort_matching": ("get", PEOPLE_PAGES),
    "matching:run_start": ("post", PROGRAM_ACTIONS),
    # An empty form comes back with its field errors.
    "matching:decision_add": ("post", PEOPLE_PAGES),
    "matching:decision_remove": ("post", PROGRAM_ACTIONS),
    "matching:run_detail": ("get", PEOPLE_PAGES),
    "matching:why_not": ("get", PEOPLE_PAGES),
    "matching:swap": ("post", PEOPLE_PAGES),
    # Publishing and re-matching mail people or dissolve tandems: a confirmation page first.
    "matching:run_publish": ("post", PEOPLE_PAGES),
    "matching:run_compare": ("get", PEOPLE_PAGES),
    "matching:answers": ("get", PEOPLE_PAGES),
    "matching:rematch": ("post", PEOPLE_PAGES),
    "workspace:tandem_detail": ("get", PARTNERS_ONLY),
    "workspace:tandem_answer": ("post", PARTNER_ACTIONS),
    "workspace:workspace": ("get", PARTNERS_ONLY),
    # Empty forms come back with their field errors.
    "workspace:series_create": ("post", PARTNERS_ONLY),
    "workspace:meeting_create": ("post", PARTNERS_ONLY),
    "workspace:meeting_move": ("get", PARTNERS_ONLY),
    # Cancelling mails both partners: a confirmation page first.
    "workspace:meeting_cancel": ("post", PARTNERS_ONLY),
    "workspace:meeting_held": ("post", PARTNER_ACTIONS),
    "workspace:meeting_ics": ("get", PARTNERS_ONLY),
    "workspace:guide": ("get", PARTNERS_ONLY),
    "workspace:plan": ("get", PARTNERS_ONLY),
    # An empty goal comes back with its field error; empty tracking too (with htmx: the row).
    "workspace:goal_add": ("post", PARTNERS_ONLY),
    "workspace:goal_track": ("post", PARTNERS_ONLY),
    "workspace:goal_edit": ("get", PARTNERS_ONLY),
    "workspace:goal_move": ("post", PARTNER_ACTIONS),
    "workspace:goal_remove": ("get", PARTNERS_ONLY),
    # A meeting's record; empty forms come back with their field errors (the matrix's meeting
    # lies ahead, so a valid empty note is refused with an error on the page too).
    "workspace:meeting_detail": ("get", PARTNERS_ONLY),
    "workspace:takeaway_add": ("post", PARTNERS_ONLY),
    "workspace:note_save": ("post", PARTNERS_ONLY),
    "workspace:feedback_save": ("post", PARTNERS_ONLY),
    "workspace:fit_check": ("post", PARTNERS_ONLY),
    # The takeaway was written by the mentor.
    "workspace:takeaway_edit": ("get", AUTHOR_ONLY),
    "workspace:takeaway_delete": ("post", AUTHOR_ACTIONS),
    # The tandem's quote for the report (none yet: agreeing answers with an error message).
    "workspace:quote": ("get", PARTNERS_ONLY),
    "workspace:quote_agree": ("post", PARTNER_ACTIONS),
    "workspace:quote_delete": ("post", PARTNER_ACTIONS),
    "workspace:series_change": ("get", PARTNERS_ONLY),
    "workspace:series_cancel": ("post", PARTNER_ACTIONS),
    # Program health and ending a tandem early: the program team only. Observers read
    # aggregates elsewhere; this page names the people in tandems at risk.
    "reports:health": ("get", PEOPLE_PAGES),
    "reports:tandem_end": ("get", PEOPLE_PAGES),
    # Everyone who may enter the organisation manages their own calendar address.
    "calendars:calendar_settings": ("get", MEMBERS_ONLY),
    # The feed has no login: its secret token (here the mentor's) is the only key, so every
    # persona gets the mentor's meetings with it. An unknown or revoked token answers 404 to
    # everyone (tandem/calendars/tests/test_feed.py).
    "calendars:calendar_feed": ("get", PUBLIC),
    "events:cohort_events": ("get", PEOPLE_PAGES),
    "events:event_create": ("get", PEOPLE_PAGES),
    "events:event_edit": ("get", PEOPLE_PAGES),
    "events:event_cancel": ("post", PROGRAM_ACTIONS),
    "events:event_invite": ("post", PROGRAM_ACTIONS),
    "events:event_attendance": ("get", PEOPLE_PAGES),
    # Everyone who may enter sees the events they are invited to (perhaps none).
    "events:my_events": ("get", MEMBERS_ONLY),
    # The kick-off of the matching's cohort: the world's mentor and mentee are invited.
    "events:rsvp": ("post", INVITEE_ACTIONS),
    "events:event_ics": ("get", INVITEE_PAGES),
    "surveys:cohort_surveys": ("get", PEOPLE_PAGES),
    "surveys:survey_settings": ("get", PEOPLE_PAGES),
    "surveys:survey_results": ("get", RESULT_PAGES),
    "surveys:answer": ("get", RESPONDENT_PAGES),
    # A cohort's results dashboard and its PDF report: aggregates, like survey results.
    "reports:cohort_results": ("get", RESULT_PAGES),
    "reports:report_pdf": ("get", RESULT_PAGES),
    "reports:export_csv": ("get", RESULT_PAGES),
    "reports:export_xlsx": ("get", RESULT_PAGES),
    # Certificates of a completed cohort in which the world's mentor taught (PDF downloads).
    # Another person's data leaves the app: the password again first (AUTH-07).
    "reports:certificates": ("get", PROGRAM_ACTIONS),
    "reports:certificate": ("get", PROGRAM_ACTIONS),
    "reports:own_certificate": ("get", OWN_CERTIFICATE),
    "reports:data_inventory": ("get", DATA_PROTECTION),
    "reports:data_inventory_pdf": ("get", DATA_PROTECTION),
    # The questionnaire editor: the program team; the question pages on an editable copy.
    "surveys:questionnaire_list": ("get", PEOPLE_PAGES),
    "surveys:questionnaire_detail": ("get", PEOPLE_PAGES),
    "surveys:questionnaire_copy": ("post", PROGRAM_ACTIONS),
    "surveys:question_add": ("get", PEOPLE_PAGES),
    "surveys:question_edit": ("get", PEOPLE_PAGES),
    "surveys:question_move": ("post", PROGRAM_ACTIONS),
    "surveys:question_remove": ("post", PROGRAM_ACTIONS),
    # Company sign-in: finding one's organisation's sign-in is public; its settings are the
    # administration's (testing and removing re-authenticate first, hence the redirect).
    "sso:start": ("get", PUBLIC),
    # Confirming at the company's provider: for a session that began there.
    "sso:reauthenticate": (
        "get",
        {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "sso_manager": 200},
    ),
    "sso:organization": ("get", PUBLIC),
    "sso:settings": ("get", ADMIN_PAGES),
    "sso:test": ("post", ADMIN_ACTIONS),
    "sso:remove": ("post", ADMIN_ACTIONS),
    # Pressing "sign in with …" goes to the provider, whoever presses it; its answer without a
    # sign-in under way signs nobody in (tandem/sso/tests/test_oidc.py has the real flows).
    "openid_connect_login": ("post", dict.fromkeys(PERSONAS, 302)),
    "openid_connect_callback": ("get", dict.fromkeys(PERSONAS, 401)),
    "socialaccount_login_cancelled": ("get", PUBLIC),
    "socialaccount_login_error": ("get", dict.fromkeys(PERSONAS, 401)),
    # allauth's pages to connect further accounts or sign up after one are closed.
    "socialaccount_connections": ("get", dict.fromkeys(PERSONAS, 404)),
    "socialaccount_signup": ("get", dict.fromkeys(PERSONAS, 404)),
    # SAML: this organisation has no SAML provider (its OIDC one is the matrix's).
    "saml_acs": ("post", dict.fromkeys(PERSONAS, 302)),  # allauth keeps the post, then 404
    "saml_finish_acs": ("get", dict.fromkeys(PERSONAS, 404)),
    "saml_login": ("get", dict.fromkeys(PERSONAS, 404)),
    "saml_metadata": ("get", dict.fromkeys(PERSONAS, 404)),
    "saml_sls": ("get", dict.fromkeys(PERSONAS, 404)),
}

# Third-party views: allauth's own account pages (tested in tests/test_accounts.py). They are
# outside the organisation and hold no tenant data.
THIRD_PARTY_NAMESPACES = ("account_", "mfa_", "usersessions_")


def _names(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _names(pattern.url_patterns, namespace)
        elif pattern.name:
            yield f"{prefix}{pattern.name}"


def all_url_names() -> set[str]:
    return set(_names(get_resolver().url_patterns))


def test_every_url_has_a_matrix_entry() -> None:
    ours = {name for name in all_url_names() if not name.startswith(THIRD_PARTY_NAMESPACES)}
    missing = ours - set(MATRIX)
    assert not missing, f"URLs without a permission-matrix entry: {sorted(missing)}"
    assert not set(MATRIX) - ours, "matrix entries for URLs that no longer exist"


@dataclass
class Matching:
    """A cohort with a finished run and a pair decision, and a published tandem of another."""

    run: MatchingRun
    decision: PairDecision
    tandem: Tandem


@dataclass
class Meetings:
    """A meeting, a series, a goal of the matching's tandem (accepted); a takeaway, a token."""

    meeting: Meeting
    series: MeetingSeries
    token: str
    goal: Goal
    takeaway: Takeaway


@pytest.fixture
def meetings(world: World, matching: Matching) -> Meetings:
    return build_meetings(world, matching)


def build_meetings(world: World, matching: Matching) -> Meetings:
    """A meeting, a series, a goal and a takeaway of the matching's tandem; the mentor's feed."""
    tandem = matching.tandem
    tandem.state = TandemState.ACCEPTED
    tandem.save(update_fields=["state"])
    meeting = MeetingFactory.create(tandem=tandem)
    series = MeetingSeriesFactory.create(tandem=tandem)
    token = calendars_services.renew_feed(user=world.mentor, organization=world.organization)
    goal = Goal.objects.create(organization=world.organization, tandem=tandem, title="Ziel")
    takeaway = Takeaway.objects.create(
        organization=world.organization, meeting=meeting, author="mentor", text="Erkenntnis"
    )
    return Meetings(meeting, series, token, goal, takeaway)


@pytest.fixture
def event(world: World, matching: Matching) -> CohortEvent:
    return build_event(world, matching)


def build_event(world: World, matching: Matching) -> CohortEvent:
    """The kick-off of the matching's published cohort, its participants invited."""
    kickoff = events_services.create_event(
        cohort=matching.tandem.cohort,
        actor=world.program_manager,
        kind=EventKind.KICKOFF,
        title="Auftakt",
        start=timezone.now() + timedelta(days=5),
        place="Forum",
    )
    events_services.invite(event=kickoff, actor=world.program_manager)
    return kickoff


@pytest.fixture
def survey(world: World, matching: Matching) -> Survey:
    return build_survey(world, matching)


def build_survey(world: World, matching: Matching) -> Survey:
    """The mid-term survey of the matching's published cohort, asking its two partners."""
    Tandem.objects.filter(pk=matching.tandem.pk).update(accepted=timezone.now())
    midterm, _final = surveys_timeline.ensure_surveys(matching.tandem.cohort)
    surveys_timeline.add_respondents(midterm)
    assert midterm.mentee_questionnaire is not None
    surveys_editing.copy_questionnaire(
        questionnaire=midterm.mentee_questionnaire, actor=world.program_manager
    )
    return midterm


@pytest.fixture
def matching(world: World) -> Matching:
    return build_matching(world)


def build_matching(world: World) -> Matching:
    """See ``Matching``: the published tandem is the world's mentor and mentee."""
    cohort = CohortFactory(organization=world.organization)
    mentor = RegistrationFactory(cohort=cohort, role="mentor")
    mentee = RegistrationFactory(cohort=cohort, role="mentee", employee__team="other")
    run = matching_services.start_run(cohort=cohort, actor=world.admin)
    decision = matching_services.decide_pair(
        cohort=cohort, actor=world.admin, mentor=mentor, mentee=mentee, kind="fixed"
    )
    published = CohortFactory(organization=world.organization)
    tandem = TandemFactory(
        cohort=published,
        mentor__employee=world.mentor_employee,
        mentee__employee=world.mentee_employee,
    )
    return Matching(run, decision, tandem)


def _kwargs(
    name: str,
    world: World,
    import_run: ImportRun,
    cohort: Cohort,
    matching: Matching,
    meetings: Meetings,
    event: CohortEvent,
    survey: Survey,
) -> dict[str, object]:
    if name.startswith("reports:"):
        return {
            "org_slug": world.organization.slug,
            **_reports_kwargs(name, world, survey, matching.tandem),
        }
    if name.startswith("surveys:"):
        return {"org_slug": world.organization.slug, **_surveys_kwargs(name, survey)}
    if name.startswith("events:"):
        return {"org_slug": world.organization.slug, **_events_kwargs(name, event)}
    if name.startswith(("workspace:", "calendars:")):
        return {"org_slug": world.organization.slug, **_meetings_kwargs(name, matching, meetings)}
    if name.startswith(("people:", "programs:", "matching:", "provisioning:")) or (
        name == "accept_invitation"
    ):
        return _base_kwargs(name, world, import_run, cohort, matching)
    return _sign_in_kwargs(name, world)


def _sign_in_kwargs(name: str, world: World) -> dict[str, object]:
    """Company sign-in: the organisation (its short name, or its provider's allauth name); the
    SCIM endpoint: its users' list, which no session may read (bearer tokens only)."""
    if name == "scim:endpoint":
        return {"path": "Users"}
    if name == "sso:organization":
        return {"slug": world.organization.slug}
    if name.startswith("sso:") and name not in ("sso:start", "sso:reauthenticate"):
        return {"org_slug": world.organization.slug}
    if name.startswith("openid_connect_"):
        return {"provider_id": provider_id_for(world.organization)}
    if name.startswith("saml_"):
        return {"organization_slug": world.organization.slug}
    return {}


def _invitation_token(world: World) -> str:
    """The token of a login invitation just mailed to the world's CEO (who has no login)."""
    invitation = invitations.create_invitation(
        organization=world.organization, actor=world.admin, employee=world.ceo
    )
    return mail.issue_link(invitation).rstrip("/").rsplit("/", 1)[1]


def _base_kwargs(
    name: str, world: World, import_run: ImportRun, cohort: Cohort, matching: Matching
) -> dict[str, object]:
    """People, programs and matching: the organisation and the object each page is about."""
    if name == "accept_invitation":
        return {"token": _invitation_token(world)}
    kwargs: dict[str, object] = {"org_slug": world.organization.slug}
    if name == "people:employee_detail":
        kwargs["public_id"] = world.mentee_employee.public_id
    if name.startswith("people:import_") and name != "people:import_upload":
        kwargs["public_id"] = import_run.public_id
    if name.startswith("people:invitation_"):
        kwargs["public_id"] = invitations.create_invitation(
            organization=world.organization,
            actor=world.admin,
            employee=world.ceo,
            roles=[MembershipRole.OBSERVER],
        ).public_id
    if name in ("programs:program_edit", "programs:cohort_create"):
        kwargs["public_id"] = cohort.program.public_id
    if name.startswith(("programs:cohort_", "programs:pool", "programs:register")) or (
        name == "programs:withdraw"
    ):
        kwargs.setdefault("public_id", cohort.public_id)
    if name.startswith(("programs:registration_", "programs:lesson_")):
        kwargs["public_id"] = _programs_object(name, cohort)
    if name in ("programs:topic_edit", "programs:topic_remove"):
        kwargs["key"] = "ai"
    if name == "programs:join":
        kwargs["token"] = cohort.invitation_token
    if name.startswith("matching:"):
        kwargs.update(_matching_kwargs(name, matching))
    return kwargs


def _programs_object(name: str, cohort: Cohort) -> object:
    """The public ID of the cohort's mentor registration, or of a lesson learned from it."""
    if name.startswith("programs:lesson_"):
        return LessonFactory(cohort=cohort).public_id
    return cohort.registrations.get(role="mentor").public_id


def _surveys_kwargs(name: str, survey: Survey) -> dict[str, object]:
    """The survey or its cohort; for the editor, the fixture's copy and its ``satisfaction``."""
    if not name.startswith(("surveys:questionnaire_", "surveys:question_")):
        if name == "surveys:survey_settings":
            return {"public_id": survey.cohort.public_id, "phase": survey.phase}
        public_id = (
            survey.cohort.public_id if name == "surveys:cohort_surveys" else survey.public_id
        )
        return {"public_id": public_id}
    if name == "surveys:questionnaire_list":
        return {}
    copy = Questionnaire.objects.get(organization=survey.organization, builtin=False)
    if name.startswith("surveys:question_") and name != "surveys:question_add":
        return {"key": copy.key, "question": "satisfaction"}
    return {"key": copy.key}


def _reports_kwargs(name: str, world: World, survey: Survey, tandem: Tandem) -> dict[str, object]:
    """Health of the tandem's cohort, or ending it; results of the survey's cohort; certificates
    of a completed cohort the mentor taught in; the organisation's data inventory."""
    fixed: dict[str, dict[str, object]] = {
        "reports:health": {"public_id": tandem.cohort.public_id},
        "reports:tandem_end": {"public_id": tandem.public_id},
        "reports:data_inventory": {},
        "reports:data_inventory_pdf": {},
    }
    if name in fixed:
        return fixed[name]
    if not name.startswith(("reports:certificate", "reports:own_certificate")):
        return {"public_id": survey.cohort.public_id}
    completed = CohortFactory(organization=world.organization, state=CohortState.COMPLETED)
    taught = TandemFactory(
        cohort=completed, mentor__employee=world.mentor_employee, state=TandemState.ACCEPTED
    )
    if name == "reports:certificates":
        return {"public_id": completed.public_id}
    if name == "reports:certificate":
        return {"public_id": completed.public_id, "mentor_id": taught.mentor.public_id}
    return {"public_id": taught.mentor.public_id}


def _matching_kwargs(name: str, matching: Matching) -> dict[str, object]:
    if name.startswith("matching:tandem_"):
        return {"public_id": matching.tandem.public_id}
    if name == "matching:decision_remove":
        return {"public_id": matching.decision.public_id}
    if name.startswith(("matching:run_", "matching:why_not", "matching:swap")) and (
        name != "matching:run_start"
    ):
        return {"public_id": matching.run.public_id}
    return {"cohort_id": matching.run.cohort.public_id}


def _meetings_kwargs(name: str, matching: Matching, meetings: Meetings) -> dict[str, object]:
    """Meetings and the calendar feed (whose token, the mentor's, the meetings fixture made)."""
    if name == "calendars:calendar_feed":
        return {"token": meetings.token}
    if name == "calendars:calendar_settings":
        return {}
    return {"public_id": _meetings_object(name.removeprefix("workspace:"), matching, meetings)}


def _meetings_object(action: str, matching: Matching, meetings: Meetings) -> object:
    """The public ID a workspace URL names: its takeaway, series, meeting, goal or tandem."""
    if action in ("takeaway_edit", "takeaway_delete"):
        return meetings.takeaway.public_id
    if action in ("series_change", "series_cancel"):
        return meetings.series.public_id
    if action in ("takeaway_add", "note_save", "feedback_save") or (
        action.startswith("meeting_") and action != "meeting_create"
    ):
        return meetings.meeting.public_id
    if action.startswith("goal_") and action != "goal_add":
        return meetings.goal.public_id
    return matching.tandem.public_id


def _events_kwargs(name: str, event: CohortEvent) -> dict[str, object]:
    if name in ("events:cohort_events", "events:event_create"):
        return {"public_id": event.cohort.public_id}
    if name == "events:my_events":
        return {}
    return {"public_id": event.public_id}


# What a POST sends, where an empty body is not the case under test.
POST_DATA: dict[str, dict[str, object]] = {
    "people:import_columns": {
        "column_0": "employee_id",
        "column_1": "first_name",
        "column_2": "last_name",
    },
    "programs:cohort_state": {"transition": "close_registration"},
    "programs:registration_verify": {"verified_ai": "3", "note": "Gespräch"},
    "programs:registration_decide": {"status": "waitlisted", "reason": ""},
    "workspace:tandem_answer": {"answer": "accept"},
    "events:rsvp": {"response": "yes"},
}


def _post_data(name: str, world: World) -> dict[str, object]:
    if name == "people:role_revoke":
        return {"user": world.program_manager.public_id, "role": "program_manager"}
    if name == "people:member_sessions_end":
        return {"user": world.mentee.public_id}
    return POST_DATA.get(name, {})


@pytest.fixture
def import_run(world: World) -> ImportRun:
    return build_import_run(world)


def build_import_run(world: World) -> ImportRun:
    """An HR file read and previewed, waiting for its columns to be chosen."""
    return ImportRun.objects.create(
        organization=world.organization,
        uploaded_by=world.admin,
        filename="hr.csv",
        content=b"Personalnummer;Vorname;Nachname\nE0001;Carla;Chefin\n",
        status=ImportStatus.PREVIEWED,
        # The columns as read, so the column choice is offered and can be posted.
        summary={
            "rows": 1,
            "layout": [
                ["Personalnummer", "employee_id", False],
                ["Vorname", "first_name", False],
                ["Nachname", "last_name", False],
            ],
            "supervisor_column": "",
        },
    )


@dataclass
class MatrixObjects:
    """The world (with the identity personas) and every object the matrix fills URLs with."""

    world: World
    import_run: ImportRun
    cohort: Cohort
    matching: Matching
    meetings: Meetings
    event: CohortEvent
    survey: Survey

    def fixtures(self) -> tuple[ImportRun, Cohort, Matching, Meetings, CohortEvent, Survey]:
        """The objects in the order ``_kwargs`` takes them after the world."""
        return (self.import_run, self.cohort, self.matching, self.meetings, self.event, self.survey)


def build_matrix_objects(peer: Peer) -> MatrixObjects:
    world = add_sso_persona(add_identity_personas(build_world()), peer)
    cohort = build_cohort(world)
    matching = build_matching(world)
    return MatrixObjects(
        world=world,
        import_run=build_import_run(world),
        cohort=cohort,
        matching=matching,
        meetings=build_meetings(world, matching),
        event=build_event(world, matching),
        survey=build_survey(world, matching),
    )


@pytest.fixture(scope="module")
def matrix(
    django_db_setup: None, django_db_blocker: Any, oidc_peer: Peer
) -> Iterator[MatrixObjects]:
    """Built once for the module's ~1400 cases; each case's writes are rolled back after it."""
    yield from shared_data(django_db_blocker, lambda: build_matrix_objects(oidc_peer))


# Redirects of anonymous visitors that are steps of signing in (or of choosing a language),
# not the login page's "please sign in first".
SIGN_IN_STEPS = frozenset({"set_language", "openid_connect_login", "saml_acs"})

CASES = [(name, persona) for name in sorted(MATRIX) for persona in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), CASES)
def test_permission_matrix(matrix: MatrixObjects, name: str, persona: str) -> None:
    method, expected = MATRIX[name]
    world = matrix.world
    kwargs = _kwargs(name, world, *matrix.fixtures())
    url = reverse(name, kwargs=kwargs)
    data = _post_data(name, world) if method == "post" else {}
    response = getattr(client_for(world, persona), method)(url, data, secure=True)
    assert response.status_code == expected[persona], (name, persona, response.get("Location"))
    if response.status_code == 302 and persona == "anonymous" and name not in SIGN_IN_STEPS:
        assert response["Location"].startswith(reverse("account_login"))
    assert_security_headers(response, authenticated=persona != "anonymous")


def assert_security_headers(response, *, authenticated: bool) -> None:
    """SEC-02 and SEC-04 on one response."""
    hsts = response["Strict-Transport-Security"]
    assert "includeSubDomains" in hsts
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31536000
    csp = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert csp["default-src"] == ["'self'"]
    assert "'self'" in csp["script-src"]
    nonces = [source[7:-1] for source in csp["script-src"] if source.startswith("'nonce-")]
    body = response.content.decode() if "html" in response.get("Content-Type", "") else ""
    for script in re.findall(r"<script[^>]*>", body):
        assert nonces, script
        assert f'nonce="{nonces[0]}"' in script, script
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(csp["script-src"] + csp["style-src"])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}
    if authenticated:
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_object_of_another_organisation_is_not_found(matrix: MatrixObjects) -> None:
    world = matrix.world
    foreign_employee_id = Employee.objects.get(
        organization=world.other_organization, employee_id="E0001"
    ).public_id
    url = reverse(
        "people:employee_detail",
        kwargs={"org_slug": world.organization.slug, "public_id": foreign_employee_id},
    )
    assert client_for(world, "admin").get(url, secure=True).status_code == 404


@pytest.mark.django_db
def test_unknown_organisation_and_foreign_organisation_look_the_same(
    matrix: MatrixObjects,
) -> None:
    world = matrix.world
    client = client_for(world, "admin")
    unknown = client.get("/does-not-exist/people/", secure=True)
    foreign = client.get(f"/{world.other_organization.slug}/people/", secure=True)
    assert unknown.status_code == foreign.status_code == 404
    assert unknown.content == foreign.content
