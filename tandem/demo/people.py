"""The demo: Nordlicht Energie AG (about 500 people, 7 levels) and Südwind Handel GmbH.

Everything is drawn from seeded ``random.Random`` instances and fixed tables,
never from the clock or the global random state, so every seed yields the same
people, ids, teams and reporting lines. Plans are built in memory first
(``plan_nordlicht``, ``plan_suedwind``) and then written with a handful of
bulk queries. Callers run with tenant scopes disabled.
"""

import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q, QuerySet

from tandem.accounts.models import Language, User
from tandem.core.audit import record
from tandem.core.models import Membership, MembershipRole, Organization
from tandem.people.models import Employee, EmployeeStatus
from tandem.people.orgchart import recompute_reporting_paths

# Printed by `make run` for everyone to read: for the demo only, never for real accounts.
DEMO_PASSWORD = "Tandem-Demo-2026"  # noqa: S105
# The demo's authenticator app (AUTH-03 applies to its administrators and program manager):
# add it to any authenticator app, or let `make demo-code` print its current code.
DEMO_TOTP_SECRET = "KRAW4RCFJVHUI5DFNVXSAMRQGI3DEMZQ"  # noqa: S105

NORDLICHT = "nordlicht"
SUEDWIND = "suedwind"
REMOTE = "remote"

# Job levels, top down. The bottom level of Nordlicht has three flavours.
VORSTAND = "Vorstand"
BEREICHSLEITUNG = "Bereichsleitung"
ABTEILUNGSLEITUNG = "Abteilungsleitung"
TEAMLEITUNG = "Teamleitung"
SENIOR = "Senior"
FACHKRAFT = "Fachkraft"
AUSZUBILDENDE = "Auszubildende:r"
WERKSTUDENT = "Werkstudent:in"
TRAINEE = "Trainee"
GESCHAEFTSFUEHRUNG = "Geschäftsführung"
JUNIOR_LEVELS = (AUSZUBILDENDE, WERKSTUDENT, TRAINEE)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# First names by generation, so the board sounds like 1965 and the trainees like 2004.
_FIRST_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "older": (
        _words(
            "Sabine Petra Andrea Claudia Susanne Birgit Ute Karin Heike Martina Kerstin Silke "
            "Dörte Bärbel Jutta Ulrike Gesine Anke Regina Gudrun Angelika Elke"
        ),
        _words(
            "Jürgen Klaus Thomas Michael Andreas Frank Stefan Uwe Ralf Bernd Jörg Wolfgang Dirk "
            "Holger Matthias Günter Björn Rüdiger Detlef Hans-Jürgen Karl-Heinz Volker"
        ),
    ),
    "middle": (
        _words(
            "Julia Katharina Nina Sandra Stefanie Christina Miriam Jana Anna Melanie Nadine "
            "Svenja Maren Kathrin Sarah Vanessa Ayşe Natalia Inga Wiebke Franziska Jessica"
        ),
        _words(
            "Christian Daniel Sebastian Tobias Jan Florian Alexander Markus Tim Sven Patrick "
            "Dennis Marco Benjamin Sören Hauke Mehmet Piotr Timo Malte Philipp Kai"
        ),
    ),
    "young": (
        _words(
            "Lea Mia Hannah Emma Lena Sophie Leonie Marie Laura Johanna Aylin Zoe Clara Emily "
            "Amelie Greta Lina Mila Elif Frieda Merle Ida Jördis Maja"
        ),
        _words(
            "Finn Jonas Luca Leon Paul Ben Elias Noah Luis Felix Emil Mats Ole Moritz Nico "
            "Jannik Emre Can Yusuf Mattis Till Bjarne Lasse Tjark"
        ),
    ),
}
_LAST_NAMES = _words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Werner Krause Meier Lehmann Köhler Jäger Groß Weiß Böhm Voß Strauß Brandt Petersen "
    "Hansen Jensen Jürgensen Thomsen Carstensen Claußen Möller Haß Lüdemann Dreßler Kröger "
    "Büttner Janßen Ahrens Harms Behrens Tiedemann Sommer Fuchs Vogel Friedrich Keller Günther "
    "Berger Winkler Roth Lorenz Baumann Franke Albrecht Schuster Ludwig Böttcher Kühn Pohl Engel "
    "Horn Busch Bergmann Thiele Seidel Schubert Nowak Kowalski Yılmaz Öztürk Demir Kaya Nguyen "
    "Popescu Rossi Şahin"
)
# Family languages that some, not all, people with these names speak.
_HERITAGE = {
    "Yılmaz": "tr",
    "Öztürk": "tr",
    "Demir": "tr",
    "Kaya": "tr",
    "Şahin": "tr",
    "Nowak": "pl",
    "Kowalski": "pl",
    "Nguyen": "vi",
    "Popescu": "ro",
    "Rossi": "it",
}
_OTHER_LANGUAGES = ("fr", "es", "da", "nl", "sv", "it", "pl", "ru")
_ENGLISH_SHARE = {"older": 0.55, "middle": 0.8, "young": 0.93}


