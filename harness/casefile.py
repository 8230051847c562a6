"""Finding case files and reading their metadata without running them.

Runs inside every environment (Python 3.7+) and on the host; standard library
only. Metadata is a literal `CASE = {...}` dict at the top of the file, read
with `ast.literal_eval`, so listing cases and claims never imports TensorFlow
and a broken case file yields a clear error naming the file and line instead
of stopping the run. See docs/cases.md for the format.
"""
import ast
import os
import re

FLAVOURS = ("tf.keras", "tf_keras", "keras3", "keras-standalone")
BACKENDS = ("tensorflow", "jax", "torch")
ROLES = ("broken", "fix", "demo", "corrected", "root_cause")
SOURCE_KINDS = ("seed", "known", "script")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")


class CaseFileError(Exception):
    """A case file that cannot be used; str() names the file and line."""

    def __init__(self, path, message, line=None):
        self.path = path
        self.line = line
        where = "%s:%s" % (path, line) if line else str(path)
        Exception.__init__(self, "%s: %s" % (where, message))


class Variant(object):
    """One runnable case: a scenario file plus one named variant in it."""

    def __init__(self, scenario, name, meta):
        self.scenario = scenario
        self.name = name
        self.meta = meta

    @property
    def case_id(self):
        return "%s::%s" % (self.scenario.id, self.name)

    @property
    def claim(self):
        return self.meta.get("claim")

    @property
    def required_grads(self):
        return list(self.meta.get("grads", []))

    @property
    def timeout(self):
        return self.meta.get("timeout")

    def load(self):
        """Import the case file (in the case process) and return the variant's
        function; any exception here means the case file is broken."""
        import importlib.util
        import sys
        name = "kmatrix_case_%s" % self.scenario.id
        spec = importlib.util.spec_from_file_location(name, os.path.abspath(self.scenario.path))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return getattr(module, self.name)

    def describe(self):
        """The metadata copied into every result record of this case."""
        return {
            "case_id": self.case_id,
            "scenario": self.scenario.id,
            "variant": self.name,
            "title": self.meta.get("title") or self.scenario.meta.get("title"),
            "role": self.meta.get("role"),
            "source": dict(self.scenario.meta.get("source", {}), example=self.meta.get("example")),
            "claim": self.claim,
            "required_grads": self.required_grads,
        }


class Scenario(object):
    """A case file: metadata shared by its variants."""

    def __init__(self, path, meta):
        self.path = path
        self.id = os.path.splitext(os.path.basename(path))[0]
        self.meta = meta
        self.variants = [Variant(self, name, vmeta) for name, vmeta in meta["variants"].items()]

    @property
    def flavours(self):
        return tuple(self.meta.get("applies_to", {}).get("flavours", FLAVOURS))

    @property
    def backends(self):
        return tuple(self.meta.get("applies_to", {}).get("backends", BACKENDS))


def _find_case_assignment(tree, path):
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "CASE" for t in node.targets):
            return node
    raise CaseFileError(path, "no top-level `CASE = {...}` metadata")


