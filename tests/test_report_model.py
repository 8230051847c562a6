"""The table from the history: columns, cells from the newest records, verdicts in and out of
scope, flaky cells, timelines, changes over time, transitions."""
from harness import claims, outcomes
from harness.history.query import History
from harness.matrix.table import parse_matrix
from harness.report import analysis, model

from support import synthetic

RUN = "20250101T000000Z-aaaaaa"
RUN2 = "20250102T000000Z-bbbbbb"
CLAIM = {"text": "validate_indices=True drops the gradient", "expect": {"grads": {"w": "none"}}}


def _env(root, env_id, tf, flavour, keras, python, cells, env_level=None, run=RUN, backend=None):
    """cells: {case_id: (outcome, extra fields)}."""
    recs = [synthetic.case_record(env_id, run, case_id, outcome, **extra) for case_id, (outcome, extra) in cells.items()]
    if env_level:
        rec = synthetic.case_record(env_id, run, "x::y", env_level[0], reason=env_level[1])
        rec["case_id"] = None
        recs.append(rec)
    env = synthetic.env_json(env_id, tf, flavour, keras, python)
    if backend:
        env["keras"]["backend"] = backend
    synthetic.write_run(root, run, env_id, env, recs)


def _build(root, matrix_rows=(), library=()):
    history = History(root)
    try:
        grid = model.build(history, list(matrix_rows), list(library))
        grid.changes = analysis.cell_changes(history, grid.nightly_env_ids())   # as publish.build does
        return grid
    finally:
        history.close()


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
    grid = _build(tmp_path)
    assert [c.env_id for c in grid.columns] == ["z", "y", "a", "b", "t", "k", "p13", "n"]
    assert grid.column("n").tf_short == "nightly"


def test_env_level_record_expands_and_matrix_rows_without_results_show_not_run(tmp_path):
    cases = {"s::a": (outcomes.OK, {}), "s::b": (outcomes.KERAS_HISTORY_ERROR, {})}
    _env(tmp_path, "good", "2.15.1", "tf.keras", "2.15.0", "3.11.9", cases)
    _env(tmp_path, "broken", "2.16.2", "keras3", "3.5.0", "3.12.1", {},
         env_level=(outcomes.ENV_ERROR, "import failed: ImportError: libcudart.so.12"))
    _env(tmp_path, "partial", "2.17.1", "keras3", "3.5.0", "3.12.1", {"s::a": (outcomes.OK, {})})
    matrix = parse_matrix('[[env]]\nid = "tf2.18-keras3-py3.12-cpu"\npython = "3.12"\n'
                          'tensorflow = "tensorflow-cpu==2.18.1"\nkeras = "tf.keras"\nflavour = "keras3"\n'
                          'device = "cpu"\ntags = ["keras3"]\n')
    grid = _build(tmp_path, matrix)

    assert [r.case_id for r in grid.rows] == ["s::a", "s::b"]
    assert [c.env_id for c in grid.columns] == ["good", "broken", "partial", "tf2.18-keras3-py3.12-cpu"]
    for case_id in ("s::a", "s::b"):
        cell = grid.cell(case_id, "broken")
        assert cell["outcome"] == outcomes.ENV_ERROR and "libcudart" in cell["reason"]
        missing = grid.cell(case_id, "tf2.18-keras3-py3.12-cpu")
        assert missing["outcome"] == outcomes.NOT_RUN and missing["reason"] == "no results"
    assert grid.cell("s::b", "partial")["outcome"] == outcomes.NOT_RUN and RUN in grid.cell("s::b", "partial")["reason"]
    assert grid.cell("s::b", "good")["outcome"] == outcomes.KERAS_HISTORY_ERROR
    planned = grid.column("tf2.18-keras3-py3.12-cpu")
    assert (planned.value("tf"), planned.value("flavour"), planned.has_results) == ("2.18.1", "keras3", False)

    counts = analysis.env_summary(grid)
    assert list(counts.columns[:-1]) == list(outcomes.OUTCOMES)
    assert counts.loc["good", "ok"] == 1 and counts.loc["good", "keras_history_error"] == 1
    assert counts.loc["broken", "env_error"] == 2 and counts.loc["broken", "total"] == 2


