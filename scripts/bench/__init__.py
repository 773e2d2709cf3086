"""The steps of the scale benchmark that scripts/benchmark.py (the entry point:
its command line and the overview of the steps) runs:

- config:      paths, profile defaults, the raw tables and the scale targets
- measure:     runs a command and records its wall and CPU time and peak RSS
- data:        generates or reuses the raw files; their as-of time
- raw_floor:   the one query that reads every raw file once
- dbt_build:   runs dbt with the benchmark's paths, clock and memory trace
- run_results: reads run_results.json: slowest models, nodes at the peak RSS
- append:      writes the raw files plus one appended day (`append_day`)
- incremental: the incremental build of the appended day
- markov:      the exact Markov removal effects against channelattribution
- full_run:    a whole run: floor, full build, incremental day, comparison
- results:     judges the targets, prints the report, writes the JSON files
"""
