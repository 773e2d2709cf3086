"""Project conventions that dbt-score's built-in rules do not express.

Layers are read from the folder a model lives in (models/<layer>/...):

    staging (rank 1)  ->  intermediate (rank 2)  ->  marts (rank 3)

- naming by layer: staging models are `stg_` or `base_`, intermediate models
  `int_`, marts `dim_`, `fct_` or `rpt_`; a model outside these folders is a
  violation (a new layer needs a rule here first);
- `source()` only in staging;
- a primary-key test (the project's generic test `primary_key`) on every model;
- every mart has an enforced contract and a `data_type` for every column;
- no model reads a model of a later layer;
- sources, source columns and exposures are described (dbt-score's built-in
  description rules cover models, columns, seeds and macros).

Every rule is `critical`: with `fail_any_item_under = 10` in
pyproject.toml, any violation fails `make conventions` (and `make test`).
"""

import re

from dbt_score import Exposure, Model, RuleViolation, Severity, Source, rule

LAYER_RANKS: dict[str, int] = {"staging": 1, "intermediate": 2, "marts": 3}
LAYER_PREFIXES: dict[str, tuple[str, ...]] = {
    "staging": ("stg_", "base_"),
    "intermediate": ("int_",),
    "marts": ("dim_", "fct_", "rpt_"),
}
PRIMARY_KEY_TEST = "primary_key"


def layer_of_path(path: str) -> str | None:
    """The layer of a model from its file path (models/<layer>/...), else None."""
    match = re.match(r"^models/([^/]+)/", path.replace("\\", "/"))
    if match and match.group(1) in LAYER_RANKS:
        return match.group(1)
    return None


@rule(severity=Severity.CRITICAL)
def model_name_matches_layer(model: Model) -> RuleViolation | None:
    """A model's name carries its layer's prefix (stg_/base_, int_, dim_/fct_/rpt_)."""
    layer = layer_of_path(model.original_file_path)
    if layer is None:
        return RuleViolation(
            f"Model lives outside models/{{{','.join(LAYER_RANKS)}}}/: {model.original_file_path}."
        )
    prefixes = LAYER_PREFIXES[layer]
    if not model.name.startswith(prefixes):
        return RuleViolation(f"A {layer} model's name starts with {' or '.join(prefixes)}.")
    return None


@rule(severity=Severity.CRITICAL)
def source_only_in_staging(model: Model) -> RuleViolation | None:
    """Only staging models read sources (`source()`)."""
    if layer_of_path(model.original_file_path) == "staging":
        return None
    sources = [node for node in model.depends_on.get("nodes", []) if node.startswith("source.")]
    if sources:
        return RuleViolation(f"Reads a source outside staging: {', '.join(sorted(sources))}.")
    return None


@rule(severity=Severity.CRITICAL)
def has_primary_key_test(model: Model) -> RuleViolation | None:
    """Every model has a `primary_key` test on its grain."""
    if any(test.type == PRIMARY_KEY_TEST for test in model.tests):
        return None
    if any(test.type == PRIMARY_KEY_TEST for column in model.columns for test in column.tests):
        return None
    return RuleViolation("No primary_key test (tests/generic/primary_key.sql) on the model.")


@rule(severity=Severity.CRITICAL)
def mart_has_enforced_contract(model: Model) -> RuleViolation | None:
    """Every mart has an enforced contract with a data_type for every column."""
    if layer_of_path(model.original_file_path) != "marts":
        return None
    if not model.config.get("contract", {}).get("enforced", False):
        return RuleViolation("Mart without an enforced contract.")
    untyped = [column.name for column in model.columns if not column.data_type]
    if untyped:
        return RuleViolation(f"Columns without a data_type: {', '.join(untyped)}.")
    return None


@rule(severity=Severity.CRITICAL)
def no_read_from_later_layer(model: Model) -> RuleViolation | None:
    """No model reads a model of a later layer (staging < intermediate < marts)."""
    layer = layer_of_path(model.original_file_path)
    if layer is None:
        return None  # model_name_matches_layer reports it
    later = []
    for parent in model.parents:
        if not isinstance(parent, Model):
            continue
        parent_layer = layer_of_path(parent.original_file_path)
        if parent_layer is not None and LAYER_RANKS[parent_layer] > LAYER_RANKS[layer]:
            later.append(f"{parent.name} ({parent_layer})")
    if later:
        return RuleViolation(f"A {layer} model reads a later layer: {', '.join(later)}.")
    return None


@rule(severity=Severity.CRITICAL)
def source_has_description(source: Source) -> RuleViolation | None:
    """A source table and its source are described."""
    if not source.description.strip():
        return RuleViolation("Source table lacks a description.")
    if not source.source_description.strip():
        return RuleViolation(f"Source {source.source_name} lacks a description.")
    return None


@rule(severity=Severity.CRITICAL)
def source_columns_have_description(source: Source) -> RuleViolation | None:
    """Every column of a source table is described."""
    missing = [column.name for column in source.columns if not column.description.strip()]
    if missing:
        return RuleViolation(f"Columns lack a description: {', '.join(missing)}.")
    return None


@rule(severity=Severity.CRITICAL)
def exposure_has_description(exposure: Exposure) -> RuleViolation | None:
    """An exposure says what it shows and who owns it."""
    if not exposure.description.strip():
        return RuleViolation("Exposure lacks a description.")
    return None
