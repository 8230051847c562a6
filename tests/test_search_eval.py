"""The labelled evaluation of "Start from your error" (harness/report/search_eval.py).

- The corpus is well formed: every file of bench/search_corpus/labelled/ (and heldout/, when
  there) has the header, a kind, a label naming scenarios of cases/ (or none / pending); no
  source already cited by a case; no personal folder in a traceback. Every traceback probe has
  a label and a reason.
- The report build's search-data.json gives the page's own answers (the same as the page's
  JSON island), and the command prints per item and the figures, exiting 1 under a threshold.
- The CI gate: against the snapshot of the latest full run (reports/latest/search-data.json),
  precision is 100% and recall at least 95%. Skipped, saying so, until that snapshot exists.

Needs node (Node.js) for the answers: those tests are skipped, saying so, without it.
"""
import ast
import json
import re
from pathlib import Path

import pytest

from harness import outcomes
from harness.report import node, publish, search_eval

from support import synthetic

ROOT = Path(__file__).resolve().parents[1]
LATEST = ROOT / "reports" / "latest" / "search-data.json"
# Measured on that snapshot (README, "How right it is"): a change may not make the search worse.
PRECISION_FLOOR, RECALL_FLOOR = 0.98, 0.97
SCENARIOS = {p.stem for p in (ROOT / "cases").glob("*.py")}
NEEDS_NODE = pytest.mark.skipif(node.node_binary() is None, reason="node (Node.js) is not installed: the page's "
                                "search runs in node (apt-get install -y nodejs)")
# a person's folder: /home/<name>/, /Users/<name>/, C:\Users\<name>\ (the corpus says /path/to/ instead)
PERSONAL = re.compile(r"/home/(?!travis\b)\w+/|/Users/\w+/|[A-Za-z]:\\Users\\", re.I)


def _cited_urls():
    urls = set()
    for path in (ROOT / "cases").glob("*.py"):
        for node_ in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node_, ast.Assign) and getattr(node_.targets[0], "id", "") == "CASE":
                urls.update(ast.literal_eval(node_.value)["source"].get("refs") or [])
    return urls


def _corpus_files():
    folders = [search_eval.LABELLED] + ([search_eval.HELDOUT] if search_eval.HELDOUT.is_dir() else [])
    return [p for f in folders for p in sorted(f.glob("*.txt"))]


@pytest.mark.parametrize("path", sorted(search_eval.OWN_SOURCES.glob("*.txt")), ids=lambda p: p.stem)
def test_own_source_items_come_from_threads_the_cases_cite(path):
    """Kept apart from labelled/: the case was written knowing the thread."""
    item = search_eval.read_item(path)
    assert item.source in _cited_urls()
    assert item.label and set(item.label) <= SCENARIOS
    assert not PERSONAL.search(item.text)


def test_the_corpus_holds_both_kinds_of_items():
    items = search_eval.read_folder(search_eval.LABELLED)
    assert sum(1 for i in items if i.label) >= 20          # root causes the library holds
    assert sum(1 for i in items if i.label == []) >= 8     # errors it does not hold


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.stem)
def test_corpus_file_is_well_formed(path):
    item = search_eval.read_item(path)
    assert item.source.startswith("https://"), item.source
    assert item.source not in _cited_urls(), "a source a case already cites: not evidence the search generalises"
    assert set(item.label or []) <= SCENARIOS, "label names no scenario of cases/"
    assert item.text.strip()
    found = PERSONAL.search(item.text)
    assert not found, "a personal folder: write /path/to/... (%r)" % item.text[max(0, found.start() - 20):found.end()]


def test_every_traceback_probe_is_labelled_with_a_reason():
    labels = json.loads(search_eval.FIXTURE_LABELS.read_text(encoding="utf-8"))
    probes = {p.name for p in search_eval.FIXTURES.iterdir() if p.is_dir()}
    assert probes <= set(labels)
    for probe in probes:
        entries = [labels[probe]] + list(labels[probe].get("rows", {}).values())
        for entry in entries:
            assert entry.get("reason")
            assert set(search_eval.parse_label(entry["label"]) or []) <= SCENARIOS
    assert len(search_eval.fixture_items()) >= 250