_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})


@dataclass(frozen=True)
class Persona:
    """A fixed person behind a demo login, so the printed logins never change."""

    first_name: str
    last_name: str
    language: str = Language.GERMAN


MENTEE = Persona("Jürgen", "Weiß")
MENTOR = Persona("Aylin", "Öztürk", language=Language.ENGLISH)
PROGRAM_MANAGER = Persona("Katharina", "Schäfer")


def email_local_part(first_name: str, last_name: str) -> str:
    """``Jürgen``, ``Weiß`` → ``juergen.weiss``: German transliteration, then plain ASCII."""
    text = f"{first_name}.{last_name}".lower().translate(_TRANSLITERATION).replace(" ", "-")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@dataclass(frozen=True)
class DemoLogin:
    role_de: str
    role_en: str
    email: str
    sees: str


DEMO_LOGINS = (
    DemoLogin(
        "Administration",
        "Administration",
        f"admin@{NORDLICHT}.example",
        "people, HR import and audit log of Nordlicht",
    ),
    DemoLogin(
        "Programmleitung",
        "Program manager",
        f"programm@{NORDLICHT}.example",
        "people and org chart, programs and matching; never tandem content",
    ),
    DemoLogin(
        "Beobachter:in",
        "Observer",
        f"betriebsrat@{NORDLICHT}.example",
        "anonymised aggregates only (groups of 5 or more)",
    ),
    DemoLogin(
        "Mentee",
        "Mentee",
        f"{email_local_part(MENTEE.first_name, MENTEE.last_name)}@{NORDLICHT}.example",
        "own pages only: tandem, learning plan, feedback (Bereichsleitung Vertrieb)",
    ),
    DemoLogin(
        "Mentor:in",
        "Mentor",
        f"{email_local_part(MENTOR.first_name, MENTOR.last_name)}@{NORDLICHT}.example",
        "own pages only: tandem, takeaways, feedback (Werkstudentin IT, English UI)",
    ),
    DemoLogin(
        "Administration",
        "Administration",
        f"admin@{SUEDWIND}.example",
        "Südwind Handel GmbH only: Nordlicht answers 404",
    ),
)


@dataclass(eq=False)
class PlannedEmployee:
    employee_id: str
    first_name: str
    last_name: str
    email: str
    department: str
    team: str
    job_level: str
    location: str
    languages: list[str]
    supervisor: "PlannedEmployee | None"
    status: str = EmployeeStatus.ACTIVE
    appraisers: list["PlannedEmployee"] = field(default_factory=list)
    reports: int = 0

    @property
    def depth(self) -> int:
        return 0 if self.supervisor is None else self.supervisor.depth + 1


@dataclass(frozen=True)
class PlannedLogin:
    email: str
    first_name: str
    last_name: str
    language: str
    role: MembershipRole | None = None
    employee: PlannedEmployee | None = None


@dataclass
class OrganizationPlan:
    name: str
    slug: str
    people: list[PlannedEmployee]
    logins: list[PlannedLogin]


