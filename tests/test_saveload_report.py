"""The saved-in / loaded-in grid in the report, from synthetic but schema-true records: reader
cells leave the main table for their grid, each (writer env, reader env) pair is the newest
record, claims are judged with the writer's axes, and table.json / table.csv / summary.md carry
the same cells (docs/saveload.md describes their shape)."""
import csv
import io
import json

import pytest

from harness import outcomes, records
from harness.report import publish

from support import saveload_demo, synthetic
from support.saveload_demo import K2, K316, K321, RUN, SHA


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return saveload_demo.build(tmp_path_factory.mktemp("saveload-report"))


def test_reader_cells_leave_the_main_table_for_their_grid(built):
    grid = built["built"].grid
    assert [r.case_id for r in grid.rows] == ["saveload_demo::w", "saveload_demo::other"]
    (rg,) = grid.saveload.grids
    assert rg.case_id == "saveload_demo::r" and rg.writer_case == "saveload_demo::w"
    assert rg.writers == [K2, K316, K321]     # K316's writer failed: its row says so, and holds no reads
    assert rg.cells[(K2, K2)]["outcome"] == outcomes.OK and rg.cells[(K2, K2)]["max_abs_diff"] == 0.0
    assert rg.cells[(K2, K316)]["outcome"] == outcomes.SILENT_FAILURE and rg.cells[(K2, K316)]["max_abs_diff"] == 1.74
    assert rg.cells[(K321, K2)]["error_type"] == "TypeError"
    assert rg.cells[(K316, K2)]["outcome"] == outcomes.NOT_RUN and rg.cells[(K321, K321)]["origin"] == "missing"
    assert any("saveload_gone::r" in p for p in grid.problems)


def test_claims_are_judged_with_the_writer_environment(built):
    rg = built["built"].grid.saveload.grids[0]
    # Keras 3 reading tf.keras: in scope (refuted where it predicts differently, holds where it loads)
    assert (rg.cells[(K2, K316)]["verdict"], rg.cells[(K2, K316)]["scope"]) == ("refuted", "in")
    assert (rg.cells[(K2, K321)]["verdict"], rg.cells[(K2, K321)]["scope"]) == ("holds", "in")
    # Keras 3 reading Keras 3, or tf.keras reading anything: outside the claim's scope
    assert rg.cells[(K321, K316)]["scope"] == "out" and rg.cells[(K2, K2)]["scope"] == "out"
    assert rg.verdicts()["in"] == {"refuted": [(K2, K316)], "holds": [(K2, K321)]}


def test_table_json_and_csv_carry_the_reader_cells(built):
    table = json.loads((built["reports"] / "table.json").read_text())
    assert table["saveload"]["saveload_demo::r"]["reads"] == "saveload_demo::w"
    assert table["saveload"]["saveload_demo::r"]["writers"] == [K2, K316, K321]
    cell = table["cells"]["saveload_demo::r@%s" % K2][K316]
    assert cell["outcome"] == "silent_failure" and cell["max_abs_diff"] == 1.74 and cell["artifact"] == SHA[K2]
    assert K2 not in table["cells"].get("saveload_demo::r@%s" % K316, {})     # not read: no cell
    assert "saveload_demo::r" not in table["cells"]
    rows = list(csv.DictReader(io.StringIO((built["reports"] / "table.csv").read_text())))
    readers = [r for r in rows if r["role"] == "reader"]
    assert len(readers) == 5 and {r["writer_env"] for r in readers} == {K2, K321}
    line = next(r for r in readers if r["case_id"] == "saveload_demo::r@%s" % K321 and r["env_id"] == K2)
    assert line["outcome"] == "error" and line["error_type"] == "TypeError" and line["artifact"] == SHA[K321]
    assert all(r["writer_env"] == "" for r in rows if r["role"] != "reader")
    summary = (built["reports"] / "summary.md").read_text()
    assert "### Saved in / loaded in" in summary and "| saveload_demo::r | w | 3 |" in summary


def test_the_page_holds_the_grid_and_both_codes(built):
    page = (built["reports"] / "index.html").read_text()
    assert 'id="saveload"' in page and 'id="sl-grid"' in page and 'data-reader="saveload_demo::r"' in page
    assert 'data-case="saveload_demo::r' not in page      # no reader row in the main table
    island = page[page.index('id="kmatrix-data">') + len('id="kmatrix-data">'):]
    data = json.loads(island[:island.index("</script>")])
    reader = data["saveload"]["readers"]["saveload_demo::r"]
    assert reader["reads"] == "saveload_demo::w" and "def r(ctx):" in reader["body"]
    assert "ctx.use_artifact(folder)" in reader["body"] and "def w(ctx):" in data["cases"]["saveload_demo::w"]["body"]
    assert len(data["saveload"]["cells"]) == 9


def test_a_history_without_readers_builds_as_before(tmp_path):
    synthetic.write_run(tmp_path / "results", RUN, K2, synthetic.env_json(K2, "2.15.1", "tf.keras", "2.15.0", "3.11.9"),
                        [synthetic.case_record(K2, RUN, "seed004_x::a", outcomes.OK)])
    out = publish.build(tmp_path / "results", tmp_path / "reports")
    assert out.grid.saveload.grids == []
    assert "No reader has results yet" in (tmp_path / "reports" / "index.html").read_text()
    assert records.check(json.loads(json.dumps(synthetic.case_record(K2, RUN, "seed004_x::a", outcomes.OK)))) is None


def test_where_loading_changes_is_said_per_reader_and_writer_group(built):
    from harness.report import saveload
    grid = built["built"].grid
    ((reader, sentences),) = saveload.findings(grid.saveload, grid)
    assert reader == "saveload_demo::r"
    by_writer = {s.split(" -> ")[0]: s for s in sentences}
    text = by_writer["saved in %s" % K2]
    assert "tf.keras: ok in all 1" in text and "keras3: silent_failure" in text and "ok from TF 2.21" in text
    assert "error: TypeError" in by_writer["saved in %s" % K321]
    assert "Along each Keras line" in (built["reports"] / "summary.md").read_text()
