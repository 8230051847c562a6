"""Release discovery: what matrix.toml lacks, asked of the package index.

    python -m harness.matrix.discover [--matrix matrix.toml] [--index-url URL | --index-snapshot DIR]
                                      [--record DIR] [--json] [--write]

Asks the index (PEP 691 simple API JSON, what pip reads; PEP 503 HTML as a fallback;
--index-url, else $PIP_INDEX_URL, else PyPI) about TensorFlow, Keras, tf-keras, their
nightlies, jax/jaxlib and torch: every release, and which CPython versions it has
Linux x86_64 wheels for (cpXY and abi3 tags; pure-Python wheels through their
requires-python; yanked files ignored; rc / dev releases told from finals). It then
compares with the table and proposes, as ready-to-paste [[env]] tables:

  new-minor       a final TensorFlow minor newer than the table's: a keras3 row, and a
                  tf_keras row once the matching tf-keras is on the index
  rc              a release candidate newer than the newest final minor: an "rc" row
  rc-final        the final of a release candidate a row pins: that row, replaced
  new-python      a Python no row of its kind uses yet: for TensorFlow every Python the
                  newest final (or a newer rc) has wheels for; for tf-nightly, jax and torch
                  rows their newest Python, up to the newest Python TensorFlow has wheels for
  stale-pin       an == pin with a newer patch of its minor (TensorFlow rows) or a newer
                  release (keras / jax / torch in rows without TensorFlow) that has wheels
                  for the row's own Python: the row, replaced
  nightly-python  a nightly row whose Python the newest nightly no longer has wheels for

Exit status: 0 nothing proposed, 1 something proposed (a CI "currency" job fails
visibly), 2 a usage, table, snapshot or network error (one line, no traceback).

--index-snapshot DIR reads recorded answers (DIR/<name>.json, one per package, and
DIR/_meta.json) instead of the network; --record DIR writes them from the live index,
trimmed to what discovery reads. --write applies the proposals to the table (replaced
rows in place, new rows appended). Host side; standard library only.
"""
from __future__ import annotations

import argparse
import base64
import concurrent.futures
import datetime
import html.parser
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .table import EnvRow, MatrixError, load_matrix

PACKAGES = ("tensorflow", "tensorflow-cpu", "tf-nightly", "keras", "keras-nightly", "tf-keras",
            "tf-keras-nightly", "jax", "jaxlib", "torch")
DEFAULT_INDEX = "https://pypi.org/simple/"
ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
TOOL = "harness.matrix.discover"
PYTHONS = tuple((3, minor) for minor in range(5, 31))   # the CPython minors a pure-Python wheel is read against
KEEP_NIGHTLIES = 3        # nightly builds kept by --record (only the newest is read)
KERAS3_FIRST_TF = (2, 16)  # from here on TensorFlow's tf.keras is Keras 3 and tf_keras rows make sense
KINDS = ("new-minor", "rc", "rc-final", "new-python", "stale-pin", "nightly-python")


class DiscoverError(Exception):
    """A usage, table, snapshot or index problem: one line for the user, exit status 2."""


# --------------------------------------------------------------- PEP 440, the subset used ----
_VERSION = re.compile(r"""^\s*v?(?:(?P<epoch>\d+)!)?(?P<release>\d+(?:\.\d+)*)
    (?:[-_.]?(?P<pre_l>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?P<pre_n>\d+)?)?
    (?:-(?P<post_n1>\d+)|[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>\d+)?)?
    (?:[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>\d+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$""", re.X | re.I)
_PRE = {"a": "a", "alpha": "a", "b": "b", "beta": "b", "c": "rc", "rc": "rc", "pre": "rc", "preview": "rc"}


@dataclass(frozen=True, order=False)
class Version:
    """A PEP 440 version: ordered as pip orders them; rc and dev releases are pre-releases."""
    text: str
    epoch: int
    release: tuple
    pre: tuple | None      # ("rc", 0)
    post: int | None
    dev: int | None

    @classmethod
    def parse(cls, text: str) -> "Version":
        match = _VERSION.match(str(text))
        if not match:
            raise ValueError("not a PEP 440 version: %r" % (text,))
        g = match.groupdict()
        pre = (_PRE[g["pre_l"].lower()], int(g["pre_n"] or 0)) if g["pre_l"] else None
        post = int(g["post_n1"]) if g["post_n1"] else (int(g["post_n2"] or 0) if g["post_l"] else None)
        dev = int(g["dev_n"] or 0) if g["dev_l"] else None
        return cls(text.strip(), int(g["epoch"] or 0), tuple(int(p) for p in g["release"].split(".")), pre, post, dev)

    @property
    def key(self) -> tuple:
        release = list(self.release)
        while len(release) > 1 and release[-1] == 0:
            release.pop()
        inf, ninf = (1, ()), (-1, ())
        if self.pre is None and self.post is None and self.dev is not None:
            pre = ninf
        elif self.pre is None:
            pre = inf
        else:
            pre = (0, ("a", "b", "rc").index(self.pre[0]), self.pre[1])
        post = ninf if self.post is None else (0, self.post)
        dev = inf if self.dev is None else (0, self.dev)
        return (self.epoch, tuple(release), pre, post, dev)

    @property
    def is_prerelease(self) -> bool:
        return self.pre is not None or self.dev is not None

    @property
    def minor(self) -> tuple:
        return (tuple(self.release) + (0, 0))[:2]

    def __lt__(self, other): return self.key < other.key
    def __le__(self, other): return self.key <= other.key
    def __gt__(self, other): return self.key > other.key
    def __ge__(self, other): return self.key >= other.key
    def __eq__(self, other): return isinstance(other, Version) and self.key == other.key
    def __hash__(self): return hash(self.key)
    def __str__(self): return self.text


def version_or_none(text: str) -> Version | None:
    try:
        return Version.parse(text)
    except ValueError:
        return None


