"""Browser: a cohort from the plan to two accepted partners, once in German, once in English.

Three people in three browsers: the program manager plans the cohort, opens
registration and shares the link; a mentor and a mentee register through it; the
manager admits both, runs the matching, asks "why not" and publishes; both
partners get their e-mail, open their tandem page and accept; the manager sees
both answers. Every page is checked by axe, for CSP violations and for requests
leaving the test server.
"""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import World
from tandem.accounts.models import User
from tandem.browser import PageAudit
from tandem.browser import open_as as browser_open_as
from tandem.core.tests.mail import run_worker
from tandem.people.tests.factories import PASSWORD
from tandem.programs.models import Cohort, Registration, Tandem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROGRAM = "Digital Leadership"
COHORT = "Frühjahr 2027"


@dataclass(frozen=True)
class Words:
    """What the pages say in one language: the test reads them as a user would."""

    locale: str
    email: str
    password: str
    programs: str
    new_program: str
    name: str
    goals: str
    save: str
    plan_cohort: str
    topics: str
    kickoff: str
    save_cohort: str
    open_registration: str
    invitation_link: str
    take_part: str
    register_as_mentor: str
    register_as_mentee: str
    register: str
    your_level: str
    priority: str
    level_today: str
    ai: str
    agile: str
    capacity: str
    style_question: str
    slots: tuple[str, ...]
    languages: str
    german: str
    english: str
    location: str
    remote: str
    openness: str
    consent: str
    registered: str
    no_baseline: str
    no_consent: str
    review_pool: str
    pool: str
    verify: str
    note: str
    save_verified: str
    verified_saved: str
    admit: str
    save_decision: str
    decision_saved: str
    admitted: str
    close_registration: str
    open_matching: str
    matching_for: str
    start_run: str
    run_1: str
    quality: str
    proposals: str
    why_not: str
    mentor: str
    mentee: str
    role: str
    explain: str
    is_a_tandem: str
    reason_topic: str
    publish: str
    confirm_publish: str
    published_one: str
    answers: str
    both_languages: str
    answers_in: str
    subject: str
    your_tandem_with: str
    your_mentee: str
    your_mentor: str
    accept: str
    send_answer: str
    answer_saved: str
    accepted: str
    accepted_by_both: str


GERMAN = Words(
    locale="de-DE",
    email="E-Mail",
    password="Passwort",
    programs="Programme",
    new_program="Neues Programm",
    name="Name",
    goals="Ziele",
    save="Speichern",
    plan_cohort="Durchgang planen",
    topics="Themen",
    kickoff="Auftaktveranstaltung",
    save_cohort="Durchgang speichern",
    open_registration="Anmeldung öffnen",
    invitation_link="Einladungslink für das Intranet oder eine E-Mail",
    take_part="Teilnehmen",
    register_as_mentor="Als Mentor:in anmelden",
    register_as_mentee="Als Mentee anmelden",
    register="Anmelden",
    your_level="Ihr Niveau",
    priority="Priorität",
    level_today="Ihr Niveau heute",
    ai="Künstliche Intelligenz",
    agile="Agiles Arbeiten",
    capacity="Wie viele Mentees könnten Sie begleiten?",
    style_question="Ich mag Treffen mit einer klaren Agenda.",
    slots=("Montag, vormittags", "Dienstag, nachmittags"),
    languages="Sprachen, in denen Sie sich treffen können",
    german="Deutsch",
    english="Englisch",
    location="Wo arbeiten Sie üblicherweise?",
    remote="Online-Treffen sind für mich in Ordnung",
    openness="Ich bin offen dafür, von jüngeren Kolleg:innen zu lernen",
    consent="Ich bin einverstanden, dass meine Antworten",
    registered="Vielen Dank, Sie sind angemeldet.",
    no_baseline="Bitte geben Sie an, wo Sie in diesem Thema heute stehen.",
    no_consent="Ohne Ihre Einwilligung können wir Sie nicht anmelden.",
    review_pool="Teilnehmendenpool prüfen",
    pool="Teilnehmendenpool",
    verify="Expertise prüfen",
    note="Wie wurde die Expertise geprüft?",
    save_verified="Geprüftes Niveau speichern",
    verified_saved="Das geprüfte Niveau wurde gespeichert.",
    admit="Zulassen",
    save_decision="Entscheidung speichern und mitteilen",
    decision_saved="Die Entscheidung wurde gespeichert und per E-Mail mitgeteilt.",
    admitted="zugelassen",
    close_registration="Anmeldung schließen und Matching beginnen",
    open_matching="Matching öffnen",
    matching_for="Matching für",
    start_run="Matching-Lauf starten",
    run_1="Lauf 1",
    quality="Qualität dieses Matchings",
    proposals="Vorgeschlagene Tandems",
    why_not="Warum nicht dieses Paar?",
    mentor="Mentor:in",
    mentee="Mentee",
    role="Rolle",
    explain="Erklären",
    is_a_tandem="sind in diesem Vorschlag ein Tandem",
    reason_topic="Künstliche Intelligenz",
    publish="Diese Tandems veröffentlichen",
    confirm_publish="Veröffentlichen und E-Mails senden",
    published_one="1 Tandem wurde veröffentlicht;",
    answers="Antworten",
    both_languages="Deutsch, Englisch",
    answers_in="Antworten der Tandempartner:innen in",
    subject="Ihr Reverse-Mentoring-Tandem",
    your_tandem_with="Ihr Tandem mit",
    your_mentee="Ihr:e Mentee",
    your_mentor="Ihr:e Mentor:in",
    accept="Ich nehme dieses Tandem an.",
    send_answer="Antwort senden",
    answer_saved="Vielen Dank, Ihre Antwort wurde gespeichert.",
    accepted="angenommen",
    accepted_by_both="von beiden angenommen",
)

