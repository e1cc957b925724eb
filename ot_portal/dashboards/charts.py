"""Server-side charts as inline SVG (no JavaScript, no CDN; the same markup goes into the PDF).

Hand-written rather than a chart library: the markup uses presentation attributes only (no
<style> element, no style="" and no script), so it passes the strict CSP and renders the same
in WeasyPrint; pygal, the obvious library, embeds a <style> block and a tooltip script.

Every chart is drawn from a `Table` and is hidden from screen readers (`aria-hidden`): the table
itself is the accessible alternative and sits right next to it. What a reader needs:
- text at 13 units in a 540-unit-wide drawing that the stylesheet never shows narrower than
  500 px, so at least 12 px on screen; category labels wrap onto more lines, never cut off;
- bars run sideways, so a long category name has room to the left of its bars, and each bar
  carries its value as a direct label;
- at most six series per chart (more are split into several charts), in the Okabe–Ito palette,
  which colour-blind readers can tell apart; every second bar series is hatched and every line
  has its own dash pattern and marker shape, so no meaning rests on colour alone;
- a trend needs at least two points: with fewer, no line is drawn and the table stands alone.
"""

from __future__ import annotations

import itertools
import math
import textwrap
from collections.abc import Sequence

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

#: Okabe & Ito (2008), without yellow (too light on white). Bars and markers get a dark outline,
#: so even the lighter colours keep a 3:1 edge against the white background.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
MAX_SERIES = len(PALETTE)
OUTLINE = "#1a1a1a"
TEXT = "#1a1a1a"
GRID = "#d0d4d9"

WIDTH = 540
FONT = 13
LINE_H = 17
#: Average advance of a character, as a share of the font size (wide enough for DejaVu Sans).
CHAR_W = 0.6

# Sideways bars.
LABEL_W = 150
BAR_H = 13
BAR_GAP = 3
GROUP_GAP = 12
VALUE_W = 40

# Lines.
LEFT, RIGHT, TOP = 48, 16, 10
PLOT_H = 190

DASHES = ["", "7 4", "2 3", "9 3 2 3", "4 4", "1 5"]
_ids = itertools.count(1)


def _text_width(text: str) -> float:
    return len(text) * FONT * CHAR_W


def _wrap(text: str, width: float) -> list[str]:
    """Lines of at most `width` units; a word longer than that goes on a line of its own, whole."""
    chars = max(4, int(width / (FONT * CHAR_W)))
    return textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=True) or [""]


def _lines(x: float, y: float, lines: list[str], anchor: str = "start") -> str:
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE_H}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT}" fill="{TEXT}" text-anchor="{anchor}">{spans}</text>'


def _scale(value: float) -> tuple[int, int]:
    """A whole, round step for the value axis (1, 2, 5, 10, 20, 25, 50, ...) and the number of
    steps (at most six) that reach `value`."""
    if value <= 0:
        return 1, 5
    exponent = 0
    while True:
        for m in (1, 2, 2.5, 5):
            step = m * 10**exponent
            if step == int(step) and math.ceil(value / step) <= 6:
                return int(step), max(1, math.ceil(value / step))
        exponent += 1


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")


def _hatch_defs(chart_id: int, count: int) -> str:
    """A pattern per hatched series: the series colour with white diagonal lines."""
    parts = []
    for s in range(1, count, 2):
        colour = PALETTE[s]
        parts.append(
            f'<pattern id="h{chart_id}-{s}" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{colour}"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2.5"/></pattern>'
        )
    return f"<defs>{''.join(parts)}</defs>" if parts else ""


def _fill(chart_id: int, s: int) -> str:
    return f"url(#h{chart_id}-{s})" if s % 2 else PALETTE[s]


def _polygon(points: list[tuple[float, float]], attrs: str) -> str:
    d = " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<path d="M{d} Z" {attrs}/>'


