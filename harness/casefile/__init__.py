"""The case file contract: finding case files and reading their metadata without running them.

Runs inside every environment (Python 3.7+) and on the host; standard library
only. Metadata is a literal `CASE = {...}` dict at the top of the file, read
with `ast.literal_eval`, so listing cases and claims never imports TensorFlow.
Whatever is wrong with a case file (syntax, a NUL byte, a metadata value of the
wrong type at any depth, a duplicated variant) is one CaseFileError naming the
file and line: the runner turns it into one case_error record and goes on.
See docs/cases.md for the format.

    python -m harness.casefile [ROOT]                  list cases and claims; exit 1 on a broken file
    python -m harness.casefile export CASE_ID [...]    a variant as a standalone script (harness/export.py)
(the command line is harness/casefile/__main__.py)
"""
import ast
import os
import re

from .. import axes

# The Keras flavours and backends a case may be limited to: the axes' own values (harness/axes.py).
FLAVOURS = axes.FLAVOUR.choices
BACKENDS = axes.BACKEND.choices
# Where a case comes from, and what a variant is for: name -> meaning (also the runner's pytest
# markers, harness/runner/items.py).
SOURCE_KIND_MEANINGS = (("seed", "a case reproducing one of the seed articles"),
                        ("known", "a known root cause of the same errors"),
                        ("script", "an ad-hoc user script"))
ROLE_MEANINGS = (("broken", "the source says this variant fails"),
                 ("fix", "the source says this variant works"),
                 ("demo", "the source demonstrates a behaviour"),
                 ("corrected", "our corrected version of the source's code"),
                 ("root_cause", "a root cause reproduction"),
                 ("writer", "saves a model, weights or a history for readers in other environments"),
                 ("reader", "loads what a writer saved in some environment (one item per artifact)"))
ROLES = tuple(name for name, _ in ROLE_MEANINGS)
WRITER, READER = "writer", "reader"   # saved here, loaded there: docs/saveload.md
SOURCE_KINDS = tuple(name for name, _ in SOURCE_KIND_MEANINGS)
CASE_KEYS = ("title", "source", "applies_to", "variants")
SOURCE_KEYS = ("kind", "doc", "title", "refs", "path", "example", "frequency")
# How often people hit the scenario, counted in public reports (the report ranks cases by it):
#   reports: distinct public threads (issues, duplicates, Q&A) that show this error / root cause
#   reactions: their votes, +1 reactions and "same here" comments, where the source shows them
#   as_of: the day they were counted (YYYY-MM-DD); how: where and how they were counted
FREQUENCY_KEYS = ("reports", "reactions", "as_of", "how")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VARIANT_KEYS = ("example", "role", "title", "grads", "effects", "timeout", "claim", "reads", "applies_to",
                "write_in")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")


class CaseFileError(Exception):
    """A case file that cannot be used; str() names the file and line."""

    def __init__(self, path, message, line=None):
        self.path = path
        self.line = line
        where = "%s:%s" % (path, line) if line else str(path)
        Exception.__init__(self, "%s: %s" % (where, message))


class Runnable(object):
    """What the runner needs of anything it runs: a library variant or an ad-hoc
    script (harness/runner/script.py). Subclasses set `scenario` and `name`."""
    scenario = None
    name = None
    kind = "case"            # "case" | "script": how a fresh interpreter rebuilds it
    uses_subject = False     # marks its subject step with ctx.subject() (else the whole body is)

    @property
    def case_id(self):
        return "%s::%s" % (self.scenario.id, self.name)

    @property
    def claim(self):
        return None

    @property
    def required_grads(self):
        return []

    @property
    def required_effects(self):
        return []

    @property
    def timeout(self):
        return None

    def describe(self):
        """The metadata copied into every result record of this runnable."""
        raise NotImplementedError

    def load(self):
        """In the case process: the callable that takes ctx (raises if broken)."""
        raise NotImplementedError

    def spawn_request(self):
        """What a fresh interpreter needs to rebuild this runnable (see child.main)."""
        return {"kind": self.kind, "path": os.path.abspath(self.scenario.path), "variant": self.name}

    def amend_result(self, result, capture_path):
        """Add what only the case process learnt to its result (scripts: their markers)."""

    def ended_without_result(self, capture_path):
        """The result of a case process that exited with code 0 without writing one, or
        None (a crash). A library case always reports: None."""
        return None


