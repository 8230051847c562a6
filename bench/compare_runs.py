"""Do two runs of one row give the same cells? (e.g. sequential vs --workers 2)

    python bench/compare_runs.py results/library/runs/RUN_A/ROW results/library/runs/RUN_B/ROW

Compares every case both runs hold on outcome, error type, the error message (object
addresses and generated names aside), gradients and effects; prints the differences, the
counts and each run's case time. Exit 1 when a cell differs.
"""
import json
import re
import sys
from pathlib import Path

KEYS = ("outcome", "error_type", "error_message", "grads", "effects")


def cells(folder: Path) -> dict:
    out = {}
    for line in (folder / "records.jsonl").read_text().splitlines():
        rec = json.loads(line)
        if rec.get("case_id"):
            out[rec["case_id"]] = rec      # the last record of a case wins, as in the history
    return out


def value(rec: dict, key: str):
    v = rec.get(key)
    return re.sub(r"0x[0-9a-fA-F]+|_\d+\b|-?\d+\.\d+(?:e-?\d+)?|kmatrix-case-\w+|\s+", lambda m: "" if m.group().isspace() else "#", v) if isinstance(v, str) else v


def main(a: str, b: str) -> int:
    ca, cb = cells(Path(a)), cells(Path(b))
    both = sorted(set(ca) & set(cb))
    differ = [(c, k, ca[c].get(k), cb[c].get(k)) for c in both for k in KEYS if value(ca[c], k) != value(cb[c], k)]
    for case_id, key, x, y in differ:
        print("DIFFER %s %s: %r | %r" % (case_id, key, str(x)[:120], str(y)[:120]))
    for path in (a, b):
        timing = Path(path) / "timing.json"
        t = json.loads(timing.read_text()) if timing.exists() else {}
        print("%s: cases_s=%s planned=%s" % (path, t.get("cases_s"), t.get("planned")))
    print("%d cells in both, %d differ (%d only in the first, %d only in the second)" % (
        len(both), len({d[0] for d in differ}), len(set(ca) - set(cb)), len(set(cb) - set(ca))))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
