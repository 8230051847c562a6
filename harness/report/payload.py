"""The data island of index.html: everything the page script (page/*.js) shows, as plain JSON.

    outcomes   the outcome table (harness.outcomes.as_data): labels, colours, descriptions
    contract   the record fields and the axes as the page reads them (harness.contract.as_data), with
               the environment picker's values (pickers)
    cells      one per (case, environment): case, env, and each field's key (harness/contract.py: o, et,
               em, last, reason, grads, ..., verdict, why, scope, audit)
    envs       per environment: axes, their short forms (tf_short, keras_version, line: the
               transition line of harness.axes.line_of; label, header, pick, short: by each axis's
               declaration; export: the `casefile export` target), summary, key packages, all packages,
               newest run, timing, the imports of its standalone scripts (imports_from: "row" for
               a matrix row, "keras" (its Keras flavour) for an environment the matrix no longer lists)
    cases      per case: scenario, variant, title, role, claim, scope, sources, the standalone
               script's doc and body, k: a pytest -k expression that selects exactly this case
    ctx        the ctx code every standalone script carries (once)
    runs       the history's runs (id, when); timelines: per cell, [run index, outcome, error type]
    saveload   the saved-in / loaded-in grids (harness/report/saveload.py): readers (per reader
               variant: what cases carry, plus reads: its writer's case id, writers: the writer
               environments), cells (r: reader, w: writer env, e: reader env, o, et, em, reason,
               diff: max abs difference of the predictions, art: artifact sha, verdict, why,
               scope, run, started, tb, out, dur)

pack() is what the page embeds: the same data with every repeated text stored once
(texts; a cell's case, env and its shared fields' keys, contract.shared_keys(), become indexes
into it) and timelines as a list in cell order; page/core.js unpacks it when it loads.
search_data() is what the error search alone reads (search-data.json, for search_eval.py).
"""
from __future__ import annotations


from harness import axes, casefile, claims, contract, export, outcomes

from .analysis import timeline_of
from .model import Column, Grid, present

KEY_PACKAGES = ("tensorflow", "tensorflow-cpu", "tf-nightly", "keras", "tf-keras", "keras-nightly", "numpy",
                "h5py", "protobuf", "ml-dtypes", "jax", "jaxlib", "torch")


def env_info(column: Column) -> dict:
    """What the page says about an environment (no paths, no host name). Every axis is shown
    as its declaration says (harness/axes.py): the label, the header lines, the picker's value."""
    env = column.env or {}
    keras = env.get("keras") or {}
    plat = env.get("platform") or {}
    packages = column.packages()
    via = f" ({keras['module']} via {keras['entry']})" if keras.get("module") else ""
    values = column.actual
    words = []
    for axis in axes.AXES:   # TF first, Keras with its version, Python as env.json says it
        value = values.get(axis.name)
        if axis is axes.TF:
            words.append(f"TF {value}" if value else "no TensorFlow")
        elif axis.name == axes.FLAVOUR.name:
            words.append(f"{value or '?'} {column.keras_version or ''}{via}".strip())
        elif axis.name == axes.PYTHON.name:
            words.append(f"Python {(env.get('python') or {}).get('version') or value or '?'}")
        elif axis.required:   # the others only where the row says them (its header shows them)
            words.append(axis.short(value))
    summary = ", ".join(filter(None, words + [
        " ".join(filter(None, [plat.get("system"), plat.get("machine")])),
        "" if column.has_results else "no results"]))
    timing = column.rowrun.get("timing_json")
    if column.row is not None:
        target, imports_from = export.Target.for_row(column.row), "row"
        export_args = f"--row {column.env_id}"
    else:   # not in the matrix: what `casefile export --flavour F` writes
        flavour = values.get(axes.FLAVOUR.name)
        flavour = flavour if flavour in casefile.FLAVOURS else "tf.keras"
        backend = values.get(axes.BACKEND.name) or axes.BACKEND.default
        target = export.Target.for_flavour(flavour, backend)
        imports_from = "keras"
        export_args = f"--flavour {flavour}" + (f" --backend {backend}" if backend != axes.BACKEND.default else "")
    return {
        "axes": {k: list(v) if isinstance(v, tuple) else v for k, v in column.actual.items()},
        "declared": {k: list(v) if isinstance(v, tuple) else v for k, v in column.declared.items()},
        "tf_short": column.tf_short,
        "keras_version": column.keras_version,
        "line": axes.line_of(column.actual),
        "label": axes.label_of(values, env),
        "header": axes.header_lines(values, env),
        "pick": {a.name: a.pick_value(values.get(a.name)) for a in axes.AXES if a.picker},
        "short": {a.name: a.short(values.get(a.name)) for a in axes.AXES},
        "summary": summary,
        "key": {k: packages[k] for k in KEY_PACKAGES if k in packages},
        "packages": "\n".join(f"{k}=={v}" for k, v in sorted(packages.items())),
        "run": " ".join(filter(None, [column.rowrun.get("run_id") or "no results", env.get("collected_at")])),
        "timing": timing or "",
        "imports": export.imports(target),
        "imports_from": imports_from,
        "export": export_args,
        "in_matrix": column.row is not None,
        "has_results": column.has_results,
        "tags": list(column.tags),
    }