class _Roster:
    """Hands out people with unique ids and e-mail addresses and generation-fitting names."""

    def __init__(self, *, seed: int, id_prefix: str, domain: str, reserved: Iterable[str]) -> None:
        # Reproducible fake data, not security: a seeded Mersenne Twister is the point.
        self.rng = random.Random(seed)  # noqa: S311
        self.people: list[PlannedEmployee] = []
        self._id_prefix = id_prefix
        self._domain = domain
        self._emails = set(reserved)
        self._number = 0

    def hire(
        self,
        *,
        generation: str,
        department: str,
        team: str,
        job_level: str,
        location: str,
        supervisor: PlannedEmployee | None,
    ) -> PlannedEmployee:
        rng = self.rng
        female, male = _FIRST_NAMES[generation]
        first_name = rng.choice(female if rng.random() < 0.5 else male)
        last_name = rng.choice(_LAST_NAMES)
        # Gaps between HR numbers: people who left long ago keep theirs.
        self._number += rng.randint(1, 3)
        person = PlannedEmployee(
            employee_id=f"{self._id_prefix}-{self._number:05d}",
            first_name=first_name,
            last_name=last_name,
            email=self._unique_email(first_name, last_name),
            department=department,
            team=team,
            job_level=job_level,
            location=location,
            languages=self._languages(generation, last_name),
            supervisor=supervisor,
        )
        if supervisor is not None:
            supervisor.reports += 1
        self.people.append(person)
        return person

    def cast(self, person: PlannedEmployee, persona: Persona) -> None:
        """Give a planned slot the fixed identity of a demo login (its address is reserved)."""
        person.first_name, person.last_name = persona.first_name, persona.last_name
        person.email = f"{email_local_part(persona.first_name, persona.last_name)}@{self._domain}"
        if persona.language not in person.languages:
            person.languages.append(persona.language)

    def _unique_email(self, first_name: str, last_name: str) -> str:
        local = email_local_part(first_name, last_name)
        candidate, suffix = f"{local}@{self._domain}", 1
        while candidate in self._emails:
            suffix += 1
            candidate = f"{local}{suffix}@{self._domain}"
        self._emails.add(candidate)
        return candidate

    def _languages(self, generation: str, last_name: str) -> list[str]:
        rng = self.rng
        languages = ["de"]
        if rng.random() < _ENGLISH_SHARE[generation]:
            languages.append("en")
        heritage = _HERITAGE.get(last_name)
        if heritage is not None and rng.random() < 0.7:
            languages.append(heritage)
        elif rng.random() < 0.1:
            languages.append(rng.choice(_OTHER_LANGUAGES))
        return list(dict.fromkeys(languages))


@dataclass(frozen=True)
class _Bereich:
    name: str
    code: str
    board: str  # the Vorstand portfolio it reports to
    departments: int  # Abteilungen
    teams: tuple[int, int]  # teams per Abteilung
    team_size: tuple[int, int]  # Fachkräfte per team
    locations: tuple[str, ...]  # repeated entries weigh more
    remote_share: float = 0.06


# Sites by licence-plate code; the first one listed is where the Bereichsleitung sits.
HH, H, HB, KI = "Hamburg", "Hannover", "Bremen", "Kiel"
_NORDLICHT_BEREICHE = (
    _Bereich("Vertrieb", "VT", "vorsitz", 3, (2, 3), (4, 7), (HH, HH, H, HB, KI)),
    _Bereich("Marketing & Kommunikation", "MK", "vorsitz", 2, (1, 2), (3, 5), (HH,)),
    _Bereich("Recht & Compliance", "RC", "vorsitz", 2, (1, 1), (3, 4), (HH,)),
    _Bereich("Kundenservice", "KS", "vorsitz", 2, (2, 3), (6, 8), (HB, HB, HH, KI)),
    _Bereich("Finanzen", "FI", "finanzen", 2, (2, 2), (4, 6), (HH,)),
    _Bereich("Einkauf", "EK", "finanzen", 2, (1, 2), (3, 5), (HH, H)),
    _Bereich("IT", "IT", "finanzen", 3, (2, 2), (4, 7), (HH, HH, H), remote_share=0.2),
    _Bereich("Personal", "HR", "personal", 2, (2, 2), (3, 5), (HH, HH, H)),
    _Bereich("Produktion", "PR", "technik", 3, (2, 3), (6, 9), (KI, KI, HB, HB)),
    _Bereich("Netzbetrieb", "NB", "technik", 3, (2, 3), (6, 8), (H, H, HB, KI, HH)),
    _Bereich("Projektentwicklung", "PJ", "technik", 1, (2, 2), (3, 5), (HH, KI)),
)
_BOARD = ("vorsitz", "finanzen", "technik", "personal")  # the first one chairs the board


def _nordlicht_address(local: str) -> str:
    return f"{local}@{NORDLICHT}.example"


