"""The result record contract: fields, the one checker, the one reader, the one summary.

Runs inside every environment (Python 3.7+) and on the host; standard library
only. The runner writes records with it, bisection and the history read them
with it, the report summarises them with it: there is no second validator,
reader or summary anywhere. docs/records.md explains each field; bump
SCHEMA_VERSION when a field changes meaning, never silently.

A row's run writes one folder (see harness/matrix/rowrun.py for where):
    env.json       the fingerprint (written once per run)
    records.jsonl  one JSON object per case, appended as soon as the case ends
    freeze.txt     the resolved package list (`uv pip freeze`), written by the matrix
    timing.json    phase timings of the row (create/install/import/cases), by the matrix
"""
import datetime
import fcntl
import json
import math
import os
import re
import uuid

from . import contract, outcomes

SCHEMA_VERSION = 2
READABLE_SCHEMAS = (1, 2)   # schema 1 lacks the fields added in 2; it reads as if they were absent
RECORDS_FILE = "records.jsonl"
ENV_FILE = "env.json"
FREEZE_FILE = "freeze.txt"
TIMING_FILE = "timing.json"
AUDIT_FILE = "audit.jsonl"

# Every environment variable the project reads or sets, named once.
ENV_RUN_ID = "KMATRIX_RUN_ID"              # shared by xdist workers and probes of one run
ENV_ENV_ID = "KMATRIX_ENV_ID"              # the matrix row id
ENV_KERAS = "KMATRIX_KERAS"                # the entry point user code writes: tf.keras | keras
ENV_DEVICE = "KMATRIX_DEVICE"              # cpu | cuda, as the row requests
ENV_RESULTS_SET = "KMATRIX_RESULTS_SET"    # results set override (bisection probes)
ENV_RESULTS_ROOT = "KMATRIX_RESULTS_ROOT"  # where results/ is (default: the checkout's results/; tests use a temp dir)
ENV_CASE_TIMEOUT = "KMATRIX_CASE_TIMEOUT"
ENV_CASE_MEMORY_MB = "KMATRIX_CASE_MEMORY_MB"
ENV_IMPORT_TIMEOUT = "KMATRIX_IMPORT_TIMEOUT"
ENV_UV = "KMATRIX_UV"
ENV_ENV_HASH = "KMATRIX_ENV_HASH"          # hash of the row's resolved packages, set by the matrix
ENV_INDEX_WAIT = "KMATRIX_INDEX_WAIT_S"    # how long to wait for another process's history index update
ENV_ARTIFACTS = "KMATRIX_ARTIFACTS"        # the artifact store writers pack into (harness/artifacts.py)
ENV_ARTIFACTS_INDEX = "KMATRIX_ARTIFACTS_INDEX"   # what readers read; unset: no reader cells

MAX_TRACEBACK = 4000
MAX_OUTPUT = 2000
MAX_MESSAGE = 500

_NUM = (int, float)

# The fields (types, required, meaning, and where the report shows them): harness/contract.py.
FIELDS = contract.FIELDS
FIELD_TYPES = contract.FIELD_TYPES
REQUIRED_FIELDS = contract.REQUIRED_FIELDS
FIELD_NAMES = contract.FIELD_NAMES


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_run_id():
    """Unique id of one runner invocation: sortable time plus a random suffix."""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return "%s-%s" % (stamp, uuid.uuid4().hex[:6])


def tail(text, limit):
    """The last `limit` characters of text (None stays None)."""
    if text is None:
        return None
    text = str(text)
    return text if len(text) <= limit else "..." + text[-limit:]


def make_record(env_id, run_id, case_id, outcome, **fields):
    record = {
        "schema": SCHEMA_VERSION,
        "env_id": env_id,
        "run_id": run_id,
        "case_id": case_id,
        "outcome": outcome,
        "started_at": fields.pop("started_at", None) or utc_now(),
    }
    record.update((k, v) for k, v in fields.items() if v is not None)
    for name, limit in (("traceback", MAX_TRACEBACK), ("output_tail", MAX_OUTPUT)):
        if name in record:
            record[name] = tail(record[name], limit)
    return record


# ------------------------------------------------------------------- checking ----
def _type_names(types):
    return "/".join("null" if t is type(None) else t.__name__ for t in types)


def _check_status_map(name, value, statuses):
    for key, status in value.items():
        if not isinstance(key, str) or status not in statuses:
            return "%s[%r] = %r is not one of %s" % (name, key, status, ", ".join(statuses))
    return None


