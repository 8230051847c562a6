"""The code's shape: no import cycle between harness modules (function-local imports
included: they hide a cycle, they do not remove it), and the code that runs inside the
environments under test needs nothing but the standard library (and pytest for the plugin)."""
import ast
import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parents[1] / "harness"
# Runs inside every environment (Python 3.7+): the standard library only.
IN_ENVIRONMENT = ["outcomes.py", "contract.py", "records.py", "casefile/__init__.py", "claims.py", "axes.py", "hashes.py", "artifacts.py",
                  "runner"]
ALLOWED_THIRD_PARTY = {"pytest", "numpy", "tensorflow", "jax", "torch", "keras"}   # the last ones: what the env installs


def _module(path: Path) -> str:
    parts = path.relative_to(HARNESS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every harness module `path` imports, at module level or inside a function."""
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update("%s.%s" % (base, a.name) for a in node.names)
    return {m for m in found if m.startswith("harness")}


def test_no_import_cycle_between_harness_modules():
    files = {_module(p): p for p in HARNESS.rglob("*.py")}
    graph = {m: {i for i in _imports(p) if i in files and i != m} for m, p in files.items()}
    # a package's __init__ imported by its own modules is not a cycle of logic
    graph = {m: {i for i in deps if not m.startswith(i + ".")} for m, deps in graph.items()}
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        stack.pop()
    for node in sorted(graph):
        visit(node)
    assert cycles == [], "\n".join(" -> ".join(c) for c in cycles)


def test_code_inside_the_environments_uses_the_standard_library_only():
    stdlib = set(getattr(sys, "stdlib_module_names", ())) or None
    for entry in IN_ENVIRONMENT:
        paths = sorted((HARNESS / entry).rglob("*.py")) if (HARNESS / entry).is_dir() else [HARNESS / entry]
        for path in paths:
            for node in ast.walk(ast.parse(path.read_text())):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and not node.level and node.module else []
                for name in names:
                    top = name.split(".")[0]
                    if top == "harness" or top in ALLOWED_THIRD_PARTY:
                        continue
                    assert stdlib is None or top in stdlib, "%s imports %s" % (path.relative_to(HARNESS), name)


def test_code_inside_the_environments_parses_as_python_3_7():
    """No f-string `=`, walrus, match or positional-only parameters where Python 3.7 runs."""
    for entry in IN_ENVIRONMENT:
        paths = sorted((HARNESS / entry).rglob("*.py")) if (HARNESS / entry).is_dir() else [HARNESS / entry]
        for path in paths:
            ast.parse(path.read_text(), filename=str(path), feature_version=(3, 7))
