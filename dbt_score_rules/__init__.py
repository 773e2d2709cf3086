"""The project's conventions as dbt-score rules (read by `make conventions`).

dbt-score loads this package by its default namespace `dbt_score_rules`
(configuration in pyproject.toml, [tool.dbt-score]).
"""
