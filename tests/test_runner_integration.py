"""The runner in real TensorFlow environments: the real case library, real faults.

Slow: builds (or reuses) two smoke rows of matrix.toml, a Keras 2 one (TF 2.15)
and a Keras 3 one (TF 2.21), with the same code the matrix uses.
"""
import json
import re
import zlib
import subprocess

import pytest

from harness import casefile
from harness.matrix import rowrun as build
from harness.matrix.table import by_id, load_matrix

from conftest import REPO, ROWS

pytestmark = pytest.mark.needs_tf


def run_runner(python, label, tmp_path, *args, env_extra=None):
    """Run the runner plugin in the environment; return (records by case id, env.json, output)."""
    row = by_id(load_matrix(REPO / "matrix.toml"))[ROWS[label]]
    env = build.row_environ(row, REPO)
    env.update(env_extra or {})
    results = tmp_path / ("results-" + label)
    cmd = [str(python), "-m", "pytest", "-p", "harness.runner.plugin", "-p", "no:cacheprovider",
           "--results", str(results), "-v"] + list(args)
    out = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    assert out.returncode in (0, 1), out.stdout[-4000:] + out.stderr[-4000:]
    lines = (results / "records.jsonl").read_text().splitlines()
    recs = {}
    for line in lines:
        rec = json.loads(line)
        assert rec["case_id"] not in recs, "two records for %s" % rec["case_id"]
        recs[rec["case_id"]] = rec
    env_json = results / "env.json"
    return recs, (json.loads(env_json.read_text()) if env_json.exists() else None), out.stdout


@pytest.fixture(scope="module")
def library_keras2(tf_python, tmp_path_factory):
    return run_runner(tf_python("keras2"), "keras2", tmp_path_factory.mktemp("k2"), "cases/")


@pytest.fixture(scope="module")
def library_keras3(tf_python, tmp_path_factory):
    return run_runner(tf_python("keras3"), "keras3", tmp_path_factory.mktemp("k3"), "cases/")


def library_case_ids():
    """Every variant but the readers: a reader cell is one per artifact it reads
    ('scenario::reader@<writer env>'), and a run with no artifact index reads none."""
    scenarios, errors = casefile.discover(str(REPO / "cases"))
    assert not errors
    return {v.case_id for s in scenarios for v in s.variants if v.role != casefile.READER}


@pytest.mark.parametrize("label", ["keras2", "keras3"])
def test_one_record_per_case_and_a_true_fingerprint(label, request):
    recs, env, _ = request.getfixturevalue("library_" + label)
    assert set(recs) == library_case_ids()
    assert all(r["env_id"] == ROWS[label] for r in recs.values())
    assert {r["isolation"] for r in recs.values() if r["outcome"] != "not_applicable"} == {"fork"}
    assert not [r for r in recs.values() if r["outcome"] in ("crash", "timeout", "case_error")]
    assert env["device"]["kind"] == "cpu" and env["requested_device"] == "cpu"
    assert env["tensorflow"]["is_cuda_build"] is False
    expected_major = 2 if label == "keras2" else 3
    assert env["keras"]["major"] == expected_major
    assert env["keras"]["flavour"] == ("tf.keras" if label == "keras2" else "keras3")
    assert "tensorflow-cpu" in env["packages"]


def test_raw_tf_op_on_symbolic_tensor_keras2_works(library_keras2):
    rec = library_keras2[0]["known_tf_op_on_keras_tensor::reduce_sum_between_layers"]
    assert rec["outcome"] == "ok"


def test_raw_tf_op_on_keras_tensor_keras3_raises(library_keras3):
    rec = library_keras3[0]["known_tf_op_on_keras_tensor::reduce_sum_between_layers"]
    assert (rec["outcome"], rec["error_type"]) == ("error", "ValueError")
    assert "KerasTensor" in rec["error_message"]


@pytest.mark.parametrize("label", ["keras2", "keras3"])
def test_seed004_tape_as_written_drops_both_gradients(label, request):
    recs = request.getfixturevalue("library_" + label)[0]
    as_written = recs["seed004_gather_validate_indices::ex3_tape_as_written"]
    assert as_written["outcome"] == "grad_dropped"
    assert as_written["grads"] == {"grad_1": "none", "grad_2": "none"}  # True and False alike
    corrected = recs["seed004_gather_validate_indices::ex3_tape_used_correctly"]
    assert corrected["outcome"] == "ok" and corrected["grads"] == {"grad_1": "ok", "grad_2": "ok"}