def picker_options(grid: Grid) -> dict:
    """Per picker axis, the values its select offers, in column order (versions sorted), with words."""
    found = {}
    for axis in axes.AXES:
        if not axis.picker:
            continue
        values = []
        for column in grid.columns:
            value = axis.pick_value(column.value(axis.name))
            if value and value not in values:
                values.append(value)
        if isinstance(axis, axes.VersionAxis) and axis is not axes.TF:
            values.sort(key=axes.version_tuple)
        found[axis.name] = [[v, axis.pick_words(v)] for v in values]
    return found


def frequency_of(source) -> int:
    """How many public reports show this scenario's error (source.frequency.reports; 0: not counted)."""
    reports = ((source or {}).get("frequency") or {}).get("reports")
    return reports if isinstance(reports, int) else 0


def topic_of(row) -> str | None:
    """The error the scenario is about, as its sources name it (source.title): the search ranks the
    cases about a pasted error before those that only also raise it."""
    return (row.source or {}).get("title") or None


def claimed_error(row) -> dict | None:
    """The error this variant's source claims (claim.expect's type and message pattern: a Python
    regular expression), or None."""
    expect = (row.claim or {}).get("expect") or {}
    if not expect.get("error_type"):
        return None
    return {"type": expect["error_type"], **({"pattern": expect["message"]} if expect.get("message") else {})}


def search_info(row) -> dict:
    """What the error search reads of a case (the page's case info and search-data.json alike)."""
    return {"scenario": row.scenario, "variant": row.variant, "title": row.title, "role": row.role,
            "claim": (row.claim or {}).get("text"), "freq": frequency_of(row.source), "topic": topic_of(row),
            "claimed": claimed_error(row)}


def case_info(row, variants: dict) -> dict:
    claim = row.claim or {}
    info = dict(search_info(row), group=row.group, versions=claim.get("versions"), scope=claim.get("scope"),
                source=row.source,
                file="cases/%s.py" % row.scenario if row.kind != "script" else row.source.get("path"))
    variant = variants.get(row.case_id)
    if variant is not None:
        try:
            info["doc"], info["body"] = export.doc(variant), export.body(variant)
        except (OSError, SyntaxError, ValueError) as exc:   # a case file changed under us: no code shown
            info["code_error"] = str(exc)
    return info




def saveload_data(grid: Grid) -> dict:
    """The saved-in / loaded-in grids as the page reads them (see the module docstring)."""
    sl = grid.saveload
    if sl is None or not sl.grids:
        return {"readers": {}, "cells": []}
    readers, cells = {}, []
    for rg in sl.grids:
        variant = None
        if rg.reader.path:
            try:
                variant = casefile.load_scenario(rg.reader.path).variant(rg.reader.variant)
            except (casefile.CaseFileError, KeyError):
                variant = None
        info = case_info(rg.reader, {rg.case_id: variant} if variant is not None else {})
        info.update(reads=rg.writer_case, writers=rg.writers, counts=rg.counts())
        readers[rg.case_id] = info
        for (writer, env_id), cell in rg.cells.items():
            out = {"r": rg.case_id, "w": writer, "e": env_id}
            for name, short in contract.keys(contract.SAVELOAD).items():
                value = present(cell.get(name))
                if value in (None, "", {}, []) or (name == "verdict" and value == claims.NO_CLAIM):
                    continue
                out[short] = value
            cells.append(out)
    return {"readers": readers, "cells": cells}


