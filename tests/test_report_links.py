"""The page's shareable links (harness/report/page/link.js) and its upgrade comparison
(harness/report/page/upgrade.js), run in node as the page runs them.

- Links: every state round-trips (format, then parse and check, gives it back), ids with
  "/", "::", "@", spaces, "&" and "%" included; a link the page cannot use (a malformed
  escape, an unknown environment or case, a cut or damaged #q= token, a zip bomb) is dropped
  to the default view, never an exception.
- #q=: a long real traceback encoded by the page ("z": deflate, where CompressionStream exists)
  decodes with Python's zlib, and Python's own encodings (zlib and plain UTF-8) decode in the
  page; a browser without CompressionStream writes and reads the plain form.
- The upgrade groups on a small data object: breaks (with the scenario's fix variants that are
  ok after), gets fixed, changes its error (the normalised one), changes a claim's verdict,
  changes otherwise, not compared.
Needs node: skipped, saying so, without it.
"""
import base64
import json
import zlib
from pathlib import Path

import pytest

from harness.report import node

pytestmark = pytest.mark.skipif(node.node_binary() is None, reason="node (Node.js) is not installed: the page's "
                                "links run in node (apt-get install -y nodejs)")

ROOT = Path(__file__).resolve().parents[1]
ENV_A, ENV_B = "tf2.15-keras2-py3.11-cpu", "tf2.16-keras3-py3.12-cpu"
KNOWN = {"envs": {ENV_A: {}, ENV_B: {}, "odd env+x": {}},
         "cases": {"known_x::as_written": {}, "saveload_s::r@" + ENV_A: {}, "odd/scen::a b&c=d%e#f": {}},
         "group": ["seed001", "known"], "outcome": ["ok", "error"], "flavour": ["tf.keras", "keras3"]}
# a long real traceback as printed (tests/fixtures/tracebacks: an op error inside fit, TF 2.21), with
# non-ASCII text appended
TRACEBACK = json.loads((ROOT / "tests" / "fixtures" / "tracebacks" / "cases" / "op_error_in_fit" /
                        "tf2.21-keras3-py3.12-cpu.json").read_text(encoding="utf-8"))["stderr"] + \
    "\n# r\u00e9sum\u00e9 \u2192 \U0001d11e \u4e2d\u6587\n"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _links(hashes):
    return node.call({"op": "links", "hashes": hashes, "known": KNOWN})


def test_every_state_round_trips_through_its_link():
    states = [
        {"env": ENV_A},
        {"cell": {"env": ENV_B, "case": "known_x::as_written"}},
        {"cell": {"env": "odd env+x", "case": "odd/scen::a b&c=d%e#f"}},
        {"case": "saveload_s::r@" + ENV_A},
        {"from": ENV_A, "to": ENV_B},
        {"env": ENV_B, "group": "known", "outcome": "error", "flavour": "keras3", "filter": "crf & loss",
         "changing": True, "merge": True, "from": ENV_B, "to": ENV_A, "case": "known_x::as_written", "q": "zeJzLSM3J"},
    ]
    hashes = node.call({"op": "format", "states": states})
    # readable where it can be: ids keep their "/", ":" and "@"
    assert hashes[:2] == ["#env=" + ENV_A, "#cell=%s/known_x::as_written" % ENV_B]
    assert hashes[3] == "#case=saveload_s::r@" + ENV_A
    assert hashes[4] == "#from=%s&to=%s" % (ENV_A, ENV_B)
    assert hashes[5].endswith("&q=zeJzLSM3J") and "filter=crf%20%26%20loss" in hashes[5]
    back = _links(hashes)
    assert [b["checked"] for b in back] == states
    assert [b["format"] for b in back] == hashes


MALFORMED = ["", "#", "##", "#&&=&", "#env", "#env=", "#env=%", "#env=%E0%A4%A", "#env=%ZZ", "#env=tf9.9-nope",
             "#env=__proto__", "#env=toString", "#__proto__=1", "#cell=" + ENV_A, "#cell=/known_x::as_written",
             "#cell=%s/" % ENV_A, "#cell=nope/known_x::as_written", "#cell=%s/known_x::nope" % ENV_A,
             "#cell=%E0%A4%A/x", "#case=known_x", "#case=%", "#from=" + ENV_A, "#to=" + ENV_B,
             "#from=%s&to=%s" % (ENV_A, ENV_A), "#from=%s&to=nope" % ENV_A, "#q=", "#q=x", "#q=u!!", "#q=%",
             "#outcome=bogus", "#group=<script>", "#changing=yes", "#merge=0", "#q=u" + "A" * 5 + "&q=zz",
             "javascript:alert(1)", "#env=<img src=x onerror=alert(1)>"]


