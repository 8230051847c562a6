"""The page's reader (harness/report/page/reader.js, run in node) against the runner's
(harness/runner/user_error.py), on every recorded traceback; and its bounds.

- Every fixture of tests/fixtures/tracebacks/cases/ that ends in an exception: the JS
  reader, given the printed stderr, gives the same error type, message, wrappers and
  _keras_history yes/no as user_error.read_text(raised_type, message) gives for the
  exception. "Message" is the first line of the message the user reads, at most 500
  characters, on both sides; digits are masked on both sides because the printed run and the
  in-process run of a probe are two runs (op_error_in_fit prints random label values).
- Chained exceptions: the reader returns every link, the last printed first.
- Pathological pastes ("[" and 4,000 spaces, 160 KB of long dotted words, 1 MB of random
  traceback-like text) are read and searched in under a second each (they took seconds to
  minutes before the patterns were made linear and the input bounded).

Needs node (Node.js): skipped, saying so, where it is not installed.
"""
import json
import random
import re
from pathlib import Path

import pytest

from harness.report import node
from harness.runner import user_error

CASES = Path(__file__).resolve().parent / "fixtures" / "tracebacks" / "cases"
FIXTURES = [p for p in sorted(CASES.glob("*/*.json"))
            if json.loads(p.read_text(encoding="utf-8")).get("raised_type")]
IDS = ["%s/%s" % (p.parent.name, p.stem) for p in FIXTURES]
CHAIN = re.compile(r"^(?:The above exception was the direct cause of the following exception:|"
                   r"During handling of the above exception, another exception occurred:)$", re.M)
pytestmark = pytest.mark.skipif(node.node_binary() is None, reason="node (Node.js) is not installed: the page's "
                                "reader runs in node (apt-get install -y nodejs)")


@pytest.fixture(scope="module")
def js_readings():
    texts = [json.loads(p.read_text(encoding="utf-8"))["stderr"] for p in FIXTURES]
    return dict(zip(IDS, node.call({"op": "read", "texts": texts})))


def _comparable(error_type, message, wrappers, keras_history):
    return error_type, re.sub(r"\d+", "0", message), list(wrappers or []), bool(keras_history)


def test_every_recorded_exception_is_compared():
    assert len(FIXTURES) >= 250


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_js_reader_reads_what_the_runner_reads(path, js_readings):
    case = json.loads(path.read_text(encoding="utf-8"))
    py = user_error.read_text(case["raised_type"], case["message"])
    js = js_readings["%s/%s" % (path.parent.name, path.stem)]
    assert _comparable(js["type"], js["message"], js["wrappers"], js["keras_history"]) == _comparable(
        py["error_type"], py["error_message"], py.get("wrappers"), py["keras_history"]), case["stderr"][-1500:]


@pytest.mark.parametrize("path", [p for p in FIXTURES if CHAIN.search(json.loads(p.read_text())["stderr"])],
                         ids=lambda p: "%s/%s" % (p.parent.name, p.stem))
def test_every_exception_of_a_chain_is_read(path, js_readings):
    stderr = json.loads(path.read_text(encoding="utf-8"))["stderr"]
    chain = js_readings["%s/%s" % (path.parent.name, path.stem)]["chain"]
    assert len(chain) == len(CHAIN.findall(stderr)) + 1
    assert all(link["type"] for link in chain)
    if path.parent.name.startswith("chained_"):          # the cause: the _keras_history AttributeError
        assert chain[1]["type"] == "AttributeError" and "_keras_history" in chain[1]["message"]


def test_a_chain_pasted_by_hand_and_ipython_listings():
    chained = (Path(__file__).parent / "fixtures" / "search" / "chained_load_keras3.txt").read_text(encoding="utf-8")
    ipython = ("---------------------------------------------------------------------------\n"
               "TypeError                                 Traceback (most recent call last)\n"
               "Cell In[2], line 5\n      3 from tensorflow.keras import models\n"
               "----> 5 model = models.load_model('m.keras')\n\n"
               "File ~/venv/lib/python3.11/site-packages/keras/src/saving/serialization_lib.py:803, in "
               "_retrieve_class_or_fn(name, registered_name, module, obj_type, full_config, custom_objects)\n"
               "    802 \n--> 803     raise TypeError(\n\n"
               "TypeError: Could not locate class 'DummyModel'. Make sure custom classes are decorated with "
               "`@keras.saving.register_keras_serializable()`.\n")
    read = node.call({"op": "read", "texts": [chained, ipython, "ValueError: Unknown layer: Doubler"]})
    assert [c["type"] for c in read[0]["chain"]] == ["TypeError", "TypeError"]
    assert read[0]["chain"][0]["message"].startswith("<class 'keras.src.models.functional.Functional'> could not")
    assert read[0]["chain"][1]["message"].startswith("Could not locate class 'MyLayer'. Make sure")
    assert read[1]["type"] == "TypeError" and read[1]["message"].startswith("Could not locate class 'DummyModel'.")
    assert (read[2]["type"], read[2]["message"], read[2]["chain"][1:]) == ("ValueError", "Unknown layer: Doubler", [])


