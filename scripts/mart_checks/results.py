"""What a check returns (CheckResult) and how an expected frame is compared with a mart.

Tolerances follow the marts' rounding: counts exactly, money to the cent,
ratios to 4 decimals or cents, rates to float precision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from mart_checks.values import fmt, fmt_key, is_null


@dataclass
class CheckResult:
    name: str
    status: str  # OK, MISMATCH, ERROR, SKIPPED
    compared: int = 0
    mismatched: int = 0
    detail: str = ""
    examples: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status in ("MISMATCH", "ERROR")


def result(name: str, compared: int, problems: list[str], detail: str = "") -> CheckResult:
    return CheckResult(name, "MISMATCH" if problems else "OK", compared, len(problems), detail, problems)


def values_match(expected, actual, kind: str) -> bool:
    if kind == "text":
        return (is_null(expected) and is_null(actual)) or (not is_null(expected) and not is_null(actual)
                                                           and str(expected) == str(actual))
    if is_null(expected) or is_null(actual):
        return is_null(expected) and is_null(actual)
    expected, actual = float(expected), float(actual)
    if kind == "count":
        return expected == actual
    if kind == "money":  # marts round money to cents
        return abs(expected - actual) <= 0.006 + 1e-9 * abs(expected)
    if kind == "ratio":  # money per unit, rounded to 4 decimals or cents
        return abs(expected - actual) <= 0.006 + 1e-6 * abs(expected)
    return abs(expected - actual) <= 1e-9 + 1e-9 * abs(expected)  # rate


def compare(name: str, expected: pd.DataFrame, actual: pd.DataFrame, columns: dict[str, str],
            missing_ok: bool = False, only_expected_text: bool = False, text_keys=None) -> CheckResult:
    """Compare `columns` of two frames indexed by the same key. A key on one side only counts as zero
    (counts, money) or null (rates, ratios), so that an all-zero row present on one side only matches.
    missing_ok: keys missing from the mart are not compared. only_expected_text: text columns are
    compared only on keys the recomputation has (text_keys, when given, narrows them further)."""
    absent = [c for c in columns if c not in actual.columns]
    if absent:
        return CheckResult(name, "MISMATCH", detail="columns missing in mart: " + ", ".join(absent),
                           mismatched=len(absent), examples=[f"missing column {c}" for c in absent])
    if actual.index.has_duplicates:
        return CheckResult(name, "MISMATCH", mismatched=1, detail="mart grain not unique",
                           examples=["mart grain not unique"])
    keys = expected.index.union(actual.index)
    if missing_ok:
        keys = keys[keys.isin(actual.index)]
    exp = expected.reindex(keys)
    act = actual.reindex(keys)
    exp_present = keys.isin(expected.index)
    act_present = keys.isin(actual.index)
    text_present = exp_present if text_keys is None else keys.isin(text_keys)
    # plain lists: element access on pandas objects is far too slow row by row
    exp_values = {c: exp[c].tolist() if c in exp.columns else [None] * len(keys) for c in columns}
    act_values = {c: act[c].tolist() for c in columns}
    examples: list[str] = []
    mismatched = 0
    for i, key in enumerate(keys):
        diffs = []
        for column, kind in columns.items():
            if kind == "text" and only_expected_text and not text_present[i]:
                continue
            e = exp_values[column][i] if exp_present[i] else None
            a = act_values[column][i] if act_present[i] else None
            if kind in ("count", "money"):
                e = 0 if not exp_present[i] else e
                a = 0 if not act_present[i] else a
            if not values_match(e, a, kind):
                # text values are not printed: a wrong text column could hold personal data
                diffs.append(f"{column}: differs" if kind == "text"
                             else f"{column}: expected {fmt(e)}, mart {fmt(a)}")
        if diffs:
            mismatched += 1
            if len(examples) < 50:
                where = "" if act_present[i] else " (row missing in mart)"
                where = where if exp_present[i] else " (row only in mart)"
                examples.append(f"{fmt_key(key)}{where}: " + "; ".join(diffs))
    status = "MISMATCH" if mismatched else "OK"
    return CheckResult(name, status, len(keys), mismatched, f"{len(keys)} rows x {len(columns)} columns",
                       examples)