def build(grid: Grid, meta: dict) -> dict:
    cells = []
    short = contract.keys(contract.CELL)     # field -> its key in the page's cells
    frame = grid.cells[list(short)]
    for (case_id, env_id), values in zip(frame.index, frame.itertuples(index=False, name=None)):
        cell = {"case": case_id, "env": env_id}
        for name, value in zip(short, values):
            value = present(value)
            if value in (None, "", {}, []) or (name == "verdict" and value == claims.NO_CLAIM):
                continue
            cell[short[name]] = value
        cells.append(cell)
    variants = {}
    for row in grid.rows:
        if row.path:
            try:
                variants[row.case_id] = casefile.load_scenario(row.path).variant(row.variant)
            except (casefile.CaseFileError, KeyError):
                pass
    runs = list(grid.runs["run_id"]) if len(grid.runs) else []
    index = {r: i for i, r in enumerate(runs)}
    timelines = {}
    for (case_id, env_id), points in timeline_of(grid).items():
        timelines[case_id + "|" + env_id] = [[index.get(r, -1), o, t] for r, o, t in points]
    return {
        "meta": meta,
        "outcomes": outcomes.as_data(),
        "contract": dict(contract.as_data(), pickers=picker_options(grid)),
        "cells": cells,
        "envs": {c.env_id: env_info(c) for c in grid.columns},
        "cases": {r.case_id: case_info(r, variants) for r in grid.rows},
        "ctx": export.CTX_BLOCK + export.context_source(),
        "runs": [{"id": r, "started": present(s)} for r, s in zip(runs, grid.runs["started_at"])] if runs else [],
        "timelines": timelines,
        "saveload": saveload_data(grid),
    }




def pack(data: dict) -> dict:
    """build()'s data with repeated texts stored once (see the module docstring): the
    tracebacks, messages and ids repeated over thousands of cells are most of the page."""
    texts: list[str] = []
    index: dict[str, int] = {}

    def ref(value):
        if not isinstance(value, str):
            return value
        if value not in index:
            index[value] = len(texts)
            texts.append(value)
        return index[value]

    packed, sl_packed = contract.shared_keys(), contract.saveload_shared_keys()
    cells = [{k: ref(v) if k in packed else v for k, v in cell.items()} for cell in data["cells"]]
    timelines = [data["timelines"].get("%s|%s" % (c["case"], c["env"])) for c in data["cells"]]
    sl = data.get("saveload") or {"readers": {}, "cells": []}
    sl = dict(sl, cells=[{k: ref(v) if k in sl_packed else v for k, v in c.items()} for c in sl["cells"]])
    return dict(data, cells=cells, texts=texts, timelines=timelines, saveload=sl)




# What the search needs (page/reader.js, normalise.js, search_rank.js), for the search
# evaluation where no full report is at hand (CI): the cells that hold an error, as build()
# gives them, with the texts stored once.
SEARCH_CASE_KEYS = ("scenario", "variant", "role", "title", "freq", "claim", "topic", "claimed")
def _search_shared() -> tuple[str, ...]:
    """The search's keys whose texts are stored once in search-data.json."""
    return tuple(k for k in contract.shared_keys() if k in contract.keys(contract.SEARCH).values())


def search_data(grid: Grid, meta: dict) -> dict:
    columns = contract.keys(contract.SEARCH)
    frame = grid.cells[list(columns)]
    texts: list[str] = []
    index: dict[str, int] = {}

    def ref(value):
        if value not in index:
            index[value] = len(texts)
            texts.append(value)
        return index[value]

    cells = []
    for (case_id, env_id), values in zip(frame.index, frame.itertuples(index=False, name=None)):
        cell = {"case": case_id, "env": env_id}
        for name, value in zip(columns, values):
            value = present(value)
            if value not in (None, "", {}, []):
                cell[columns[name]] = value
        if cell.get("et") or cell.get("em"):
            cell["case"], cell["env"] = ref(case_id), ref(env_id)
            for key in _search_shared():
                if key in cell:
                    cell[key] = ref(cell[key])
            cells.append(cell)
    cases = {}
    for row in grid.rows:
        info = search_info(row)
        cases[row.case_id] = {k: info[k] for k in SEARCH_CASE_KEYS if info[k] is not None}
    return {"format": "kmatrix-search-data/1", "meta": {k: meta.get(k) for k in ("title", "generated_at", "commit")},
            "envs": {c.env_id: {} for c in grid.columns}, "cases": cases, "cells": cells, "texts": texts}


def unpack_search_data(data: dict) -> dict:
    """search_data() with its texts back in place (what the page's search reads)."""
    texts = data.get("texts") or []
    shared = contract.CELL_KEYS + _search_shared()
    cells = [{k: texts[v] if k in shared and isinstance(v, int) else v for k, v in c.items()}
             for c in data["cells"]]
    return dict(data, cells=cells, texts=[])
