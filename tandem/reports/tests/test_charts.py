"""The hand-drawn SVG charts: well-formed, inert (no script, style or link), labels escaped."""

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.reports.charts import BAR_WIDTH, PALETTE, Bar, Chart, Pair, bar_chart, paired_bar_chart


def _parse(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg)  # noqa: S314 (our own output, no DTD)


def _bars(root: ET.Element) -> list[ET.Element]:
    """The drawn bars: rectangles in a palette colour (the track and the legend excepted)."""
    return [
        r
        for r in root.iter("rect")
        if r.get("fill") in PALETTE and r.get("height") != "12"  # legend swatches are 12 high
    ]


def assert_inert(chart: Chart) -> None:
    root = _parse(chart)
    tags = {element.tag for element in root.iter()}
    assert not tags & {"script", "style", "a", "image", "foreignObject", "use"}
    for element in root.iter():
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
        assert not any("href" in name for name in element.attrib)
        values = " ".join(element.attrib.values()).lower()
        assert "http" not in values
        assert "url(" not in values
        assert "javascript:" not in values


def satisfaction(first: float | None = 4.2, second: float | None = None) -> Chart:
    return paired_bar_chart(
        id="satisfaction",
        title="Satisfaction",
        pairs=[
            Pair("Mentors", first, "4.2" if first is not None else "withheld", 3.0, "3.0"),
            Pair("Mentees", 4.8, "4.8", second, "withheld" if second is None else str(second)),
        ],
        legend=("Mid-term", "Final"),
        maximum=5,
        description="Mean rating from 1 to 5.",
        category="Group",
    )


def test_chart_is_an_accessible_image_labelled_by_its_title_and_description() -> None:
    chart = bar_chart(
        id="tandems",
        title="Tandems",
        bars=[Bar("Completed", 9, "9"), Bar("Ended early", 1, "1")],
        maximum=10,
        description="Accepted tandems.",
        headers=("Tandems", "Number"),
    )
    root = _parse(chart)
    assert root.tag == "svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "tandems-title tandems-desc"
    assert root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 600 ")
    assert root.find("title").get("id") == "tandems-title"
    assert root.find("title").text == "Tandems"
    desc = root.find("desc").text or ""
    assert desc.startswith("Accepted tandems.")
    assert "Completed: 9" in desc
    assert "Ended early: 1" in desc
    assert chart.rows == (("Completed", "9"), ("Ended early", "1"))
    assert "http" not in chart.svg  # not even a namespace: inline in HTML, none is needed
    assert_inert(chart)


def test_bar_length_follows_the_value_against_the_maximum() -> None:
    chart = bar_chart(
        id="taught",
        title="Topics",
        bars=[Bar("A", 10, "10"), Bar("B", 5, "5"), Bar("C", 0, "0")],
        maximum=10,
        description="",
        headers=("Topic", "Tandems"),
    )
    widths = [float(r.get("width", "0")) for r in _bars(_parse(chart))]
    assert widths == [BAR_WIDTH, BAR_WIDTH / 2]  # a zero draws no bar but still says "0"
    assert "0</text>" in chart.svg


def test_withheld_value_draws_no_bar_and_only_the_callers_words() -> None:
    shown = satisfaction(first=4.2)
    withheld = satisfaction(first=None)
    assert len(_bars(_parse(withheld))) == len(_bars(_parse(shown))) - 1
    assert "4.2" in shown.svg
    assert "4.2" not in withheld.svg
    assert ("Mentors", "withheld", "3.0") in withheld.rows
    assert withheld.headers == ("Group", "Mid-term", "Final")  # the legend heads its columns
    assert "Mentors (Mid-term: withheld, Final: 3.0)" in withheld.svg
    assert_inert(withheld)


def test_chart_id_must_be_a_plain_slug() -> None:
    with pytest.raises(ValueError, match="chart id"):
        bar_chart(
            id='x" onload="alert(1)',
            title="t",
            bars=[],
            maximum=1,
            description="",
            headers=("", ""),
        )


