"""Compaction: the many small Parquet files of old runs merged into a few, losslessly.

One compaction merges the run folders of one month (run ids sort by time, their first six
characters are the month) into history/compacted/<label>.<kind>.parquet per kind and writes
<label>.manifest.json beside them: the files it replaces (path -> blob id) and, per kind, the
row count and a checksum of every row. It is written only when the checksums of the files
it replaces and of the files it writes are equal, and the data branch's append-only check
(appendonly.py) recomputes both from the blobs before it accepts the commit.

The checksum does not depend on file boundaries or row order: each row is serialised as
JSON with its columns in name order, hashed (md5), the hashes sorted and hashed (sha256).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from .. import records
from .layout import COMPACTED, HISTORY

MANIFEST_SCHEMA = 1
# kind as in file names -> the kind of the merged file
KIND_OF = {"records": "records", "rowrun": "rowrun", "audit": "audit-compacted"}


def kind_of(path: str) -> str:
    """records | rowrun | audit, from a history file name."""
    suffix = path.rsplit("/", 1)[-1].split(".")[-2]
    return "audit" if suffix.startswith("audit-") else suffix


def _sql_list(paths) -> str:
    return "[%s]" % ", ".join("'%s'" % str(p).replace("'", "''") for p in paths)


def digest(files: list[Path]) -> dict:
    """{"rows": n, "sha256": h} of every row of the files, read as one table."""
    if not files:
        return {"rows": 0, "sha256": hashlib.sha256().hexdigest()}
    con = duckdb.connect()
    try:
        source = "read_parquet(%s, union_by_name=true)" % _sql_list(files)
        columns = sorted(r[0] for r in con.execute("DESCRIBE SELECT * FROM " + source).fetchall())
        row = "to_json(struct_pack(%s))" % ", ".join('"%s" := "%s"' % (c, c) for c in columns)
        cursor = con.execute("SELECT md5(%s) AS h FROM %s ORDER BY h" % (row, source))
        total, rows = hashlib.sha256(), 0
        while True:
            batch = cursor.fetchmany(50000)
            if not batch:
                break
            rows += len(batch)
            total.update("".join(h + "\n" for (h,) in batch).encode())
        return {"rows": rows, "sha256": total.hexdigest()}
    finally:
        con.close()


def merge(files: list[Path], out: Path) -> None:
    """One Parquet file holding every row of `files` (every column any of them has)."""
    con = duckdb.connect()
    try:
        source = "read_parquet(%s, union_by_name=true)" % _sql_list(files)
        columns = {r[0] for r in con.execute("DESCRIBE SELECT * FROM " + source).fetchall()}
        order = ", ".join(c for c in ("run_id", "env_id", "line", "case_id") if c in columns) or "ALL"
        out.parent.mkdir(parents=True, exist_ok=True)
        con.execute("COPY (SELECT * FROM %s ORDER BY %s) TO '%s' (FORMAT parquet, COMPRESSION zstd)"
                    % (source, order, str(out).replace("'", "''")))
    finally:
        con.close()


def groups(paths: list[str], before: str) -> dict[str, list[str]]:
    """Run-folder files (branch paths history/run=<id>/...) of runs older than `before`,
    by month: {month: [paths]}."""
    found: dict[str, list[str]] = {}
    for path in sorted(paths):
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == HISTORY and parts[1].startswith("run="):
            run_id = parts[1][len("run="):]
            if run_id < before:
                found.setdefault(run_id[:6], []).append(path)
    return found


def build(folder: Path, paths: list[str], blobs: dict[str, str]) -> tuple[dict[str, Path], dict]:
    """Merge the files of `paths` (branch paths, extracted under folder/) into compacted
    files under folder/; returns ({branch path: local file}, manifest without the new
    files' blob ids). Refuses (ValueError) when a checksum differs."""
    runs = sorted({p.split("/")[1][len("run="):] for p in paths})
    label = "%s--%s" % (runs[0], runs[-1])
    written, digests = {}, {}
    for kind, merged_kind in KIND_OF.items():
        mine = [folder / p for p in paths if kind_of(p) == kind]
        if not mine:
            continue
        target = "%s/%s/%s.%s.parquet" % (HISTORY, COMPACTED, label, merged_kind)
        merge(mine, folder / target)
        before, after = digest(mine), digest([folder / target])
        if before != after:
            raise ValueError("compacting %s changed its %s: %s before, %s after" % (label, kind, before, after))
        written[target] = folder / target
        digests[kind] = before
    manifest = {"schema": MANIFEST_SCHEMA, "label": label, "created_at": records.utc_now(),
                "runs": runs, "replaces": {p: blobs[p] for p in sorted(paths)}, "digests": digests}
    return written, manifest


def manifest_path(label: str) -> str:
    return "%s/%s/%s.manifest.json" % (HISTORY, COMPACTED, label)


def dumps(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
