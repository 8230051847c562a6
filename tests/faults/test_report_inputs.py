"""Probe class 2-3, 9: whatever reaches the report (records that break the contract at any
depth, damaged env.json / timing / audit files, a damaged history file, a malformed baseline),
it never crashes: each bad input is named (file:line) and skipped, and the exit codes stay
distinct (0 no change, 1 cells changed, 2 usage or input error, 3 a bug of ours)."""
import json

from harness import records
from harness.history.layout import ResultsSet

from fault_support import report_cli
from support import synthetic

RUN = "20260101T000000Z-aaaaaa"
ENV = "tf2.15-keras2-py3.11-cpu"


def _good(case_id="s::ok", **fields):
    record = records.make_record(ENV, RUN, case_id, "ok")
    record.update(fields)
    return record


BAD_LINES = {
    "not json": "{not json",
    "a list": "[1, 2]",
    "unknown outcome": json.dumps(_good(outcome="sideways")),
    "flaky recorded": json.dumps(_good(outcome="flaky")),
    "bad regex claim": json.dumps(_good(claim={"text": "t", "expect": {"message": "(["}})),
    "grads not a map": json.dumps(_good(grads=["w"])),
    "grad status": json.dumps(_good(grads={"w": "maybe"})),
    "nested claim type": json.dumps(_good(claim={"text": "t", "expect": {"grads": "none"}})),
    "null case for a case outcome": json.dumps(_good(case_id=None)),
    "case id without ::": json.dumps(_good(case_id="nope")),
    "schema 99": json.dumps(dict(_good(), schema=99)),
    "number as text": json.dumps(_good(duration_s="fast")),
    # records that pass every type check but contradict themselves or their place
    "env id of another row": json.dumps(_good(env_id="another-row")),
    "run id of another run": json.dumps(_good(run_id="20260105T000000Z-cccccc")),
    "ok with an error": json.dumps(_good(error_type="ValueError", error_message="it failed")),
    "keras_history_error without an error": json.dumps(_good(outcome="keras_history_error")),
    "case id with a newline": json.dumps(_good(case_id="s::v\n")),
    "case id with a space": json.dumps(_good(case_id="s ::v")),
    "case id ::": json.dumps(_good(case_id="::")),
    "case id of three parts": json.dumps(_good(case_id="a::b::c")),
}
BAD_ENV_JSON = {"device a string": {"device": "cpu", "keras": "3", "tensorflow": 2},
                "not an object": [1, 2, 3]}


