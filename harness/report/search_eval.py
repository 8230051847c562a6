"""How right the report's "Start from your error" search is, on labelled real tracebacks.

    python -m harness.report.search_eval --report reports/index.html        # or reports/search-data.json
    python -m harness.report.search_eval --report PATH --corpus DIR [--corpus DIR ...]
    python -m harness.report.search_eval --report PATH --heldout            # bench/search_corpus/heldout/
    python -m harness.report.search_eval --report PATH --own-sources        # bench/search_corpus/own-sources/

It runs the page's own reader and ranking (harness/report/page/reader.js, normalise.js,
search_rank.js, in node) over each item of the corpus, exactly as if a person pasted it.

The corpus (default: both):

- the recorded tracebacks, tests/fixtures/tracebacks/cases/<probe>/<row>.json (the printed
  stderr of a probe in a real environment), labelled per probe in
  bench/search_corpus/fixture_labels.json (a row may override its probe's label);
- real tracebacks from public reports, bench/search_corpus/labelled/<slug>.txt: a header of
  `# key: value` lines (url, kind, root_cause, fix, versions, label), a `---` line, then
  the traceback as posted.

bench/search_corpus/own-sources/ has the same format for tracebacks from threads a case cites in
its refs (the case was written knowing them): a floor the search must reach, never evidence that
it reaches errors it was not built from, so it is reported on its own (--own-sources).

A label is the scenario id(s) of cases/ with the same root cause ("a, b"), `none` (the
library holds no scenario with that root cause) or `pending` (not labelled yet: listed as
unlabelled, left out of every figure).

The page's answer to an item is "same" (it says the library records this same error: its
first hit is a same-error case) or "no match" (it says no recorded error matches; it may
show related cases, never as a match). The top case is the first hit's scenario. Figures:

    precision  = same answers whose top case's scenario is in the label / all same answers
                 (an item labelled `none` that gets a same answer counts against it)
    recall     = items labelled with scenarios that get a same answer whose top case's
                 scenario is in the label / all items labelled with scenarios
    honest no-match = items labelled `none` that get "no match" / all items labelled `none`

Exit status: 0, or 1 when --min-precision / --min-recall are not met, 2 on a usage error.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import node
from .. import contract
from .payload import unpack_search_data

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "bench" / "search_corpus"
LABELLED = CORPUS / "labelled"
HELDOUT = CORPUS / "heldout"
OWN_SOURCES = CORPUS / "own-sources"
FIXTURE_LABELS = CORPUS / "fixture_labels.json"
FIXTURES = ROOT / "tests" / "fixtures" / "tracebacks" / "cases"
HEADER_KEYS = ("url", "kind", "root_cause", "fix", "versions", "label")
KINDS = ("keras_history", "gradients", "load", "removed_api", "serialization", "k2_k3_behaviour", "mixing", "other")
_ISLAND = re.compile(r'<script type="application/json" id="kmatrix-data">(.*?)</script>', re.S)


class CorpusError(ValueError):
    pass


@dataclass
class Item:
    id: str
    text: str
    label: list[str] | None          # scenario ids; [] for `none`; None for `pending`
    source: str = ""
    kind: str = ""
    answer: dict = field(default_factory=dict)

    @property
    def labelled(self) -> bool:
        return self.label is not None


def parse_label(value: str) -> list[str] | None:
    value = value.strip()
    if value == "pending":
        return None
    if value == "none":
        return []
    ids = [v.strip() for v in value.split(",") if v.strip()]
    if not ids or any(not re.fullmatch(r"[a-z0-9_]+", i) for i in ids):
        raise CorpusError(f"label {value!r}: scenario ids, `none` or `pending`")
    return ids


def read_item(path: Path) -> Item:
    """One bench/search_corpus/*/<slug>.txt file (its header, then the traceback)."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise CorpusError(f"{path}: no `---` line after the header")
    fields = {}
    for line in head.splitlines():
        m = re.fullmatch(r"# (\w+): ?(.*)", line)
        if not m:
            raise CorpusError(f"{path}: header line {line!r} is not `# key: value`")
        fields[m.group(1)] = m.group(2).strip()
    missing = [k for k in HEADER_KEYS if k not in fields]
    if missing:
        raise CorpusError(f"{path}: header lacks {', '.join(missing)}")
    if fields["kind"] not in KINDS:
        raise CorpusError(f"{path}: kind {fields['kind']!r} is not one of {', '.join(KINDS)}")
    return Item(path.stem, body, parse_label(fields["label"]), fields["url"], fields["kind"])


def read_folder(folder: Path) -> list[Item]:
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    return [read_item(p) for p in sorted(folder.glob("*.txt"))]


def fixture_items(labels_path: Path = FIXTURE_LABELS, fixtures: Path = FIXTURES) -> list[Item]:
    """The recorded tracebacks that end in an exception, labelled by probe (or by row)."""
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    items = []
    for path in sorted(fixtures.glob("*/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if not case.get("raised_type"):
            continue                              # ran to the end: nothing to paste
        probe, row = path.parent.name, path.stem
        if probe not in labels:
            raise CorpusError(f"{labels_path}: no label for probe {probe}")
        entry = dict(labels[probe], **labels[probe].get("rows", {}).get(row, {}))
        items.append(Item(f"fixture:{probe}/{row}", case["stderr"], parse_label(entry["label"]), "recorded",
                          "fixture"))
    return items


