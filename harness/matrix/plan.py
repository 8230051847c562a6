"""What a row session must run: our own options, the slice asked for, and what is stale.

Host side. A cell's stored result is reused while nothing it depends on changed
(harness/hashes.py: the case file and the ctx code, the runner, the row's
resolved package set). A row session runs:

- everything with --rerun-all;
- exactly the selection when one is given (-k, -m, node ids, --script): a slice
  runs what it names, and every other cell keeps its latest result;
- otherwise only the stale cells (a new or edited case, a changed environment,
  a changed runner); none stale: no TensorFlow is even imported.
"""
from __future__ import annotations

import argparse
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import casefile, hashes
from ..runner import options as runner_options

# The row session's own options, declared once: parse() reads them off the command line (every
# other argument reaches pytest), noxfile.py refuses a bad value through parse() before any row
# runs, and Options below has one field per entry (its `dest`). Same shape as the runner's
# table (harness/runner/options.py Option): names, a value or not, its check, help text.
def _whole_number(minimum: int, what: str, auto=None):
    """A plain whole number (ASCII digits) of at least `minimum`; `auto` -> auto()."""
    def convert(text):
        if auto is not None and text == "auto":
            text = str(auto())
        if not (text.isascii() and text.isdigit()) or int(text) < minimum:
            raise argparse.ArgumentTypeError("%r is not %s" % (text, what))
        return int(text)
    return convert


ROW_OPTIONS = (
    runner_options.Option(("--rerun-all",), action="store_true", default=False,
                          help="run every cell again, not only the stale ones"),
    runner_options.Option(("--audit",), action="store_true", default=False,
                          help="also check the cells that ran (and older cells with no valid audit) against the "
                               "plain interpreter"),
    runner_options.Option(("--read-pass",), action="store_true", default=False,
                          help="run only the reader cells made stale by new artifacts (the matrix's second pass, "
                               "docs/saveload.md)"),
    runner_options.Option(("--confirm",), convert=_whole_number(0, "a number of extra runs (0 or more)"),
                          default=0, metavar="N",
                          help="run a cell whose result changed N more times, to tell a change from a flaky cell"),
    runner_options.Option(("--workers",), default=1, metavar="N|auto",
                          convert=_whole_number(1, "a number of runner processes, 1 or more, or auto",
                                                auto=lambda: os.cpu_count() or 1),
                          help="N runner processes (auto: one per CPU) share the row's cases"),
)
ROW_BY_NAME = {name: option for option in ROW_OPTIONS for name in option.names}
ROW_BY_DEST = {option.dest: option for option in ROW_OPTIONS}


def option_name(dest: str) -> str:
    """How one of our options is spelt on the command line (`rerun_all` -> `--rerun-all`)."""
    return ROW_BY_DEST[dest].names[0]


def usage() -> str:
    """One line per option of the row session, from the table."""
    return "\n".join("%s  %s" % (" ".join(o.names) + (" " + (o.metavar or "VALUE") if o.takes_value else ""), o.help)
                     for o in ROW_OPTIONS)


_SELECTING = ("-k", "-m", "--script", "--only-cases")


@dataclass
class Options:
    """The session's arguments: one field per ROW_OPTIONS entry (its defaults), pytest's the rest."""
    rerun_all: bool = False
    audit: bool = False
    confirm: int = 0                 # rerun a cell whose result changed this many times (flaky check)
    read_pass: bool = False          # only the reader cells made stale by new artifacts (docs/saveload.md)
    workers: int = 1                 # runner processes sharing the row's cases (each forks its cases)
    pytest: list[str] = field(default_factory=list)

    @property
    def selects(self) -> bool:
        """Does the pytest part choose its own cases (a slice)?"""
        args = self.pytest
        for index, arg in enumerate(args):
            if arg in _SELECTING or any(arg.startswith(s + "=") for s in _SELECTING if s.startswith("--")):
                return True
            if arg.startswith("-k") and len(arg) > 2 or arg.startswith("-m") and len(arg) > 2:
                return True
            if not arg.startswith("-") and (index == 0 or args[index - 1] not in value_options()):
                return True   # a positional path / node id
        return False

    @property
    def has_targets(self) -> bool:
        """Positional paths / node ids or --script: then cases/ is not added."""
        args = self.pytest
        return "--script" in args or any(a.startswith("--script=") for a in args) or any(
            not a.startswith("-") and (i == 0 or args[i - 1] not in value_options()) for i, a in enumerate(args))


# pytest's options that take a value, where pytest's own parser cannot be asked (value_options);
# -n / --dist (pytest-xdist) and --timeout (pytest-timeout) are plugins' the rows install.
PYTEST_VALUE_OPTIONS = ("-k", "-m", "-n", "--junitxml", "-p", "--maxfail", "--dist", "-W", "--timeout", "-c",
                        "--rootdir", "--basetemp", "-o", "--deselect", "--ignore", "--ignore-glob", "--tb", "-r")


