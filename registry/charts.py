"""Small bar charts as inline SVG, for the review dashboard and campaigns: no JavaScript, no external assets,
readable without colour (each bar carries its figure)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from markupsafe import Markup, escape


def month_axis(months: list[date]) -> list[tuple[str, str, str]]:
    """Return (full label, month, year shown under it) per month: "2026年12月" / "Dec 2026", the year once."""
    locale = str(get_locale() or "zh_CN")
    return [(format_skeleton("yMMM", m, locale=locale), format_skeleton("MMM", m, locale=locale),
             str(m.year) if i == 0 or m.month == 1 else "") for i, m in enumerate(months)]


def bar_chart(series: list[tuple[str, int]], title: str, width: int = 640, height: int = 200,
              axis: list[tuple[str, str, str]] | None = None) -> Markup:
    """Return a vertical bar chart of (label, count) pairs, each bar labelled with its count.

    `axis` gives each bar's (full label, first line, second line) under the bar, e.g. from month_axis.
    """
    top, bottom, left = 20, 40, 8
    peak = max((n for _, n in series), default=0) or 1
    step = (width - left * 2) / max(1, len(series))
    bars = []
    for i, (label, count) in enumerate(series):
        h = (height - top - bottom) * count / peak
        x, y = left + i * step + step * 0.15, height - bottom - h
        full, first, second = axis[i] if axis else (label, label, "")
        bars.append(
            f'<g><title>{escape(full)}: {count}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" class="bar"/>'
            f'<text x="{x + step * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle" class="value">{count}</text>'
            f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 15}" text-anchor="middle" '
            f'class="label">{escape(first)}</text>'
            + (f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 31}" text-anchor="middle" '
               f'class="label">{escape(second)}</text>' if second else "") + '</g>')
    return _boxed(width, height, title, "".join(bars))


def _fit(label: str, room: int, size: int = 13) -> str:
    """Cut a label to the room it has (a CJK character is one em wide, a Latin one about two thirds at most)."""
    used = 0.0
    for i, char in enumerate(label):
        used += size if ord(char) > 0x2E80 else size * 0.65
        if used > room:
            return label[:max(i - 1, 1)] + "…"
    return label


def hbar_chart(series: list[tuple[str, int]], title: str, width: int = 640, row: int = 26, *,
               totals: list[int] | None = None) -> Markup:
    """Return a horizontal bar chart of (label, count) pairs, in the order given.

    A label too long for its column is cut with "…"; the bar's tooltip (its <title>) keeps it whole.

    With `totals` it is a progress chart: each bar is count out of its total ("75% (3/4)") on a grey track,
    and a complete one is marked done.
    """
    label_width, right = 170, 110 if totals else 40
    span = width - label_width - right
    height = max(1, len(series)) * row + 10
    peak = max((n for _, n in series), default=0) or 1
    rows = []
    for i, (label, count) in enumerate(series):
        y = 5 + i * row
        if totals is None:
            w, value, kind, track = span * count / peak, str(count), "bar overdue", ""
        else:
            share = count / totals[i] if totals[i] else 1.0
            w, value = span * share, f"{round(100 * share)}% ({count}/{totals[i]})"
            kind = "bar done" if share >= 1 else "bar"
            track = f'<rect x="{label_width}" y="{y + 3}" width="{span}" height="{row - 8}" class="track"/>'
        rows.append(
            f'<g><title>{escape(label)}: {value}</title>'
            f'<text x="{label_width - 6}" y="{y + row * 0.65:.1f}" text-anchor="end" '
            f'class="label">{escape(_fit(label, label_width - 10))}</text>{track}'
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" class="{kind}"/>'
            f'<text x="{label_width + (span if totals else w) + 4:.1f}" y="{y + row * 0.65:.1f}" '
            f'class="value">{value}</text></g>')
    return _boxed(width, height, title, "".join(rows))


def _boxed(width: int, height: int, title: str, content: str) -> Markup:
    """The chart in its box, which scrolls sideways on a phone so that its labels stay readable."""
    return Markup(f'<div class="chart-box"><svg class="chart" viewBox="0 0 {width} {height}" role="img" '
                  f'aria-label="{escape(title)}"><title>{escape(title)}</title>{content}</svg></div>')
