"""The environment axes, declared once: what varies between rows of the matrix.

Standard library, Python 3.7+ (claims are scoped over these axes, and the
runner judges claims too). Every axis says which matrix.toml field declares
it, how a run's fingerprint (env.json) reports the value really seen, how its
values are ordered and labelled, and how a claim's scope matches it. The
matrix (rows, GitHub job matrix), the report (columns, their order, headers,
transitions), bisection and the regression JSON all go through AXES; a new
axis is one matrix.toml field plus one entry here.
"""
import re
from collections import namedtuple

_NUMBERS = re.compile(r"\d+")
_PIN = re.compile(r"(?:==|~=|===)\s*v?(\d+(?:\.\d+)*)")


def version_tuple(text):
    """'2.15.1' -> (2, 15, 1); '2.21.0-dev20250301' -> (2, 21, 0); '' -> ()."""
    text = str(text or "").split("-dev")[0].split(".dev")[0].split("rc")[0]
    return tuple(int(n) for n in _NUMBERS.findall(text)[:3])


def short_version(text):
    return ".".join(str(n) for n in version_tuple(text)[:2]) or "?"


# ---------------------------------------------------------------- version specs ----
_SPEC = re.compile(r"^\s*(==|!=|>=|<=|>|<)\s*(\d+(?:\.\d+)*|nightly)\s*$")


def parse_version_spec(text):
    """'>=2.0,<2.16' -> [('>=', (2, 0)), ('<', (2, 16))]; ValueError if malformed."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("a version spec is a string like '>=2.0,<2.16'")
    parts = []
    for piece in text.split(","):
        match = _SPEC.match(piece)
        if not match:
            raise ValueError("bad version spec %r (use ==, !=, >=, <=, >, < and versions, "
                             "comma-separated)" % piece.strip())
        op, version = match.groups()
        parts.append((op, NIGHTLY if version == "nightly" else tuple(int(p) for p in version.split("."))))
    return parts


NIGHTLY = (10 ** 6,)   # nightly builds are newer than every release


def _compare(value, op, bound):
    width = len(bound)
    value = tuple(value[:width]) + (0,) * max(0, width - len(value))
    return {"==": value == bound, "!=": value != bound, ">=": value >= bound, "<=": value <= bound,
            ">": value > bound, "<": value < bound}[op]


def version_in(value, spec):
    """Does version tuple `value` satisfy spec text? Missing values satisfy nothing."""
    if not value:
        return False
    return all(_compare(value, op, bound) for op, bound in parse_version_spec(spec))


# ---------------------------------------------------------------------- the axes ----
# What the runner knows of the environment it runs in (Axis.running): the Keras under test
# (harness/runner/flavour.KerasUnderTest), installed(distribution) -> bool, the device the row asks for.
Running = namedtuple("Running", "under_test installed device")


class Axis(object):
    """One axis. Subclasses say how its values are read, ordered and matched."""
    name = ""          # key in EnvRow.axes, in claim scopes, in table.json
    field = ""         # the matrix.toml field that declares it
    label = ""         # header label
    line = True        # part of a "flavour line" (transitions run along the other axes)
    required = True
    default = None
    # How the report shows it (harness/report: the column header, the environment picker):
    header_line = 1    # which line of a column's second header row shows it (None: not there)
    picker = False     # the page offers it in "Pick your environment" (its values as the columns have them)
    table_filter = False   # the table can show only the columns of one of its values (#<name>= links)
    # How far apart two values are when the page looks for the nearest environment (page/freeze.js):
    # None (not compared), ["exact", w]: w when the wanted value differs, ["minor", w]: w per minor
    # version apart, ["default", w]: w when the value differs from the wanted one (none: the default),
    # ["release", w]: by TensorFlow release (nightly and none apart)
    distance = None
    # How a `pip freeze` says its value (page/freeze.js, read_freeze below): rules, the first whose
    # conditions all hold gives the value (None: it cannot say). Conditions: "tf": null (no TensorFlow)
    # or a version spec; "keras": a version spec (keras installed); "installed": a distribution.
    freeze = ()

    def parse(self, raw, row_id):
        """The declared value from matrix.toml (raw is None when the field is absent)."""
        return raw

    def actual(self, fingerprint, declared):
        """The value a run's env.json reports (None if it cannot say)."""
        return None

    def order(self, value):
        return (0, str(value))

    def short(self, value):
        return "" if value is None else str(value)

    def running(self, seen):
        """The value in the running environment, as the runner sees it (for claim scopes):
        `seen` is a Running. None: it cannot say."""
        return None

    def header_parts(self, value, fingerprint):
        """[(css class, text)] of this axis in a column's header ('' texts are left out)."""
        return [("ax-" + self.name, self.short(value))]

    def pick_value(self, value):
        """The value the picker offers for a column with `value`."""
        return self.short(value)

    def pick_words(self, value):
        return "%s %s" % (self.label, value)

    def check_scope(self, spec):
        """Problems with a claim scope value for this axis (a list of strings)."""
        if isinstance(spec, str):
            spec = [spec]
        if not isinstance(spec, list) or not all(isinstance(s, str) for s in spec):
            return ["scope.%s must be a value or a list of values" % self.name]
        return []

    def in_scope(self, value, spec):
        return value in (spec if isinstance(spec, list) else [spec])


