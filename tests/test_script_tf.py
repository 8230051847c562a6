"""`--script` in real TensorFlow environments: the issue example and gradient markers.

The interpreters are the smoke rows built by conftest's `tf_python` fixture (a Keras 2 and
a Keras 3 environment), or those named by KMATRIX_TEST_PYTHON_KERAS2 / _KERAS3.
"""
import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "issue_245_one_hot_repro.py"

GRADIENTS = '''
    import tensorflow as tf
    x = tf.constant([1.0, 2.0])
    w = tf.Variable([3.0, 4.0])
    with tf.GradientTape(persistent=True) as tape:
        y = tf.reduce_sum(x * w)
    g_x = tape.gradient(y, x)     # an unwatched constant: None
    g_w = tape.gradient(y, w)
    print("KMATRIX-GRAD x", None if g_x is None else float(tf.reduce_sum(tf.abs(g_x))))
    print("KMATRIX-GRAD w", None if g_w is None else float(tf.reduce_sum(tf.abs(g_w))))
    print("KMATRIX-OBSERVE w_grad", g_w.numpy().tolist())
'''


def run_scripts(python, scripts, results):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("KMATRIX_RUN_ID", None)
    args = []
    for path in scripts:
        args += ["--script", str(path)]
    proc = subprocess.run([python, "-m", "pytest", "-p", "harness.runner.plugin", "-p", "no:cacheprovider",
                           "--results", str(results), "-q"] + args,
                          cwd=str(REPO), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600)
    lines = (Path(results) / "records.jsonl").read_text().splitlines()
    return proc, {r["case_id"]: r for r in map(json.loads, lines)}


@pytest.fixture
def gradient_script(tmp_path):
    path = tmp_path / "tape_grads.py"
    path.write_text(textwrap.dedent(GRADIENTS).lstrip())
    return path


@pytest.mark.needs_tf
def test_keras2_builds_the_issue_model_and_records_dropped_gradient(tmp_path, gradient_script, tf_python):
    proc, found = run_scripts(str(tf_python("keras2")), [EXAMPLE, gradient_script], tmp_path / "res")
    example = found["issue_245_one_hot_repro::script"]
    assert example["outcome"] == "ok", proc.stdout[-3000:]
    assert "prediction shape: (2, 1)" in example["output_tail"]
    grads = found["tape_grads::script"]
    assert grads["outcome"] == "grad_dropped"
    assert grads["grads"] == {"x": "none", "w": "ok"}
    assert grads["observed"] == {"w_grad": [1.0, 2.0]}
    env = json.loads((tmp_path / "res" / "env.json").read_text())
    assert env["keras"]["major"] == 2


@pytest.mark.needs_tf
def test_keras3_raises_on_a_raw_tf_op_over_a_keras_tensor(tmp_path, gradient_script, tf_python):
    proc, found = run_scripts(str(tf_python("keras3")), [EXAMPLE, gradient_script], tmp_path / "res")
    example = found["issue_245_one_hot_repro::script"]
    assert example["outcome"] == "error", proc.stdout[-3000:]
    assert example["error_type"] == "ValueError"
    assert example["error_message"].startswith("A KerasTensor cannot be used as input to a TensorFlow function")
    assert found["tape_grads::script"]["grads"] == {"x": "none", "w": "ok"}
    env = json.loads((tmp_path / "res" / "env.json").read_text())
    assert env["keras"]["major"] == 3