ENGLISH = Words(
    locale="en-GB",
    email="Email",
    password="Password",
    programs="Programs",
    new_program="New program",
    name="Name",
    goals="Goals",
    save="Save",
    plan_cohort="Plan a cohort",
    topics="Topics",
    kickoff="Kick-off",
    save_cohort="Save cohort",
    open_registration="Open registration",
    invitation_link="Invitation link for the intranet or an e-mail",
    take_part="Take part",
    register_as_mentor="Register as mentor",
    register_as_mentee="Register as mentee",
    register="Register",
    your_level="Your level",
    priority="Priority",
    level_today="Your level today",
    ai="Artificial intelligence",
    agile="Agile work",
    capacity="How many mentees could you take on?",
    style_question="I like meetings with a clear agenda.",
    slots=("Monday, morning", "Tuesday, afternoon"),
    languages="Languages you can meet in",
    german="German",
    english="English",
    location="Where do you usually work?",
    remote="Online meetings are fine for me",
    openness="I am open to learning from younger colleagues",
    consent="I agree that my answers are stored",
    registered="Thank you, you are registered.",
    no_baseline="Please say where you stand today in this topic.",
    no_consent="Without your consent we cannot register you.",
    review_pool="Review the pool",
    pool="Participant pool",
    verify="Verify expertise",
    note="How was the expertise checked?",
    save_verified="Save verified levels",
    verified_saved="The verified levels have been saved.",
    admit="Admit",
    save_decision="Save decision and notify",
    decision_saved="The decision has been saved and sent by e-mail.",
    admitted="admitted",
    close_registration="Close registration and start matching",
    open_matching="Open matching",
    matching_for="Matching for",
    start_run="Start a matching run",
    run_1="Run 1",
    quality="Quality of this matching",
    proposals="Proposed tandems",
    why_not="Why not this pair?",
    mentor="Mentor",
    mentee="Mentee",
    role="Role",
    explain="Explain",
    is_a_tandem="are a tandem in this proposal",
    reason_topic="Artificial intelligence",
    publish="Publish these tandems",
    confirm_publish="Publish and send the e-mails",
    published_one="1 tandem has been published;",
    answers="Answers",
    both_languages="German, English",
    answers_in="Answers of the partners in",
    subject="Your reverse mentoring tandem",
    your_tandem_with="Your tandem with",
    your_mentee="Your mentee",
    your_mentor="Your mentor",
    accept="I accept this tandem.",
    send_answer="Send my answer",
    answer_saved="Thank you, your answer has been saved.",
    accepted="accepted",
    accepted_by_both="accepted by both",
)