class Choice(Axis):
    """An axis with a fixed, ordered set of values."""
    choices = ()

    def parse(self, raw, row_id):
        value = self.default if raw is None else raw
        if value not in self.choices:
            raise ValueError("%s must be one of %s, not %r" % (self.field, ", ".join(self.choices), raw))
        return value

    def order(self, value):
        return (self.choices.index(value) if value in self.choices else len(self.choices), str(value))

    def check_scope(self, spec):
        problems = Axis.check_scope(self, spec)
        if not problems:
            unknown = [s for s in (spec if isinstance(spec, list) else [spec]) if s not in self.choices]
            if unknown:
                problems.append("scope.%s: unknown value(s) %s (known: %s)" % (
                    self.name, ", ".join(map(repr, unknown)), ", ".join(self.choices)))
        return problems


class VersionAxis(Axis):
    """An axis whose values are versions: scopes are version specs ('>=2.0,<2.16')."""

    def key(self, value):
        return version_tuple(value) if value else ()

    def check_scope(self, spec):
        try:
            parse_version_spec(spec)
        except ValueError as exc:
            return ["scope.%s: %s" % (self.name, exc)]
        return []

    def in_scope(self, value, spec):
        return version_in(self.key(value), spec)


class TensorFlowAxis(VersionAxis):
    """The TensorFlow version: a release ('2.15.1'), 'nightly', or None (no TensorFlow)."""
    name, field, label, line = "tf", "tensorflow", "TensorFlow", False
    header_line, picker, distance = None, True, ["release", 10]   # TF heads the header's first row
    packages = ("tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tensorflow-intel", "tensorflow-macos",
                "tf-nightly", "tf-nightly-cpu", "tf-nightly-gpu")   # the distributions that are TensorFlow

    def parse(self, raw, row_id):
        if not isinstance(raw, str):
            raise ValueError("tensorflow must be a requirement string (\"\" for none)")
        if not raw.strip():
            return None
        if "nightly" in raw:
            return "nightly"
        match = _PIN.search(raw)
        if not match:
            raise ValueError("tensorflow %r: pin a version (==X.Y.Z) or use tf-nightly" % raw)
        return match.group(1)

    def running(self, seen):
        tf = getattr(seen.under_test, "tf", None)
        return tf.__version__ if tf is not None else None

    def actual(self, fingerprint, declared):
        tf = fingerprint.get("tensorflow")
        return tf.get("version") if isinstance(tf, dict) and isinstance(tf.get("version"), str) else None

    @staticmethod
    def is_nightly(value):
        text = str(value or "").lower()
        return text == "nightly" or "dev" in text or "nightly" in text

    def key(self, value):
        """Version tuple for scopes and bisection: nightly is newer than any release."""
        if value is None:
            return ()
        return NIGHTLY if self.is_nightly(value) else version_tuple(value)

    def order(self, value):
        # pinned releases by version, then rows without TensorFlow, then nightlies
        if value is None:
            return (1, ())
        if self.is_nightly(value):
            return (2, ())
        return (0, version_tuple(value)[:2])

    def short(self, value):
        if value is None:
            return "no TF"
        return "nightly" if self.is_nightly(value) else short_version(value)

    def pick_words(self, value):
        return {"no TF": "none (Keras 3 on JAX / PyTorch)", "nightly": "nightly"}.get(value, "TF " + value)

    def words(self, value):
        short = self.short(value)
        return short if short == "no TF" else "TF " + short


