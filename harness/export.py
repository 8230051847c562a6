"""A case variant as a standalone script: the code a user can run, paste and bisect.

    python -m harness.casefile export CASE_ID [--flavour F | --row ROW_ID] [-o FILE]
    python -m harness.casefile export --all --row ROW_ID -o DIR

A writer variant's script saves into the folder named by its first argument (default ./saved)
with predictions.json and writer.json; a reader's loads from that folder (docs/saveload.md):
    python writer.py saved/   (in the writer's environment)   python reader.py saved/   (in the reader's)

Host side (Python 3.10+, to read source segments). The script imports what a
user of that flavour imports (`from tensorflow import keras`, `import keras`,
TF_USE_LEGACY_KERAS=1 for tf_keras...), carries the small ctx object the case
code receives (copied verbatim from harness/runner/context.py, so the runner
and the script run the very same code) and the variant's function with the
helpers it needs, then calls it. No harness import: harness/audit runs these in
each row's interpreter to check every cell against the plain interpreter.

What a plain run shows: exit status 0 and KMATRIX-GRAD / KMATRIX-EFFECT /
KMATRIX-OBSERVE lines when it runs to the end, else a traceback whose last
lines are the error; KMATRIX-SUBJECT marks where the claim's step begins.
"""
from __future__ import annotations

import argparse
import ast
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from . import casefile

REPO = Path(__file__).resolve().parents[1]
CONTEXT = Path(__file__).resolve().parent / "runner" / "context.py"
BEGIN, END = "# ---- EXPORT BEGIN", "# ---- EXPORT END"


@dataclass(frozen=True)
class Target:
    """What the script imports and sets: the matrix row's entry point and variables."""
    entry: str                          # "tf.keras" | "keras"
    env: tuple[tuple[str, str], ...] = ()
    label: str = ""                     # flavour / row id, for the header

    @classmethod
    def for_flavour(cls, flavour: str, backend: str = "tensorflow") -> "Target":
        env = []
        if flavour == "tf_keras":
            env.append(("TF_USE_LEGACY_KERAS", "1"))
        if backend != "tensorflow":
            env.append(("KERAS_BACKEND", backend))
        entry = "tf.keras" if flavour in ("tf.keras", "tf_keras") else "keras"
        return cls(entry, tuple(env), flavour + ("" if backend == "tensorflow" else " on " + backend))

    @classmethod
    def for_row(cls, row) -> "Target":
        return cls(row.keras, tuple(row.env), row.id)


def context_source() -> str:
    text = CONTEXT.read_text(encoding="utf-8")
    start = text.index(BEGIN)
    start = text.index("\n", start) + 1
    return text[start:text.index(END)].rstrip() + "\n"


def imports(target: Target) -> str:
    """The script's imports for one environment: what its users write."""
    lines = ["# Environment: %s" % (target.label or target.entry), "import os", "import tempfile"]
    for name, value in target.env:
        lines.append("os.environ.setdefault(%r, %r)  # the row's setting" % (name, value))
    lines.append("KERAS_ENTRY = %r  # what user code writes to get Keras here" % target.entry)
    if target.entry == "tf.keras":
        lines += ["", "import tensorflow as tf", "from tensorflow import keras"]
    else:
        lines += ["", "try:", "    import tensorflow as tf", "except ModuleNotFoundError:  # Keras 3 on JAX / PyTorch",
                  "    tf = None", "import keras"]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def doc(variant: casefile.Variant) -> str:
    """The script's docstring: what it reproduces, its source and claim."""
    scenario = variant.scenario
    source = scenario.meta.get("source", {})
    where = source.get("doc") or ", ".join(source.get("refs", [])) or source.get("path", "")
    if variant.meta.get("example"):
        where += " (code example %s)" % variant.meta["example"]
    claim = variant.claim or {}
    lines = [
        "%s" % (scenario.meta.get("title") or scenario.id),
        "",
        "Variant %s (%s): %s" % (variant.name, variant.meta.get("role"), variant.meta.get("title") or ""),
        "Source: %s" % where,
    ]
    if claim:
        lines.append("Claim: %s%s" % (claim.get("text"), " (%s)" % claim["versions"] if claim.get("versions") else ""))
    lines += [
        "",
        "Exported from cases/%s by `python -m harness.casefile export %s`."
        % (os.path.basename(scenario.path), variant.case_id),
        "Run it with plain `python`: the last lines of a traceback are the error; KMATRIX-* lines",
        "report gradients (none/zero/ok), effects (yes/no) and the step the claim is about.",
    ]
    return '"""' + _quote("\n".join(lines)) + '\n"""\n'


CTX_BLOCK = "\n\n# ---- ctx: the object the case code receives (harness/runner/context.py, verbatim) ----\n"


def export(variant: casefile.Variant, target: Target) -> str:
    """The standalone script for `variant` under `target`: doc + imports + ctx + body."""
    return doc(variant) + imports(target) + CTX_BLOCK + context_source() + body(variant)


