{#- Written between `<name> as` and the parenthesis of an import CTE that
    reads a large relation more than once: `sessions as
    {{ cte_not_materialized() }} (select * from ...)`. DuckDB materialises a
    CTE referenced more than once (a full copy of the relation in its buffer
    pool before the query starts); reading the stored table again is cheaper,
    and the copies ran int_touchpoints_unioned out of memory. DuckDB 2.0's common-subplan optimizer may still copy a
    relation read several times in one query; the profile switches it off
    (DUCKDB_DISABLED_OPTIMIZERS). Spark (and the default) inline CTEs
    anyway: nothing. -#}
{% macro cte_not_materialized() -%}
    {{ return(adapter.dispatch('cte_not_materialized', 'revenue_analytics')()) }}
{%- endmacro %}

{% macro default__cte_not_materialized() -%}
{%- endmacro %}

{% macro duckdb__cte_not_materialized() -%}
    not materialized
{%- endmacro %}