def test_labels_and_headers_are_checked(tmp_path):
    assert search_eval.parse_label("none") == [] and search_eval.parse_label("pending") is None
    assert search_eval.parse_label("a_b, c") == ["a_b", "c"]
    with pytest.raises(search_eval.CorpusError):
        search_eval.parse_label("")
    bad = tmp_path / "x.txt"
    bad.write_text("# url: https://x\n# kind: nonsense\n# root_cause: r\n# fix: f\n# versions: v\n# label: none\n---\nE\n")
    with pytest.raises(search_eval.CorpusError):
        search_eval.read_item(bad)


# ------------------------------------------------------------------- a small real report ----
LOCATE = ("Could not locate class 'TokenAndPositionEmbedding'. Make sure custom classes and functions are decorated "
          "with `@keras.saving.register_keras_serializable()`.")
UNKNOWN = "Unknown layer: ResidualBlock"
LOAD_TB = ('Traceback (most recent call last):\n  File ".../harness/runner/child.py", line 111, in _run_body\n'
           '    body(ctx)\n  File ".../cases/known_keras_format_unregistered_class.py", line 120, in load\n'
           '    keras.models.load_model(path)\n  File ".../site-packages/keras/src/saving/serialization_lib.py", '
           'line 803, in _retrieve_class_or_fn\n    raise TypeError(\nTypeError: ' + LOCATE + '\n')


@pytest.fixture(scope="module")
def small_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-eval")
    run = "20260101T000000Z-000001"
    for env_id, tf, flavour, keras in (("tf2.2-keras2-py3.7-cpu", "2.2.3", "tf.keras", "2.2.0"),
                                       ("tf2.16-keras3-py3.12-cpu", "2.16.2", "keras3", "3.5.0")):
        recs = [synthetic.case_record(env_id, run, "known_keras_format_unregistered_class::load_unregistered_as_written",
                                      outcomes.ERROR, error_type="TypeError" if flavour == "keras3" else "ValueError",
                                      error_message=LOCATE if flavour == "keras3" else UNKNOWN,
                                      traceback=LOAD_TB if flavour == "keras3" else None),
                synthetic.case_record(env_id, run, "known_keras_format_unregistered_class::registered", outcomes.OK,
                                      role="fix"),
                synthetic.case_record(env_id, run, "known_callback_set_lr::lr_finder_keras_backend", outcomes.ERROR,
                                      error_type="AttributeError",
                                      error_message="module 'keras.backend' has no attribute 'get_value'")]
        synthetic.write_run(root / "results", run, env_id, synthetic.env_json(env_id, tf, flavour, keras, "3.11.9"),
                            recs)
    publish.build(root / "results", root / "reports")
    return root / "reports"


PASTES = ["AttributeError: module 'keras.backend' has no attribute 'get_session'",
          "AttributeError: module 'keras.backend' has no attribute 'get_value'",
          "TypeError: Could not locate class 'MyLayer'. Make sure custom classes are decorated with "
          "`@keras.saving.register_keras_serializable()`.",
          "ValueError: Unknown layer: Doubler"]


@NEEDS_NODE
def test_search_data_gives_the_pages_answers(small_report):
    compact = search_eval.load_data(small_report / "search-data.json")
    page = search_eval.load_data(small_report / "index.html")
    assert compact["cells"] and (small_report / "search-data.json").stat().st_size < (
        small_report / "index.html").stat().st_size / 4
    # the same cells, and cases and environments in the same order (the search breaks ties by it)
    assert compact["cells"] == page["cells"] and list(compact["cases"]) == list(page["cases"])
    assert list(compact["envs"]) == list(page["envs"])
    answers = node.call({"op": "search", "data": compact, "texts": PASTES})
    assert answers == node.call({"op": "search", "data": page, "texts": PASTES})
    kinds = [(a["kind"], a["hits"][0]["case"] if a["hits"] else None) for a in answers]
    assert kinds == [("none", "known_callback_set_lr::lr_finder_keras_backend"),     # only related
                     ("same", "known_callback_set_lr::lr_finder_keras_backend"),
                     ("same", "known_keras_format_unregistered_class::load_unregistered_as_written"),
                     ("same", "known_keras_format_unregistered_class::load_unregistered_as_written")]


