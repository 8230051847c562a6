"""The compatibility report (host side, Python 3.10+, pandas and DuckDB).

Builds, from a results set's history (harness/history), the table of every case x
every environment and writes, into one folder:

    index.html    one self-contained page (inline CSS/JS, nothing fetched): start from a pasted
                  error, pick your environment, the table (colour + text label per cell), the cell
                  panel (record, timeline, audit, code, reproduce command), claim verdicts in and
                  out of scope, changes since a baseline and over time, flaky cells, setup errors,
                  transitions, environments
    heatmap.svg   the table as an image
    table.csv     one line per cell
    table.json    the table as data; the baseline format for regression checks
    summary.md    outcomes per environment, verdicts, changes (for $GITHUB_STEP_SUMMARY)
    search-data.json  what the page's error search reads (the cells with an error, the cases),
                  alone: `python -m harness.report.search_eval` measures the search on it

Command line (stable; `nox -s report` calls it):

    python -m harness.report build [--results results/library] [--matrix matrix.toml] [--out reports]
                                   [--baseline OLD/table.json] [--check] [--title TEXT]
                                   [--commit SHA] [--cases cases | --no-cases] [--adhoc results/adhoc]
    python -m harness.report check --baseline OLD.json --current NEW.json

Exit status: 0 no cell changed, 1 a stable cell changed (with --check), 2 usage or input
error (a missing results set, an empty history, a malformed baseline), 3 a bug of ours.
A malformed record line, env.json or history file is reported (file:line) and skipped.

Modules, in the order data flows: model (columns from the matrix rows and what each run
saw; rows from the case library; one cell per pair, from the history), analysis (verdicts,
counts, transitions, changes over time, flaky cells, setup errors, audit), regress
(table.json, per-cell comparison), payload (the page's data), render_html / render_files
(outputs), publish (all outputs of one set), text (escaping, path trimming).
"""