def python_allowed(spec: str, python: tuple) -> bool:
    """Does requires-python `spec` admit CPython `python` (3, 12)? Read at a late patch release
    of that minor (3.12.99), as the interpreters rows get are; an unreadable spec admits all."""
    here = python + (99,)
    for clause in (spec or "").split(","):
        clause = clause.strip()
        if not clause:
            continue
        match = re.fullmatch(r"(~=|===|==|!=|<=|>=|<|>)\s*([0-9][0-9.]*)(\.\*)?", clause)
        if not match:
            return True
        op, text, wildcard = match.groups()
        bound = tuple(int(p) for p in text.strip(".").split("."))
        if wildcard:
            same = here[:len(bound)] == bound
            ok = same if op in ("==", "===") else not same
        else:
            width = max(len(bound), len(here))
            value, limit = here + (0,) * (width - len(here)), bound + (0,) * (width - len(bound))
            if op == "~=":
                ok = value >= limit and here[:len(bound) - 1] == bound[:-1]
            else:
                ok = {"==": value == limit, "===": value == limit, "!=": value != limit, ">=": value >= limit,
                      "<=": value <= limit, ">": value > limit, "<": value < limit}[op]
        if not ok:
            return False
    return True


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def py_text(python: tuple) -> str:
    return "%d.%d" % python


def py_tuple(text: str) -> tuple:
    major, minor = text.split(".")[:2]
    return (int(major), int(minor))


# ---------------------------------------------------------------------------- wheels ----
def _linux_x86_64(platform: str) -> bool:
    return platform == "any" or (platform.endswith("x86_64") and
                                 (platform.startswith("manylinux") or platform == "linux_x86_64"))


def wheel_pythons(filename: str, requires_python: str = "") -> tuple[str, frozenset, bool] | None:
    """(version text, CPython minors it installs on under Linux x86_64, pure?) for a wheel
    file name; None when it is not a wheel or has no such tag. Free-threaded builds (cp314t)
    are not the interpreter rows use; musllinux is not the glibc the runners have."""
    if not filename.endswith(".whl"):
        return None
    parts = filename[:-4].split("-")
    if len(parts) not in (5, 6):
        return None
    version, interpreters, abis, platforms = parts[1], parts[-3], parts[-2], parts[-1]
    if not any(_linux_x86_64(p) for p in platforms.split(".")):
        return None
    pure = "any" in platforms.split(".")
    found = set()
    for interpreter in interpreters.split("."):
        for abi in abis.split("."):
            match = re.fullmatch(r"(cp|py)(\d)(\d*)", interpreter)
            if not match or match.group(2) != "3":
                continue
            kind, minor = match.group(1), int(match.group(3)) if match.group(3) else None
            if abi == "abi3" or (abi == "none" and kind == "py"):
                found.update(p for p in PYTHONS if minor is None or p[1] >= minor)
            elif kind == "cp" and minor is not None and re.fullmatch(r"none|cp3%d(m|d|dm)?" % minor, abi):
                found.add((3, minor))
    found = {p for p in found if python_allowed(requires_python, p)}
    return (version, frozenset(found), pure) if found else None


def _yanked(entry: dict) -> bool:
    value = entry.get("yanked", False)
    return value is True or isinstance(value, str)


@dataclass(frozen=True)
class Release:
    """One version of a package, as far as Linux x86_64 wheels go."""
    package: str
    version: Version
    pythons: frozenset          # {(3, 12), ...}
    pure: bool                  # only pure-Python wheels (py3-none-any)
    requires_python: str = ""

    def supports(self, python: tuple) -> bool:
        return python in self.pythons

    def wheels(self) -> str:
        """'cp310-cp314' (binary) or 'py3-none-any, requires-python >=3.11' (pure)."""
        if self.pure:
            return "py3-none-any" + (", requires-python %s" % self.requires_python if self.requires_python else "")
        return span(self.pythons)


def span(pythons) -> str:
    ordered = sorted(pythons)
    if not ordered:
        return "none"
    if ordered == [(3, m) for m in range(ordered[0][1], ordered[-1][1] + 1)] and len(ordered) > 1:
        return "cp3%d-cp3%d" % (ordered[0][1], ordered[-1][1])
    return ", ".join("cp3%d" % p[1] for p in ordered)


def releases_from_answer(package: str, answer: dict) -> list[Release]:
    """Every release of one index answer (PEP 691 JSON), oldest first."""
    files = answer.get("files") if isinstance(answer, dict) else None
    if not isinstance(files, list):
        raise DiscoverError("the index answer for %s has no file list" % package)
    found: dict = {}
    for entry in files:
        if not isinstance(entry, dict) or not isinstance(entry.get("filename"), str) or _yanked(entry):
            continue
        requires = entry.get("requires-python") or ""
        read = wheel_pythons(entry["filename"], requires if isinstance(requires, str) else "")
        if not read:
            continue
        version = version_or_none(read[0])
        if version is None:
            continue
        pythons, pure, spec = found.get(version, (set(), True, ""))
        found[version] = (pythons | read[1], pure and read[2], spec or requires)
    return sorted((Release(package, v, frozenset(p), pure, spec) for v, (p, pure, spec) in found.items()),
                  key=lambda r: r.version)


class Index:
    """The answers for every package, read into releases."""

    def __init__(self, answers: dict, source: str, checked: str):
        self.answers = answers
        self.source = source
        self.checked = checked
        self._releases = {name: releases_from_answer(name, answer) for name, answer in answers.items()}

    def releases(self, package: str) -> list[Release]:
        return self._releases.get(normalize(package), [])

    def get(self, package: str, version: Version) -> Release | None:
        for release in self.releases(package):
            if release.version == version:
                return release
        return None

    def supports(self, release: Release, python: tuple) -> bool:
        """jax installs with jaxlib of the same version ([cpu] pins it): both need the wheel."""
        if not release.supports(python):
            return False
        if release.package == "jax":
            jaxlib = self.get("jaxlib", release.version)
            return jaxlib is not None and jaxlib.supports(python)
        return True

    def pythons(self, release: Release) -> frozenset:
        return frozenset(p for p in release.pythons if self.supports(release, p))

    def newest(self, package: str, python: tuple | None = None, minor: tuple | None = None,
               pre: bool = False) -> Release | None:
        """The newest release (finals only unless pre), of one minor, with a wheel for python."""
        best = None
        for release in self.releases(package):
            if release.version.is_prerelease and not pre:
                continue
            if minor is not None and release.version.minor != minor:
                continue
            if python is not None and not self.supports(release, python):
                continue
            if best is None or release.version > best.version:
                best = release
        return best


# ------------------------------------------------------------------- the index itself ----
def default_index_url() -> str:
    return os.environ.get("PIP_INDEX_URL", "").strip() or DEFAULT_INDEX


def redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        netloc = "***@" + (parts.hostname or "") + (":%d" % parts.port if parts.port else "")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return url


