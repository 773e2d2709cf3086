{#- The raw ad_performance_daily rows of every source together
    (docs/native-ad-platforms.md): the file's rows (platforms without a
    native mapping, such as Microsoft Ads) and each native platform's
    adapter (var ad_platforms). A file row of a platform read natively is
    kept, marked so that staging rejects it as platform_read_natively:
    counted, never added twice. -#}
{%- set platforms = source_choices().ad_platforms %}
{%- set columns = raw_contract_columns('ads', 'ad_performance_daily') %}

with

file_rows as (

    select * from {{ source('ads', 'ad_performance_daily') }}

),

{% for platform in platforms %}
{{ platform }}_rows as (

    select * from {{ ref('native_' ~ platform ~ '__ad_performance_daily') }}

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
                when lower(trim(platform)) in ('{{ platforms | join("', '") }}')
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
