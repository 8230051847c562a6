"""The table: column order, expansion of environment records, verdicts, transitions."""
from harness import claims, outcomes
from harness.report import analysis, load, synthetic, table
from harness.report.columns import Column

RUN = "20250101T000000Z-aaaaaa"
CLAIM = {"text": "validate_indices=True drops the gradient", "expect": {"grads": {"w": "none"}}}


def _env(root, env_id, tf, flavour, keras, python, cells, env_level=None):
    """cells: {case_id: (outcome, extra fields)}."""
    recs = [synthetic.case_record(env_id, RUN, case_id, outcome, **extra)
            for case_id, (outcome, extra) in cells.items()]
    if env_level:
        rec = synthetic.case_record(env_id, RUN, "x::y", env_level[0], reason=env_level[1])
        rec["case_id"] = None
        recs.append(rec)
    synthetic.write_env(root / env_id, synthetic.env_json(env_id, tf, flavour, keras, python), recs)


def _build(root, matrix_rows=()):
    return table.build(load.load([root]), list(matrix_rows))


def test_columns_ordered_by_real_tf_version_then_flavour_python_device(tmp_path):
    ok = {"s::v": (outcomes.OK, {})}
    # ids deliberately disagree with the real versions: env.json is what counts
    _env(tmp_path, "b", "2.15.1", "tf.keras", "2.15.0", "3.11.9", ok)
    _env(tmp_path, "a", "2.9.3", "tf.keras", "2.9.0", "3.10.4", ok)
    _env(tmp_path, "z", "1.15.5", "keras-standalone", "2.2.4", "3.7.16", ok)
    _env(tmp_path, "y", "1.15.5", "tf.keras", "2.2.4-tf", "3.7.16", ok)
    _env(tmp_path, "n", "2.21.0-dev20250301", "keras3", "3.9.0", "3.12.1", ok)
    _env(tmp_path, "k", "2.16.2", "keras3", "3.5.0", "3.12.1", ok)
    _env(tmp_path, "t", "2.16.2", "tf_keras", "2.16.0", "3.12.1", ok)
    _env(tmp_path, "p13", "2.16.2", "keras3", "3.5.0", "3.13.0", ok)
    t = _build(tmp_path)
    assert [c.env_id for c in t.columns] == ["z", "y", "a", "b", "t", "k", "p13", "n"]
    assert t.column("n").tf_short == "TF nightly"


def test_env_level_record_expands_to_every_case_and_matrix_rows_without_results_show_not_run(tmp_path):
    cases = {"s::a": (outcomes.OK, {}), "s::b": (outcomes.KERAS_HISTORY_ERROR, {})}
    _env(tmp_path, "good", "2.15.1", "tf.keras", "2.15.0", "3.11.9", cases)
    _env(tmp_path, "broken", "2.16.2", "keras3", "3.5.0", "3.12.1", {},
         env_level=(outcomes.ENV_ERROR, "import failed: ImportError: libcudart.so.12"))
    _env(tmp_path, "partial", "2.17.1", "keras3", "3.5.0", "3.12.1", {"s::a": (outcomes.OK, {})})
    matrix = [{"id": "tf2.18-keras3-py3.12-cpu", "python": "3.12", "tensorflow": "tensorflow-cpu==2.18.1",
               "keras": "tf.keras", "device": "cpu", "tags": ["keras3"]}]
    t = _build(tmp_path, matrix)

    assert [r.case_id for r in t.rows] == ["s::a", "s::b"]
    assert [c.env_id for c in t.columns] == ["good", "broken", "partial", "tf2.18-keras3-py3.12-cpu"]
    for case_id in ("s::a", "s::b"):
        cell = t.cell(case_id, "broken")
        assert cell["outcome"] == outcomes.ENV_ERROR and "libcudart" in cell["reason"]
        missing = t.cell(case_id, "tf2.18-keras3-py3.12-cpu")
        assert missing["outcome"] == outcomes.NOT_RUN and missing["reason"] == "no results"
    assert t.cell("s::b", "partial")["outcome"] == outcomes.NOT_RUN
    assert RUN in t.cell("s::b", "partial")["reason"]
    assert t.cell("s::b", "good")["outcome"] == outcomes.KERAS_HISTORY_ERROR
    planned = t.column("tf2.18-keras3-py3.12-cpu")
    assert (planned.tensorflow, planned.flavour, planned.has_results) == ("2.18.1", "keras3", False)

    counts = analysis.env_summary(t)
    assert list(counts.columns[:-1]) == list(outcomes.OUTCOMES)
    assert counts.loc["good", "ok"] == 1 and counts.loc["good", "keras_history_error"] == 1
    assert counts.loc["broken", "env_error"] == 2 and counts.loc["broken", "total"] == 2


