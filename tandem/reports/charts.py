"""Horizontal bar charts as hand-written SVG, the same in the page and in the PDF (ECO-08).

Pure: strings in, strings out. The SVG carries presentation attributes only
(no ``style`` attribute or element, no script, no link), so the page's CSP
allows it inline; every label is escaped. Each chart comes with its text
alternative (``<title>`` and ``<desc>``, referenced by ``aria-labelledby``)
and the rows of its data table. A withheld value (``None``) draws no bar and
shows only the text the caller passes for it, never a number (PRIV-01).

Labels are drawn whole: a long one wraps onto as many lines as it needs and its
row grows with it, and the drawing is as wide as its longest value or legend.
Without the font at hand, widths are estimated from DejaVu Sans (what Debian's
Chromium and WeasyPrint fall back to for system-ui), one of the widest sans
fonts, so the estimate errs on the side of room.
"""

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

# Contrast against white: ink 15:1, both bar colours above 4.5:1 (WCAG 1.4.11 asks 3:1).
INK = "#1b2430"
MUTED = "#4f5b69"
TRACK = "#eef1f5"
PALETTE = ("#1d4e89", "#a34f00")
FONT = "system-ui, sans-serif"

WIDTH = 600  # at least; wider when a value or the legend needs it
LABEL_WIDTH = 214  # left column for the category labels, right-aligned, wrapped
BAR_X = LABEL_WIDTH + 8
BAR_WIDTH = 280  # the rest holds the value text
ROW = 30
PAIR_ROW = 44
TOP = 8
LEGEND = 26
FONT_SIZE = 13
LINE = FONT_SIZE * 1.25  # a wrapped label's line height
PAD = 5  # above and below a row's bars and label lines
EDGE = 2  # room left at the drawing's right edge

# Advance widths in em of DejaVu Sans; anything else counts as wide as an "M".
_NARROW = dict.fromkeys("ijlIJ.,:;'!|", 0.34)
_WIDTHS: dict[str, float] = {
    **dict.fromkeys("abdeghnopquüäö", 0.64),
    **dict.fromkeys("cksvxyz", 0.6),
    **dict.fromkeys("frt", 0.42),
    **dict.fromkeys("mw", 0.98),
    **dict.fromkeys("0123456789", 0.64),
    **dict.fromkeys("ABCDEFGHKLNOPQRSTUVXYZÄÖÜ", 0.8),
    **dict.fromkeys("MW", 1.0),
    **dict.fromkeys(" -()/–", 0.5),
    **_NARROW,
}
_WIDE = 1.0

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
    parts = []
    y = float(TOP)
    thickness = ROW - 2 * PAD
    for bar in bars:
        lines = _lines(bar.label)
        row = max(ROW, len(lines) * LINE + 2 * PAD)
        top = y + (row - thickness) / 2
        parts.append(_label(lines, y + row / 2))
        parts.append(_rect(BAR_X, top, BAR_WIDTH, thickness, TRACK))
        parts.append(_bar(bar.value, maximum, top, thickness, PALETTE[0]))
        parts.append(_value(bar.value, maximum, bar.text, y + row / 2))
        y += row
    height = y + TOP
    width = _fit(_value_width(bar.text) for bar in bars)
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
        width=width,
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
    swatches, legend_end = _legend(legend)
    parts = [swatches]
    thickness = (PAIR_ROW - 12) / 2
    y = float(TOP + LEGEND)
    for pair in pairs:
        lines = _lines(pair.label)
        row = max(PAIR_ROW, len(lines) * LINE + 2 * PAD)
        bars_top = y + (row - (2 * thickness + 2)) / 2
        parts.append(_label(lines, y + row / 2))
        for index, (value, text) in enumerate(
            ((pair.first, pair.first_text), (pair.second, pair.second_text))
        ):
            top = bars_top + index * (thickness + 2)
            parts.append(_rect(BAR_X, top, BAR_WIDTH, thickness, TRACK))
            parts.append(_bar(value, maximum, top, thickness, PALETTE[index]))
            parts.append(_value(value, maximum, text, top + thickness / 2, small=True))
        y += row
    height = y + TOP
    values = [_value_width(p.first_text, small=True) for p in pairs]
    values += [_value_width(p.second_text, small=True) for p in pairs]
    width = max(_fit(values), math.ceil(legend_end + EDGE))
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
        width=width,
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
    width: float,
) -> Chart:
    if not _ID.match(id):
        raise ValueError(f"A chart id is lower-case letters, digits and hyphens: {id!r}")
    text = f"{description} {summary}".strip() if summary else description
    svg = (
        f'<svg role="img" aria-labelledby="{id}-title {id}-desc" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="100%" '
        f'font-family={quoteattr(FONT)} font-size="{FONT_SIZE}" fill="{INK}">'
        f'<title id="{id}-title">{_text(title)}</title>'
        f'<desc id="{id}-desc">{_text(text)}</desc>'
        f"{''.join(body)}</svg>"
    )
    return Chart(id, title, description, svg, headers, rows)


def _width(text: str, size: float = FONT_SIZE) -> float:
    """The estimated width of ``text`` at ``size``, generous rather than short."""
    return size * sum(_WIDTHS.get(char, _WIDE) for char in text)


def _value_width(text: str, *, small: bool = False) -> float:
    return _width(text, FONT_SIZE - 1 if small else FONT_SIZE)


def _fit(value_widths: Iterable[float]) -> int:
    """The drawing's width: the full bar, the gap and the longest value after it."""
    return max(WIDTH, math.ceil(BAR_X + BAR_WIDTH + 6 + max(value_widths, default=0) + EDGE))


def _lines(label: str, width: float = LABEL_WIDTH - EDGE) -> list[str]:
    """``label`` in lines no wider than ``width``: broken between words, after a hyphen
    inside a word, and within a word only when the word alone is wider than a line."""
    lines: list[str] = []
    line = ""
    for word in label.split():
        for index, part in enumerate(re.findall(r"[^-]+-*|-+", word)):
            joined = line + ("" if not line or index else " ") + part
            if _width(joined) <= width:
                line = joined
                continue
            if line:
                lines.append(line)
            rest = part
            while _width(rest) > width:
                cut = 1
                while cut < len(rest) and _width(rest[: cut + 1]) <= width:
                    cut += 1
                lines.append(rest[:cut])
                rest = rest[cut:]
            line = rest
    if line:
        lines.append(line)
    return lines or [""]


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


def _label(lines: list[str], middle: float) -> str:
    """The lines of a label, right-aligned against the bars and centred on ``middle``.

    One ``text`` element per line: every renderer (browsers, WeasyPrint) places them alike.
    """
    first = middle - (len(lines) - 1) * LINE / 2
    return "".join(
        f'<text x="{LABEL_WIDTH}" y="{_n(first + index * LINE)}" text-anchor="end" '
        f'dominant-baseline="middle">{_text(line)}</text>'
        for index, line in enumerate(lines)
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


def _legend(legend: tuple[str, str]) -> tuple[str, float]:
    """The legend's swatches and names, and where the last name ends."""
    parts = []
    x = float(BAR_X)
    end = x
    for index, name in enumerate(legend):
        parts.append(_rect(x, TOP + 2, 12, 12, PALETTE[index]))
        parts.append(
            f'<text x="{_n(x + 18)}" y="{TOP + 8}" dominant-baseline="middle">{_text(name)}</text>'
        )
        end = x + 18 + _width(name)
        x = end + 16
    return "".join(parts), end