def _random_traceback_text(size, seed=0):
    rng = random.Random(seed)
    words = ["File", '"x.py",', "line", "12,", "in", "f", "[", "(", "'", '"', "`", "<", ">", "Traceback",
             "ValueError:", "tf.keras.layers.Dense", "0x7f00", ":", ".", "_keras_history", "    ", "\n", "\n  "]
    out, n = [], 0
    while n < size:
        w = rng.choice(words)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


PATHOLOGICAL = {     # the first and the fourth took 45 s and 35 s with the page's former normaliser
    "bracket then 4,000 spaces": "[" + " " * 4000 + "x",
    "bracket then 4,000 spaces, as an error": "ValueError: [" + " " * 4000 + "1]",
    "160 KB of long dotted words": " ".join(["tf.keras.layers.experimental.preprocessing.x"] * 3500),
    "160 KB of one dotted word": "ValueError: " + "a.b" * 53333,
    "1 MB of random traceback-like text": _random_traceback_text(1_000_000),
}


def test_pathological_pastes_are_read_and_searched_fast():
    data = {"envs": {"e": {}}, "cases": {"s::v": {"scenario": "s", "variant": "v", "role": "broken", "title": "t"}},
            "cells": [{"case": "s::v", "env": "e", "o": "error", "et": "ValueError", "em": "[" + " " * 400 + "x",
                       "tb": PATHOLOGICAL["1 MB of random traceback-like text"][:4000]}]}
    timings = node.call({"op": "time", "data": data, "texts": list(PATHOLOGICAL.values())})
    report = {name: round(ms, 1) for name, ms in zip(PATHOLOGICAL, timings)}
    print("\nread + search, ms:", report)
    assert all(ms < 1000 for ms in timings), report


# Every wrapper head user_error.py opens, in each of its wordings, as printed: the page's reader
# opens it the same way (the recorded fixtures cannot hold a wording no probe raised).
WRAPPER_FORMS = [
    ("TypeError", "Error when deserializing class 'Dense' using config={'name': 'dense', 'units': 1}.\n\n"
                  "Exception encountered: Unknown activation function: 'function'. Please ensure you are using a "
                  "`keras.utils.custom_object_scope` and that this object is included in the scope."),
    ("TypeError", "<class 'keras.src.models.functional.Functional'> could not be deserialized properly. Please "
                  "ensure that components that are Python object instances (layers, models, etc.) returned by "
                  "`get_config()` are explicitly deserialized in the model's `from_config()` method.\n\n"
                  "config={'module': 'keras.src.models.functional'}.\n\n"
                  "Exception encountered: Could not locate class 'MyLayer'. Make sure custom classes are decorated "
                  "with `@keras.saving.register_keras_serializable()`."),
    ("ValueError", "Exception encountered when calling layer 'lambda' (type Lambda).\n\n"
                   "'KerasTensor' object has no attribute 'numpy'\n\nCall arguments received by layer 'lambda':\n"
                   "  • inputs=tf.Tensor(shape=(None, 3), dtype=float32)"),
    ("ValueError", "in user code:\n\n    File \"/x/training.py\", line 1160, in train_function  *\n"
                   "        return step_function(self, iterator)\n\n"
                   "    ValueError: No gradients provided for any variable."),
]


@pytest.mark.parametrize("raised, message", WRAPPER_FORMS, ids=[m[:40] for _r, m in WRAPPER_FORMS])
def test_every_wrapper_wording_is_opened_alike(raised, message):
    py = user_error.read_text(raised, message)
    js, = node.call({"op": "read", "texts": ["Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n"
                                             "    f()\n%s: %s" % (raised, message)]})
    assert _comparable(js["type"], js["message"], js["wrappers"], js["keras_history"]) == _comparable(
        py["error_type"], py["error_message"], py.get("wrappers"), py["keras_history"])
    assert py.get("wrappers")                               # each form is a wrapper, opened


