{#- True when the (normalised, lower-case) domain is one of the company's own
    domains (var `company_domains`) or a subdomain of one; null when the
    domain is null. Referrers from them are internal navigation and their
    email addresses never resolve to a customer account. -#}
{% macro is_company_domain(domain_expr) -%}
    {%- set domains = var('company_domains', []) -%}
    {%- if domains | length == 0 -%}
        (case when {{ domain_expr }} is null then null else false end)
    {%- else -%}
        (
        {%- for domain in domains %}
            {% if not loop.first %}or {% endif %}{{ domain_expr }} = '{{ domain | lower }}'
            or {{ domain_expr }} like '%.{{ domain | lower }}'
        {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}
