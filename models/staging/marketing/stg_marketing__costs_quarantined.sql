{#- One row per marketing cost line (cost_month, channel, campaign) that is
    quarantined: one of its versions is unusable (rejected by a rule), and a
    table without a version order ranks an unusable version first
    (classify_rows), so no line of the key is staged. Its cost is unknown and
    null downstream (int_marketing_costs_converted), never left out. The
    reason is that of the first unusable version (by row hash); every
    rejected row is in stg_audit__rejected_rows. A line without a usable
    month or channel, or of a month after the build clock, names no cost
    slot and is left out. -#}

with

base as (

    select * from {{ ref('base_marketing__costs') }}

),

staged_lines as (

    select distinct cost_line_key
    from base
    where row_status = 'staged'

),

rejected_versions as (

    select
        cost_line_key,
        cost_month,
        channel,
        campaign,
        rule_reject_reason,
        row_number() over (partition by cost_line_key order by raw_row_hash) as version_rank
    from base
    where rule_reject_reason is not null

),

final as (

    select
        -- ids
        rejected_versions.channel,
        rejected_versions.campaign,

        -- dates
        rejected_versions.cost_month,

        -- reason
        rejected_versions.rule_reject_reason as quarantine_reason

    from rejected_versions
    left join staged_lines
        on rejected_versions.cost_line_key = staged_lines.cost_line_key
    where
        rejected_versions.version_rank = 1
        and staged_lines.cost_line_key is null
        and rejected_versions.cost_month is not null
        and rejected_versions.channel is not null
        and cast(rejected_versions.cost_month as timestamp) <= {{ build_clock_utc() }}

)

select * from final