def test_an_error_quoted_in_prose_or_a_comment_is_read():
    texts = ['That does not work, giving the error of "ValueError: Unknown activation function: LeakyReLU" '
             'using this model: https://example.org/m.h5',
             "from keras.wrappers.scikit_learn import KerasClassifier\n#ModuleNotFoundError: No module named "
             "'keras.wrappers'\n",
             "I don't understand why the gradients come back None."]
    readings = node.call({"op": "read", "texts": texts})
    assert [(r["type"], r["message"]) for r in readings] == [
        ("ValueError", "Unknown activation function: LeakyReLU"),
        ("ModuleNotFoundError", "No module named 'keras.wrappers'"),
        (None, "I don't understand why the gradients come back None.")]


def test_a_paste_that_lost_a_space_is_the_same_error():
    data = {"envs": {"e": {}}, "cases": {"s::v": {"scenario": "s", "variant": "v", "role": "broken", "title": "t"}},
            "cells": [{"case": "s::v", "env": "e", "o": "error", "et": "RuntimeError",
                       "em": "A non-persistent GradientTape can only be used to compute one set of gradients "
                             "(or jacobians)", "tb": ""}]}
    pasted = ("RuntimeError: A non-persistent GradientTape can only be used tocompute one set of gradients "
              "(or jacobians)")
    answer, = node.call({"op": "search", "data": data, "texts": [pasted]})
    assert answer["kind"] == "same" and answer["hits"][0]["case"] == "s::v"


def _two_causes(first_topic=None, first_claimed=None, first_tb="", second_tb=""):
    """Two scenarios, a and b, that record one same error. With nothing to tell them apart a comes
    first (case order); first_topic / first_claimed describe b, so a test sees a rule move b up."""
    def case(s, topic, claimed):
        info = {"scenario": s, "variant": "v", "role": "broken", "title": "t", "freq": 1}
        info.update({k: v for k, v in (("topic", topic), ("claimed", claimed)) if v})
        return info
    error = {"o": "error", "et": "ValueError", "em": "tf.function-decorated function tried to create variables on "
                                                     "non-first call."}
    return {"envs": {"e": {}}, "cases": {"a::v": case("a", None, None), "b::v": case("b", first_topic, first_claimed)},
            "cells": [dict(error, case="a::v", env="e", tb=first_tb), dict(error, case="b::v", env="e", tb=second_tb)]}


PASTE_NON_FIRST = "ValueError: tf.function-decorated function tried to create variables on non-first call."


def test_among_the_same_error_the_case_about_it_comes_first():
    """A case whose sources name the pasted error (its topic, its claim's text or claimed type and
    pattern) ranks above one that only also raises it; with nothing to tell them apart, case order."""
    plain, = node.call({"op": "search", "data": _two_causes(), "texts": [PASTE_NON_FIRST]})
    assert [h["case"] for h in plain["hits"]] == ["a::v", "b::v"]
    by_topic = _two_causes(first_topic="ValueError: tf.function-decorated function tried to create variables on "
                                       "non-first call")
    by_pattern = _two_causes(first_claimed={"type": "ValueError", "pattern": "(?i)TRIED TO CREATE variables"})
    wrong_type = _two_causes(first_claimed={"type": "TypeError", "pattern": "tried to create variables"})
    answers = [node.call({"op": "search", "data": d, "texts": [PASTE_NON_FIRST]})[0] for d in (by_topic, by_pattern,
                                                                                             wrong_type)]
    assert [a["hits"][0]["case"] for a in answers] == ["b::v", "b::v", "a::v"]
    assert all(a["kind"] == "same" and all(h["same"] for h in a["hits"]) for a in answers)


