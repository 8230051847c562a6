"""matrix.toml -> validated, sorted Row objects.

The table is the single source of truth: noxfile.py makes one session per row,
harness.matrix.gha one CI job per row, and the report one column per row.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEVICES = ("cpu", "cuda")
ENTRIES = ("tf.keras", "keras")  # what user code writes; becomes KMATRIX_KERAS
REQUIRED = ("id", "python", "tensorflow", "keras", "device")
KNOWN = REQUIRED + ("requires", "env", "tags", "note")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # a nox session name and a folder name
PYTHON_RE = re.compile(r"^3\.\d+$")
_VERSION_RE = re.compile(r"==\s*(\d+(?:\.\d+)*)")
_FLAVOUR_ORDER = {"tf.keras": 0, "keras": 1}


class MatrixError(ValueError):
    """matrix.toml is malformed; the message names the row."""


@dataclass(frozen=True)
class Row:
    id: str
    python: str
    tensorflow: str          # requirement, "" when the row has no TensorFlow
    keras: str               # "tf.keras" | "keras"
    requires: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()   # a tuple of pairs so the row stays hashable
    device: str = "cpu"
    tags: tuple[str, ...] = ()
    note: str = ""

    @property
    def requirements(self) -> list[str]:
        """Everything `uv pip install` gets for this row (pytest is added by the build)."""
        return ([self.tensorflow] if self.tensorflow else []) + list(self.requires)

    @property
    def env_vars(self) -> dict[str, str]:
        return dict(self.env)

    @property
    def tf_version(self) -> tuple[int, ...] | None:
        """The pinned TensorFlow version; None for no TF or an unpinned (nightly) one."""
        match = _VERSION_RE.search(self.tensorflow)
        return tuple(int(p) for p in match.group(1).split(".")) if match else None

    @property
    def is_nightly(self) -> bool:
        return "nightly" in self.tags

    @property
    def python_tuple(self) -> tuple[int, ...]:
        return tuple(int(p) for p in self.python.split("."))

    @property
    def sort_key(self) -> tuple:
        """TF version (pinned TF first, then no-TF rows, then nightlies), then Keras
        flavour, then Python, then device."""
        if self.is_nightly:
            group, version = 2, ()
        elif self.tf_version is None:
            group, version = 1, ()
        else:
            group, version = 0, self.tf_version
        flavour = (_FLAVOUR_ORDER.get(self.keras, 9), "tfkeras" in self.tags, self.id)
        return (group, version, flavour[0], flavour[1], self.python_tuple, DEVICES.index(self.device), self.id)


def _fail(index: int, row_id: object, message: str) -> MatrixError:
    name = "row %d" % index if not row_id else "row %d (%s)" % (index, row_id)
    return MatrixError("matrix.toml %s: %s" % (name, message))


def _str_list(value: object, what: str, index: int, row_id: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(index, row_id, "%s must be a list of non-empty strings" % what)
    return tuple(v.strip() for v in value)


def parse_row(index: int, data: dict) -> Row:
    row_id = data.get("id")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise _fail(index, row_id, "missing field(s): %s" % ", ".join(missing))
    unknown = sorted(set(data) - set(KNOWN))
    if unknown:
        raise _fail(index, row_id, "unknown field(s): %s (known: %s)" % (", ".join(unknown), ", ".join(KNOWN)))
    for key in REQUIRED + ("note",):
        if key in data and not isinstance(data[key], str):
            raise _fail(index, row_id, "%s must be a string" % key)
    if not ID_RE.match(row_id):
        raise _fail(index, row_id, "bad id %r: use letters, digits, '.', '_' and '-' only" % row_id)
    if not PYTHON_RE.match(data["python"]):
        raise _fail(index, row_id, "python must look like \"3.11\", not %r" % data["python"])
    if data["device"] not in DEVICES:
        raise _fail(index, row_id, "unknown device %r (known: %s)" % (data["device"], ", ".join(DEVICES)))
    if data["keras"] not in ENTRIES:
        raise _fail(index, row_id, "keras must be one of %s, not %r" % (", ".join(ENTRIES), data["keras"]))
    if not data["tensorflow"] and data["keras"] == "tf.keras":
        raise _fail(index, row_id, "keras = \"tf.keras\" needs a tensorflow requirement")
    env = data.get("env", {})
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        raise _fail(index, row_id, "env must be a table of strings")
    tags = _str_list(data.get("tags", []), "tags", index, row_id)
    if data["device"] == "cuda" and "cuda" not in tags:
        raise _fail(index, row_id, "a cuda row must carry the tag \"cuda\"")
    return Row(id=row_id, python=data["python"], tensorflow=data["tensorflow"].strip(), keras=data["keras"],
               requires=_str_list(data.get("requires", []), "requires", index, row_id),
               env=tuple(sorted(env.items())), device=data["device"], tags=tags,
               note=data.get("note", ""))


def parse_matrix(text: str) -> list[Row]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MatrixError("matrix.toml is not valid TOML: %s" % exc) from None
    tables = document.get("env")
    if not isinstance(tables, list) or not tables:
        raise MatrixError("matrix.toml has no [[env]] rows")
    rows, seen = [], {}
    for index, data in enumerate(tables, 1):
        row = parse_row(index, data)
        if row.id in seen:
            raise _fail(index, row.id, "duplicate id (first used by row %d)" % seen[row.id])
        seen[row.id] = index
        rows.append(row)
    return sorted(rows, key=lambda r: r.sort_key)


def load_matrix(path: str | Path = "matrix.toml") -> list[Row]:
    return parse_matrix(Path(path).read_text(encoding="utf-8"))


def by_id(rows: list[Row]) -> dict[str, Row]:
    return {row.id: row for row in rows}
