"""A small saved-in / loaded-in history for the report's tests (tests/test_saveload_report.py,
tests/test_report_browser.py): three real matrix rows, one writer, one reader with a claim
scoped by the writer, an ordinary case, and a reader since removed from the library."""
from __future__ import annotations

from pathlib import Path

from harness import outcomes
from harness.matrix.table import load_matrix
from harness.report import model, publish

from . import synthetic

ROOT = Path(__file__).resolve().parents[2]
RUN = "20260101T000000Z-aaaaaa"
ENVS = (("tf2.15-keras2-py3.11-cpu", "2.15.1", "tf.keras", "2.15.0", "3.11.9"),
        ("tf2.16-keras3-py3.12-cpu", "2.16.2", "keras3", "3.5.0", "3.12.8"),
        ("tf2.21-keras3-py3.12-cpu", "2.21.0", "keras3", "3.13.0", "3.12.8"))
K2, K316, K321 = (e[0] for e in ENVS)
SHA = {env: ("%x" % (i + 10)) * 64 for i, (env, *_) in enumerate(ENVS)}

CASE = '''
import os

CASE = {"title": "a model file across environments",
        "source": {"kind": "known", "refs": ["https://example.org/1"]},
        "variants": {
            "w": {"role": "writer", "title": "save it"},
            "r": {"role": "reader", "reads": "w", "effects": ["same_predictions"], "title": "load it",
                  "claim": {"text": "Keras 3 loads what tf.keras saved",
                            "scope": {"flavour": "keras3", "writer": {"flavour": "tf.keras"}},
                            "expect": {"outcome": "ok"}}},
            "other": {"role": "fix", "title": "an ordinary case"},
        }}


def w(ctx):
    ctx.keep_predictions([1.0])


def r(ctx):
    ctx.compare_predictions([1.0])


def other(ctx):
    pass
'''
SOURCE = {"kind": "known", "refs": ["https://example.org/1"]}


def _reader(env, writer, outcome, **fields):
    base = dict(artifact=SHA[writer], writer_env=writer, writer_case="saveload_demo::w", role="reader",
                source=SOURCE, title="load it", observed={"max_abs_diff": 0.0}, effects={"same_predictions": "yes"})
    if outcome == outcomes.ERROR:
        base.update(error_type="TypeError", error_message="Could not deserialize class 'Functional'",
                    observed={}, effects={})
    if outcome == outcomes.SILENT_FAILURE:
        base.update(observed={"max_abs_diff": 1.74}, effects={"same_predictions": "no"},
                    reason="same_predictions did not happen")
    base.update(fields)
    return synthetic.case_record(env, RUN, "saveload_demo::r@%s" % writer, outcome, **base)


def build(root: Path) -> dict:
    """The history under root/results, the case under root/cases, the report in root/reports."""
    (root / "cases").mkdir()
    (root / "cases" / "saveload_demo.py").write_text(CASE)
    plan = {   # reader env -> writer env -> outcome (K316's writer failed: nothing to read from it)
        K2: {K2: outcomes.OK, K321: outcomes.ERROR},
        K316: {K2: outcomes.SILENT_FAILURE, K321: outcomes.OK},
        K321: {K2: outcomes.OK},
    }
    for env_id, tf, flavour, keras, python in ENVS:
        writer = synthetic.case_record(env_id, RUN, "saveload_demo::w",
                                       outcomes.ERROR if env_id == K316 else outcomes.OK, role="writer",
                                       source=SOURCE, **({} if env_id == K316 else
                                                         {"artifact": SHA[env_id], "artifact_bytes": 1234}))
        other = synthetic.case_record(env_id, RUN, "saveload_demo::other", outcomes.OK, role="fix", source=SOURCE)
        readers = [_reader(env_id, w, o) for w, o in plan[env_id].items()]
        readers.append(synthetic.case_record(env_id, RUN, "saveload_gone::r@%s" % K2, outcomes.OK,
                                             artifact=SHA[K2], writer_env=K2, source=SOURCE))
        synthetic.write_run(root / "results", RUN, env_id, synthetic.env_json(env_id, tf, flavour, keras, python),
                            [writer, other] + readers)
    rows = [r for r in load_matrix(ROOT / "matrix.toml") if r.id in {e[0] for e in ENVS}]
    out = publish.build(root / "results", root / "reports", rows, model.library_rows(root / "cases"))
    return {"built": out, "reports": root / "reports", "root": root, "rows": rows}


