"""Horizontal bar charts as hand-written SVG, the same in the page and in the PDF (ECO-08).

Pure: strings in, strings out. The SVG carries presentation attributes only
(no ``style`` attribute or element, no script, no link), so the page's CSP
allows it inline; every label is escaped. Each chart comes with its text
alternative (``<title>`` and ``<desc>``, referenced by ``aria-labelledby``)
and the rows of its data table. A withheld value (``None``) draws no bar and
shows only the text the caller passes for it, never a number (PRIV-01).
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

# Contrast against white: ink 15:1, both bar colours above 4.5:1 (WCAG 1.4.11 asks 3:1).
INK = "#1b2430"
MUTED = "#4f5b69"
TRACK = "#eef1f5"
PALETTE = ("#1d4e89", "#a34f00")
FONT = "system-ui, sans-serif"

WIDTH = 600
LABEL_WIDTH = 214  # left column for the category labels
BAR_X = LABEL_WIDTH + 8
BAR_WIDTH = 280  # the rest holds the value text
ROW = 30
PAIR_ROW = 44
TOP = 8
LEGEND = 26
FONT_SIZE = 13
LABEL_CHARS = 26  # longer labels are shortened in the drawing; the table keeps them whole

_ID = re.compile(r"^[a-z][a-z0-9-]{0,60}$")
# Characters XML 1.0 does not allow at all (escaping cannot help): dropped from labels.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Bar:
    """One value and how to say it ("4.2", "12 of 40"); value None: withheld, drawn as no bar."""

    label: str
    value: float | None
    text: str


@dataclass(frozen=True)
class Pair:
    """Two values of one category side by side: mid-term and final, before and after."""

    label: str
    first: float | None
    first_text: str
    second: float | None
    second_text: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    svg: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def bar_chart(
    *,
    id: str,
    title: str,
    bars: Sequence[Bar],
    maximum: float,
    description: str,
    headers: tuple[str, str],
) -> Chart:
    """One bar per category, scaled to ``maximum``."""
    height = TOP * 2 + ROW * len(bars)
    parts = []
    for index, bar in enumerate(bars):
        y = TOP + index * ROW
        parts.append(_label(bar.label, y + ROW / 2))
        parts.append(_rect(BAR_X, y + 5, BAR_WIDTH, ROW - 10, TRACK))
        parts.append(_bar(bar.value, maximum, y + 5, ROW - 10, PALETTE[0]))
        parts.append(_value(bar.value, maximum, bar.text, y + ROW / 2))
    summary = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    return _chart(
        id=id,
        title=title,
        description=description,
        summary=summary,
        height=height,
        body=parts,
        headers=headers,
        rows=tuple((bar.label, bar.text) for bar in bars),
    )


def paired_bar_chart(
    *,
    id: str,
    title: str,
    pairs: Sequence[Pair],
    legend: tuple[str, str],
    maximum: float,
    description: str,
    category: str,
) -> Chart:
    """Two bars per category (``legend`` names them), scaled to ``maximum``.

    The data table's columns are ``category`` and the legend's two names.
    """
    height = TOP * 2 + LEGEND + PAIR_ROW * len(pairs)
    parts = [_legend(legend)]
    thickness = (PAIR_ROW - 12) / 2
    for index, pair in enumerate(pairs):
        y = TOP + LEGEND + index * PAIR_ROW
        parts.append(_label(pair.label, y + PAIR_ROW / 2))
        for row, (value, text) in enumerate(
            ((pair.first, pair.first_text), (pair.second, pair.second_text))
        ):
            top = y + 5 + row * (thickness + 2)
            parts.append(_rect(BAR_X, top, BAR_WIDTH, thickness, TRACK))
            parts.append(_bar(value, maximum, top, thickness, PALETTE[row]))
            parts.append(_value(value, maximum, text, top + thickness / 2, small=True))
    rows = tuple((pair.label, pair.first_text, pair.second_text) for pair in pairs)
    summary = "; ".join(
        f"{label} ({legend[0]}: {first}, {legend[1]}: {second})" for label, first, second in rows
    )
    return _chart(
        id=id,
        title=title,
        description=description,
        summary=summary,
        height=height,
        body=parts,
        headers=(category, *legend),
        rows=rows,
    )


def _chart(
    *,
    id: str,
    title: str,
    description: str,
    summary: str,
    height: float,
    body: list[str],
    headers: tuple[str, ...],
    rows: tuple[tuple[str, ...], ...],
) -> Chart:
    if not _ID.match(id):
        raise ValueError(f"A chart id is lower-case letters, digits and hyphens: {id!r}")
    text = f"{description} {summary}".strip() if summary else description
    svg = (
        f'<svg role="img" aria-labelledby="{id}-title {id}-desc" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" width="100%" '
        f'font-family={quoteattr(FONT)} font-size="{FONT_SIZE}" fill="{INK}">'
        f'<title id="{id}-title">{_text(title)}</title>'
        f'<desc id="{id}-desc">{_text(text)}</desc>'
        f"{''.join(body)}</svg>"
    )
    return Chart(id, title, description, svg, headers, rows)


def _text(value: str) -> str:
    """Text content for the SVG: characters XML cannot hold dropped, the rest escaped."""
    return escape(_NOT_XML.sub("", value))


def _n(value: float) -> str:
    """A coordinate with at most one decimal."""
    return f"{round(value, 1):g}"


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{fill}"/>'
    )


def _length(value: float | None, maximum: float) -> float:
    """The bar's length in the drawing: 0 for a withheld, negative or odd value."""
    if value is None or not math.isfinite(value) or value <= 0:
        return 0.0
    if not math.isfinite(maximum) or maximum <= 0:
        return 0.0
    return BAR_WIDTH * (min(value, maximum) / maximum)  # the ratio first: no overflow


def _bar(value: float | None, maximum: float, y: float, height: float, fill: str) -> str:
    length = _length(value, maximum)
    return _rect(BAR_X, y, length, height, fill) if length >= 0.05 else ""


def _label(label: str, middle: float) -> str:
    short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"
    return (
        f'<text x="{LABEL_WIDTH}" y="{_n(middle)}" text-anchor="end" '
        f'dominant-baseline="middle">{_text(short)}</text>'
    )


def _value(
    value: float | None,
    maximum: float,
    text: str,
    middle: float,
    *,
    small: bool = False,
) -> str:
    x = BAR_X + _length(value, maximum) + 6
    colour = INK if value is not None else MUTED
    size = f' font-size="{FONT_SIZE - 1}"' if small else ""
    return (
        f'<text x="{_n(x)}" y="{_n(middle)}" dominant-baseline="middle" fill="{colour}"{size}>'
        f"{_text(text)}</text>"
    )


def _legend(legend: tuple[str, str]) -> str:
    parts = []
    x = float(BAR_X)
    for index, name in enumerate(legend):
        parts.append(_rect(x, TOP + 2, 12, 12, PALETTE[index]))
        parts.append(
            f'<text x="{_n(x + 18)}" y="{TOP + 8}" dominant-baseline="middle">{_text(name)}</text>'
        )
        x += 24 + 7.5 * min(len(name), 30)
    return "".join(parts)
