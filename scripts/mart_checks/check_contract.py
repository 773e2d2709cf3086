"""The marts contract of docs/marts.md section 4: every table and column present, grains unique.

The contract itself (MARTS_CONTRACT) stays in scripts/validate_marts.py, where
docs/marts.md cites it and tests/python/test_doc_references.py reads it; it is
passed to the Validator as `contract`.
"""

from __future__ import annotations

from mart_checks.results import CheckResult, result


class ContractChecks:
    """Mixed into Validator; uses the MartsDatabase methods and self.contract
    (mart -> (grain, required columns))."""

    def check_contract(self) -> CheckResult:
        tables = self.tables("marts")
        examples = []
        for table, (grain, required) in self.contract.items():
            if table not in tables:
                examples.append(f"missing table marts.{table}")
                continue
            present = {c for c, _ in tables[table]}
            for column in grain + required:
                if column not in present:
                    examples.append(f"missing column marts.{table}.{column}")
        return result("contract: tables and columns of docs/marts.md", len(self.contract), examples,
                      f"{len(self.contract)} marts, "
                      f"{sum(len(g) + len(r) for g, r in self.contract.values())} columns")

    def check_grains(self) -> CheckResult:
        tables = self.tables("marts")
        examples = []
        compared = 0
        for table, (grain, _) in self.contract.items():
            present = {c for c, _ in tables.get(table, [])}
            if not set(grain) <= present:
                continue
            compared += 1
            cols = ", ".join(grain)
            nulls = " or ".join(f"{c} is null" for c in grain)
            dup, null = self.one(f"""
                select
                    (select count(*) from (select {cols} from db.marts.{table} group by {cols}
                                           having count(*) > 1)),
                    (select count(*) from db.marts.{table} where {nulls})
            """)
            if dup:
                examples.append(f"{table}: {dup} duplicated keys ({cols})")
            if null:
                examples.append(f"{table}: {null} rows with a null key part ({cols})")
        return result("contract: grains unique and not null", compared, examples)