# A case id is `scenario::variant`: a plain scenario id (a case file's or a script's stem) and a
# variant name (a Python identifier; `*` for a whole broken case file). Nothing else: no newline,
# no space, no third part.
CASE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*::(?:[A-Za-z_][A-Za-z0-9_]*|\*)")
# When it started, as utc_now() writes it (the history orders runs by it).
STARTED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z")


def check(record, env_id=None, run_id=None):
    """Why `record` (a parsed JSON value) is not a valid record, or None.

    Nested values are checked too (claims, gradient maps, sources), so that
    whatever passes here cannot crash a reader downstream; and so is what the
    record says about itself: its outcome agrees with its error (an `ok` with an
    error, a `keras_history_error` without one are refused), its case id is a plain
    `scenario::variant`, and, given the place it was read from (`env_id`, `run_id`:
    the folder runs/<run>/<row>/), it belongs there."""
    if not isinstance(record, dict):
        return "not a JSON object but %s" % type(record).__name__
    missing = [name for name in REQUIRED_FIELDS if name not in record]
    if missing:
        return "missing required field(s): " + ", ".join(missing)
    if record["schema"] not in READABLE_SCHEMAS or isinstance(record["schema"], bool):
        return "unsupported schema %r (this reads %s)" % (
            record["schema"], ", ".join(map(str, READABLE_SCHEMAS)))
    for name, value in record.items():
        types = FIELD_TYPES.get(name)
        if types is None or value is None and name not in REQUIRED_FIELDS:
            continue   # unknown fields are kept (a newer writer); null means absent
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            return "%s must be %s, not %s" % (name, _type_names(types), type(value).__name__)
    outcome = record["outcome"]
    if outcome not in outcomes.RECORDED:
        return "unknown outcome %r" % (outcome,)
    for name in ("env_id", "run_id", "started_at"):
        if not record[name]:
            return "%s must be a non-empty string" % name
    for name, expected in (("env_id", env_id), ("run_id", run_id)):
        if expected is not None and record[name] != expected:
            return "%s %r is not this folder's (%r): the record belongs to another run or row" % (
                name, record[name], expected)
    if not STARTED_AT.fullmatch(record["started_at"]):
        return "started_at must be an ISO 8601 UTC time like 2026-01-31T12:00:00Z, not %r" % (record["started_at"],)
    case_id = record["case_id"]
    if case_id is None:
        if outcome not in outcomes.ENV_LEVEL:
            return "case_id is null but outcome %s is not an environment-level outcome" % outcome
    elif not CASE_ID.fullmatch(case_id.split("@", 1)[0]):
        return "case_id must be 'scenario::variant' (plain names) or null, not %r" % case_id
    elif check_reader_id(record):
        return check_reader_id(record)
    if outcome in outcomes.NEEDS_ERROR and not record.get("error_type"):
        return "outcome %s needs the error the user reads (error_type)" % outcome
    if outcome in outcomes.NO_ERROR and (record.get("error_type") or record.get("error_message")):
        return "outcome %s cannot carry an error (error_type %r)" % (outcome, record.get("error_type"))
    problem = (_check_status_map("grads", record.get("grads") or {}, outcomes.GRAD_STATUSES)
               or _check_status_map("effects", record.get("effects") or {}, outcomes.EFFECT_STATUSES))
    if problem:
        return problem
    for name in ("required_grads", "required_effects", "wrappers"):
        if not all(isinstance(item, str) for item in record.get(name) or ()):
            return "%s must be a list of strings" % name
    limits = record.get("limits") or {}
    if not all(isinstance(k, str) and isinstance(v, _NUM) and not isinstance(v, bool) for k, v in limits.items()):
        return "limits must map names to numbers"
    source = record.get("source")
    if source is not None and not isinstance(source.get("kind", ""), str):
        return "source.kind must be a string"
    claim = record.get("claim")
    if claim:
        from . import claims   # claims imports this module's neighbours only
        problems = claims.validate_claim(claim)
        if problems:
            return "claim: " + "; ".join(problems)
    return None


def check_reader_id(record):
    """A reader cell is 'scenario::reader@<writer env>': valid exactly when the record says
    which artifact it read and whose (artifact, writer_env); every other id has no '@'."""
    case_id = record["case_id"]
    if "@" not in case_id:
        return None
    head, _, writer_env = case_id.rpartition("@")
    if "@" in head or not writer_env or record.get("writer_env") != writer_env or not record.get("artifact"):
        return "case_id %r has the reader form 'scenario::reader@<writer env>', but the record does not " \
               "say it read an artifact written there (artifact, writer_env)" % case_id
    return None