class Variant(Runnable):
    """One runnable case: a scenario file plus one named variant in it."""

    def __init__(self, scenario, name, meta):
        self.scenario = scenario
        self.name = name
        self.meta = meta

    @property
    def claim(self):
        return self.meta.get("claim")

    @property
    def required_grads(self):
        return list(self.meta.get("grads", []))

    @property
    def required_effects(self):
        return list(self.meta.get("effects", []))

    @property
    def timeout(self):
        return self.meta.get("timeout")

    @property
    def role(self):
        return self.meta.get("role")

    @property
    def reads(self):
        """A reader's writer, as a case id ('scenario::writer_variant'); None for other roles."""
        name = self.meta.get("reads")
        return "%s::%s" % (self.scenario.id, name) if name else None

    @property
    def flavours(self):
        """Where this variant applies: its own applies_to, else the scenario's."""
        return tuple(self.meta.get("applies_to", {}).get("flavours", self.scenario.flavours))

    @property
    def backends(self):
        return tuple(self.meta.get("applies_to", {}).get("backends", self.scenario.backends))

    @property
    def uses_subject(self):
        """Does the variant's code (or a helper it calls) mark its subject step with
        ctx.subject()? If not, its whole body is the subject."""
        return self.scenario.code().uses_subject(self.name)

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
        return {
            "case_id": self.case_id,
            "scenario": self.scenario.id,
            "variant": self.name,
            "title": self.meta.get("title") or self.scenario.meta.get("title"),
            "role": self.meta.get("role"),
            "source": dict(self.scenario.meta.get("source", {}), example=self.meta.get("example")),
            "claim": self.claim,
            "required_grads": self.required_grads,
            "required_effects": self.required_effects,
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

    def code(self):
        """The file's code as a CaseCode (parsed on first use)."""
        if getattr(self, "_code", None) is None:
            with open(self.path, "rb") as handle:
                self._code = CaseCode(handle.read().decode("utf-8"), self.path)
        return self._code

    def variant(self, name):
        for variant in self.variants:
            if variant.name == name:
                return variant
        raise KeyError("%s has no variant %r (variants: %s)" % (
            self.id, name, ", ".join(v.name for v in self.variants)))


class CaseCode(object):
    """The top-level statements of a case file and what each variant needs of them:
    which helpers a variant function reaches (for the standalone export) and whether
    it marks its subject step."""

    def __init__(self, source, path="<case>"):
        self.source = source
        self.tree = ast.parse(source, filename=str(path))
        self.defines = []    # (statement, names it defines)
        for node in self.tree.body:
            self.defines.append((node, _defined_names(node)))

    def needed(self, function):
        """Top-level statements (file order) that `function` needs, transitively,
        without the CASE metadata, the module docstring or other variants."""
        by_name = {}
        for node, names in self.defines:
            for name in names:
                by_name.setdefault(name, []).append(node)
        wanted, todo, keep = set(), [function], set()
        while todo:
            name = todo.pop()
            if name in wanted:
                continue
            wanted.add(name)
            for node in by_name.get(name, []):
                if id(node) not in keep:
                    keep.add(id(node))
                    todo.extend(_used_names(node))
        out = []
        for node, names in self.defines:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                out.append(node)   # module-level imports stay: cheap and what the reader expects
            elif id(node) in keep and "CASE" not in names:
                out.append(node)
        return out

    def uses_subject(self, function):
        for node in self.needed(function):
            for child in ast.walk(node):
                if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                        and child.func.attr == "subject"):
                    return True
        return False

    def segment(self, node):
        """The source text of a top-level statement, decorators and comments above it included."""
        lines = self.source.splitlines(True)
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        end = getattr(node, "end_lineno", None) or _end_line(node, len(lines))
        return "".join(lines[start:end])


def _defined_names(node):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set()


def _used_names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _end_line(node, total):
    """Python 3.7 has no end_lineno: the last line any child of the node is on."""
    return max([getattr(n, "lineno", 0) for n in ast.walk(node)] + [node.lineno]) if total else node.lineno


def _find_case_assignment(tree, path):
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "CASE" for t in node.targets):
            return node
    raise CaseFileError(path, "no top-level `CASE = {...}` metadata")


def _literal(node):
    """(True, value) for a literal string or number node, else (False, None). By class name:
    Python 3.7 parses literals as ast.Str / ast.Num (ast.Constant exists there but is never
    produced), 3.8+ as ast.Constant; the old names warn from 3.12 and are gone in 3.14."""
    kind = type(node).__name__
    if kind == "Constant":
        return True, node.value
    if kind in ("Str", "Bytes"):
        return True, node.s
    if kind == "Num":
        return True, node.n
    return False, None


def _duplicate_keys(node, path):
    """Literal dicts with a repeated key lose all but the last silently: refuse them."""
    for child in ast.walk(node):
        if isinstance(child, ast.Dict):
            seen = set()
            for key in child.keys:
                literal, value = _literal(key)
                if literal:
                    if value in seen:
                        raise CaseFileError(path, "key %r appears twice in one dict: the first would be "
                                                  "silently lost" % (value,), getattr(key, "lineno", None))
                    seen.add(value)


