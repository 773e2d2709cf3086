{#- Salesforce people as the contract's crm_contacts (text columns): the
    contacts and the leads never converted, less the records merged away
    (their history is re-keyed to the record kept, model
    native_salesforce__person_keys). A converted lead is its contact: the
    contact's life starts when the lead was created, and the lead's source
    and account fill the contact's gaps.
    One union and one aggregate, without joins: the privacy deletions read
    this relation many times in one query, where joins would multiply. #}
{%- set text = dbt.type_string() %}

with

{%- set active = "(_fivetran_active is null or " ~ parse_bool('cast(_fivetran_active as ' ~ text ~ ')') ~ ")" %}
records as (

    select
        cast(id as {{ text }}) as contact_id,
        'person' as record_kind,
        cast(account_id as {{ text }}) as account_id,
        cast(email as {{ text }}) as email,
        cast(first_name as {{ text }}) as first_name,
        cast(last_name as {{ text }}) as last_name,
        cast(title as {{ text }}) as job_title,
        cast(coalesce(phone, mobile_phone) as {{ text }}) as phone,
        cast(lead_source as {{ text }}) as lead_source,
        cast(created_date as {{ text }}) as created_at,
        coalesce(cast(is_deleted as {{ text }}), cast(_fivetran_deleted as {{ text }}), 'false') as is_deleted
    from {{ source('salesforce', 'contact') }}
    where {{ active }} and master_record_id is null

    union all

    -- a lead never converted is a person too (most of the funnel happens
    -- before conversion); it has no account: staging resolves one from the
    -- email's domain
    select
        cast(id as {{ text }}) as contact_id,
        'person' as record_kind,
        cast(null as {{ text }}) as account_id,
        cast(email as {{ text }}) as email,
        cast(first_name as {{ text }}) as first_name,
        cast(last_name as {{ text }}) as last_name,
        cast(title as {{ text }}) as job_title,
        cast(coalesce(phone, mobile_phone) as {{ text }}) as phone,
        cast(lead_source as {{ text }}) as lead_source,
        cast(created_date as {{ text }}) as created_at,
        coalesce(cast(is_deleted as {{ text }}), cast(_fivetran_deleted as {{ text }}), 'false') as is_deleted
    -- the source is read in each branch: a relation named twice would be
    -- materialised once per reading of this view
    from {{ source('salesforce', 'lead') }}
    where
        {{ active }}
        and master_record_id is null
        and (not {{ parse_bool('cast(is_converted as ' ~ text ~ ')') }} or converted_contact_id is null)

    union all

    -- a converted lead lends its contact its account, source and creation
    select
        cast(converted_contact_id as {{ text }}) as contact_id,
        'converted_lead' as record_kind,
        cast(converted_account_id as {{ text }}) as account_id,
        cast(null as {{ text }}) as email,
        cast(null as {{ text }}) as first_name,
        cast(null as {{ text }}) as last_name,
        cast(null as {{ text }}) as job_title,
        cast(null as {{ text }}) as phone,
        cast(lead_source as {{ text }}) as lead_source,
        cast(created_date as {{ text }}) as created_at,
        cast(null as {{ text }}) as is_deleted
    from {{ source('salesforce', 'lead') }}
    where {{ active }} and {{ parse_bool('cast(is_converted as ' ~ text ~ ')') }} and converted_contact_id is not null

),

people as (

    select
        contact_id,
        max(case when record_kind = 'person' then account_id end) as own_account_id,
        min(case when record_kind = 'converted_lead' then account_id end) as lead_account_id,
        max(email) as email,
        max(first_name) as first_name,
        max(last_name) as last_name,
        max(job_title) as job_title,
        max(phone) as phone,
        max(case when record_kind = 'person' then lead_source end) as own_lead_source,
        min(case when record_kind = 'converted_lead' then lead_source end) as lead_lead_source,
        max(case when record_kind = 'person' then created_at end) as own_created_at,
        min(case when record_kind = 'converted_lead' then created_at end) as lead_created_at,
        max(is_deleted) as is_deleted,
        count(case when record_kind = 'person' then 1 end) as person_records
    from records
    group by contact_id

),

final as (

    select
        contact_id,
        coalesce(own_account_id, lead_account_id) as account_id,
        -- merges are resolved here (records merged away dropped, history re-keyed)
        cast(null as {{ text }}) as merged_into_contact_id,
        email,
        first_name,
        last_name,
        job_title,
        phone,
        coalesce(own_lead_source, lead_lead_source) as lead_source,
        case
            when {{ parse_timestamp_utc('lead_created_at') }} < {{ parse_timestamp_utc('own_created_at') }}
                then lead_created_at
            else own_created_at
        end as created_at,
        is_deleted,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from people
    -- a lead converted into a contact missing from the export is nobody
    where person_records > 0

)

select * from final