class FlavourAxis(Choice):
    """Which Keras user code really gets (see harness/runner/flavour.py)."""
    name, field, label = "flavour", "flavour", "Keras"
    choices = ("keras-standalone", "tf.keras", "tf_keras", "keras3")
    header_line, picker, distance, table_filter = 0, True, ["exact", 1000], True
    version_of = {"tf_keras": "tf-keras"}   # the distribution whose version is the Keras version (else keras)
    WORDS = {"tf.keras": "tf.keras (Keras 2 in TensorFlow)", "keras-standalone": "keras 2.x package (import keras)",
             "tf_keras": "tf_keras (legacy Keras 2, TF \u2265 2.16)", "keras3": "Keras 3"}
    # From TF 2.16 tf.keras is Keras 3; the keras package before 2.6 is the standalone multi-backend
    # Keras (harness/runner/context.flavour_of decides the same at run time).
    freeze = (({"tf": None}, "keras3"),
              ({"tf": ">=2.16", "keras": "<3", "installed": "tf-keras"}, "tf_keras"),
              ({"tf": ">=2.16"}, "keras3"),
              ({"keras": "<2.6"}, "keras-standalone"),
              ({}, "tf.keras"))

    def header_parts(self, value, fingerprint):
        keras = (fingerprint or {}).get("keras") or {}
        version = keras.get("version") if isinstance(keras, dict) else None
        return [("fl", value or "?")] + ([("kv", version)] if version else [])

    def pick_words(self, value):
        return self.WORDS.get(value, value)

    def running(self, seen):
        return getattr(seen.under_test, "flavour", None)

    def actual(self, fingerprint, declared):
        keras = fingerprint.get("keras")
        return keras.get("flavour") if isinstance(keras, dict) and keras.get("flavour") in self.choices else None


class BackendAxis(Choice):
    name, field, label, required, default = "backend", "backend", "backend", False, "tensorflow"
    choices = ("tensorflow", "jax", "torch")
    header_line, distance = 0, ["default", 0.3]
    freeze = (({"tf": None, "installed": "jax"}, "jax"), ({"tf": None, "installed": "torch"}, "torch"))

    def header_parts(self, value, fingerprint):
        return [("be", value if value and value != self.default else "")]

    def running(self, seen):
        return getattr(seen.under_test, "backend", None)

    def actual(self, fingerprint, declared):
        keras = fingerprint.get("keras")
        return keras.get("backend") if isinstance(keras, dict) and keras.get("backend") in self.choices else None


class PythonAxis(VersionAxis):
    name, field, label, line = "python", "python", "Python", False
    _RE = re.compile(r"3\.\d+")
    header_line, picker, distance = 1, True, ["minor", 1]

    def header_parts(self, value, fingerprint):
        return [("py", "py" + (value or "?"))]

    def pick_value(self, value):
        return value or ""

    def parse(self, raw, row_id):
        if not isinstance(raw, str) or not self._RE.fullmatch(raw):
            raise ValueError("python must look like \"3.11\", not %r" % (raw,))
        return raw

    def running(self, seen):
        import platform
        return short_version(platform.python_version())

    def actual(self, fingerprint, declared):
        python = fingerprint.get("python")
        version = python.get("version") if isinstance(python, dict) else None
        return short_version(version) if isinstance(version, str) else None

    def order(self, value):
        return (0, version_tuple(value))

    def short(self, value):
        return "py" + str(value)


class DeviceAxis(Choice):
    """The device a row asks for; a run reports what the runtime really saw, so a
    CPU run is never labelled CUDA."""
    name, field, label, default = "device", "device", "device", "cpu"
    required = True
    choices = ("cpu", "cuda")
    header_line, distance = 1, ["default", 0.5]

    def header_parts(self, value, fingerprint):
        return [("dv " + (value or "?"), value or "?")]

    def running(self, seen):
        return seen.device or self.default   # what the row asks for

    def actual(self, fingerprint, declared):
        device = fingerprint.get("device")
        kind = device.get("kind") if isinstance(device, dict) else None
        return {"gpu": "cuda", "cpu": "cpu"}.get(kind)


