"""The project's exact Markov removal effects (the compiled SQL of
int_markov_removal_effects_computed) against PyPI channelattribution's
`markov_model` on the same journeys, each timed in a process of its own.
channelattribution runs in the Python given with --ca-python (a throwaway
venv: it compiles C++ at install time and is not a project requirement)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


CA_SCRIPT = r"""
import json, resource, sys, time
import pandas as pd
from ChannelAttribution import markov_model
paths = pd.read_csv(sys.argv[1])
r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.perf_counter()
res = markov_model(paths, var_path="path", var_conv="total_conversions", var_null="total_null",
                   order=1, sep=">", nsim_start=int(float(sys.argv[2])), max_step=int(sys.argv[4]),
                   out_more=True, ncore=int(sys.argv[3]), verbose=False, flg_pro=False)
t1 = time.perf_counter(); r1 = resource.getrusage(resource.RUSAGE_SELF)
removal = res["removal_effects"] if isinstance(res, dict) else res[2]
print(json.dumps({
    "wall_seconds": round(t1 - t0, 3),
    "cpu_seconds": round((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), 3),
    "max_step": int(sys.argv[4]), "simulations_at_least": int(float(sys.argv[2])),
    "removal_effects": dict(zip(removal["channel_name"], removal.iloc[:, 1].astype(float))),
}))
"""

SQL_MARKOV_SCRIPT = r"""
import duckdb, json, resource, sys, time
db, name, sql_path, out_csv = sys.argv[1:5]
con = duckdb.connect()
con.execute(f"attach '{db}' as \"{name}\" (read_only)")
con.execute("set TimeZone = 'UTC'")
sql = open(sql_path).read()
r0 = resource.getrusage(resource.RUSAGE_SELF); t0 = time.perf_counter()
con.execute("create temp table markov as " + sql)
t1 = time.perf_counter(); r1 = resource.getrusage(resource.RUSAGE_SELF)
effects = dict(con.execute("select channel, removal_effect from markov").fetchall())
con.execute(f'''
    copy (
        select path, sum(case when is_converting then 1 else 0 end) as total_conversions,
            sum(case when is_converting then 0 else 1 end) as total_null
        from (
            select journey_id, is_converting, string_agg(channel, '>' order by step_number) as path
            from "{name}".intermediate.int_attribution_journeys_built
            group by journey_id, is_converting
        ) group by path
    ) to '{out_csv}' (header true)''')
journeys = con.execute(f"select count(distinct journey_id), count(*) from \"{name}\".intermediate.int_attribution_journeys_built").fetchone()
print(json.dumps({"wall_seconds": round(t1 - t0, 3),
                  "cpu_seconds": round((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), 3),
                  "journeys": journeys[0], "touches": journeys[1], "removal_effects": effects}))
"""


def compare_channelattribution(db: Path, work: Path, ca_python: str | None, nsim: float, threads: str) -> dict:
    compiled = work / "target-full" / "compiled" / "revenue_analytics" / "models" / "intermediate" / "attribution" \
        / "int_markov_removal_effects_computed.sql"
    if not compiled.exists():
        compiled = None
    if compiled is None:
        return {"error": "compiled int_markov_removal_effects_computed.sql not found"}
    paths_csv = work / "markov_paths.csv"
    sql = subprocess.run([sys.executable, "-c", SQL_MARKOV_SCRIPT, str(db), db.stem, str(compiled), str(paths_csv)],
                         capture_output=True, text=True)
    if sql.returncode != 0:
        return {"error": "exact Markov query failed: " + sql.stderr[-2000:]}
    exact = json.loads(sql.stdout.strip().splitlines()[-1])
    result = {"exact_sql": exact}
    if not ca_python:
        result["error"] = "no --ca-python given (a Python with channelattribution installed)"
        return result
    # the step cap lifted: a simulated path ends only when it is absorbed
    # (the default cap, the longest observed path, truncates long journeys)
    ca = subprocess.run([ca_python, "-c", CA_SCRIPT, str(paths_csv), str(nsim), threads, str(10 ** 6)],
                        capture_output=True, text=True)
    if ca.returncode != 0:
        result["error"] = "channelattribution failed: " + ca.stderr[-2000:]
        return result
    simulated = json.loads(ca.stdout.strip().splitlines()[-1])
    result["channelattribution"] = simulated
    exact_re = exact["removal_effects"]
    # compare the channels' shares of the summed removal effects (whatever
    # scale either reports them in)
    total_exact = sum(v for v in exact_re.values() if v is not None)
    total_ca = sum(simulated["removal_effects"].values())
    result["share_difference_max"] = max(
        abs(exact_re[c] / total_exact - simulated["removal_effects"].get(c, 0.0) / total_ca)
        for c in exact_re if exact_re[c] is not None) if total_exact and total_ca else None
    result["removal_effect_relative_difference_max"] = max(
        abs(simulated["removal_effects"].get(c, 0.0) - exact_re[c]) / exact_re[c]
        for c in exact_re if exact_re[c])
    result["exact_faster"] = exact["wall_seconds"] < simulated["wall_seconds"]
    return result
