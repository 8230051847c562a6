"""The compatibility report (host side, Python 3.11+, pandas).

Reads results folders (docs/records.md), builds the table of every case x
every environment and writes, into one folder:

    index.html    one self-contained page (inline CSS/JS, nothing fetched): the
                  table (colour + text label per cell, record on click), filters,
                  claim verdicts, transitions, changes since a baseline, environments
    heatmap.svg   the table as an image
    table.csv     one line per cell
    table.json    the table as data; the baseline format for regression checks
    summary.md    outcomes per environment, claim verdicts, changes (for $GITHUB_STEP_SUMMARY)

Command line (stable; `nox -s report` calls it):

    python -m harness.report build [--results DIR ...] [--matrix matrix.toml] [--out reports]
                                   [--baseline OLD/table.json] [--check] [--title TEXT]
                                   [--commit SHA] [--cases cases | --no-cases] [--adhoc results/adhoc]
        --results  results roots holding <env-id>/ folders (default results/library); several roots
                   (e.g. one CI artifact per job) are merged, the newest run of an env wins
        --matrix   rows that should exist; one with no results shows as "not run: no results"
                   (default matrix.toml when present)
        --adhoc    each results/adhoc/<name>/ renders separately to OUT/adhoc/<name>/
        --check    with --baseline: exit 1 when any cell changed, naming each one
    python -m harness.report check --baseline OLD.json --current NEW.json
        exit 0: no cell changed; 1: cells changed (each printed); 2: unreadable input

Exit status 2 also means a results folder is missing. A malformed record line is
reported (file:line) on stderr and in the page, and skipped; the build goes on.

Modules: load (read + validate records), columns (environments and their order),
table (the case x environment grid), analysis (verdicts, per-env counts,
transitions), regress (table.json, per-cell comparison), render_html / render_files
(outputs), build (all outputs of one set), style (labels and colours).
"""