def test_a_newer_run_replaces_a_cell_and_an_older_env_error_does_not(tmp_path):
    _env(tmp_path, "e", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {}, env_level=(outcomes.ENV_ERROR, "x"))
    _env(tmp_path, "e", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {"s::a": (outcomes.OK, {})}, run=RUN2)
    grid = _build(tmp_path)
    assert grid.cell("s::a", "e")["outcome"] == outcomes.OK and grid.cell("s::a", "e")["run_id"] == RUN2


def test_an_env_error_of_an_interrupted_run_does_not_outlive_a_later_run_of_the_row(tmp_path):
    """A run killed mid-way (its pytest exited -15: env_error for the row) and then a later run
    of the same row that only ran what was stale: the cells it reused keep their real results
    (the planner reused them); the environment is evidently fine again."""
    RUN3 = "20250103T000000Z-cccccc"
    _env(tmp_path, "e", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {"s::a": (outcomes.OK, {}), "s::b": (outcomes.OK, {})})
    _env(tmp_path, "e", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {}, env_level=(outcomes.ENV_ERROR, "pytest exited -15"),
         run=RUN2)
    _env(tmp_path, "e", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {"s::b": (outcomes.ERROR, {})}, run=RUN3)
    grid = _build(tmp_path)
    assert grid.cell("s::a", "e")["outcome"] == outcomes.OK and grid.cell("s::a", "e")["run_id"] == RUN
    assert grid.cell("s::b", "e")["outcome"] == outcomes.ERROR
    # while the broken run is the row's newest, it is what every cell shows
    only = tmp_path / "only"
    _env(only, "e", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {"s::a": (outcomes.OK, {})})
    _env(only, "e", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {}, env_level=(outcomes.ENV_ERROR, "install failed"),
         run=RUN2)
    assert _build(only).cell("s::a", "e")["outcome"] == outcomes.ENV_ERROR


def test_claim_verdicts_in_and_out_of_scope(tmp_path):
    seed = {"kind": "seed", "doc": "004_7af12acc91d5456a.txt", "title": "gather", "example": 3}
    scoped = dict(CLAIM, scope={"flavour": "keras3"})
    dropped = (outcomes.GRAD_DROPPED, {"claim": scoped, "source": seed, "grads": {"w": "none"}})
    computed = (outcomes.OK, {"claim": scoped, "source": seed, "grads": {"w": "ok"}})
    skipped = (outcomes.NOT_APPLICABLE, {"claim": scoped, "source": seed})
    _env(tmp_path, "e1", "2.14.1", "tf.keras", "2.14.0", "3.11.9", {"seed004_g::ex3": computed})
    _env(tmp_path, "e2", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {"seed004_g::ex3": computed})
    _env(tmp_path, "e3", "2.16.2", "keras3", "3.5.0", "3.12.1", {"seed004_g::ex3": dropped})
    _env(tmp_path, "e4", "2.17.1", "keras3", "3.5.0", "3.12.1", {"seed004_g::ex3": skipped})
    grid = _build(tmp_path)

    assert [grid.cell("seed004_g::ex3", e)["verdict"] for e in ("e1", "e2", "e3", "e4")] == [
        claims.REFUTED, claims.REFUTED, claims.HOLDS, claims.INCONCLUSIVE]
    assert [grid.cell("seed004_g::ex3", e)["scope"] for e in ("e1", "e2", "e3", "e4")] == ["out", "out", "in", "in"]
    (verdict,) = analysis.claim_verdicts(grid)
    assert verdict.envs == {"out": {"refuted": ["e1", "e2"]}, "in": {"holds": ["e3"], "inconclusive": ["e4"]}}
    assert verdict.why["e1"] == "gradient w is ok, claimed none"
    assert verdict.sentence() == ('seed 004 claims "validate_indices=True drops the gradient" (ex3): where it says '
                                  "it holds (flavour keras3): holds in 1/2, inconclusive in 1/2; elsewhere: "
                                  "refuted in 2/2")
    assert grid.rows[0].group == "seed004"


