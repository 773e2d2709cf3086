{#- What became of every landed Salesforce row (docs/native-salesforce.md):
    per driving table and the contract table it feeds, the rows emitted and
    the rows the adapter drops or folds, by reason. Each landed row is
    classified by the adapter's own conditions, in the adapter's order (the
    first that drops it names it); rows folded into one contract row count
    the first as emitted. crm_lifecycle_stage_changes is left out: its rows
    are derived events from several tables, with no driving table. Tested by
    native_rows_accounted: the emitted rows are the adapter's. -#}
{%- set text = dbt.type_string() %}
{%- set bigint = dbt.type_bigint() %}
{%- set costs_read = var('salesforce_marketing_costs', true) %}

with

account as (

    select * from {{ source('salesforce', 'account') }}

),

contact as (

    select * from {{ source('salesforce', 'contact') }}

),

lead as (

    select * from {{ source('salesforce', 'lead') }}

),

opportunity as (

    select * from {{ source('salesforce', 'opportunity') }}

),

opportunity_history as (

    select * from {{ source('salesforce', 'opportunity_history') }}

),

task as (

    select * from {{ source('salesforce', 'task') }}

),

event as (

    select * from {{ source('salesforce', 'event') }}

),

campaign_member as (

    select * from {{ source('salesforce', 'campaign_member') }}

),

campaign as (

    select * from {{ source('salesforce', 'campaign') }}

),

campaign_types as (

    select * from {{ ref('salesforce_campaign_types') }}

),

crm_accounts as (

    select * from {{ ref('native_salesforce__crm_accounts') }}

),

crm_contacts as (

    select * from {{ ref('native_salesforce__crm_contacts') }}

),

crm_deals as (

    select * from {{ ref('native_salesforce__crm_deals') }}

),

crm_deal_stage_changes as (

    select * from {{ ref('native_salesforce__crm_deal_stage_changes') }}

),

crm_activities as (

    select * from {{ ref('native_salesforce__crm_activities') }}

),

{% if costs_read %}
marketing_costs as (

    select * from {{ ref('native_salesforce__marketing_costs') }}

),

{% endif %}
-- accounts: only History Mode's old versions are dropped (an account merged
-- away keeps its row, deleted)
account_classified as (

    select
        'account' as native_table,
        'crm_accounts' as contract_table,
        case
            when not {{ fivetran_active_version() }} then 'inactive_history_version'
            else 'emitted'
        end as row_outcome
    from account

),

-- people: the adapter groups its person records by id, so a second active
-- record of one id is folded into the first
contact_checked as (

    select
        cast(id as {{ text }}) as person_id,
        case
            when not {{ fivetran_active_version() }} then 'inactive_history_version'
            when master_record_id is not null then 'merge_loser'
        end as drop_reason
    from contact

),

contact_classified as (

    select
        'contact' as native_table,
        'crm_contacts' as contract_table,
        case
            when drop_reason is not null then drop_reason
            when row_number() over (partition by person_id, drop_reason order by person_id) > 1
                then 'repeated_person_row'
            else 'emitted'
        end as row_outcome
    from contact_checked

),

-- a converted lead is its contact: it only fills the contact's gaps
lead_checked as (

    select
        cast(id as {{ text }}) as person_id,
        case
            when not {{ fivetran_active_version() }} then 'inactive_history_version'
            when master_record_id is not null then 'merge_loser'
            when {{ parse_bool('cast(is_converted as ' ~ text ~ ')') }} and converted_contact_id is not null
                then 'converted_lead'
        end as drop_reason
    from lead

),

lead_classified as (

    select
        'lead' as native_table,
        'crm_contacts' as contract_table,
        case
            when drop_reason is not null then drop_reason
            when row_number() over (partition by person_id, drop_reason order by person_id) > 1
                then 'repeated_person_row'
            else 'emitted'
        end as row_outcome
    from lead_checked

),

opportunity_classified as (

    select
        'opportunity' as native_table,
        'crm_deals' as contract_table,
        case
            when not {{ fivetran_active_version() }} then 'inactive_history_version'
            else 'emitted'
        end as row_outcome
    from opportunity

),