class AlsoInstalledAxis(Axis):
    """Packages installed beside the Keras under test that change what users see
    (tf_keras next to Keras 3, as transformers users have on TF >= 2.16)."""
    name, field, label, required, default = "also", "also_installed", "also installed", False, ()
    known = {"tf_keras": "tf-keras"}   # value -> distribution name in env.json's packages
    header_line, distance = 0, ["default", 0.2]
    freeze = (({"tf": ">=2.16", "keras": "<3", "installed": "tf-keras"}, None),   # tf_keras is the flavour
              ({"tf": ">=2.16", "installed": "tf-keras"}, "tf_keras"))

    def header_parts(self, value, fingerprint):
        return [("al", self.short(value))]

    def parse(self, raw, row_id):
        raw = [] if raw is None else raw
        if not isinstance(raw, list) or not all(v in self.known for v in raw):
            raise ValueError("also_installed must be a list of %s" % ", ".join(self.known))
        return tuple(sorted(raw))

    def running(self, seen):
        return tuple(sorted(value for value, dist in self.known.items() if seen.installed(dist)))

    def actual(self, fingerprint, declared):
        packages = fingerprint.get("packages")
        if not isinstance(packages, dict):
            return None
        return tuple(v for v in declared or () if self.known[v] in packages)

    def order(self, value):
        return (len(value or ()), tuple(value or ()))

    def short(self, value):
        return "+" + "+".join(value) if value else ""

    def check_scope(self, spec):
        problems = Axis.check_scope(self, spec)
        if not problems:
            for s in (spec if isinstance(spec, list) else [spec]):
                if s not in self.known and s != "":
                    problems.append("scope.also: unknown value %r" % s)
        return problems

    def in_scope(self, value, spec):
        wanted = spec if isinstance(spec, list) else [spec]
        return any((w == "" and not value) or w in (value or ()) for w in wanted)


# The order of AXES is the column order of the report (after the TF major.minor group).
TF, FLAVOUR, BACKEND, PYTHON = TensorFlowAxis(), FlavourAxis(), BackendAxis(), PythonAxis()
AXES = (TF, FLAVOUR, BACKEND, PYTHON, DeviceAxis(), AlsoInstalledAxis())
BY_NAME = dict((axis.name, axis) for axis in AXES)
FIELDS = tuple(axis.field for axis in AXES)


def from_row(data, row_id):
    """{axis: declared value} from one matrix.toml table; ValueError names the field."""
    values = {}
    for axis in AXES:
        raw = data.get(axis.field)
        if raw is None and axis.required:
            raise ValueError("missing field %s" % axis.field)
        values[axis.name] = axis.parse(raw, row_id)
    return values


def actual(fingerprint, declared):
    """{axis: value} as a run's env.json reports it; the declared value where it cannot say."""
    fingerprint = fingerprint if isinstance(fingerprint, dict) else {}
    values = {}
    for axis in AXES:
        seen = None
        try:
            seen = axis.actual(fingerprint, declared.get(axis.name))
        except (AttributeError, TypeError, KeyError):
            seen = None
        values[axis.name] = declared.get(axis.name) if seen is None else seen
    return values


def sort_key(values, row_id=""):
    """Column order: TF major.minor group, then every axis in AXES order, then the
    full TF version and the id (stable)."""
    return (TF.order(values.get("tf")),) + tuple(axis.order(values.get(axis.name)) for axis in AXES[1:]) + (
        version_tuple(values.get("tf") or ""), row_id)


def header_lines(values, fingerprint=None):
    """A column's second header row: per line, the (css class, text) of the axes shown there."""
    lines = []
    for axis in AXES:
        if axis.header_line is None:
            continue
        while len(lines) <= axis.header_line:
            lines.append([])
        lines[axis.header_line].extend(p for p in axis.header_parts(values.get(axis.name), fingerprint) if p[1])
    return lines


def label_of(values, fingerprint=None):
    """An environment in words: 'TF 2.15 tf.keras 2.15.0 py3.11 cpu'."""
    return " ".join([TF.words(values.get("tf"))] + [text for line in header_lines(values, fingerprint)
                                                    for _, text in line])


def line_of(values):
    """The transition line a column belongs to: every line axis (flavour, backend,
    device, also-installed), in words: 'keras3', 'keras3 jax', 'keras3 +tf_keras'."""
    parts = []
    for axis in AXES:
        if not axis.line:
            continue
        name = axis.name
        value = values.get(name)
        if value in (None, (), axis.default) and name != "flavour":
            continue
        parts.append(axis.short(value) or "?")
    return " ".join(parts)


