"""Inline SVG charts of the report: grouped bars, lines, the funnel and a heatmap.

No JavaScript and no external file. Every chart names its axes (class `axis-title`); its data marks have
class `mark` (a tooltip <title> each). Values are formatted by kind (report.fmt): money charts pass the
reporting currency, which the tick labels and tooltips then carry.

Two markings recur: a point that is not final yet (an immature window, a bar of an immature month) is
hatched or hollow; the partial month (the as-of month, not over yet) is drawn hollow with a dashed line
into it, its column shaded, and its x label says "partial".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from report.fmt import esc, fmt_number, nice_max

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf"]
WIDTH, PLOT_HEIGHT = 920, 260
MARGIN = {"left": 118, "right": 20, "top": 36}
PARTIAL_FILL = "#fff4e0"
BELOW_ONE = "#c0392b"


@dataclass
class Series:
    name: str
    values: list[float | None]
    color: str
    # per point: True when the value is not final (immature): drawn hatched / hollow
    immature: list[bool] | None = None


@dataclass
class Axes:
    """What the axes say: titles, and the kind (and currency) of the y values."""
    x_title: str
    y_title: str
    kind: str = "int"
    currency: str = ""

    def fmt(self, value: float | None) -> str:
        return fmt_number(value, self.kind, self.currency)


def svg_open(height: int, width: int = WIDTH) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'role="img" preserveAspectRatio="xMidYMid meet">',
            '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/></pattern></defs>']


def rotate_labels(labels: list[str]) -> bool:
    return len(labels) > 10 or max((len(label) for label in labels), default=0) * len(labels) > 90


def label_space(labels: list[str]) -> int:
    """Room under the plot for the x labels (rotated ones need their length)."""
    if rotate_labels(labels):
        return int(22 + 6.5 * 0.71 * max((len(label) for label in labels), default=0))
    return 28


def axis_titles(parts: list[str], axes: Axes, bottom: float, labels_height: int, width: int = WIDTH) -> None:
    """The y title along the left edge, the x title centred under the x labels."""
    middle_y = (MARGIN["top"] + bottom) / 2
    parts.append(f'<text class="axis-title" x="16" y="{middle_y:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 16 {middle_y:.1f})">{esc(axes.y_title)}</text>')
    middle_x = (MARGIN["left"] + width - MARGIN["right"]) / 2
    parts.append(f'<text class="axis-title" x="{middle_x:.1f}" y="{bottom + labels_height + 16:.1f}" '
                 f'text-anchor="middle">{esc(axes.x_title)}</text>')


def y_axis(parts: list[str], y_max: float, axes: Axes, bottom: float, width: int = WIDTH,
           y_min: float = 0.0) -> Callable[[float], float]:
    top = MARGIN["top"]
    left, right = MARGIN["left"], width - MARGIN["right"]

    def scale(value: float) -> float:
        return bottom - (value - y_min) / (y_max - y_min) * (bottom - top)

    for i in range(6):
        value = y_min + (y_max - y_min) * i / 5
        y = scale(value)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" class="tick">'
                     f'{esc(axes.fmt(value))}</text>')
    base = scale(0 if y_min <= 0 <= y_max else y_min)
    parts.append(f'<line x1="{left}" y1="{base:.1f}" x2="{right}" y2="{base:.1f}" stroke="#555"/>')
    return scale


def legend(parts: list[str], entries: list[tuple[str, str]], y: int = 10) -> None:
    """Legend swatches (name, fill) in one row above the plot; a fill may be a pattern url."""
    x = MARGIN["left"]
    for name, fill in entries:
        stroke = ' stroke="#999"' if fill.startswith("url(") or fill.startswith("#fff") else ""
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{fill}"{stroke}/>')
        parts.append(f'<text x="{x + 16}" y="{y + 10}" class="legend">{esc(name)}</text>')
        x += 24 + 7.2 * len(name)


def x_labels(parts: list[str], labels: list[str], centers: list[float], bottom: float,
             emphasis: list[bool] | None = None) -> None:
    rotate = rotate_labels(labels)
    y = bottom + 16
    for i, (label, x) in enumerate(zip(labels, centers)):
        css = "tick partial-label" if emphasis and emphasis[i] else "tick"
        if rotate:
            parts.append(f'<text x="{x:.1f}" y="{y}" transform="rotate(-45 {x:.1f} {y})" text-anchor="end" '
                         f'class="{css}">{esc(label)}</text>')
        else:
            parts.append(f'<text x="{x:.1f}" y="{y}" text-anchor="middle" class="{css}">{esc(label)}</text>')


def partial_labels(labels: list[str], partial: list[bool] | None) -> list[str]:
    return [f"{label} (partial)" if partial and partial[i] else label for i, label in enumerate(labels)]


def bar_chart(labels: list[str], series: list[Series], axes: Axes, value_labels: bool = False) -> str:
    """Grouped vertical bars; immature points are hatched."""
    bottom = MARGIN["top"] + PLOT_HEIGHT
    space = label_space(labels)
    parts = svg_open(bottom + space + 26)
    values = [v for s in series for v in s.values if v is not None]
    y_min = min(0.0, min(values, default=0.0))
    y_max = nice_max(max(values, default=0.0))
    if y_min < 0:
        y_min = -nice_max(-y_min)
    scale = y_axis(parts, y_max, axes, bottom, y_min=y_min)
    left, right = MARGIN["left"], WIDTH - MARGIN["right"]
    group_width = (right - left) / max(len(labels), 1)
    bar_width = group_width * 0.8 / max(len(series), 1)
    centers = []
    for i, label in enumerate(labels):
        group_left = left + i * group_width + group_width * 0.1
        centers.append(left + (i + 0.5) * group_width)
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            x = group_left + j * bar_width
            if value >= 0:
                y_top, bar_height = scale(value), scale(0.0 if y_min <= 0 else y_min) - scale(value)
            else:
                y_top, bar_height = scale(0.0), scale(value) - scale(0.0)
            immature = bool(s.immature and s.immature[i])
            fill = "url(#hatch)" if immature else s.color
            stroke = f' stroke="{s.color}" stroke-width="1.5"' if immature else ""
            title = f"{label} · {s.name}: {axes.fmt(value)}" + (" (immature)" if immature else "")
            parts.append(f'<rect class="mark" x="{x:.1f}" y="{y_top:.1f}" width="{max(bar_width - 1, 1):.1f}" '
                         f'height="{max(bar_height, 0.5):.1f}" fill="{fill}"{stroke}><title>{esc(title)}</title>'
                         f'</rect>')
            if value_labels:
                parts.append(f'<text x="{x + bar_width / 2:.1f}" y="{y_top - 4:.1f}" text-anchor="middle" '
                             f'class="value">{esc(axes.fmt(value))}</text>')
    x_labels(parts, labels, centers, bottom)
    axis_titles(parts, axes, bottom, space)
    extra = [("immature", "url(#hatch)")] if any(s.immature and any(s.immature) for s in series) else []
    legend(parts, [(s.name, s.color) for s in series] + extra)
    parts.append("</svg>")
    return "\n".join(parts)


def line_chart(labels: list[str], series: list[Series], axes: Axes, partial: list[bool] | None = None,
               shade: list[str | None] | None = None, shade_legend: str = "") -> str:
    """Lines with point marks. Immature points are hollow and not joined. Partial months (`partial`) are
    hollow, joined by a dashed line, their column tinted and their x label ends in "(partial)". `shade`
    greys whole columns (its text, when not None, is the column's tooltip and is written at its top)."""
    bottom = MARGIN["top"] + PLOT_HEIGHT
    drawn_labels = partial_labels(labels, partial)
    space = label_space(drawn_labels)
    parts = svg_open(bottom + space + 26)
    values = [v for s in series for v in s.values if v is not None]
    y_max = nice_max(max(values, default=0.0))
    scale = y_axis(parts, y_max, axes, bottom)
    left, right = MARGIN["left"], WIDTH - MARGIN["right"]
    step = (right - left) / max(len(labels), 1)
    xs = [left + (i + 0.5) * step for i in range(len(labels))]
    is_partial = [bool(partial and partial[i]) for i in range(len(labels))]
    for i, note in enumerate(shade or []):
        if note and not is_partial[i]:
            parts.append(f'<rect class="shade" x="{xs[i] - step / 2:.1f}" y="{MARGIN["top"]}" '
                         f'width="{step:.1f}" height="{PLOT_HEIGHT}" fill="#ececec">'
                         f'<title>{esc(labels[i])}: {esc(note)}</title></rect>')
            parts.append(f'<text x="{xs[i]:.1f}" y="{MARGIN["top"] + 6}" transform="rotate(90 {xs[i]:.1f} '
                         f'{MARGIN["top"] + 6})" class="muted">{esc(note)}</text>')
    for i, flag in enumerate(is_partial):
        if flag:
            note = "partial month: not over at the as-of time"
            if shade and shade[i]:
                note += f"; {shade[i]}"
            parts.append(f'<rect class="shade partial-month" x="{xs[i] - step / 2:.1f}" y="{MARGIN["top"]}" '
                         f'width="{step:.1f}" height="{PLOT_HEIGHT}" fill="{PARTIAL_FILL}">'
                         f'<title>{esc(labels[i])}: {esc(note)}</title></rect>')
            parts.append(f'<text x="{xs[i]:.1f}" y="{MARGIN["top"] - 4}" text-anchor="middle" '
                         f'class="partial-note">partial</text>')
    for s in series:
        # one segment per pair of neighbouring drawn points; into or out of a partial month: dashed
        solid, dashed, previous = [], [], None
        for i, value in enumerate(s.values):
            if value is None or (s.immature and s.immature[i]):
                previous = None
                continue
            if previous is not None:
                segment = (f"M{xs[previous]:.1f},{scale(s.values[previous]):.1f} "
                           f"L{xs[i]:.1f},{scale(value):.1f}")
                (dashed if is_partial[i] or is_partial[previous] else solid).append(segment)
            previous = i
        if solid:
            parts.append(f'<path d="{" ".join(solid)}" fill="none" stroke="{s.color}" stroke-width="2" '
                         f'stroke-linecap="round"/>')
        if dashed:
            parts.append(f'<path class="partial-line" d="{" ".join(dashed)}" fill="none" stroke="{s.color}" '
                         f'stroke-width="2" stroke-dasharray="5,4"/>')
        for i, value in enumerate(s.values):
            if value is None:
                continue
            hollow = bool(s.immature and s.immature[i]) or is_partial[i]
            fill = "#fff" if hollow else s.color
            dash = ' stroke-dasharray="2,1"' if hollow else ""
            state = " (partial month)" if is_partial[i] else (" (immature)" if hollow else "")
            title = f"{labels[i]} · {s.name}: {axes.fmt(value)}{state}"
            parts.append(f'<circle class="mark" cx="{xs[i]:.1f}" cy="{scale(value):.1f}" r="{4 if hollow else 3.5}" '
                         f'fill="{fill}" stroke="{s.color}" stroke-width="1.5"{dash}><title>{esc(title)}</title>'
                         f'</circle>')
    x_labels(parts, drawn_labels, xs, bottom, emphasis=is_partial)
    axis_titles(parts, axes, bottom, space)
    extra = [(shade_legend, "#e0e0e0")] if shade_legend and shade and any(
        note and not is_partial[i] for i, note in enumerate(shade)) else []
    if any(is_partial):
        extra.append(("partial month (hollow, dashed)", PARTIAL_FILL))
    legend(parts, [(s.name, s.color) for s in series] + extra)
    parts.append("</svg>")
    return "\n".join(parts)


def hbar_chart(labels: list[str], values: list[float], axes: Axes, annotations: list[str], color: str,
               annotation_title: str = "conversion from the stage above") -> str:
    """Horizontal bars (the funnel), each with a right-hand annotation under `annotation_title`; axes.x_title
    names the bars' length, axes.y_title the rows."""
    row = 52
    top = MARGIN["top"]
    height = top + row * len(labels) + 34
    parts = svg_open(height)
    left, right = 150, WIDTH - 260
    top_value = nice_max(max(values, default=0.0))
    for i, (label, value) in enumerate(zip(labels, values)):
        y = top + i * row
        length = (right - left) * (value / top_value if top_value else 0)
        offset = ((right - left) - length) / 2  # centred: reads as a funnel
        parts.append(f'<text x="{left - 10}" y="{y + row / 2 + 4:.1f}" text-anchor="end" class="label">'
                     f'{esc(label)}</text>')
        parts.append(f'<rect class="mark" x="{left + offset:.1f}" y="{y + 6}" width="{max(length, 1):.1f}" '
                     f'height="{row - 14}" fill="{color}" opacity="{1 - i * 0.12:.2f}">'
                     f'<title>{esc(label)}: {esc(axes.fmt(value))}</title></rect>')
        if length >= 60:
            parts.append(f'<text x="{(left + right) / 2:.1f}" y="{y + row / 2 + 4:.1f}" text-anchor="middle" '
                         f'class="inbar">{esc(axes.fmt(value))}</text>')
        else:  # too narrow: the figure goes beside the bar
            parts.append(f'<text x="{left + offset + length + 6:.1f}" y="{y + row / 2 + 4:.1f}" '
                         f'class="value">{esc(axes.fmt(value))}</text>')
        parts.append(f'<text x="{right + 16}" y="{y + row / 2 + 4:.1f}" class="label">'
                     f'{esc(annotations[i])}</text>')
    parts.append(f'<text class="axis-title" x="{left - 10}" y="{top - 14}" text-anchor="end">'
                 f'{esc(axes.y_title)}</text>')
    parts.append(f'<text class="axis-title" x="{(left + right) / 2:.1f}" y="{top - 14}" text-anchor="middle">'
                 f'{esc(axes.x_title)}</text>')
    parts.append(f'<text class="axis-title" x="{right + 16}" y="{top - 14}">{esc(annotation_title)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def heatmap(rows: list[str], columns: list[str], values: dict[tuple[str, str], float | None], axes: Axes,
            below: float | None = None, below_note: str = "") -> str:
    """A cell per (row, column); cells under `below` (e.g. ROAS < 1) get a red frame, a ▼ and the class
    `below`, and the legend explains them. axes.x_title names the columns, axes.y_title the rows."""
    left = 190
    cell_w, cell_h = (WIDTH - left - 10) / max(len(columns), 1), 34
    top = 86
    parts = svg_open(int(top + cell_h * len(rows) + 12))
    present = [v for v in values.values() if v is not None]
    brightest = max(present, default=1.0) or 1.0
    parts.append(f'<text class="axis-title" x="{left + (WIDTH - left - 10) / 2:.1f}" y="{top - 34}" '
                 f'text-anchor="middle">{esc(axes.x_title)}</text>')
    parts.append(f'<text class="axis-title" x="{left - 10}" y="{top - 12}" text-anchor="end">'
                 f'{esc(axes.y_title)}</text>')
    for j, column in enumerate(columns):
        parts.append(f'<text x="{left + (j + 0.5) * cell_w:.1f}" y="{top - 12}" text-anchor="middle" class="tick">'
                     f'{esc(column)}</text>')
    for i, row in enumerate(rows):
        y = top + i * cell_h
        parts.append(f'<text x="{left - 10}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="end" class="label">'
                     f'{esc(row)}</text>')
        for j, column in enumerate(columns):
            value = values.get((row, column))
            x = left + j * cell_w
            if value is None:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                             f'fill="#fafafa" stroke="#eee"><title>{esc(row)} · {esc(column)}: no spend</title></rect>')
                parts.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="middle" '
                             f'class="muted">–</text>')
                continue
            low = below is not None and value < below
            intensity = max(0.0, min(1.0, value / brightest))
            fill = f"rgba(31,119,180,{0.12 + 0.78 * intensity:.2f})"
            frame = f' stroke="{BELOW_ONE}" stroke-width="2.5"' if low else ""
            text = axes.fmt(value) + (" ▼" if low else "")
            note = f" ({below_note})" if low and below_note else ""
            parts.append(f'<rect class="mark{" below" if low else ""}" x="{x + (1 if low else 0):.1f}" '
                         f'y="{y + (1 if low else 0)}" width="{cell_w - (4 if low else 2):.1f}" '
                         f'height="{cell_h - (4 if low else 2)}" fill="{fill}"{frame}>'
                         f'<title>{esc(row)} · {esc(column)}: {esc(axes.fmt(value))}{esc(note)}</title></rect>')
            css = "below-value" if low else ("inbar" if intensity > 0.55 else "value")
            parts.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" text-anchor="middle" '
                         f'class="{css}">{esc(text)}</text>')
    if below is not None and below_note:
        parts.append(f'<rect x="{left}" y="8" width="12" height="12" fill="#fff" stroke="{BELOW_ONE}" '
                     f'stroke-width="2.5"/>')
        parts.append(f'<text x="{left + 18}" y="18" class="legend">▼ {esc(below_note)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