-- the adapter's stage sequence reads the rows not deleted: the deleted
-- ones get a sequence of their own, never used
history_ordered as (

    select
        cast(opportunity_id as {{ text }}) as deal_id,
        cast(stage_name as {{ text }}) as deal_stage,
        cast(created_date as {{ text }}) as entered_at,
        {{ parse_bool('cast(is_deleted as ' ~ text ~ ')') }} as is_deleted,
        lag(cast(stage_name as {{ text }})) over (
            partition by
                cast(opportunity_id as {{ text }}),
                {{ parse_bool('cast(is_deleted as ' ~ text ~ ')') }}
            order by {{ parse_timestamp_utc('cast(created_date as ' ~ text ~ ')') }}, cast(created_date as {{ text }})
        ) as previous_stage
    from opportunity_history

),

history_checked as (

    select
        deal_id,
        deal_stage,
        entered_at,
        case
            when is_deleted then 'deleted'
            -- amount, probability or close date changed: the stage was entered before
            when not coalesce(previous_stage is null or previous_stage != deal_stage, false)
                then 'stage_unchanged'
        end as drop_reason
    from history_ordered

),

-- the adapter's distinct keeps one row per opportunity, stage and time
history_classified as (

    select
        'opportunity_history' as native_table,
        'crm_deal_stage_changes' as contract_table,
        case
            when drop_reason is not null then drop_reason
            when
                row_number() over (
                    partition by deal_id, deal_stage, entered_at, drop_reason order by deal_id
                ) > 1
                then 'repeated_history_row'
            else 'emitted'
        end as row_outcome
    from history_checked

),

task_classified as (

    select
        'task' as native_table,
        'crm_activities' as contract_table,
        case
            when not {{ fivetran_active_version() }} then 'inactive_history_version'
            when {{ parse_bool('cast(is_deleted as ' ~ text ~ ')') }} then 'deleted'
            when not {{ parse_bool('cast(is_closed as ' ~ text ~ ')') }} then 'open_task'
            -- mass emails (ListEmail) and other subtypes, or other types without a
            -- subtype (an unknown type is no call or email either)
            when not coalesce(
                lower(cast(task_subtype as {{ text }})) in ('call', 'email')
                or (task_subtype is null and lower(cast(type as {{ text }})) in ('call', 'email')),
                false
            ) then 'task_subtype_not_used'
            when who_id is null and account_id is null then 'no_person_or_account'
            else 'emitted'
        end as row_outcome
    from task

),

event_classified as (

    select
        'event' as native_table,
        'crm_activities' as contract_table,
        case
            when not {{ fivetran_active_version() }} then 'inactive_history_version'
            when {{ parse_bool('cast(is_deleted as ' ~ text ~ ')') }} then 'deleted'
            when who_id is null and account_id is null then 'no_person_or_account'
            else 'emitted'
        end as row_outcome
    from event

),

-- the adapter's inner joins come first: the member's campaign, then the
-- campaign's type in seed salesforce_campaign_types (a type without an
-- activity is no attendance either)
campaign_member_classified as (

    select
        'campaign_member' as native_table,
        'crm_activities' as contract_table,
        case
            when not {{ fivetran_active_version('campaign_member') }} then 'inactive_history_version'
            when campaign.id is null then 'no_campaign'
            when campaign_types.activity_type is null then 'campaign_type_not_used'
            when {{ parse_bool('cast(campaign_member.is_deleted as ' ~ text ~ ')') }} then 'deleted'
            when {{ parse_bool('cast(campaign.is_deleted as ' ~ text ~ ')') }} then 'campaign_deleted'
            when not {{ parse_bool('cast(campaign_member.has_responded as ' ~ text ~ ')') }} then 'not_responded'
            -- a member has no account
            when campaign_member.contact_id is null and campaign_member.lead_id is null then 'no_person_or_account'
            else 'emitted'
        end as row_outcome
    from campaign_member
    -- the campaign's current version, as the adapter reads it
    left join campaign
        on
            cast(campaign_member.campaign_id as {{ text }}) = cast(campaign.id as {{ text }})
            and {{ fivetran_active_version('campaign') }}
    left join campaign_types on lower(trim(cast(campaign.type as {{ text }}))) = campaign_types.campaign_type

),

