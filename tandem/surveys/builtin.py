"""The ready-made questionnaires: mid-term and final, for mentors and for mentees.

Copied into an organisation the first time a write needs them (:func:`ensure_builtin`);
the copies are the organisation's own from then on. A page reads them with
:func:`ready_made`, which writes nothing. Ratings are statements
rated from 1 (not at all) to 5 (fully). Questions with the same key in the
mentors' and the mentees' questionnaire are compared in the results.
"""

from dataclasses import dataclass, field

from django.db import transaction

from tandem.core.models import Organization
from tandem.programs.models import Role
from tandem.surveys.models import Phase, Question, QuestionKind, Questionnaire


@dataclass(frozen=True)
class Q:
    key: str
    kind: str
    de: str
    en: str
    choices: tuple[tuple[str, str, str], ...] = ()
    required: bool = True


@dataclass(frozen=True)
class T:
    key: str
    role: str
    phase: str
    name_de: str
    name_en: str
    intro_de: str
    intro_en: str
    questions: tuple[Q, ...] = field(default_factory=tuple)


MEETINGS = Q(
    "meetings",
    QuestionKind.SINGLE,
    "Wie regelmäßig haben Sie sich bisher getroffen?",
    "How regularly have you met so far?",
    (
        ("planned", "wie vereinbart", "as agreed"),
        ("fewer", "etwas seltener als vereinbart", "somewhat less often than agreed"),
        ("rarely", "deutlich seltener als vereinbart", "much less often than agreed"),
    ),
)
OBSTACLES = Q(
    "obstacles",
    QuestionKind.MULTIPLE,
    "Was erschwert die Arbeit im Tandem? (Mehrfachauswahl)",
    "What makes working in the tandem harder? (choose any)",
    (
        ("time", "zu wenig Zeit", "too little time"),
        ("dates", "Termine finden", "finding dates"),
        ("topics", "passende Themen", "finding the right topics"),
        ("chemistry", "die Chemie stimmt nicht", "we do not click"),
        ("nothing", "nichts davon", "none of these"),
    ),
    required=False,
)
SATISFIED = Q(
    "satisfaction",
    QuestionKind.SCALE,
    "Ich bin mit meinem Tandem zufrieden.",
    "I am satisfied with my tandem.",
)
RECOMMEND = Q(
    "recommend",
    QuestionKind.SCALE,
    "Ich würde Kolleginnen und Kollegen die Teilnahme empfehlen.",
    "I would recommend taking part to colleagues.",
)
CONTINUE = Q(
    "continue",
    QuestionKind.SINGLE,
    "Werden Sie nach dem Programm in Kontakt bleiben?",
    "Will you stay in touch after the program?",
    (("yes", "ja", "yes"), ("maybe", "vielleicht", "maybe"), ("no", "nein", "no")),
)
ADJUST = Q(
    "adjust",
    QuestionKind.TEXT,
    "Was sollte die Programmleitung für die zweite Hälfte ändern?",
    "What should the program team change for the second half?",
    required=False,
)
BEST = Q(
    "best",
    QuestionKind.TEXT,
    "Was war für Sie am wertvollsten?",
    "What was the most valuable part for you?",
    required=False,
)
IMPROVE = Q(
    "improve",
    QuestionKind.TEXT,
    "Was sollte der nächste Durchgang anders machen?",
    "What should the next cohort do differently?",
    required=False,
)

INTRO_MIDTERM_DE = (
    "Halbzeit: Ihre Antworten helfen der Programmleitung, die zweite Hälfte zu verbessern. "
    "Die Umfrage ist anonym: Die Programmleitung sieht nur zusammengefasste Ergebnisse von "
    "mindestens fünf Personen, nie Ihre einzelnen Antworten."
)
INTRO_MIDTERM_EN = (
    "Half time: your answers help the program team improve the second half. The survey is "
    "anonymous: the program team sees only results combined over at least five people, never "
    "your own answers."
)
INTRO_FINAL_DE = (
    "Zum Abschluss: Wie war das Programm für Sie? Die Umfrage ist anonym: Die Programmleitung "
    "sieht nur zusammengefasste Ergebnisse von mindestens fünf Personen."
)
INTRO_FINAL_EN = (
    "At the close: how was the program for you? The survey is anonymous: the program team sees "
    "only results combined over at least five people."
)

