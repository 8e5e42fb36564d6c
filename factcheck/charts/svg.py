"""Rendering SVG safely, and the axis arithmetic every chart shares.

Charts compute their geometry in Python and hand plain numbers and strings to a Jinja2
template with autoescape on, so text from articles can only ever be character data or
a quoted attribute value, never markup. Colours are presentation attributes, not
``style`` attributes, so the SVG obeys a Content-Security-Policy that allows no inline
style beyond the page's own hashed stylesheet.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

PALETTE = {
    "ink": "#1d232b",
    "muted": "#5b6572",
    "grid": "#dde2e8",
    "band": "#f2f4f7",
    "dot": "#2e6fba",
    "range": "#9db8dc",
    "outlier": "#b42318",
    "reference": "#067647",
    "dismissed": "#98a2b3",
    "agree": "#e4f7ec",
    "outlier_fill": "#fee4e2",
    "reference_fill": "#e0f2e9",
    "empty": "#ffffff",
}


@functools.cache
def _environment() -> Environment:
    # NOTE: cached per process: the environment only holds compiled templates, which
    # are package data and never change while the process runs.
    return Environment(
        loader=PackageLoader("factcheck.charts", "templates"),
        autoescape=select_autoescape(enabled_extensions=("svg", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> Markup:
    """Render ``templates/<template>`` to SVG markup (safe to embed in HTML as is)."""
    html = _environment().get_template(template).render(palette=PALETTE, **context)
    return Markup(html.strip())


def short(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (escaping happens later)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


# Average advance of a character of the 12px sans-serif the charts use. Labels are cut
# to a few dozen characters, so this estimate only has to keep margins roughly right.
CHAR_W = 6.8


def text_width(text: str, size: float = 12) -> float:
    return len(text) * CHAR_W * size / 12


def margin(labels: Iterable[str], low: float, high: float) -> float:
    """A left margin wide enough for the widest label, within [low, high]."""
    widest = max((text_width(t) for t in labels), default=0.0)
    return max(low, min(high, 16 + widest))


def px(x: float) -> str:
    """A coordinate as SVG wants it: at most one decimal, no exponent."""
    return f"{x:.1f}".rstrip("0").rstrip(".") if math.isfinite(x) else "0"


_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k"))


def compact(x: float) -> str:
    """1.8e9 -> '1.8bn', 4500 -> '4.5k', 58 -> '58'."""
    if not math.isfinite(x):
        return "∞" if x > 0 else "-∞"
    for scale, suffix in _SCALES:
        if abs(x) >= scale:
            return f"{x / scale:.3g}{suffix}"
    return f"{x:.3g}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (at least two, at most ``count`` * 3)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0, 1.0]
    # A range narrower than the floats can tell apart is drawn as a unit-wide one.
    floor = 1e-9 * max(1.0, abs(low), abs(high))
    if high - low < floor:
        high = low + max(floor, abs(low) * 0.1 or 1.0)
    raw = (high - low) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    for i in range(count * 3):
        value = round(first + i * step, 12)
        ticks.append(value)
        if value >= high:
            break
    return ticks


def date_ticks(low: date, high: date, count: int = 8) -> list[tuple[date, str]]:
    """Calendar ticks (years, quarters, months or days) covering [low, high]."""
    days = max(1, (high - low).days)
    if days > 365 * 2:
        step = max(1, math.ceil(days / 365 / count))
        years = range(low.year - low.year % step, high.year + 2, step)
        return [(date(y, 1, 1), str(y)) for y in years if date(low.year, 1, 1) <= date(y, 1, 1)]
    if days > 62:
        months = 1 if days <= 31 * count else 3
        out: list[tuple[date, str]] = []
        y, m = low.year, low.month - (low.month - 1) % months
        while date(y, m, 1) <= high + timedelta(days=31 * months):
            out.append((date(y, m, 1), date(y, m, 1).strftime("%b %Y")))
            m += months
            if m > 12:
                y, m = y + 1, m - 12
        return out
    step_days = max(1, math.ceil(days / count))
    ticks = [low + timedelta(days=i) for i in range(0, days + step_days + 1, step_days)]
    return [(d, d.strftime("%d %b %Y")) for d in ticks]