def test_claim_verdicts_per_environment_and_sentence(tmp_path):
    seed = {"kind": "seed", "doc": "004_7af12acc91d5456a.txt", "title": "gather", "example": 3}
    dropped = (outcomes.GRAD_DROPPED, {"claim": CLAIM, "source": seed, "grads": {"w": "none"}})
    computed = (outcomes.OK, {"claim": CLAIM, "source": seed, "grads": {"w": "ok"}})
    skipped = (outcomes.NOT_APPLICABLE, {"claim": CLAIM, "source": seed})
    _env(tmp_path, "e1", "2.14.1", "tf.keras", "2.14.0", "3.11.9", {"seed004_g::ex3": computed})
    _env(tmp_path, "e2", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {"seed004_g::ex3": computed})
    _env(tmp_path, "e3", "2.16.2", "keras3", "3.5.0", "3.12.1", {"seed004_g::ex3": dropped})
    _env(tmp_path, "e4", "2.17.1", "keras3", "3.5.0", "3.12.1", {"seed004_g::ex3": skipped})
    t = _build(tmp_path)

    assert [t.cell("seed004_g::ex3", e)["verdict"] for e in ("e1", "e2", "e3", "e4")] == [
        claims.REFUTED, claims.REFUTED, claims.HOLDS, claims.INCONCLUSIVE]
    (verdict,) = analysis.claim_verdicts(t)
    assert verdict.envs == {"refuted": ["e1", "e2"], "holds": ["e3"], "inconclusive": ["e4"]}
    assert verdict.why["e1"] == "gradient w is ok, claimed none"
    assert verdict.sentence() == ('seed 004 claims "validate_indices=True drops the gradient" (ex3): '
                                  "holds in 1/4, refuted in 2/4, inconclusive in 1/4")
    assert t.rows[0].group == "seed004"


def test_transitions_along_each_flavour_line(tmp_path):
    kh = (outcomes.KERAS_HISTORY_ERROR, {})
    ok = (outcomes.OK, {})
    err = (outcomes.ERROR, {})
    _env(tmp_path, "tf213", "2.13.1", "tf.keras", "2.13.1", "3.11.9", {"s::v": ok, "s::same": ok})
    _env(tmp_path, "tf214", "2.14.1", "tf.keras", "2.14.0", "3.11.9", {"s::v": ok, "s::same": ok})
    _env(tmp_path, "tf215", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {"s::v": kh, "s::same": ok})
    _env(tmp_path, "k216", "2.16.2", "keras3", "3.5.0", "3.12.1", {"s::v": err, "s::same": ok})
    _env(tmp_path, "k217", "2.17.1", "keras3", "3.5.0", "3.12.1", {}, env_level=(outcomes.ENV_ERROR, "x"))
    _env(tmp_path, "k218", "2.18.1", "keras3", "3.6.0", "3.12.1", {"s::v": err, "s::same": ok})
    _env(tmp_path, "t216", "2.16.2", "tf_keras", "2.16.0", "3.12.1", {"s::v": ok, "s::same": ok})
    # Keras 3 on JAX (no TensorFlow) sorts between TF 2.21 and nightly: its own line
    jax = synthetic.env_json("jax", None, "keras3", "3.9.0", "3.12.1")
    jax["keras"]["backend"] = "jax"
    synthetic.write_env(tmp_path / "jax", jax, [synthetic.case_record("jax", RUN, "s::v", outcomes.NOT_APPLICABLE,
                                                                      reason="needs TensorFlow")])
    _env(tmp_path, "knightly", "2.22.0-dev20260101", "keras3", "3.12.0", "3.12.1", {"s::v": err, "s::same": ok})
    t = _build(tmp_path)

    (history,) = analysis.transitions(t)   # s::same never changes: not listed
    assert history.row.case_id == "s::v"
    assert history.lines["tf.keras"] == ("ok up to TF 2.14; keras_history_error (AttributeError: 'Tensor' "
                                         "object has no attribute '_keras_history') from TF 2.15")
    # the env_error column in between says nothing about the case and breaks nothing
    assert history.lines["keras3"].startswith("error (ValueError: A KerasTensor cannot be used as input ")
    assert history.lines["keras3"].endswith(" in all 3")
    assert history.lines["keras3 jax"] == "not_applicable in all 1"
    assert history.lines["tf_keras"] == "ok in all 1"
    (change,) = history.transitions
    assert (change.line, change.before.env_id, change.after.env_id) == ("tf.keras", "tf214", "tf215")


def test_version_labels():
    assert Column("x", tensorflow="2.9.3").sort_key() < Column("y", tensorflow="2.15.1").sort_key()
    assert Column("x", tensorflow="2.21.0-dev20250301").nightly
    assert Column("x", tensorflow=None).sort_key() < Column("n", tensorflow="nightly").sort_key()
