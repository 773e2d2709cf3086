{#- One row per surviving CRM account (an account merged into another
    lives on as its survivor; a deleted account has no survivor and owns
    nothing): what its timeline and funnel say about it, for dim_accounts
    and the channel metrics. Its first touch and acquisition channel (the
    channel of touch number 1 of the account timeline, `other` without
    one: docs/metrics.md section 5), touchpoint count and lifecycle stage
    (the most advanced stage any of its non-deleted contacts reached;
    `customer` once it has a won deal). -#}

with

accounts_merged as (

    select * from {{ ref('int_accounts_merged') }}

),

contacts as (

    select * from {{ ref('int_contacts_resolved') }}

),

contact_stages as (

    select * from {{ ref('int_contact_stages_pivoted') }}

),

deals as (

    select * from {{ ref('int_deals_resolved') }}

),

touchpoints as (

    select * from {{ ref('int_touchpoints_sequenced') }}

),

stage_seed as (

    select * from {{ ref('lifecycle_stages') }}

),

funnel_stages as (

    select distinct
        lifecycle_stage,
        stage_order
    from stage_seed
    where stage_order is not null

),

last_stage_order as (

    select max(stage_order) as stage_order
    from funnel_stages

),

final_stage as (

    -- the last stage of the order (customer), which a won deal implies
    select funnel_stages.lifecycle_stage
    from funnel_stages
    inner join last_stage_order
        on funnel_stages.stage_order = last_stage_order.stage_order

),

surviving_accounts as (

    select account_id
    from accounts_merged
    where account_id = surviving_account_id

),

account_touchpoints as (

    select
        account_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as touchpoint_count,
        min(occurred_at) as first_touch_at
    from touchpoints
    where account_id is not null
    group by account_id

),

first_touchpoints as (

    select
        account_id,
        channel as first_touch_channel
    from touchpoints
    where account_touch_number = 1

),

account_contacts as (

    select
        contacts.account_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as contact_count,
        max(funnel_stages.stage_order) as highest_stage_order
    from contacts
    left join contact_stages
        on contacts.contact_id = contact_stages.contact_id
    left join funnel_stages
        on contact_stages.highest_stage = funnel_stages.lifecycle_stage
    where
        not contacts.is_deleted
        and contacts.account_id is not null
    group by contacts.account_id

),

account_won_deals as (

    select
        account_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as won_deal_count,
        min(closed_at) as first_won_at
    from deals
    where
        is_won
        and not is_deleted
        and account_id is not null
    group by account_id

),

final as (

    select
        -- ids
        surviving_accounts.account_id,

        -- touchpoints
        account_touchpoints.first_touch_at,
        -- the account's acquisition channel (docs/metrics.md section 5)
        coalesce(first_touchpoints.first_touch_channel, 'other') as first_touch_channel,
        coalesce(account_touchpoints.touchpoint_count, 0) as touchpoint_count,

        -- funnel
        case
            when account_won_deals.account_id is not null then final_stage.lifecycle_stage
            else highest_stage.lifecycle_stage
        end as lifecycle_stage,
        coalesce(account_contacts.contact_count, 0) as contact_count,
        coalesce(account_won_deals.won_deal_count, 0) as won_deal_count,
        account_won_deals.first_won_at

    from surviving_accounts
    left join account_touchpoints
        on surviving_accounts.account_id = account_touchpoints.account_id
    left join first_touchpoints
        on surviving_accounts.account_id = first_touchpoints.account_id
    left join account_contacts
        on surviving_accounts.account_id = account_contacts.account_id
    left join funnel_stages as highest_stage
        on account_contacts.highest_stage_order = highest_stage.stage_order
    left join account_won_deals
        on surviving_accounts.account_id = account_won_deals.account_id
    cross join final_stage

)

select * from final
