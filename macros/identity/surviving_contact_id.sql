{#- A CRM contact id as the person it stands for: a merged-away contact's
    surviving contact (int_contacts_merged, left-joined as `merged_alias` on
    the id), null when its merge chain ends nowhere usable (it owns nothing,
    as an account does); any other id (not merged, deleted or not, or
    missing from the export) stays as it is. -#}
{% macro surviving_contact_id(contact_id_expr, merged_alias) -%}
    case
        when {{ merged_alias }}.is_merged_away then {{ merged_alias }}.surviving_contact_id
        else {{ contact_id_expr }}
    end
{%- endmacro %}
