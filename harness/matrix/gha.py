"""The GitHub Actions job matrix, generated from matrix.toml.

    python -m harness.matrix.gha [--tag smoke] [--matrix matrix.toml]

prints `{"include": [{"id", "python", "device", "runner", "tags"}, ...]}` for
`strategy.matrix: ${{ fromJSON(...) }}`: one job per row, so the workflow never
keeps its own copy of the table. CUDA rows get the self-hosted GPU runner labels
only when the repository says one exists (GPU_RUNNER=true, from a repository
variable); otherwise they run on a hosted CPU runner, where the session records
not_run before downloading anything.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from .table import EnvRow, MatrixError, load_matrix

CPU_RUNNER = ["ubuntu-latest"]
GPU_RUNNER = ["self-hosted", "gpu"]


def job(row: EnvRow, gpu_runner: bool) -> dict:
    runner = GPU_RUNNER if (row.device == "cuda" and gpu_runner) else CPU_RUNNER
    return {"id": row.id, "python": row.python, "device": row.device, "runner": runner,
            "tags": " ".join(row.tags), "nightly": row.is_nightly,
            "axes": {k: list(v) if isinstance(v, tuple) else v for k, v in row.axes.items()}}


def job_matrix(rows: list[EnvRow], tag: str | None = None, gpu_runner: bool = False,
               device: str | None = None) -> dict:
    chosen = [row for row in rows if (tag is None or tag in row.tags) and (device is None or row.device == device)]
    return {"include": [job(row, gpu_runner) for row in chosen]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matrix", default="matrix.toml")
    parser.add_argument("--tag", default=None, help="only rows with this tag")
    parser.add_argument("--device", choices=("cpu", "cuda"), default=None, help="only rows of this device")
    parser.add_argument("--gpu-runner", default=os.environ.get("GPU_RUNNER", "false"),
                        help="'true' when a [self-hosted, gpu] runner exists (default: $GPU_RUNNER)")
    args = parser.parse_args(argv)
    try:
        rows = load_matrix(args.matrix)
    except MatrixError as exc:
        parser.error(str(exc))
    matrix = job_matrix(rows, args.tag, args.gpu_runner.strip().lower() == "true", args.device)
    json.dump(matrix, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