def _is_str_list(value):
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _frequency_problem(value):
    """None when `value` is a valid source frequency, else what is wrong with it."""
    if not isinstance(value, dict):
        return "must be a dict like {'reports': 12, 'reactions': 40, 'as_of': '2026-12-06', 'how': '...'}"
    unknown = [k for k in value if k not in FREQUENCY_KEYS]
    if unknown:
        return "unknown key(s) %s (known: %s)" % (", ".join(map(repr, unknown)), ", ".join(FREQUENCY_KEYS))
    if not _count(value.get("reports")) or value["reports"] < 1:
        return "'reports' must be a positive int: the public reports counted"
    if "reactions" in value and not _count(value["reactions"]):
        return "'reactions' must be an int >= 0"
    if not isinstance(value.get("as_of"), str) or not _DATE.fullmatch(value["as_of"]):
        return "'as_of' must be the day it was counted, YYYY-MM-DD"
    if not isinstance(value.get("how"), str) or not value["how"].strip():
        return "'how' must say where and how the reports were counted"
    return None


def _applies_problem(applies):
    """None when an applies_to mapping (of a scenario or a variant) is valid, else why not."""
    if not isinstance(applies, dict):
        return "applies_to must be a dict like {'flavours': [...], 'backends': [...]}"
    for key, known in (("flavours", FLAVOURS), ("backends", BACKENDS)):
        if key not in applies:
            continue
        if not _is_str_list(applies[key]) or not applies[key]:
            return "applies_to[%r] must be a non-empty list of strings" % key
        for value in applies[key]:
            if value not in known:
                return "unknown %s %r (known: %s)" % (key[:-1], value, ", ".join(known))
    unknown = [k for k in applies if k not in ("flavours", "backends")]
    if unknown:
        return "applies_to has unknown key(s) %s" % ", ".join(map(repr, unknown))
    return None


def _write_in_problem(vmeta):
    """'write_in': a writer whose artifact is large runs only in these environments, a list of
    scopes (any one matching: {"tf": ">=2.3,<2.4"}, {"flavour": "keras3"}); docs/saveload.md."""
    if "write_in" not in vmeta:
        return None
    from .. import axes
    scopes = vmeta["write_in"]
    if vmeta.get("role") != WRITER:
        return "'write_in' is for writers only"
    if not isinstance(scopes, list) or not scopes:
        return "'write_in' must be a non-empty list of scopes like {'tf': '>=2.3,<2.4'}"
    for scope in scopes:
        problems = axes.check_scope(scope, nested=True)
        if problems:
            return "write_in: " + "; ".join(problems)
    return None


def _reads_problem(name, vmeta, variants):
    """A reader names a writer variant of its own file in 'reads'; nothing else has 'reads'."""
    reads = vmeta.get("reads")
    if vmeta.get("role") != READER:
        return "'reads' is for readers only" if reads is not None else None
    if not isinstance(reads, str) or not reads:
        return "a reader names the writer variant whose files it loads: 'reads': '<writer variant>'"
    if not isinstance(variants.get(reads), dict) or variants[reads].get("role") != WRITER:
        return "reads %r, which is not a writer variant of this file" % (reads,)
    return None