{% if costs_read %}
-- a type listed without a channel is an ad type, whose spend the ad
-- platforms report
campaign_classified as (

    select
        'campaign' as native_table,
        'marketing_costs' as contract_table,
        case
            when not {{ fivetran_active_version('campaign') }} then 'inactive_history_version'
            when campaign_types.campaign_type is null then 'campaign_type_not_used'
            when {{ parse_bool('cast(campaign.is_deleted as ' ~ text ~ ')') }} then 'deleted'
            when campaign_types.channel is null then 'ad_campaign_type'
            when
                not coalesce({{ try_cast('cast(campaign.actual_cost as ' ~ text ~ ')', 'decimal(18, 4)') }} > 0, false)
                then 'no_positive_cost'
            else 'emitted'
        end as row_outcome
    from campaign
    left join campaign_types on lower(trim(cast(campaign.type as {{ text }}))) = campaign_types.campaign_type

),

{% endif %}
classified as (

    select * from account_classified
    union all
    select * from contact_classified
    union all
    select * from lead_classified
    union all
    select * from opportunity_classified
    union all
    select * from history_classified
    union all
    select * from task_classified
    union all
    select * from event_classified
    union all
    select * from campaign_member_classified
    {% if costs_read %}
    union all
    select * from campaign_classified
    {% endif %}

),

outcomes as (

    select
        native_table,
        contract_table,
        row_outcome,
        count(*) as native_rows
    from classified
    group by native_table, contract_table, row_outcome

),

-- counted apart from the classification: the rows landed, and the adapter's
-- rows from each table (people by the table holding their id, activities
-- by their type)
table_counts as (

    select
        'account' as native_table,
        (select count(*) from account) as landed_rows,
        (select count(*) from crm_accounts) as contract_rows
    union all
    select
        'contact' as native_table,
        (select count(*) from contact) as landed_rows,
        (
            select count(*) from crm_contacts
            where contact_id in (select cast(contact.id as {{ text }}) from contact)
        ) as contract_rows
    union all
    select
        'lead' as native_table,
        (select count(*) from lead) as landed_rows,
        (
            select count(*) from crm_contacts
            where contact_id in (select cast(lead.id as {{ text }}) from lead)
        ) as contract_rows
    union all
    select
        'opportunity' as native_table,
        (select count(*) from opportunity) as landed_rows,
        (select count(*) from crm_deals) as contract_rows
    union all
    select
        'opportunity_history' as native_table,
        (select count(*) from opportunity_history) as landed_rows,
        (select count(*) from crm_deal_stage_changes) as contract_rows
    union all
    select
        'task' as native_table,
        (select count(*) from task) as landed_rows,
        (
            select count(*) from crm_activities
            where activity_type in ('call', 'email')
        ) as contract_rows
    union all
    select
        'event' as native_table,
        (select count(*) from event) as landed_rows,
        (
            select count(*) from crm_activities
            where activity_type = 'meeting'
        ) as contract_rows
    union all
    select
        'campaign_member' as native_table,
        (select count(*) from campaign_member) as landed_rows,
        (
            select count(*) from crm_activities
            where activity_type not in ('call', 'email', 'meeting')
        ) as contract_rows
    {% if costs_read %}
    union all
    select
        'campaign' as native_table,
        (select count(*) from campaign) as landed_rows,
        (select count(*) from marketing_costs) as contract_rows
    {% endif %}

),

final as (

    select
        cast('salesforce' as {{ text }}) as native_source,
        cast(outcomes.native_table as {{ text }}) as native_table,
        cast(outcomes.contract_table as {{ text }}) as contract_table,
        cast(outcomes.row_outcome as {{ text }}) as row_outcome,
        cast(outcomes.native_rows as {{ bigint }}) as native_rows,
        cast(table_counts.landed_rows as {{ bigint }}) as landed_rows,
        cast(table_counts.contract_rows as {{ bigint }}) as contract_rows
    from outcomes
    inner join table_counts on outcomes.native_table = table_counts.native_table

)

select * from final
