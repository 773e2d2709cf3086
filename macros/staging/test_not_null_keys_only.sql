{#- Project-wide override of dbt's built-in `not_null` test: dbt's own
    version selects every column of the failing rows (`select *`) when
    failures are stored (`--store-failures`), which would copy free text and
    personal data into schema `test_failures`. This one returns only the
    tested column, with or without stored failures, so stored test failures
    hold keys only (issue 9). The failure count is unchanged. -#}
{% macro default__test_not_null(model, column_name) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} is null

{% endmacro %}
