{#- The raw ad_clicks rows of every source together
    (docs/native-ad-platforms.md): the file's rows (platforms without a
    native click table: LinkedIn and Meta land none, Microsoft Ads has no
    native mapping) and Google Ads' click report when Google Ads is read
    natively (macro native_click_platforms). A file row of a platform whose
    clicks are read natively is kept, marked so that staging rejects it as
    platform_read_natively: counted, never added twice. -#}
{%- set platforms = native_click_platforms() %}
{%- set columns = raw_contract_columns('ads', 'ad_clicks') %}

with

file_rows as (

    select * from {{ source('ads', 'ad_clicks') }}

),

{% for platform in platforms %}
{{ platform }}_rows as (

    select * from {{ ref('native_' ~ platform ~ '__ad_clicks') }}

),

{% endfor %}
file_rows_marked as (

    select
        {%- for column in columns if column != '_load_error' %}
        {{ column }},
        {%- endfor %}
        coalesce(
            _load_error,
            case
                when lower(trim(platform)) in ('{{ (platforms or ['']) | join("', '") }}')
                    then 'platform_read_natively'
            end
        ) as _load_error
    from file_rows

),

final as (

    select * from file_rows_marked
    {%- for platform in platforms %}
    union all
    select
        {%- for column in columns if column != '_load_error' %}
        {{ column }},
        {%- endfor %}
        _load_error
    from {{ platform }}_rows
    {%- endfor %}

)

select * from final
