"""Demo: the mid-term survey of Nordlicht's running cohort, open and mostly answered.

The survey opened ten days ago and closes in four (the demo moves it ahead of
the cohort's mid-term date so there is something to see). All participants
were invited; most answered through ``services.submit``, as the form would.
The mentee persona has not answered yet and can try the questionnaire; the
mentor persona has. Answers come from a fixed seed, so every demo looks the
same. Idempotent: nothing happens once the running cohort's mid-term survey
has answers, or when there is no running cohort.
"""

import random
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tandem.demo.cohorts import SEED, personas
from tandem.demo.running import running_demo_cohort
from tandem.people.models import Employee
from tandem.surveys import selectors, services, timeline
from tandem.surveys.models import Question, QuestionKind, Respondent, Survey

# Comments in the participants' own words (our own texts), by question key.
COMMENTS = {
    "adjust": (
        "Kürzere Treffen, dafür öfter – 45 Minuten reichen meistens.",
        "Mehr Beispiele aus unserem eigenen Haus, nicht nur aus Start-ups.",
        "Ein zweiter Austausch der Mentor:innen vor den Sommerferien wäre hilfreich.",
        "Feste Termine gleich beim Kick-off vereinbaren, das hat bei uns gefehlt.",
        "Eine kurze Liste mit Themenideen für die zweite Hälfte.",
        "Weniger E-Mails, dafür eine klare Übersicht der nächsten Schritte.",
    ),
    "best": (
        "Die Offenheit im Tandem – ich durfte jede Frage stellen.",
        "Dass wir an echten Aufgaben aus meinem Bereich geübt haben.",
        "Der Blick in eine Welt, die mir im Alltag sonst verborgen bleibt.",
        "Die festen Termine: So ist nichts im Tagesgeschäft untergegangen.",
        "Der Austausch beim Abschluss mit den anderen Tandems.",
    ),
    "improve": (
        "Mehr Zeit zwischen Kick-off und erstem Treffen für die Terminfindung.",
        "Eine Vorlage für die ersten beiden Treffen.",
        "Die Halbzeit-Umfrage früher, dann bleibt mehr Zeit zum Nachsteuern.",
        "Ein Treffen aller Mentees zur Halbzeit, nicht nur der Mentor:innen.",
    ),
}
# A mentee's self-assessment at the end: their level at registration plus this much.
GROWTH = (0, 1, 1, 1, 2)
# How likely each rating (1–5) is; the mentors rate a little higher than the mentees.
WEIGHTS = {"mentor": (1, 2, 6, 14, 11), "mentee": (2, 4, 8, 12, 7)}
ANSWER_SHARE = 0.85


def seed_demo_surveys() -> str | None:
    """Open and partly answer the running cohort's mid-term survey; its name, or None."""
    with running_demo_cohort() as cohort:
        if cohort is None:
            return None
        midterm = timeline.ensure_surveys(cohort)[0]
        if midterm.responses.exists():
            return None
        with transaction.atomic():
            _seed(midterm)
        return cohort.name


def _seed(survey: Survey) -> None:
    today = timezone.localdate()
    Survey.objects.filter(pk=survey.pk).update(
        opens=today - timedelta(days=10), closes=today + timedelta(days=4)
    )
    survey.refresh_from_db()
    mentor, mentee = personas(survey.organization)
    answer_most(
        survey,
        random.Random(SEED),  # noqa: S311 (a fixed demo, nothing secret)
        share=ANSWER_SHARE,
        sent=timezone.now() - timedelta(days=10),
        on=today,
        always=mentor,
        never=mentee,  # the mentee persona can still answer
    )


def answer_most(
    survey: Survey,
    rng: random.Random,
    *,
    share: float,
    sent: datetime,
    on: date,
    always: Employee | None = None,
    never: Employee | None = None,
) -> None:
    """Everyone the survey asks invited at ``sent``; ``share`` of each side (rounded) answered
    on ``on`` through ``services.submit``, ``always`` among them and ``never`` not.

    The share is exact per side, not a coin toss per person: which people answer is drawn, how
    many is not, so the demo's results do not hinge on the order rows come back in.
    """
    timeline.add_respondents(survey)
    survey.respondents.update(invited=sent)
    respondents = list(
        survey.respondents.select_related(
            "registration__employee", "survey__mentor_questionnaire", "survey__mentee_questionnaire"
        ).order_by("registration__employee__employee_id", "pk")
    )
    answering: list[Respondent] = []
    for role in sorted({r.role for r in respondents}):
        side = [r for r in respondents if r.role == role]
        wanted = round(share * len(side))
        sure = [r for r in side if r.registration.employee == always]
        open_ = [r for r in side if r.registration.employee not in (always, never)]
        drawn = rng.sample(open_, max(0, min(len(open_), wanted - len(sure))))
        answering += [r for r in side if r in sure or r in drawn]
    for respondent in answering:
        services.submit(respondent=respondent, answers=answers_for(respondent, rng), today=on)


def answers_for(respondent: Respondent, rng: random.Random) -> list[services.Given]:
    """Answers as the form cleans them; a self-assessment at or above the registration's."""
    questionnaire = respondent.survey.questionnaire_for(respondent.role)
    given = []
    for question in Question.objects.filter(questionnaire=questionnaire).order_by("position"):
        if question.kind == QuestionKind.COMPETENCE:
            baseline = respondent.registration.baseline or {}
            for topic in selectors.topics_for(respondent, [question]):
                level = min(5, int(baseline.get(topic.key, 2)) + rng.choice(GROWTH))
                given.append(services.Given(question, number=level, topic=topic.key))
        elif question.kind == QuestionKind.SCALE:
            rating = rng.choices(range(1, 6), weights=WEIGHTS[respondent.role])[0]
            given.append(services.Given(question, number=rating))
        elif question.kind == QuestionKind.SINGLE:
            keys = [c["key"] for c in question.choices]
            given.append(
                services.Given(question, choices=(rng.choices(keys, (6, 3, 1)[: len(keys)])[0],))
            )
        elif question.kind == QuestionKind.MULTIPLE:
            keys = [c["key"] for c in question.choices if c["key"] != "nothing"]
            picked = tuple(k for k in keys if rng.random() < 0.3) or ("nothing",)
            given.append(services.Given(question, choices=picked))
        elif question.kind == QuestionKind.TEXT and rng.random() < 0.6:
            texts = COMMENTS.get(question.key, ())
            if texts:
                given.append(services.Given(question, text=rng.choice(texts)))
    return given