class _SimpleHTML(html.parser.HTMLParser):
    """PEP 503 pages: <a href=... data-requires-python=... data-yanked=...>file</a>."""

    def __init__(self):
        super().__init__()
        self.files, self._current = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attrs = dict(attrs)
            self._current = {"href": attrs.get("href") or "", "requires-python": attrs.get("data-requires-python"),
                             "yanked": "data-yanked" in attrs, "text": ""}

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._current is not None:
            current, self._current = self._current, None
            name = current["text"].strip() or urllib.parse.unquote(current["href"].split("#")[0].rsplit("/", 1)[-1])
            entry = {"filename": name}
            if current["requires-python"]:
                entry["requires-python"] = current["requires-python"]
            if current["yanked"]:
                entry["yanked"] = True
            self.files.append(entry)


def fetch_answer(index_url: str, package: str, timeout: float = 60.0) -> dict:
    """The index's answer for one package, as PEP 691 JSON (an HTML page is converted)."""
    parts = urllib.parse.urlsplit(index_url)
    headers = {"Accept": ACCEPT, "User-Agent": TOOL}
    if parts.username or parts.password:
        credentials = "%s:%s" % (urllib.parse.unquote(parts.username or ""), urllib.parse.unquote(parts.password or ""))
        headers["Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
        parts = parts._replace(netloc=(parts.hostname or "") + (":%d" % parts.port if parts.port else ""))
    url = urllib.parse.urlunsplit(parts).rstrip("/") + "/" + package + "/"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            body = response.read()
            kind = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return {"meta": {"api-version": "1.0"}, "name": package, "files": [], "versions": []}
        raise DiscoverError("the package index %s answered HTTP %d for %s" % (redact(index_url), exc.code, package)) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DiscoverError("cannot reach the package index %s (%s): %s" % (redact(index_url), package, reason)) from None
    text = body.decode("utf-8", "replace")
    if "json" in kind:
        try:
            return json.loads(text)
        except ValueError:
            raise DiscoverError("the package index %s sent invalid JSON for %s" % (redact(index_url), package)) from None
    page = _SimpleHTML()
    page.feed(text)
    return {"meta": {"api-version": "1.0"}, "name": package, "files": page.files}


def fetch_all(index_url: str, timeout: float = 60.0) -> dict:
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as pool:
        futures = {name: pool.submit(fetch_answer, index_url, name, timeout) for name in PACKAGES}
        return {name: future.result() for name, future in futures.items()}


def read_snapshot(folder: Path) -> tuple[dict, dict]:
    """(answers, meta) recorded by --record."""
    if not folder.is_dir():
        raise DiscoverError("no index snapshot folder %s" % folder)
    answers = {}
    for name in PACKAGES:
        path = folder / (name + ".json")
        try:
            answers[name] = json.loads(path.read_text(encoding="utf-8"))
        except OSError:
            raise DiscoverError("the index snapshot %s has no answer for %s (%s)" % (folder, name, path.name)) from None
        except ValueError as exc:
            raise DiscoverError("the index snapshot %s: %s is not JSON (%s)" % (folder, path.name, exc)) from None
    meta_path = folder / "_meta.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    except ValueError as exc:
        raise DiscoverError("the index snapshot %s: _meta.json is not JSON (%s)" % (folder, exc)) from None
    return answers, meta if isinstance(meta, dict) else {}


def trim(package: str, answer: dict, floors: dict) -> dict:
    """What --record keeps of one answer: Linux x86_64 and pure wheels, the fields discovery
    reads, releases from the oldest minor the table pins (nightlies: the newest builds)."""
    kept = []
    for entry in answer.get("files", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("filename"), str):
            continue
        read = wheel_pythons(entry["filename"])
        if not read:
            continue
        small = {"filename": entry["filename"]}
        if entry.get("requires-python"):
            small["requires-python"] = entry["requires-python"]
        if _yanked(entry):
            small["yanked"] = entry["yanked"]
        kept.append((version_or_none(read[0]), small))
    kept = [(v, e) for v, e in kept if v is not None]
    versions = sorted({v for v, _ in kept})
    if "nightly" in package:
        versions = versions[-KEEP_NIGHTLIES:]
    elif floors.get(package):
        versions = [v for v in versions if v.minor >= floors[package]]
    else:
        minors = sorted({v.minor for v in versions})[-2:]
        versions = [v for v in versions if v.minor in minors]
    wanted = set(versions)
    return {"meta": answer.get("meta", {"api-version": "1.0"}), "name": answer.get("name", package),
            "versions": [str(v) for v in versions], "files": [e for v, e in kept if v in wanted]}


def floors_of(rows: list[EnvRow]) -> dict:
    """The oldest minor the table pins, per package (jaxlib follows jax)."""
    floors: dict = {}
    for row in rows:
        for requirement in row.requirements:
            parsed = parse_requirement(requirement)
            if parsed is None:
                continue
            name, _, specs = parsed
            for _, text in specs:
                version = version_or_none(text.rstrip(".*"))
                if version is not None:
                    floors[name] = min(floors.get(name, version.minor), version.minor)
    if "jax" in floors:
        floors["jaxlib"] = min(floors.get("jaxlib", floors["jax"]), floors["jax"])
    return floors


# ------------------------------------------------------------------- the table's pins ----
def parse_requirement(text: str):
    """'jax[cpu]==0.10.2' -> ('jax', '[cpu]', [('==', '0.10.2')]); None if unreadable."""
    match = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*)(;.*)?", text)
    if not match:
        return None
    specs = []
    for piece in match.group(3).split(","):
        piece = piece.strip()
        if not piece:
            continue
        spec = re.fullmatch(r"(===|==|~=|!=|<=|>=|<|>)\s*(\S+)", piece)
        if not spec:
            return None
        specs.append(spec.groups())
    return normalize(match.group(1)), match.group(2) or "", specs


@dataclass(frozen=True)
class Pin:
    """An exact pin of a row: `tensorflow-cpu==2.19.1`, `jax[cpu]==0.10.2`."""
    field: str          # "tensorflow" | "requires"
    text: str           # the requirement as written
    package: str        # the index name: tensorflow, tensorflow-cpu, keras, jax, ...
    extras: str
    version: Version

    def with_version(self, version: Version) -> str:
        return "%s%s==%s" % (self.text.split("[")[0].split("=")[0].strip(), self.extras, version)