def load_data(path: Path) -> dict:
    """What the page's search reads, from an index.html (its JSON island) or a search-data.json."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        m = _ISLAND.search(text)
        if not m:
            raise CorpusError(f"{path}: no kmatrix-data JSON island")
        data = json.loads(m.group(1))
        texts = data.get("texts") or []
        for cell in data["cells"]:
            for k in contract.shared_keys():
                if isinstance(cell.get(k), int):
                    cell[k] = texts[cell[k]]
        keep = contract.CELL_KEYS + tuple(contract.keys(contract.SEARCH).values())   # what the search reads
        cells = [{k: c[k] for k in keep if k in c} for c in data["cells"] if c.get("et") or c.get("em")]
        cases = {k: {f: v.get(f) for f in ("scenario", "variant", "role", "title")} for k, v in data["cases"].items()}
        return {"cells": cells, "cases": cases, "envs": {k: {} for k in data["envs"]}}
    return unpack_search_data(json.loads(text))


def judge(item: Item, cases: dict) -> str:
    """right / wrong (a same answer whose top case is not in the label) / miss / honest (no match for `none`)."""
    ans = item.answer
    if ans["kind"] == "same":
        if item.label is None:
            return "unlabelled"
        return "right" if _scenario(ans["hits"][0]["case"], cases) in item.label else "wrong"
    if item.label is None:
        return "unlabelled"
    return "honest" if not item.label else "miss"


def figures(items: list[Item], cases: dict) -> dict:
    verdicts = [(i, judge(i, cases)) for i in items]
    same = [v for i, v in verdicts if i.answer["kind"] == "same" and i.labelled]
    scen = [(i, v) for i, v in verdicts if i.labelled and i.label]
    none = [(i, v) for i, v in verdicts if i.labelled and not i.label]
    return {
        "items": len(items), "unlabelled": sum(1 for i in items if not i.labelled),
        "same_answers": len(same), "right": same.count("right"),
        "precision": same.count("right") / len(same) if same else None,
        "scenario_items": len(scen), "found": sum(1 for _, v in scen if v == "right"),
        "recall": sum(1 for _, v in scen if v == "right") / len(scen) if scen else None,
        "none_items": len(none), "honest": sum(1 for _, v in none if v == "honest"),
        "honest_no_match": sum(1 for _, v in none if v == "honest") / len(none) if none else None,
        # misses where the page names the right scenario as "claimed, not recorded" (its sources report
        # the error, no run recorded it): not counted as found, reported apart
        "claimed_right": sum(1 for i, v in scen if v == "miss" and _claims_label(i, cases)),
    }


def _scenario(case_id: str, cases: dict) -> str:
    return (cases.get(case_id) or {}).get("scenario") or case_id.split("::")[0]


def _claims_label(item: Item, cases: dict) -> bool:
    return any(_scenario(c, cases) in item.label for c in item.answer.get("claimed") or [])


def evaluate(data: dict, items: list[Item]) -> dict:
    answers = node.call({"op": "search", "data": data, "texts": [i.text for i in items]})
    for item, answer in zip(items, answers):
        item.answer = answer
    return figures(items, data["cases"])


def _answer_text(item: Item) -> str:
    ans, hits = item.answer, item.answer["hits"]
    if ans["kind"] == "same":
        h = hits[0]
        return "same error: %s (%d env%s)%s" % (h["case"], h["envs"], "" if h["envs"] == 1 else "s",
                                               "" if not h.get("link") else " [via the chain, link %d]" % h["link"])
    claimed = "; claimed, not recorded: %s" % ", ".join(ans["claimed"][:3]) if ans.get("claimed") else ""
    if hits:
        return "no match; most like: %s (related)%s" % (hits[0]["case"], claimed)
    return "no match" + claimed


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _pct(value) -> str:
    return "n/a" if value is None else "%.1f%%" % (100 * value)


def report(title: str, items: list[Item], cases: dict, out=None) -> dict:
    out = out or sys.stdout
    figs = figures(items, cases)
    print(f"== {title}: {figs['items']} items", file=out)
    for item in items:
        label = "pending" if item.label is None else (", ".join(item.label) or "none")
        print(f"  [{judge(item, cases):10}] {item.id}\n               label: {label}\n               page:  "
              f"{_answer_text(item)}", file=out)
    print(f"  precision {_pct(figs['precision'])} ({figs['right']}/{figs['same_answers']} same-error answers right); "
          f"recall {_pct(figs['recall'])} ({figs['found']}/{figs['scenario_items']} items with a scenario found); "
          f"honest no-match {_pct(figs['honest_no_match'])} ({figs['honest']}/{figs['none_items']} `none` items); "
          f"misses naming their scenario as claimed, not recorded {figs['claimed_right']}; "
          f"unlabelled {figs['unlabelled']}", file=out)
    return figs


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m harness.report.search_eval", description=__doc__.split("\n\n")[0])
    p.add_argument("--report", required=True, metavar="PATH", help="an index.html or a search-data.json")
    p.add_argument("--corpus", action="append", metavar="DIR", help="labelled folder(s) (default: "
                   "bench/search_corpus/labelled/ and the recorded tracebacks)")
    p.add_argument("--heldout", action="store_true", help="only bench/search_corpus/heldout/")
    p.add_argument("--own-sources", action="store_true", help="only bench/search_corpus/own-sources/ "
                   "(tracebacks from threads the cases cite)")
    p.add_argument("--no-fixtures", action="store_true", help="leave the recorded tracebacks out")
    p.add_argument("--min-precision", type=float, metavar="F", help="exit 1 below this precision (0..1)")
    p.add_argument("--min-recall", type=float, metavar="F", help="exit 1 below this recall (0..1)")
    p.add_argument("--json", metavar="OUT", help="also write every item's answer and the figures as JSON")
    args = p.parse_args(argv)
    try:
        data = load_data(Path(args.report))
        if args.heldout:
            groups = [("heldout", read_folder(HELDOUT))]
        elif args.own_sources:
            groups = [("own sources", read_folder(OWN_SOURCES))]
        else:
            groups = [(_shown(Path(d)), read_folder(Path(d))) for d in (args.corpus or [LABELLED])]
            if not args.no_fixtures and not args.corpus:
                groups.insert(0, ("recorded tracebacks", fixture_items()))
    except (OSError, CorpusError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    every = [i for _, g in groups for i in g]
    evaluate(data, every)
    for title, group in groups:
        report(title, group, data["cases"])
    total = figures(every, data["cases"])
    print(f"== overall: precision {_pct(total['precision'])} ({total['right']}/{total['same_answers']}), recall "
          f"{_pct(total['recall'])} ({total['found']}/{total['scenario_items']}), honest no-match "
          f"{_pct(total['honest_no_match'])} ({total['honest']}/{total['none_items']}); misses naming their "
          f"scenario as claimed, not recorded: {total['claimed_right']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"figures": total, "items": [
            {"id": i.id, "label": i.label, "answer": i.answer, "verdict": judge(i, data["cases"])} for i in every]},
            indent=1), encoding="utf-8")
    low = (args.min_precision is not None and (total["precision"] or 0) < args.min_precision) or \
          (args.min_recall is not None and (total["recall"] or 0) < args.min_recall)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
