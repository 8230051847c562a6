"""Carrying the history across published runs: pack it next to the report, restore it.

    python -m harness.history pack    --results results/library --out reports/history.tar.gz
    python -m harness.history restore --results results/library --from URL_OR_FILE

The published site holds the report and history.tar.gz (every Parquet file of the
history). A CI run restores it first, appends its own runs, builds the report from
the whole history and publishes both again, so no run is ever lost. Restoring
extracts only history files (run=<id>/<row>.<kind>.parquet, plain names, regular
files): a tampered archive cannot write anywhere else. Files already present are
kept (the history is append-only; the same row run has the same content).
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from .layout import HISTORY, ResultsSet

MEMBER = re.compile(r"run=[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*\.(records|rowrun|audit-[A-Za-z0-9._-]+)"
                    r"\.parquet")
MAX_BYTES = 2 * 1024 ** 3


def pack(results: ResultsSet, out: Path) -> int:
    """Write every history file into a .tar.gz; returns how many."""
    base = results.root / HISTORY
    files = sorted(p for p in base.glob("run=*/*.parquet") if p.is_file())
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name("." + out.name + ".tmp")
    with tarfile.open(temp, "w:gz") as archive:
        for path in files:
            archive.add(path, arcname=str(path.relative_to(base)), recursive=False)
    temp.replace(out)
    return len(files)


def _read(source: str) -> bytes | None:
    """The archive's bytes from a URL or a file; None when there is none yet (first run)."""
    if re.match(r"^[a-z]+://", source):
        try:
            with urllib.request.urlopen(source, timeout=120) as response:
                return response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise
    path = Path(source)
    return path.read_bytes() if path.is_file() else None


def restore(results: ResultsSet, source: str) -> tuple[int, list[str]]:
    """Extract the history files of an archive into results/history; returns (added, refused)."""
    data = _read(source)
    if data is None:
        return 0, []
    if len(data) > MAX_BYTES:
        raise ValueError("%s is larger than %d bytes" % (source, MAX_BYTES))
    base = results.root / HISTORY
    added, refused = 0, []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile() or not MEMBER.fullmatch(member.name):
                if not member.isdir():
                    refused.append(member.name)
                continue
            target = base / member.name
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name("." + target.name + ".tmp")
            with archive.extractfile(member) as handle:
                temp.write_bytes(handle.read())
            temp.replace(target)
            added += 1
    return added, refused


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.history", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack", help="write the history into a .tar.gz (next to the published report)")
    p.add_argument("--results", default="results/library")
    p.add_argument("--out", required=True)
    r = sub.add_parser("restore", help="add a published history (URL or file) to the local one")
    r.add_argument("--results", default="results/library")
    r.add_argument("--from", dest="source", required=True, help="URL or path of history.tar.gz")
    args = parser.parse_args(argv)
    results = ResultsSet(args.results)
    if args.command == "pack":
        count = pack(results, Path(args.out))
        print("packed %d history files into %s" % (count, args.out))
        return 0
    try:
        added, refused = restore(results, args.source)
    except (OSError, ValueError, tarfile.TarError, urllib.error.URLError) as exc:
        print("error: cannot restore the history from %s: %s" % (args.source, exc), file=sys.stderr)
        return 2
    for name in refused:
        print("warning: refused %r: not a history file" % name, file=sys.stderr)
    print("restored %d history files from %s" % (added, args.source) if added or refused else
          "no published history at %s yet: starting one" % args.source)
    return 0
