{{ config(materialized='table') }}

{#- One row per staged deal: its account through merges (else its primary
    contact's account), its status, its amount in the reporting currency at
    its created month's rate, and when it closed (docs/metrics.md section 7). -#}

with

deals as (

    select * from {{ ref('stg_crm__deals') }}

),

accounts_merged as (

    select * from {{ ref('int_accounts_merged') }}

),

contacts_resolved as (

    select * from {{ ref('int_contacts_resolved') }}

),

contacts_merged as (

    select * from {{ ref('int_contacts_merged') }}

),

stage_seed as (

    select * from {{ ref('deal_stages') }}

),

deal_transitions as (

    select * from {{ ref('int_deal_stage_transitions_classified') }}

),

currency_rates as (

    select * from {{ ref('int_currency_rates_rebased') }}

),

deal_stages as (

    select distinct
        deal_stage,
        is_closed,
        is_won
    from stage_seed

),

final_closed_stages as (

    -- when the stage history ends in a closed stage, the time it entered it
    select
        deal_id,
        entered_at as closed_stage_entered_at
    from deal_transitions
    where is_current_stage and is_closed_stage

),

resolved as (

    select
        deals.deal_id,
        -- a merged-away primary contact stands for its survivor
        {{ surviving_contact_id('deals.primary_contact_id', 'contacts_merged') }} as primary_contact_id,
        deals.pipeline,
        deals.deal_stage,
        deals.amount as original_amount,
        deals.currency as original_currency,
        deals.is_deleted,
        deals.created_at,
        deals.close_date,
        deals.expected_close_date,

        -- account: the deal's own account through merges, else its primary
        -- contact's resolved account (deleted contacts own nothing)
        coalesce(accounts_merged.surviving_account_id, primary_contact.account_id) as account_id,
        case
            when accounts_merged.surviving_account_id is not null and accounts_merged.merge_depth > 0
                then 'merged_deal_account'
            when accounts_merged.surviving_account_id is not null then 'deal_account'
            when primary_contact.account_id is not null then 'primary_contact'
            else 'unresolved'
        end as account_resolution_method,

        -- status: the canonical stage decides; the raw flags only when the stage is unknown
        coalesce(deal_stages.is_closed, deals.is_closed, false) as is_closed,
        coalesce(deal_stages.is_won, deals.is_won, false) as is_won,
        deal_stages.deal_stage is not null
        and (
            deal_stages.is_closed != coalesce(deals.is_closed, false)
            or deal_stages.is_won != coalesce(deals.is_won, false)
        ) as has_status_conflict,

        final_closed_stages.closed_stage_entered_at,

        -- money: the reporting currency at 1, else the created month's rate
        {{ rate_to_reporting('deals.currency', 'currency_rates.rate_to_reporting') }} as rate_to_reporting

    from deals
    left join accounts_merged
        on deals.account_id = accounts_merged.account_id
    left join contacts_merged
        on deals.primary_contact_id = contacts_merged.contact_id
    left join contacts_resolved as primary_contact
        on
            {{ surviving_contact_id('deals.primary_contact_id', 'contacts_merged') }} = primary_contact.contact_id
            and not primary_contact.is_deleted
    left join deal_stages
        on deals.deal_stage = deal_stages.deal_stage
    left join final_closed_stages
        on deals.deal_id = final_closed_stages.deal_id
    left join currency_rates
        on
            deals.currency = currency_rates.currency
            and cast({{ dbt.date_trunc('month', 'deals.created_at') }} as date) = currency_rates.rate_month

),

timed as (

    select
        *,
        -- closed: when the stage history entered the final closed stage,
        -- else the CRM close date at midnight UTC; null while open
        case
            when is_closed then coalesce(closed_stage_entered_at, cast(close_date as timestamp))
        end as closed_at,
        case
            when not is_closed then null
            when closed_stage_entered_at is not null then 'stage_history'
            when close_date is not null then 'close_date'
        end as closed_at_source
    from resolved

),

final as (

    select
        -- ids
        deal_id,
        account_id,
        primary_contact_id,

        -- attributes
        account_resolution_method,
        pipeline,
        deal_stage,

        -- money
        cast(round(original_amount * rate_to_reporting, 2) as decimal(18, 2)) as amount,
        original_amount,
        original_currency,
        upper('{{ var("reporting_currency") }}') as reporting_currency,

        -- flags
        is_won,
        is_closed,
        is_deleted,
        rate_to_reporting is not null as has_currency_rate,
        has_status_conflict,

        -- dates and timestamps
        created_at,
        closed_at,
        closed_at_source,
        close_date,
        expected_close_date,

        -- durations
        {{ days_between('created_at', 'closed_at') }} as days_to_close

    from timed

)

select * from final
