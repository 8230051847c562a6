"""The artifact store: what writer variants saved, kept content-addressed next to the history.

Runs inside every environment (Python 3.7+, standard library only: the case process
packs what its writer saved, a reader's unpacks it) and on the host (indexes, tests).

    results/<set>/artifacts/<sha[:2]>/<sha>.tar.gz   the saved files, predictions.json, writer.json
    results/<set>/artifacts/<sha[:2]>/<sha>.json     small meta: writer env / case / hashes / run,
                                                     file list, size, predictions
    <run folder>/artifacts-index.json                written by the row step: what its readers read

The sha256 is that of the .tar.gz bytes, packed deterministically (sorted members, no
times or owners), so the same files give the same name. A file is written to a temporary
name and linked into place only if absent: never rewritten, and two writers racing both
succeed. Nothing here deletes from the store.
"""
import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import uuid

ARTIFACTS = "artifacts"
INDEX_FILE = "artifacts-index.json"
INDEX_SCHEMA = 1
MAX_UNPACKED = 2 * 1024 ** 3    # a tar that would unpack beyond this is refused


def path_of(store, sha):
    return os.path.join(store, sha[:2], sha + ".tar.gz")


def meta_path(store, sha):
    return os.path.join(store, sha[:2], sha + ".json")


def exists(store, sha):
    return bool(store) and isinstance(sha, str) and len(sha) == 64 and os.path.isfile(path_of(store, sha))


def _members(folder):
    """(relative path, absolute path) of every regular file under folder, sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(root, name)
            if os.path.isfile(full) and not os.path.islink(full):
                found.append((os.path.relpath(full, folder).replace(os.sep, "/"), full))
    return sorted(found)


def pack(folder):
    """The folder as deterministic .tar.gz bytes, and its file list [{path, bytes}]."""
    raw = io.BytesIO()
    files = []
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for rel, full in _members(folder):
            info = tarfile.TarInfo(rel)
            info.size = os.path.getsize(full)
            info.mtime, info.mode, info.uid, info.gid, info.uname, info.gname = 0, 0o644, 0, 0, "", ""
            with open(full, "rb") as handle:
                tar.addfile(info, handle)
            files.append({"path": rel, "bytes": info.size})
    zipped = io.BytesIO()
    with gzip.GzipFile(fileobj=zipped, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw.getvalue())
    return zipped.getvalue(), files


def write_if_absent(path, data):
    """Write bytes to path unless it exists: temp file, fsync, hard link (fails if present)."""
    if os.path.exists(path):
        return False
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder, exist_ok=True)
    temp = "%s.%d.%s.tmp" % (path, os.getpid(), uuid.uuid4().hex[:6])
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            return False
        except OSError:   # a file system without hard links: rename, still only if absent
            if os.path.exists(path):
                return False
            os.rename(temp, path)
        return True
    finally:
        if os.path.exists(temp):
            os.remove(temp)


def store(store_root, folder, meta):
    """Pack `folder` into the store; returns (sha, bytes, files). The meta (writer facts)
    gets sha, size, files and is written beside it, both only if absent."""
    data, files = pack(folder)
    sha = hashlib.sha256(data).hexdigest()
    write_if_absent(path_of(store_root, sha), data)
    meta = dict(meta, sha256=sha, bytes=len(data), files=files)
    text = json.dumps(meta, sort_keys=True, default=repr).encode("utf-8")
    write_if_absent(meta_path(store_root, sha), text)
    return sha, len(data), files


def read_meta(store_root, sha):
    try:
        with open(meta_path(store_root, sha), "rb") as handle:
            return json.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError):
        return None


def unpack(store_root, sha, folder):
    """Extract an artifact into folder (made if needed), refusing anything but plain files
    with relative paths inside it; checks the bytes against the sha first."""
    with open(path_of(store_root, sha), "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != sha:
        raise ValueError("artifact %s: its bytes do not match its name (damaged store)" % sha)
    os.makedirs(folder, exist_ok=True)
    total = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name
            parts = name.split("/")
            if not member.isfile() or name.startswith("/") or ".." in parts or "" in parts:
                raise ValueError("artifact %s: refused member %r" % (sha, name))
            total += member.size
            if total > MAX_UNPACKED:
                raise ValueError("artifact %s unpacks beyond %d bytes" % (sha, MAX_UNPACKED))
            target = os.path.join(folder, *parts)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            source = tar.extractfile(member)
            with open(target, "wb") as out:
                shutil.copyfileobj(source, out)
    return folder


def read_index(path):
    """The artifacts index a row step wrote: {writer case id: {writer env id: entry}}; an
    absent or unreadable index reads as empty (readers then have nothing to read)."""
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError):
        return {}
    writers = data.get("writers") if isinstance(data, dict) else None
    return writers if isinstance(writers, dict) else {}


def write_index(path, store_root, writers):
    """writers: {writer case id: {writer env id: {sha256, run_id, axes, ...}}}."""
    text = json.dumps({"schema": INDEX_SCHEMA, "store": os.path.abspath(store_root), "writers": writers},
                      sort_keys=True, indent=1)
    temp = "%s.%d.tmp" % (path, os.getpid())
    with open(temp, "w") as handle:
        handle.write(text + "\n")
    os.replace(temp, path)
    return path
