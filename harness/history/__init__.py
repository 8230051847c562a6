"""The results history: every run kept as data, read with DuckDB (host side).

layout      where a results set keeps raw runs, the Parquet history, the published index, row locks
ingest      raw row runs -> Parquet (append-only, atomic), `sync` for interrupted runs, `add_received`
            for the row jobs' uploads
query       latest cells (flaky ones included), timelines, row runs, audits, reusable cells
latest      the planning index as published (what a row plans with when it lacks the history)
databranch  the published history: a data branch that only grows (fetch, publish, compact, verify)
gitdata     plain git against its remote: fetch, stream blobs within limits, commit, push
appendonly  the check every commit of the data branch passes
compaction  old runs' files merged losslessly, with checksums
cli         `python -m harness.history ...`

Why Parquet files and DuckDB: one immutable file per row run appends without
rewriting the past, copies as plain files (the data branch carries them
forward, as asv keeps one JSON per machine and commit), and DuckDB reads a
glob of them with SQL and hands pandas DataFrames to the report.
"""