def validate(meta, path, functions=None, line=None):
    """Check a CASE dict; raise CaseFileError on the first problem."""
    from . import claims  # local import: claims imports outcomes only

    def fail(message):
        raise CaseFileError(path, message, line)

    if not isinstance(meta, dict):
        fail("CASE must be a dict")
    for key in ("title", "source", "variants"):
        if key not in meta:
            fail("CASE lacks %r" % key)
    source = meta["source"]
    if not isinstance(source, dict) or source.get("kind") not in SOURCE_KINDS:
        fail("CASE['source']['kind'] must be one of %s" % ", ".join(SOURCE_KINDS))
    if source["kind"] == "seed" and not source.get("doc"):
        fail("a seed source names its document: source['doc']")
    if source["kind"] == "known" and not source.get("refs"):
        fail("a known root cause cites where it is documented: source['refs']")
    applies = meta.get("applies_to", {})
    for flavour in applies.get("flavours", ()):
        if flavour not in FLAVOURS:
            fail("unknown flavour %r (known: %s)" % (flavour, ", ".join(FLAVOURS)))
    for backend in applies.get("backends", ()):
        if backend not in BACKENDS:
            fail("unknown backend %r (known: %s)" % (backend, ", ".join(BACKENDS)))
    variants = meta["variants"]
    if not isinstance(variants, dict) or not variants:
        fail("CASE['variants'] must be a non-empty dict")
    for name, vmeta in variants.items():
        if not _IDENT.match(name):
            fail("variant name %r is not a Python identifier" % name)
        if not isinstance(vmeta, dict):
            fail("variant %r: metadata must be a dict" % name)
        if vmeta.get("role") not in ROLES:
            fail("variant %r: role must be one of %s" % (name, ", ".join(ROLES)))
        if source["kind"] == "seed" and not isinstance(vmeta.get("example"), int):
            fail("variant %r: a seed variant names its code example number: 'example': N" % name)
        grads = vmeta.get("grads", [])
        if not isinstance(grads, list) or not all(isinstance(g, str) for g in grads):
            fail("variant %r: 'grads' must be a list of names" % name)
        claim = vmeta.get("claim")
        if claim is not None:
            if not isinstance(claim, dict) or not claim.get("text"):
                fail("variant %r: a claim needs its 'text'" % name)
            problems = claims.validate_expect(claim.get("expect"))
            if problems:
                fail("variant %r: %s" % (name, "; ".join(problems)))
        timeout = vmeta.get("timeout")
        if timeout is not None and not (isinstance(timeout, (int, float)) and timeout > 0):
            fail("variant %r: timeout must be a positive number of seconds" % name)
        if functions is not None and name not in functions:
            fail("variant %r has no function `def %s(ctx):`" % (name, name))


def load_scenario(path):
    """Parse one case file's metadata (no execution). Raises CaseFileError."""
    scenario_id = os.path.splitext(os.path.basename(path))[0]
    if not _SCENARIO_ID.match(scenario_id):
        raise CaseFileError(path, "file name must be lower_snake_case (it is the scenario id)")
    try:
        with open(path, "rb") as handle:
            source = handle.read().decode("utf-8")
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise CaseFileError(path, "syntax error: %s" % exc.msg, exc.lineno)
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseFileError(path, "cannot read: %s" % exc)
    node = _find_case_assignment(tree, path)
    try:
        meta = ast.literal_eval(node.value)
    except ValueError as exc:
        raise CaseFileError(path, "CASE must be a literal (no names or calls): %s" % exc, node.lineno)
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    validate(meta, path, functions, node.lineno)
    return Scenario(path, meta)


def case_files(root):
    """Case files under `root` (a file or a folder), sorted; helpers start with '_'."""
    if os.path.isfile(root):
        return [root]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if name.endswith(".py") and not name.startswith("_"):
                found.append(os.path.join(folder, name))
    return found


def discover(root):
    """(scenarios, errors): every loadable scenario, and a CaseFileError per broken file."""
    scenarios, errors = [], []
    for path in case_files(root):
        try:
            scenarios.append(load_scenario(path))
        except CaseFileError as exc:
            errors.append(exc)
    return scenarios, errors


def main(argv=None):
    """`python -m harness.casefile [ROOT]`: list cases and claims, report broken files."""
    import sys
    argv = sys.argv[1:] if argv is None else argv
    scenarios, errors = discover(argv[0] if argv else "cases")
    for scenario in scenarios:
        for variant in scenario.variants:
            claim = variant.claim or {}
            print("%-60s %-10s %s" % (variant.case_id, variant.meta["role"], claim.get("text", "")))
    for error in errors:
        print("BROKEN %s" % error, file=sys.stderr)
    print("%d scenarios, %d variants, %d broken files" % (
        len(scenarios), sum(len(s.variants) for s in scenarios), len(errors)), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
