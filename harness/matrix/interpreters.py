"""Find a Python X.Y on this machine, never downloading one.

Looked for, in order: `uv python find X.Y --no-python-downloads` (uv knows its own
managed Pythons, pyenv's and PATH's), `pythonX.Y` on PATH, and
`$PYENV_ROOT/versions/X.Y*/bin/pythonX.Y` (PYENV_ROOT, else `pyenv root`). Each
candidate is run to check it really is X.Y: a pyenv shim for a version that is
installed but not selected exists on PATH yet fails when run.

A row whose Python is missing records env_error with the places searched. To
provide one:
    uv python install 3.7          # uv's managed CPython builds
    pyenv install 3.7.17           # or pyenv
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
from dataclasses import dataclass, field

_CHECK = "import sys; print('%d.%d' % sys.version_info[:2])"


@dataclass
class Found:
    version: str
    path: str | None
    searched: list[str] = field(default_factory=list)

    def missing_reason(self) -> str:
        return ("Python %s not found; searched %s; install it with `uv python install %s` "
                "(or `pyenv install %s`)" % (self.version, "; ".join(self.searched) or "nothing",
                                               self.version, self.version))


def _is_version(path: str, version: str) -> bool:
    try:
        out = subprocess.run([path, "-c", _CHECK], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and out.stdout.strip() == version


def _uv_candidate(version: str, uv: str | None) -> str | None:
    if not uv:
        return None
    try:
        out = subprocess.run([uv, "python", "find", version, "--no-python-downloads"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.strip() or None


def _pyenv_root() -> str | None:
    root = os.environ.get("PYENV_ROOT")
    if root:
        return root
    pyenv = shutil.which("pyenv")
    if not pyenv:
        return None
    try:
        out = subprocess.run([pyenv, "root"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _version_key(path: str) -> tuple:
    """Sort pyenv folders so that 3.7.17 comes before 3.7.9 (newest patch first)."""
    name = os.path.basename(os.path.dirname(os.path.dirname(path)))
    return tuple(int(p) if p.isdigit() else -1 for p in name.replace("-", ".").split("."))


def find_python(version: str, uv: str | None = None, path_env: str | None = None,
                pyenv_root: str | None = None) -> Found:
    """The path of a working Python `version` ("3.7"), or path None with what was searched."""
    found = Found(version, None)
    uv = uv if uv is not None else shutil.which("uv")
    candidate = _uv_candidate(version, uv)
    found.searched.append("`uv python find %s`" % version if uv else "uv (not installed)")
    if candidate and _is_version(candidate, version):
        found.path = candidate
        return found
    name = "python" + version
    candidate = shutil.which(name, path=path_env)
    found.searched.append("%s on PATH" % name)
    if candidate and _is_version(candidate, version):
        found.path = candidate
        return found
    root = pyenv_root if pyenv_root is not None else _pyenv_root()
    if root:
        pattern = os.path.join(root, "versions", version + "*", "bin", name)
        found.searched.append(pattern)
        for candidate in sorted(glob.glob(pattern), key=_version_key, reverse=True):
            if _is_version(candidate, version):
                found.path = candidate
                return found
    else:
        found.searched.append("pyenv (not installed)")
    return found


_cache: dict[str, Found] = {}


def find_cached(version: str, disk: str | None = None) -> Found:
    """find_python memoised per process (noxfile.py asks once per row) and, given a `disk`
    file, across processes: `nox -j 2` starts one nox process per session, and each
    would otherwise run the search (several seconds) again. A remembered interpreter is
    used only while the file it names is unchanged (same path, size, modification time)."""
    if version not in _cache:
        _cache[version] = _from_disk(version, disk) or find_python(version)
        if disk and _cache[version].path:
            _to_disk(version, _cache[version].path, disk)
    return _cache[version]


def _signature(path: str) -> list:
    st = os.stat(path)
    return [os.path.realpath(path), st.st_size, st.st_mtime_ns]


def _from_disk(version: str, disk: str | None) -> Found | None:
    import json
    if not disk:
        return None
    try:
        with open(disk) as handle:
            path, signature = json.load(handle)[version]
        if _signature(path) == signature:
            return Found(version, path, ["remembered in %s" % disk])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _to_disk(version: str, path: str, disk: str) -> None:
    import json
    try:
        with open(disk) as handle:
            known = json.load(handle)
    except (OSError, ValueError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    try:
        known[version] = [path, _signature(path)]
        os.makedirs(os.path.dirname(disk) or ".", exist_ok=True)
        temp = "%s.%d.tmp" % (disk, os.getpid())
        with open(temp, "w") as handle:
            json.dump(known, handle)
        os.replace(temp, disk)
    except OSError:
        pass   # only a cache


if __name__ == "__main__":
    import sys
    from pathlib import Path
    from .table import load_matrix
    table = Path(__file__).resolve().parents[2] / "matrix.toml"   # by default: every Python the matrix uses
    default = sorted({row.python for row in load_matrix(table)}, key=lambda v: tuple(map(int, v.split("."))))
    for wanted in sys.argv[1:] or default:
        result = find_python(wanted)
        print(wanted, result.path or result.missing_reason())
