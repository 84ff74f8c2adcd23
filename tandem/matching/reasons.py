"""The engine's reason codes and values told as sentences, in the active language.

The engine explains itself with codes and plain values (docs/matching.md);
pages and e-mails call these functions while the reader's language is active,
so the same stored result reads in German for one partner and in English for
the other. Topic keys are named through ``topics`` (key → a catalogue entry or
name, resolved when the sentence is built).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

type Topics = Mapping[str, object]

COMPONENT_LABELS = {
    "topic": gettext_lazy("Topics"),
    "style": gettext_lazy("Working style"),
    "availability": gettext_lazy("Free time"),
    "cross_department": gettext_lazy("Different departments"),
    "location": gettext_lazy("Location"),
    "given": gettext_lazy("Given score"),
}

RULES = {
    "same_person": gettext_lazy("Mentor and mentee are the same person."),
    "reporting_line": gettext_lazy("One of them is above the other in the reporting line."),
    "same_team": gettext_lazy("They work in the same team."),
    "appraisal": gettext_lazy("One of them is involved in the other's appraisal."),
    "same_department": gettext_lazy(
        "They work in the same department, which this cohort rules out."
    ),
    "no_shared_language": gettext_lazy("They have no language in common."),
    "no_common_availability": gettext_lazy("They have no free time slot in common."),
    "no_topic_overlap": gettext_lazy("The mentor offers none of the mentee's learning goals."),
    "declined_topic": gettext_lazy(
        "The mentor offers only topics the mentee does not want to learn."
    ),
    "earlier_pairing": gettext_lazy("They were already a tandem in an earlier cohort."),
    "excluded": gettext_lazy("The program team has excluded this pair."),
    "no_score": gettext_lazy("No compatibility score was supplied for this pair."),
}


def points(value: float | None) -> str:
    """A score or a number of points with one decimal, in the reader's number format."""
    return number_format(value or 0.0, 1)


def signed_points(value: float | None) -> str:
    text = points(abs(value or 0.0))
    if value is None or round(value, 1) == 0:
        return text
    return f"+{text}" if value > 0 else f"−{text}"


def component_label(code: str) -> str:
    return str(COMPONENT_LABELS.get(code, code))


def topic_names(keys: Iterable[str], topics: Topics) -> str:
    return ", ".join(str(topics.get(key, key)) for key in keys)


def _topic(details: Mapping[str, Any], topics: Topics) -> str:
    names = topic_names(details.get("topics") or (), topics)
    if names:
        return _("The mentor's expertise covers the mentee's learning goals: %(topics)s.") % {
            "topics": names
        }
    return _("The mentor's expertise fits the mentee's learning goals.")


def _availability(details: Mapping[str, Any], _topics: Topics) -> str:
    count = int(details.get("shared_slots") or 0)
    return ngettext(
        "They share %(count)d free weekly time slot.",
        "They share %(count)d free weekly time slots.",
        count,
    ) % {"count": count}


def _style(details: Mapping[str, Any], _topics: Topics) -> str:
    percent = round(float(details.get("similarity") or 0.0) * 100)
    return _("Their working styles are %(percent)d %% alike.") % {"percent": percent}


def _cross_department(details: Mapping[str, Any], _topics: Topics) -> str:
    return _(
        "They work in different departments (%(mentor_department)s and "
        "%(mentee_department)s) and can learn from each other's view."
    ) % {
        "mentor_department": details.get("mentor_department") or "—",
        "mentee_department": details.get("mentee_department") or "—",
    }


def _location(details: Mapping[str, Any], _topics: Topics) -> str:
    if details.get("same_location"):
        return _("They work at the same location.")
    return _("Both are happy to meet online.")


def _given(_details: Mapping[str, Any], _topics: Topics) -> str:
    return _("The compatibility score was computed outside Tandem.")


_REASONS = {
    "topic": _topic,
    "availability": _availability,
    "style": _style,
    "cross_department": _cross_department,
    "location": _location,
    "given": _given,
}


def describe_reason(reason: Mapping[str, Any], topics: Topics) -> str:
    """One reason of a tandem (``{"code", "points", "details"}``) as a sentence."""
    code = str(reason.get("code", ""))
    describe = _REASONS.get(code)
    return describe(reason.get("details") or {}, topics) if describe else code


def describe_reasons(reasons: Iterable[Mapping[str, Any]], topics: Topics) -> list[str]:
    return [describe_reason(reason, topics) for reason in reasons]


type Told = dict[str, Any]


def _topic_for_partner(told: Told) -> str:
    if told["side"] == "mentor":
        if told["topics"]:
            return _("You know about what %(name)s wants to learn: %(topics)s.") % told
        return _("You know about what %(name)s wants to learn.") % told
    if told["topics"]:
        return _("%(name)s knows about what you want to learn: %(topics)s.") % told
    return _("%(name)s knows about what you want to learn.") % told


def _availability_for_partner(told: Told) -> str:
    count = int(told["details"].get("shared_slots") or 0)
    return ngettext(
        "You both have %(count)d time slot a week free.",
        "You both have %(count)d time slots a week free.",
        count,
    ) % {"count": count}


