"""Browser: a tandem's first weeks, as mentor, mentee and program manager, in German and English.

The tandem has just been accepted; its first meeting (agreed at the kick-off)
was last week. The mentor reads the guide and agrees a fixed series; the worker
mails both partners a calendar invitation, parsed back here. The mentee marks
the first meeting held, writes a takeaway, a private note and feedback, says the
pairing fits and tracks the action plan. The mentor reads the shared takeaway
(not the mentee's note or comment) and says the pairing does not fit; the worker
alerts the program team by e-mail with nothing the tandem wrote. The program
manager follows the alert to the cohort's health dashboard: the tandem is at
risk because it does not fit, the averages are withheld (fewer than 5 people),
and nothing the tandem wrote is on the page; the manager ends the tandem early
and both partners are told by the worker. Every page is checked by axe, for CSP
violations and for requests leaving the test server.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import World
from tandem.browser import PageAudit, open_as
from tandem.core.tests.mail import run_worker
from tandem.meetings.models import Meeting
from tandem.meetings.tests.helpers import accept
from tandem.people.tests.factories import PASSWORD
from tandem.programs.models import CohortState, Tandem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BERLIN = ZoneInfo("Europe/Berlin")
TAKEAWAY = "TAKEAWAY-7f3e: Teams-Kanäle statt Mailverteiler"
NOTE = "NOTE-91ac: selbst mehr ausprobieren"
COMMENT = "COMMENT-c25d: sehr anschaulich"
SECRETS = (TAKEAWAY, NOTE, COMMENT)


@dataclass(frozen=True)
class Words:
    """What the pages say in one language: the test reads them as a user would."""

    language: str
    locale: str
    meetings_with_mentee: str
    meetings_with_mentor: str
    guide: str
    teaching_tips: str
    meetings: str
    series_group: str
    time: str
    starts: str
    until: str
    place: str
    agree_series: str
    series_agreed: str
    invitation_subject: str
    takeaways_missing: str
    mark_held: str
    takeaway: str
    add_takeaway: str
    note: str
    save_note: str
    excellent: str
    comment: str
    give_feedback: str
    fits: str
    fits_not: str
    send_answer: str
    said_fits: str
    said_fits_not: str
    plan: str
    progress: str
    save: str
    saved: str
    health_of: str
    at_risk: str
    does_not_fit: str
    withheld: str
    end_early: str
    end_tandem: str
    reason_mismatch: str
    ended_subject: str


GERMAN = Words(
    language="de",
    locale="de-DE",
    meetings_with_mentee="Treffen mit Martin Mentee",
    meetings_with_mentor="Treffen mit Mia Mentorin",
    guide="Leitfaden",
    teaching_tips="Tipps zum Erklären und Vermitteln",
    meetings="Treffen",
    series_group="Feste Terminserie vereinbaren",
    time="Zeitpunkt",
    starts="Ab",
    until="Bis",
    place="Ort",
    agree_series="Terminserie vereinbaren",
    series_agreed="Die Treffen sind vereinbart. Sie beide erhalten eine Einladung.",
    invitation_subject="Ihre Tandem-Treffen mit",
    takeaways_missing="Erkenntnisse fehlen",
    mark_held="Als stattgefunden markieren",
    takeaway="Erkenntnis",
    add_takeaway="Erkenntnis hinzufügen",
    note="Ihre private Notiz",
    save_note="Notiz speichern",
    excellent="5 – ausgezeichnet",
    comment="Kommentar (freiwillig)",
    give_feedback="Feedback geben",
    fits="Ja, wir passen zusammen",
    fits_not="Nein, es passt nicht",
    send_answer="Antwort senden",
    said_fits="Sie haben angegeben, dass das Tandem passt.",
    said_fits_not="Sie haben angegeben, dass das Tandem nicht passt.",
    plan="Aktionsplan",
    progress="Fortschritt",
    save="Speichern",
    saved="Gespeichert.",
    health_of="Programmgesundheit von",
    at_risk="Gefährdete Tandems",
    does_not_fit="eine Seite sagt, dass das Tandem nicht passt",
    withheld="nicht angezeigt: weniger als 5 Personen",
    end_early="Vorzeitig beenden",
    end_tandem="Tandem beenden",
    reason_mismatch="das Tandem passt nicht",
    ended_subject="Ihr Reverse-Mentoring-Tandem ist beendet",
)

ENGLISH = Words(
    language="en",
    locale="en-GB",
    meetings_with_mentee="Meetings with Martin Mentee",
    meetings_with_mentor="Meetings with Mia Mentorin",
    guide="Guide",
    teaching_tips="Tips for explaining and teaching",
    meetings="Meetings",
    series_group="Agree a fixed series",
    time="Time",
    starts="From",
    until="Until",
    place="Place",
    agree_series="Agree the series",
    series_agreed="The meetings have been agreed. Both of you get an invitation.",
    invitation_subject="Your tandem meetings with",
    takeaways_missing="takeaways missing",
    mark_held="Mark held",
    takeaway="Key takeaway",
    add_takeaway="Add the takeaway",
    note="Your private note",
    save_note="Save the note",
    excellent="5 – excellent",
    comment="Comment (optional)",
    give_feedback="Give feedback",
    fits="Yes, we fit",
    fits_not="No, it does not fit",
    send_answer="Send my answer",
    said_fits="You said the pairing fits.",
    said_fits_not="You said the pairing does not fit.",
    plan="Action plan",
    progress="Progress",
    save="Save",
    saved="Saved.",
    health_of="Program health of",
    at_risk="Tandems at risk",
    does_not_fit="a partner says the pairing does not fit",
    withheld="not shown: fewer than 5 people",
    end_early="End early",
    end_tandem="End the tandem",
    reason_mismatch="the pairing does not fit",
    ended_subject="Your reverse mentoring tandem has ended",
)


def calendar_of(message: Any) -> Any:
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert parts, message.subject
    return Calendar.from_ical(parts[0].get_payload(decode=True))


def assert_no_secret(text: str, *, allowed: tuple[str, ...] = ()) -> None:
    for secret in SECRETS:
        if secret not in allowed:
            assert secret not in text


@pytest.fixture
def first_weeks(world: World, tandem: Tandem) -> tuple[Tandem, Meeting]:
    """An accepted tandem of a running cohort whose first meeting was last week."""
    accept(tandem)
    today = timezone.localdate()
    cohort = tandem.cohort
    cohort.state = CohortState.RUNNING
    phases = ("registration_opens", "registration_closes", "matching_until", "kickoff")
    for name, days_ago in zip(phases, (60, 40, 20, 10), strict=True):
        setattr(cohort, name, today - timedelta(days=days_ago))
    cohort.midterm = today + timedelta(days=60)
    cohort.wrapup = today + timedelta(days=130)
    cohort.save(update_fields=["state", *phases, "midterm", "wrapup"])
    tandem.mentee.goals = {"ai": 5}
    tandem.mentee.save(update_fields=["goals"])
    start = datetime.combine(today - timedelta(days=6), time(17, 0), tzinfo=BERLIN)
    first = Meeting.objects.create(
        organization=world.organization, tandem=tandem, start=start, place="Café am Hafen"
    )
    return tandem, first


@pytest.mark.parametrize("words", [GERMAN, ENGLISH], ids=["de", "en"])
def test_a_tandems_first_weeks(
    browser: Browser,
    journey: tuple[list[BrowserContext], PageAudit],
    live_server: Any,
    world: World,
    first_weeks: tuple[Tandem, Meeting],
    words: Words,
) -> None:
    _tandem, first = first_weeks
    _contexts, audit = journey
    for user in (world.mentor, world.mentee, world.program_manager):
        user.language = words.language
        user.save(update_fields=["language"])
    base = live_server.url

    def login(user: Any) -> Page:
        page: Page = open_as(
            journey, browser, base, email=user.email, password=PASSWORD, locale=words.locale
        )
        expect(page.locator("h1")).to_have_text("Nordwind Logistik AG")
        return page

    # --- The mentor reads the guide and agrees a fixed series from tomorrow on.
    mentor = login(world.mentor)
    mentor.get_by_role("link", name=words.meetings_with_mentee).click()
    expect(mentor.locator("h1")).to_have_text(words.meetings_with_mentee)
    audit.check_page(mentor)
    mentor.get_by_role("link", name=words.guide, exact=True).click()
    expect(mentor.get_by_role("heading", name=words.teaching_tips)).to_be_visible()
    audit.check_page(mentor)
    mentor.get_by_role("link", name=words.meetings, exact=True).click()
    today = timezone.localdate()
    series = mentor.get_by_role("group", name=words.series_group)
    series.get_by_label(words.time, exact=True).fill("08:30")
    series.get_by_label(words.starts, exact=True).fill(str(today + timedelta(days=1)))
    series.get_by_label(words.until, exact=True).fill(str(today + timedelta(days=120)))
    series.get_by_label(words.place, exact=True).fill("Raum 4.12")
    mail.outbox.clear()
    mentor.get_by_role("button", name=words.agree_series).click()
    expect(mentor.get_by_role("status")).to_contain_text(words.series_agreed)
    audit.check_page(mentor)

    # The worker mails both partners, each a REQUEST for the series in Berlin time.
    run_worker()
    invitations = {m.to[0]: m for m in mail.outbox if words.invitation_subject in m.subject}
    assert set(invitations) == {world.mentor.email, world.mentee.email}
    for message in invitations.values():
        ics = calendar_of(message)
        assert str(ics["METHOD"]) == "REQUEST"
        assert [tz["TZID"] for tz in ics.walk("VTIMEZONE")] == ["Europe/Berlin"]
        (event,) = ics.walk("VEVENT")
        assert event.decoded("DTSTART").tzinfo.key == "Europe/Berlin"
        assert event.decoded("DTSTART").time() == time(8, 30)
        rule = event.decoded("RRULE")
        assert (rule["FREQ"], rule["INTERVAL"]) == (["WEEKLY"], [2])
        assert_no_secret(message.body)

    # --- The mentee records the first meeting: held, a takeaway, a note, feedback.
    mentee = login(world.mentee)
    mentee.get_by_role("link", name=words.meetings_with_mentor).click()
    row = mentee.locator("tr", has_text=words.takeaways_missing)
    expect(row).to_have_count(1)
    row.get_by_role("link").first.click()
    audit.check_page(mentee)
    mentee.get_by_role("button", name=words.mark_held).click()
    mentee.get_by_label(words.takeaway, exact=True).fill(TAKEAWAY)
    mentee.get_by_role("button", name=words.add_takeaway).click()
    expect(mentee.get_by_text(TAKEAWAY)).to_be_visible()
    mentee.get_by_role("textbox", name=words.note, exact=True).fill(NOTE)
    mentee.get_by_role("button", name=words.save_note).click()
    expect(mentee.get_by_role("textbox", name=words.note, exact=True)).to_have_value(NOTE)
    mentee.get_by_label(words.excellent).check()
    mentee.get_by_label(words.comment).fill(COMMENT)
    mentee.get_by_role("button", name=words.give_feedback).click()
    expect(mentee.get_by_label(words.comment)).to_have_value(COMMENT)
    audit.check_page(mentee)
    first.refresh_from_db()
    assert first.state == "held"

    # After the first meeting the workspace asks whether the pairing fits.
    mentee.get_by_role("link", name=words.meetings, exact=True).click()
    mentee.get_by_label(words.fits).check()
    mentee.get_by_role("button", name=words.send_answer).click()
    expect(mentee.get_by_text(words.said_fits)).to_be_visible()
    expect(mentee.locator("tr", has_text=words.takeaways_missing)).to_have_count(0)
    audit.check_page(mentee)

    # The action plan starts from the registration's goals; progress is saved in place.
    mentee.get_by_role("link", name=words.plan, exact=True).click()
    goal = mentee.locator("ol.goals > li").first
    goal.get_by_label(words.progress, exact=True).select_option("20")
    goal.get_by_role("button", name=re.compile(f"^{words.save}")).click()
    expect(goal.get_by_role("status")).to_have_text(words.saved)
    audit.check_page(mentee)

    # --- The mentor reads the shared takeaway, never the mentee's note or comment.
    mentor.goto(f"{base}/{world.organization.slug}/meetings/{first.public_id}/")
    expect(mentor.get_by_text(TAKEAWAY)).to_be_visible()
    assert_no_secret(mentor.content(), allowed=(TAKEAWAY,))
    audit.check_page(mentor)
    mentor.get_by_role("link", name=words.meetings, exact=True).click()
    mentor.get_by_label(words.fits_not).check()
    mentor.get_by_role("button", name=words.send_answer).click()
    expect(mentor.get_by_text(words.said_fits_not)).to_be_visible()
    audit.check_page(mentor)

    # The worker alerts the program team, in its language, with nothing the tandem wrote.
    mail.outbox.clear()
    run_worker()
    alerts = [m for m in mail.outbox if world.program_manager.email in m.to]
    assert len(alerts) == 1
    assert_no_secret(alerts[0].body)
    assert_no_secret(" ".join(str(body) for body, _type in alerts[0].alternatives))
    link = re.search(r"https?://\S+/health/", alerts[0].body)
    assert link is not None

    # --- The program manager follows the alert to the cohort's health dashboard.
    manager = login(world.program_manager)
    manager.goto(link.group(0))
    expect(manager.locator("h1")).to_contain_text(words.health_of)
    risks = manager.get_by_role("region", name=words.at_risk)
    row = risks.locator("tr", has_text="Mia Mentorin")
    expect(row).to_contain_text(words.does_not_fit)
    expect(manager.get_by_text(words.withheld).first).to_be_visible()
    assert_no_secret(manager.content())
    audit.check_page(manager)

    # Talking did not help: the manager ends the tandem early; the worker tells both.
    row.get_by_role("link", name=words.end_early).click()
    audit.check_page(manager)
    manager.get_by_label(words.reason_mismatch, exact=True).check()
    manager.get_by_role("button", name=words.end_tandem).click()
    expect(manager.locator("h1")).to_contain_text(words.health_of)
    audit.check_page(manager)
    mail.outbox.clear()
    run_worker()
    told = {m.to[0] for m in mail.outbox if m.subject == words.ended_subject}
    assert told == {world.mentor.email, world.mentee.email}