def _write(folder, slug, label, text):
    (folder / f"{slug}.txt").write_text(
        f"# url: https://example.org/{slug}\n# kind: other\n# root_cause: r\n# fix: f\n# versions: v\n"
        f"# label: {label}\n---\n{text}\n", encoding="utf-8")


@NEEDS_NODE
def test_the_command_prints_every_item_and_the_figures(small_report, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a-get-session", "none", PASTES[0])
    _write(corpus, "b-get-value", "known_callback_set_lr", PASTES[1])
    _write(corpus, "c-locate", "known_keras_format_unregistered_class", PASTES[2])
    _write(corpus, "d-wrong-label", "seed003_custom_layer_load", PASTES[1])
    _write(corpus, "e-pending", "pending", PASTES[3])
    report = str(small_report / "search-data.json")
    assert search_eval.main(["--report", report, "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "[honest    ] a-get-session" in out and "[wrong     ] d-wrong-label" in out
    assert "[unlabelled] e-pending" in out
    assert "precision 66.7% (2/3" in out and "recall 66.7% (2/3" in out and "honest no-match 100.0% (1/1" in out
    assert search_eval.main(["--report", report, "--corpus", str(corpus), "--min-precision", "1"]) == 1
    assert search_eval.main(["--report", str(tmp_path / "missing.json"), "--corpus", str(corpus)]) == 2


@NEEDS_NODE
@pytest.mark.skipif(not LATEST.exists(), reason="reports/latest/search-data.json is not committed yet: it comes with "
                    "the snapshot of the latest full run (python -m harness.report build writes it)")
def test_the_search_on_the_latest_full_run_is_precise_and_finds_what_the_library_holds():
    """A wrong first answer is allowed only where the words cannot tell the root causes apart:
    the page said the error has several root causes (its same-error cases span scenarios) and
    the right scenario is among them. Recall: not below the figure measured on this snapshot
    (README; the target of 95% is not reached yet, the misses are errors of rows not run with
    the grown library)."""
    data = search_eval.load_data(LATEST)
    items = search_eval.fixture_items() + search_eval.read_folder(search_eval.LABELLED)
    figures = search_eval.evaluate(data, items)
    unexplained = []
    for item in items:
        if search_eval.judge(item, data["cases"]) != "wrong":
            continue
        same = [h["case"].split("::")[0] for h in item.answer["hits"] if h["same"]]
        if len(set(same)) < 2 or not set(item.label or []) & set(same):
            unexplained.append((item.id, item.answer["hits"][0]["case"]))
    missed = [i.id for i in items if search_eval.judge(i, data["cases"]) == "miss"]
    assert unexplained == []
    assert figures["precision"] >= PRECISION_FLOOR and figures["recall"] >= RECALL_FLOOR, (figures, missed)


def test_held_out_reports_are_used_nowhere_else():
    """The held-out set measures generalisation only while nothing else was built from it: no
    labelled item and no case source shares a URL with it."""
    if not search_eval.HELDOUT.is_dir():
        pytest.skip("no held-out set in this checkout")
    held = {search_eval.read_item(p).source for p in search_eval.HELDOUT.glob("*.txt")}
    labelled = {search_eval.read_item(p).source for p in search_eval.LABELLED.glob("*.txt")}
    assert held and not held & labelled, sorted(held & labelled)
    assert not held & _cited_urls(), sorted(held & _cited_urls())
