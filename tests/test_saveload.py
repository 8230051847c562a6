"""Saved here, loaded there, without TensorFlow: the case format, the artifact store
(content-addressed, never rewritten), reader expansion in the runner, a writer -> reader pair
run by the real case-process code on a stand-in Keras, record ids, writer-scoped claims."""
import json
import os
import tarfile
import textwrap

import numpy as np
import pytest

from harness import artifacts, axes, casefile, claims, outcomes, records
from harness.runner import child, saveload
from harness.runner.context import CaseContext, _max_diff

PAIR = '''
import os

CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org/1"]},
        "variants": {
            "w": {"role": "writer"},
            "r": {"role": "reader", "reads": "w", "effects": ["same_predictions"],
                  "claim": {"text": "loads", "scope": {"writer": {"flavour": "tf.keras"}},
                            "expect": {"outcome": "ok"}}},
            "r_k3": {"role": "reader", "reads": "w", "applies_to": {"flavours": ["keras3"]}},
        }}


def w(ctx):
    import numpy as np
    with open(os.path.join(ctx.artifact_dir, "weights.npy"), "wb") as handle:
        np.save(handle, np.arange(6.0))
    ctx.keep_predictions({"out": np.arange(6.0) * 2, "history": {"loss": [0.5, 0.25]}})


def r(ctx):
    import numpy as np
    with ctx.subject("load"):
        weights = np.load(os.path.join(ctx.artifact_dir, "weights.npy"))
        ctx.observe("writer_env", ctx.writer.get("env_id"))
        ctx.compare_predictions({"out": weights * 2 + float(os.environ.get("SHIFT", "0")),
                                 "history": {"loss": [0.5, 0.25]}})


def r_k3(ctx):
    pass
'''


class FakeKeras(object):
    """Stands in for flavour.KerasUnderTest: the case code here needs no Keras."""
    tf = None
    keras = None
    flavour = "tf.keras"
    backend = "tensorflow"


@pytest.fixture
def pair(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "saveload_pair.py").write_text(PAIR)
    return casefile.load_scenario(str(folder / "saveload_pair.py"))


# ------------------------------------------------------------------ the case format ----
def _meta(variants):
    return {"title": "t", "source": {"kind": "known", "refs": ["https://example.org/1"]}, "variants": variants}


@pytest.mark.parametrize("variants, message", [
    ({"r": {"role": "reader"}}, "a reader names the writer variant"),
    ({"r": {"role": "reader", "reads": "x"}}, "reads 'x', which is not a writer variant"),
    ({"w": {"role": "fix"}, "r": {"role": "reader", "reads": "w"}}, "reads 'w', which is not a writer"),
    ({"w": {"role": "writer", "reads": "w"}}, "'reads' is for readers only"),
    ({"w": {"role": "fix", "write_in": [{"tf": ">=2.3"}]}}, "'write_in' is for writers only"),
    ({"w": {"role": "writer", "write_in": [{"tf": "2.3"}]}}, "write_in: scope.tf"),
    ({"w": {"role": "writer", "write_in": []}}, "non-empty list of scopes"),
    ({"w": {"role": "writer", "applies_to": {"flavours": ["keras4"]}}}, "unknown flavour 'keras4'"),
])
def test_writer_and_reader_metadata_is_checked(variants, message):
    with pytest.raises(casefile.CaseFileError, match=message):
        casefile.validate(_meta(variants), "x.py")


def test_a_reader_knows_its_writer_and_where_it_applies(pair):
    reader, k3 = pair.variant("r"), pair.variant("r_k3")
    assert reader.role == casefile.READER and reader.reads == "saveload_pair::w"
    assert reader.flavours == casefile.FLAVOURS and k3.flavours == ("keras3",)
    assert pair.variant("w").reads is None


def test_the_library_readers_read_writers_of_their_own_file():
    scenarios, errors = casefile.discover(os.path.join(os.path.dirname(__file__), "..", "cases"))
    assert not errors
    readers = [v for s in scenarios for v in s.variants if v.role == casefile.READER]
    assert len(readers) >= 20
    for v in readers:
        assert v.scenario.id.startswith("saveload_") and v.scenario.variant(v.meta["reads"]).role == casefile.WRITER
        assert "same_predictions" in v.required_effects, v.case_id