def pins(row: EnvRow) -> list[Pin]:
    found = []
    for field_name, text in [("tensorflow", row.tensorflow)] + [("requires", r) for r in row.requires]:
        parsed = parse_requirement(text) if text else None
        if not parsed or len(parsed[2]) != 1 or parsed[2][0][0] != "==" or "*" in parsed[2][0][1]:
            continue
        version = version_or_none(parsed[2][0][1])
        if version is not None and parsed[0] in PACKAGES:
            found.append(Pin(field_name, text, parsed[0], parsed[1], version))
    return found


def row_kind(row: EnvRow) -> str:
    """tf (a pinned TensorFlow), nightly, jax, torch, or other (no TensorFlow, another backend)."""
    if row.axes.get("tf") == "nightly":
        return "nightly"
    if row.tensorflow:
        return "tf"
    return row.axes.get("backend") if row.axes.get("backend") in ("jax", "torch") else "other"


def tf_pin(row: EnvRow) -> Pin | None:
    for pin in pins(row):
        if pin.field == "tensorflow":
            return pin
    return None


def names_the_pin(row: EnvRow, pin: Pin) -> bool:
    """The row is about this exact version: its id names it (keras 2.2.4 in tf1.15-keras2.2.4-py3.7-cpu,
    TensorFlow 1.15.4 in tf1.15.4-keras2.2.4-h5py3-py3.7-cpu: a patch kept on purpose)."""
    return re.search(r"(?<![\d.])%s(?![\d])(?!\.\d)" % re.escape(str(pin.version)), row.id) is not None


# ----------------------------------------------------------- matrix.toml, as text ----
_ENV_HEADER = re.compile(r"^\s*\[\[env\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[")


def blocks(text: str) -> dict:
    """{row id: (first line, end line)} of each [[env]] table in the text (lines [first, end))."""
    lines = text.splitlines()
    found, starts = {}, [i for i, line in enumerate(lines) if _ENV_HEADER.match(line)]
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        for i in range(start + 1, end):
            if _TABLE_HEADER.match(lines[i]) and not _ENV_HEADER.match(lines[i]):
                end = i
                break
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        for i in range(start, end):
            match = re.match(r'^\s*id\s*=\s*"([^"]+)"', lines[i])
            if match:
                found[match.group(1)] = (start, end)
                break
    return found


def _split_comment(line: str) -> tuple[str, str]:
    """(code, comment text) of a TOML line whose strings hold no '#'."""
    in_string, quote = False, ""
    for i, ch in enumerate(line):
        if in_string:
            if ch == quote:
                in_string = False
        elif ch in "\"'":
            in_string, quote = True, ch
        elif ch == "#":
            return line[:i].rstrip(), line[i + 1:].strip()
    return line.rstrip(), ""


def _continuations(lines: list[str], i: int) -> int:
    """How many comment-only lines follow line i, indented deeper than its code (a comment
    that goes on)."""
    indent = len(lines[i]) - len(lines[i].lstrip())
    n = 0
    while i + 1 + n < len(lines) and lines[i + 1 + n].lstrip().startswith("#") \
            and len(lines[i + 1 + n]) - len(lines[i + 1 + n].lstrip()) > indent:
        n += 1
    return n


def _with_comment(code: str, comment: str, kept: list[str]) -> list[str]:
    out = [code + "  # " + comment]
    column = len(code) + 2
    out.extend(" " * column + "# " + k for k in kept)
    return out


def replace_pin(lines: list[str], old: str, new: str, comment: str, old_version: str = "", new_version: str = "") -> bool:
    """Write requirement `new` where `old` is, with `comment`; a comment someone wrote there
    stays on the next line ('was <old version>: ...' when the version changed), one written
    by discovery is dropped (superseded)."""
    needle = '"%s"' % old
    for i, line in enumerate(lines):
        code, note = _split_comment(line)
        if needle not in code:
            continue
        extra = _continuations(lines, i)
        earlier = [note] if note else []
        earlier += [lines[j].strip()[1:].strip() for j in range(i + 1, i + 1 + extra)]
        kept = []
        for n, text in enumerate(earlier):
            if TOOL in text:
                continue
            if n == 0 and text and old_version and old_version != new_version and not text.startswith("was "):
                text = "was %s: %s" % (old_version, text)
            kept.append(text)
        if re.search(r'"[^"]*"', code.replace(needle, "", 1)):
            # an inline list holding other requirements too: its comment stays, ours is added
            ours = ([note] if note and TOOL not in note else []) + [comment]
            lines[i] = code.replace(needle, '"%s"' % new, 1) + "  # " + "; ".join(ours)
        else:
            lines[i:i + 1 + extra] = _with_comment(code.replace(needle, '"%s"' % new, 1), comment, kept)
        return True
    return False


def set_value(lines: list[str], key: str, value: str) -> bool:
    """`key = value` (single-line values), keeping the line's comment."""
    for i, line in enumerate(lines):
        if re.match(r"^\s*%s\s*=" % re.escape(key), line):
            _, note = _split_comment(line)
            lines[i] = "%s = %s" % (key, value) + ("  # " + note if note and TOOL not in note else "")
            return True
    return False


def drop_key(lines: list[str], key: str, when: str = "") -> None:
    for i, line in enumerate(lines):
        if re.match(r"^\s*%s\s*=" % re.escape(key), line) and when in line:
            del lines[i]
            return


def toml_str(text: str) -> str:
    return json.dumps(text)


def toml_list(items) -> str:
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def render(fields: list[tuple[str, str]], comments: dict | None = None) -> list[str]:
    """[[env]] lines from (key, TOML value) pairs; comments: {key: text} at the end of the line."""
    comments = comments or {}
    lines = ["[[env]]"]
    for key, value in fields:
        code = "%s = %s" % (key, value)
        lines.append(code + ("  # " + comments[key] if comments.get(key) else ""))
    return lines


def render_row(row: EnvRow) -> list[str]:
    """A row back to TOML (no comments): the fallback where its text is not found."""
    fields = [("id", toml_str(row.id)), ("python", toml_str(row.python)), ("tensorflow", toml_str(row.tensorflow)),
              ("keras", toml_str(row.keras)), ("flavour", toml_str(row.flavour))]
    if row.axes.get("backend") not in (None, "tensorflow"):
        fields.append(("backend", toml_str(row.axes["backend"])))
    if row.axes.get("also"):
        fields.append(("also_installed", toml_list(row.axes["also"])))
    fields.append(("requires", "[\n" + "".join("    %s,\n" % toml_str(r) for r in row.requires) + "]"
                   if row.requires else "[]"))
    if row.env:
        fields.append(("env", "{ " + ", ".join("%s = %s" % (k, toml_str(v)) for k, v in row.env) + " }"))
    fields += [("device", toml_str(row.device)), ("tags", toml_list(row.tags))]
    if row.note:
        fields.append(("note", toml_str(row.note)))
    return "\n".join(render(fields)).splitlines()


