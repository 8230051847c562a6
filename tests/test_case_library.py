"""The case library itself: every case file loads, ids are unique, claims are
checkable, seed cases point at real seed documents and together cover every code
example of every seed. Host-side; reads metadata only (no TensorFlow)."""
import os
import re
import textwrap

import pytest

from harness import casefile, claims

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(REPO, "cases")
CASE_FILES = casefile.case_files(CASES)
PYTHON_BLOCK = re.compile(r"^```python\b", re.MULTILINE)


def _seeds_dir():
    """The seed articles: `shared/seeds` next to the repo or inside it."""
    for candidate in (os.path.join(os.path.dirname(REPO), "shared", "seeds"),
                      os.path.join(REPO, "shared", "seeds")):
        if os.path.isdir(candidate):
            return candidate
    return None


def _seed_example_counts(seeds):
    counts = {}
    for name in sorted(os.listdir(seeds)):
        path = os.path.join(seeds, name)
        if os.path.isfile(path) and not name.startswith("."):
            with open(path, encoding="utf-8") as handle:
                counts[name] = len(PYTHON_BLOCK.findall(handle.read()))
    return counts


def _library():
    scenarios, errors = casefile.discover(CASES)
    assert not errors, "broken case files:\n" + "\n".join(str(e) for e in errors)
    return scenarios


def _seed_variants():
    for scenario in _library():
        source = scenario.meta["source"]
        if source["kind"] == "seed":
            for variant in scenario.variants:
                yield source["doc"], variant


def test_library_is_not_empty():
    assert CASE_FILES, "no case files under %s" % CASES


@pytest.mark.parametrize("path", CASE_FILES, ids=[os.path.relpath(p, CASES) for p in CASE_FILES])
def test_case_file_loads(path):
    scenario = casefile.load_scenario(path)
    assert scenario.variants


def test_case_ids_are_unique():
    seen = {}
    for scenario in _library():
        for variant in scenario.variants:
            assert variant.case_id not in seen, "%s defined in %s and %s" % (
                variant.case_id, seen[variant.case_id], scenario.path)
            seen[variant.case_id] = scenario.path


def test_every_claim_has_a_valid_expect():
    checked = 0
    for scenario in _library():
        for variant in scenario.variants:
            claim = variant.claim
            if claim is None:
                continue
            assert claim.get("text"), variant.case_id
            assert claims.validate_expect(claim.get("expect")) == [], variant.case_id
            checked += 1
    assert checked, "no variant carries a claim"


def test_known_root_causes_cite_urls():
    for scenario in _library():
        source = scenario.meta["source"]
        if source["kind"] == "known":
            assert source["refs"], scenario.id
            for ref in source["refs"]:
                assert re.match(r"^https?://\S+$", ref), "%s: %r is not a URL" % (scenario.id, ref)


# Python code blocks per seed article. Recorded here so the coverage tests run in a
# checkout without the articles; checked against them where they are present.
SEED_EXAMPLES = {"000_73ea9450ffdc310b.txt": 3, "001_9f54f8740deed471.txt": 3, "002_3200bdbb91f42c6c.txt": 3,
                 "003_c2f32038be6832c3.txt": 3, "004_7af12acc91d5456a.txt": 3}


def test_recorded_seed_example_counts_match_the_articles():
    seeds = _seeds_dir()
    if seeds is None:
        pytest.skip("no shared/seeds folder next to or inside the repository")
    assert _seed_example_counts(seeds) == SEED_EXAMPLES


def test_seed_variants_name_existing_documents_and_examples():
    for doc, variant in _seed_variants():
        assert doc in SEED_EXAMPLES, "%s names missing seed document %s" % (variant.case_id, doc)
        example = variant.meta["example"]
        assert 1 <= example <= SEED_EXAMPLES[doc], "%s: example %d, but %s has %d python blocks" % (
            variant.case_id, example, doc, SEED_EXAMPLES[doc])


def test_every_seed_example_is_covered():
    covered = {(doc, variant.meta["example"]) for doc, variant in _seed_variants()}
    missing = ["%s example %d" % (doc, n) for doc, count in sorted(SEED_EXAMPLES.items())
               for n in range(1, count + 1) if (doc, n) not in covered]
    assert not missing, "seed code examples no variant reproduces: " + ", ".join(missing)


# A deliberately broken library: each file has one defect, and the message must say which.
_VALID = '''
CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org/1"]},
        "variants": {"v": {"role": "demo"}}}


def v(ctx):
    pass
'''

_BROKEN = {
    "syntax_error.py": ("CASE = {\n", r"syntax error"),
    "missing_case.py": ("def v(ctx):\n    pass\n", r"no top-level `CASE = \{\.\.\.\}`"),
    "bad_role.py": (_VALID.replace('"role": "demo"', '"role": "teaser"'), r"variant 'v': role must be one of"),
    "no_function.py": (_VALID.replace("def v(ctx):", "def w(ctx):"), r"variant 'v' has no function `def v\(ctx\):`"),
    "unknown_outcome.py": (_VALID.replace('"role": "demo"',
                                          '"role": "demo", "claim": {"text": "x", "expect": {"outcome": "exploded"}}'),
                           r"claim.expect.outcome 'exploded' is not an outcome"),
}


@pytest.fixture
def broken_library(tmp_path):
    for name, (text, _) in _BROKEN.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    (tmp_path / "zz_valid.py").write_text(_VALID)
    return tmp_path


@pytest.mark.parametrize("name", sorted(_BROKEN))
def test_broken_case_file_error_names_file_and_problem(broken_library, name):
    path = str(broken_library / name)
    with pytest.raises(casefile.CaseFileError) as info:
        casefile.load_scenario(path)
    assert info.value.path == path
    assert str(info.value).startswith(path)
    assert re.search(_BROKEN[name][1], str(info.value)), str(info.value)


def test_discover_keeps_going_past_broken_files(broken_library):
    scenarios, errors = casefile.discover(str(broken_library))
    assert [s.id for s in scenarios] == ["zz_valid"]
    assert sorted(os.path.basename(e.path) for e in errors) == sorted(_BROKEN)


def test_every_scenario_says_how_often_people_hit_it():
    """The report ranks cases by how common they are: every scenario counts its public reports."""
    missing = [s.id for s in _library() if "frequency" not in s.meta["source"]]
    assert missing == [], "no source.frequency in: " + ", ".join(missing)
    for scenario in _library():
        assert casefile._frequency_problem(scenario.meta["source"]["frequency"]) is None, scenario.id


@pytest.mark.parametrize("value, problem", [
    ({"reports": 3, "as_of": "2026-12-06", "how": "issues search"}, None),
    ({"reports": 0, "as_of": "2026-12-06", "how": "x"}, "'reports' must be a positive int"),
    ({"reports": True, "as_of": "2026-12-06", "how": "x"}, "'reports' must be a positive int"),
    ({"reports": 2, "reactions": -1, "as_of": "2026-12-06", "how": "x"}, "'reactions' must be an int >= 0"),
    ({"reports": 2, "as_of": "6 Dec", "how": "x"}, "'as_of' must be the day"),
    ({"reports": 2, "as_of": "2026-12-06", "how": " "}, "'how' must say"),
    ({"reports": 2, "as_of": "2026-12-06", "how": "x", "votes": 3}, "unknown key"),
    ([2], "must be a dict"),
])
def test_frequency_is_validated(value, problem):
    found = casefile._frequency_problem(value)
    assert (found is None) if problem is None else (problem in found), found