labels = st.text(max_size=60)
values = st.one_of(
    st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**6), 10**6)
)


@given(
    bars=st.lists(st.tuples(labels, values, labels), max_size=8),
    maximum=st.floats(allow_nan=True, allow_infinity=True),
    title=labels,
    description=labels,
)
def test_any_labels_and_values_give_a_well_formed_inert_chart(
    bars: list[tuple[str, float | None, str]], maximum: float, title: str, description: str
) -> None:
    chart = bar_chart(
        id="random",
        title=title,
        bars=[Bar(label, value, text) for label, value, text in bars],
        maximum=maximum,
        description=description,
        headers=("a", "b"),
    )
    assert_inert(chart)
    root = _parse(chart)
    drawn = _bars(root)
    assert len(drawn) <= sum(1 for _label, value, _text in bars if value is not None)
    for rect in drawn:
        assert 0 <= float(rect.get("width", "0")) <= BAR_WIDTH


@given(
    pairs=st.lists(st.tuples(labels, values, values), max_size=6),
    legend=st.tuples(labels, labels),
)
def test_any_pairs_give_a_well_formed_inert_chart(
    pairs: list[tuple[str, float | None, float | None]], legend: tuple[str, str]
) -> None:
    chart = paired_bar_chart(
        id="pairs",
        title="t",
        pairs=[
            Pair(label, a, "withheld" if a is None else "x", b, "withheld" if b is None else "y")
            for label, a, b in pairs
        ],
        legend=legend,
        maximum=5,
        description="d",
        category="a",
    )
    assert_inert(chart)
    for rect in _bars(_parse(chart)):
        assert 0 <= float(rect.get("width", "0")) <= BAR_WIDTH


@given(label=st.text(alphabet=st.sampled_from("<>&\"'/ ascriptlhef=:"), max_size=40))
def test_markup_in_labels_stays_text(label: str) -> None:
    chart = bar_chart(
        id="markup",
        title=label,
        bars=[Bar(label, 1, label)],
        maximum=1,
        description=label,
        headers=("a", "b"),
    )
    root = _parse(chart)
    assert {element.tag for element in root.iter()} <= {"svg", "title", "desc", "rect", "text"}
    assert root.find("title").text in (label, None)


LONG_TOPIC = "Künstliche Intelligenz und Datenschutz-Grundverordnung im Kundenservice"


def test_a_long_label_is_drawn_whole_on_several_lines_and_its_row_grows() -> None:
    def chart(label: str) -> Chart:
        return bar_chart(
            id="taught",
            title="Topics taught",
            bars=[Bar(label, 3, "3"), Bar("Agiles Arbeiten", 2, "2")],
            maximum=5,
            description="Tandems per topic.",
            headers=("Topic", "Tandems"),
        )

    long, short = _parse(chart(LONG_TOPIC)), _parse(chart("Datenschutz"))
    lines = [t.text or "" for t in long.iter("text") if t.get("text-anchor") == "end"]
    assert len(lines) > 2
    assert "".join(lines).replace(" ", "") == (LONG_TOPIC + "Agiles Arbeiten").replace(" ", "")
    assert all("…" not in line for line in lines)
    assert float(long.get("viewBox", "").split()[3]) > float(short.get("viewBox", "").split()[3])


def test_the_drawing_widens_for_a_long_value_and_legend() -> None:
    chart = paired_bar_chart(
        id="growth",
        title="Growth",
        pairs=[Pair("Alle Themen", None, "nicht angezeigt, zu wenige Antworten", 3.0, "3,0")],
        legend=("Bei der Anmeldung (Selbsteinschätzung)", "Zum Abschluss (Selbsteinschätzung)"),
        maximum=5,
        description="Mean level.",
        category="Topic",
    )
    assert float(_parse(chart).get("viewBox", "").split()[2]) > 600
