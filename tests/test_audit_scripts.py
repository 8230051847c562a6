"""The audit of ad-hoc scripts (`--script ... --audit`): a script is already a plain
program, so the audit runs the file itself with the row's interpreter and compares what it
prints with the record; a script changed or gone since its record is not audited, and says why."""
import sys
from types import SimpleNamespace

from harness import hashes, outcomes, records
from harness.audit import run as audit

ROW = SimpleNamespace(id="r", keras="tf.keras", env={})


def _record(path, outcome, **fields):
    return records.make_record("r", "20250101T000000Z-aaaaaa", "%s::script" % path.stem, outcome,
                               source={"kind": "script", "path": str(path)}, case_hash=hashes.case_hash(str(path)),
                               **fields)


def test_a_script_cell_is_checked_by_running_the_script_plainly(tmp_path):
    boom = tmp_path / "boom.py"
    boom.write_text("raise ValueError('boom')\n")
    fine = tmp_path / "fine.py"
    fine.write_text("print('KMATRIX-GRAD w', None)\n")
    recs = [_record(boom, outcomes.ERROR, error_type="ValueError", error_message="boom"),
            _record(fine, outcomes.OK, required_grads=["w"])]   # the plain run prints a None gradient
    checks = {c.case_id: c for c in audit.audit_row(ROW, sys.executable, recs, tmp_path / "no-cases")}
    assert checks["boom::script"].audited and checks["boom::script"].differences() == []
    assert checks["fine::script"].differences() == ["outcome ok vs plain grad_dropped"]


def test_a_script_changed_or_gone_since_its_record_is_not_audited(tmp_path):
    changed = tmp_path / "changed.py"
    changed.write_text("print(1)\n")
    gone = tmp_path / "gone.py"
    gone.write_text("print(2)\n")
    recs = [_record(changed, outcomes.OK), _record(gone, outcomes.OK)]
    changed.write_text("print(3)\n")
    gone.unlink()
    checks = {c.case_id: c for c in audit.audit_row(ROW, sys.executable, recs, tmp_path / "no-cases")}
    assert not checks["changed::script"].audited and "changed since" in checks["changed::script"].note
    assert not checks["gone::script"].audited and "is gone" in checks["gone::script"].note


def test_a_long_audit_hands_over_each_batch_as_it_finishes(tmp_path):
    """A stopped audit keeps its finished batches: on_batch sees every check once, in batches."""
    recs = []
    for k in range(5):
        script = tmp_path / ("s%d.py" % k)
        script.write_text("raise ValueError('boom %d')\n" % k)
        recs.append(_record(script, outcomes.ERROR, error_type="ValueError", error_message="boom %d" % k))
    batches = []
    checks = audit.audit_row(ROW, sys.executable, recs, tmp_path / "no-cases", jobs=2,
                             on_batch=lambda b: batches.append([c.case_id for c in b]), batch=2)
    assert [len(b) for b in batches] == [2, 2, 1]
    assert sorted(sum(batches, [])) == sorted(c.case_id for c in checks) == sorted("s%d::script" % k for k in range(5))
    assert all(c.audited and not c.differences() for c in checks)