@functools.lru_cache(maxsize=None)   # asked once, when a slice is judged: not at import (every nox process imports this)
def value_options() -> frozenset:
    """Every option whose next argument is its value, not a case path: the runner's (its option
    table, harness/runner/options.py) and pytest's, from pytest's own parser where it can be built,
    else PYTEST_VALUE_OPTIONS. A new option never turns a full run into a slice."""
    names = set(PYTEST_VALUE_OPTIONS) | set(runner_options.value_names())
    try:
        from _pytest.config import get_config   # pytest's parser, with its built-in plugins' options
        parser = get_config()._parser.optparser
        names.update(s for a in parser._actions if a.option_strings and a.nargs not in (0, "?")
                     for s in a.option_strings)
    except Exception:   # another pytest: the names above
        pass
    return frozenset(names)



def parse(posargs: list[str]) -> Options:
    """Split the session's arguments into ours (ROW_OPTIONS) and pytest's. ValueError on a bad
    value, ours or the runner's (harness/runner/options.py): a usage error, before any row runs."""
    options = Options()
    args = list(posargs)
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        option = ROW_BY_NAME.get(name)
        if option is None:
            options.pytest.append(arg)
        elif not option.takes_value:
            if eq:
                raise ValueError("%s takes no value" % name)
            setattr(options, option.dest, True)
        else:
            if not eq:
                if i + 1 >= len(args):
                    raise ValueError("%s needs a value; %s %s: %s" % (name, name, option.metavar, option.help))
                i += 1
                value = args[i]
            try:
                setattr(options, option.dest, option.check(value))
            except ValueError as exc:
                raise ValueError("%s; %s %s: %s" % (exc, name, option.metavar, option.help)) from None
        i += 1
    runner_options.check_args(options.pytest)   # against the runner's own option table, before any row
    return options


def run_limits(pytest_args: list[str], environ: dict | None = None) -> dict:
    """The limits (case timeout, memory cap) the runner will use for these arguments in an
    environment with these variables: a cell made under others is stale."""
    return runner_options.limits_of(pytest_args, environ)


def case_hashes(cases_dir: Path) -> tuple[dict[str, str], list[str]]:
    """({case id: case hash} of every variant, ['scenario::*' of every broken case file])."""
    scenarios, errors = casefile.discover(str(cases_dir))
    found = {}
    for scenario in scenarios:
        digest = hashes.case_hash(scenario.path)
        for variant in scenario.variants:
            found[variant.case_id] = digest
    broken = [casefile.broken_case_id(e.path) for e in errors]
    return found, broken


def stale_cases(fresh: set[str], all_cases: dict[str, str], broken: list[str]) -> list[str]:
    """The case ids to run: every case not fresh, and every broken file (its case_error)."""
    return sorted(set(all_cases) - fresh) + sorted(broken)


# ------------------------------------------------------ saved here, loaded there ----
def readers(cases_dir: Path) -> dict[str, str]:
    """{reader case id: its writer's case id} of the library."""
    scenarios, _ = casefile.discover(str(cases_dir))
    return {v.case_id: v.reads for s in scenarios for v in s.variants if v.role == casefile.READER}


def artifacts_index(history, store: Path, declared: dict | None = None) -> dict:
    """What readers read: {writer case id: {writer env: {sha256, run_id, case_hash, env_hash,
    store, axes}}}, the newest record of each (writer case, env) that saved an artifact still
    in the store. `declared`: {env id: axes from matrix.toml}, completed by the env.json of
    the writer's newest run (axes are what a claim's writer scope matches)."""
    import json

    from .. import artifacts, axes

    def present(value):
        return None if value is None or value != value else value
    env_of = {}
    for meta in history.latest_rowruns().to_dict("records"):
        try:
            env_of[meta["env_id"]] = json.loads(meta["env_json"]) if present(meta.get("env_json")) else None
        except ValueError:
            env_of[meta["env_id"]] = None
    found: dict = {}
    for rec in history.artifact_writers().to_dict("records"):
        if not artifacts.exists(str(store), rec["artifact"]):
            continue
        values = axes.actual(env_of.get(rec["env_id"]), (declared or {}).get(rec["env_id"], {}))
        found.setdefault(rec["case_id"], {})[rec["env_id"]] = {
            "sha256": rec["artifact"], "run_id": rec["run_id"], "case_hash": present(rec["case_hash"]),
            "env_hash": present(rec["env_hash"]), "store": str(Path(store).resolve()),
            "axes": {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}}
    return found


def with_readers(all_cases: dict[str, str], reader_of: dict[str, str], index: dict) -> tuple[dict, dict]:
    """(case hashes with every reader expanded to one cell per artifact it reads,
    {reader cell id: the sha it must read}); a reader with nothing to read has no cell."""
    cases = {c: h for c, h in all_cases.items() if c not in reader_of}
    shas = {}
    for reader, writer in reader_of.items():
        if reader not in all_cases:
            continue
        for env, entry in sorted((index.get(writer) or {}).items()):
            cell = "%s@%s" % (reader, env)
            cases[cell], shas[cell] = all_cases[reader], entry["sha256"]
    return cases, shas