@pytest.mark.parametrize("isolation", ["fork", "spawn"])
def test_faults_cost_only_their_own_cells(tf_python, tmp_path, isolation):
    recs, _, stdout = run_runner(tf_python("keras2"), "keras2", tmp_path, "tests/fixtures/faults",
                                 "--isolation", isolation, "--no-fingerprint")
    outcome = {case.split("::")[1]: r["outcome"] for case, r in recs.items()}
    assert outcome == {"a_segfault": "crash", "b_abort": "crash", "c_hang": "timeout",
                       "d_disable_eager": "ok", "e_memory_blowup": "error", "f_after_faults": "ok"}
    assert recs["faults::a_segfault"]["signal"] == 11
    assert "Segmentation fault" in recs["faults::a_segfault"]["output_tail"]
    assert recs["faults::b_abort"]["signal"] == 6
    assert recs["faults::e_memory_blowup"]["error_type"] == "MemoryError"
    # The global switch flipped in one case did not leak into the next.
    assert recs["faults::d_disable_eager"]["observed"] == {"eager": False}
    assert recs["faults::f_after_faults"]["observed"] == {"eager": True}
    assert recs["faults::f_after_faults"]["grads"] == {"x": "ok"}
    assert {r["isolation"] for r in recs.values()} == {isolation}
    assert "3 failed, 3 passed" in stdout  # crash, crash, timeout fail the pytest items


def test_xdist_workers_share_one_records_file(tf_python, tmp_path):
    recs, env, stdout = run_runner(tf_python("keras2"), "keras2", tmp_path, "-n", "2",
                                   "cases/seed004_gather_validate_indices.py")
    # (a failure says which record is missing and what pytest printed: it was seen once or twice
    # under load, 3 records instead of 4, and not reproduced since)
    assert len(recs) == 4, "records of %s only; pytest said:\n%s" % (sorted(recs), stdout[-6000:])
    assert len({r["run_id"] for r in recs.values()}) == 1
    assert env is not None


def test_fork_safety_is_proven_not_assumed(tf_python):
    """The parent may fork only before TensorFlow's runtime starts."""
    code = ("import os\n"
            "from harness.runner import isolate, flavour\n"
            "for k, v in isolate.SINGLE_THREAD_ENV.items(): os.environ[k] = v\n"
            "flavour.resolve()\n"
            "print(isolate.fork_safety())\n"
            "import tensorflow as tf\n"
            "tf.constant(1.0) + 1\n"
            "print(isolate.fork_safety())\n")
    row = by_id(load_matrix(REPO / "matrix.toml"))[ROWS["keras2"]]
    out = subprocess.run([str(tf_python("keras2")), "-c", code], cwd=REPO, env=build.row_environ(row, REPO),
                         capture_output=True, text=True, timeout=600)
    before, after = out.stdout.strip().splitlines()[-2:]
    assert before.startswith("(True,"), out.stdout + out.stderr
    assert after.startswith("(False,"), out.stdout