def plan_nordlicht() -> OrganizationPlan:
    """Nordlicht Energie AG: Vorstand → … → Auszubildende, Werkstudierende and Trainees."""
    domain = f"{NORDLICHT}.example"
    personas = (MENTEE, MENTOR, PROGRAM_MANAGER)
    roster = _Roster(
        seed=20260401,
        id_prefix="NL",
        domain=domain,
        reserved=[
            _nordlicht_address(email_local_part(p.first_name, p.last_name)) for p in personas
        ],
    )
    rng = roster.rng

    def older() -> str:
        return "older" if rng.random() < 0.75 else "middle"

    chair = roster.hire(
        generation="older", department=VORSTAND, team="VS", job_level=VORSTAND,
        location=HH, supervisor=None,
    )  # fmt: skip
    board = {"vorsitz": chair}
    for portfolio in _BOARD[1:]:
        board[portfolio] = roster.hire(
            generation=older(), department=VORSTAND, team="VS", job_level=VORSTAND,
            location=HH, supervisor=chair,
        )  # fmt: skip

    heads: dict[str, PlannedEmployee] = {}
    juniors_by_code: dict[str, list[PlannedEmployee]] = {}
    seniors_by_code: dict[str, list[PlannedEmployee]] = {}
    for bereich in _NORDLICHT_BEREICHE:
        code, name = bereich.code, bereich.name
        head = roster.hire(
            generation=older(), department=name, team=f"{code}-L", job_level=BEREICHSLEITUNG,
            location=bereich.locations[0], supervisor=board[bereich.board],
        )  # fmt: skip
        heads[code] = head
        team_number = 0
        for _ in range(bereich.departments):
            department_head = roster.hire(
                generation=older(), department=name, team=f"{code}-L",
                job_level=ABTEILUNGSLEITUNG, location=rng.choice(bereich.locations),
                supervisor=head,
            )  # fmt: skip
            for _ in range(rng.randint(*bereich.teams)):
                team_number += 1
                seniors, juniors = _staff_team(
                    roster, bereich, team_number=team_number, boss=department_head
                )
                seniors_by_code.setdefault(code, []).extend(seniors)
                juniors_by_code.setdefault(code, []).extend(juniors)

    mentee = heads["VT"]
    mentor = juniors_by_code["IT"][0]
    mentor.job_level = WERKSTUDENT
    program_manager = seniors_by_code["HR"][0]
    for person, persona in ((mentee, MENTEE), (mentor, MENTOR), (program_manager, PROGRAM_MANAGER)):
        roster.cast(person, persona)
    protected = {mentee, mentor, program_manager}

    _add_appraisals(
        rng,
        people=roster.people,
        heads=heads,
        hr_partners=seniors_by_code["HR"][1:],
        mentee=mentee,
        protected=protected,
    )
    _add_absences(rng, roster.people, protected)

    logins = [
        PlannedLogin(
            _nordlicht_address("admin"), "Lars", "Petersen", Language.GERMAN, MembershipRole.ADMIN
        ),
        PlannedLogin(
            _nordlicht_address("programm"),
            PROGRAM_MANAGER.first_name,
            PROGRAM_MANAGER.last_name,
            PROGRAM_MANAGER.language,
            MembershipRole.PROGRAM_MANAGER,
            program_manager,
        ),
        PlannedLogin(
            _nordlicht_address("betriebsrat"),
            "Holger",
            "Brandt",
            Language.GERMAN,
            MembershipRole.OBSERVER,
        ),
        PlannedLogin(
            mentee.email, MENTEE.first_name, MENTEE.last_name, MENTEE.language, None, mentee
        ),
        PlannedLogin(
            mentor.email, MENTOR.first_name, MENTOR.last_name, MENTOR.language, None, mentor
        ),
    ]
    return OrganizationPlan("Nordlicht Energie AG", NORDLICHT, roster.people, logins)


def _staff_team(
    roster: _Roster, bereich: _Bereich, *, team_number: int, boss: PlannedEmployee
) -> tuple[list[PlannedEmployee], list[PlannedEmployee]]:
    """One team: a Teamleitung, seniors, specialists, and juniors under the seniors."""
    rng = roster.rng
    team, home = f"{bereich.code}-{team_number}", rng.choice(bereich.locations)

    def hire(generation: str, level: str, supervisor: PlannedEmployee) -> PlannedEmployee:
        # Apprentices learn on site; everyone else below the Teamleitung may work remotely.
        mobile = level not in (TEAMLEITUNG, AUSZUBILDENDE)
        remote = mobile and rng.random() < bereich.remote_share
        return roster.hire(
            generation=generation, department=bereich.name, team=team, job_level=level,
            location=REMOTE if remote else home, supervisor=supervisor,
        )  # fmt: skip

    lead = hire(rng.choice(("older", "middle", "middle")), TEAMLEITUNG, boss)
    seniors = [
        hire(rng.choice(("older", "middle")), SENIOR, lead) for _ in range(rng.choice((1, 1, 2)))
    ]
    for _ in range(rng.randint(*bereich.team_size)):
        hire(rng.choice(("older", "middle", "middle", "young")), FACHKRAFT, lead)
    # Every Bereich trains someone: its first team always has a junior.
    count = rng.choice((0, 0, 1, 1, 2)) or (1 if team_number == 1 else 0)
    juniors = [
        hire("young", rng.choices(JUNIOR_LEVELS, weights=(45, 35, 20))[0], rng.choice(seniors))
        for _ in range(count)
    ]
    return seniors, juniors


def _add_appraisals(
    rng: random.Random,
    *,
    people: list[PlannedEmployee],
    heads: dict[str, PlannedEmployee],
    hr_partners: list[PlannedEmployee],
    mentee: PlannedEmployee,
    protected: set[PlannedEmployee],
) -> None:
    """About fifteen appraisals with someone besides the line manager involved.

    Three kinds that occur in practice: the Bereichsleitung joins a Teamleitung's
    appraisal (skip level), an HR business partner joins a specialist's, and the
    head of a trainee's rotation station joins the trainee's. One trainee rotates
    through the mentee's Bereich, so matching has a visible appraisal exclusion.
    """

    def candidates(level: str) -> list[PlannedEmployee]:
        return [p for p in people if p.job_level == level and p not in protected]

    for lead in rng.sample(candidates(TEAMLEITUNG), 6):
        lead.appraisers.append(heads[_code(lead)])
    specialists = [p for p in candidates(FACHKRAFT) if p.department != "Personal"]
    for specialist in rng.sample(specialists, 5):
        specialist.appraisers.append(rng.choice(hr_partners))
    trainees = [p for p in candidates(TRAINEE) if p.department != mentee.department]
    for index, trainee in enumerate(rng.sample(trainees, min(4, len(trainees)))):
        stations = [h for code, h in heads.items() if code != _code(trainee)]
        trainee.appraisers.append(mentee if index == 0 else rng.choice(stations))


def _add_absences(
    rng: random.Random, people: list[PlannedEmployee], protected: set[PlannedEmployee]
) -> None:
    """A few people on leave (parental leave, sabbatical) and two who have left."""
    # Only people without reports: nobody's manager disappears from the chart.
    pool = [
        p
        for p in people
        if p.job_level in (SENIOR, FACHKRAFT) and p.reports == 0 and p not in protected
    ]
    chosen = rng.sample(pool, 9)
    for person in chosen[:7]:
        person.status = EmployeeStatus.LEAVE
    for person in chosen[7:]:
        person.status = EmployeeStatus.TERMINATED


def _code(person: PlannedEmployee) -> str:
    return person.team.split("-", 1)[0]


_SUEDWIND_ABTEILUNGEN = (
    ("Einkauf", "EK", 2, "Stuttgart"),
    ("Vertrieb", "VT", 2, "Stuttgart"),
    ("Logistik", "LO", 2, "Karlsruhe"),
    ("Verwaltung", "VW", 1, "Freiburg"),
)


def plan_suedwind() -> OrganizationPlan:
    """Südwind Handel GmbH: four levels, about forty people, its own admin."""
    roster = _Roster(seed=20260402, id_prefix="SW", domain=f"{SUEDWIND}.example", reserved=())
    rng = roster.rng
    ceo = roster.hire(
        generation="older", department=GESCHAEFTSFUEHRUNG, team="GF",
        job_level=GESCHAEFTSFUEHRUNG, location="Stuttgart", supervisor=None,
    )  # fmt: skip
    for name, code, teams, home in _SUEDWIND_ABTEILUNGEN:
        head = roster.hire(
            generation="older", department=name, team=f"{code}-L",
            job_level=ABTEILUNGSLEITUNG, location=home, supervisor=ceo,
        )  # fmt: skip
        for number in range(1, teams + 1):
            team = f"{code}-{number}"
            lead = roster.hire(
                generation="middle", department=name, team=team, job_level=TEAMLEITUNG,
                location=home, supervisor=head,
            )  # fmt: skip
            for _ in range(rng.randint(3, 5)):
                roster.hire(
                    generation=rng.choice(("older", "middle", "young")), department=name,
                    team=team, job_level=FACHKRAFT,
                    location=REMOTE if rng.random() < 0.1 else home, supervisor=lead,
                )  # fmt: skip
    admin = PlannedLogin(
        f"admin@{SUEDWIND}.example", "Elena", "Vogt", Language.GERMAN, MembershipRole.ADMIN
    )
    return OrganizationPlan("Südwind Handel GmbH", SUEDWIND, roster.people, [admin])


