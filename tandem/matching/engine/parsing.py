"""Turn the PROBLEM JSON (already decoded) into a validated :class:`Problem`.

Every shape error is collected with its JSON path, so one run reports them all.
"""

from collections.abc import Mapping
from typing import cast

from tandem.matching.engine.errors import ProblemError
from tandem.matching.engine.types import (
    COMPONENTS,
    OBJECTIVES,
    Mentee,
    Mentor,
    Objective,
    Org,
    Personal,
    Problem,
    Rules,
    Weights,
)
from tandem.matching.engine.validation import validate

RULE_NAMES = tuple(Rules.__dataclass_fields__)
TOP_LEVEL = (
    "mentors",
    "mentees",
    "org",
    "rules",
    "weights",
    "fixed",
    "excluded",
    "earlier",
    "objective",
    "scores",
)


class _Reader:
    """Typed accessors that record an error (with its path) instead of raising."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def obj(self, value: object, path: str) -> Mapping[str, object]:
        if isinstance(value, dict):
            return cast(Mapping[str, object], value)
        self.fail(path, "must be an object")
        return {}

    def array(self, value: object, path: str) -> list[object]:
        if isinstance(value, list):
            return value
        self.fail(path, "must be a list")
        return []

    def text(self, value: object, path: str) -> str:
        if isinstance(value, str) and value:
            return value
        self.fail(path, "must be a non-empty string")
        return ""

    def optional_text(self, value: object, path: str) -> str | None:
        return None if value is None else self.text(value, path)

    def integer(self, value: object, path: str) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.fail(path, "must be an integer")
        return 1

    def number(self, value: object, path: str) -> float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        self.fail(path, "must be a number")
        return 0.0

    def flag(self, value: object, path: str) -> bool:
        if isinstance(value, bool):
            return value
        self.fail(path, "must be true or false")
        return False

    def texts(self, value: object, path: str) -> frozenset[str]:
        items = self.array(value, path)
        return frozenset(self.text(item, f"{path}[{i}]") for i, item in enumerate(items))

    def levels(self, value: object, path: str) -> dict[str, int]:
        return {
            key: self.integer(level, f"{path}.{key}")
            for key, level in self.obj(value, path).items()
        }

    def style(self, value: object, path: str) -> tuple[float, ...]:
        items = self.array(value, path)
        return tuple(self.number(item, f"{path}[{i}]") for i, item in enumerate(items))

    def pairs(self, value: object, path: str) -> tuple[tuple[str, str], ...]:
        result = []
        for i, item in enumerate(self.array(value, path)):
            pair = self.array(item, f"{path}[{i}]")
            if len(pair) != 2:
                self.fail(f"{path}[{i}]", "must be a [mentor_id, mentee_id] pair")
                continue
            result.append(
                (self.text(pair[0], f"{path}[{i}][0]"), self.text(pair[1], f"{path}[{i}][1]"))
            )
        return tuple(result)

    def known_keys(self, data: Mapping[str, object], allowed: tuple[str, ...], path: str) -> None:
        for key in sorted(set(data) - set(allowed)):
            self.fail(path, f"unknown field {key!r} (expected one of {', '.join(allowed)})")


def problem_from_dict(data: object) -> Problem:
    """Parse and validate a decoded PROBLEM.json; raise :class:`ProblemError` on bad input."""
    read = _Reader()
    root = read.obj(data, "problem")
    read.known_keys(root, TOP_LEVEL, "problem")
    for required in ("mentors", "mentees"):
        if required not in root:
            read.fail("problem", f"missing field {required!r}")
    mentors = tuple(
        _mentor(read, item, f"mentors[{i}]")
        for i, item in enumerate(read.array(root.get("mentors", []), "mentors"))
    )
    mentees = tuple(
        _mentee(read, item, f"mentees[{i}]")
        for i, item in enumerate(read.array(root.get("mentees", []), "mentees"))
    )
    objective = root.get("objective", "total")
    if objective not in OBJECTIVES:
        read.fail("objective", f"must be one of {', '.join(OBJECTIVES)}")
        objective = "total"
    problem = Problem(
        mentors=mentors,
        mentees=mentees,
        org=_org(read, root.get("org", {})),
        rules=Rules(**_flags(read, root.get("rules", {}), RULE_NAMES, "rules")),
        weights=Weights(**_numbers(read, root.get("weights", {}), COMPONENTS, "weights")),
        fixed=read.pairs(root.get("fixed", []), "fixed"),
        excluded=read.pairs(root.get("excluded", []), "excluded"),
        earlier=read.pairs(root.get("earlier", []), "earlier"),
        objective=cast(Objective, objective),
        scores=_scores(read, root["scores"]) if root.get("scores") is not None else None,
    )
    if read.errors:
        raise ProblemError(read.errors)
    validate(problem)
    return problem


MENTOR_FIELDS = (
    "id",
    "capacity",
    "team",
    "department",
    "languages",
    "topics",
    "verified",
    "availability",
    "style",
    "location",
    "remote",
)
MENTEE_FIELDS = (
    "id",
    "team",
    "department",
    "languages",
    "goals",
    "declined",
    "availability",
    "style",
    "location",
    "remote",
)


def _mentor(read: _Reader, value: object, path: str) -> Mentor:
    data = read.obj(value, path)
    read.known_keys(data, MENTOR_FIELDS, path)
    return Mentor(
        id=read.text(data.get("id"), f"{path}.id"),
        capacity=read.integer(data.get("capacity", 1), f"{path}.capacity"),
        topics=read.levels(data.get("topics", {}), f"{path}.topics"),
        verified=read.levels(data.get("verified", {}), f"{path}.verified"),
        **_personal(read, data, path),
    )


def _mentee(read: _Reader, value: object, path: str) -> Mentee:
    data = read.obj(value, path)
    read.known_keys(data, MENTEE_FIELDS, path)
    return Mentee(
        id=read.text(data.get("id"), f"{path}.id"),
        goals=read.levels(data.get("goals", {}), f"{path}.goals"),
        declined=read.texts(data.get("declined", []), f"{path}.declined"),
        **_personal(read, data, path),
    )


def _personal(read: _Reader, data: Mapping[str, object], path: str) -> Personal:
    return {
        "team": read.optional_text(data.get("team"), f"{path}.team"),
        "department": read.optional_text(data.get("department"), f"{path}.department"),
        "languages": read.texts(data.get("languages", []), f"{path}.languages"),
        "availability": read.texts(data.get("availability", []), f"{path}.availability"),
        "style": read.style(data.get("style", []), f"{path}.style"),
        "location": read.optional_text(data.get("location"), f"{path}.location"),
        "remote": read.flag(data.get("remote", True), f"{path}.remote"),
    }


def _org(read: _Reader, value: object) -> Org:
    data = read.obj(value, "org")
    read.known_keys(data, ("supervisors", "appraisers"), "org")
    supervisors = {
        employee: read.optional_text(boss, f"org.supervisors.{employee}")
        for employee, boss in read.obj(data.get("supervisors", {}), "org.supervisors").items()
    }
    appraisers = {
        employee: read.texts(people, f"org.appraisers.{employee}")
        for employee, people in read.obj(data.get("appraisers", {}), "org.appraisers").items()
    }
    return Org(supervisors=supervisors, appraisers=appraisers)


def _flags(read: _Reader, value: object, names: tuple[str, ...], path: str) -> dict[str, bool]:
    data = read.obj(value, path)
    read.known_keys(data, names, path)
    return {key: read.flag(flag, f"{path}.{key}") for key, flag in data.items() if key in names}


def _numbers(read: _Reader, value: object, names: tuple[str, ...], path: str) -> dict[str, float]:
    data = read.obj(value, path)
    read.known_keys(data, names, path)
    return {key: read.number(num, f"{path}.{key}") for key, num in data.items() if key in names}


def _scores(read: _Reader, value: object) -> dict[str, dict[str, float]]:
    return {
        mentor: {
            mentee: read.number(score, f"scores.{mentor}.{mentee}")
            for mentee, score in read.obj(row, f"scores.{mentor}").items()
        }
        for mentor, row in read.obj(value, "scores").items()
    }
