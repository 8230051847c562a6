"""Synthetic but schema-true results sets, for the report's tests and benchmarks.

Records are made with harness.records.make_record (the runner's own
constructor), so they have exactly the fields and types a real run writes, and
they reach the history the way real ones do: a raw run folder, ingested by
harness.history.ingest. Nothing here is ever read by a real build: it only writes
where it is told (a test's tmp_path, a benchmark's temporary folder).
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from harness import outcomes, records
from harness.history import ingest
from harness.history.layout import ResultsSet

TRACEBACK = ('Traceback (most recent call last):\n  File "/venv/lib/python3.11/site-packages/keras/src/'
             'engine/base_layer.py", line 1050, in __call__\n    outputs = call_fn(inputs, *args, **kwargs)\n'
             '  File "cases/seed000_vgg_perceptual_loss.py", line 88, in ex1\n    loss = model(x)\n')


def env_json(env_id: str, tensorflow: str | None, flavour: str, keras: str, python: str,
             device: str = "cpu", packages: dict | None = None) -> dict:
    """An env.json as harness.runner.fingerprint writes it."""
    return {
        "schema": 1, "env_id": env_id,
        "python": {"version": python, "implementation": "CPython", "executable": "python"},
        "platform": {"system": "Linux", "machine": "x86_64", "release": "6.1.0"},
        "tensorflow": {"version": tensorflow, "is_cuda_build": False, "cuda_version": None,
                       "cudnn_version": None} if tensorflow else None,
        "keras": {"entry": "tf.keras", "module": "keras", "version": keras,
                  "major": int(keras.split(".")[0]), "flavour": flavour, "backend": "tensorflow"},
        "requested_device": device, "device": {"kind": device, "gpus": [], "name": "x86_64"},
        "import_s": 4.2, "env": {"KMATRIX_ENV_ID": env_id},
        "packages": packages or {"tensorflow-cpu": tensorflow or "", "keras": keras, "numpy": "1.26.4"},
        "collected_at": "2025-05-01T12:00:00Z",
    }


def case_record(env_id: str, run_id: str, case_id: str, outcome: str, claim: dict | None = None,
                source: dict | None = None, **fields) -> dict:
    """One case record; `fields` override or add (error_type, grads, reason ...)."""
    scenario, _, variant = case_id.partition("::")
    base = {"scenario": scenario, "variant": variant, "title": f"{variant} of {scenario}", "role": "broken",
            "source": source or {"kind": "seed", "doc": "004_7af12acc91d5456a.txt", "title": "a seed article",
                                 "example": 1},
            "claim": claim, "required_grads": [], "grads": {}, "observed": {}, "isolation": "fork",
            "duration_s": 0.5, "wall_s": 0.9, "started_at": "2025-05-01T12:00:05Z"}
    if outcome == outcomes.KERAS_HISTORY_ERROR:
        base.update(error_type="AttributeError",
                    error_message="'Tensor' object has no attribute '_keras_history'", traceback=TRACEBACK)
    elif outcome == outcomes.ERROR:
        base.update(error_type="ValueError", error_message="A KerasTensor cannot be used as input to a "
                    "TensorFlow function.", traceback=TRACEBACK)
    elif outcome == outcomes.GRAD_DROPPED:
        base.update(required_grads=["w"], grads={"w": "none"}, reason="w=none")
    elif outcome in (outcomes.NOT_APPLICABLE, outcomes.TIMEOUT, outcomes.CRASH, outcomes.CASE_ERROR):
        base.update(reason=f"synthetic {outcome}")
    base.update(fields)
    return records.make_record(env_id, run_id, case_id, outcome, **base)


def write_run(results_root: Path, run_id: str, env_id: str, env: dict | None, recs: list[dict],
              kept: bool = True) -> Path:
    """One row's run as the runner writes it (runs/<run>/<row>/: env.json, records.jsonl),
    ingested into the history unless kept=False (an interrupted run)."""
    results = ResultsSet(results_root)
    folder = results.raw_folder(run_id, env_id)
    folder.mkdir(parents=True, exist_ok=True)
    if env is not None:
        (folder / records.ENV_FILE).write_text(json.dumps(env), encoding="utf-8")
    with open(folder / records.RECORDS_FILE, "w", encoding="utf-8") as handle:
        for rec in recs:
            handle.write(records.dumps(rec) + "\n")
    if kept:
        ingest.ingest(results, run_id, env_id, complete=True)
    return folder


# A realistic spread: most cells ok, the errors the project is about, a few oddities.
_WEIGHTS = {outcomes.OK: 60, outcomes.KERAS_HISTORY_ERROR: 12, outcomes.ERROR: 12, outcomes.GRAD_DROPPED: 6,
            outcomes.NOT_APPLICABLE: 7, outcomes.TIMEOUT: 1, outcomes.CRASH: 1, outcomes.CASE_ERROR: 1}


def synthetic_history(root: Path, n_runs: int, n_envs: int, n_cases: int, seed: int = 0,
                      change_rate: float = 0.02) -> int:
    """n_runs runs of n_envs rows x n_cases cells under root (a results set); each run
    changes a few cells. Returns the record count."""
    rng = random.Random(seed)
    names, weights = list(_WEIGHTS), list(_WEIGHTS.values())
    flavours = ("tf.keras", "tf_keras", "keras3")
    claim = {"text": "grad_1 is None", "versions": "recent", "expect": {"outcome": "ok", "grads": {"w": "none"}}}
    case_ids = [f"seed{c % 5:03d}_scenario_{c // 8:05d}::variant_{c % 8}" for c in range(n_cases)]
    state = {e: rng.choices(names, weights, k=n_cases) for e in range(n_envs)}
    written = 0
    for r in range(n_runs):
        run_id = f"2025{1 + r // 28:02d}{1 + r % 28:02d}T120000Z-{r:06x}"
        for e in range(n_envs):
            minor = 1 + e // 3
            flavour = flavours[e % 3]
            env_id = f"tf2.{minor}-{flavour.replace('.', '')}-py3.11-cpu-{e}"
            outcome_of = state[e]
            for c in range(n_cases):
                if rng.random() < change_rate:
                    outcome_of[c] = rng.choices(names, weights)[0]
            env = env_json(env_id, f"2.{minor}.1", flavour, "3.5.0" if flavour == "keras3" else f"2.{minor}.0",
                           "3.11.9")
            recs = [case_record(env_id, run_id, case_id, outcome_of[c], claim=claim if c % 3 == 0 else None,
                                source={"kind": "seed", "doc": f"{c % 5:03d}_abcdef.txt", "title": "t",
                                        "example": c % 4 + 1})
                    for c, case_id in enumerate(case_ids)]
            write_run(root, run_id, env_id, env, recs)
            written += n_cases
    return written