# ---------------------------------------------------------------- claim scopes ----
# A reader's claim may also be scoped by the environment that wrote what it loads:
# {"flavour": "keras3", "writer": {"flavour": "tf.keras", "tf": "<2.16"}} (docs/saveload.md).
WRITER = "writer"


def check_scope(scope, nested=False):
    """Problems with a claim's scope mapping {axis: spec} (plus "writer": {axis: spec})."""
    if not isinstance(scope, dict) or not scope:
        return ["scope must be a non-empty mapping of axis -> value(s) (axes: %s)" % ", ".join(BY_NAME)]
    problems = []
    for name, spec in scope.items():
        axis = BY_NAME.get(name)
        if name == WRITER and not nested:
            problems.extend("scope.writer: " + p for p in check_scope(spec, nested=True))
        elif axis is None:
            problems.append("scope has unknown axis %r (axes: %s%s)" % (
                name, ", ".join(BY_NAME), "" if nested else ", writer"))
        else:
            problems.extend(axis.check_scope(spec))
    return problems


def in_scope(scope, values):
    """Is an environment with axis `values` inside a (valid) claim scope? No scope: everywhere.
    A "writer" part matches values["writer"] (the writer's axes); a cell without one is outside."""
    if not scope:
        return True
    for name, spec in scope.items():
        if name == WRITER:
            if not isinstance(values.get(WRITER), dict) or not in_scope(spec, values[WRITER]):
                return False
        elif not BY_NAME[name].in_scope(values.get(name), spec):
            return False
    return True


# ------------------------------------------------------------------ pip freeze ----
# The distributions a freeze's rules name, and the names they may go by.
FREEZE_ALIASES = {"keras": ("keras", "keras-nightly"), "tf-keras": ("tf-keras", "tf-keras-nightly"),
                  "jax": ("jax",), "torch": ("torch",)}
_FREEZE_LINE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9_.\-]*)\s*(?:===?|@)\s*([^\s;#,]+)")


def read_freeze(text):
    """What a `pip freeze` says: {"tf": version or None, "tf_name", "keras", "tf-keras": versions or None,
    "axes": {axis: value}} by each axis's freeze rules. page/freeze.js reads the same rules (as_data)."""
    packages = {}
    for line in str(text or "").splitlines():
        match = _FREEZE_LINE.match(line)
        if match:
            packages[re.sub(r"[-_.]+", "-", match.group(1).lower())] = match.group(2)
    tf_name = next((n for n in TF.packages if n in packages), None)
    tf = packages.get(tf_name) if tf_name else None
    found = {"tf": tf, "tf_name": tf_name}
    for name, aliases in FREEZE_ALIASES.items():
        found[name] = next((packages[a] for a in aliases if a in packages), None)
    tf_key = None if tf is None else NIGHTLY if ("nightly" in tf_name or "dev" in tf) else version_tuple(tf)

    def holds(when):
        for key, spec in when.items():
            if key == "tf":
                if (spec is None) != (tf_key is None) or (spec is not None and not version_in(tf_key, spec)):
                    return False
            elif key == "keras":
                if not found["keras"] or not version_in(version_tuple(found["keras"]), spec):
                    return False
            elif key == "installed" and not found.get(spec):
                return False
        return True

    found["axes"] = dict((axis.name, next((value for when, value in axis.freeze if holds(when)), None))
                         for axis in AXES if axis.freeze)
    found["axes"][TF.name] = "nightly" if tf_key == NIGHTLY else TF.short(tf)   # as the TF picker offers it
    return found


def as_data():
    """The axes as the page reads them (harness/contract.as_data): name, label, default, where the
    header shows it, picker, distance and freeze rules."""
    return {"axes": [{"name": a.name, "label": a.label, "default": list(a.default) if isinstance(a.default, tuple)
                      else a.default, "line": a.line, "header_line": a.header_line, "picker": a.picker,
                      "table_filter": a.table_filter, "version_of": dict(getattr(a, "version_of", {})),
                      "distance": a.distance, "freeze": [[dict(when), value] for when, value in a.freeze]}
                     for a in AXES],
            "release_axis": TF.name, "tf_packages": list(TF.packages),
            "freeze_aliases": dict((k, list(v)) for k, v in FREEZE_ALIASES.items())}