# ------------------------------------------------------------------------ the store ----
def _folder(tmp_path, name="a", content=b"x" * 1000):
    folder = tmp_path / name
    (folder / "sub").mkdir(parents=True)
    (folder / "model.h5").write_bytes(content)
    (folder / "sub" / "w.txt").write_text("w")
    return folder


def test_packing_is_deterministic_and_content_addressed(tmp_path):
    one = artifacts.pack(str(_folder(tmp_path, "a")))
    os.utime(str(tmp_path / "a" / "model.h5"), (1, 1))   # times are not content
    two = artifacts.pack(str(_folder(tmp_path, "b")))
    assert one == two and artifacts.pack(str(tmp_path / "a")) == one
    assert [f["path"] for f in one[1]] == ["model.h5", "sub/w.txt"]
    assert artifacts.pack(str(_folder(tmp_path, "c", b"y" * 1000)))[0] != one[0]


def test_an_artifact_is_written_once_and_never_rewritten(tmp_path):
    store = str(tmp_path / "store")
    sha, size, files = artifacts.store(store, str(_folder(tmp_path)), {"writer_env": "first"})
    path = artifacts.path_of(store, sha)
    assert os.path.basename(os.path.dirname(path)) == sha[:2] and artifacts.exists(store, sha)
    before = (os.stat(path).st_ino, os.stat(path).st_mtime_ns, open(path, "rb").read())
    meta_before = open(artifacts.meta_path(store, sha)).read()
    again = artifacts.store(store, str(_folder(tmp_path, "b")), {"writer_env": "second"})
    assert again[0] == sha
    assert (os.stat(path).st_ino, os.stat(path).st_mtime_ns, open(path, "rb").read()) == before
    assert open(artifacts.meta_path(store, sha)).read() == meta_before     # the first writer's meta stays
    meta = artifacts.read_meta(store, sha)
    assert meta["writer_env"] == "first" and meta["bytes"] == size and meta["files"] == files
    assert sorted(os.listdir(os.path.dirname(path))) == [sha + ".json", sha + ".tar.gz"]   # no temp file left


def test_unpack_checks_the_bytes_and_refuses_members_outside_the_folder(tmp_path):
    store = str(tmp_path / "store")
    sha, _, _ = artifacts.store(store, str(_folder(tmp_path)), {})
    out = artifacts.unpack(store, sha, str(tmp_path / "out"))
    assert (tmp_path / "out" / "sub" / "w.txt").read_text() == "w"
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(str(evil), "w:gz") as tar:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 1
        import io
        tar.addfile(info, io.BytesIO(b"x"))
    import hashlib
    data = evil.read_bytes()
    bad = hashlib.sha256(data).hexdigest()
    os.makedirs(os.path.join(store, bad[:2]), exist_ok=True)
    with open(artifacts.path_of(store, bad), "wb") as handle:
        handle.write(data)
    with pytest.raises(ValueError, match="refused member"):
        artifacts.unpack(store, bad, str(tmp_path / "out2"))
    assert not (tmp_path / "outside.txt").exists()
    with open(artifacts.path_of(store, sha), "ab") as handle:   # a damaged store is noticed
        handle.write(b"!")
    with pytest.raises(ValueError, match="do not match"):
        artifacts.unpack(store, sha, out)


def test_an_index_that_is_missing_or_damaged_reads_as_nothing_to_read(tmp_path):
    assert artifacts.read_index(str(tmp_path / "none.json")) == {}
    (tmp_path / "bad.json").write_text("{not json")
    assert artifacts.read_index(str(tmp_path / "bad.json")) == {}
    artifacts.write_index(str(tmp_path / "i.json"), str(tmp_path), {"s::w": {"e1": {"sha256": "a" * 64}}})
    assert artifacts.read_index(str(tmp_path / "i.json")) == {"s::w": {"e1": {"sha256": "a" * 64}}}