BUILTIN: tuple[T, ...] = (
    T(
        "midterm-mentee",
        Role.MENTEE,
        Phase.MIDTERM,
        "Halbzeit-Umfrage für Mentees",
        "Mid-term survey for mentees",
        INTRO_MIDTERM_DE,
        INTRO_MIDTERM_EN,
        (
            SATISFIED,
            MEETINGS,
            Q(
                "learning",
                QuestionKind.SCALE,
                "Ich lerne in unseren Treffen etwas, das ich in meiner Arbeit nutze.",
                "I learn things in our meetings that I use in my work.",
            ),
            Q(
                "goals",
                QuestionKind.SCALE,
                "Unsere Themen passen zu meinen Lernzielen.",
                "Our topics match my learning goals.",
            ),
            OBSTACLES,
            ADJUST,
        ),
    ),
    T(
        "midterm-mentor",
        Role.MENTOR,
        Phase.MIDTERM,
        "Halbzeit-Umfrage für Mentor:innen",
        "Mid-term survey for mentors",
        INTRO_MIDTERM_DE,
        INTRO_MIDTERM_EN,
        (
            SATISFIED,
            MEETINGS,
            Q(
                "openness",
                QuestionKind.SCALE,
                "Mein Gegenüber im Tandem ist offen für das, was ich zeige.",
                "My mentee is open to what I show them.",
            ),
            Q(
                "confidence",
                QuestionKind.SCALE,
                "Ich fühle mich in meiner Rolle als Mentor:in sicher.",
                "I feel confident in my role as a mentor.",
            ),
            Q(
                "exchange",
                QuestionKind.SINGLE,
                "Hilft Ihnen der Austausch mit anderen Mentor:innen?",
                "Does the exchange with other mentors help you?",
                (
                    ("helps", "ja, er hilft", "yes, it helps"),
                    ("more", "ich wünsche mir mehr davon", "I would like more of it"),
                    ("no", "nein", "no"),
                ),
            ),
            OBSTACLES,
            ADJUST,
        ),
    ),
    T(
        "final-mentee",
        Role.MENTEE,
        Phase.FINAL,
        "Abschluss-Umfrage für Mentees",
        "Final survey for mentees",
        INTRO_FINAL_DE,
        INTRO_FINAL_EN,
        (
            SATISFIED,
            Q(
                "competence",
                QuestionKind.COMPETENCE,
                "Wie schätzen Sie Ihr Können heute ein? (1 = Einstieg, 5 = sicher)",
                "How do you rate your skills today? (1 = beginner, 5 = confident)",
            ),
            Q(
                "applied",
                QuestionKind.SCALE,
                "Ich wende Gelerntes bereits in meinem Arbeitsalltag an.",
                "I already apply what I learned in my daily work.",
            ),
            Q(
                "perspective",
                QuestionKind.SCALE,
                "Ich verstehe die Sicht der jüngeren Generation heute besser.",
                "I understand the younger generation's view better now.",
            ),
            RECOMMEND,
            CONTINUE,
            BEST,
            IMPROVE,
        ),
    ),
    T(
        "final-mentor",
        Role.MENTOR,
        Phase.FINAL,
        "Abschluss-Umfrage für Mentor:innen",
        "Final survey for mentors",
        INTRO_FINAL_DE,
        INTRO_FINAL_EN,
        (
            SATISFIED,
            Q(
                "insight",
                QuestionKind.SCALE,
                "Ich habe Einblick in Führung und Strategie gewonnen.",
                "I have gained insight into leadership and strategy.",
            ),
            Q(
                "visibility",
                QuestionKind.SCALE,
                "Mein Wissen ist im Unternehmen sichtbarer geworden.",
                "My expertise has become more visible in the organisation.",
            ),
            RECOMMEND,
            CONTINUE,
            BEST,
            IMPROVE,
        ),
    ),
)


def _shipped(organization: Organization, spec: T) -> Questionnaire:
    """The questionnaire ``spec`` as shipped, for ``organization``; not saved."""
    return Questionnaire(
        organization=organization,
        key=spec.key,
        role=spec.role,
        phase=spec.phase,
        name_de=spec.name_de,
        name_en=spec.name_en,
        intro_de=spec.intro_de,
        intro_en=spec.intro_en,
        builtin=True,
    )


def not_copied(organization: Organization, keys: set[str]) -> list[Questionnaire]:
    """The ready-made questionnaires whose key is not among ``keys``, as shipped (unsaved)."""
    return [_shipped(organization, spec) for spec in BUILTIN if spec.key not in keys]


def ready_made(organization: Organization) -> dict[str, Questionnaire]:
    """The ready-made questionnaires by key, for a page, which must not write (one query).

    The organisation's copies where it has them, else unsaved ones as shipped.
    """
    copied = list(Questionnaire.objects.filter(organization=organization, builtin=True))
    rest = not_copied(organization, {q.key for q in copied})
    return {q.key: q for q in copied + rest}


def ensure_builtin(organization: Organization) -> dict[str, Questionnaire]:
    """The organisation's copies of the ready-made questionnaires, created once, by key."""
    with transaction.atomic():
        existing = {
            q.key: q for q in Questionnaire.objects.filter(organization=organization, builtin=True)
        }
        for spec in BUILTIN:
            if spec.key in existing:
                continue
            shipped = _shipped(organization, spec)
            questionnaire, created = Questionnaire.objects.get_or_create(
                organization=organization,
                key=spec.key,
                defaults={
                    field: getattr(shipped, field)
                    for field in ("role", "phase", "name_de", "name_en", "intro_de", "intro_en")
                }
                | {"builtin": True},
            )
            if created:
                Question.objects.bulk_create(
                    Question(
                        organization=organization,
                        questionnaire=questionnaire,
                        key=q.key,
                        position=position,
                        kind=q.kind,
                        text_de=q.de,
                        text_en=q.en,
                        choices=[{"key": k, "de": de, "en": en} for k, de, en in q.choices],
                        required=q.required,
                    )
                    for position, q in enumerate(spec.questions)
                )
            existing[spec.key] = questionnaire
    return existing
