"""`nox -s ROW -- --workers N`: N runner processes share a row's cases (harness/matrix/rowrun.py),
each forking its cases as one runner does. Host side: the split and the exit status; the
real comparison with a sequential run is in the README's figures (two rows, every cell)."""
import pytest

from harness.matrix import plan, rowrun


def test_workers_is_our_option_and_refuses_bad_values():
    assert plan.parse(["--workers", "3", "-k", "x"]).workers == 3
    assert plan.parse(["--workers=2"]).pytest == []
    assert plan.parse(["--workers", "auto"]).workers >= 1
    for bad in (["--workers", "0"], ["--workers", "two"], ["--workers"]):
        with pytest.raises(ValueError, match="--workers"):
            plan.parse(bad)


class _Run:
    def __init__(self, folder):
        self.results = folder


def test_shards_split_the_plan_round_robin_and_only_the_first_fingerprints(tmp_path):
    planned = tmp_path / "plan.txt"
    planned.write_text("".join("s%d::v\n" % i for i in range(5)))
    said = []
    shards = rowrun._shards(_Run(tmp_path), plan.parse(["--workers", "2"]), tmp_path, ["-q", "--only-cases",
                            str(planned)], said.append)
    parts = [(tmp_path / ("shard-%d.txt" % k)).read_text().split() for k in range(2)]
    assert parts == [["s0::v", "s2::v", "s4::v"], ["s1::v", "s3::v"]]
    assert shards[0] == ["-q", "--only-cases", str(tmp_path / "shard-0.txt")]
    assert shards[1] == ["-q", "--only-cases", str(tmp_path / "shard-1.txt"), "--no-fingerprint"]
    assert said == ["2 runner processes share 5 case(s)"]


def test_a_slice_or_one_worker_runs_in_one_process(tmp_path):
    run = _Run(tmp_path)
    assert rowrun._shards(run, plan.parse(["--workers", "2", "-k", "seed004"]), tmp_path, ["-k", "seed004"], print) == []
    assert rowrun._shards(run, plan.parse([]), tmp_path, [], print) == []


@pytest.mark.parametrize("codes, expected", [((0, 0), 0), ((0, 1), 1), ((5, 0), 0), ((5, 5), 5), ((1, 3), 3)])
def test_the_worst_exit_status_wins(monkeypatch, tmp_path, codes, expected):
    calls = []

    def fake(python, env, repo_root, results, row, args, targets, echo=None):
        calls.append(args)
        echo.write("ran %s\n" % args[-1])
        return codes[len(calls) - 1], "tail%d" % len(calls)
    monkeypatch.setattr(rowrun, "run_cases", fake)
    code, tail = rowrun.run_sharded("py", {}, tmp_path, tmp_path, None, [["a"], ["b"]], [], echo=open(tmp_path / "o", "w"))
    assert code == expected and len(calls) == 2 and "tail1" in tail and "tail2" in tail


def test_a_full_run_shares_every_case_readers_once_per_artifact(tmp_path):
    """--rerun-all --workers 2 splits what one runner would run: each reader once per artifact
    of its writer in the index."""
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "saveload_x.py").write_text(
        'CASE = {"title": "t", "source": {"kind": "known", "refs": ["https://example.org/1"],\n'
        '        "frequency": {"reports": 1, "reactions": 0, "as_of": "2026-12-06", "how": "x"}},\n'
        '        "variants": {"w": {"role": "writer"}, "r": {"role": "reader", "reads": "w"},\n'
        '                     "other": {"role": "demo"}}}\n\n\n'
        'def w(ctx):\n    pass\n\n\ndef r(ctx):\n    pass\n\n\ndef other(ctx):\n    pass\n')
    index = {"saveload_x::w": {"row-a": {"sha256": "a" * 64}, "row-b": {"sha256": "b" * 64}}}
    shards = rowrun._shards(_Run(tmp_path), plan.parse(["--workers", "2"]), cases, [], print, index)
    ran = sorted(c for k in range(len(shards)) for c in (tmp_path / ("shard-%d.txt" % k)).read_text().split())
    assert ran == ["saveload_x::other", "saveload_x::r@row-a", "saveload_x::r@row-b", "saveload_x::w"]