def test_a_link_the_page_cannot_use_means_the_default_view():
    found = _links(MALFORMED)
    assert {h: f["checked"] for h, f in zip(MALFORMED, found)} == {h: ({"q": "uAAAAA"} if "uAAAAA" in h else {})
                                                                   for h in MALFORMED}
    # what can be used is kept, the rest dropped; the first of a repeated key counts
    mixed = _links(["#env=%s&cell=nope/known_x::as_written&outcome=bogus&flavour=keras3" % ENV_A,
                    "#env=%&env=" + ENV_B, "#env=%s&env=%s" % (ENV_B, ENV_A), "#cell=%s/known_x::as_written&case=nope"
                    % ENV_B])
    assert [m["checked"] for m in mixed] == [{"env": ENV_A, "flavour": "keras3"}, {"env": ENV_B}, {"env": ENV_B},
                                             {"cell": {"env": ENV_B, "case": "known_x::as_written"}}]


def _decode(tokens, plain=False):
    return node.call({"op": "decode", "tokens": tokens, "plain": plain})


def test_a_pasted_traceback_in_q_round_trips_compressed_and_plain():
    short = "KeyError: 'val_f1'"   # too short for deflate to shorten
    packed, small = node.call({"op": "encode", "texts": [TRACEBACK, short]})
    plain, small_plain = node.call({"op": "encode", "texts": [TRACEBACK, short], "plain": True})
    assert len(TRACEBACK) > 8000
    # deflate where the browser has it, and only where it is shorter
    assert packed[0] == "z" and len(packed) < len(plain) / 2
    assert plain == "u" + _b64(TRACEBACK.encode("utf-8")) and small_plain == small == "u" + _b64(short.encode())
    assert zlib.decompress(_unb64(packed[1:])).decode("utf-8") == TRACEBACK      # Python reads the page's link
    # the page reads its own links and Python's (zlib; plain UTF-8, padded or not)
    python_z = "z" + _b64(zlib.compress(TRACEBACK.encode("utf-8"), 9))
    padded = "u" + base64.urlsafe_b64encode(short.encode()).decode()
    assert _decode([packed, plain, python_z, small, padded]) == [TRACEBACK, TRACEBACK, TRACEBACK, short, short]
    # a browser without DecompressionStream reads the plain form, and a "z" link means no text
    assert _decode([plain, packed], plain=True) == [TRACEBACK, None]
    # a token in a link round-trips with the rest of the state
    link = node.call({"op": "format", "states": [{"env": ENV_A, "q": packed}]})[0]
    assert _links([link])[0]["checked"] == {"env": ENV_A, "q": packed}


