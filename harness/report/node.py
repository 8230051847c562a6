"""The page's own pure code (page/reader.js, page/search_rank.js, page/normalise.js, page/link.js,
page/upgrade.js) run in node, for Python: harness/report/search_eval.py and the tests call it
through search_node.js."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "search_node.js"


class NodeMissing(RuntimeError):
    pass


def node_binary() -> str | None:
    found = shutil.which("node") or shutil.which("nodejs")
    return found or ("/usr/bin/node" if os.path.exists("/usr/bin/node") else None)


def call(request: dict, timeout: float = 600) -> list:
    """One request to search_node.js (see its header): its JSON answer."""
    node = node_binary()
    if node is None:
        raise NodeMissing("node (Node.js) is not installed: the page's search code runs in node")
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(request), capture_output=True, text=True,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError("search_node.js failed:\n" + done.stderr[-3000:])
    return json.loads(done.stdout)
