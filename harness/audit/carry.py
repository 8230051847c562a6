"""Which audit speaks for a cell: the audit of the record it shows, or an earlier one carried forward.

A plain-interpreter audit checks one record (env, case, run). When a later run reuses nothing
but gives the same result from the same inputs, auditing it again would cost a process and
tell nothing new. So an audit is valid for a cell when it audited

- the very record the cell shows (same run), or
- a record of the same cell made from identical inputs (case, runner and environment hashes)
  with the same result (outcome and error type): the newest such audit is carried forward.

Any change of code, runner, packages or result makes the cell unaudited again. Used by the
report (audited / carried / not audited) and by `python -m harness.audit --unaudited`.
"""
from __future__ import annotations

HASHES = ("case_hash", "runner_hash", "env_hash")


def _blank(value) -> str:
    return "" if value is None or value != value else str(value)   # None and NaN alike


def valid_audit(cell: dict, audits: list[dict]) -> dict | None:
    """The audit (a row of History.audits(): the audited record's hashes joined in) valid for
    `cell` (its run_id, hashes, outcome, error_type), or None. `audits`: this cell's, any order."""
    done = [a for a in audits if a.get("audited")]
    for audit in sorted(done, key=lambda a: _blank(a.get("audited_at")), reverse=True):
        if audit.get("run_id") == cell.get("run_id"):
            return audit
    for audit in sorted(done, key=lambda a: _blank(a.get("audited_at")), reverse=True):
        if all(_blank(audit.get(h)) and _blank(audit.get(h)) == _blank(cell.get(h)) for h in HASHES) \
                and _blank(audit.get("record_outcome")) == _blank(cell.get("outcome")) \
                and _blank(audit.get("record_error_type")) == _blank(cell.get("error_type")):
            return audit
    return None


def by_cell(audits) -> dict:
    """History.audits() (a DataFrame or a list of dicts) grouped by (case_id, env_id)."""
    rows = audits.to_dict("records") if hasattr(audits, "to_dict") else list(audits)
    grouped: dict = {}
    for row in rows:
        grouped.setdefault((row["case_id"], row["env_id"]), []).append(row)
    return grouped


def unaudited(cells: list, audits: dict, env_id: str) -> list:
    """The cells of `env_id` (records as dicts) with no valid audit; `audits`: by_cell()."""
    return [c for c in cells if valid_audit(c, audits.get((c["case_id"], env_id), [])) is None]