# ------------------------------------------------------------- ctx, in any script ----
def test_predictions_are_compared_with_keys_shapes_and_nan():
    assert _max_diff({"a": [1.0, 2.0]}, {"a": [1.0, 2.5]}) == (0.5, None)
    assert _max_diff({"a": [1.0]}, {"b": [1.0]})[1].startswith("outputs: keys")
    assert "shape" in _max_diff([[1.0, 2.0]], [[1.0]])[1]
    assert _max_diff([float("nan")], [float("nan")]) == (0.0, None)
    diff, why = _max_diff([1.0], [float("nan")])
    assert why is None and diff != diff
    ctx = CaseContext(None, None, "tf.keras", ".")
    first = ctx.fixed_input((2, 3))
    assert first.dtype == np.float32 and (first == ctx.fixed_input((2, 3))).all() and first.std() > 0.1
    tokens = ctx.fixed_input((2, 4), dtype="int32", high=5)
    assert tokens.max() == 4 and tokens.dtype == np.int32


# ------------------------------------------------------------------- the runner ----
def _index(tmp_path, monkeypatch, store, entries):
    path = tmp_path / "index.json"
    artifacts.write_index(str(path), str(store), entries)
    monkeypatch.setenv(records.ENV_ARTIFACTS_INDEX, str(path))
    monkeypatch.setenv(records.ENV_ARTIFACTS, str(store))
    saveload._INDEX.clear()


def test_a_reader_becomes_one_item_per_artifact_of_its_writer(pair, tmp_path, monkeypatch):
    monkeypatch.delenv(records.ENV_ARTIFACTS_INDEX, raising=False)
    assert saveload.expand(pair.variant("r")) == []            # no index: nothing to read
    assert saveload.expand(pair.variant("w")) == [pair.variant("w")]
    _index(tmp_path, monkeypatch, tmp_path / "store", {"saveload_pair::w": {
        "env-b": {"sha256": "b" * 64}, "env-a": {"sha256": "a" * 64}, "env-c": {"no": "sha"}},
        "other::w": {"env-x": {"sha256": "c" * 64}}})
    runs = saveload.expand(pair.variant("r"))
    assert [r.case_id for r in runs] == ["saveload_pair::r@env-a", "saveload_pair::r@env-b"]
    described = runs[0].describe()
    assert described["case_id"] == "saveload_pair::r@env-a" and described["artifact"] == "a" * 64
    assert described["writer_env"] == "env-a" and described["writer_case"] == "saveload_pair::w"
    rebuilt = child.rebuild(json.loads(json.dumps(runs[1].spawn_request())))   # what a fresh interpreter gets
    assert rebuilt.case_id == runs[1].case_id and rebuilt.sha == "b" * 64


def test_what_does_not_apply_is_recorded_without_a_case_process(pair, tmp_path, monkeypatch):
    _index(tmp_path, monkeypatch, tmp_path, {"saveload_pair::w": {"e": {"sha256": "a" * 64}}})
    k3 = saveload.expand(pair.variant("r_k3"))[0]
    settled = saveload.settled(k3, FakeKeras(), {"flavour": "tf.keras"})
    assert settled["outcome"] == outcomes.NOT_APPLICABLE and "keras3" in settled["reason"]
    assert saveload.settled(saveload.expand(pair.variant("r"))[0], FakeKeras(), {}) is None
    writer = pair.variant("w")
    writer.meta["write_in"] = [{"tf": ">=2.3,<2.4"}, {"flavour": "keras3"}]
    assert saveload.settled(writer, FakeKeras(), {"tf": "2.15.1", "flavour": "tf.keras"})["outcome"] == \
        outcomes.NOT_APPLICABLE
    assert saveload.settled(writer, FakeKeras(), {"tf": "2.3.4", "flavour": "tf.keras"}) is None


