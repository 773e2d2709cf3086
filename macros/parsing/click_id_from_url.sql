{#- The ad click id carried in a URL's query string (gclid for Google and
    Microsoft Ads auto-tagging, msclkid, li_fat_id for LinkedIn, fbclid for
    Meta), first one present. -#}
{% macro click_id_from_url(url) -%}
    coalesce(
        {{ url_parameter(url, 'gclid') }},
        {{ url_parameter(url, 'msclkid') }},
        {{ url_parameter(url, 'li_fat_id') }},
        {{ url_parameter(url, 'fbclid') }}
    )
{%- endmacro %}

{#- Which URL parameter carried a touch's click id (a channel rule input,
    seed channel_rules column click_id_parameter_pattern): the first of
    gclid, msclkid, li_fat_id, fbclid present in the URL, in the order of
    click_id_from_url; `unknown` when there is a click id but the URL
    carries none of them (a click id given in its own column); null
    without a click id. -#}
{% macro click_id_parameter(click_id, url) -%}
    case
        when {{ click_id }} is null then null
        {%- for name in ['gclid', 'msclkid', 'li_fat_id', 'fbclid'] %}
        when {{ url_parameter(url, name) }} is not null then '{{ name }}'
        {%- endfor %}
        else 'unknown'
    end
{%- endmacro %}
