"""The results history: every run kept as data, read with DuckDB (host side).

layout  where a results set keeps raw runs, the Parquet history and row locks
ingest  raw row runs -> Parquet (append-only, atomic), and `sync` for interrupted runs
query   latest cells (flaky ones included), timelines, row runs, audits, reusable cells

Why Parquet files and DuckDB: one immutable file per row run appends without
rewriting the past, copies as plain files (the published site carries them
forward, as asv keeps one JSON per machine and commit), and DuckDB reads a
glob of them with SQL and hands pandas DataFrames to the report.
"""
