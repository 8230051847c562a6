"""The table's columns: one per environment row, in a meaningful order.

Columns come from the results (what ran; versions read from env.json, never
from the table) and from matrix.toml (rows that should exist: a row with no
results folder still gets its column, "not run: no results"). Order: real
TensorFlow version ('nightly' builds last, no TensorFlow after that), then
Keras flavour, Python version, device.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from harness import casefile

from .load import EnvRun

FLAVOUR_ORDER = {name: i for i, name in enumerate(("keras-standalone",) + tuple(
    f for f in casefile.FLAVOURS if f != "keras-standalone"))}
_DEVICE_ORDER = {"cpu": 0, "gpu": 1, "cuda": 1}
_NUMBERS = re.compile(r"\d+")


@dataclass
class Column:
    env_id: str
    tensorflow: str | None = None     # real version ("2.15.1", "2.21.0-dev20250301") or the matrix's spec
    flavour: str | None = None        # tf.keras | tf_keras | keras3 | keras-standalone
    keras: str | None = None          # Keras version
    backend: str | None = None        # Keras backend (tensorflow | jax | torch)
    python: str | None = None
    device: str | None = None         # cpu | gpu (what the runtime saw) or the requested device
    tags: list[str] = field(default_factory=list)
    has_results: bool = False
    run: EnvRun | None = None

    @property
    def nightly(self) -> bool:
        tf = (self.tensorflow or "").lower()
        return "nightly" in tf or "dev" in tf

    @property
    def tf_label(self) -> str:
        if not self.tensorflow:
            return "no TF"
        return "nightly" if self.nightly and not _NUMBERS.search(self.tensorflow) else self.tensorflow

    @property
    def tf_short(self) -> str:
        """'TF 2.15' (major.minor), 'TF nightly', 'no TF': how sentences name it."""
        if not self.tensorflow:
            return "no TF"
        return "TF nightly" if self.nightly else f"TF {short_version(self.tensorflow)}"

    def sort_key(self):
        """Pinned TF by major.minor, then rows without TF, then nightlies (as matrix.toml
        orders them); then flavour, Python, device; the patch release last."""
        full = version_tuple(self.tensorflow or "")
        if self.nightly:
            group = 2
        elif not self.tensorflow:
            group = 1
        else:
            group = 0
        return (group, full[:2], FLAVOUR_ORDER.get(self.flavour or "", 99), version_tuple(self.python or ""),
                _DEVICE_ORDER.get(self.device or "", 9), full, self.env_id)

    def short(self) -> str:
        """A compact label for sentences: 'TF 2.16 keras3 py3.11'."""
        tf = f"TF {self.tf_label}" if self.tensorflow else "no TF"
        return f"{tf} {self.flavour or '?'} py{short_version(self.python)}".strip()


def version_tuple(text: str) -> tuple[int, ...]:
    """'2.15.1' -> (2, 15, 1); '==2.16.*' -> (2, 16); dev suffixes ignored."""
    text = str(text or "").split("-dev")[0].split(".dev")[0].split("rc")[0]
    return tuple(int(n) for n in _NUMBERS.findall(text)[:3])


def short_version(text: str | None) -> str:
    return ".".join(str(n) for n in version_tuple(text or "")[:2]) or "?"


def from_run(run: EnvRun) -> Column:
    env = run.env or {}
    tf = env.get("tensorflow") or {}
    keras = env.get("keras") or {}
    device = (env.get("device") or {}).get("kind") or env.get("requested_device")
    return Column(env_id=run.env_id, tensorflow=tf.get("version"), flavour=keras.get("flavour"),
                  keras=keras.get("version"), backend=keras.get("backend"),
                  python=(env.get("python") or {}).get("version"),
                  device=device, has_results=True, run=run)


def _guess_flavour(row: dict) -> str | None:
    """Flavour of a matrix row that has not run (no env.json to read it from)."""
    tags = {str(t).lower() for t in row.get("tags", [])}
    requires = " ".join(str(r) for r in row.get("requires", [])).lower().replace("_", "-")
    env = row.get("env") or {}
    if str(env.get("TF_USE_LEGACY_KERAS", "")) in ("1", "true") or "tf-keras" in requires:
        return "tf_keras"
    if "keras3" in tags or re.search(r"\bkeras(==|~=|>=)3", requires):
        return "keras3"
    if "keras-standalone" in tags or "standalone" in row.get("id", ""):
        return "keras-standalone"
    return "tf.keras" if row.get("tensorflow") else None


def from_matrix_row(row: dict) -> Column:
    device = str(row.get("device") or "cpu").lower()
    tensorflow = str(row.get("tensorflow") or "")
    if "nightly" in tensorflow or "nightly" in row.get("tags", ()):
        tensorflow = "nightly"
    else:   # a requirement ("tensorflow-cpu==2.15.1") or a bare version
        match = re.search(r"\d+(\.\d+)+", tensorflow)
        tensorflow = match.group(0) if match else None
    keras = re.search(r"\bkeras\s*(?:==|~=)\s*([\d.]+)", " ".join(map(str, row.get("requires", []))))
    return Column(env_id=row["id"], tensorflow=tensorflow, flavour=_guess_flavour(row),
                  keras=keras.group(1) if keras else None,
                  python=str(row["python"]) if row.get("python") else None,
                  device="gpu" if device in ("cuda", "gpu") else device, tags=list(row.get("tags", [])))


def read_matrix(path: Path) -> list[dict]:
    """Rows of matrix.toml as plain dicts (id, python, tensorflow, keras, device, tags...).

    Uses harness.matrix.table.load_matrix where that module exists, so the
    report reads the table exactly as the environment builder does.
    """
    try:
        from harness.matrix.table import load_matrix
    except ImportError:
        load_matrix = None
    if load_matrix is not None:
        rows = []
        for row in load_matrix(path):
            data = dict(vars(row)) if hasattr(row, "__dict__") else {}
            for name in ("id", "python", "tensorflow", "keras", "device", "tags", "requires", "env"):
                if hasattr(row, name):
                    data[name] = getattr(row, name)
            if isinstance(data.get("env"), tuple):
                data["env"] = dict(data["env"])   # stored as pairs to stay hashable
            rows.append(data)
        return rows
    with open(path, "rb") as handle:
        table = tomllib.load(handle)
    return [dict(row) for row in table.get("env", [])]


def from_env_id(env_id: str) -> Column:
    """Last resort for a folder with neither env.json nor a matrix row: read the id
    ('tf2.15-keras2-py3.11-cpu'); matrix ids follow that pattern."""
    tf = re.search(r"tf-?(\d+\.\d+(?:\.\d+)?)", env_id)
    py = re.search(r"py(\d+\.\d+)", env_id)
    return Column(env_id=env_id, tensorflow="nightly" if "nightly" in env_id else (tf.group(1) if tf else None),
                  flavour=_guess_flavour({"id": env_id, "tensorflow": bool(tf)}),
                  python=py.group(1) if py else None,
                  device="gpu" if re.search(r"gpu|cuda", env_id) else "cpu")


def columns_for(envs: dict[str, EnvRun], matrix_rows: list[dict]) -> list[Column]:
    """Every column (results and matrix rows), sorted."""
    by_id = {row["id"]: row for row in matrix_rows}
    columns = []
    for env_id, run in envs.items():
        column = from_run(run)
        row = by_id.get(env_id)
        planned = from_matrix_row(row) if row is not None else from_env_id(env_id)
        column.tags = planned.tags
        # env.json is the truth; the table only fills what a failed run could not report.
        for name in ("tensorflow", "flavour", "keras", "python", "device"):
            if getattr(column, name) is None:
                setattr(column, name, getattr(planned, name))
        columns.append(column)
    columns.extend(from_matrix_row(row) for env_id, row in by_id.items() if env_id not in envs)
    return sorted(columns, key=Column.sort_key)