def test_every_bad_input_is_named_and_skipped_and_the_report_is_built(tmp_path):
    root = tmp_path / "results" / "library"
    lines = [json.dumps(_good("s::first"))] + list(BAD_LINES.values()) + [json.dumps(_good("s::last"))]
    folder = ResultsSet(root).raw_folder(RUN, ENV)
    folder.mkdir(parents=True)
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n" + json.dumps(_good("s::cut"))[:40])
    (folder / "audit.jsonl").write_text('{"case_id": 1}\nnot json\n')
    (folder / "env.json").write_text("{broken")
    for i, (name, env) in enumerate(BAD_ENV_JSON.items()):
        env_id = "row-%d" % i
        synthetic.write_run(root, RUN, env_id, env, [records.make_record(env_id, RUN, "s::first", "ok")])
    damaged = ResultsSet(root).records_file("20260102T000000Z-bbbbbb", ENV)   # a half-copied history file
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"PAR1" + b"\0" * 100)

    proc = report_cli("build", "--results", root, "--out", tmp_path / "reports", "--no-cases", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    warnings = proc.stderr
    for number in range(2, len(BAD_LINES) + 2):
        assert "records.jsonl:%d:" % number in warnings, (number, warnings)
    assert "incomplete last line" in warnings and "audit.jsonl:1" in warnings and "audit.jsonl:2" in warnings
    assert "env.json: not valid" in warnings and "not a readable history file" in warnings
    table = json.loads((tmp_path / "reports" / "table.json").read_text())
    assert table["cells"]["s::first"][ENV]["outcome"] == "ok" and table["cells"]["s::last"][ENV]["outcome"] == "ok"
    assert {e["id"] for e in table["envs"]} == {ENV, "row-0", "row-1"}
    page = (tmp_path / "reports" / "index.html").read_text()
    assert "records.jsonl:3" in page                  # the page lists the input problems too


def test_exit_codes_are_distinct(tmp_path):
    root = tmp_path / "results" / "library"
    synthetic.write_run(root, RUN, ENV, None, [_good()])
    ok = report_cli("build", "--results", root, "--out", tmp_path / "r1", "--no-cases", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    table = json.loads((tmp_path / "r1" / "table.json").read_text())
    table["cells"]["s::ok"][ENV]["outcome"] = "error"
    (tmp_path / "old.json").write_text(json.dumps(table))
    changed = report_cli("check", "--baseline", tmp_path / "old.json", "--current", tmp_path / "r1" / "table.json",
                         cwd=tmp_path)
    assert changed.returncode == 1
    table["cells"]["s::ok"][ENV] = ["not", "a", "cell"]
    (tmp_path / "bad.json").write_text(json.dumps(table))
    bad = report_cli("build", "--results", root, "--out", tmp_path / "r2", "--baseline", tmp_path / "bad.json",
                     "--no-cases", cwd=tmp_path)
    assert bad.returncode == 2 and "malformed" in bad.stderr
    usage = report_cli("build", "--results", root, "--matrix", tmp_path / "other.toml", cwd=tmp_path)
    assert usage.returncode == 2 and "other.toml" in usage.stderr and "matrix.toml" not in usage.stderr


# One bad character (a file name decoded with surrogateescape, bytes that are not UTF-8) in
# any text a run wrote: replaced where it is read, never the reason the set can no longer be
# ingested or rendered.
SURROGATE = "could not read %s" % "caf\udce9.csv"      # os.fsdecode(b"caf\xe9.csv")
BAD_TEXT = {"surrogate in a record", "bytes not UTF-8 in a record", "surrogate in env.json", "surrogate in audit"}


def test_one_bad_character_never_poisons_the_set(tmp_path):
    root = tmp_path / "results" / "library"
    results = ResultsSet(root)
    folder = results.raw_folder(RUN, ENV)
    folder.mkdir(parents=True)
    escaped = _good("s::surrogate", outcome="error", error_type="OSError", error_message=SURROGATE)
    raw = records.dumps(_good("s::bytes", outcome="error", error_type="OSError",
                              error_message="could not read cafXX.csv")).encode().replace(b"XX", b"\xe9\xff")
    (folder / "records.jsonl").write_bytes(records.dumps(escaped).encode() + b"\n" + raw + b"\n")
    env = synthetic.env_json(ENV, "2.15.1", "tf.keras", "2.15.0", "3.11.9")
    env["platform"]["release"] = "6.1.0-caf\udce9"
    (folder / "env.json").write_text(json.dumps(env))            # ensure_ascii: the surrogate as \udce9
    (folder / "audit.jsonl").write_text(json.dumps(
        {"env_id": ENV, "case_id": "s::surrogate", "run_id": RUN, "audited_at": "2026-01-01T00:00:01Z",
         "audited": True, "agree": True, "record": {"outcome": "error", "error_type": "OSError"},
         "plain": {"outcome": "error", "error_type": "OSError", "last_line": "OSError: " + SURROGATE}}) + "\n")

    for attempt in (1, 2):                   # and the next build (or the row's next run) is not stopped either
        proc = report_cli("build", "--results", root, "--out", tmp_path / "reports", "--no-cases", cwd=tmp_path)
        assert proc.returncode == 0, (attempt, proc.stdout + proc.stderr)
    assert results.is_ingested(RUN, ENV)
    table = json.loads((tmp_path / "reports" / "table.json").read_text(encoding="utf-8"))
    assert table["cells"]["s::surrogate"][ENV]["error_message"] == "could not read caf\ufffd.csv"
    assert table["cells"]["s::bytes"][ENV]["error_message"].startswith("could not read caf\ufffd")
    page = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "6.1.0-caf\ufffd" in page and "\udce9" not in page


# Folders under runs/ that are not a run / row of ours (a notebook's checkpoints, a name with a
# space, a copied folder): named and skipped, never the end of the build.
ODD_FOLDERS = {   # folder made -> the folder named as skipped
    "runs/%s/.ipynb_checkpoints" % RUN: "runs/%s/.ipynb_checkpoints" % RUN,
    "runs/%s/row with space" % RUN: "runs/%s/row with space" % RUN,
    "runs/bad run id/%s" % ENV: "runs/bad run id",
    "runs/.ipynb_checkpoints/%s" % ENV: "runs/.ipynb_checkpoints"}


def test_folders_that_are_not_runs_or_rows_are_named_and_skipped(tmp_path):
    root = tmp_path / "results" / "library"
    synthetic.write_run(root, RUN, ENV, None, [_good("s::ok")], kept=False)
    for name in ODD_FOLDERS:
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "records.jsonl").write_text(records.dumps(_good("s::odd")) + "\n")
    proc = report_cli("build", "--results", root, "--out", tmp_path / "reports", "--no-cases", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name, named in ODD_FOLDERS.items():
        assert "%s: not a" % named in proc.stderr, (name, proc.stderr)
    table = json.loads((tmp_path / "reports" / "table.json").read_text())
    assert set(table["cells"]) == {"s::ok"}


# Readable Parquet files whose columns have other types (another writer, a future schema):
# named and skipped like a damaged file; the report is built from the others.
OTHER_TYPES = {"records": "SELECT 's::typed' AS case_id, 'abc' AS line, 2 AS schema",
               "rowrun": "SELECT 'yes' AS complete, 7 AS records",
               "audit-20260101T000000Z-cccccc": "SELECT 's::ok' AS case_id, 'sure' AS agree"}


def test_history_files_with_other_column_types_are_named_and_skipped(tmp_path):
    import duckdb
    root = tmp_path / "results" / "library"
    synthetic.write_run(root, RUN, ENV, None, [_good("s::ok")])
    other_run, env_id = "20260102T000000Z-bbbbbb", "other-row"
    folder = ResultsSet(root).history_folder(other_run)
    folder.mkdir(parents=True)
    con = duckdb.connect()
    for kind, select in OTHER_TYPES.items():
        select += ", '%s' AS run_id, '%s' AS env_id, '2026-01-02T00:00:00Z' AS started_at" % (other_run, env_id)
        con.execute("COPY (%s) TO '%s' (FORMAT parquet)" % (select, folder / ("%s.%s.parquet" % (env_id, kind))))
    con.close()
    for attempt in (1, 2):       # the first build indexes the files, the second reads the index
        proc = report_cli("build", "--results", root, "--out", tmp_path / "reports", "--no-cases", cwd=tmp_path)
        assert proc.returncode == 0, (attempt, proc.stdout + proc.stderr)
        for kind in OTHER_TYPES:
            assert "%s.%s.parquet: not a readable history file" % (env_id, kind) in proc.stderr, (kind, proc.stderr)
    table = json.loads((tmp_path / "reports" / "table.json").read_text())
    assert set(table["cells"]) == {"s::ok"} and table["cells"]["s::ok"][ENV]["outcome"] == "ok"


def test_a_claim_pattern_that_backtracks_forever_never_hangs_the_build(tmp_path):
    """`^(a+)+$` against 'aaaa...!' backtracks 2^40 times: refused where claims are
    validated, never evaluated where they are judged."""
    import subprocess
    import sys
    from fault_support import REPO
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "known_hang.py").write_text(
        'CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org"]},\n'
        '        "variants": {"v": {"role": "fix", "claim": {"text": "t", "expect": {"message": "^(a+)+$"}}}}}\n\n\n'
        'def v(ctx):\n    pass\n')
    root = tmp_path / "results" / "library"
    synthetic.write_run(root, RUN, ENV, None, [_good("known_hang::v", outcome="error", error_type="ValueError",
                                                     error_message="a" * 40 + "!")])
    proc = subprocess.run([sys.executable, "-m", "harness.report", "build", "--results", str(root), "--out",
                           str(tmp_path / "reports"), "--cases", str(cases)], cwd=str(tmp_path),
                          capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PATH": ""}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    from harness import claims
    verdict, why = claims.verdict({"text": "t", "expect": {"message": "^(a+)+$"}},
                                  {"outcome": "error", "error_type": "E", "error_message": "a" * 40 + "!"})
    assert verdict == claims.INCONCLUSIVE and "nested quantifier" in why


# Shared links the page cannot decode: no selection, never a page that does not start.
BAD_LINKS = ("#env=%", "#env=%E0%A4%A", "#env=%ZZ")


def test_a_link_that_cannot_be_decoded_selects_nothing(tmp_path):
    import shutil
    import subprocess
    from fault_support import REPO
    node = shutil.which("node")
    if not node:
        import pytest
        pytest.skip("node not installed")
    link = REPO / "harness" / "report" / "page" / "link.js"
    script = ("const K = require(%s); const out = {};\n"
              "for (const h of JSON.parse(process.argv[1])) out[h] = K.envFromHash(h);\n"
              "console.log(JSON.stringify(out));" % json.dumps(str(link)))
    hashes = list(BAD_LINKS) + ["#env=tf2.15-keras2-py3.11-cpu", "#env=a%2Fb", ""]
    proc = subprocess.run([node, "-e", script, json.dumps(hashes)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert {h: found[h] for h in BAD_LINKS} == {h: None for h in BAD_LINKS}
    assert found["#env=tf2.15-keras2-py3.11-cpu"] == "tf2.15-keras2-py3.11-cpu" and found["#env=a%2Fb"] == "a/b"
    assert found[""] is None
    page = (REPO / "harness" / "report" / "page" / "picker.js").read_text()
    assert "decodeURIComponent" not in page     # the page decodes links only through KLink


# The inputs tried (the README's Reliability table counts them)
PROBES = (len(BAD_LINES) + len(BAD_ENV_JSON)
          + 5                  # truncated last line, bad env.json text, bad audit line, damaged Parquet, bad baseline
          + len(BAD_TEXT) + len(ODD_FOLDERS) + len(OTHER_TYPES)
          + 1                  # a claim pattern that backtracks forever
          + len(BAD_LINKS))
