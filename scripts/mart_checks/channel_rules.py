"""The channel rules engine for spend rows: which channel an ad campaign's spend belongs to.

Seed channel_rules is applied in Python, independently of the dbt macro
`classify_channel`, to (platform, campaign_id, campaign_name, campaign_type)
rows. Spend rows carry no touch data, so only the platform, campaign and
campaign-type conditions can match; a Performance Max campaign falls to var
performance_max_channel.
"""

from __future__ import annotations

import re

import pandas as pd

from mart_checks.values import is_null


def classify_campaigns(campaigns: pd.DataFrame, rules: pd.DataFrame, performance_max_channel: str) -> pd.Series:
    """Channel of (platform, campaign_id, campaign_name) rows: the first rule of seed channel_rules
    (by rule_order) whose every condition holds; a spend row has no touch type, click id, utm tags,
    referrer, form origin, activity or lead source, so a rule with such a condition never matches."""
    # the built-in rule: a Performance Max campaign is the channel of var performance_max_channel
    # (default paid_search), after the seed's campaign-type rules
    rules = pd.concat([rules, pd.DataFrame([{"rule_order": 190, "campaign_type_pattern": "^performance_max$",
                                             "channel": performance_max_channel}])], ignore_index=True)
    rules = rules.sort_values("rule_order", kind="stable")
    other_conditions = ["touch_type", "has_click_id", "utm_medium_pattern", "utm_source_pattern",
                        "referrer_domain_pattern", "origin_label_pattern", "activity_type",
                        "lead_source_pattern", "click_id_parameter_pattern"]
    usable = rules[rules[[c for c in other_conditions if c in rules.columns]].isna().all(axis=1)]

    def norm(value):  # values are compared lower-cased and trimmed
        return None if is_null(value) else str(value).strip().lower()

    def pattern(value):  # patterns are used as written
        return None if is_null(value) else str(value).strip()

    def classify(row) -> str:
        platform, campaign_id, name = norm(row.platform), norm(row.campaign_id), norm(row.campaign_name)
        campaign_type = norm(getattr(row, "campaign_type", None))
        for rule in usable.itertuples():
            platform_pattern = pattern(rule.platform_pattern)
            campaign_pattern = pattern(rule.campaign_pattern)
            type_pattern = pattern(getattr(rule, "campaign_type_pattern", None))
            if platform_pattern is not None and (platform is None or not re.search(platform_pattern, platform)):
                continue
            if type_pattern is not None and (campaign_type is None or not re.search(type_pattern, campaign_type)):
                continue
            if campaign_pattern is not None and not any(
                    v is not None and re.search(campaign_pattern, v) for v in (campaign_id, name)):
                continue
            return rule.channel
        return "other"

    return campaigns.apply(classify, axis=1)
