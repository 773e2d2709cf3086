"""Number formats of the report (one per kind), HTML escaping and JSON safe to embed in a page.

Kinds: `money` (the reporting currency's code, thousands separators, whole units: "USD 1,234,567"),
`pct` (a fraction shown in percent with one decimal: "25.8%"), `int` (a count with thousands separators:
"18,488"), `ratio` (a multiple such as ROAS, two decimals: "1.35"). A missing value is an en dash.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from decimal import Decimal

MISSING = "–"


def to_float(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return float(value)


def fmt_number(value: float | None, kind: str = "int", currency: str = "") -> str:
    """`value` in the one format of its kind (see the module docstring)."""
    if value is None:
        return MISSING
    if kind == "pct":
        return f"{value * 100:.1f}%"
    if kind == "money":
        amount = f"{abs(value):,.0f}"
        sign = "-" if value < 0 and amount.strip("0,") else ""
        return f"{sign}{currency} {amount}".strip() if currency else f"{sign}{amount}"
    if kind == "ratio":
        return f"{value:.2f}"
    return f"{value:,.0f}"


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def script_json(value) -> str:
    """JSON for a <script type="application/json"> element: every `<` written as \\u003c, so that no
    text of the data (a channel or campaign name, a caption) can close the element or open a tag."""
    return json.dumps(value, default=jsonable).replace("<", "\\u003c")


def nice_max(value: float) -> float:
    """A round axis maximum at or above value."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = step * 10 ** exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)


def month_label(value) -> str:
    return value.strftime("%Y-%m") if hasattr(value, "strftime") else str(value)[:7]


def timestamp_label(value) -> str:
    """A UTC timestamp as 'YYYY-MM-DD HH:MM UTC' (the marts store naive UTC times)."""
    if value is None:
        return MISSING
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def join_names(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