def test_among_the_same_error_the_one_reached_the_same_way_comes_first():
    """The API the user's innermost line calls, autograph's "in user code:" frames included:
    `v = tf.Variable(2.0)` is not `opt = keras.optimizers.Adam()`, even when the other is about the error."""
    def tb(line):
        return ('Traceback (most recent call last):\n  File ".../cases/x.py", line 3, in step\n    %s\n'
                '  File ".../site-packages/tensorflow/python/ops/variables.py", line 9, in __call__\n'
                '    raise ValueError(m)\nValueError: tf.function-decorated function tried to create variables on '
                'non-first call.\n' % line)
    data = _two_causes(first_topic=PASTE_NON_FIRST, first_tb=tb("v = tf.Variable(2.0)"),
                       second_tb=tb("opt = keras.optimizers.Adam(0.1)"))
    pasted = ("Traceback (most recent call last):\n  File \"train.py\", line 30, in <module>\n    print(scaled(x))\n"
              "  File \"/usr/lib/python3.8/site-packages/tensorflow/python/eager/def_function.py\", line 828, in "
              "__call__\n    result = self._call(*args, **kwds)\nValueError: in user code:\n\n"
              "    train.py:22 scaled  *\n        v = tf.Variable(2.0)\n"
              "    /usr/lib/python3.8/site-packages/tensorflow/python/ops/variables.py:262 __call__  **\n"
              "        return cls._variable_v2_call(*args, **kwargs)\n\n"
              "    ValueError: tf.function-decorated function tried to create variables on non-first call.\n")
    answer, = node.call({"op": "search", "data": data, "texts": [pasted]})
    assert [h["case"] for h in answer["hits"]][:2] == ["a::v", "b::v"]
    assert answer["hits"][0]["way"] == 2 and answer["hits"][1]["way"] == 0   # keras.* is not tf.*


def _cells(case, envs, em, tb=""):
    return [{"o": "error", "et": "ValueError", "em": em, "case": case, "env": e, "tb": tb} for e in envs]


def _causes(scenarios, cells):
    """A corpus of scenarios {id: topic} (one variant each, `v`) and the cells they record."""
    envs = {c["env"]: {} for c in cells}
    cases = {s + "::v": {"scenario": s, "variant": "v", "role": "broken", "title": "t", "freq": 1, "topic": topic}
             for s, topic in scenarios.items()}
    return {"envs": envs, "cases": cases, "cells": cells}


def test_among_equals_the_scenario_shown_in_more_environments_comes_first():
    """Two scenarios about one error, nothing in the paste to tell them apart: the one whose cases
    record it in more environments is the likelier one (a SavedModel restore that gives "Unknown
    metric function" in 2 old rows does not outrank the .h5 load that gives it in 27)."""
    topic, em = "ValueError: Unknown metric function: f1", "Unknown metric function: f1"
    few, many = ["e%d" % k for k in range(2)], ["e%d" % k for k in range(10)]
    # a comes first in case order and has more variants that record it (2 x 2 environments), so
    # only the environments can put b (1 x 10) first
    data = _causes({"a": topic, "b": topic}, _cells("a::v", few, em) + _cells("a::w", few, em) + _cells("b::v", many, em))
    data["cases"]["a::w"] = dict(data["cases"]["a::v"], variant="w")
    answer, = node.call({"op": "search", "data": data, "texts": ["ValueError: Unknown metric function: f1_m"]})
    assert [h["case"] for h in answer["hits"]] == ["b::v", "a::v", "a::w"]
    data["cells"] = _cells("a::v", many, em) + _cells("a::w", few, em) + _cells("b::v", many, em)
    answer, = node.call({"op": "search", "data": data, "texts": ["ValueError: Unknown metric function: f1_m"]})
    assert [h["case"] for h in answer["hits"]][0] == "a::v"