def _style_for_partner(told: Told) -> str:
    similarity = float(told["details"].get("similarity") or 0.0)
    if similarity >= 0.8:
        return _("You like to work in very similar ways.")
    if similarity >= 0.6:
        return _("You like to work in similar ways.")
    return _("Your ways of working complement each other.")


def _cross_department_for_partner(told: Told) -> str:
    details = told["details"]
    mine, theirs = details.get("mentor_department"), details.get("mentee_department")
    if told["side"] == "mentee":
        mine, theirs = theirs, mine
    return _(
        "You work in %(mine)s, %(name)s in %(theirs)s: each of you brings a view "
        "the other does not have."
    ) % {"mine": mine or "—", "theirs": theirs or "—", "name": told["name"]}


def _location_for_partner(told: Told) -> str:
    if told["details"].get("same_location"):
        return _("You work at the same location and can meet in person.")
    return _("You are both happy to meet online.")


def _given_for_partner(_told: Told) -> str:
    return _("The program team matched you with its own assessment.")


_FOR_PARTNER = {
    "topic": _topic_for_partner,
    "availability": _availability_for_partner,
    "style": _style_for_partner,
    "cross_department": _cross_department_for_partner,
    "location": _location_for_partner,
    "given": _given_for_partner,
}


def describe_for_partner(reason: Mapping[str, Any], topics: Topics, side: str, partner: str) -> str:
    """One reason told to a partner of the tandem: ``side`` is the reader's role
    ("mentor" or "mentee"), ``partner`` the other's first name. The program team reads
    :func:`describe_reason`; a partner is addressed, and reads no percentages."""
    describe = _FOR_PARTNER.get(str(reason.get("code", "")))
    if describe is None:
        return describe_reason(reason, topics)
    details = reason.get("details") or {}
    told: Told = {
        "side": side,
        "name": partner,
        "details": details,
        "topics": topic_names(details.get("topics") or (), topics),
    }
    return describe(told)


def describe_for_partners(
    reasons: Iterable[Mapping[str, Any]], topics: Topics, side: str, partner: str
) -> list[str]:
    return [describe_for_partner(reason, topics, side, partner) for reason in reasons]


def describe_rule(code: str) -> str:
    """A hard rule that a pair breaks, as a sentence."""
    return str(RULES.get(code, code))


def describe_unmatched(entry: Mapping[str, Any]) -> str:
    """Why a participant has no partner (``{"id", "role", "reason", "details"}``)."""
    count = int((entry.get("details") or {}).get("feasible_partners") or 0)
    reason = entry.get("reason")
    if reason == "capacity":
        return ngettext(
            "The one possible mentor has no free place left after better-fitting tandems.",
            "All %(count)d possible mentors are fully booked with better-fitting tandems.",
            count,
        ) % {"count": count}
    if reason == "lower_score":
        return ngettext(
            "The one possible mentee fits better with another mentor.",
            "All %(count)d possible mentees fit better with other mentors.",
            count,
        ) % {"count": count}
    return _("Every possible partner is ruled out by a rule or a decision of the program team.")


def describe_why_not(answer: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """The engine's ``why_not`` answer as sentences; ``names`` maps employee IDs to names."""
    mentor = names.get(answer["mentor"], answer["mentor"])
    mentee = names.get(answer["mentee"], answer["mentee"])
    people = {"mentor": mentor, "mentee": mentee}
    status = answer.get("status")
    if status == "matched":
        return [
            _("%(mentor)s and %(mentee)s are a tandem in this proposal (fit %(score)s).")
            % {**people, "score": points(answer.get("score"))}
        ]
    if status == "infeasible":
        return [
            _("%(mentor)s and %(mentee)s cannot be a tandem:") % people,
            *(describe_rule(code) for code in answer.get("rules", ())),
        ]
    lines = [
        _(
            "%(mentor)s and %(mentee)s could be a tandem (fit %(score)s), "
            "but the chosen assignment is better."
        )
        % {**people, "score": points(answer.get("score"))}
    ]
    partner = answer.get("mentee_partner")
    if partner:
        lines.append(
            _("%(mentee)s is proposed with %(partner)s (fit %(partner_score)s).")
            % {
                "mentee": mentee,
                "partner": names.get(partner, partner),
                "partner_score": points(answer.get("mentee_partner_score")),
            }
        )
    if answer.get("total_change") is None:
        lines.append(_("Forcing this pair is not possible together with the fixed pairs."))
        return lines
    lines.append(
        _(
            "Forcing this pair changes the total fit by %(total)s points and the weakest "
            "tandem by %(minimum)s points."
        )
        % {
            "total": signed_points(answer["total_change"]),
            "minimum": signed_points(answer["min_change"]),
        }
    )
    matched = int(answer.get("matched_change") or 0)
    if matched:
        lines.append(_("The number of tandems changes by %(count)s.") % {"count": f"{matched:+d}"})
    return lines
