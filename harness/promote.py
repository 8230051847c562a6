"""Promote an ad-hoc script to a library case: `python -m harness.promote repro.py --id known_my_thing`.

Host side (Python 3.11+). Writes cases/<id>.py: a valid CASE literal whose
source and titles are marked TODO (source kind "known" with a TODO ref, no
claim: the person promoting it writes the claim), and one variant function
whose body is the script's code, indented into `def as_reported(ctx):` and
otherwise unchanged. Refuses to overwrite an existing file.

What changes when code moves into a function is said in the generated file:
`__name__` is set to "__main__" first so an `if __name__ == "__main__":` block
still runs, `from __future__` imports move to the top of the file, and
`global` statements (which would now name the case module's globals) are
flagged for review.
"""
from __future__ import annotations

import argparse
import ast
import io
import re
import sys
import token
import tokenize
from pathlib import Path

from . import casefile

REPO = Path(__file__).resolve().parents[1]
FUNCTION = "as_reported"
INDENT = "    "
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


class PromoteError(Exception):
    """The script cannot be promoted as asked; the message says why."""


def _string_continuation_lines(source: str) -> set[int]:
    """1-based numbers of lines that start inside a multi-line string literal:
    indenting those would change the string's value."""
    inside: set[int] = set()
    fstring_starts: list[int] = []
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for tok in tokens:
        kind = tok.type
        if kind == token.STRING and tok.end[0] > tok.start[0]:
            inside.update(range(tok.start[0] + 1, tok.end[0] + 1))
        elif kind == getattr(token, "FSTRING_START", None):   # Python 3.12+ splits f-strings
            fstring_starts.append(tok.start[0])
        elif kind == getattr(token, "FSTRING_END", None) and fstring_starts:
            start = fstring_starts.pop()
            inside.update(range(start + 1, tok.end[0] + 1))
    return inside


def _split_future_imports(tree: ast.Module, lines: list[str]) -> tuple[list[str], set[int]]:
    """The `from __future__ import ...` statements (text) and the line numbers they occupy."""
    texts, numbers = [], set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            numbers.update(range(node.lineno, node.end_lineno + 1))
            texts.append("".join(lines[node.lineno - 1:node.end_lineno]).rstrip("\n"))
    return texts, numbers


def indent_body(source: str, skip: set[int] = frozenset()) -> str:
    """The script indented one level, lines inside multi-line strings left as they are."""
    keep = _string_continuation_lines(source)
    out = []
    for number, line in enumerate(source.splitlines(keepends=True), 1):
        if number in skip:
            continue
        if number in keep or not line.strip():
            out.append(line if number in keep else "\n")
        else:
            out.append(INDENT + line)
    text = "".join(out)
    return text if text.endswith("\n") else text + "\n"


def _title(tree: ast.Module, script: Path) -> str:
    doc = ast.get_docstring(tree) or ""
    first = doc.strip().splitlines()[0].strip() if doc.strip() else ""
    return first or "TODO: one line saying what %s reproduces" % script.name


def render(script: Path, case_id: str) -> str:
    """The text of cases/<case_id>.py for `script`."""
    source = script.read_text(encoding="utf-8")
    try:
        tree = ast.parse(source, filename=str(script))
    except SyntaxError as exc:
        raise PromoteError("%s:%s: syntax error: %s" % (script, exc.lineno, exc.msg)) from None
    lines = source.splitlines(keepends=True)
    futures, future_lines = _split_future_imports(tree, lines)
    has_globals = any(isinstance(n, ast.Global) for n in ast.walk(tree))
    markers = "KMATRIX-GRAD" in source or "KMATRIX-OBSERVE" in source
    meta = {
        "title": _title(tree, script),
        "source": {"kind": "known", "refs": ["TODO: the issue / documentation URL this reproduces"]},
        "variants": {FUNCTION: {"role": "broken", "title": "TODO: the script as reported (%s)" % script.name}},
    }
    todo = ["write the claim the source makes (CASE['variants'][...]['claim'], docs/cases.md)",
            "set 'role' and 'applies_to' if the case does not apply to every Keras"]
    if markers:
        todo.append("replace the KMATRIX-GRAD / KMATRIX-OBSERVE prints with ctx.grad(name, g) / "
                    "ctx.observe(name, v) and list required gradients under 'grads'")
    if has_globals:
        todo.append("the script uses `global`: inside the function it names this module's globals; check it")
    header = ['"""TODO: what the source claims and what this case does.',
              "",
              "Promoted from the ad-hoc script %s by harness.promote. TODO before committing:"
              % _in_docstring(script.name)]
    header += ["  - %s" % item for item in todo]
    header += ['"""']
    parts = ["\n".join(header) + "\n\n"]
    if futures:
        parts.append("\n".join(futures) + "\n\n")
    parts.append("CASE = %s\n\n\n" % _pformat(meta))
    parts.append("def %s(ctx):\n" % FUNCTION)
    parts.append("%s# The script's code, unchanged but indented. Its imports pick the Keras installed in\n" % INDENT)
    parts.append("%s# the row; use ctx.tf / ctx.keras to follow the row's entry point instead.\n" % INDENT)
    parts.append('%s__name__ = "__main__"  # so an `if __name__ == "__main__":` block still runs\n' % INDENT)
    body = indent_body(source, future_lines)
    parts.append(body if body.strip() else INDENT + "pass\n")
    text = "".join(parts)
    compile(text, "cases/%s.py" % case_id, "exec")  # what we wrote must at least parse
    return text


def _in_docstring(text: str) -> str:
    """Text that cannot end the docstring it is put in (a file may be named 'a\"\"\"b.py')."""
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _pformat(meta: dict) -> str:
    import pprint
    return pprint.pformat(meta, indent=1, width=100, sort_dicts=False)


def promote(script: str | Path, case_id: str, cases_dir: str | Path = REPO / "cases") -> Path:
    """Write cases_dir/<case_id>.py; return its path. Raises PromoteError."""
    script, cases_dir = Path(script), Path(cases_dir)
    if not _ID_RE.fullmatch(case_id):
        raise PromoteError("--id %r: use lower_snake_case (it becomes the scenario id and file name)" % case_id)
    if not script.is_file():
        raise PromoteError("%s: no such file" % script)
    target = cases_dir / ("%s.py" % case_id)
    if target.exists():
        raise PromoteError("%s exists: refusing to overwrite it (choose another --id)" % target)
    text = render(script, case_id)
    cases_dir.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    try:
        casefile.load_scenario(str(target))
    except casefile.CaseFileError:
        target.unlink()
        raise
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.promote", description=__doc__.split("\n\n")[0])
    parser.add_argument("script", help="the ad-hoc script to promote")
    parser.add_argument("--id", required=True, dest="case_id", help="scenario id, e.g. known_my_thing")
    parser.add_argument("--cases", default=str(REPO / "cases"), help="the case library folder")
    args = parser.parse_args(argv)
    try:
        target = promote(args.script, args.case_id, args.cases)
    except PromoteError as exc:
        print("promote: %s" % exc, file=sys.stderr)
        return 1
    print("wrote %s: fill in the TODOs, then `python -m harness.casefile %s`" % (target, target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