def test_a_writer_packs_what_it_saved_and_a_reader_compares_with_it(pair, tmp_path, monkeypatch):
    store = tmp_path / "store"
    monkeypatch.setenv(records.ENV_ARTIFACTS, str(store))
    monkeypatch.setenv(records.ENV_ENV_ID, "writer-env")
    result = child.execute(pair.variant("w"), FakeKeras(), str(tmp_path / "w.out"))
    assert result["outcome"] == outcomes.OK, result
    sha = result["artifact"]
    assert artifacts.exists(str(store), sha) and result["artifact_bytes"] > 0
    meta = artifacts.read_meta(str(store), sha)
    assert meta["writer_case"] == "saveload_pair::w" and meta["writer_env"] == "writer-env"
    assert sorted(f["path"] for f in meta["files"]) == ["predictions.json", "weights.npy", "writer.json"]
    assert meta["predictions"]["out"] == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert not [p for p in os.listdir(str(tmp_path)) if p.startswith("kmatrix-case")]   # nothing left behind

    _index(tmp_path, monkeypatch, store, {"saveload_pair::w": {"writer-env": {"sha256": sha}}})
    reader = saveload.expand(pair.variant("r"))[0]
    same = child.execute(reader, FakeKeras(), str(tmp_path / "r.out"))
    assert same["outcome"] == outcomes.OK and same["observed"]["max_abs_diff"] == 0.0
    assert same["observed"]["writer_env"] == "writer-env" and same["effects"] == {"same_predictions": "yes"}
    monkeypatch.setenv("SHIFT", "0.5")                          # loads, but predicts differently
    differs = child.execute(reader, FakeKeras(), str(tmp_path / "r2.out"))
    assert differs["outcome"] == outcomes.SILENT_FAILURE and differs["observed"]["max_abs_diff"] == 0.5
    damaged = saveload.ReaderRun(pair.variant("r"), "writer-env", {"sha256": "0" * 64})
    broken = child.execute(damaged, FakeKeras(), str(tmp_path / "r3.out"))
    assert broken["outcome"] == outcomes.CASE_ERROR and "could not be unpacked" in broken["reason"]


def test_a_writer_that_keeps_no_predictions_stores_nothing(tmp_path, monkeypatch):
    (tmp_path / "saveload_bad.py").write_text(textwrap.dedent('''
        CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org/1"]},
                "variants": {"w": {"role": "writer"}}}


        def w(ctx):
            open(ctx.artifact_dir + "/model.h5", "w").write("x")
        '''))
    monkeypatch.setenv(records.ENV_ARTIFACTS, str(tmp_path / "store"))
    variant = casefile.load_scenario(str(tmp_path / "saveload_bad.py")).variant("w")
    result = child.execute(variant, FakeKeras(), str(tmp_path / "out"))
    assert result["outcome"] == outcomes.CASE_ERROR and "kept no predictions" in result["reason"]
    assert not (tmp_path / "store").exists()


# --------------------------------------------------------------- records, claims ----
def _record(case_id, **fields):
    return records.make_record("reader-env", "r1", case_id, outcomes.OK, **fields)


def test_the_reader_id_form_is_valid_exactly_when_the_record_says_what_it_read():
    assert records.check(_record("s::r@env-a", artifact="a" * 64, writer_env="env-a")) is None
    assert "reader form" in records.check(_record("s::r@env-a"))
    assert "reader form" in records.check(_record("s::r@env-a", artifact="a" * 64, writer_env="env-b"))
    assert "reader form" in records.check(_record("s::r@x@env-a", artifact="a" * 64, writer_env="env-a"))
    assert records.check(_record("s::w", artifact="a" * 64, artifact_bytes=10)) is None
    assert "artifact_bytes must be int" in records.check(_record("s::w", artifact_bytes="10"))


def test_a_claim_can_be_scoped_by_the_writer_environment():
    scope = {"flavour": "keras3", "writer": {"flavour": "tf.keras", "tf": ">=2.0"}}
    assert axes.check_scope(scope) == []
    assert axes.check_scope({"writer": {"writer": {"tf": ">=2"}}})       # no writer of a writer
    assert axes.check_scope({"writer": {"tf": "2.0"}})
    reader = {"flavour": "keras3", "tf": "2.21.0"}
    assert axes.in_scope(scope, dict(reader, writer={"flavour": "tf.keras", "tf": "2.15.1"}))
    assert not axes.in_scope(scope, dict(reader, writer={"flavour": "keras3", "tf": "2.21.0"}))
    assert not axes.in_scope(scope, reader)                              # not a reader cell: outside
    claim = {"text": "t", "scope": scope, "expect": {"outcome": "ok"}}
    assert claims.validate_claim(claim) == []