def test_disagreeing_repeats_make_a_flaky_cell_and_timelines_show_every_run(tmp_path):
    _env(tmp_path, "e", "2.15.1", "tf.keras", "2.15.0", "3.11.9", {"s::a": (outcomes.OK, {}), "s::b": (outcomes.OK, {})})
    recs = [synthetic.case_record("e", RUN2, "s::a", o, repeat=i)
            for i, o in enumerate([outcomes.OK, outcomes.ERROR, outcomes.OK])]
    recs.append(synthetic.case_record("e", RUN2, "s::b", outcomes.ERROR))
    synthetic.write_run(tmp_path, RUN2, "e", synthetic.env_json("e", "2.15.1", "tf.keras", "2.15.0", "3.11.9"), recs)
    grid = _build(tmp_path)
    flaky = grid.cell("s::a", "e")
    assert flaky["outcome"] == outcomes.FLAKY and flaky["reason"] == "3 runs disagree: ok x2, error ValueError x1"
    assert grid.cell("s::b", "e")["outcome"] == outcomes.ERROR
    assert analysis.timeline_of(grid)[("s::a", "e")] == [(RUN, "ok", None), (RUN2, "flaky", "ValueError")]
    (change, *rest) = analysis.changes_over_time(grid)
    assert {(c.case_id, c.was, c.becomes) for c in [change] + rest} == {
        ("s::a", "ok", "flaky (ValueError)"), ("s::b", "ok", "error (ValueError)")}


def test_a_change_says_what_changed_between_its_two_runs(tmp_path):
    """By the hashes a result depends on: an edited case, a new environment, or nothing at
    all (the change to suspect of flakiness); records without hashes say nothing."""
    env = synthetic.env_json("e", "2.15.1", "tf.keras", "2.15.0", "3.11.9")
    hashes = {"case_hash": "c1", "runner_hash": "r1", "env_hash": "e1"}
    runs = [("20250101T000000Z-aaaaaa", outcomes.OK, hashes),
            ("20250102T000000Z-bbbbbb", outcomes.ERROR, hashes),
            ("20250103T000000Z-cccccc", outcomes.OK, dict(hashes, case_hash="c2")),
            ("20250104T000000Z-dddddd", outcomes.ERROR, dict(hashes, case_hash="c2", env_hash="e2")),
            ("20250105T000000Z-eeeeee", outcomes.OK, {})]
    for run, outcome, fields in runs:
        synthetic.write_run(tmp_path, run, "e", env, [synthetic.case_record("e", run, "s::a", outcome, **fields)])
    found = [(c.run_after[-6:], c.cause) for c in analysis.changes_over_time(_build(tmp_path))]
    assert found == [("eeeeee", ""), ("dddddd", "the environment changed"), ("cccccc", "the case changed"),
                     ("bbbbbb", "nothing it depends on changed")]
    assert str(analysis.changes_over_time(_build(tmp_path))[-1]).endswith("; nothing it depends on changed")


def test_transitions_along_each_line(tmp_path):
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
    _env(tmp_path, "jax", None, "keras3", "3.9.0", "3.12.1", {"s::v": (outcomes.NOT_APPLICABLE, {})}, backend="jax")
    _env(tmp_path, "knightly", "2.22.0-dev20260101", "keras3", "3.12.0", "3.12.1", {"s::v": err, "s::same": ok})
    grid = _build(tmp_path)

    (history,) = analysis.transitions(grid)   # s::same never changes: not listed
    assert history.row.case_id == "s::v"
    assert history.lines["tf.keras"] == ("ok up to TF 2.14; keras_history_error: AttributeError: 'Tensor' "
                                         "object has no attribute '_keras_history' from TF 2.15")
    # the env_error column in between says nothing about the case and breaks nothing
    assert history.lines["keras3"].startswith("error: ValueError: A KerasTensor cannot be used as input ")
    assert history.lines["keras3"].endswith(" in all 3")
    assert history.lines["keras3 jax"] == "not_applicable: synthetic not_applicable in all 1"
    assert history.lines["tf_keras"] == "ok in all 1"
    (change,) = history.transitions
    assert (change[0], change[1].env_id, change[2].env_id) == ("tf.keras", "tf214", "tf215")