# --------------------------------------------------------------------------- results ----
@dataclass
class Proposal:
    kind: str                 # one of KINDS
    id: str
    python: str
    reason: str
    lines: list               # the [[env]] table
    replaces: str | None = None

    @property
    def toml(self) -> str:
        head = ("# replaces the row %s in matrix.toml: %s" % (self.replaces, self.reason) if self.replaces
                else "# proposed by %s (%s): %s" % (TOOL, self.kind, self.reason))
        return "\n".join(_wrap_comment(head) + list(self.lines)) + "\n"


def _wrap_comment(text: str, width: int = 100) -> list[str]:
    words, lines, current = text[2:].split(), [], "#"
    for word in words:
        if len(current) + 1 + len(word) > width and current != "#":
            lines.append(current)
            current = "#  "
        current += " " + word
    lines.append(current)
    return lines


@dataclass
class StalePin:
    row: str
    requirement: str
    package: str
    pinned: str
    newest: str
    python: str


@dataclass
class Result:
    source: str
    checked: str
    newest: dict = field(default_factory=dict)
    proposals: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.proposals else 0


# -------------------------------------------------------------------------- analysis ----
class _Discovery:
    def __init__(self, rows: list[EnvRow], text: str, index: Index):
        self.rows, self.text, self.index = rows, text, index
        self.lines = text.splitlines()
        self.blocks = blocks(text)
        self.result = Result(index.source, index.checked)
        self.ids = {row.id for row in rows}
        self.proposed: dict = {}
        self.checked = index.checked
        self._tf_releases = None

    # ---- helpers
    def stamp(self, package: str, release: Release, what: str, python: tuple) -> str:
        if package == "jax":     # pure Python; the wheels that matter are jaxlib's, same version
            where = "with cp3%d wheels (jaxlib %s)" % (python[1], release.version)
        elif release.pure:
            where = "for Python %s (%s)" % (py_text(python), release.wheels())
        else:
            where = "with cp3%d wheels" % python[1]
        return "%s %s: %s on the index %s, checked %s by %s" % (package, release.version, what, where, self.checked, TOOL)

    def template(self, row: EnvRow) -> list[str]:
        if row.id in self.blocks:
            start, end = self.blocks[row.id]
            return list(self.lines[start:end])
        return render_row(row)

    def add(self, proposal: Proposal) -> None:
        key = proposal.replaces or proposal.id
        if key in self.proposed or (proposal.replaces is None and proposal.id in self.ids):
            return
        self.proposed[key] = proposal
        self.result.proposals.append(proposal)

    def tf(self, version: Version, python: tuple) -> tuple[str, Release] | None:
        """tensorflow-cpu when it has this version for python (what the CPU rows use), else tensorflow."""
        for dist in ("tensorflow-cpu", "tensorflow"):
            release = self.index.get(dist, version)
            if release is not None and release.supports(python):
                return dist, release
        return None

    def tf_releases(self) -> list[Release]:
        """tensorflow and tensorflow-cpu releases together (a version's Pythons: either's)."""
        if self._tf_releases is not None:
            return self._tf_releases
        seen = {}
        for dist in ("tensorflow", "tensorflow-cpu"):
            for release in self.index.releases(dist):
                previous = seen.get(release.version)
                seen[release.version] = release if previous is None else Release(
                    release.package, release.version, previous.pythons | release.pythons, False)
        self._tf_releases = [seen[v] for v in sorted(seen)]
        return self._tf_releases

    def tf_row(self, version: Version, python: tuple, flavour: str, tags: list, note: str = "",
               what: str = "") -> list[str] | None:
        chosen = self.tf(version, python)
        if chosen is None:
            return None
        dist, release = chosen
        minor = "%d.%d" % version.minor
        fields = [("id", toml_str(tf_id(version.minor, flavour, python))), ("python", toml_str(py_text(python))),
                  ("tensorflow", toml_str("%s==%s" % (dist, version))), ("keras", toml_str("tf.keras")),
                  ("flavour", toml_str(flavour))]
        comments = {"tensorflow": self.stamp(dist, release, what or "newest %s patch" % minor, python)}
        if flavour == "tf_keras":
            tfk = self.index.newest("tf-keras", python, version.minor)
            fields.append(("requires", toml_list(["tf-keras~=%s.0" % minor])))
            comments["requires"] = "tf-keras must match TF's minor version; %s" % self.stamp(
                "tf-keras", tfk, "newest %s" % minor, python)
            fields.append(("env", '{ TF_USE_LEGACY_KERAS = "1" }'))
        else:
            fields.append(("requires", "[]"))
        fields += [("device", toml_str("cpu")), ("tags", toml_list(tags))]
        if note:
            fields.append(("note", toml_str(note)))
        return render(fields, comments)

    # ---- the facts
    def run(self) -> Result:
        tf_all = self.tf_releases()
        finals = [r for r in tf_all if not r.version.is_prerelease and r.pythons]
        self.final = finals[-1] if finals else None
        newest_final_minor = self.final.version.minor if self.final else (0, 0)
        pres = [r for r in tf_all if r.version.is_prerelease and r.pythons and r.version.minor > newest_final_minor]
        self.rc = pres[-1] if pres else None
        self.nightly = self.index.newest("tf-nightly", pre=True)
        self.table_pythons = {py_tuple(r.python) for r in self.rows}
        self.tf_rows = [r for r in self.rows if row_kind(r) == "tf" and tf_pin(r)]
        self.frontier = max([p for rel in (self.final, self.rc, self.nightly) if rel for p in rel.pythons] or [(3, 0)])
        self._newest_summary()
        self.moved: dict = {}
        self.stale_pins()
        self.new_minors()
        self.release_candidate()
        self.nightly_pythons()
        self.new_pythons()
        order = {k: n for n, k in enumerate(KINDS)}
        self.result.proposals.sort(key=lambda p: (order[p.kind], p.id))
        return self.result

    def _newest_summary(self) -> None:
        newest = self.result.newest
        for package in PACKAGES:
            final = self.index.newest(package)
            pre = self.index.newest(package, pre=True)
            entry = {}
            if final:
                entry["final"] = {"version": str(final.version), "wheels": final.wheels(),
                                  "pythons": [py_text(p) for p in sorted(self.index.pythons(final))]}
            if pre and (final is None or pre.version > final.version):
                entry["pre"] = {"version": str(pre.version), "wheels": pre.wheels(),
                                "pythons": [py_text(p) for p in sorted(self.index.pythons(pre))]}
            newest[package] = entry

    def stale_pins(self) -> None:
        for row in self.rows:
            kind, python = row_kind(row), py_tuple(row.python)
            lines, changed, reasons, rc_final = self.template(row), [], [], False
            for pin in pins(row):
                if kind == "tf" or pin.field == "tensorflow":
                    if names_the_pin(row, pin):
                        newer = self.index.newest(pin.package, python, pin.version.minor)
                        if newer and newer.version > pin.version:
                            self.result.notes.append("%s: %s is what the row is about (its id names it); %s %s not proposed"
                                                     % (row.id, pin.text, pin.package, newer.version))
                        continue
                    newer = self.index.newest(pin.package, python, pin.version.minor, pre=pin.version.is_prerelease)
                    if newer and newer.version.is_prerelease and self.index.newest(pin.package, python, pin.version.minor):
                        newer = self.index.newest(pin.package, python, pin.version.minor)   # the final is out
                    what = ("newest %d.%d release candidate" % pin.version.minor if newer and newer.version.is_prerelease
                            else "newest %d.%d patch" % pin.version.minor)
                elif kind in ("jax", "torch", "other"):
                    newer = self.index.newest(pin.package, python, pre=pin.version.is_prerelease)
                    what = "newest"
                else:
                    continue
                if newer is None or newer.version <= pin.version:
                    continue
                if pin.version.is_prerelease and not newer.version.is_prerelease:
                    rc_final = True
                new_text = pin.with_version(newer.version)
                replace_pin(lines, pin.text, new_text, self.stamp(pin.package, newer, what, python),
                            str(pin.version), str(newer.version))
                changed.append(pin)
                reasons.append("%s -> %s" % (pin.text, newer.version))
                self.result.stale.append(StalePin(row.id, pin.text, pin.package, str(pin.version), str(newer.version),
                                                  row.python))
            if not changed:
                continue
            if rc_final:
                set_value(lines, "tags", toml_list([t for t in row.tags if t != "rc"]))
                drop_key(lines, "note", "release candidate")
                reason = "the final release is out: %s (for Python %s)" % (", ".join(reasons), row.python)
            else:
                reason = "newer release with wheels for the row's Python %s: %s" % (row.python, ", ".join(reasons))
            self.add(Proposal("rc-final" if rc_final else "stale-pin", row.id, row.python, reason, lines, replaces=row.id))

    def _main_python(self, minor: tuple, release: Release) -> tuple | None:
        """The Python of a new minor's rows: the Python of its keras3 row already in the table
        (not a python-axis one), else the keras3 line's Python, else the newest Python the table
        uses that it has wheels for."""
        for row in self.tf_rows:
            if tf_pin(row).version.minor == minor and row.flavour == "keras3" and "python-axis" not in row.tags \
                    and row.device == "cpu" and not row.axes.get("also"):
                return py_tuple(row.python)
        # A new minor continues the keras3 line on the line's Python (the one most keras3 rows
        # use), so the line does not change Python where TensorFlow changes version.
        line = [py_tuple(r.python) for r in self.tf_rows if r.flavour == "keras3" and r.device == "cpu"
                and not r.axes.get("also") and release.supports(py_tuple(r.python))]
        if line:
            return max(set(line), key=lambda p: (line.count(p), p))
        usable = [p for p in self.table_pythons if release.supports(p)]
        return max(usable) if usable else None

    def new_minors(self) -> None:
        table_finals = [tf_pin(r).version.minor for r in self.tf_rows if not tf_pin(r).version.is_prerelease]
        newest_in_table = max(table_finals) if table_finals else (0, 0)
        rows_by_minor: dict = {}
        for row in self.tf_rows:
            rows_by_minor.setdefault(tf_pin(row).version.minor, []).append(row)
        minors = sorted({r.version.minor for r in self.tf_releases() if not r.version.is_prerelease})
        for minor in minors:
            release = self.newest_tf(minor)
            if release is None:
                continue
            present = rows_by_minor.get(minor, [])
            has_rc_rows = any(tf_pin(r).version.is_prerelease for r in present)
            python = self._main_python(minor, release)
            if python is None:
                continue
            if minor > newest_in_table and not present:
                lines = self.tf_row(release.version, python, "keras3", ["keras3"],
                                    what="newest %d.%d patch" % minor)
                if lines:
                    self.add(Proposal("new-minor", tf_id(minor, "keras3", python), py_text(python),
                                      "TensorFlow %s is a new minor (the table stops at %d.%d)" % (
                                          release.version, *newest_in_table), lines))
            if minor < KERAS3_FIRST_TF or not (present or minor > newest_in_table):
                continue
            if any(r.flavour == "tf_keras" for r in present):
                continue
            tfk = self.index.newest("tf-keras", python, minor)
            if tfk is None:
                self.result.notes.append("no tf-keras %d.%d on the index yet (with a wheel for Python %s): the "
                                         "tf2.%d tf_keras row is proposed once it appears" % (*minor, py_text(python), minor[1]))
                continue
            lines = self.tf_row(release.version, python, "tf_keras", ["keras2", "tfkeras"])
            if lines:
                self.add(Proposal("new-minor", tf_id(minor, "tf_keras", python), py_text(python),
                                  "TensorFlow %d.%d has no tf_keras row; tf-keras %s is on the index" % (
                                      *minor, tfk.version), lines))

    def newest_tf(self, minor: tuple, python: tuple | None = None, pre: bool = False) -> Release | None:
        best = None
        for release in self.tf_releases():
            if release.version.minor != minor or (release.version.is_prerelease and not pre):
                continue
            if python is not None and not release.supports(python):
                continue
            best = release
        return best

    def release_candidate(self) -> None:
        rc = self.rc
        if rc is None:
            return
        minor = rc.version.minor
        self.result.notes.append("TensorFlow %s is a release candidate: its rows carry the tag \"rc\" and are to be "
                                 "replaced by the final %d.%d.0 when it appears (discover then proposes the "
                                 "replacement, kind rc-final)" % (rc.version, *minor))
        if any(tf_pin(r).version.minor == minor for r in self.tf_rows):
            return   # rows of this minor exist: a newer rc is a stale pin
        python = self._main_python(minor, rc)
        if python is None:
            return
        lines = self.tf_row(rc.version, python, "keras3", ["keras3", "rc"],
                            note="release candidate: replace it with the final %d.%d.0 when it appears" % minor,
                            what="newest %d.%d release candidate" % minor)
        if lines:
            self.add(Proposal("rc", tf_id(minor, "keras3", python), py_text(python),
                              "TensorFlow %s is a release candidate newer than the newest final minor %s; "
                              "replace the row by the final %d.%d.0 when that appears" % (
                                  rc.version, "%d.%d" % self.final.version.minor if self.final else "(none)",
                                  *minor), lines))

    def new_pythons(self) -> None:
        # TensorFlow: every Python the newest final (or a newer rc) has wheels for that no TF row uses
        used = {py_tuple(r.python) for r in self.tf_rows}
        used |= {py_tuple(p.python) for p in self.result.proposals if p.id.startswith("tf") and "nightly" not in p.id}
        candidates = set()
        for release in (self.final, self.rc):
            if release:
                candidates |= set(release.pythons)
        for python in sorted(candidates - used):
            target = self.final if self.final and self.final.supports(python) else self.rc
            pre = target.version.is_prerelease
            minor = target.version.minor
            lines = self.tf_row(target.version, python, "keras3", ["keras3", "python-axis"] + (["rc"] if pre else []),
                                note=("release candidate: replace it with the final %d.%d.0 when it appears" % minor
                                      if pre else ""),
                                what=("newest %d.%d release candidate" % minor if pre else "newest %d.%d patch" % minor))
            if lines:
                self.add(Proposal("new-python", tf_id(minor, "keras3", python), py_text(python),
                                  "no TensorFlow row runs Python %s; TensorFlow %s has cp3%d wheels" % (
                                      py_text(python), target.version, python[1]), lines))
        # tf-nightly, jax, torch: their newest Python, up to the newest Python TensorFlow has wheels for
        self._kind_python("nightly", self.nightly)
        beyond = set()
        for kind, package in (("jax", "jax"), ("torch", "torch")):
            newest = self.index.newest(package)
            self._kind_python(kind, newest)
            if newest:
                beyond |= {p for p in self.index.pythons(newest) if p > self.frontier}
        if beyond:
            self.result.notes.append("jax / torch have wheels for Python %s, TensorFlow not yet (newest: %s): no row "
                                     "proposed there" % (", ".join(py_text(p) for p in sorted(beyond)),
                                                         py_text(self.frontier)))

    def _kind_python(self, kind: str, newest: Release | None) -> None:
        rows = [r for r in self.rows if row_kind(r) == kind and r.device == "cpu"]
        if not rows or newest is None:
            return
        pythons = [p for p in self.index.pythons(newest) if p <= self.frontier]
        if not pythons:
            return
        python = max(pythons)
        if any(self.moved.get(r.id, py_tuple(r.python)) == python for r in rows):
            return
        template = next((r for r in rows if r.flavour == "keras3" and not r.axes.get("also")), rows[0])
        lines = self.template(template)
        new_id = re.sub(r"py\d+\.\d+", "py" + py_text(python), template.id, count=1)
        if new_id == template.id:
            new_id = template.id + "-py" + py_text(python)
        set_value(lines, "id", toml_str(new_id))
        set_value(lines, "python", toml_str(py_text(python)))
        for pin in pins(template):
            best = self.index.newest(pin.package, python, pre=pin.version.is_prerelease)
            if best is None:
                return   # nothing of that package for this Python: no row
            replace_pin(lines, pin.text, pin.with_version(best.version), self.stamp(pin.package, best, "newest", python),
                        str(pin.version), str(best.version))
        what = "tf-nightly %s" % newest.version if kind == "nightly" else "%s %s" % (kind, newest.version)
        self.add(Proposal("new-python", new_id, py_text(python),
                          "no %s row runs Python %s; %s has cp3%d wheels" % (kind, py_text(python), what, python[1]),
                          lines))

    def nightly_pythons(self) -> None:
        if self.nightly is None:
            return
        for row in self.rows:
            if row_kind(row) != "nightly":
                continue
            python = py_tuple(row.python)
            missing = [name for name in ["tf-nightly"] + [parse_requirement(r)[0] for r in row.requires
                                                           if parse_requirement(r) and "nightly" in r]
                       if (lambda rel: rel is None or not rel.supports(python))(self.index.newest(name, pre=True))]
            if not missing:
                continue
            supported = sorted(p for p in self.nightly.pythons if p <= self.frontier)
            if not supported:
                continue
            target = supported[-1]    # the newest: what nightly rows are for
            lines = self.template(row)
            new_id = re.sub(r"py\d+\.\d+", "py" + py_text(target), row.id, count=1)
            if new_id in self.ids:
                self.result.notes.append("%s: the newest %s has no wheel for Python %s any more; the row %s "
                                         "exists, so this one can go" % (row.id, ", ".join(missing), row.python, new_id))
                continue
            set_value(lines, "id", toml_str(new_id))
            set_value(lines, "python", toml_str(py_text(target)))
            self.moved[row.id] = target
            self.add(Proposal("nightly-python", new_id, py_text(target),
                              "the newest %s has no wheel for Python %s any more (tf-nightly %s: %s); moved to %s"
                              % (", ".join(missing), row.python, self.nightly.version, self.nightly.wheels(),
                                 py_text(target)), lines, replaces=row.id))


