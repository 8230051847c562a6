"""Where a cell's time goes: process start, the case's own imports, model building,
tf.function tracing (autograph included), fit, predict/evaluate, saving/loading, the rest.

Runs inside one environment, like the runner: TensorFlow / Keras are imported once,
then each variant runs in a process forked from that parent. A sampling profiler (a
thread reading the main thread's stack every few milliseconds) files each sample
under the first phase, in the order below, that has a frame on the stack, so the
phases add up to the case's own time without double counting:

    imports    importing modules (the case's imports, lazy imports inside Keras)
    tracing    building a graph from Python: tf.function tracing, autograph conversion
    save_load  model.save / load_model / save_weights / load_weights / SavedModel
    fit        Model.fit (and train_on_batch) minus the above
    predict    predict / evaluate / __call__ on data minus the above
    build      layers and models being constructed (Layer.__init__, build, functional API)
    other      the rest of the case's code

Process start and teardown are measured around each fork (fork_s, teardown_s).

    PYTHONPATH=. KMATRIX_KERAS=tf.keras .nox/<row>/bin/python bench/cell_phases.py [-k EXPR] [--interval 0.005]

(for a tf_keras row add TF_USE_LEGACY_KERAS=1, as the row sets it). Prints one line per
variant and the totals per phase; --json writes them too.
"""
import argparse
import json
import os
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from harness import casefile  # noqa: E402
from harness.runner import child, flavour  # noqa: E402

PHASES = ("imports", "tracing", "save_load", "fit", "predict", "build", "other")
_SAVE_LOAD = ("save", "load_model", "save_weights", "load_weights", "save_model", "export",
              "_save_model", "load", "restore")
_PREDICT = ("predict", "evaluate", "predict_on_batch", "test_on_batch")


def _phase_of(frame):
    """The phase a stack belongs to: the highest-priority phase any of its frames names."""
    found = set()
    while frame is not None:
        code = frame.f_code
        name, path = code.co_name, code.co_filename
        if path.startswith("<frozen importlib"):
            found.add("imports")
        elif "func_graph" in path and name == "func_graph_from_py_func" or "autograph" in path:
            found.add("tracing")
        elif ("keras" in path or "saved_model" in path) and name in _SAVE_LOAD:
            found.add("save_load")
        elif "keras" in path and name in ("fit", "train_on_batch", "fit_generator"):
            found.add("fit")
        elif "keras" in path and name in _PREDICT:
            found.add("predict")
        elif "keras" in path and name in ("__init__", "build", "_functional_construction_call",
                                          "_infer_output_signature", "compute_output_spec", "symbolic_call"):
            found.add("build")
        frame = frame.f_back
    for phase in PHASES:
        if phase in found:
            return phase
    return "other"


class Sampler(threading.Thread):
    def __init__(self, interval):
        threading.Thread.__init__(self, daemon=True)
        self.interval, self.counts, self.stop = interval, dict.fromkeys(PHASES, 0), threading.Event()
        self.main = threading.main_thread().ident

    def run(self):
        while not self.stop.wait(self.interval):
            frame = sys._current_frames().get(self.main)
            if frame is not None:
                self.counts[_phase_of(frame)] += 1


def _run_in_child(variant, under_test, interval, out_path):
    sampler = Sampler(interval)
    started = time.time()
    sampler.start()
    with tempfile.TemporaryDirectory(prefix="kmatrix-phases-") as work:
        result = child.execute(variant, under_test, os.path.join(work, "capture.txt"), os.path.join(work, "case"))
    sampler.stop.set()
    case_s = time.time() - started
    total = sum(sampler.counts.values()) or 1
    phases = {k: round(case_s * v / total, 3) for k, v in sampler.counts.items()}
    with open(out_path, "w") as handle:
        json.dump({"outcome": result.get("outcome"), "case_s": round(case_s, 3), "phases": phases}, handle)
    os._exit(0)


def measure(variant, under_test, interval):
    out = tempfile.mktemp(prefix="kmatrix-phases-", suffix=".json")
    t0 = time.time()
    pid = os.fork()
    if pid == 0:
        try:
            _run_in_child(variant, under_test, interval, out)
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    wall = time.time() - t0
    try:
        with open(out) as handle:
            found = json.load(handle)
        os.remove(out)
    except (OSError, ValueError):
        return {"case_id": variant.case_id, "outcome": "crash", "wall_s": round(wall, 3)}
    found.update(case_id=variant.case_id, wall_s=round(wall, 3),
                 overhead_s=round(wall - found["case_s"], 3))   # fork + teardown + reading back
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", dest="select", default="", help="substring of case ids to run (all if empty)")
    parser.add_argument("--cases", default=os.path.join(ROOT, "cases"))
    parser.add_argument("--interval", type=float, default=0.005)
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args()
    started = time.time()
    under_test = flavour.resolve()
    import_s = time.time() - started
    scenarios, errors = casefile.discover(args.cases)
    variants = [v for s in scenarios for v in s.variants if args.select in v.case_id]
    print("imported %s %s in %.1f s; %d variants" % (under_test.flavour, getattr(under_test.tf, "__version__", "-"),
                                                     import_s, len(variants)))
    rows = []
    print("%-70s %-16s %6s %6s  %s" % ("case", "outcome", "wall", "ovh", "  ".join("%8s" % p for p in PHASES)))
    for variant in variants:
        row = measure(variant, under_test, args.interval)
        rows.append(row)
        phases = row.get("phases", {})
        print("%-70s %-16s %6.2f %6.2f  %s" % (row["case_id"][:70], row.get("outcome"), row["wall_s"],
                                               row.get("overhead_s", 0), "  ".join("%8.2f" % phases.get(p, 0)
                                                                                 for p in PHASES)))
    totals = {p: round(sum(r.get("phases", {}).get(p, 0) for r in rows), 1) for p in PHASES}
    wall = round(sum(r["wall_s"] for r in rows), 1)
    overhead = round(sum(r.get("overhead_s", 0) for r in rows), 1)
    print("\ntotal wall %.1f s over %d cells (%.2f s each); process overhead %.1f s" % (
        wall, len(rows), wall / max(len(rows), 1), overhead))
    for phase in PHASES:
        print("  %-10s %8.1f s  %5.1f%%" % (phase, totals[phase], 100.0 * totals[phase] / max(wall, 1e-9)))
    if args.json_out:
        with open(args.json_out, "w") as handle:
            json.dump({"import_s": round(import_s, 2), "rows": rows, "totals": totals, "wall_s": wall,
                       "overhead_s": overhead}, handle, indent=1)


if __name__ == "__main__":
    main()