# ---------------------------------------------------------------------- the audit ----
def test_a_reader_cell_is_audited_as_two_plain_scripts_sharing_a_folder(pair, tmp_path):
    """The writer's script runs with the writer row's interpreter into a folder, the reader's
    with the reader row's on that folder; here both are this Python with a stand-in `keras`."""
    import stat
    import sys
    from types import SimpleNamespace

    from harness.audit import run as audit
    fake = tmp_path / "fake"
    (fake / "keras").mkdir(parents=True)
    (fake / "keras" / "__init__.py").write_text("__version__ = '3.0.0'\n")
    python = tmp_path / "python"
    python.write_text("#!/bin/sh\nPYTHONPATH=%s exec %s \"$@\"\n" % (fake, sys.executable))
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    rows = {name: SimpleNamespace(id=name, keras="keras", env=()) for name in ("w-row", "r-row")}
    record = records.make_record("r-row", "20250101T000000Z-aaaaaa", "saveload_pair::r@w-row", outcomes.OK,
                                 artifact="a" * 64, writer_env="w-row", writer_case="saveload_pair::w",
                                 effects={"same_predictions": "yes"}, subject_reached=True)
    folder = os.path.dirname(pair.path)
    checks = audit.audit_row(rows["r-row"], str(python), [record], folder,
                             writer_of=audit.writers_in(rows, lambda row_id: str(python)))
    assert checks[0].audited and checks[0].differences() == [], (checks[0].note, checks[0].plain)
    # a writer that cannot run here: the reader cell is not audited, and says why
    checks = audit.audit_row(rows["r-row"], str(python), [record], folder,
                             writer_of=audit.writers_in({"r-row": rows["r-row"]}, lambda row_id: str(python)))
    assert not checks[0].audited and "cannot run plainly in w-row" in checks[0].note


def test_the_store_travels_as_a_tar_and_restoring_only_adds_what_hashes_to_its_name(tmp_path):
    from harness.history import store as store_publish
    source = tmp_path / "a" / "library"
    sha, _, _ = artifacts.store(str(source / "artifacts"), str(_folder(tmp_path)), {"writer_env": "e"})
    assert store_publish.pack(source, tmp_path / "store.tar") == 2
    target = tmp_path / "b" / "library"
    other, _, _ = artifacts.store(str(target / "artifacts"), str(_folder(tmp_path, "z", b"z")), {})
    assert store_publish.restore(target, str(tmp_path / "store.tar")) == (2, [])
    assert artifacts.exists(str(target / "artifacts"), sha) and artifacts.exists(str(target / "artifacts"), other)
    assert store_publish.restore(target, str(tmp_path / "store.tar")) == (0, [])   # present: untouched
    import io
    forged = tmp_path / "forged.tar"
    with tarfile.open(str(forged), "w") as tar:
        for name, data in (("%s/%s.tar.gz" % ("ab", "ab" + "0" * 62), b"not those bytes"), ("../../evil.json", b"{}")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    added, refused = store_publish.restore(target, str(forged))
    assert added == 0 and len(refused) == 2 and not (tmp_path / "evil.json").exists()
    assert store_publish.restore(target, str(tmp_path / "nothing-published-yet.tar"), first_publication=True) == (0, [])
    with pytest.raises(ValueError, match="no published artifact store"):
        store_publish.restore(target, str(tmp_path / "nothing-published-yet.tar"))   # a lost store fails the job


def test_a_torch_output_that_requires_grad_is_kept_as_its_values(tmp_path):
    """Keras 3 on PyTorch: model(x) requires grad and its .numpy() raises; the writer's kept
    predictions (and a reader's comparison) detach it, as predict() would: no harness error in a cell."""
    import numpy as np
    from harness.runner.context import CaseContext

    class Grad:            # what a torch tensor that requires grad answers
        requires_grad = True

        def numpy(self):
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")

        def detach(self):
            return self

        def cpu(self):
            return self

    Grad.numpy_values = np.array([1.5, 2.0])
    Grad.detach = lambda self: type("Detached", (), {"cpu": lambda s: s, "numpy": lambda s: Grad.numpy_values})()
    ctx = CaseContext(None, None, "keras3", str(tmp_path))
    assert ctx.evaluate(Grad()).tolist() == [1.5, 2.0]
