"""The runner's command-line options, declared once (Python 3.7+, standard library only).

The pytest plugin adds exactly these (harness/runner/plugin.py), and the host checks a
row session's arguments against the same table before any row runs (noxfile.py,
harness/matrix/plan.py): a value that cannot work (`--repeat abc`, `--repeat 0`,
`--isolation bogus`) or a misspelt option of ours (`--case-timout 5`) is one usage
error up front, never an `env_error` recorded in every row. Options that are not ours
go to pytest as they are (pytest refuses what it does not know itself).

The run-level limits a case runs under (`--case-timeout`, `--case-memory-mb`) are
part of what its result depends on: limits() says which ones a given command line
means, the runner records them in every record (`limits`), and planning reuses a
cell only when they are the same (harness/hashes.py: reusable).
"""
import argparse
import difflib
import os

from .. import records

DEFAULT_CASE_TIMEOUT_S = 120.0
DEFAULT_CASE_MEMORY_MB = 8192
DEFAULT_IMPORT_TIMEOUT_S = 600
ISOLATION_MODES = ("auto", "fork", "spawn", "inprocess")   # harness/runner/isolate.py MODES


def _number(kind, minimum, what):
    def convert(text):
        try:
            value = kind(text)
        except (TypeError, ValueError):
            raise argparse.ArgumentTypeError("%r is not %s" % (text, what))
        if value != value or value < minimum or value in (float("inf"),):
            raise argparse.ArgumentTypeError("%r is not %s" % (text, what))
        return value
    convert.__name__ = kind.__name__
    return convert


positive_seconds = _number(float, 1e-9, "a number of seconds above 0")
megabytes = _number(int, 0, "a whole number of megabytes (0: no cap)")
whole_seconds = _number(int, 0, "a whole number of seconds (0: no limit)")
count = _number(int, 1, "a number of runs, 1 or more")


class FromEnvironment(object):
    """A default the environment may set (the row's variables reach the runner)."""

    def __init__(self, variable, convert, fallback):
        self.variable, self.convert, self.fallback = variable, convert, fallback

    def value(self, environ=None):
        text = (os.environ if environ is None else environ).get(self.variable)
        if text is None:
            return self.fallback
        try:
            return self.convert(text)
        except argparse.ArgumentTypeError as exc:   # never silently another limit than the one asked for
            raise ValueError("$%s: %s" % (self.variable, exc))


class Option(object):
    """One option: its names, how pytest parses it (argparse keywords), how the host
    checks it (`convert`, None for a flag)."""

    def __init__(self, names, convert=None, action=None, choices=None, default=None, metavar=None, help="",
                 set_by_row=False):
        self.names, self.convert, self.action, self.choices = names, convert, action, choices
        self.default, self.metavar, self.help, self.set_by_row = default, metavar, help, set_by_row
        self.dest = names[0].lstrip("-").replace("-", "_")

    @property
    def takes_value(self):
        return self.action not in ("store_true",)

    def pytest_keywords(self):
        keywords = {"help": self.help, "dest": self.dest}
        if self.action:
            keywords["action"] = self.action
        if self.convert is not None:
            keywords["type"] = self.convert
        if self.choices:
            keywords["choices"] = self.choices
        if self.metavar:
            keywords["metavar"] = self.metavar
        keywords["default"] = self.default_value()
        return keywords

    def default_value(self, environ=None):
        if isinstance(self.default, FromEnvironment):
            return self.default.value(environ)
        return self.default() if callable(self.default) else self.default

    def check(self, value):
        """The parsed value, or ValueError saying what is wrong with `value`."""
        if self.choices and value not in self.choices:
            raise ValueError("%s: %r is not one of %s" % (self.names[0], value, ", ".join(self.choices)))
        if self.convert is None:
            return value
        try:
            return self.convert(value)
        except argparse.ArgumentTypeError as exc:
            raise ValueError("%s: %s" % (self.names[0], exc))


