"""The README's two commands are the ones CI and users really run."""
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def quick_start_commands():
    readme = (REPO / "README.md").read_text()
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", readme, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_two_commands_and_ci_runs_the_test_command():
    main_job, tests = quick_start_commands()
    assert "nox -s matrix" in main_job and "pip install" in main_job
    assert "pytest" in tests and "pip install" in tests
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert tests in [line.strip() for line in ci]


def test_ci_fails_when_no_test_runs():
    # pytest exits 5 when it collected nothing; .ci/run must not swallow it.
    ci = (REPO / ".ci" / "run").read_text()
    assert "set -euo pipefail" in ci and "|| true" not in ci
