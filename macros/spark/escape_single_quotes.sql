{#- Text inside a Spark SQL string literal: Spark reads `\` as an escape, so
    it is doubled as well as the quote. dbt-spark 1.11 escapes only the quote,
    so a unit-test fixture value (dbt renders `given` rows through
    dbt.escape_single_quotes) holding a regex such as `\.+|\?+` reached Spark
    as `.+|?+` and failed ("Dangling meta character '?'"), and any other
    backslash silently vanished. Root-project macros come first in dispatch. -#}
{% macro spark__escape_single_quotes(expression) -%}
{{ expression | replace("\\", "\\\\") | replace("'", "\\'") }}
{%- endmacro %}
