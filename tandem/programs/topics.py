"""The default topic catalogue: what reverse mentoring usually covers."""

from django.db import transaction

from tandem.core.models import Organization
from tandem.programs.models import Topic

# key, German name, English name, German description, English description
DEFAULT_TOPICS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "ai",
        "Künstliche Intelligenz",
        "Artificial intelligence",
        "Generative KI im Arbeitsalltag: Möglichkeiten, Grenzen, Risiken",
        "Generative AI at work: what it can do, where it fails, the risks",
    ),
    (
        "social_media",
        "Social Media",
        "Social media",
        "Plattformen, Formate und wie Unternehmen dort auftreten",
        "Platforms, formats and how organisations show up there",
    ),
    (
        "agile",
        "Agiles Arbeiten",
        "Agile work",
        "Scrum, Kanban und selbstorganisierte Teams in der Praxis",
        "Scrum, Kanban and self-organised teams in practice",
    ),
    (
        "apps_tools",
        "Neue Apps und Tools",
        "New apps and tools",
        "Kollaboration, Messenger, Automatisierung im Alltag",
        "Collaboration, messaging and everyday automation",
    ),
    (
        "privacy",
        "Datenschutz im Netz",
        "Data privacy online",
        "Spuren im Netz, sichere Konten, Phishing erkennen",
        "Online footprints, secure accounts, spotting phishing",
    ),
    (
        "generations",
        "Werte jüngerer Generationen",
        "Values of younger generations",
        "Was Jüngere von Arbeit, Führung und Sinn erwarten",
        "What younger colleagues expect of work, leadership and purpose",
    ),
    (
        "diversity",
        "Diversität und Perspektiven",
        "Diversity perspectives",
        "Blickwinkel, die in Führungsrunden selten vorkommen",
        "Viewpoints rarely heard in leadership meetings",
    ),
    (
        "employer_branding",
        "Employer Branding",
        "Employer branding",
        "Wie das Unternehmen auf Bewerbende wirkt",
        "How the organisation comes across to candidates",
    ),
    (
        "remote_work",
        "Hybride Zusammenarbeit",
        "Hybrid collaboration",
        "Gute Meetings und Zusammenarbeit über Orte hinweg",
        "Good meetings and teamwork across places",
    ),
    (
        "data_literacy",
        "Daten verstehen",
        "Data literacy",
        "Dashboards lesen, Zahlen hinterfragen, Daten nutzen",
        "Reading dashboards, questioning numbers, using data",
    ),
)


@transaction.atomic
def ensure_default_topics(organization: Organization) -> int:
    """Give an organisation without a catalogue the default topics; returns how many."""
    if Topic.objects.filter(organization=organization).exists():
        return 0
    Topic.objects.bulk_create(
        Topic(
            organization=organization,
            key=key,
            name_de=name_de,
            name_en=name_en,
            description_de=description_de,
            description_en=description_en,
            position=index,
        )
        for index, (key, name_de, name_en, description_de, description_en) in enumerate(
            DEFAULT_TOPICS
        )
    )
    return len(DEFAULT_TOPICS)
