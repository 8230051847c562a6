"""Build every output of one result set into one folder."""
from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

from . import analysis, regress, render_files, render_html, table as table_mod
from .load import load, relative_path

@dataclass
class Built:
    table: table_mod.Table
    changes: list[regress.Change] | None
    out: Path


def _runner_os(table: table_mod.Table) -> str:
    """Where the cases ran, host-name free: 'Linux x86_64 (6.1.0)' per distinct platform."""
    seen = []
    for column in table.columns:
        plat = ((column.run.env if column.run else None) or {}).get("platform") or {}
        text = " ".join(filter(None, [plat.get("system"), plat.get("machine")]))
        if plat.get("release"):
            text += f" ({plat['release']})"
        if text and text not in seen:
            seen.append(text)
    return "; ".join(seen)


def build(results, out, matrix_rows=(), library_rows=(), baseline: dict | None = None,
          baseline_name: str | None = None, title: str | None = None, commit: str | None = None) -> Built:
    loaded = load(results)
    table = table_mod.build(loaded, list(matrix_rows), list(library_rows))
    meta = {
        "title": title or "Keras compatibility matrix",
        "generated_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or os.environ.get("GITHUB_SHA") or None,
        "runner_os": _runner_os(table),
        "results": ", ".join(relative_path(str(r)) for r in results),
        "baseline": baseline_name,
    }
    verdicts = analysis.claim_verdicts(table)
    histories = analysis.transitions(table)
    counts = analysis.env_summary(table)
    current = regress.table_json(table, meta)
    changes = regress.compare(baseline, current) if baseline is not None else None

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "index.html": render_html.render(table, verdicts, histories, counts, changes, meta),
        "heatmap.svg": render_files.heatmap_svg(table),
        "table.csv": render_files.table_csv(table),
        "table.json": json.dumps(current, indent=1, sort_keys=True) + "\n",
        "summary.md": render_files.summary_md(table, counts, verdicts, histories, changes, meta),
    }
    for name, text in files.items():
        temp = out / f".{name}.tmp"
        temp.write_text(text, encoding="utf-8")
        temp.replace(out / name)
    return Built(table, changes, out)


def adhoc_sets(root: Path) -> list[Path]:
    """results/adhoc/<name>/ folders (each holds <env-id>/ folders)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir())