def validate(meta, path, functions=None, line=None):
    """Check a CASE dict at every depth; raise CaseFileError on the first problem."""
    from .. import claims  # local import: claims imports outcomes and axes only

    def fail(message):
        raise CaseFileError(path, message, line)

    if not isinstance(meta, dict):
        fail("CASE must be a dict")
    for key in meta:
        if key not in CASE_KEYS:
            fail("CASE has unknown key %r (known: %s)" % (key, ", ".join(CASE_KEYS)))
    for key in ("title", "source", "variants"):
        if key not in meta:
            fail("CASE lacks %r" % key)
    if not isinstance(meta["title"], str) or not meta["title"].strip():
        fail("CASE['title'] must be a non-empty string")
    source = meta["source"]
    if not isinstance(source, dict) or source.get("kind") not in SOURCE_KINDS:
        fail("CASE['source']['kind'] must be one of %s" % ", ".join(SOURCE_KINDS))
    for key, value in source.items():
        if key not in SOURCE_KEYS:
            fail("CASE['source'] has unknown key %r (known: %s)" % (key, ", ".join(SOURCE_KEYS)))
        if key == "refs" and not _is_str_list(value):
            fail("CASE['source']['refs'] must be a list of strings (URLs)")
        if key in ("doc", "title", "path") and not isinstance(value, str):
            fail("CASE['source'][%r] must be a string" % key)
        if key == "frequency":
            problem = _frequency_problem(value)
            if problem:
                fail("CASE['source']['frequency']: %s" % problem)
    if source["kind"] == "seed" and not source.get("doc"):
        fail("a seed source names its document: source['doc']")
    if source["kind"] == "known" and not source.get("refs"):
        fail("a known root cause cites where it is documented: source['refs']")
    problem = _applies_problem(meta.get("applies_to", {}))
    if problem:
        fail("CASE['applies_to']: " + problem)
    variants = meta["variants"]
    if not isinstance(variants, dict) or not variants:
        fail("CASE['variants'] must be a non-empty dict")
    for name, vmeta in variants.items():
        if not isinstance(name, str) or not _IDENT.fullmatch(name):
            fail("variant name %r is not a Python identifier" % (name,))
        if not isinstance(vmeta, dict):
            fail("variant %r: metadata must be a dict" % name)
        for key in vmeta:
            if key not in VARIANT_KEYS:
                fail("variant %r has unknown key %r (known: %s)" % (name, key, ", ".join(VARIANT_KEYS)))
        if vmeta.get("role") not in ROLES:
            fail("variant %r: role must be one of %s" % (name, ", ".join(ROLES)))
        if "title" in vmeta and not isinstance(vmeta["title"], str):
            fail("variant %r: title must be a string" % name)
        example = vmeta.get("example")
        if example is not None and (not isinstance(example, int) or isinstance(example, bool) or example < 1):
            fail("variant %r: 'example' must be a positive int (the code example's number)" % name)
        if source["kind"] == "seed" and example is None:
            fail("variant %r: a seed variant names its code example number: 'example': N" % name)
        for key in ("grads", "effects"):
            if not _is_str_list(vmeta.get(key, [])):
                fail("variant %r: %r must be a list of names" % (name, key))
        claim = vmeta.get("claim")
        if claim is not None:
            problems = claims.validate_claim(claim)
            if problems:
                fail("variant %r: %s" % (name, "; ".join(problems)))
        timeout = vmeta.get("timeout")
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                    or not timeout > 0):
            fail("variant %r: timeout must be a positive number of seconds" % name)
        if functions is not None and name not in functions:
            fail("variant %r has no function `def %s(ctx):`" % (name, name))
        problem = (_applies_problem(vmeta.get("applies_to", {})) or _reads_problem(name, vmeta, variants)
                   or _write_in_problem(vmeta))
        if problem:
            fail("variant %r: %s" % (name, problem))


def load_scenario(path):
    """Parse one case file's metadata (no execution). Raises CaseFileError, whatever is wrong."""
    scenario_id = os.path.splitext(os.path.basename(path))[0]
    if not _SCENARIO_ID.fullmatch(scenario_id):
        raise CaseFileError(path, "file name must be lower_snake_case (it is the scenario id)")
    try:
        with open(path, "rb") as handle:
            source = handle.read().decode("utf-8")
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise CaseFileError(path, "syntax error: %s" % exc.msg, exc.lineno)
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseFileError(path, "cannot read: %s" % exc)
    except (ValueError, RecursionError, MemoryError) as exc:   # NUL bytes (Python <= 3.10), absurd nesting
        raise CaseFileError(path, "cannot parse: %s" % exc)
    node = _find_case_assignment(tree, path)
    _duplicate_keys(node.value, path)
    try:
        meta = ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError) as exc:
        raise CaseFileError(path, "CASE must be a literal (no names or calls): %s" % exc, node.lineno)
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    validate(meta, path, functions, node.lineno)
    return Scenario(path, meta)


def broken_case_id(path):
    """The case id of the one case_error record of a case file that cannot be used: its
    stem as a plain name (whatever the file is called), `::*`."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", os.path.splitext(os.path.basename(str(path)))[0])
    return "%s::*" % (stem if re.match(r"[A-Za-z0-9_]", stem) else "_" + stem)


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
    """(scenarios, errors): every loadable scenario, and a CaseFileError per broken
    file; a scenario id used by two files is an error for the second one."""
    scenarios, errors, seen = [], [], {}
    for path in case_files(root):
        try:
            scenario = load_scenario(path)
        except CaseFileError as exc:
            errors.append(exc)
            continue
        if scenario.id in seen:
            errors.append(CaseFileError(path, "scenario id %r is also used by %s" % (scenario.id, seen[scenario.id])))
            continue
        seen[scenario.id] = path
        scenarios.append(scenario)
    return scenarios, errors


def find_variant(root, case_id):
    """The Variant of 'scenario::variant' under root; KeyError says what exists."""
    scenario_id, _, name = case_id.partition("::")
    scenarios, _ = discover(root)
    for scenario in scenarios:
        if scenario.id == scenario_id:
            return scenario.variant(name) if name else scenario.variants[0]
    raise KeyError("no scenario %r under %s" % (scenario_id, root))
