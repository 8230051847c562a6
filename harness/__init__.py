"""Keras compatibility matrix: run cases in an environment, record, aggregate, report.

Data flow and where each part runs:

    cases/*.py ──> harness.runner (inside each environment, Python 3.7+, stdlib + what
                   the environment installs) ──> results/<set>/<env-id>/records.jsonl
    matrix.toml ─> harness.matrix (host: builds environments for noxfile.py)
    results ─────> harness.report (host, pandas) ──> reports/ (HTML, SVG, CSV, JSON, Markdown)

Modules directly in this package (outcomes, claims, casefile, records) are shared by
both sides and therefore stay Python 3.7 compatible and dependency-free.
"""
