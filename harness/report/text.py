"""Safe text for the outputs: HTML escaping, JSON inside <script>, path trimming."""
from __future__ import annotations

import html
import json
import re

# '/any/where/site-packages/keras/src/x.py' -> '.../site-packages/keras/src/x.py': tracebacks
# name the machine's folders (venvs, home, temporary dirs); the report keeps the
# part that identifies the code and drops where it happened to live. Only absolute
# paths count: 'model/dense/MatMul' in a message or an https:// link is not one.
_ABS_PATH = re.compile(r"(?<![\w.:/~-])/[^\s\"'<>:,()]+")
_KEEP_FROM = (re.compile(r"/((?:site|dist)-packages/.*)$"), re.compile(r"/(lib/python\d[\d.]*/.*)$"),
              re.compile(r"/((?:cases|harness)/(?:(?!/(?:cases|harness)/).)*)$"))


def _trim_one(match) -> str:
    path = match.group(0)
    for keep in _KEEP_FROM:      # the most specific marker wins, its last occurrence
        found = keep.search(path)
        if found:
            return ".../" + found.group(1)
    # Anything else that lives in some folder (a user's script, the checkout the run
    # used): its own name is what identifies it.
    folder, _, name = path.rstrip("/").rpartition("/")
    return ".../" + name if folder and name else path


def e(value) -> str:
    """HTML-escape anything (quotes too: the result may go into an attribute)."""
    return html.escape("" if value is None else str(value), quote=True)


def script_json(data) -> str:
    """JSON that can sit inside <script type="application/json">: no '<', '>' or
    '&' can end the element or open a comment, whatever strings the data holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def trim_paths(text: str | None) -> str | None:
    """Drop machine-specific folder prefixes from file paths in a traceback."""
    if not text:
        return text
    return _ABS_PATH.sub(_trim_one, text)


def shorten(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def relative_path(path: str) -> str:
    """Show input paths relative to the working directory when they are inside it."""
    import os
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel
