"""Random but realistic programs, for property tests, benchmarks and demos.

An org chart of ``org_factor`` × the participants (teams = people with the same
supervisor, departments = the units below the top), mentees drawn from the upper half of
the chart and mentors from the lower half, a skewed topic catalogue, languages, weekly
slots, working-style answers and a few appraisal links, exclusions and earlier pairings.
A share of the mentees (``declining``) decline one or two topics outside their goals; those
draws come from a generator of their own, so the rest of a program does not depend on it.
"""

import random

from tandem.matching.engine.types import (
    Mentee,
    Mentor,
    Objective,
    Org,
    Personal,
    Problem,
    Rules,
)

LANGUAGES = ("de", "en", "fr", "tr", "pl")
SLOTS = tuple(f"{day}-{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in "ap")
CITIES = ("Berlin", "Hamburg", "Munich", "Cologne", "Leipzig")
STYLE_QUESTIONS = 6


def random_problem(
    seed: int,
    mentors: int,
    mentees: int,
    *,
    topics: int = 20,
    org_factor: int = 10,
    max_capacity: int = 2,
    objective: Objective = "total",
    rules: Rules | None = None,
    fixed: int = 0,
    pairs_excluded: int = 0,
    given_scores: bool = False,
    declining: float = 0.3,
) -> Problem:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    decline_rng = random.Random(f"declined-{seed}")  # noqa: S311
    size = max(org_factor * (mentors + mentees), mentors + mentees + 1)
    ids = [f"E{k:06d}" for k in range(size)]
    boss = [None] + [rng.randrange(max(0, k - 12), k) for k in range(1, size)]
    unit = _departments(boss)
    half = size // 2
    mentee_at = sorted(rng.sample(range(half), min(mentees, half)))
    mentor_at = sorted(rng.sample(range(half, size), min(mentors, size - half)))
    catalogue = [f"topic{t:02d}" for t in range(topics)]
    popularity = [1.0 / (t + 1) for t in range(topics)]

    def personal(k: int) -> Personal:
        return {
            "team": f"T{boss[k]}" if boss[k] is not None else None,
            "department": f"D{unit[k]}",
            "languages": frozenset(["de"] if rng.random() < 0.7 else rng.sample(LANGUAGES, 2)),
            "availability": frozenset(rng.sample(SLOTS, rng.randint(1, 4))),
            "style": tuple(float(rng.randint(1, 5)) for _ in range(STYLE_QUESTIONS)),
            "location": rng.choice(CITIES),
            "remote": rng.random() < 0.7,
        }

    mentor_list = []
    for k in mentor_at:
        offered = set(rng.choices(catalogue, popularity, k=rng.randint(2, 4)))
        levels = {t: rng.randint(1, 5) for t in sorted(offered)}
        verified = {t: rng.randint(1, 5) for t in sorted(offered) if rng.random() < 0.3}
        mentor_list.append(
            Mentor(
                id=ids[k],
                capacity=rng.randint(1, max_capacity),
                topics=levels,
                verified=verified,
                **personal(k),
            )
        )
    mentee_list = []
    for k in mentee_at:
        wanted = set(rng.choices(catalogue, popularity, k=rng.randint(1, 3)))
        others = [t for t in range(topics) if catalogue[t] not in wanted]
        declined: frozenset[str] = frozenset()
        if others and decline_rng.random() < declining:
            weights = [popularity[t] for t in others]
            picks = [catalogue[t] for t in decline_rng.choices(others, weights, k=2)]
            declined = frozenset(picks[: decline_rng.randint(1, 2)])
        mentee_list.append(
            Mentee(
                id=ids[k],
                goals={t: rng.randint(1, 5) for t in sorted(wanted)},
                declined=declined,
                **personal(k),
            )
        )
    supervisors = {ids[k]: (ids[b] if b is not None else None) for k, b in enumerate(boss)}
    appraisers = {
        ids[k]: frozenset([ids[rng.randrange(half)]]) for k in mentor_at if rng.random() < 0.3
    }
    pairs = (
        [
            (m.id, e.id)
            for m, e in zip(
                rng.choices(mentor_list, k=pairs_excluded * 2),
                rng.choices(mentee_list, k=pairs_excluded * 2),
                strict=True,
            )
        ]
        if mentor_list and mentee_list
        else []
    )
    fixed_pairs = _fixed(rng, mentor_list, mentee_list, fixed)
    scores = None
    if given_scores:
        scores = {
            m.id: {e.id: float(rng.randint(0, 400)) / 4 for e in mentee_list if rng.random() < 0.7}
            for m in mentor_list
        }
    return Problem(
        mentors=tuple(mentor_list),
        mentees=tuple(mentee_list),
        org=Org(supervisors=supervisors, appraisers=appraisers),
        rules=rules or Rules(),
        fixed=fixed_pairs,
        excluded=tuple(p for p in pairs[:pairs_excluded] if p not in fixed_pairs),
        earlier=tuple(pairs[pairs_excluded:]),
        objective=objective,
        scores=scores,
    )


def _departments(boss: list[int | None]) -> list[int]:
    """The unit right below the top of each person's chain (bosses come before staff)."""
    unit = [0] * len(boss)
    for k, b in enumerate(boss):
        unit[k] = k if b is None or boss[b] is None else unit[b]
    return unit


def _fixed(
    rng: random.Random, mentors: list[Mentor], mentees: list[Mentee], count: int
) -> tuple[tuple[str, str], ...]:
    chosen_mentees = rng.sample(mentees, min(count, len(mentees), len(mentors)))
    chosen_mentors = rng.sample(mentors, len(chosen_mentees))
    return tuple((m.id, e.id) for m, e in zip(chosen_mentors, chosen_mentees, strict=True))
