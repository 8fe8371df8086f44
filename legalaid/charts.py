"""Charts drawn on the server as SVG, so the very same picture appears on screen and in PDFs.

Plain string building with escaped labels: no JavaScript, no CDN, nothing for a slow
connection to fetch.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

PALETTE = ["#1d4ed8", "#9b1c1c", "#15803d", "#a16207", "#7c3aed", "#0e7490", "#be185d", "#4b5563"]

# Series whose colour says something (a status) take it from what they mean, never from their
# position in the palette: on track green, at risk amber, overdue red.
MEANING_COLOURS = {
    "idle": "#9ca3af",  # grey: not started
    "good": "#15803d",  # green: on track
    "warning": "#d97706",  # amber: at risk
    "bad": "#b91c1c",  # red: overdue
    "complete": "#1d4ed8",  # blue: done
}


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float]
    meaning: str = ""  # a key of MEANING_COLOURS; empty: the palette's colour for its position

    def colour(self, index: int) -> str:
        return MEANING_COLOURS.get(self.meaning) or PALETTE[index % len(PALETTE)]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    """Vietnamese style: 12.345 and 12,5."""
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def bar_chart(
    categories: list[str],
    series: list[Series],
    *,
    title: str = "",
    stacked: bool = False,
    width: int = 640,
    height: int = 260,
) -> str:
    """Vertical bars, grouped (or stacked) by category, with a legend when there are several series."""
    if any(len(s.values) != len(categories) for s in series):
        raise ValueError("every series needs one value per category")
    left, right, top, bottom = 44, 10, 28 if title else 10, 46
    legend_height = 18 if len(series) > 1 else 0
    plot_w, plot_h = width - left - right, height - top - bottom - legend_height
    totals = (
        [sum(s.values[i] for s in series) for i in range(len(categories))]
        if stacked
        else [max((s.values[i] for s in series), default=0) for i in range(len(categories))]
    )
    top_value = _nice_max(max(totals, default=0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" font-family="sans-serif" font-size="11">'
    ]
    if title:
        parts.append(f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>')
    for i in range(5):  # grid lines and scale
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#4b5563">{_number(value)}</text>'
        )
    slot = plot_w / max(len(categories), 1)
    group_w = slot * 0.7
    bar_w = group_w if stacked else group_w / max(len(series), 1)
    for index, category in enumerate(categories):
        x0 = left + slot * index + (slot - group_w) / 2
        base: float = top + plot_h
        for s_index, s in enumerate(series):
            value = s.values[index]
            h = plot_h * value / top_value
            x = x0 if stacked else x0 + bar_w * s_index
            y = base - h
            colour = s.colour(s_index)
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bar_w - 1, 1):.1f}" '
                f'height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(s.label)} · {escape(category)}: {_number(value)}</title></rect>"
            )
            if stacked:
                base = y
        label_y = top + plot_h + 14
        parts.append(
            f'<text x="{left + slot * index + slot / 2:.1f}" y="{label_y}" text-anchor="middle">'
            f"{escape(category)}</text>"
        )
    if len(series) > 1:
        x = left
        y = height - 6
        for s_index, s in enumerate(series):
            colour = s.colour(s_index)
            parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
            parts.append(f'<text x="{x + 14}" y="{y}">{escape(s.label)}</text>')
            x += 24 + 7 * len(s.label)
    parts.append("</svg>")
    return "".join(parts)


def horizontal_bars(rows: list[tuple[str, float]], *, title: str = "", width: int = 640) -> str:
    """One bar per labelled row, longest first as given: for counts by field or by category."""
    bar_h, gap, label_w = 18, 6, 230
    top = 26 if title else 6
    height = top + len(rows) * (bar_h + gap) + 6
    top_value = _nice_max(max((v for _label, v in rows), default=0))
    plot_w = width - label_w - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" font-family="sans-serif" font-size="11">'
    ]
    if title:
        parts.append(f'<text x="0" y="16" font-size="13" font-weight="bold">{escape(title)}</text>')
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_h + gap)
        w = plot_w * value / top_value
        short = label if len(label) <= 38 else label[:37] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{PALETTE[0]}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 13}">{_number(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)
