{#- The site's Segment (or RudderStack) form track event as the contract's
    web_form_submissions (text columns). The event's table and its property
    columns are the site's tracking plan: vars segment_form_event_table and
    segment_form_properties (contract column -> property column; a key left
    out keeps its default). #}
{#- Built only when Segment supplies this table (vars web_source, forms_source). #}
{{ config(enabled=contract_table_supplier('web_form_submissions') == 'segment') }}
{%- set text = dbt.type_string() %}
{%- set defaults = {
    'form_name': 'form_name', 'email': 'email', 'full_name': 'name', 'phone': 'phone',
    'company_name': 'company', 'job_title': 'title', 'message': 'message',
    'consent': 'consent', 'click_id': 'click_id'} %}
{%- set properties = {} %}
{%- do properties.update(defaults) %}
{%- do properties.update(var('segment_form_properties') or {}) %}
{%- for key in properties if key not in defaults %}
    {%- do exceptions.raise_compiler_error("var segment_form_properties maps '" ~ key
        ~ "': the form columns it maps are " ~ defaults.keys() | join(', ')) %}
{%- endfor %}

with

form_event as (

    select * from {{ source('segment', 'form_event') }}

),

-- A redelivered message keeps its id and content with a later received_at:
-- only the earliest delivery of a message (same id, browser and time) is
-- kept; rows sharing an id otherwise reach staging, which rejects
-- conflicting ones, as for a file.
ranked as (

    select
        form_event.*,
        {{ segment_delivery_number('form_event') }} as delivery_number
    from form_event

),

first_delivery as (

    select * from ranked
    where delivery_number = 1

),

final as (

    select
        cast(id as {{ text }}) as submission_id,
        cast(timestamp as {{ text }}) as submitted_at,
        -- a form's display name ("Contact Us") as the slug the form_intents
        -- seed lists (contact_us): runs of other characters become one `_`
        {{ regexp_replace_all(
            regexp_replace_all('lower(cast(' ~ properties.form_name ~ ' as ' ~ text ~ '))', '[^a-z0-9]+', '_'),
            '^_+|_+$', '') }} as form_name,
        cast(anonymous_id as {{ text }}) as anonymous_id,
        cast({{ properties.email }} as {{ text }}) as email,
        cast({{ properties.full_name }} as {{ text }}) as full_name,
        cast({{ properties.phone }} as {{ text }}) as phone,
        cast({{ properties.company_name }} as {{ text }}) as company_name,
        cast({{ properties.job_title }} as {{ text }}) as job_title,
        cast({{ properties.message }} as {{ text }}) as message,
        cast({{ properties.consent }} as {{ text }}) as consent,
        -- no form-tool origin label: the channel comes from utm and referrer
        cast(null as {{ text }}) as origin,
        cast(context_campaign_source as {{ text }}) as utm_source,
        cast(context_campaign_medium as {{ text }}) as utm_medium,
        cast(context_campaign_name as {{ text }}) as utm_campaign,
        cast(context_campaign_content as {{ text }}) as utm_content,
        cast(context_campaign_term as {{ text }}) as utm_term,
        cast({{ properties.click_id }} as {{ text }}) as click_id,
        cast(context_page_url as {{ text }}) as page_url,
        -- an empty referrer means a direct visit
        nullif(cast(context_page_referrer as {{ text }}), '') as referrer_url,
        -- the form event carries no budget or timeline field (seed native_data_gaps)
        cast(null as {{ text }}) as budget,
        cast(null as {{ text }}) as timeline,
        cast(null as {{ text }}) as _load_error,
        cast(null as {{ text }}) as _load_line
    from first_delivery

)

select * from final
