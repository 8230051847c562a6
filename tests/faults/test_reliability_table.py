"""The README's Reliability table says how many inputs each probe class tries: keep it true."""
import importlib.util
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROWS = {"malformed case files": "test_case_files.py", "hostile case processes": "test_processes.py",
        "report inputs": "test_report_inputs.py", "command-line inputs": "test_cli_inputs.py",
        "the history": "test_history_faults.py", "publication": "test_publication_faults.py"}


def _probes(name):
    spec = importlib.util.spec_from_file_location("probe_" + name[:-3], HERE / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PROBES


def test_readme_counts_match_the_suite():
    readme = (HERE.parents[1] / "README.md").read_text()
    section = readme[readme.index("## Reliability"):]
    section = section[:section.index("\n## ", 5)]
    for label, module in ROWS.items():
        match = re.search(r"^\| %s\b[^|]*\| *(\d+) *\|" % re.escape(label), section, re.M)
        assert match, label
        assert int(match.group(1)) == _probes(module), label
    assert sorted(p.name for p in HERE.glob("test_*.py") if p.name != Path(__file__).name) == sorted(ROWS.values())
