"""An audit speaks for a later cell only when that cell was made from the same inputs and gave
the same result (harness/audit/carry.py); `python -m harness.audit --unaudited` skips exactly those."""
from harness.audit import carry
from harness.audit.__main__ import _sample

H = {"case_hash": "c1", "runner_hash": "r1", "env_hash": "e1"}


def audit(run_id, at, outcome="error", error_type="ValueError", agree=True, audited=True, **hashes):
    return dict(H, **hashes, run_id=run_id, audited_at=at, record_outcome=outcome, record_error_type=error_type,
                agree=agree, audited=audited)


def cell(run_id, outcome="error", error_type="ValueError", **hashes):
    return dict(H, **hashes, run_id=run_id, outcome=outcome, error_type=error_type)


def test_its_own_audit_wins_over_a_newer_carried_one():
    own, other = audit("run2", "2026-12-02", agree=False), audit("run1", "2026-12-03")
    assert carry.valid_audit(cell("run2"), [other, own]) is own


def test_an_audit_of_identical_inputs_and_result_is_carried_forward():
    old = audit("run1", "2026-12-01")
    assert carry.valid_audit(cell("run3"), [old]) is old


def test_any_change_of_inputs_or_result_leaves_the_cell_unaudited():
    old = audit("run1", "2026-12-01")
    for changed in (cell("run3", case_hash="c2"), cell("run3", runner_hash="r2"), cell("run3", env_hash="e2"),
                    cell("run3", outcome="ok", error_type=None), cell("run3", error_type="TypeError")):
        assert carry.valid_audit(changed, [old]) is None, changed
    assert carry.valid_audit(cell("run3", case_hash=None), [audit("run1", "x", case_hash=None)]) is None  # unknown inputs
    assert carry.valid_audit(cell("run1"), [audit("run1", "x", audited=False)]) is None      # not audited (no script)


def test_the_newest_matching_audit_is_carried():
    a, b = audit("run1", "2026-12-01", agree=False), audit("run2", "2026-12-02")
    assert carry.valid_audit(cell("run5"), [a, b]) is b


def test_sample_reaches_every_scenario_errors_first_and_is_stable():
    found = [{"case_id": "s1::a", "outcome": "ok"}, {"case_id": "s1::b", "outcome": "error"},
             {"case_id": "s2::a", "outcome": "ok"}, {"case_id": "s1::c", "outcome": "error"}]
    picked = [r["case_id"] for r in _sample(found, 1)]
    assert picked == ["s1::b", "s2::a"]
    assert [r["case_id"] for r in _sample(list(reversed(found)), 1)] == picked
    assert len(_sample(found, 5)) == 4


def test_a_rows_audit_reaches_older_cells_without_a_valid_audit(tmp_path):
    """`nox -s ROW -- --audit` audits what ran and the row's older cells lacking a valid audit."""
    from harness.history import ingest
    from harness.history.layout import ResultsSet
    from harness.matrix.rowrun import _unaudited_cells
    from support.published import ENV, row_run
    results = ResultsSet(str(tmp_path / "library"))
    row_run(results.root, "20260101T000000Z-a", cases=("s::a", "s::b", "s::c"), case_hash="c", runner_hash="r",
            env_hash="e")
    row_run(results.root, "20260102T000000Z-b", cases=("s::a",), case_hash="c", runner_hash="r", env_hash="e",
            started_at="2026-01-02T00:00:05Z")   # s::a again, same inputs and result
    ingest.sync(results)
    line = {"case_id": "s::a", "run_id": "20260101T000000Z-a", "audited_at": "2026-01-01T01:00:00Z",
            "audited": True, "agree": True, "record": {"outcome": "ok"}, "plain": {"outcome": "ok"}}
    ingest.write_audit(results, "20260101T000000Z-a", ENV, [line, dict(line, case_id="s::b")])
    picked = {c["case_id"] for c in _unaudited_cells(results, ENV, ran=set())}
    assert picked == {"s::c"}     # s::a carries its audit to the newer run, s::b has its own
    assert _unaudited_cells(results, ENV, ran={"s::c"}) == []
