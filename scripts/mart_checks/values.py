"""Value helpers of the checks: months, the null-safe ratio, nulls and how values are printed."""

from __future__ import annotations

import math

import pandas as pd


def month_start(values):
    if isinstance(values, pd.Series):
        return values.dt.to_period("M").dt.to_timestamp()
    return pd.Timestamp(values).to_period("M").to_timestamp()


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator; null (NaN) when the denominator is 0 or null."""
    num = numerator.astype("float64")
    den = denominator.astype("float64")
    return (num / den).where(den != 0)


def fmt_months(values) -> list[str]:
    return [pd.Timestamp(v).strftime("%Y-%m") for v in values]


def is_null(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def fmt(value) -> str:
    if is_null(value):
        return "null"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def fmt_key(key) -> str:
    parts = key if isinstance(key, tuple) else (key,)
    return "(" + ", ".join(p.strftime("%Y-%m") if isinstance(p, pd.Timestamp) else str(p) for p in parts) + ")"
