"""What the demo tandems write: short takeaways, notes, feedback and goals in German and English.

Our own words, in note style, about the cohort's digital topics. Keyed by
topic where the text belongs to one; ``GENERAL`` texts fit any meeting.
"""

GENERAL = "general"

TAKEAWAYS: dict[str, dict[str, tuple[str, ...]]] = {
    "de": {
        "ai": (
            "Prompt mit Rolle, Ziel und Beispiel ausprobiert: die Antwort war viel brauchbarer.",
            "KI-Zusammenfassungen immer gegen das Original prüfen, Zahlen besonders.",
            "Keine Kundendaten in öffentliche KI-Dienste: dafür gibt es das interne Werkzeug.",
            "Bildgeneratoren erfinden Details; für die Präsentation lieber eigene Fotos.",
        ),
        "social_media": (
            "LinkedIn-Profil überarbeitet: Foto, Kurzbeschreibung, drei Schwerpunkte.",
            "Auf LinkedIn wirken kurze Beiträge mit eigener Meinung besser als Pressetexte.",
            "Instagram und TikTok kurz angeschaut: wer dort unsere Bewerbenden erreicht.",
            "Kommentieren ist ein guter Einstieg, bevor man selbst postet.",
        ),
        "agile": (
            "Kanban-Board für das Bereichsprojekt angelegt, mit Limit für offene Aufgaben.",
            "Retro-Format \u201eStart, Stop, Continue\u201c im Team ausprobieren.",
            "Daily mit 15 Minuten und im Stehen: Vorschlag für die Abteilungsrunde.",
            "Selbstorganisation heißt nicht keine Führung, sondern klare Leitplanken.",
        ),
        "apps_tools": (
            "Teams-Kanäle statt Mailverteiler für das Projekt eingerichtet.",
            "Tastenkürzel in Outlook und Teams geübt, spart spürbar Zeit.",
            "Mit Power Automate eine wiederkehrende Freigabe automatisiert.",
            "Gemeinsames Bearbeiten im Dokument statt Versionen per Mail.",
        ),
        "privacy": (
            "Passwortmanager eingerichtet und die wichtigsten Konten umgestellt.",
            "Zwei-Faktor-Anmeldung für das private Mailkonto aktiviert.",
            "Phishing-Mail aus dem Postfach gemeinsam zerlegt: Absender, Link, Dringlichkeit.",
            "Eigenen Namen gesucht: alte Profile löschen lassen.",
        ),
        "generations": (
            "Für viele Jüngere zählt Sinn in der Arbeit mehr als der Titel.",
            "Feedback öfter und kürzer geben, nicht nur im Jahresgespräch.",
            "Flexible Arbeitszeit ist kein Mangel an Einsatz, sondern eine Erwartung.",
            "Duzen im Team: kein Muss, aber offen ansprechen.",
        ),
        "diversity": (
            "In Besprechungen bewusst zuerst die Leiseren fragen.",
            "Stellenanzeigen auf ausschließende Formulierungen geprüft.",
            "Eigene Annahmen über \u201edie Jungen\u201c aufgeschrieben und hinterfragt.",
        ),
        "employer_branding": (
            "Karriereseite mit den Augen einer Bewerberin gelesen: zu viel Text, kaum Gesichter.",
            "Bewertungen auf Arbeitgeberportalen ernst nehmen und antworten.",
            "Azubis erzählen auf der Messe glaubwürdiger als jede Broschüre.",
        ),
        "remote_work": (
            "Hybride Runden: alle mit eigenem Laptop, auch im Raum.",
            "Kamera an ist keine Pflicht, aber ein klares Signal für Gespräche.",
            "Feste Bürotage im Team abstimmen statt Zufall.",
        ),
        "data_literacy": (
            "Im Dashboard erst fragen, woher die Zahl kommt, dann was sie bedeutet.",
            "Mittelwert und Median am Beispiel Bearbeitungszeit verglichen.",
            "Ein gutes Diagramm beantwortet genau eine Frage.",
        ),
        GENERAL: (
            "Bis zum nächsten Mal ausprobieren und berichten, was hakt.",
            "Lieber ein Thema tief als drei oberflächlich.",
            "Treffen außerhalb des Büros macht das Gespräch offener.",
            "Fragen sammeln wir künftig vorab im Chat.",
        ),
    },
    "en": {
        "ai": (
            "A prompt with a role, a goal and an example gives much better answers.",
            "Always check an AI summary against the source, especially the numbers.",
            "No customer data in public AI tools: use the internal one instead.",
        ),
        "social_media": (
            "Reworked the LinkedIn profile: photo, headline, three focus areas.",
            "Short posts with a personal view work better than press releases.",
            "Commenting first is an easy way in before posting.",
        ),
        "agile": (
            "Set up a Kanban board for the project with a work-in-progress limit.",
            "Try a start-stop-continue retro with the team.",
        ),
        "apps_tools": (
            "Project channel in Teams instead of a mailing list.",
            "Practised keyboard shortcuts; they save real time.",
            "Co-editing one document beats versions by e-mail.",
        ),
        "privacy": (
            "Password manager set up; the most important accounts moved over.",
            "Took a phishing mail apart together: sender, link, urgency.",
        ),
        "generations": (
            "Purpose matters more than job titles to many younger colleagues.",
            "Give feedback more often and shorter, not only once a year.",
        ),
        "diversity": (
            "Ask the quieter people first in meetings.",
            "Checked job ads for wording that shuts people out.",
        ),
        "employer_branding": (
            "Read the careers page as a candidate would: too much text, few faces.",
            "Apprentices at a fair are more convincing than any brochure.",
        ),
        "remote_work": (
            "Hybrid meetings: everyone on their own laptop, also in the room.",
            "Agree on fixed office days as a team.",
        ),
        "data_literacy": (
            "First ask where a number comes from, then what it means.",
            "A good chart answers exactly one question.",
        ),
        GENERAL: (
            "Try it before next time and report what got in the way.",
            "One topic in depth beats three on the surface.",
            "Collect questions in the chat beforehand.",
        ),
    },
}

