"""Server-side charts as inline SVG (no JavaScript, no CDN; the same markup goes into the PDF).

Every chart is drawn from a `Table` and is hidden from screen readers (`aria-hidden`): the table
itself is the accessible alternative and sits right next to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Bootstrap-ish colours with enough contrast on white; series beyond these repeat.
PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384"]

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 56


def _nice_max(value: float) -> int:
    if value <= 5:
        return 5
    for step in (
        10,
        15,
        20,
        25,
        50,
        75,
        100,
        150,
        200,
        250,
        500,
        750,
        1000,
        1500,
        2000,
        2500,
        5000,
        10000,
        20000,
        50000,
    ):
        if value <= step:
            return step
    return int(value) + 1


def _axis(top_value: int) -> list[str]:
    parts = []
    plot_h = HEIGHT - TOP - BOTTOM
    for i in range(6):
        v = top_value * i / 5
        y = TOP + plot_h - plot_h * i / 5
        label = f"{v:.0f}" if v == int(v) else f"{v:.1f}"
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dee2e6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#495057">{label}</text>'
        )
    return parts


def _legend(series_names: Sequence[str]) -> list[str]:
    parts = []
    x = LEFT
    y = HEIGHT - BOTTOM + 36
    for i, name in enumerate(series_names):
        colour = PALETTE[i % len(PALETTE)]
        if x + 24 + 6.5 * len(name) > WIDTH and x > LEFT:
            x = LEFT
            y += 16
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{y}" font-size="11" fill="#212529">{escape(name)}</text>'
        )
        x += 24 + 6.5 * len(name)
    return parts


def _legend_height(series_names: Sequence[str]) -> int:
    x, rows = LEFT, 1
    for name in series_names:
        if x + 24 + 6.5 * len(name) > WIDTH and x > LEFT:
            x, rows = LEFT, rows + 1
        x += 24 + 6.5 * len(name)
    return 16 * (rows - 1)


def _label(x: float, text: str) -> str:
    short = text if len(text) <= 14 else text[:13] + "…"
    return (
        f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" '
        f'fill="#212529">{escape(short)}</text>'
    )


def _svg(title: str, parts: list[str], extra_height: int = 0) -> SafeString:
    return mark_safe(  # noqa: S308 - every text part above went through escape()
        f'<svg class="dash-chart" viewBox="0 0 {WIDTH} {HEIGHT + extra_height}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
        f'focusable="false" data-chart-title="{escape(title)}">' + "".join(parts) + "</svg>"
    )


def bar_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> SafeString:
    """Grouped vertical bars: one group per label, one bar per series. None draws no bar."""
    values = [v for _name, vs in series for v in vs if v is not None]
    top = _nice_max(max(values, default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = max(len(labels), 1)
    group_w = plot_w / n
    bar_w = max(2.0, min(36.0, group_w * 0.8 / max(len(series), 1)))
    parts = _axis(top)
    for i, label in enumerate(labels):
        gx = LEFT + group_w * i + (group_w - bar_w * len(series)) / 2
        for s, (_name, vs) in enumerate(series):
            v = vs[i]
            if v is None:
                continue
            h = plot_h * v / top if top else 0
            parts.append(
                f'<rect x="{gx + s * bar_w:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}"/>'
            )
        if n <= 16 or i % 2 == 0:
            parts.append(_label(LEFT + group_w * (i + 0.5), label))
    names = [name for name, _vs in series]
    parts.extend(_legend(names))
    return _svg(title, parts, _legend_height(names))


def line_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> SafeString:
    """One line per series over the labels (months, school years). None leaves a gap."""
    values = [v for _name, vs in series for v in vs if v is not None]
    top = _nice_max(max(values, default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = len(labels)
    step = plot_w / max(n - 1, 1)
    parts = _axis(top)
    for s, (_name, vs) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        points = []
        for i, v in enumerate(vs):
            if v is None:
                continue
            x = LEFT + (step * i if n > 1 else plot_w / 2)
            y = TOP + plot_h - (plot_h * v / top if top else 0)
            points.append((x, y))
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for x, y in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
    for i, label in enumerate(labels):
        if n <= 8 or i % 2 == 0:
            parts.append(_label(LEFT + (step * i if n > 1 else plot_w / 2), label))
    names = [name for name, _vs in series]
    parts.extend(_legend(names))
    return _svg(title, parts, _legend_height(names))