def _marker(s: int, x: float, y: float) -> str:
    """A marker whose shape, not only its colour, tells the series apart."""
    colour = PALETTE[s]
    common = f'fill="{colour}" stroke="{OUTLINE}" stroke-width="1"'
    shape = s % 6
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" {common}/>'
    if shape == 1:
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {common}/>'
    if shape == 2:
        return _polygon([(x, y - 5.5), (x + 5, y + 4), (x - 5, y + 4)], common)
    if shape == 3:
        return _polygon([(x, y - 5.5), (x + 5.5, y), (x, y + 5.5), (x - 5.5, y)], common)
    if shape == 4:
        return _polygon([(x, y + 5.5), (x + 5, y - 4), (x - 5, y - 4)], common)
    cross = f"M{x - 4:.1f},{y - 4:.1f} L{x + 4:.1f},{y + 4:.1f} M{x + 4:.1f},{y - 4:.1f} L{x - 4:.1f},{y + 4:.1f}"
    return f'<path d="{cross}" stroke="{colour}" stroke-width="3"/>'


def _legend(names: Sequence[str], swatch, top: float) -> tuple[list[str], float]:
    """Legend rows from `top`; returns the parts and the height used. `swatch(s, x, y)` draws the key."""
    parts, x, y, row_h = [], 0.0, top + FONT, LINE_H
    for s, name in enumerate(names):
        lines = _wrap(name, WIDTH - 30)
        item_w = 30 + max(_text_width(line) for line in lines) + 14
        if x > 0 and x + item_w > WIDTH:
            x, y = 0.0, y + row_h + 4
            row_h = LINE_H
        parts.append(swatch(s, x, y - 5))
        parts.append(_lines(x + 28, y, lines))
        row_h = max(row_h, LINE_H * len(lines))
        x += item_w
    return parts, y + row_h - top


def _svg(title: str, parts: list[str], height: float) -> SafeString:
    return mark_safe(  # noqa: S308 - every text part went through escape()
        f'<svg class="dash-chart" viewBox="0 0 {WIDTH} {math.ceil(height)}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
        f'focusable="false" font-family="inherit" data-chart-title="{escape(title)}">' + "".join(parts) + "</svg>"
    )


def _split(draw, title: str, labels, series) -> SafeString:
    """More than six series: as few charts as that takes, of about equal size, each with its own legend."""
    count = math.ceil(len(series) / MAX_SERIES)
    size = math.ceil(len(series) / count)
    chunks = [series[i : i + size] for i in range(0, len(series), size)]
    parts = []
    for n, chunk in enumerate(chunks, start=1):
        part_title = _("%(title)s (part %(n)s of %(total)s)") % {"title": title, "n": n, "total": len(chunks)}
        parts.append(draw(part_title, labels, chunk))
    return mark_safe("".join(parts))  # noqa: S308 - each part is a SafeString built above


def bar_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> SafeString:
    """Grouped sideways bars: one group per label, one bar per series, each with its value.
    None draws no bar (a hidden small count, or no figure)."""
    if len(series) > MAX_SERIES:
        return _split(bar_chart, title, labels, series)
    chart_id = next(_ids)
    values = [v for _name, vs in series for v in vs if v is not None]
    tick, ticks = _scale(max(values, default=0))
    top = tick * ticks
    plot_x, plot_w = LABEL_W + 8, WIDTH - LABEL_W - 8 - VALUE_W
    names = [name for name, _vs in series]

    def swatch(s, x, y):
        return (
            f'<rect x="{x:.1f}" y="{y - 7:.1f}" width="22" height="14" fill="{_fill(chart_id, s)}" '
            f'stroke="{OUTLINE}" stroke-width="0.75"/>'
        )

    parts = [_hatch_defs(chart_id, len(series))]
    legend, legend_h = _legend(names, swatch, 0)
    parts.extend(legend)
    y = legend_h + (10 if legend_h else 4)
    plot_top = y
    bars_h = len(series) * (BAR_H + BAR_GAP) - BAR_GAP
    body = []
    for i, label in enumerate(labels):
        lines = _wrap(label, LABEL_W)
        group_h = max(bars_h, LINE_H * len(lines))
        text_y = y + (group_h - LINE_H * len(lines)) / 2 + FONT - 1
        body.append(_lines(LABEL_W, text_y, lines, anchor="end"))
        by = y + (group_h - bars_h) / 2
        for s, (_name, vs) in enumerate(series):
            v = vs[i]
            if v is None:  # a hidden small count, or no figure: say so rather than leave a gap
                body.append(
                    f'<text x="{plot_x + 4}" y="{by + BAR_H - 2:.1f}" font-size="{FONT}" fill="{TEXT}">–</text>'
                )
            else:
                w = plot_w * v / top
                if w > 0:
                    body.append(
                        f'<rect x="{plot_x}" y="{by:.1f}" width="{w:.1f}" height="{BAR_H}" '
                        f'fill="{_fill(chart_id, s)}" stroke="{OUTLINE}" stroke-width="0.75"/>'
                    )
                body.append(
                    f'<text x="{plot_x + w + 4:.1f}" y="{by + BAR_H - 2:.1f}" font-size="{FONT}" '
                    f'fill="{TEXT}">{_fmt(v)}</text>'
                )
            by += BAR_H + BAR_GAP
        y += group_h + GROUP_GAP
    plot_bottom = y - GROUP_GAP + 4
    for k in range(ticks + 1):
        gx = plot_x + plot_w * k / ticks
        parts.append(
            f'<line x1="{gx:.1f}" x2="{gx:.1f}" y1="{plot_top - 2:.1f}" y2="{plot_bottom:.1f}" stroke="{GRID}"/>'
            f'<text x="{gx:.1f}" y="{plot_bottom + FONT + 3:.1f}" font-size="{FONT}" fill="{TEXT}" '
            f'text-anchor="middle">{tick * k}</text>'
        )
    parts.extend(body)
    return _svg(title, parts, plot_bottom + FONT + 8)


