"""matrix.toml -> validated, sorted EnvRow objects.

The table is the single source of truth: noxfile.py makes one session per row,
harness.matrix.gha one CI job per row, the report one column per row. Each row
declares its value on every environment axis (harness/axes.py: TensorFlow,
Keras flavour, backend, Python, device, what else is installed); the order of
rows is the axes' order.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from harness import axes

ENTRIES = ("tf.keras", "keras")  # what user code writes; becomes KMATRIX_KERAS
REQUIRED = ("id", "keras") + tuple(a.field for a in axes.AXES if a.required)
KNOWN = tuple(dict.fromkeys(REQUIRED + axes.FIELDS + ("requires", "env", "tags", "note")))
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # a nox session name and a folder name


class MatrixError(ValueError):
    """The matrix table is malformed; the message names the file and the row."""


@dataclass(frozen=True)
class EnvRow:
    """One environment row of the matrix."""
    id: str
    python: str
    tensorflow: str          # requirement, "" when the row has no TensorFlow
    keras: str               # entry point: "tf.keras" | "keras"
    requires: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()   # a tuple of pairs so the row stays hashable
    device: str = "cpu"
    tags: tuple[str, ...] = ()
    note: str = ""
    axis_items: tuple = field(default=(), compare=False)   # ((axis name, declared value), ...)

    @property
    def axes(self) -> dict:
        """{axis name: declared value} (harness/axes.py)."""
        return dict(self.axis_items)

    @property
    def flavour(self) -> str:
        return self.axes["flavour"]

    @property
    def requirements(self) -> list[str]:
        """Everything `uv pip install` gets for this row (pytest is added by the build)."""
        return ([self.tensorflow] if self.tensorflow else []) + list(self.requires)

    @property
    def env_vars(self) -> dict[str, str]:
        return dict(self.env)

    @property
    def tf_version(self) -> tuple[int, ...] | None:
        """The pinned TensorFlow version; None for no TF or a nightly."""
        value = self.axes["tf"]
        return None if value in (None, "nightly") else axes.version_tuple(value)

    @property
    def is_nightly(self) -> bool:
        return self.axes["tf"] == "nightly" or "nightly" in self.tags

    @property
    def sort_key(self) -> tuple:
        return axes.sort_key(self.axes, self.id)


def _fail(source: str, index: int, row_id: object, message: str) -> MatrixError:
    name = "row %d" % index if not row_id else "row %d (%s)" % (index, row_id)
    return MatrixError("%s %s: %s" % (source, name, message))


def _str_list(value: object, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("%s must be a list of non-empty strings" % what)
    return tuple(v.strip() for v in value)


def parse_row(index: int, data: dict, source: str = "matrix.toml") -> EnvRow:
    row_id = data.get("id") if isinstance(data, dict) else None
    try:
        return _parse_row(data)
    except ValueError as exc:
        raise _fail(source, index, row_id if isinstance(row_id, str) else None, str(exc)) from None


def _parse_row(data) -> EnvRow:
    if not isinstance(data, dict):
        raise ValueError("must be a table")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise ValueError("missing field(s): %s" % ", ".join(missing))
    unknown = sorted(set(data) - set(KNOWN))
    if unknown:
        raise ValueError("unknown field(s): %s (known: %s)" % (", ".join(unknown), ", ".join(KNOWN)))
    for key in ("id", "keras", "python", "tensorflow", "device", "note"):
        if key in data and not isinstance(data[key], str):
            raise ValueError("%s must be a string" % key)
    if not ID_RE.fullmatch(data["id"]):
        raise ValueError("bad id %r: use letters, digits, '.', '_' and '-' only" % data["id"])
    if data["keras"] not in ENTRIES:
        raise ValueError("keras must be one of %s, not %r" % (", ".join(ENTRIES), data["keras"]))
    if not data["tensorflow"].strip() and data["keras"] == "tf.keras":
        raise ValueError("keras = \"tf.keras\" needs a tensorflow requirement")
    declared = axes.from_row(data, data["id"])
    env = data.get("env", {})
    if not isinstance(env, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in env.items()):
        raise ValueError("env must be a table of strings")
    tags = _str_list(data.get("tags", []), "tags")
    if declared["device"] == "cuda" and "cuda" not in tags:
        raise ValueError("a cuda row must carry the tag \"cuda\"")
    return EnvRow(id=data["id"], python=declared["python"], tensorflow=data["tensorflow"].strip(),
                  keras=data["keras"], requires=_str_list(data.get("requires", []), "requires"),
                  env=tuple(sorted(env.items())), device=declared["device"], tags=tags,
                  note=data.get("note", ""), axis_items=tuple(sorted(declared.items())))


def parse_matrix(text: str, source: str = "matrix.toml") -> list[EnvRow]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MatrixError("%s is not valid TOML: %s" % (source, exc)) from None
    tables = document.get("env")
    if not isinstance(tables, list) or not tables:
        raise MatrixError("%s has no [[env]] rows" % source)
    rows, seen = [], {}
    for index, data in enumerate(tables, 1):
        row = parse_row(index, data, source)
        if row.id in seen:
            raise _fail(source, index, row.id, "duplicate id (first used by row %d)" % seen[row.id])
        seen[row.id] = index
        rows.append(row)
    return sorted(rows, key=lambda r: r.sort_key)


def load_matrix(path: str | Path = "matrix.toml") -> list[EnvRow]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MatrixError("cannot read the matrix table %s: %s" % (path, exc.strerror or exc)) from None
    except UnicodeDecodeError as exc:
        raise MatrixError("%s is not UTF-8 text: %s" % (path, exc)) from None
    return parse_matrix(text, str(path.name if path.parent == Path(".") else path))


def by_id(rows: list[EnvRow]) -> dict[str, EnvRow]:
    return {row.id: row for row in rows}
