"""The independent recomputation of the marts, run by scripts/validate_marts.py (the entry point).

- database:       the project database opened read-only, and its queries
- merges:         merged CRM contacts and whose history they carry
- inputs:         contacts with stage timestamps, as-of time, month spine, channel set
- channel_rules:  seed channel_rules applied to ad campaigns
- spend:          ad spend and marketing costs, converted, per campaign and channel
- values:         months, the null-safe ratio, nulls and printed values
- results:        CheckResult and the comparison of expected frames with a mart
- check_contract: tables, columns and grains of docs/marts.md section 4
- check_privacy:  no raw personal data in schema marts
- check_funnel:   rpt_mql_to_sql_rates and rpt_funnel_monthly
- check_spend:    channel, campaign and attribution spend with their ratios
- check_deals:    deals won and lost per month
- check_months:   is_partial_month of the monthly marts
- check_rfm:      RFM scores of dim_contacts and dim_accounts
- check_email:    the email marts, from the raw email_events file
- validator:      the Validator that puts them together and runs the checks
- report:         the printed report
"""
