"""Issue 14: the reasons a partner reads are addressed to them, with no percentages.

The program team reads the engine's reasons as analysis ("Their working styles are 96 % alike");
a partner reads why *they* were matched, in their language, naming the other by first name.
"""

import pytest
from django.utils import translation

from tandem.matching import reasons

TOPICS = {"ai": "AI"}
REASONS = [
    {"code": "topic", "points": 40, "details": {"topics": ["ai"]}},
    {"code": "availability", "points": 10, "details": {"shared_slots": 3}},
    {"code": "style", "points": 9.6, "details": {"similarity": 0.96}},
    {
        "code": "cross_department",
        "points": 5,
        "details": {"mentor_department": "IT", "mentee_department": "Finance"},
    },
    {"code": "location", "points": 5, "details": {"same_location": True}},
    {"code": "given", "points": 70, "details": {}},
]


def test_the_mentor_reads_about_the_mentee_and_is_addressed() -> None:
    with translation.override("en"):
        lines = reasons.describe_for_partners(REASONS, TOPICS, "mentor", "Martin")
    assert lines == [
        "You know about what Martin wants to learn: AI.",
        "You both have 3 time slots a week free.",
        "You like to work in very similar ways.",
        "You work in IT, Martin in Finance: each of you brings a view the other does not have.",
        "You work at the same location and can meet in person.",
        "The program team matched you with its own assessment.",
    ]


def test_the_mentee_reads_it_the_other_way_round_in_german() -> None:
    with translation.override("de"):
        lines = reasons.describe_for_partners(REASONS, TOPICS, "mentee", "Mia")
    assert lines[0] == "Mia kennt sich mit dem aus, was Sie lernen möchten: AI."
    assert lines[3].startswith("Sie arbeiten in Finance, Mia in IT")
    assert all("%" not in line for line in lines)
    assert all("Sie" in line or "Ihr" in line for line in lines[:5])


@pytest.mark.parametrize(
    ("similarity", "text"),
    [
        (0.96, "You like to work in very similar ways."),
        (0.7, "You like to work in similar ways."),
        (0.3, "Your ways of working complement each other."),
    ],
)
def test_working_style_is_told_in_words_not_percent(similarity: float, text: str) -> None:
    reason = {"code": "style", "details": {"similarity": similarity}}
    with translation.override("en"):
        assert reasons.describe_for_partner(reason, TOPICS, "mentee", "Mia") == text


def test_the_program_team_keeps_the_analysis() -> None:
    with translation.override("en"):
        assert reasons.describe_reason(REASONS[2], TOPICS) == "Their working styles are 96 % alike."