def open_as(
    journey: tuple[list[BrowserContext], PageAudit],
    browser: Browser,
    base: str,
    user: User,
    words: Words,
) -> Page:
    """A fresh browser in ``words``' locale, logged in as ``user`` through the real form."""
    page: Page = browser_open_as(
        journey, browser, base, email=user.email, password=PASSWORD, locale=words.locale
    )
    expect(page.locator("h1")).to_have_text("Nordwind Logistik AG")
    return page


def fill_common_answers(page: Page, words: Words, audit: PageAudit) -> None:
    """The parts of the registration form both roles answer alike."""
    for group in page.locator("fieldset.choices-inline").all():
        name = group.locator("legend").inner_text()
        if name in (words.capacity, words.languages):
            continue
        group.get_by_label("4", exact=True).check()
    # The first style question once more through its accessible group name.
    page.get_by_role("group", name=words.style_question).get_by_label("5", exact=True).check()
    for slot in words.slots:
        page.get_by_label(slot, exact=True).check()
    languages = page.get_by_role("group", name=words.languages)
    languages.get_by_label(words.german, exact=True).check()
    languages.get_by_label(words.english, exact=True).check()
    page.get_by_label(words.location).fill("Hamburg")
    page.get_by_label(words.remote).check()
    page.get_by_label(re.compile(re.escape(words.consent))).check()
    audit.check_page(page)
    page.get_by_role("button", name=words.register, exact=True).click()
    expect(page.get_by_text(words.registered)).to_be_visible()
    audit.check_page(page)


