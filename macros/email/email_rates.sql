{#- The eight email engagement rates (docs/metrics.md section 10), as
    select-list expressions over the recipient counts of a row. Shared by
    rpt_email_metrics_monthly and rpt_email_totals_monthly so that a month's
    total rate is the same ratio of the summed counts as a campaign's rate
    of its own counts. Each is `safe_ratio`: a double, null when the
    denominator is 0 (no recipient delivered, no opener), never 0. -#}
{% macro email_rates() -%}
    {{ safe_ratio('recipients_delivered', 'recipients_sent') }} as delivery_rate,
    {{ safe_ratio('unique_openers', 'recipients_delivered') }} as open_rate,
    {{ safe_ratio('unique_clickers', 'recipients_delivered') }} as click_rate,
    {{ safe_ratio('unique_clickers', 'unique_openers') }} as click_to_open_rate,
    {{ safe_ratio('recipients_replied', 'recipients_delivered') }} as reply_rate,
    {{ safe_ratio('recipients_unsubscribed', 'recipients_delivered') }} as unsubscribe_rate,
    {{ safe_ratio('recipients_spam_reported', 'recipients_delivered') }} as spam_rate,
    {{ safe_ratio('recipients_bounced', 'recipients_sent') }} as bounce_rate
{%- endmacro %}