def test_runner_modules_import_on_python37():
    """In-environment code must run on Python 3.7 (TF 1.15 and 2.0-2.11 rows)."""
    from harness.matrix import interpreters
    found = interpreters.find_cached("3.7")
    if not found.path:
        pytest.skip(found.missing_reason())
    modules = ["harness.outcomes", "harness.claims", "harness.casefile", "harness.records", "harness.axes",
               "harness.hashes", "harness.runner.context", "harness.runner.child", "harness.runner.isolate",
               "harness.runner.flavour", "harness.runner.fingerprint", "harness.runner.script",
               "harness.runner.user_error", "harness.runner.session", "harness.runner.items",
               "harness.runner.plugin", "harness.runner.limits", "harness.artifacts", "harness.runner.saveload"]
    code = "import sys; sys.modules.setdefault('pytest', type(sys)('pytest'))\n"  # no pytest on this interpreter
    code += "import pytest; pytest.StashKey = object; pytest.File = pytest.Item = object\n"
    code += "pytest.hookimpl = lambda **kw: (lambda f: f)\n"
    code += "import importlib\nfor m in %r: importlib.import_module(m)\n" % modules
    code += "from harness import casefile\ns, e = casefile.discover('cases')\nassert not e, e\nprint(len(s))\n"
    # 3.7 parses literals as ast.Str: a repeated CASE key must be refused there too
    code += ("import ast\ntry:\n    casefile._duplicate_keys(ast.parse('CASE = {\"v\": 1, \"v\": 2}'), 'x.py')\n"
             "except casefile.CaseFileError:\n    print('refused')\nelse:\n    print('accepted')\n")
    out = subprocess.run([found.path, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    count, verdict = out.stdout.split()
    assert int(count) >= 10 and verdict == "refused"


@pytest.mark.parametrize("version", ["3.13", "3.14"])
def test_case_discovery_is_silent_on_the_newest_pythons(version):
    """Collection in a Python 3.12+ row printed 1,840 DeprecationWarnings (ast.Str's `.s`);
    3.14 removed ast.Str altogether."""
    from harness.matrix import interpreters
    found = interpreters.find_cached(version)
    if not found.path:
        pytest.skip(found.missing_reason())
    code = "from harness import casefile\ns, e = casefile.discover('cases')\nassert not e, e\nprint(len(s))"
    out = subprocess.run([found.path, "-W", "error::DeprecationWarning", "-c", code], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("label", ["keras2", "keras3"])
def test_every_cell_agrees_with_the_plain_interpreter(label, request, tf_python):
    """The audit in the smoke rows, on a slice that reaches every scenario once across the two
    rows (one cell, an error first: what people paste; the whole library is audited per row by
    the scheduled matrix): each variant exported as a standalone script, run by the row's own interpreter
    with nothing of ours in the process, classified from its printed text alone, and compared
    with the record."""
    from harness.audit import run as audit
    from harness.audit.__main__ import _sample
    recs = request.getfixturevalue("library_" + label)[0]
    row = by_id(load_matrix(REPO / "matrix.toml"))[ROWS[label]]
    applicable = [r for r in recs.values() if r["outcome"] != "not_applicable"]
    # Every scenario once across the two rows: where it applies in both, the row is chosen by a
    # stable hash of its name; where only in one, that row.
    other = "keras3" if label == "keras2" else "keras2"
    elsewhere = {r["case_id"].split("::")[0] for r in request.getfixturevalue("library_" + other)[0].values()
                 if r["outcome"] != "not_applicable"}
    mine = [r for r in applicable if r["case_id"].split("::")[0] not in elsewhere
            or zlib.crc32(r["case_id"].split("::")[0].encode()) % 2 == (label == "keras3")]
    picked = _sample(mine, 1)
    assert {r["case_id"].split("::")[0] for r in picked} == {r["case_id"].split("::")[0] for r in mine}
    assert len(picked) >= 40
    checks = audit.audit_row(row, str(tf_python(label)), picked, REPO / "cases", jobs=2)
    audited = [c for c in checks if c.audited]
    disagreements = ["%s: %s (plain run: %s)" % (c.case_id, "; ".join(c.differences()), c.plain.last_line[-200:])
                     for c in audited if c.differences()]
    assert len(audited) >= 0.8 * len(picked), "too few cells audited"
    assert disagreements == []


PARALLEL_SLICE = ("seed004 or known_gradient_none_tape or known_tape_ or known_keras_format_unregistered_class "
                  "or known_optimizer_lr_argument or known_no_gradients_fit or known_lambda_safe_mode")


@pytest.mark.parametrize("label", ["keras2", "keras3"])
def test_parallel_and_sequential_runs_give_the_same_cells(label, request, tf_python, tmp_path):
    """`-- -n 2` (two pytest-xdist workers) gives the same cells as the sequential library run:
    outcome, error, gradients, effects. (Each xdist worker runs execnet threads, so it cannot
    fork cases safely: its cases run in fresh interpreters, `spawn`, which is slower than the
    sequential run's forks; the isolation is recorded and differs on purpose.)"""
    sequential = request.getfixturevalue("library_" + label)[0]
    parallel, _, _ = run_runner(tf_python(label), label, tmp_path, "cases/", "-k", PARALLEL_SLICE, "-n", "2")
    assert len(parallel) >= 30 and {r["isolation"] for r in parallel.values()
                                     if r["outcome"] != "not_applicable"} == {"spawn"}
    keys = ("outcome", "error_type", "error_message", "grads", "effects")

    def value(rec, key):   # addresses, generated names and random initial values differ between processes
        v = rec.get(key)
        return re.sub(r"0x[0-9a-fA-F]+|_\d+\b|-?\d+\.\d+(?:e-?\d+)?|kmatrix-case-\w+|\s+", lambda m: "" if m.group().isspace() else "#", v) if isinstance(v, str) else v
    differ = {c: [(k, r.get(k), sequential[c].get(k)) for k in keys if value(r, k) != value(sequential[c], k)]
              for c, r in parallel.items()}
    assert {c: d for c, d in differ.items() if d} == {}
