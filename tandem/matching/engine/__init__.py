"""Tandem matching engine: optimal, explainable mentor–mentee matching (pure Python).

The public API: build a :class:`Problem` (or parse one with :func:`problem_from_dict`),
call :func:`solve`, read the :class:`Result`; ask :func:`why_not` about any pair.
"""

from tandem.matching.engine.errors import ProblemError
from tandem.matching.engine.matcher import rules_broken, solve, why_not
from tandem.matching.engine.parsing import problem_from_dict
from tandem.matching.engine.serialize import result_to_dict, why_not_to_dict
from tandem.matching.engine.types import (
    Mentee,
    Mentor,
    Objective,
    Org,
    Pair,
    Problem,
    Quality,
    Reason,
    Result,
    Rules,
    Unmatched,
    Weights,
    WhyNot,
)

__all__ = [
    "Mentee",
    "Mentor",
    "Objective",
    "Org",
    "Pair",
    "Problem",
    "ProblemError",
    "Quality",
    "Reason",
    "Result",
    "Rules",
    "Unmatched",
    "Weights",
    "WhyNot",
    "problem_from_dict",
    "result_to_dict",
    "rules_broken",
    "solve",
    "why_not",
    "why_not_to_dict",
]
