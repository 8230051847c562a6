"""Writer and reader variants in the runner: saved here, loaded there (docs/saveload.md).

Runs inside the environment (Python 3.7+, standard library only). A writer variant saves
into ctx.artifact_dir; when it ends ok, its case process packs that folder into the
artifact store ($KMATRIX_ARTIFACTS, harness/artifacts.py) and its record names the sha.
A reader variant is expanded into one item per artifact of its writer in the index the
row step wrote ($KMATRIX_ARTIFACTS_INDEX): `scenario::reader@<writer env>`, each run in a
case process forked from the warm parent like any case, with the artifact unpacked into
ctx.artifact_dir. Without an index a reader has no items (nothing to read).
"""
import os
import shutil
import time

from .. import artifacts, axes, casefile, hashes, outcomes, records

_INDEX = {}


def index():
    """{writer case id: {writer env: entry}} of this run (read once per process)."""
    path = os.environ.get(records.ENV_ARTIFACTS_INDEX)
    if not path:
        return {}
    if path not in _INDEX:
        _INDEX[path] = artifacts.read_index(path)
    return _INDEX[path]


def store_root():
    return os.environ.get(records.ENV_ARTIFACTS) or None


class ReaderRun(casefile.Runnable):
    """A reader variant applied to one writer environment's artifact."""
    kind = "reader"

    def __init__(self, variant, writer_env, entry):
        self.variant = variant
        self.scenario = variant.scenario
        self.meta = variant.meta
        self.writer_env = writer_env
        self.entry = entry
        self.name = "%s@%s" % (variant.name, writer_env)

    claim = property(lambda self: self.variant.claim)
    required_grads = property(lambda self: self.variant.required_grads)
    required_effects = property(lambda self: self.variant.required_effects)
    timeout = property(lambda self: self.variant.timeout)
    uses_subject = property(lambda self: self.variant.uses_subject)
    flavours = property(lambda self: self.variant.flavours)
    backends = property(lambda self: self.variant.backends)

    @property
    def sha(self):
        return self.entry.get("sha256")

    def load(self):
        return self.variant.load()

    def describe(self):
        fields = self.variant.describe()
        fields.update(case_id=self.case_id, artifact=self.sha, writer_env=self.writer_env,
                      writer_case=self.variant.reads)
        return fields

    def spawn_request(self):
        return dict(self.variant.spawn_request(), kind=self.kind, writer_env=self.writer_env, entry=self.entry)

    def writer_axes(self):
        """The writer environment on the axes of harness/axes.py (for claim scopes)."""
        return dict(self.entry.get("axes") or {})


def expand(variant):
    """The runnables of one variant: readers become one per artifact of their writer."""
    if variant.meta.get("role") != casefile.READER:
        return [variant]
    found = index().get(variant.reads) or {}
    return [ReaderRun(variant, env, found[env]) for env in sorted(found)
            if isinstance(found[env], dict) and found[env].get("sha256")]


def rebuild(request):
    """The ReaderRun a spawn request names (ReaderRun.spawn_request wrote it)."""
    variant = casefile.load_scenario(request["path"]).variant(request["variant"])
    return ReaderRun(variant, request["writer_env"], request["entry"])


def settled(runnable, under_test, axis_values):
    """A reader that does not apply here by its metadata, or a writer outside its write_in
    environments, is recorded without a case process (thousands of such reader cells cost
    no fork); None for everything else."""
    scopes = getattr(runnable, "meta", {}).get("write_in")
    if scopes and not any(axes.in_scope(scope, axis_values) for scope in scopes):
        return {"outcome": outcomes.NOT_APPLICABLE, "duration_s": 0.0, "wall_s": 0.0,
                "reason": "this writer runs only where %s (a declared set of writer environments: its "
                          "artifact is large)" % " or ".join(_words(s) for s in scopes)}
    if getattr(runnable, "kind", None) != ReaderRun.kind:
        return None
    for axis, value in (("flavours", under_test.flavour), ("backends", under_test.backend)):
        allowed = getattr(runnable, axis)
        if value not in allowed:
            return {"outcome": outcomes.NOT_APPLICABLE, "duration_s": 0.0, "wall_s": 0.0,
                    "reason": "this reader applies to %s, not %s" % (", ".join(allowed), value)}
    return None


def _words(scope):
    return ", ".join("%s %s" % (k, v) for k, v in sorted(scope.items()))


# ------------------------------------------------------ in the case process ----
def _folder(ctx):
    return ctx.tmpdir.rstrip(os.sep) + "-artifact"


def prepare(variant, ctx):
    """Before the body: a writer gets an empty folder, a reader its artifact unpacked.
    Returns result fields when that failed (the cell is then a case_error), else None."""
    role = variant.meta.get("role") if hasattr(variant, "meta") else None
    if role == casefile.WRITER:
        ctx.artifact_dir = _folder(ctx)
        os.makedirs(ctx.artifact_dir)
    elif isinstance(variant, ReaderRun):
        try:
            artifacts.unpack(variant.entry.get("store") or store_root(), variant.sha, _folder(ctx))
        except (OSError, ValueError, EOFError) as exc:
            return {"outcome": outcomes.CASE_ERROR,
                    "reason": "the artifact %s could not be unpacked: %s" % (variant.sha, exc)}
        ctx.use_artifact(_folder(ctx))
    return None


def finish(variant, ctx, result):
    """After the body: a writer that ended ok packs its folder into the store and its
    record names the sha; either way the folder goes."""
    folder = ctx.artifact_dir if ctx is not None else None
    try:
        if (folder and result.get("outcome") == outcomes.OK
                and getattr(variant, "meta", {}).get("role") == casefile.WRITER):
            _store(variant, ctx, result)
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def _store(variant, ctx, result):
    root = store_root()
    if not os.path.isfile(os.path.join(ctx.artifact_dir, "predictions.json")):
        result.update(outcome=outcomes.CASE_ERROR,
                      reason="the writer kept no predictions (ctx.keep_predictions) beside its files")
        return
    if not root:
        result["reason"] = "no artifact store ($%s unset): the files were not kept" % records.ENV_ARTIFACTS
        return
    try:
        facts = ctx.finish_artifact()
        with open(os.path.join(ctx.artifact_dir, "predictions.json")) as handle:
            predictions = records.loads(handle.read())
        meta = {"writer_env": facts["env_id"], "writer_case": variant.case_id, "writer": facts,
                "case_hash": hashes.case_hash(variant.scenario.path), "runner_hash": hashes.runner_hash(),
                "env_hash": os.environ.get(records.ENV_ENV_HASH), "run_id": os.environ.get(records.ENV_RUN_ID),
                "created_at": records.utc_now(), "predictions": predictions}
        started = time.time()
        sha, size, _ = artifacts.store(root, ctx.artifact_dir, meta)
    except (OSError, ValueError) as exc:
        result.update(outcome=outcomes.CASE_ERROR, reason="the artifact could not be stored: %s" % exc)
        return
    result.update(artifact=sha, artifact_bytes=size)
    ctx.observe("artifact_pack_s", round(time.time() - started, 3))
