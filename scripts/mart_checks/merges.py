"""Merged CRM contacts: which live record a merged-away contact's history belongs to.

The merge chains are followed here in Python, not read from the dbt models,
so that the recomputation does not reuse the logic it checks.
"""

from __future__ import annotations

import pandas as pd

MAX_MERGE_DEPTH = 20  # the project's var max_merge_depth (default)


def surviving_contacts(contacts: pd.DataFrame, max_depth: int = MAX_MERGE_DEPTH) -> pd.Series:
    """merged-away contact_id -> the live record its merge chain ends on, or
    None when the chain ends nowhere usable (a cycle, a record missing from
    the export, a deleted record, or still moving after max_depth hops):
    then the record's history belongs to nobody."""
    into = contacts.set_index("contact_id")["merged_into_contact_id"].to_dict()
    deleted = contacts.set_index("contact_id")["is_deleted"].fillna(False).astype(bool).to_dict()
    result = {}
    for contact, target in into.items():
        if target is None or pd.isna(target):
            continue
        seen, current, hops = {contact}, target, 1
        while current in into and into[current] is not None and not pd.isna(into[current]) \
                and current not in seen and hops <= max_depth:
            seen.add(current)
            current, hops = into[current], hops + 1
        usable = current in into and current not in seen and hops <= max_depth \
            and (into[current] is None or pd.isna(into[current])) and not deleted[current]
        result[contact] = current if usable else None
    return pd.Series(result, dtype=object)
