"""What a cell's result depends on, as hashes: reuse a result while none of them changed.

Standard library, Python 3.7+: the runner stamps every record with these, and
the matrix plans incremental runs with the same functions.

    case_hash    the case file's bytes and the harness code the case itself runs
                 (ctx: harness/runner/context.py)
    runner_hash  the code that runs a case and turns what happened into a record
    env_hash     the row's resolved package set, interpreter and variables
                 (computed by the matrix from `uv pip freeze`, see harness/matrix/rowrun.py)
"""
import hashlib
import os

HARNESS = os.path.dirname(os.path.abspath(__file__))
CASE_DEPENDS_ON = ("runner/context.py",)
RUNNER_FILES = ("outcomes.py", "records.py", "hashes.py", "casefile/__init__.py", "runner/__init__.py", "runner/session.py",
                "runner/child.py", "runner/flavour.py", "runner/isolate.py", "runner/items.py",
                "runner/limits.py", "runner/plugin.py", "runner/script.py", "runner/user_error.py",
                "artifacts.py", "runner/saveload.py")
SHORT = 16


def _digest(paths):
    digest = hashlib.sha256()
    for path in paths:
        digest.update(os.path.basename(path).encode("utf-8") + b"\0")
        try:
            with open(path, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()[:SHORT]


def case_hash(case_path):
    return _digest([case_path] + [os.path.join(HARNESS, p) for p in CASE_DEPENDS_ON])


def runner_hash():
    return _digest([os.path.join(HARNESS, p) for p in RUNNER_FILES])


def text_hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:SHORT]
