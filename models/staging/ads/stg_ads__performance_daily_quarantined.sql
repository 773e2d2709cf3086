{#- One row per ad report day (report_date, platform, campaign_id) whose
    latest restatement is unusable: rejected by a rule, or of unknown
    extraction time (classify_rows ranks it first). The day is quarantined:
    no older restatement is staged in its place, so its figures are unknown
    and its spend is null downstream (int_ad_spend_converted), never the
    stale older figure. The reason is the latest restatement's; its row is
    in stg_audit__rejected_rows. A report day after the build clock names no
    spend day (rejected as `future_report_date`) and is left out. -#}

with

base as (

    select * from {{ ref('base_ads__performance_daily') }}

),

quarantined_versions as (

    select
        platform,
        campaign_id,
        report_date,
        latest_version_reject_reason
    from base
    where
        latest_version_reject_reason is not null
        and platform is not null
        and campaign_id is not null
        and report_date is not null
        and cast(report_date as timestamp) <= {{ build_clock_utc() }}

),

final as (

    select distinct
        -- ids
        platform,
        campaign_id,

        -- dates
        report_date,

        -- reason
        latest_version_reject_reason as quarantine_reason

    from quarantined_versions

)

select * from final
