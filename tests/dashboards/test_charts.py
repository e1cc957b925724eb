"""Charts people can read: text at 13 units (12 px or more on screen), labels never cut off, at
most six series per chart, no trend line from a single point, the Okabe–Ito palette with hatching
and marker shapes, and nothing the CSP would block."""

import re

from django.utils import translation

from ot_portal.dashboards import charts

LONG = "Opgeschaald naar de Commissie Leerlingondersteuning"


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", html, re.S)


def texts(svg: str) -> list[str]:
    """The visible text of each <text>, its tspans joined by spaces."""
    return [" ".join(re.findall(r">([^<>]+)<", t)) for t in re.findall(r"<text[^>]*>.*?</text>", svg, re.S)]


def test_text_is_large_enough_and_labels_are_whole():
    html = charts.bar_chart("Casussen", [LONG, "Actief"], [("Open", [3, 4]), ("Te laat", [1, None])])
    sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', html)}
    assert sizes == {13}
    assert LONG in texts(html)  # wrapped over lines, not shortened
    assert "…" not in html


def test_more_than_six_series_are_split_into_charts_of_at_most_six():
    series = [(f"Reeks {i}", [i, i + 1]) for i in range(13)]
    with translation.override("nl"):
        html = charts.bar_chart("Per bestuur", ["A", "B"], series)
    parts = svgs(html)
    assert len(parts) == 3
    assert [part.count('width="22"') for part in parts] == [5, 5, 3]  # a legend key per series
    assert 'data-chart-title="Per bestuur (deel 3 van 3)"' in html


def test_a_trend_needs_two_points():
    with translation.override("nl"):
        one = charts.line_chart("Trend", ["2026-2027"], [("Aanmeldingen", [7])])
    assert "<svg" not in one and "minstens twee meetmomenten" in one
    two = charts.line_chart("Trend", ["2025-2026", "2026-2027"], [("Aanmeldingen", [5, 7])])
    assert "<polyline" in two


def test_colours_come_from_the_okabe_ito_palette_and_lines_differ_in_more_than_colour():
    series = [(f"Reeks {i}", [i, i + 2, i + 1]) for i in range(6)]
    html = charts.line_chart("Trend", ["aug 2026", "sep 2026", "okt 2026"], series)
    used = {c.upper() for c in re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{6})"', html)}
    assert used - {charts.OUTLINE.upper(), charts.TEXT.upper(), charts.GRID.upper(), "#FFFFFF"} <= set(charts.PALETTE)
    assert len(set(re.findall(r'stroke-dasharray="([^"]+)"', html))) == 5  # the sixth line is solid
    bars = charts.bar_chart("Acties", ["Ilse"], [("Open", [3]), ("Te laat", [2])])
    assert "<pattern" in bars and "url(#h" in bars


def test_x_labels_stay_inside_the_drawing():
    labels = [f"{m} 2026" for m in ("aug", "sep", "okt", "nov", "dec", "jan", "feb", "mrt", "apr", "mei", "jun", "jul")]
    html = charts.line_chart("Per maand", labels, [("Aanmeldingen", list(range(12)))])
    shown = re.findall(r'<text x="([0-9.]+)"[^>]*text-anchor="middle">([a-z]{3} 2026)</text>', html)
    assert len(shown) >= 4
    for x, label in shown:
        half = len(label) * charts.FONT * charts.CHAR_W / 2
        assert 0 <= float(x) - half and float(x) + half <= charts.WIDTH
    xs = [float(x) for x, _label in shown]
    gap = min(b - a for a, b in zip(xs, xs[1:], strict=False))
    assert gap >= len("aug 2026") * charts.FONT * charts.CHAR_W  # neighbours never overlap


def test_markup_passes_the_csp():
    html = charts.bar_chart("A", ["x"], [("s", [1])]) + charts.line_chart("B", ["x", "y"], [("s", [1, 2])])
    assert "style" not in html and "<script" not in html and 'aria-hidden="true"' in html