def demo_plans() -> list[OrganizationPlan]:
    return [plan_nordlicht(), plan_suedwind()]


def seed_demo() -> dict[str, int]:
    """Create each demo organisation that does not exist yet; {name: people} of those created.

    An existing demo organisation is left exactly as it is, so a second run
    changes nothing.
    """
    missing = [
        plan for plan in demo_plans() if not Organization.objects.filter(slug=plan.slug).exists()
    ]
    if not missing:
        return {}
    # One hash for all demo accounts: the password is public anyway, and each
    # PBKDF2 round costs a third of a second.
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        for plan in missing:
            _create(plan, password_hash)
    return {plan.name: len(plan.people) for plan in missing}


def delete_demo() -> None:
    """Remove both demo organisations with everything in them, and the demo users."""
    with transaction.atomic():
        organizations = Organization.objects.filter(slug__in=[NORDLICHT, SUEDWIND])
        users = list(demo_users().values_list("pk", flat=True))
        organizations.delete()
        User.objects.filter(pk__in=users).delete()


def demo_users() -> "QuerySet[User]":
    """The logins of the demo organisations: those with a role there or linked to a person."""
    demo = [NORDLICHT, SUEDWIND]
    return User.objects.filter(
        Q(memberships__organization__slug__in=demo) | Q(employments__organization__slug__in=demo)
    ).distinct()


def _create(plan: OrganizationPlan, password_hash: str) -> Organization:
    organization = Organization.objects.create(name=plan.name, slug=plan.slug)
    users = User.objects.bulk_create(
        [
            User(
                email=login.email,
                password=password_hash,
                first_name=login.first_name,
                last_name=login.last_name,
                language=login.language,
            )
            for login in plan.logins
        ]
    )
    # Demo logins stand for people who followed their invitation: their addresses are verified.
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
    )
    Membership.objects.bulk_create(
        [
            Membership(organization=organization, user=user, role=login.role)
            for login, user in zip(plan.logins, users, strict=True)
            if login.role is not None
        ]
    )
    for login, user in zip(plan.logins, users, strict=True):
        if login.role in (MembershipRole.ADMIN, MembershipRole.PROGRAM_MANAGER):
            TOTP.activate(user, DEMO_TOTP_SECRET)
    user_of = {
        login.employee.employee_id: user
        for login, user in zip(plan.logins, users, strict=True)
        if login.employee is not None
    }
    saved: dict[str, Employee] = {}
    # Level by level, so every supervisor has its primary key before its reports are written.
    for depth in range(max(person.depth for person in plan.people) + 1):
        batch = [
            Employee(
                organization=organization,
                employee_id=person.employee_id,
                first_name=person.first_name,
                last_name=person.last_name,
                email=person.email,
                department=person.department,
                team=person.team,
                job_level=person.job_level,
                location=person.location,
                languages=person.languages,
                status=person.status,
                supervisor=saved[person.supervisor.employee_id] if person.supervisor else None,
                user=user_of.get(person.employee_id),
            )
            for person in plan.people
            if person.depth == depth
        ]
        saved.update((e.employee_id, e) for e in Employee.objects.bulk_create(batch))
    Appraisal = Employee.appraisers.through
    Appraisal.objects.bulk_create(
        [
            Appraisal(
                from_employee=saved[person.employee_id],
                to_employee=saved[appraiser.employee_id],
            )
            for person in plan.people
            for appraiser in person.appraisers
        ]
    )
    recompute_reporting_paths(organization)
    record(
        organization=organization,
        actor=None,
        action="demo.seeded",
        obj=organization,
        changes={"employees": [0, len(plan.people)], "logins": [0, len(plan.logins)]},
    )
    return organization