def tf_id(minor: tuple, flavour: str, python: tuple) -> str:
    return "tf%d.%d-%s-py%s-cpu" % (minor[0], minor[1], {"keras3": "keras3", "tf_keras": "tfkeras"}[flavour],
                                    py_text(python))


def discover(rows: list[EnvRow], text: str, index: Index) -> Result:
    """What the table (rows, and its text for the comments) lacks, according to the index."""
    return _Discovery(rows, text, index).run()


# ---------------------------------------------------------------------------- output ----
def summary(result: Result, matrix: str = "matrix.toml") -> str:
    out = ["%s: %s against %s (checked %s)" % (TOOL, matrix, result.source, result.checked), ""]
    newest = []
    for package in PACKAGES:
        entry = result.newest.get(package) or {}
        parts = ["%s (%s)" % (entry[k]["version"], entry[k]["wheels"]) for k in ("final", "pre") if k in entry]
        newest.append("  %-17s %s" % (package, " / ".join(parts) or "not on the index"))
    out += ["Newest on the index (final / pre-release), Linux x86_64 wheels:"] + newest + [""]
    if not result.proposals:
        out.append("Nothing to propose: the table is current.")
    else:
        replaced = sum(1 for p in result.proposals if p.replaces)
        out.append("%d proposal(s): %d new row(s), %d row(s) to replace:" % (
            len(result.proposals), len(result.proposals) - replaced, replaced))
        width = max(len(p.id) for p in result.proposals)
        for p in result.proposals:
            label = p.id + (" (replaces %s)" % p.replaces if p.replaces and p.replaces != p.id else "")
            out.append("  %-14s %-*s  %s" % (p.kind, width, label, p.reason))
    if result.stale:
        out += ["", "Stale pins:"]
        out += ["  %s: %s -> %s (Python %s)" % (s.row, s.requirement, s.newest, s.python) for s in result.stale]
    if result.notes:
        out += ["", "Notes:"] + ["  - " + n for n in result.notes]
    return "\n".join(out) + "\n"