def test_a_resemblance_of_script_style_does_not_outrank_the_evidence():
    """The user line `model.fit(x, y, batch_size=4, ...)` looks a little more like one case's script
    than the other's: that orders only cases the library's evidence cannot (here b is shown in
    more environments, so b first although a's line looks more alike)."""
    def tb(line):
        return ('Traceback (most recent call last):\n  File ".../cases/x.py", line 3, in <module>\n    %s\n'
                '  File ".../site-packages/keras/src/trainers/trainer.py", line 9, in fit\n'
                '    raise ValueError(m)\nValueError: No gradients provided for any variable.\n' % line)
    topic = "ValueError: No gradients provided for any variable."
    cells = (_cells("a::v", ["e0"], "No gradients provided for any variable.", tb("model.fit(x, y, batch_size=4, epochs=1)"))
             + _cells("b::v", ["e0", "e1", "e2"], "No gradients provided for any variable.", tb("model.fit(x, y, verbose=0)")))
    pasted = ('Traceback (most recent call last):\n  File "train.py", line 31, in <module>\n'
              '    model.fit(x, y, batch_size=4, epochs=1, verbose=0)\n'
              '  File "/usr/lib/python3.11/site-packages/keras/src/trainers/trainer.py", line 9, in fit\n'
              '    raise ValueError(m)\nValueError: No gradients provided for any variable.\n')
    answer, = node.call({"op": "search", "data": _causes({"a": topic, "b": topic}, cells), "texts": [pasted]})
    assert [h["case"] for h in answer["hits"]] == ["b::v", "a::v"]
    # with the evidence equal, the resemblance decides: a's line is the more alike
    cells = (_cells("a::v", ["e0"], "No gradients provided for any variable.", tb("model.fit(x, y, batch_size=4, epochs=1)"))
             + _cells("b::v", ["e0"], "No gradients provided for any variable.", tb("model.fit(x, y, verbose=0)")))
    data = _causes({"b": topic, "a": topic}, cells)    # b first in case order
    answer, = node.call({"op": "search", "data": data, "texts": [pasted]})
    assert [h["case"] for h in answer["hits"]] == ["a::v", "b::v"]


def test_an_unknown_name_shaped_like_a_class_finds_the_class_case_first():
    """"Unknown loss function: BatchMeanSquaredError" names a class (a Loss subclass), not a closure
    like "focal_loss_fixed": one error (one key), and the class case first."""
    sigs = node.call({"op": "signature", "errors": [["ValueError", "Unknown loss function: BatchMeanSquaredError"],
                                                    ["ValueError", "Unknown loss function:focal_loss_fixed"],
                                                    ["ValueError", "Unknown layer: Dense"]]})
    assert sigs[0]["key"] == sigs[1]["key"] == "unknown loss function (custom)"
    assert [s["named"] for s in sigs] == ["class", "function", None]
    topic = "ValueError: Unknown loss function: my_loss"
    cells = (_cells("a::v", ["e0"], "Unknown loss function: focal_loss_fixed")
             + _cells("b::v", ["e0"], "Unknown loss function: HuberLoss"))
    data = _causes({"a": topic, "b": topic}, cells)
    first = [node.call({"op": "search", "data": data, "texts": [p]})[0]["hits"][0]["case"]
             for p in ("ValueError: Unknown loss function: BatchMeanSquaredError",
                       "ValueError: Unknown loss function: dice_loss")]
    assert first == ["b::v", "a::v"]


def test_an_error_its_sources_claim_but_no_run_recorded_is_named_as_claimed_not_recorded():
    """No match stays no match; the scenario whose sources report the error is named apart, with
    its claimed type required for a pattern (a pattern alone could match prose)."""
    data = _causes({"a": "ValueError: something else entirely", "b": "t"},
                   _cells("a::v", ["e0"], "something else entirely"))
    data["cases"]["b::v"]["claim"] = "AttributeError: 'ResourceVariable' object has no attribute 'overwrite_with_gradient'"
    data["cases"]["c::v"] = {"scenario": "c", "variant": "v", "role": "broken", "title": "t", "freq": 9,
                             "claimed": {"type": "ImportError", "pattern": "BatchNormalization"}}
    data["cells"].append({"o": "ok", "case": "b::v", "env": "e0"})
    typed, bare, prose, recorded = node.call({"op": "search", "data": data, "texts": [
        "AttributeError: 'ResourceVariable' object has no attribute 'overwrite_with_gradient'",
        "    grads = tape.gradient(loss, vs)\n\n   ResourceVariable' object has no attribute 'overwrite_with_gradient\n"
        "   Is there any way to solve this one? Thank you!\n",
        "Freezing a BatchNormalization layer does not work.",
        "ValueError: something else entirely"]})
    assert typed["kind"] == bare["kind"] == "none"
    assert typed["claimed"] == bare["claimed"] == ["b::v"]
    assert bare["read"]["message"] == "ResourceVariable' object has no attribute 'overwrite_with_gradient"
    assert prose["claimed"] == []
    assert recorded["kind"] == "same" and recorded["claimed"] == []      # asked only when nothing matches
    with_type, = node.call({"op": "search", "data": data, "texts": ["ImportError: cannot import name 'BatchNormalization'"]})
    assert with_type["claimed"] == ["c::v"]
