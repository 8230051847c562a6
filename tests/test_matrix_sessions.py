"""noxfile.py: one session per matrix row, named by its id, tagged from the table."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.matrix.table import load_matrix

REPO = Path(__file__).resolve().parents[1]


def _nox(*args):
    nox = shutil.which("nox")
    cmd = [nox] if nox else [sys.executable, "-m", "nox"]
    out = subprocess.run(cmd + list(args), cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture(scope="module")
def listing():
    rows = json.loads(_nox("-l", "--json", "-t", "matrix"))
    extra = json.loads(_nox("-l", "--json", "-s", "matrix", "report"))
    return {s["session"]: s for s in rows + extra}


def test_every_row_is_a_session_with_its_tags(listing):
    rows = load_matrix(REPO / "matrix.toml")
    for row in rows:
        assert row.id in listing, row.id
        assert sorted(listing[row.id]["tags"]) == sorted(list(row.tags) + ["matrix"]), row.id
    assert set(listing) == {r.id for r in rows} | {"matrix", "report"}


def test_tag_selection_picks_exactly_the_tagged_rows():
    smoke = {s["session"] for s in json.loads(_nox("-l", "--json", "-t", "smoke"))}
    assert smoke == {r.id for r in load_matrix(REPO / "matrix.toml") if "smoke" in r.tags}


def test_text_listing_shows_ids_and_tags():
    text = _nox("-l")
    assert "tf1.15-keras2.2.4-py3.7-cpu [tf1,keras2,keras-standalone,legacy,matrix]" in text
    assert "matrix" in text and "report" in text