# env.json (harness/runner/fingerprint.py): field -> types. Checked once where it is read,
# so no reader downstream meets a string where it expects a mapping.
_DICT, _NULL = (dict,), (type(None),)
ENV_FIELDS = (
    ("python", _DICT), ("platform", _DICT), ("tensorflow", _DICT + _NULL), ("keras", _DICT),
    ("device", _DICT), ("packages", _DICT), ("env", _DICT), ("import_s", _NUM + _NULL),
)


def check_env(env):
    """Why a parsed env.json cannot be used, or None."""
    if not isinstance(env, dict):
        return "not a JSON object but %s" % type(env).__name__
    for name, types in ENV_FIELDS:
        if name in env and not isinstance(env[name], types):
            return "%s must be %s, not %s" % (name, _type_names(types), type(env[name]).__name__)
    for name, keys in (("keras", ("version", "flavour", "backend", "module", "entry")),
                       ("tensorflow", ("version",)), ("python", ("version",)), ("device", ("kind", "name"))):
        for key in keys:
            value = (env.get(name) or {}).get(key)
            if value is not None and not isinstance(value, str):
                return "%s.%s must be a string, not %s" % (name, key, type(value).__name__)
    packages = env.get("packages") or {}
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in packages.items()):
        return "packages must map names to version strings"
    return None


# -------------------------------------------------------------- JSON, exactly ----
# JSON has no NaN or Infinity; a case may observe one (a loss that diverged). They are
# written as {"$float": "nan" | "inf" | "-inf"} and read back as the same float.
_FLOAT_TAG = "$float"


