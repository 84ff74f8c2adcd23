"""The charts of a cohort's results in the active language: the same for the page and the PDF.

No queries: ``CohortResults`` in, ``charts.Chart`` out, with numbers formatted
for the reader's language. A withheld value is drawn as no bar and called
"withheld", and the figure says why (ECO-08, PRIV-01).
"""

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from tandem.programs.models import CohortState
from tandem.reports import charts, metrics
from tandem.reports.charts import Bar, Chart, Pair
from tandem.surveys.models import group_name
from tandem.surveys.results import ALL, MENTEE, MENTOR

GROUPS = (MENTOR, MENTEE, ALL)
SCALE_MAX = 5


@dataclass(frozen=True)
class Figure:
    chart: Chart
    note: str = ""  # why some values are not shown


def _mean(value: float | None) -> str:
    return _("withheld") if value is None else number_format(value, decimal_pos=1)


def _withheld_note(k: int) -> str:
    return _(
        "Withheld: fewer than %(k)s people answered, or the value could be worked out "
        "from the values shown."
    ) % {"k": k}


def figures(results: metrics.CohortResults) -> list[Figure]:
    """The dashboard's charts in order; a chart without data is left out."""
    found = [_participation(results), _tandems(results), _meetings(results)]
    found += [f for f in (_satisfaction(results), _growth(results)) if f]
    found += [f for f in (_events(results), _taught(results)) if f]
    return found


def _counts(label: str, first: int, second: int) -> Pair:
    return Pair(label, first, str(first), second, str(second))


def _participation(results: metrics.CohortResults) -> Figure:
    p = results.participation
    pairs = [
        Pair(
            group_name(MENTOR),
            p.mentors_registered,
            str(p.mentors_registered),
            p.mentors,
            str(p.mentors),
        ),
        Pair(
            group_name(MENTEE),
            p.mentees_registered,
            str(p.mentees_registered),
            p.mentees,
            str(p.mentees),
        ),
    ]
    legend = (_("Registered"), _("In a tandem"))
    chart = charts.paired_bar_chart(
        id="participation",
        title=_("Participation"),
        pairs=pairs,
        legend=legend,
        maximum=max(p.mentors_registered, p.mentees_registered, 1),
        description=_("People who registered, and how many of them were in an accepted tandem."),
        category=_("Role"),
    )
    return Figure(chart)


def _tandems(results: metrics.CohortResults) -> Figure:
    p = results.participation
    running = results.state != CohortState.COMPLETED
    bars = [
        Bar(_("Running") if running else _("Completed"), p.completed, str(p.completed)),
        Bar(_("Ended early"), p.ended_early, str(p.ended_early)),
    ]
    chart = charts.bar_chart(
        id="tandems",
        title=_("Tandems"),
        bars=bars,
        maximum=max(p.tandems, 1),
        description=_("Tandems both partners accepted: %(count)s.") % {"count": p.tandems},
        headers=(_("Tandems"), _("Number")),
    )
    return Figure(chart)


def _meetings(results: metrics.CohortResults) -> Figure:
    m = results.meetings
    bars = [
        Bar(_("Planned so far"), m.expected, str(m.expected)),
        Bar(_("Held"), m.held, str(m.held)),
    ]
    chart = charts.bar_chart(
        id="meetings",
        title=_("Meetings held against the plan"),
        bars=bars,
        maximum=max(m.expected, m.held, 1),
        description=_(
            "Meetings of the running and completed tandems, against one meeting per agreed "
            "interval from the kick-off or the tandem's start."
        ),
        headers=(_("Meetings"), _("Number")),
    )
    return Figure(chart)


def _satisfaction(results: metrics.CohortResults) -> Figure | None:
    if not results.satisfaction:
        return None
    cells = {(s.phase, s.group): s for s in results.satisfaction}
    phases = {s.phase for s in results.satisfaction}
    pairs = []
    for group in GROUPS:
        if not any(key[1] == group for key in cells):
            continue
        values: list[tuple[float | None, str]] = []
        for phase in (metrics.MIDTERM, metrics.FINAL):
            cell = cells.get((phase, group))
            if phase not in phases:
                values.append((None, _("not asked yet")))
            elif cell is None:
                values.append((None, _("not asked")))
            else:
                values.append((cell.mean, _mean(cell.mean)))
        (first, first_text), (second, second_text) = values
        pairs.append(Pair(group_name(group), first, first_text, second, second_text))
    legend = (_("Mid-term"), _("Final"))
    chart = charts.paired_bar_chart(
        id="satisfaction",
        title=_("Satisfaction"),
        pairs=pairs,
        legend=legend,
        maximum=SCALE_MAX,
        description=_(
            "Mean agreement with “I am satisfied with my tandem”, from 1 (not at all) to 5 (fully)."
        ),
        category=_("Group"),
    )
    withheld = any(s.mean is None for s in results.satisfaction)
    return Figure(chart, _withheld_note(results.k) if withheld else "")


def _growth(results: metrics.CohortResults) -> Figure | None:
    rows = list(results.growth)
    if results.overall_growth:
        rows.append(results.overall_growth)
    if not rows:
        return None
    pairs = [
        Pair(
            row.label or _("All topics"),
            row.before,
            _mean(row.before),
            row.now,
            _mean(row.now),
        )
        for row in rows
    ]
    legend = (_("At registration"), _("At the end"))
    chart = charts.paired_bar_chart(
        id="growth",
        title=_("Competence growth"),
        pairs=pairs,
        legend=legend,
        maximum=SCALE_MAX,
        description=_(
            "Mentees' mean self-assessment per topic from 1 (beginner) to 5 (confident), at "
            "registration and in the final survey, of those who answered it."
        ),
        category=_("Topic"),
    )
    withheld = any(row.before is None for row in rows)
    return Figure(chart, _withheld_note(results.k) if withheld else "")


def _events(results: metrics.CohortResults) -> Figure | None:
    if not results.events:
        return None
    pairs = []
    for event in results.events:
        if event.withheld:
            attended = _("withheld")
        elif event.attended is None:
            attended = _("not recorded")
        else:
            attended = str(event.attended)
        label = f"{event.title}, {date_format(event.day, 'SHORT_DATE_FORMAT')}"
        pairs.append(Pair(label, event.invited, str(event.invited), event.attended, attended))
    legend = (_("Invited"), _("Attended"))
    chart = charts.paired_bar_chart(
        id="events",
        title=_("Event attendance"),
        pairs=pairs,
        legend=legend,
        maximum=max([e.invited for e in results.events] + [1]),
        description=_("People invited to each event and how many came."),
        category=_("Event"),
    )
    note = ""
    if any(e.withheld for e in results.events):
        note = _("Attendance is withheld for events with fewer than %(k)s people invited.") % {
            "k": results.k
        }
    return Figure(chart, note)


def _taught(results: metrics.CohortResults) -> Figure | None:
    if not results.taught:
        return None
    bars = [Bar(t.label, t.tandems, str(t.tandems)) for t in results.taught]
    chart = charts.bar_chart(
        id="taught",
        title=_("Topics taught"),
        bars=bars,
        maximum=max(results.participation.tandems, 1),
        description=_(
            "In how many tandems the mentor offered the topic and the mentee wanted to learn it."
        ),
        headers=(_("Topic"), _("Tandems")),
    )
    return Figure(chart)