def body(variant: casefile.Variant) -> str:
    """The case code the variant needs, its own imports, and the call (environment-independent)."""
    code = variant.scenario.code()
    imports_, rest = [], []
    for node in code.needed(variant.name):
        is_import = isinstance(node, (ast.Import, ast.ImportFrom))
        (imports_ if is_import else rest).append(code.segment(node).rstrip() + "\n")
    role = variant.meta.get("role")
    main = ["", "", 'if __name__ == "__main__":']
    if role in (casefile.WRITER, casefile.READER):   # saved here, loaded there: docs/saveload.md
        main += ["    # the saved files' folder: the first argument (default ./saved)",
                 "    folder = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else \"saved\")"]
        if role == casefile.WRITER:
            main.append("    os.makedirs(folder, exist_ok=True)")
    main += ["    os.chdir(tempfile.mkdtemp(prefix=\"kmatrix-\"))  # the case saves files with relative names",
             "    flavour = flavour_of(keras, keras_version_of(tf, keras), KERAS_ENTRY)",
             "    ctx = CaseContext(tf, keras, flavour, os.getcwd(), echo=True)"]
    if role == casefile.WRITER:
        main.append("    ctx.artifact_dir = folder   # the writer saves here, with predictions.json")
    elif role == casefile.READER:
        main.append("    ctx.use_artifact(folder)    # what the writer saved (%s)" % variant.reads)
    if not variant.uses_subject:
        main.append("    ctx.subject()  # no step marked: the whole variant is what the claim is about")
    main.append("    %s(ctx)" % variant.name)
    if role == casefile.WRITER:
        main.append("    ctx.finish_artifact()       # writer.json: where the files were saved")
    head = "\n\n# ---- the case (cases/%s) ----\n" % os.path.basename(variant.scenario.path)
    return "".join([head, "".join(imports_), "\n" if imports_ else "", "\n\n".join(rest), "\n".join(main) + "\n"])


def file_name(variant: casefile.Variant) -> str:
    return "%s__%s.py" % (variant.scenario.id, variant.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.casefile export",
                                     description="Write a case variant as a standalone script.")
    parser.add_argument("case_id", nargs="?", help="scenario::variant (or a scenario: its first variant)")
    parser.add_argument("--all", action="store_true", help="every variant of the library (needs -o DIR)")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--flavour", choices=casefile.FLAVOURS, default="tf.keras")
    how.add_argument("--row", help="a matrix.toml row id: its entry point and variables")
    parser.add_argument("--backend", choices=casefile.BACKENDS, default="tensorflow",
                        help="Keras 3 backend (with --flavour keras3)")
    parser.add_argument("--cases", default=str(REPO / "cases"), help="case library (default: cases/)")
    parser.add_argument("--matrix", default=str(REPO / "matrix.toml"))
    parser.add_argument("-o", "--out", default="-", help="file, or folder with --all (default: stdout)")
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")
    args = parser.parse_args(argv)
    if args.out != "-":
        out = Path(args.out)
        folder = out if args.all else out.parent
        if not folder.is_dir() and not (args.all and not out.exists() and out.parent.is_dir()):
            parser.error("-o %s: the folder %s does not exist" % (args.out, folder))
        if not args.all and out.exists() and not args.force:
            parser.error("-o %s exists: give --force to overwrite it" % args.out)
    if bool(args.case_id) == bool(args.all):
        parser.error("give one CASE_ID, or --all")
    if args.row:
        from .matrix.table import MatrixError, by_id, load_matrix
        try:
            rows = by_id(load_matrix(args.matrix))
        except (OSError, MatrixError) as exc:
            parser.error(str(exc))
        if args.row not in rows:
            parser.error("no row %r in %s" % (args.row, args.matrix))
        target = Target.for_row(rows[args.row])
    else:
        target = Target.for_flavour(args.flavour, args.backend)
    if args.all:
        if args.out == "-":
            parser.error("--all writes one file per variant: give -o DIR")
        scenarios, errors = casefile.discover(args.cases)
        for error in errors:
            print("skipped broken case file: %s" % error, file=sys.stderr)
        out = Path(args.out)
        out.mkdir(exist_ok=True)
        variants = [v for scenario in scenarios for v in scenario.variants]
        existing = [file_name(v) for v in variants if (out / file_name(v)).exists()]
        if existing and not args.force:
            parser.error("%d file(s) in %s exist (%s...): give --force to overwrite them"
                         % (len(existing), out, existing[0]))
        count = 0
        for variant in variants:
            (out / file_name(variant)).write_text(export(variant, target), encoding="utf-8")
            count += 1
        print("%d scripts in %s" % (count, out), file=sys.stderr)
        return 1 if errors else 0
    try:   # a reader cell 'scenario::reader@<writer env>' exports its reader variant
        variant = casefile.find_variant(args.cases, args.case_id.split("@")[0])
    except KeyError as exc:
        parser.error(str(exc.args[0]))
    text = export(variant, target)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0