NOTES: dict[str, tuple[str, ...]] = {
    "de": (
        "Mehr Zeit für Fragen einplanen, ich habe zu viel erklärt.",
        "Beispiel aus dem Vertrieb hat gut funktioniert, nächstes Mal wieder so.",
        "Selbst noch nachlesen, wie die Freigaben intern geregelt sind.",
        "War heute unkonzentriert, lag nicht am Gespräch.",
        "Mut gefasst, im Teammeeting das Board vorzuschlagen.",
        "Nachfragen, ob das Tempo passt.",
        "Spannend, wie anders die Sicht auf Homeoffice ist.",
        "Zwei Fragen für die Programmleitung notiert, nichts Dringendes.",
        "Material für das nächste Treffen vorbereiten: drei Beispiele.",
        "Gute Stimmung, wir werden vertrauter.",
    ),
    "en": (
        "Leave more room for questions; I explained too much.",
        "The sales example worked well, do that again.",
        "Read up on how approvals work internally.",
        "Ask whether the pace is right.",
        "Prepare three examples for next time.",
    ),
}

COMMENTS: dict[str, tuple[str, ...]] = {
    "de": (
        "Sehr konkret, direkt anwendbar.",
        "Gutes Gespräch, etwas zu kurz.",
        "Hat Spaß gemacht, viel gelernt.",
        "Offen und auf Augenhöhe.",
        "Nächstes Mal besser vorbereiten.",
        "Der Ort war zu laut.",
        "Klarer Plan für die nächsten Wochen.",
    ),
    "en": (
        "Very practical, I can use it straight away.",
        "Good talk, a bit short.",
        "Open and on equal terms.",
        "Clear plan for the next weeks.",
    ),
}

# For a pairing that does not work out: polite, vague, the author's own.
UNEASY_COMMENTS = (
    "Wir reden oft aneinander vorbei.",
    "Schwer, einen gemeinsamen Termin zu finden.",
    "Die Themen passen nicht recht zu meinem Alltag.",
)

GOALS: dict[str, dict[str, str]] = {
    "de": {
        "ai": "Generative KI sicher für Entwürfe und Zusammenfassungen nutzen",
        "social_media": "Ein eigenes LinkedIn-Profil aufbauen und regelmäßig posten",
        "agile": "Ein Projekt im Bereich mit Kanban steuern",
        "apps_tools": "Teams und Automatisierung im Arbeitsalltag nutzen",
        "privacy": "Eigene Konten absichern und Phishing sicher erkennen",
        "generations": "Verstehen, was Jüngere von Führung erwarten",
        "diversity": "Besprechungen so leiten, dass mehr Stimmen zu Wort kommen",
        "employer_branding": "Wissen, wie wir auf Bewerbende wirken",
        "remote_work": "Hybride Besprechungen gut leiten",
        "data_literacy": "Dashboards lesen und Zahlen hinterfragen",
    },
    "en": {
        "ai": "Use generative AI safely for drafts and summaries",
        "social_media": "Build a LinkedIn profile and post regularly",
        "agile": "Run a project in my area with Kanban",
        "apps_tools": "Use Teams and automation in everyday work",
        "privacy": "Secure my accounts and spot phishing reliably",
        "generations": "Understand what younger colleagues expect of leadership",
        "diversity": "Lead meetings so that more voices are heard",
        "employer_branding": "Know how we come across to candidates",
        "remote_work": "Lead hybrid meetings well",
        "data_literacy": "Read dashboards and question numbers",
    },
}

GOAL_DETAILS: dict[str, tuple[str, ...]] = {
    "de": (
        "Einmal pro Woche selbst anwenden und im Tandem berichten.",
        "Bis zum Abschluss dem Team zeigen können.",
        "",
    ),
    "en": (
        "Use it once a week and report back in the tandem.",
        "Be able to show it to my team by the wrap-up.",
        "",
    ),
}

PLACES = (
    "Kantine, Tisch am Fenster",
    "Café am Hafen",
    "Besprechungsraum 3.12",
    "Dachterrasse, bei Regen Raum 2.04",
    "Bibliothek im Erdgeschoss",
)

# Written by the program team when it ended a tandem early: its own words, never the tandem's.
END_NOTE = "Beide haben gemeinsam mit der Programmleitung beendet; Projektspitze bis Jahresende."
