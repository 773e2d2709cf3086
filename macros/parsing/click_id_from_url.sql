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