def tables(result: Result) -> str:
    if not result.proposals:
        return ""
    head = ("Ready to paste into matrix.toml (a table marked \"replaces\" takes the place of the row with that id; "
            "`python -m %s --write` does both):" % TOOL)
    return head + "\n\n```toml\n" + "\n".join(p.toml for p in result.proposals) + "```\n"


def as_json(result: Result, matrix: str = "matrix.toml") -> dict:
    return {"matrix": matrix, "index": result.source, "checked": result.checked, "newest": result.newest,
            "proposals": [{"kind": p.kind, "id": p.id, "python": p.python, "replaces": p.replaces,
                           "reason": p.reason, "toml": p.toml} for p in result.proposals],
            "stale_pins": [s.__dict__ for s in result.stale], "notes": result.notes, "exit": result.exit_code}


def apply(text: str, result: Result) -> str:
    """The table with the proposals in it: replaced rows in place, new rows appended."""
    lines = text.splitlines()
    spans = blocks(text)
    for proposal in sorted((p for p in result.proposals if p.replaces), key=lambda p: -spans.get(p.replaces, (0, 0))[0]):
        if proposal.replaces not in spans:
            raise DiscoverError("cannot find the row %s in the table text to replace it" % proposal.replaces)
        start, end = spans[proposal.replaces]
        lines[start:end] = proposal.lines
    new = [p for p in result.proposals if not p.replaces]
    if new:
        title = " proposed by %s, %s " % (TOOL, result.checked)
        lines += ["", "# " + "-" * max(4, 92 - len(title)) + title + "----"]
        for proposal in new:
            lines += [""] + proposal.toml.rstrip("\n").splitlines()
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------- CLI ----
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m " + TOOL, description=__doc__.splitlines()[0])
    parser.add_argument("--matrix", default="matrix.toml", help="the table (default: matrix.toml)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--index-url", default=None,
                        help="the simple index (default: $PIP_INDEX_URL, else %s)" % DEFAULT_INDEX)
    source.add_argument("--index-snapshot", metavar="DIR", type=Path, default=None,
                        help="read recorded answers (DIR/<package>.json) instead of the network")
    parser.add_argument("--record", metavar="DIR", type=Path, default=None,
                        help="write the index's answers, trimmed, to DIR (for --index-snapshot)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="machine output")
    output.add_argument("--markdown", action="store_true",
                        help="the summary in a text fence, then the tables (a pull request body, a job summary)")
    parser.add_argument("--write", action="store_true", help="apply the proposals to the table file")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per index request (default 60)")
    args = parser.parse_args(argv)
    if args.record and args.index_snapshot:
        parser.error("--record reads the live index: it cannot be used with --index-snapshot")
    try:
        matrix = Path(args.matrix)
        rows = load_matrix(matrix)
        text = matrix.read_text(encoding="utf-8")
        if args.index_snapshot:
            answers, meta = read_snapshot(args.index_snapshot)
            checked = str(meta.get("recorded", ""))[:10] or datetime.date.today().isoformat()
            index = Index(answers, "the snapshot %s (recorded %s from %s)" % (
                args.index_snapshot, checked, meta.get("index_url", "?")), checked)
        else:
            url = args.index_url or default_index_url()
            answers = fetch_all(url, args.timeout)
            now = datetime.datetime.now(datetime.timezone.utc)
            if args.record:
                floors = floors_of(rows)
                answers = {name: trim(name, answer, floors) for name, answer in answers.items()}
                record(args.record, answers, redact(url), now)
            index = Index(answers, redact(url), now.date().isoformat())
        result = discover(rows, text, index)
        if args.write and result.proposals:
            matrix.write_text(apply(text, result), encoding="utf-8")
    except (DiscoverError, MatrixError) as exc:
        print("%s: error: %s" % (TOOL, exc), file=sys.stderr)
        return 2
    if args.json:
        text = json.dumps(as_json(result, args.matrix), indent=1) + "\n"
    else:
        text = summary(result, args.matrix)
        if args.markdown:
            text = "```text\n" + text + "```\n"
        if result.proposals:
            text += "\n" + tables(result)
        if args.write and result.proposals:
            text += "\n%s: wrote the proposals into %s\n" % (TOOL, args.matrix)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:   # `... | head`: the reader left; no traceback at exit either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return result.exit_code


def dump_answer(answer: dict) -> str:
    """An index answer as JSON with one file per line (small, and a diff shows releases)."""
    head = {k: v for k, v in answer.items() if k != "files"}
    files = answer.get("files", [])
    body = ",\n".join("  " + json.dumps(f, sort_keys=True) for f in files)
    return (json.dumps(head, sort_keys=True)[:-1] + (", " if head else "") + '"files": [\n' + body + "\n]}\n")


def record(folder: Path, answers: dict, url: str, now: datetime.datetime) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, answer in answers.items():
            (folder / (name + ".json")).write_text(dump_answer(answer), encoding="utf-8")
        meta = {"index_url": url, "recorded": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "packages": list(PACKAGES),
                "by": "python -m %s --record" % TOOL,
                "trimmed": "Linux x86_64 and pure-Python wheels only; the fields filename, requires-python, yanked; "
                           "releases from the oldest minor matrix.toml pins (other packages: the newest two "
                           "minors; nightlies: the newest %d builds)" % KEEP_NIGHTLIES}
        (folder / "_meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise DiscoverError("cannot write the snapshot to %s: %s" % (folder, exc.strerror or exc)) from None


if __name__ == "__main__":
    sys.exit(main())
