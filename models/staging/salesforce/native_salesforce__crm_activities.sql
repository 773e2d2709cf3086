{#- Salesforce activities as the contract's crm_activities: completed tasks
    that are calls or emails (mass emails left out), events as meetings, and
    responded campaign members of the campaign types seed
    salesforce_campaign_types makes webinars or events. Leads are re-keyed
    to the contact that stands for them; deleted records and activities
    with neither a person nor an account are dropped. #}
{%- set text = dbt.type_string() %}

with

task as (

    select * from {{ source('salesforce', 'task') }}
    -- the current version (History Mode keeps the older ones too)
    where {{ fivetran_active_version() }}

),

event as (

    select * from {{ source('salesforce', 'event') }}
    -- the current version (History Mode keeps the older ones too)
    where {{ fivetran_active_version() }}

),

campaign as (

    select * from {{ source('salesforce', 'campaign') }}
    -- the current version (History Mode keeps the older ones too)
    where {{ fivetran_active_version() }}

),

campaign_member as (

    select * from {{ source('salesforce', 'campaign_member') }}
    -- the current version (History Mode keeps the older ones too)
    where {{ fivetran_active_version() }}

),

person_keys as (

    select * from {{ ref('native_salesforce__person_keys') }}

),

campaign_types as (

    select * from {{ ref('salesforce_campaign_types') }}

),

tasks as (

    select
        cast(id as {{ text }}) as activity_id,
        case
            when lower(cast(task_subtype as {{ text }})) = 'call' or lower(cast(type as {{ text }})) = 'call'
                then 'call'
            else 'email'
        end as activity_type,
        cast(who_id as {{ text }}) as person_id,
        cast(account_id as {{ text }}) as account_id,
        -- activity_date is the due date: the completion time is when it happened
        cast(coalesce(completed_date_time, created_date) as {{ text }}) as occurred_at
    from task
    where
        not {{ parse_bool('cast(is_deleted as ' ~ text ~ ')') }}
        and {{ parse_bool('cast(is_closed as ' ~ text ~ ')') }}
        and (
            lower(cast(task_subtype as {{ text }})) in ('call', 'email')
            or (task_subtype is null and lower(cast(type as {{ text }})) in ('call', 'email'))
        )

),

meetings as (

    select
        cast(id as {{ text }}) as activity_id,
        'meeting' as activity_type,
        cast(who_id as {{ text }}) as person_id,
        cast(account_id as {{ text }}) as account_id,
        cast(coalesce(start_date_time, activity_date_time, created_date) as {{ text }}) as occurred_at
    from event
    where not {{ parse_bool('cast(is_deleted as ' ~ text ~ ')') }}

),

-- the response is a date: the member's creation time when it was added
-- that day (attendance synced from the webinar tool), else midnight
attendances as (

    select
        cast(campaign_member.id as {{ text }}) as activity_id,
        campaign_types.activity_type,
        cast(coalesce(campaign_member.contact_id, campaign_member.lead_id) as {{ text }}) as person_id,
        cast(null as {{ text }}) as account_id,
        case
            when campaign_member.first_responded_date is null
                then cast(coalesce(campaign.start_date, campaign_member.created_date) as {{ text }})
            when
                substring(cast(campaign_member.created_date as {{ text }}), 1, 10)
                = substring(cast(campaign_member.first_responded_date as {{ text }}), 1, 10)
                then cast(campaign_member.created_date as {{ text }})
            else cast(campaign_member.first_responded_date as {{ text }})
        end as occurred_at
    from campaign_member
    inner join campaign on cast(campaign_member.campaign_id as {{ text }}) = cast(campaign.id as {{ text }})
    inner join campaign_types on lower(trim(cast(campaign.type as {{ text }}))) = campaign_types.campaign_type
    where
        not {{ parse_bool('cast(campaign_member.is_deleted as ' ~ text ~ ')') }}
        and not {{ parse_bool('cast(campaign.is_deleted as ' ~ text ~ ')') }}
        and {{ parse_bool('cast(campaign_member.has_responded as ' ~ text ~ ')') }}
        and campaign_types.activity_type is not null

),

activities as (

    select * from tasks
    union all
    select * from meetings
    union all
    select * from attendances

),

final as (

    select
        activities.activity_id,
        activities.activity_type,
        coalesce(person_keys.contact_id, activities.person_id) as contact_id,
        activities.account_id,
        activities.occurred_at,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from activities
    left join person_keys on activities.person_id = person_keys.person_id
    where activities.person_id is not null or activities.account_id is not null

)

select * from final
