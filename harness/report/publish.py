"""Build every output of one results set into one folder (atomically, file by file)."""
from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from harness.history import ingest
from harness.history.layout import ResultsSet
from harness.history.query import History

from . import analysis, model, regress, render_files, saveload
from .text import relative_path


class NoResults(Exception):
    """The results set holds no run at all: nothing to report."""


@dataclass
class Built:
    grid: model.Grid
    changes: list[regress.Change] | None
    out: Path
    problems: list[str]


def _runner_os(grid: model.Grid) -> str:
    """Where the cases ran, host-name free: 'Linux x86_64 (6.1.0)' per distinct platform."""
    seen = []
    for column in grid.columns:
        plat = (column.env or {}).get("platform") or {}
        text = " ".join(filter(None, [plat.get("system"), plat.get("machine")]))
        if plat.get("release"):
            text += f" ({plat['release']})"
        if text and text not in seen:
            seen.append(text)
    return "; ".join(seen)


def build(results: str | Path, out: str | Path, matrix_rows=(), library=(), baseline: dict | None = None,
          baseline_name: str | None = None, title: str | None = None, commit: str | None = None,
          require_results: bool = True) -> Built:
    results_set = ResultsSet(results)
    problems = ingest.sync(results_set)          # runs interrupted before they were kept
    if require_results and not results_set.has_history():
        raise NoResults(f"{results}: no run in its history (run the matrix first, e.g. `nox -s <row id>`)")
    history = History(results_set)
    try:
        grid = model.build(history, matrix_rows, list(library))
        grid.saveload = saveload.build(grid)
        grid.changes = analysis.cell_changes(history, grid.nightly_env_ids())   # with the packages of both runs
        problems += history.problems
    finally:
        history.close()
    grid.problems[:0] = problems + [p for p in grid.rowruns.get("problems", []) if isinstance(p, str)]
    meta = {
        "title": title or "Keras compatibility matrix",
        "generated_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or os.environ.get("GITHUB_SHA") or None,
        "runner_os": _runner_os(grid),
        "results": relative_path(str(results)),
        "baseline": baseline_name,
        "runs": len(grid.runs),
    }
    found = analysis.findings(grid, meta, baseline)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    texts = {name: render(found) for name, render in render_files.OUTPUTS.items()}   # all, before any is written
    for name, text in texts.items():
        temp = out / f".{name}.tmp"
        temp.write_text(text, encoding="utf-8")
        temp.replace(out / name)
    return Built(grid, found.changes, out, grid.problems)


def adhoc_sets(root: Path) -> list[Path]:
    """results/adhoc/<name>/ sets (each with its own history)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and ((p / "runs").is_dir() or (p / "history").is_dir()))