def test_a_damaged_or_inflating_token_decodes_to_nothing():
    packed = node.call({"op": "encode", "texts": [TRACEBACK]})[0]
    bomb = "z" + _b64(zlib.compress(b"a" * 5_000_000, 9))        # 5 MB from a few KB of link
    big = "z" + _b64(zlib.compress(b"b" * 200_000, 9))           # a long paste is not a bomb
    damaged = [packed[: len(packed) // 2],                         # cut short
               packed[:20] + ("A" if packed[20] != "A" else "B") + packed[21:],   # one character changed
               "z" + _b64(b"not deflate at all"), "u" + _b64(b"\xff\xfe\xc3("),  # not UTF-8
               "uA", "z", "x" + packed[1:], bomb]
    assert _decode(damaged) == [None] * len(damaged)
    assert _decode([big]) == ["b" * 200_000]


def _cell(case, env, o, **more):
    return dict({"case": case, "env": env, "o": o}, **more)


def _data():
    """Two environments; each case says what it tests."""
    A, B = ENV_A, ENV_B
    roles = {"s1::as_written": "broken", "s1::fix": "fix", "s1::corrected": "corrected", "s1::fix_broken_too": "fix",
             "s1::demo": "demo", "s2::as_written": "broken", "s3::other_type": "broken", "s3::other_message": "broken",
             "s3::other_layer_name": "broken", "s3::kh_then_grad": "broken", "s4::claim_only": "broken",
             "s4::claim_and_break": "broken", "s5::not_applicable": "broken", "s5::crash": "broken",
             "s6::not_run": "broken", "s6::only_in_a": "broken", "s7::same": "broken", "t1::fix": "fix"}
    cases = {cid: {"scenario": cid.split("::")[0], "variant": cid.split("::")[1], "role": role}
             for cid, role in roles.items()}
    layer = {"et": "ValueError", "em": "Unknown layer: ResidualBlock"}
    cells = [
        _cell("s1::as_written", A, "ok"), _cell("s1::as_written", B, "keras_history_error", et="AttributeError",
                                                em="'Tensor' object has no attribute '_keras_history'"),
        _cell("s1::fix", A, "ok"), _cell("s1::fix", B, "ok"),
        _cell("s1::corrected", A, "error", et="TypeError", em="x"), _cell("s1::corrected", B, "ok"),
        _cell("s1::fix_broken_too", A, "ok"), _cell("s1::fix_broken_too", B, "silent_failure"),
        _cell("s1::demo", A, "ok"), _cell("s1::demo", B, "ok"),
        _cell("t1::fix", A, "ok"), _cell("t1::fix", B, "ok"),                  # another scenario's fix: not listed
        _cell("s2::as_written", A, "grad_dropped", reason="w=none"), _cell("s2::as_written", B, "ok"),
        _cell("s3::other_type", A, "error", **layer), _cell("s3::other_type", B, "error", et="TypeError",
                                                            em="Unknown layer: ResidualBlock"),
        _cell("s3::other_message", A, "error", **layer), _cell("s3::other_message", B, "error", et="ValueError",
                                                               em="Unknown loss function: my_loss"),
        # the same error in other words: the user's own class name is not the error
        _cell("s3::other_layer_name", A, "error", **layer), _cell("s3::other_layer_name", B, "error",
                                                                  et="ValueError", em="Unknown layer: Doubler"),
        _cell("s3::kh_then_grad", A, "keras_history_error", et="AttributeError", em="no _keras_history"),
        _cell("s3::kh_then_grad", B, "grad_dropped", reason="w=none"),
        _cell("s4::claim_only", A, "ok", verdict="holds"), _cell("s4::claim_only", B, "ok", verdict="refuted"),
        _cell("s4::claim_and_break", A, "ok", verdict="holds"),
        _cell("s4::claim_and_break", B, "error", et="ValueError", em="boom", verdict="refuted"),
        _cell("s5::not_applicable", A, "ok"), _cell("s5::not_applicable", B, "not_applicable", reason="needs Keras 2"),
        _cell("s5::crash", A, "error", et="ValueError", em="boom"), _cell("s5::crash", B, "crash", reason="SIGSEGV"),
        _cell("s6::not_run", A, "ok"), _cell("s6::not_run", B, "not_run"),
        _cell("s6::only_in_a", A, "ok"),
        _cell("s7::same", A, "error", et="ValueError", em="boom"), _cell("s7::same", B, "error", et="ValueError",
                                                                          em="boom"),
        _cell("s7::same", "tf2.0-elsewhere", "ok"),                           # a third environment: not compared
    ]
    return {"cases": cases, "cells": cells}


def test_upgrade_groups_what_breaks_gets_fixed_and_changes():
    forward, backward, same_env = node.call({"op": "upgrade", "data": _data(),
                                             "pairs": [[ENV_A, ENV_B], [ENV_B, ENV_A], [ENV_A, ENV_A]]})
    assert forward == {
        "breaks": ["s1::as_written", "s1::fix_broken_too", "s4::claim_and_break"],
        "fixed": ["s1::corrected", "s2::as_written"],
        "changed": ["s3::other_type", "s3::other_message", "s3::kh_then_grad"],
        "verdict": ["s4::claim_only", "s4::claim_and_break"],
        "other": ["s5::not_applicable", "s5::crash"],
        # the fix / corrected variants of the same scenario that are ok after (not a demo, not another scenario's)
        "fixes": {"s1::as_written": ["s1::fix", "s1::corrected"], "s1::fix_broken_too": ["s1::fix", "s1::corrected"],
                  "s4::claim_and_break": []},
        "same": 5,           # s1::fix, s1::demo, t1::fix, s3::other_layer_name, s7::same
        "unknown": 2,        # s6: not run after; no cell after
    }
    # the other way round: what broke is fixed, and the fixes are those ok in the older one
    assert backward["fixed"] == forward["breaks"] and backward["breaks"] == forward["fixed"]
    assert backward["fixes"] == {"s1::corrected": ["s1::fix", "s1::fix_broken_too"], "s2::as_written": []}
    assert backward["changed"] == forward["changed"] and backward["verdict"] == forward["verdict"]
    assert all(same_env[g] == [] for g in ("breaks", "fixed", "changed", "verdict", "other"))
