"""Probe class 1: malformed case files. Each is one case_error record; every other case runs."""
from fault_support import write  # noqa: F401 (a fixture)
from fault_support import by_case, run_runner

GOOD = '''CASE = {"title": "good", "source": {"kind": "known", "refs": ["https://example.org"]},
        "variants": {"v": {"role": "fix"}}}


def v(ctx):
    ctx.observe("ran", True)
'''

HEAD = '"title": "t", "source": {"kind": "known", "refs": ["https://example.org"]}'
# name -> file content; every one must become exactly one case_error naming its file
MALFORMED = {
    "applies_list": 'CASE = {%s, "applies_to": ["keras3"], "variants": {"v": {"role": "fix"}}}\ndef v(ctx): pass\n' % HEAD,
    "flavours_int": 'CASE = {%s, "applies_to": {"flavours": 3}, "variants": {"v": {"role": "fix"}}}\ndef v(ctx): pass\n' % HEAD,
    "variant_key_int": 'CASE = {%s, "variants": {1: {"role": "fix"}}}\n' % HEAD,
    "grads_dict": 'CASE = {%s, "variants": {"v": {"role": "fix", "claim": {"text": "t", "expect": {"grads": ["w"]}}}}}\n'
                  'def v(ctx): pass\n' % HEAD,
    "bad_regex": 'CASE = {%s, "variants": {"v": {"role": "fix", "claim": {"text": "t", "expect": {"message": "("}}}}}\n'
                 'def v(ctx): pass\n' % HEAD,
    "regex_that_hangs": 'CASE = {%s, "variants": {"v": {"role": "fix", "claim": {"text": "t", "expect": '
                        '{"message": "^(a+)+$"}}}}}\ndef v(ctx): pass\n' % HEAD,
    "duplicate_variant": 'CASE = {%s, "variants": {"v": {"role": "fix"}, "v": {"role": "broken"}}}\ndef v(ctx): pass\n'
                         % HEAD,
    "doc_int": 'CASE = {"title": "t", "source": {"kind": "seed", "doc": 4}, "variants": {"v": {"role": "fix", '
               '"example": 1}}}\ndef v(ctx): pass\n',
    "syntax": 'CASE = {\n',
    "not_literal": 'CASE = dict(title="t")\n',
    "missing_function": 'CASE = {%s, "variants": {"v": {"role": "fix"}}}\n' % HEAD,
    "unknown_key": 'CASE = {%s, "variants": {"v": {"role": "fix", "colour": "red"}}}\ndef v(ctx): pass\n' % HEAD,
    "bad_scope": 'CASE = {%s, "variants": {"v": {"role": "fix", "claim": {"text": "t", "scope": {"tf": "new"}, '
                 '"expect": {"outcome": "ok"}}}}}\ndef v(ctx): pass\n' % HEAD,
    "deep_nesting": "CASE = " + "[" * 5000 + "]" * 5000 + "\n",
    "nul_byte": b'CASE = {"title": "t\x00"}\n',
    "not_utf8": b'CASE = {"title": "\xff\xfe"}\n',
}
PROBES = len(MALFORMED) + 1   # + the same scenario id in two folders


def test_each_malformed_case_file_is_one_case_error_and_the_rest_runs(tmp_path, write):
    write("cases/good_case.py", GOOD)
    for name, text in MALFORMED.items():
        write("cases/bad_%s.py" % name, text)
    write("cases/sub/good_case.py", GOOD)          # the same scenario id in a second folder
    proc, found, problems = run_runner(tmp_path, "cases")
    assert problems == []
    recs = by_case(found)
    assert recs["good_case::v"]["outcome"] == "ok" and recs["good_case::v"]["observed"] == {"ran": True}
    for name in MALFORMED:
        record = recs["bad_%s::*" % name]
        assert record["outcome"] == "case_error", name
        assert ("bad_%s.py" % name) in record["reason"], name
    assert len(found) == len(MALFORMED) + 2, sorted(recs)
    assert recs["good_case::*"]["outcome"] == "case_error" and "also used by" in recs["good_case::*"]["reason"]
    assert proc.returncode == 1, proc.stdout[-2000:]            # failed items: a person must look; not a crash


def test_discovery_flags_a_scenario_id_used_twice(tmp_path, write):
    from harness import casefile
    write("cases/good_case.py", GOOD)
    write("cases/sub/good_case.py", GOOD)
    scenarios, errors = casefile.discover(str(tmp_path / "cases"))
    assert len(scenarios) == 1 and len(errors) == 1 and "also used by" in str(errors[0])