@pytest.mark.parametrize("words", [GERMAN, ENGLISH], ids=["de", "en"])
def test_a_cohort_from_plan_to_accepted_tandem(
    browser: Browser,
    journey: tuple[list[BrowserContext], PageAudit],
    live_server: Any,
    world: World,
    words: Words,
) -> None:
    _contexts, audit = journey
    base = live_server.url
    language = words.locale[:2]
    for user in (world.program_manager, world.mentor, world.mentee):
        user.language = language
        user.save(update_fields=["language"])

    # --- The program manager plans a program and a cohort, and opens registration.
    pm = open_as(journey, browser, base, world.program_manager, words)
    pm.get_by_role("navigation", name=re.compile("Main|Haupt")).get_by_role(
        "link", name=words.programs, exact=True
    ).click()
    expect(pm.locator("h1")).to_have_text(words.programs)
    audit.check_page(pm)
    pm.get_by_role("link", name=words.new_program, exact=True).click()
    expect(pm.locator("h1")).to_have_text(words.new_program)
    pm.get_by_label(words.name, exact=True).fill(PROGRAM)
    pm.get_by_label(words.goals, exact=True).fill("Digitale Kompetenz der Führung stärken")
    audit.check_page(pm)
    pm.get_by_role("button", name=words.save, exact=True).click()
    expect(pm.get_by_role("heading", name=PROGRAM)).to_be_visible()
    audit.check_page(pm)

    pm.get_by_role("link", name=f"{words.plan_cohort} ({PROGRAM})").click()
    expect(pm.locator("h1")).to_have_text(words.plan_cohort)
    pm.get_by_label(words.name, exact=True).fill(COHORT)
    # The form comes prefilled: every offered topic, dates around a Monday kick-off.
    topics = pm.get_by_role("group", name=words.topics, exact=True)
    expect(topics.get_by_label(words.ai, exact=True)).to_be_checked()
    expect(pm.get_by_label(words.kickoff, exact=True)).to_have_value(re.compile(r"\d{4}-\d\d-\d\d"))
    audit.check_page(pm)
    pm.get_by_role("button", name=words.save_cohort).click()
    expect(pm.locator("h1")).to_have_text(COHORT)
    audit.check_page(pm)
    pm.get_by_role("button", name=words.open_registration).click()
    expect(pm.get_by_role("button", name=words.close_registration)).to_be_visible()
    audit.check_page(pm)
    join_url = pm.get_by_label(words.invitation_link).input_value()
    assert join_url.startswith(f"{base}/nordwind/join/")
    cohort = Cohort.objects.get(name=COHORT)
    assert cohort.state == "registration"

    # --- The mentor follows the link and registers.
    mentor = open_as(journey, browser, base, world.mentor, words)
    mentor.goto(join_url)
    expect(mentor.locator("h1")).to_have_text(COHORT)
    expect(mentor.get_by_role("heading", name=words.take_part)).to_be_visible()
    audit.check_page(mentor)
    mentor.get_by_role("link", name=words.register_as_mentor).click()
    expect(mentor.locator("h1")).to_have_text(words.register_as_mentor)
    audit.check_page(mentor)
    mentor.get_by_label(f"{words.ai}: {words.your_level}").select_option("5")
    mentor.get_by_label(f"{words.agile}: {words.your_level}").select_option("3")
    mentor.get_by_role("group", name=words.capacity).get_by_label("1", exact=True).check()
    fill_common_answers(mentor, words, audit)

    # --- The mentee does the same as mentee.
    mentee = open_as(journey, browser, base, world.mentee, words)
    mentee.goto(join_url)
    audit.check_page(mentee)
    mentee.get_by_role("link", name=words.register_as_mentee).click()
    expect(mentee.locator("h1")).to_have_text(words.register_as_mentee)
    # A first try without the starting level, openness and consent: errors, still accessible.
    mentee.get_by_label(f"{words.ai}: {words.priority}").select_option("5")
    mentee.get_by_role("button", name=words.register, exact=True).click()
    expect(mentee.get_by_text(words.no_baseline)).to_be_visible()
    expect(mentee.get_by_text(words.no_consent)).to_be_visible()
    audit.check_page(mentee)
    mentee.get_by_label(f"{words.ai}: {words.level_today}").select_option("1")
    mentee.get_by_label(re.compile(re.escape(words.openness))).check()
    fill_common_answers(mentee, words, audit)
    registered = {e.role: e for e in Registration.objects.filter(cohort=cohort)}
    assert registered["mentor"].topics == {"ai": 5, "agile": 3}
    assert registered["mentee"].goals == {"ai": 5}
    assert registered["mentee"].baseline == {"ai": 1}

    # --- The program manager reviews the pool: verifies the mentor, admits both.
    pm.reload()
    pm.get_by_role("link", name=words.review_pool).click()
    expect(pm.locator("h1")).to_have_text(words.pool)
    expect(pm.locator("#results tbody tr")).to_have_count(2)
    audit.check_page(pm)
    # The filter narrows the list in place (htmx) and keeps the URL in step.
    pm.get_by_role("search").get_by_label(words.role, exact=True).select_option(label=words.mentor)
    expect(pm.locator("#results tbody tr")).to_have_count(1)
    expect(pm).to_have_url(re.compile(r"role=mentor"))
    expect(pm.locator("#results tbody tr")).to_contain_text("Mentorin, Mia")
    audit.check_page(pm)
    pm.get_by_role("search").get_by_label(words.role, exact=True).select_option(index=0)
    expect(pm.locator("#results tbody tr")).to_have_count(2)
    for person in ("Mentorin, Mia", "Mentee, Martin"):
        pm.get_by_role("link", name=person, exact=True).click()
        expect(pm.locator("h1")).to_contain_text(person.split(", ")[1])
        audit.check_page(pm)
        # Languages are named in the reader's language, not given as codes.
        expect(pm.get_by_role("region", name=words.answers)).to_contain_text(words.both_languages)
        if person.startswith("Mentorin"):
            verify = pm.get_by_role("region", name=words.verify)
            verify.get_by_label(words.ai, exact=True).select_option("4")
            verify.get_by_label(words.note).fill("Gespräch und Arbeitsprobe")
            verify.get_by_role("button", name=words.save_verified).click()
            expect(pm.get_by_text(words.verified_saved)).to_be_visible()
            audit.check_page(pm)
        pm.get_by_label(words.admit, exact=True).check()
        pm.get_by_role("button", name=words.save_decision).click()
        expect(pm.get_by_text(words.decision_saved)).to_be_visible()
        audit.check_page(pm)
        pm.get_by_role("link", name=words.pool).click()
    expect(pm.locator("#results tbody")).to_contain_text(words.admitted)
    expect(pm.locator("#results tbody .badge-ok")).to_have_count(2)
    audit.check_page(pm)
    assert Registration.objects.get(cohort=cohort, role="mentor").verified == {"ai": 4}

    # --- Registration closes, the matching runs; the proposal explains itself.
    pm.get_by_role("link", name=COHORT).click()
    pm.get_by_role("button", name=words.close_registration).click()
    expect(pm.get_by_role("button", name=words.close_registration)).to_have_count(0)
    audit.check_page(pm)
    pm.get_by_role("link", name=words.open_matching).click()
    expect(pm.locator("h1")).to_have_text(f"{words.matching_for} {COHORT}")
    audit.check_page(pm)
    pm.get_by_role("button", name=words.start_run).click()
    expect(pm.locator("h1")).to_have_text(words.run_1)
    expect(pm.get_by_role("heading", name=words.quality)).to_be_visible()
    proposals = pm.get_by_role("region", name=words.proposals)
    row = proposals.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Mia Mentorin")
    expect(row).to_contain_text("Martin Mentee")
    expect(row.locator("ul.reasons li").first).to_contain_text(words.reason_topic)
    audit.check_page(pm)

    why_not = pm.get_by_role("region", name=words.why_not)
    why_not.get_by_label(words.mentor, exact=True).select_option(label="Mia Mentorin (IT)")
    why_not.get_by_label(words.mentee, exact=True).select_option(label="Martin Mentee (Finanzen)")
    why_not.get_by_role("button", name=words.explain).click()
    expect(why_not.locator(".why-not-answer")).to_contain_text(words.is_a_tandem)
    expect(pm.locator("h1")).to_have_text(words.run_1)  # htmx swapped the form only
    audit.check_page(pm)

    run_worker()  # the admission mails, queued by the decisions above
    assert {m.to[0] for m in mail.outbox} >= {world.mentor.email, world.mentee.email}
    mail.outbox.clear()
    pm.get_by_role("button", name=words.publish).click()
    audit.check_page(pm)  # what publishing does, and whom it mails, before it does it
    pm.get_by_role("button", name=words.confirm_publish).click()
    expect(pm.locator("h1")).to_have_text(f"{words.answers_in} {COHORT}")
    expect(pm.get_by_role("status")).to_contain_text(words.published_one)  # singular
    audit.check_page(pm)

    # --- Both partners get an e-mail in their language with the link to their tandem,
    # sent by the real task worker, not by the publishing request.
    assert mail.outbox == []
    run_worker()
    tandem = Tandem.objects.get(cohort=cohort)
    messages = {message.to[0]: message for message in mail.outbox}
    assert set(messages) == {world.mentor.email, world.mentee.email}
    assert {message.subject for message in messages.values()} == {words.subject}
    link = f"/nordwind/tandems/{tandem.public_id}/"
    assert link in messages[world.mentor.email].body

    # The mentor follows the e-mail's link; the mentee finds the tandem on the overview.
    found = re.search(rf"\S+{link}", messages[world.mentor.email].body)
    assert found is not None
    mentor.goto(found[0])
    mentee.goto(f"{base}/nordwind/")
    audit.check_page(mentee)
    mentee.get_by_role("link", name=re.compile(rf"{words.your_tandem_with} Mia Mentorin")).click()
    for page, partner, side in (
        (mentor, "Martin Mentee", words.your_mentee),
        (mentee, "Mia Mentorin", words.your_mentor),
    ):
        expect(page.locator("h1")).to_have_text(f"{words.your_tandem_with} {partner}")
        expect(page.get_by_role("heading", name=side, exact=True)).to_be_visible()
        audit.check_page(page)
        page.get_by_label(words.accept).check()
        page.get_by_role("button", name=words.send_answer).click()
        expect(page.get_by_text(words.answer_saved)).to_be_visible()
        audit.check_page(page)

    # --- The program manager sees both answers.
    pm.reload()
    answers = pm.locator("tbody tr")
    expect(answers).to_have_count(1)
    expect(answers.locator("td").nth(2)).to_have_text(words.accepted_by_both)
    expect(answers.locator("td").nth(3)).to_have_text(words.accepted)
    expect(answers.locator("td").nth(4)).to_have_text(words.accepted)
    audit.check_page(pm)
    tandem.refresh_from_db()
    assert (tandem.state, tandem.mentor_answer, tandem.mentee_answer) == (
        "accepted",
        "accept",
        "accept",
    )