OPTIONS = (
    Option(("--results",), metavar="DIR", set_by_row=True,
           help="folder for env.json and records.jsonl (default: results/local/ENV_ID); records are "
                "appended, never removed"),
    Option(("--env-id",), set_by_row=True, help="id of this environment row (default: $%s or 'local')"
           % records.ENV_ENV_ID),
    Option(("--isolation",), choices=ISOLATION_MODES, default="auto",
           help="auto: fork when provably safe, else a fresh interpreter per case"),
    Option(("--case-timeout",), convert=positive_seconds,
           default=FromEnvironment(records.ENV_CASE_TIMEOUT, positive_seconds, DEFAULT_CASE_TIMEOUT_S),
           help="seconds before a case process is killed and recorded as timeout (default %s, or $%s)"
                % (DEFAULT_CASE_TIMEOUT_S, records.ENV_CASE_TIMEOUT)),
    Option(("--case-memory-mb",), convert=megabytes,
           default=FromEnvironment(records.ENV_CASE_MEMORY_MB, megabytes, DEFAULT_CASE_MEMORY_MB),
           help="address space a case may add before its allocations fail (0: no cap; default %s, or $%s)"
                % (DEFAULT_CASE_MEMORY_MB, records.ENV_CASE_MEMORY_MB)),
    Option(("--import-timeout",), convert=whole_seconds,
           default=FromEnvironment(records.ENV_IMPORT_TIMEOUT, whole_seconds, DEFAULT_IMPORT_TIMEOUT_S),
           help="seconds the runner's import of TensorFlow / Keras may take before the run is killed with "
                "SIGALRM (0: no limit)"),
    Option(("--repeat",), convert=count, default=1, metavar="N",
           help="run each case N times (N records; a cell whose outcomes differ is flaky)"),
    Option(("--only-cases",), metavar="FILE",
           help="run only the case ids listed in FILE, one per line (incremental runs)"),
    Option(("--no-fingerprint",), action="store_true", default=False, help="do not write env.json"),
    Option(("--script",), action="append", default=list, metavar="PATH",
           help="run this plain Python script (or each *.py in this folder) as one case instead of the case "
                "library; repeatable (docs/scripts.md)"),
)
BY_NAME = dict((name, option) for option in OPTIONS for name in option.names)


def value_names():
    """The names of our options that take a value (their next argument is no case path)."""
    return tuple(name for option in OPTIONS if option.takes_value for name in option.names)


def add_to(group):
    """Add every option to a pytest option group (the plugin's pytest_addoption)."""
    for option in OPTIONS:
        keywords = option.pytest_keywords()
        if option.action == "append":
            keywords["default"] = []
        group.addoption(*option.names, **keywords)


def _split(args):
    """(name, value or None, index of the next argument) of each --long option in args."""
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not arg.startswith("--") or arg == "--":
            continue
        name, eq, value = arg.partition("=")
        option = BY_NAME.get(name)
        if option is not None and option.takes_value and not eq:
            value = args[i] if i < len(args) else None
            i += 1 if value is not None else 0
            yield name, value, False
        else:
            yield name, (value if eq else None), bool(eq)


def check_args(args, row_sets=True):
    """Refuse (ValueError, one clear message) runner options after `--` that cannot work:
    a bad value, a missing value, a misspelling of one of ours, or (`row_sets`) an option
    the row sets itself (--results, --env-id). Other options are pytest's. The limits'
    defaults from $KMATRIX_CASE_TIMEOUT / $KMATRIX_CASE_MEMORY_MB are checked too."""
    limits_of(args)
    for name, value, inline in _split(list(args)):
        option = BY_NAME.get(name)
        if option is None:
            near = difflib.get_close_matches(name, list(BY_NAME), n=1, cutoff=0.8)
            if near:
                raise ValueError("unknown option %s (did you mean %s?)" % (name, near[0]))
            continue
        if row_sets and option.set_by_row:
            raise ValueError("%s is set by the row itself (results/<set>/runs/<run>/<row>/); leave it out"
                             % name)
        if not option.takes_value:
            if inline:
                raise ValueError("%s takes no value" % name)
            continue
        if value is None:
            raise ValueError("%s needs a value" % name)
        option.check(value)


def value_of(args, dest, environ=None):
    """The value the runner will use for option `dest` given these arguments (last one
    wins, as in pytest) and environment (the row's variables reach the runner)."""
    option = next(o for o in OPTIONS if o.dest == dest)
    found = None
    for name, value, _ in _split(list(args)):
        if name in option.names and value is not None:
            found = value
    if found is not None:
        return option.check(found)
    return option.default_value(environ)


def limits(case_timeout_s, case_memory_mb):
    """The run-level limits of a record: what its result depends on besides its hashes."""
    return {"case_timeout_s": float(case_timeout_s), "case_memory_mb": int(case_memory_mb)}


def limits_of(args, environ=None):
    """The limits the runner will run cases under, given a row session's arguments."""
    return limits(value_of(args, "case_timeout", environ), value_of(args, "case_memory_mb", environ))
