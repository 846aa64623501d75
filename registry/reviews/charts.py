"""Small bar charts as inline SVG: no JavaScript, no external assets, readable without colour."""

from __future__ import annotations

from markupsafe import Markup, escape


def bar_chart(series: list[tuple[str, int]], title: str, width: int = 640, height: int = 200) -> Markup:
    """Return a vertical bar chart of (label, count) pairs, each bar labelled with its count."""
    top, bottom, left = 20, 36, 8
    peak = max((n for _, n in series), default=0) or 1
    step = (width - left * 2) / max(1, len(series))
    bars = []
    for i, (label, count) in enumerate(series):
        h = (height - top - bottom) * count / peak
        x, y = left + i * step + step * 0.15, height - bottom - h
        bars.append(
            f'<g><title>{escape(label)}: {count}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" class="bar"/>'
            f'<text x="{x + step * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle" class="value">{count}</text>'
            f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
            f'class="label">{escape(label[2:] if len(label) == 7 else label)}</text></g>')
    return Markup(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
                  f'<title>{escape(title)}</title>{"".join(bars)}</svg>')


def hbar_chart(series: list[tuple[str, int]], title: str, width: int = 640, row: int = 26) -> Markup:
    """Return a horizontal bar chart of (label, count) pairs, longest first as given."""
    label_width, right = 170, 40
    height = max(1, len(series)) * row + 10
    peak = max((n for _, n in series), default=0) or 1
    rows = []
    for i, (label, count) in enumerate(series):
        w = (width - label_width - right) * count / peak
        y = 5 + i * row
        rows.append(
            f'<g><title>{escape(label)}: {count}</title>'
            f'<text x="{label_width - 6}" y="{y + row * 0.65:.1f}" text-anchor="end" '
            f'class="label">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" class="bar overdue"/>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + row * 0.65:.1f}" class="value">{count}</text></g>')
    return Markup(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
                  f'<title>{escape(title)}</title>{"".join(rows)}</svg>')
