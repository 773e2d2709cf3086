{#- A URL safe to keep: links in emails may carry the recipient's address
    (`?email=...`, a tracking token), so only the query parameters that say
    where a visit came from stay: utm_* and the ad click ids (gclid,
    msclkid, li_fat_id, fbclid), names written in lower case as trackers
    write them, in their order. Every other parameter and the fragment are
    dropped; so is a kept parameter whose value holds an address (`@` or
    `%40`), and a URL still holding one before its query (a `mailto:` link,
    an address in the path) becomes null. Null for null or empty text.
    Plain replaces and regexp_replace_all only (no backreferences, no
    look-ahead), so DuckDB and Spark agree: the fragment goes first, so `#`
    can mark the kept parameters, and every `&`-led one left unmarked is
    removed. -#}
{% macro sanitize_url(url) -%}
    {%- set without_fragment = regexp_replace_all('trim(' ~ url ~ ')', '#.*$', '') -%}
    {%- set before_query = regexp_replace_all(without_fragment, '[?].*$', '') -%}
    {%- set query = "'&' || " ~ regexp_replace_all(without_fragment, '^[^?]*[?]?', '') -%}
    {%- set marked = namespace(expr=query) -%}
    {%- for name in ['utm_', 'gclid=', 'msclkid=', 'li_fat_id=', 'fbclid='] -%}
        {%- set marked.expr = "replace(" ~ marked.expr ~ ", '&" ~ name ~ "', '#" ~ name ~ "')" -%}
    {%- endfor -%}
    {%- set kept = regexp_replace_all(regexp_replace_all(marked.expr, '&[^&#]*', ''), '#[^#]*(@|%40)[^#]*', '') -%}
    case
        when nullif({{ before_query }}, '') is null then null
        when {{ regexp_like(before_query, '@|%40') }} then null
        when {{ kept }} = '' then {{ before_query }}
        else {{ before_query }} || '?' || substr(replace({{ kept }}, '#', '&'), 2)
    end
{%- endmacro %}
