"""Carrying the artifact store across published runs and CI jobs (docs/saveload.md).

    python -m harness.history.store pack    --results results/library --out reports/artifacts.tar
    python -m harness.history.store restore --results results/library --from URL_OR_FILE

The store is content-addressed (harness/artifacts.py), so restoring is adding: only members
named <xx>/<sha256>.tar.gz or .json are taken, a .tar.gz only when its bytes hash to its name,
and nothing already present is touched. The archive is an uncompressed tar: its members are
compressed already.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

from .. import artifacts

MAX_BYTES = 2 * 1024 ** 3


def _read(source: str) -> bytes | None:
    """The archive's bytes from a URL or a file; None when there is none (404 / no such file)."""
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

MEMBER = re.compile(r"(?P<prefix>[0-9a-f]{2})/(?P<sha>(?P=prefix)[0-9a-f]{62})\.(?P<kind>tar\.gz|json)")


def pack(results: Path, out: Path) -> int:
    """Every artifact and its meta into one .tar; returns how many files."""
    store = Path(results) / artifacts.ARTIFACTS
    files = sorted(p for p in store.glob("??/*") if MEMBER.fullmatch("%s/%s" % (p.parent.name, p.name)))
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name("." + out.name + ".tmp")
    with tarfile.open(temp, "w") as archive:
        for path in files:
            archive.add(path, arcname="%s/%s" % (path.parent.name, path.name), recursive=False)
    temp.replace(out)
    return len(files)


def restore(results: Path, source: str, first_publication: bool = False) -> tuple[int, list[str]]:
    """Add the archive's artifacts to the store; returns (added, refused). A missing archive
    is an error (the readers would silently read nothing, the writers save everything again)
    unless this is the first publication."""
    data = _read(source)
    if data is None:
        if first_publication:
            return 0, []
        raise ValueError("no published artifact store at %s (the first run: --first-publication)" % source)
    if len(data) > MAX_BYTES:
        raise ValueError("%s is larger than %d bytes" % (source, MAX_BYTES))
    store = str(Path(results) / artifacts.ARTIFACTS)
    added, refused = 0, []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        for member in archive.getmembers():
            match = MEMBER.fullmatch(member.name)
            if member.isdir():
                continue
            if not member.isfile() or not match:
                refused.append(member.name)
                continue
            with archive.extractfile(member) as handle:
                content = handle.read()
            if match.group("kind") == "tar.gz" and hashlib.sha256(content).hexdigest() != match.group("sha"):
                refused.append(member.name + " (its bytes do not match its name)")
                continue
            target = artifacts.path_of(store, match.group("sha")) if match.group("kind") == "tar.gz" else \
                artifacts.meta_path(store, match.group("sha"))
            added += artifacts.write_if_absent(target, content)
    return added, refused


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.history.store", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack", help="write the artifact store into a .tar")
    p.add_argument("--results", default="results/library")
    p.add_argument("--out", required=True)
    r = sub.add_parser("restore", help="add a published store (URL or file) to the local one")
    r.add_argument("--results", default="results/library")
    r.add_argument("--from", dest="source", required=True)
    r.add_argument("--first-publication", action="store_true",
                   help="nothing published yet: a missing archive is not an error")
    args = parser.parse_args(argv)
    if args.command == "pack":
        print("packed %d artifact files into %s" % (pack(Path(args.results), Path(args.out)), args.out))
        return 0
    try:
        added, refused = restore(Path(args.results), args.source, args.first_publication)
    except (OSError, ValueError, tarfile.TarError, urllib.error.URLError) as exc:
        print("error: cannot restore the artifact store from %s: %s" % (args.source, exc), file=sys.stderr)
        return 2
    for name in refused:
        print("warning: refused %r" % name, file=sys.stderr)
    print("restored %d artifact files from %s" % (added, args.source))
    return 0


if __name__ == "__main__":
    sys.exit(main())