def _encode_floats(value):
    if isinstance(value, float) and not math.isfinite(value):
        return {_FLOAT_TAG: "nan" if value != value else ("inf" if value > 0 else "-inf")}
    if isinstance(value, dict):
        return dict((k, _encode_floats(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_encode_floats(v) for v in value]
    return value


def _decode_floats(obj):
    if len(obj) == 1 and _FLOAT_TAG in obj and obj[_FLOAT_TAG] in ("nan", "inf", "-inf"):
        return float(obj[_FLOAT_TAG])
    return obj


def _jsonable(value):
    """json.dumps fallback: anything a case observed becomes at worst its repr."""
    try:
        item = value.item()  # numpy scalars
    except Exception:
        return repr(value)
    return _encode_floats(item) if isinstance(item, float) else item


def _strict_json(data, **options):
    """Strict JSON (non-finite floats tagged) that never carries a lone surrogate."""
    try:
        text = json.dumps(data, sort_keys=True, default=_jsonable, allow_nan=False, **options)
    except ValueError:   # a non-finite float somewhere: tag it (rare, so only then walk)
        data = _encode_floats(data)
        text = json.dumps(data, sort_keys=True, default=_jsonable, allow_nan=False, **options)
    if _may_hold_surrogates(text):   # rare, so only then walk
        text = json.dumps(clean_text(_encode_floats(data)), sort_keys=True, default=_jsonable, allow_nan=False,
                          **options)
    return text


def dumps(record):
    """One record as one line of strict JSON (no NaN / Infinity literals, no lone surrogate)."""
    return _strict_json(record)


# Text from a run may hold a lone surrogate: a file name decoded with surrogateescape
# (os.fsdecode(b"caf\xe9.csv")) in an error message, which JSON carries as "\udce9". No
# UTF-8 writer downstream (DuckDB, the page) accepts one, so every reader and writer here
# replaces them with U+FFFD, once (bytes that are not UTF-8 likewise, where they are decoded).
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}")


def clean_text(value):
    """`value` (a JSON value) with every lone surrogate in its strings and keys replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return dict((clean_text(k), clean_text(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [clean_text(v) for v in value]
    return value


def _may_hold_surrogates(text):
    return "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None


def loads(text):
    """Parse JSON from a run: non-finite float tags decoded, lone surrogates replaced."""
    value = json.loads(text, object_hook=_decode_floats)
    return clean_text(value) if _may_hold_surrogates(text) else value


def clean_json_text(text):
    """JSON text as stored: unchanged unless it escapes a lone surrogate (then re-written
    without it). Text that is not JSON is returned as it is (its reader names it)."""
    if not text or not _may_hold_surrogates(text):
        return text
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return text
    return json.dumps(clean_text(value), sort_keys=True)


def decode(raw):
    """Bytes a run wrote, as text: what is not UTF-8 becomes U+FFFD."""
    return raw.decode("utf-8", "replace")


# -------------------------------------------------------------------- reading ----
class Problem(object):
    """Something wrong in an input file, with where it is."""

    def __init__(self, path, line, message):
        self.path, self.line, self.message = clean_text(str(path)), line, clean_text(message)

    def __str__(self):
        where = "%s:%s" % (self.path, self.line) if self.line else self.path
        return "%s: %s" % (where, self.message)

    def __repr__(self):
        return "Problem(%r)" % str(self)

    def __eq__(self, other):
        return isinstance(other, Problem) and str(self) == str(other)

    def __hash__(self):
        return hash(str(self))


def read_jsonl(path, env_id=None, run_id=None):
    """(records, problems) of a records.jsonl: every valid record, and a Problem
    (file:line) for each line that is not JSON (a run killed mid-write) or
    breaks the contract (see check: with `env_id` / `run_id`, the folder's, a record
    of another place is one). A missing file reads as empty."""
    found, problems = [], []
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return found, problems
    except OSError as exc:
        return found, [Problem(path, None, "cannot read: %s" % exc)]
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            if not raw.endswith(b"\n"):
                problems.append(Problem(path, number, "incomplete last line (a run killed while writing?)"))
                continue
            try:
                record = loads(decode(raw))
            except (ValueError, RecursionError) as exc:
                problems.append(Problem(path, number, "not valid JSON: %s" % str(exc)[:200]))
                continue
            problem = check(record, env_id, run_id)
            if problem:
                problems.append(Problem(path, number, problem))
            else:
                found.append(record)
    return found, problems


def summary(record, width=60):
    """A record as one short line: 'error: ValueError: A KerasTensor cannot...'."""
    outcome = record.get("outcome", "?")
    if record.get("error_type") and outcome != outcomes.SETUP_ERROR:
        message = record.get("error_message") or ""
        if len(message) > width:
            message = message[:width - 3] + "..."
        return "%s: %s: %s" % (outcome, record["error_type"], message) if message else \
            "%s: %s" % (outcome, record["error_type"])
    reason = record.get("reason")
    if outcome == outcomes.SETUP_ERROR and record.get("error_type"):
        reason = "%s before the subject step" % record["error_type"]
    if reason and outcome != outcomes.OK:
        return "%s: %s" % (outcome, reason if len(reason) <= width + 20 else reason[:width + 17] + "...")
    return outcome


# What makes two records of one cell "the same result": the outcome and the error class
# (messages differ in addresses). The runner, bisection and planning compare records by
# signature(); the history's SQL (harness/history/query.py) and the regression check
# (harness/report/regress.py) by these fields: one rule.
SAME_RESULT = ("outcome", "error_type")


def signature(record):
    """A record's result, as two records of one cell are compared (SAME_RESULT)."""
    return tuple(record.get(name) for name in SAME_RESULT)


# -------------------------------------------------------------------- writing ----
class RecordWriter(object):
    """Appends one JSON line per record, under an exclusive lock.

    Each record is a single write() of one complete line, locked with flock, so
    several pytest-xdist workers can share one file and a killed run keeps every
    record that finished before it died (a line cut short has no newline and
    is never read as data, see read_jsonl).

    With `journal=True` (the runner's writer) every line is also kept in a journal
    only this process holds: an unlinked temporary file, closed in every process the
    runner forks (close_journals) and never inherited across exec. A case that finds
    records.jsonl through the runner's command line and truncates, replaces or deletes
    it cannot take an earlier record with it: verify() (after each case, and at the
    end) finds every line of this writer that the file lost and puts it back where it
    was, by one atomic replace under the lock.
    """
    _journals = []    # every open journal of this process, to close in a forked child

    def __init__(self, folder, journal=False):
        self.folder = folder
        self.path = os.path.join(folder, RECORDS_FILE)
        # exist_ok: two xdist workers start together and both find it missing (one of them
        # lost its whole session to FileExistsError, and its cases their records)
        os.makedirs(folder, exist_ok=True)
        self._journal = None
        self._last = None        # (device, inode, offset, line) of the last line written
        self._bytes = 0          # how much this writer wrote: the file holds at least that much
        if journal:
            import tempfile
            self._journal = tempfile.TemporaryFile(prefix="kmatrix-journal-")
            RecordWriter._journals.append(self._journal)

    def _open_locked(self):
        """A descriptor of the file now at self.path, locked: a writer that waited for the
        lock while verify() replaced the file opens the new one."""
        while True:
            os.makedirs(self.folder, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except OSError:
                same = False
            if same:
                return fd
            os.close(fd)

    def write(self, record):
        line = (dumps(record) + "\n").encode("utf-8")
        fd = self._open_locked()
        try:
            size = os.fstat(fd).st_size
            # a line cut short (a writer killed mid-line) ends here: never glue a record onto it
            rest = (b"\n" if size and os.pread(fd, 1, size - 1) != b"\n" else b"") + line
            while rest:  # a large line may need several writes
                rest = rest[os.write(fd, rest):]
            if self._journal is not None:
                stat = os.fstat(fd)
                self._last = (stat.st_dev, stat.st_ino, os.lseek(fd, 0, os.SEEK_CUR) - len(line), line)
                self._journal.seek(0, os.SEEK_END)
                self._journal.write(line)
                self._journal.flush()
                self._bytes += len(line)
        finally:
            os.close(fd)  # closing releases the lock

    def _intact(self):
        """Cheap: is the file still at least as long as what this writer wrote, with the
        last line it wrote where it wrote it, as a line of its own?"""
        if self._last is None:
            return True
        device, inode, offset, line = self._last
        try:
            with open(self.path, "rb") as handle:
                stat = os.fstat(handle.fileno())
                if (stat.st_dev, stat.st_ino) != (device, inode) or stat.st_size < self._bytes:
                    return False
                handle.seek(max(0, offset - 1))
                return handle.read(len(line) + (1 if offset else 0)) == (b"\n" if offset else b"") + line
        except OSError:
            return False

    def verify(self, full=False):
        """Put back every line of this writer that records.jsonl lost (truncated, replaced,
        deleted by a case); returns how many. `full`: compare every line, not only the last."""
        if self._journal is None or (not full and self._intact()):
            return 0
        self._journal.seek(0)
        mine = [line for line in self._journal.read().split(b"\n") if line]
        fd = self._open_locked()
        try:
            with os.fdopen(os.dup(fd), "rb") as handle:
                handle.seek(0)
                current = handle.read()
            present = current.split(b"\n")
            tail = present.pop()      # what follows the last newline: b"" or a line cut short
            have = set(present)
            missing = [line for line in mine if line not in have]
            if not missing:
                return 0
            # each missing line goes back right before the next line of ours still present
            # (the order of this writer's records is kept: the last record of a cell is its latest)
            position = dict((line, index) for index, line in enumerate(present))
            out, pending = [], []
            for line in mine:
                if line in position:
                    position[line] = (position[line], pending)
                    pending = []
                else:
                    pending.append(line)
            for line in present:
                found = position.get(line)
                if isinstance(found, tuple):
                    out.extend(found[1])
                out.append(line)
            out.extend(pending)
            text = b"".join(line + b"\n" for line in out) + (tail + b"\n" if tail else b"")
            temp = "%s.%d.restore.tmp" % (self.path, os.getpid())
            with open(temp, "wb") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.path)   # atomic; writers waiting on the old file reopen the new one
            stat = os.stat(self.path)
            last = mine[-1] + b"\n"
            self._last = (stat.st_dev, stat.st_ino, text.rfind(last), last)
            return len(missing)
        finally:
            os.close(fd)

    @classmethod
    def close_journals(cls):
        """In a process forked from the runner: let go of the runner's journals (a case
        never holds them)."""
        for journal in cls._journals:
            try:
                os.close(journal.fileno())
            except (OSError, ValueError):
                pass
        cls._journals = []


def write_text_atomic(path, text):
    """Write a text file atomically: a reader sees the old file or the new one, never half."""
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    temp = "%s.%d.%s.tmp" % (path, os.getpid(), uuid.uuid4().hex[:6])
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.remove(temp)


def write_json(path, data):
    """Write a JSON file atomically (strict JSON: non-finite floats tagged)."""
    write_text_atomic(path, _strict_json(data, indent=1) + "\n")


def read_json(path):
    """A JSON file written by write_json (tags decoded). Raises OSError / ValueError."""
    with open(path, "rb") as handle:
        return loads(decode(handle.read()))
