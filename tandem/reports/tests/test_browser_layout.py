"""Browser: the program team's pages keep everything inside its card at 1280 and 1024 px.

The demo organisation, seeded as `make run` does, with the longest names it
may meet: a double-barrelled name with a nobiliary particle for the partners
of each cohort's first tandem, topics and an event titled in whole German
sentences, long cohort and program names. The program manager opens every
page of every cohort (planning, pool, matching, answers, program health,
events, surveys and their results, the results with their charts) in German
and in English at both widths, and the page is measured in the browser: no
element reaches past its card's right edge (a scroll region holds a wide
table), no status badge wraps, every chart label lies inside its drawing and
is drawn whole, and the page never scrolls sideways. The German pages at
1280 px, one of each kind, are also checked by axe (the scroll regions are
named and focusable).
"""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser

from tandem.accounts.models import User
from tandem.browser import PageAudit, open_as
from tandem.demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET, NORDLICHT
from tandem.events.models import CohortEvent
from tandem.matching.models import MatchingRun
from tandem.programs.models import Cohort, Enrollment, Program, Tandem, Topic
from tandem.surveys.models import Survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = f"programm@{NORDLICHT}.example"
WIDTHS = (1280, 1024)
LONG_NAMES = (
    ("Maximiliane-Friederike", "von Hohenstein-Wittgenstein-Berleburg"),
    ("Bartholomäus-Konstantin", "Schwarzenberg-Oberhausen-Rheinfelden"),
)
LONG_TOPICS = (
    (
        "Künstliche Intelligenz und Datenschutz-Grundverordnung im Kundenservice",
        "Artificial intelligence and the General Data Protection Regulation in customer service",
    ),
    (
        "Zusammenarbeit in verteilten Teams mit Kollaborationsplattformen",
        "Collaboration in distributed teams on shared collaboration platforms",
    ),
)
LONG_EVENT = "Erfahrungsaustausch der Mentor:innen zu Künstlicher Intelligenz im Arbeitsalltag"

# What a newcomer saw at 1280 and 1024 px, measured: one line per problem.
MEASURE = """() => {
  const problems = [];
  const name = (el) => {
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return `<${el.tagName.toLowerCase()}> "${text}"`;
  };
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth} px)`);
  }
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  for (const card of document.querySelectorAll(".card")) {
    const edge = card.getBoundingClientRect().right + 0.5;
    const walk = (parent) => {
      for (const el of parent.children) {
        const right = el.getBoundingClientRect().right;
        if (el.getClientRects().length && right > edge && !el.closest(".visually-hidden")) {
          problems.push(`${name(el)} reaches ${Math.round(right - edge)} px past its card`);
        }
        if (!scrolls(el)) walk(el);  // a scroll region keeps what is wider inside itself
      }
    };
    walk(card);
  }
  for (const badge of document.querySelectorAll(".badge")) {
    const style = getComputedStyle(badge);
    const content = badge.getBoundingClientRect().height
      - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
      - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
    if (content > parseFloat(style.lineHeight) * 1.5) problems.push(`${name(badge)} wraps`);
  }
  for (const svg of document.querySelectorAll("svg")) {
    const frame = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll("text")];
    for (const text of texts) {
      const box = text.getBoundingClientRect();
      if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5
          || box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5) {
        problems.push(`${name(text)} is clipped by its chart`);
      }
    }
    const drawn = texts.map((text) => text.textContent).join("").replace(/\\s+/g, "");
    for (const label of svg.closest("figure")?.querySelectorAll("tbody th") || []) {
      if (!drawn.includes(label.textContent.replace(/\\s+/g, ""))) {
        problems.push(`the chart label "${label.textContent.trim()}" is not drawn whole`);
      }
    }
  }
  return problems;
}"""


def lengthen_names() -> None:
    """The demo with the longest names and titles its pages must hold."""
    cohorts = list(Cohort.objects.filter(organization__slug=NORDLICHT))
    topics = Topic.objects.filter(cohorts__in=cohorts).distinct().order_by("pk")
    for topic, (german, english) in zip(topics, LONG_TOPICS, strict=False):
        topic.name_de, topic.name_en = german, english
        topic.save(update_fields=["name_de", "name_en"])
    for cohort in cohorts:
        tandem = Tandem.objects.filter(cohort=cohort).order_by("pk").first()
        enrollments = (
            [tandem.mentor, tandem.mentee]
            if tandem
            else list(Enrollment.objects.filter(cohort=cohort).order_by("pk")[:2])
        )
        for enrollment, (first, last) in zip(enrollments, LONG_NAMES, strict=False):
            employee = enrollment.employee
            employee.first_name, employee.last_name = first, last
            employee.save(update_fields=["first_name", "last_name"])
        cohort.name = f"{cohort.name} – Digitalkompetenz für Führungskräfte am Standort Nord"
        cohort.save(update_fields=["name"])
        event = CohortEvent.objects.filter(cohort=cohort).order_by("pk").first()
        if event:
            event.title = LONG_EVENT
            event.save(update_fields=["title"])
    for program in Program.objects.filter(organization__slug=NORDLICHT):
        program.name = f"{program.name} für Führungskräfte und Nachwuchstalente"
        program.save(update_fields=["name"])


def program_team_pages() -> list[tuple[str, str]]:
    """Every page the program team reads about the demo's cohorts: (URL name, path)."""
    org = NORDLICHT
    paths = [("programs:program_list", reverse("programs:program_list", args=[org]))]
    for cohort in Cohort.objects.filter(organization__slug=org).order_by("kickoff"):
        for name in (
            "programs:cohort_detail",
            "programs:pool",
            "reports:health",
            "reports:cohort_results",
            "surveys:cohort_surveys",
            "events:cohort_events",
            "matching:cohort_matching",
            "matching:answers",
        ):
            paths.append((name, reverse(name, args=[org, cohort.public_id])))
        run = MatchingRun.objects.filter(cohort=cohort).order_by("pk").last()
        if run:
            paths.append(
                ("matching:run_detail", reverse("matching:run_detail", args=[org, run.public_id]))
            )
        for survey in Survey.objects.filter(cohort=cohort).order_by("pk"):
            path = reverse("surveys:survey_results", args=[org, survey.public_id])
            paths.append(("surveys:survey_results", path))
    return paths


def test_program_team_pages_keep_everything_in_its_card_at_1280_and_1024_px(
    browser: Browser,
    live_server: Any,
    journey: tuple[list[Any], PageAudit],
) -> None:
    _contexts, audit = journey
    call_command("seed_demo", stdout=StringIO())
    lengthen_names()
    manager = User.objects.get(email=MANAGER)
    paths = program_team_pages()
    assert len(paths) > 30

    base = live_server.url
    page = open_as(
        journey,
        browser,
        base,
        email=MANAGER,
        password=DEMO_PASSWORD,
        locale="de-DE",
        totp_secret=DEMO_TOTP_SECRET,
    )
    problems: list[str] = []
    audited: set[str] = set()  # axe once per kind of page: it takes a second a page
    for language in ("de", "en"):
        # The saved language wins over the browser's, read again on every request.
        manager.language = language
        manager.save(update_fields=["language"])
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for name, path in paths:
                response = page.goto(base + path)
                assert response is not None, path
                assert response.ok, path
                assert page.locator("html").get_attribute("lang") == language
                found = page.evaluate(MEASURE)
                problems += [f"{language} {width} px {path}: {problem}" for problem in found]
                if name not in audited:
                    audited.add(name)
                    audit.check_page(page)
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} problems)"