def line_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> SafeString:
    """One line per series over the labels (months, school years); None leaves a gap. A trend
    needs two points: with fewer labels, a short note instead of a chart (the table follows)."""
    if len(labels) < 2:
        return format_html(
            '<p class="small text-body-secondary mb-1" data-chart-title="{}">{}</p>',
            title,
            _("A trend needs at least two points in time; the table below shows the figures."),
        )
    if len(series) > MAX_SERIES:
        return _split(line_chart, title, labels, series)
    values = [v for _name, vs in series for v in vs if v is not None]
    tick, ticks = _scale(max(values, default=0))
    top = tick * ticks
    names = [name for name, _vs in series]

    def swatch(s, x, y):
        dash = f' stroke-dasharray="{DASHES[s]}"' if DASHES[s] else ""
        return (
            f'<line x1="{x:.1f}" x2="{x + 24:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="{PALETTE[s]}" '
            f'stroke-width="2.5"{dash}/>' + _marker(s, x + 12, y)
        )

    parts, legend_h = _legend(names, swatch, 0)
    plot_top = legend_h + (14 if legend_h else TOP)
    # Room at both ends for half of the first and the last label, which are centred on their point.
    left = max(LEFT, _text_width(labels[0]) / 2 + 2)
    right = max(RIGHT, _text_width(labels[-1]) / 2 + 2)
    plot_w = WIDTH - left - right
    plot_bottom = plot_top + PLOT_H
    n = len(labels)
    step = plot_w / (n - 1)
    for k in range(ticks + 1):
        gy = plot_bottom - PLOT_H * k / ticks
        parts.append(
            f'<line x1="{left:.1f}" x2="{WIDTH - right:.1f}" y1="{gy:.1f}" y2="{gy:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 8:.1f}" y="{gy + 4.5:.1f}" font-size="{FONT}" fill="{TEXT}" text-anchor="end">'
            f"{tick * k}</text>"
        )
    for s, (_name, vs) in enumerate(series):
        points = [
            (left + step * i, plot_bottom - (PLOT_H * v / top if top else 0)) for i, v in enumerate(vs) if v is not None
        ]
        if len(points) > 1:
            dash = f' stroke-dasharray="{DASHES[s]}"' if DASHES[s] else ""
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{PALETTE[s]}" stroke-width="2.5"{dash}/>')
        parts.extend(_marker(s, x, y) for x, y in points)
    # Every k-th label, so that neighbours never overlap.
    widest = max(_text_width(label) for label in labels) + 10
    every = max(1, math.ceil(widest / step))
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{left + step * i:.1f}" y="{plot_bottom + FONT + 6:.1f}" font-size="{FONT}" '
                f'fill="{TEXT}" text-anchor="middle">{escape(label)}</text>'
            )
    return _svg(title, parts, plot_bottom + FONT + 12)
