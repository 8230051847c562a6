"""The record fields and the cell columns, declared once, as data; the page's share of the contract.

Standard library, Python 3.7+ (records.py builds its checker from FIELDS, inside every
environment). Each record field says, in one line: its types (the checker), whether it is
required, what it means (docs/records.md), its short key in the page's cells (None: not
on the page), the label the cell panel shows it under, how the panel shows it, and in which
outputs it appears. The history's column type follows from the types (history_type). The
report's own cell columns (a claim's verdict, the audit) are declared the same way in
REPORT_COLUMNS. Everything downstream loops over these: ingest (column types), the report
model (what a cell keeps), the page payload (short keys, texts stored once), table.csv,
table.json, the error search and the page script (through as_data(), in the page's data).
A new field shown in the report is one line here plus the code that produces it.
"""
from collections import namedtuple

_STR = (str,)
_NUM = (int, float)
_DICT = (dict,)
_LIST = (list,)
_INT = (int,)
_NULL = (type(None),)

# Where a field appears (Field.outputs).
CELL = "cell"        # the report keeps it per cell (harness/report/model.py), on the page under its key
PANEL = "panel"      # the cell panel shows it, under its label
CSV = "csv"          # a column of table.csv
TABLE = "table"      # a key of table.json's cells (the regression baseline)
SEARCH = "search"    # what the error search reads (search-data.json, page/search_rank.js)
SHARED = "shared"    # a text repeated over many cells: stored once in the page (payload.pack)
SAVELOAD = "saveload"   # a key of the saved-in / loaded-in grid's cells (harness/report/saveload.py)
OUTPUTS = (CELL, PANEL, CSV, TABLE, SEARCH, SHARED, SAVELOAD)

# How the panel shows a value (page/panel.js). Fields with the same label share one line.
SHOW = ("text",      # as it is (objects as JSON)
        "list",      # a list, comma-separated
        "seconds",   # a number of seconds
        "new",       # only where it says more than the line above (a last line repeating the message: not)
        "long")      # a long text, in its own block below the code

Field = namedtuple("Field", "name types required meaning key label show outputs")


def field(name, types, required, meaning, key=None, label=None, show="text", outputs=()):
    if show not in SHOW or not set(outputs) <= set(OUTPUTS) or (PANEL in outputs and not label):
        raise ValueError("field %s: bad declaration" % name)
    return Field(name, types, required, meaning, key, label, show, tuple(outputs))


# The cell panel's lines, by label, section by section (page/panel.js): "record" before the claim,
# "run" after the case's history, "more" below the code. A label not listed joins "record".
PANEL_SECTIONS = (("record", ("Error", "Last line printed", "Looked through", "Reason", "Gradients", "Effects",
                              "Observed")),
                  ("run", ("Run",)),
                  ("more", ("Traceback (tail)", "Output (tail)")))
PANEL_JOIN = {"Error": ": "}   # how the values of one line are joined (else by two spaces)

_REPORTED = (CELL, PANEL, CSV, TABLE)
# The order is the order of docs/records.md and of table.csv's record columns.
FIELDS = (
    field("schema", _INT, True, "record schema version"),
    field("env_id", _STR, True, "the matrix row id"),
    field("run_id", _STR, True, "one runner invocation", "run", "Run", outputs=_REPORTED + (SHARED, SAVELOAD)),
    field("case_id", _STR + _NULL, True, "scenario::variant; null for a whole-environment record"),
    field("outcome", _STR, True, "one of harness.outcomes", "o", outputs=(CELL, CSV, TABLE, SEARCH, SAVELOAD)),
    field("started_at", _STR, True, "ISO 8601 UTC", "started", "Run",
          outputs=_REPORTED + (SHARED, SAVELOAD)),
    field("scenario", _STR, False, "scenario id"),
    field("variant", _STR, False, "variant name"),
    field("title", _STR, False, "what the variant does"),
    field("role", _STR, False, "broken | fix | demo | corrected | root_cause | writer | reader | script"),
    field("source", _DICT, False, "where the case comes from"),
    field("claim", _DICT + _NULL, False, "the source's claim"),
    field("required_grads", _LIST, False, "variables that must receive a gradient"),
    field("required_effects", _LIST, False, "effects that must happen (ctx.effect)"),
    field("grads", _DICT, False, "gradient status per variable", "grads", "Gradients",
          outputs=(CELL, PANEL, SAVELOAD)),
    field("effects", _DICT, False, "yes/no per effect", "effects", "Effects", outputs=(CELL, PANEL, SAVELOAD)),
    field("observed", _DICT, False, "values reported with ctx.observe", "observed", "Observed",
          outputs=(CELL, PANEL, SAVELOAD)),
    field("subject", _STR, False, "the step the claim is about, as the case named it", "subj",
          outputs=(CELL, SAVELOAD)),
    field("subject_reached", (bool,), False, "whether the case reached that step", outputs=(CELL,)),
    field("error_type", _STR, False, "class name of the error the user reads", "et", "Error",
          outputs=(CELL, PANEL, CSV, TABLE, SEARCH, SAVELOAD)),
    field("error_message", _STR, False, "that error's message, wrappers removed", "em", "Error",
          outputs=(CELL, PANEL, CSV, TABLE, SEARCH, SHARED, SAVELOAD)),
    field("error_last_line", _STR, False, "the last line of the printed traceback", "last", "Last line printed",
          "new", (CELL, PANEL, SHARED, SAVELOAD)),
    field("raised_type", _STR, False, "the class actually raised, where a wrapper differs from error_type", "raised",
          outputs=(CELL, SAVELOAD)),
    field("wrappers", _LIST, False, "library wrappers looked through (autograph, keras_call, ...)", "wrappers",
          "Looked through", "list", (CELL, PANEL, SEARCH, SAVELOAD)),
    field("traceback", _STR, False, "the traceback's tail", "tb", "Traceback (tail)", "long",
          (CELL, PANEL, SEARCH, SHARED, SAVELOAD)),
    field("reason", _STR, False, "why: for outcomes that carry one", "reason", "Reason",
          outputs=(CELL, PANEL, CSV, TABLE, SHARED, SAVELOAD)),
    field("exit_code", _INT, False, "how a crashed case process ended", outputs=(CELL,)),
    field("signal", _INT, False, "the signal that ended it", outputs=(CELL,)),
    field("isolation", _STR, False, "fork | spawn | inprocess", outputs=(CELL,)),
    field("duration_s", _NUM, False, "time in the case body", "dur", "Run", "seconds", (CELL, PANEL, SAVELOAD)),
    field("wall_s", _NUM, False, "time the runner spent on the case"),
    field("output_tail", _STR, False, "the tail of what the case printed", "out", "Output (tail)", "long",
          (CELL, PANEL, SHARED, SAVELOAD)),
    field("repeat", _INT, False, "0-based index when --repeat runs a case several times"),
    field("case_hash", _STR, False, "hash of the case file and the harness code it runs with"),
    field("runner_hash", _STR, False, "hash of the runner"),
    field("env_hash", _STR, False, "hash of the row's resolved package set and variables"),
    field("limits", _DICT, False, "the run's limits the case ran under: case_timeout_s, case_memory_mb"),
    field("artifact", _STR, False, "sha256 of the artifact a writer saved / a reader loaded", "art",
          outputs=(SHARED, SAVELOAD)),
    field("artifact_bytes", _INT, False, "size of the artifact a writer saved"),
    field("writer_env", _STR, False, "reader: the environment that wrote the artifact"),
    field("writer_case", _STR, False, "reader: the writer variant's case id"),
)

# Columns the report adds to each cell (not record fields: judged or joined by the report).
REPORT_COLUMNS = (
    field("verdict", _STR, False, "the claim's verdict here (harness/claims.py)", "verdict",
          outputs=(CELL, CSV, TABLE, SAVELOAD)),
    field("scope", _STR, False, "in / out of the claim's scope", "scope", outputs=(CELL, CSV, TABLE, SAVELOAD)),
    field("why", _STR, False, "why the claim holds or not", "why", outputs=(CELL, CSV, SHARED, SAVELOAD)),
    field("audit", _STR, False, "agree / disagree with the plain interpreter", "audit",
          outputs=(CELL, CSV, TABLE, SAVELOAD)),
    field("audit_detail", _DICT, False, "both sides of the audit", "audit_detail", outputs=(CELL, SAVELOAD)),
    field("max_abs_diff", _NUM, False, "reader: largest difference of the predictions", "diff",
          outputs=(SAVELOAD,)),
)

# Every cell of the page names its case and environment; both are stored once (payload.pack).
CELL_KEYS = ("case", "env")
SAVELOAD_CELL_KEYS = ("r", "w", "e")   # reader case, writer environment, reader environment

FIELD_TYPES = dict((f.name, f.types) for f in FIELDS)
REQUIRED_FIELDS = tuple(f.name for f in FIELDS if f.required)
FIELD_NAMES = tuple(f.name for f in FIELDS)


def _all():
    return FIELDS + REPORT_COLUMNS


def history_type(f):
    """The DuckDB type of a field's history column: nested values as JSON text."""
    types = set(f.types) - {type(None)}
    if types & {dict, list}:
        return "JSON"
    if types == {bool}:
        return "BOOLEAN"
    if types == {int}:
        return "BIGINT"
    if types == {int, float} or types == {float}:
        return "DOUBLE"
    return "VARCHAR"


def names(output, fields=None):
    """The field names that appear in `output`, in declaration order (records, then the report's)."""
    return tuple(f.name for f in (fields or _all()) if output in f.outputs)


def keys(output, fields=None):
    """{field name: short key} of the fields that appear in `output` and have a key."""
    return dict((f.name, f.key) for f in (fields or _all()) if output in f.outputs and f.key)


def shared_keys():
    """The keys of a page cell whose texts are stored once (payload.pack, page/core.js)."""
    return CELL_KEYS + tuple(f.key for f in _all() if SHARED in f.outputs and CELL in f.outputs)


def saveload_shared_keys():
    return SAVELOAD_CELL_KEYS + tuple(f.key for f in _all() if SHARED in f.outputs and SAVELOAD in f.outputs)


def as_data():
    """What the page script needs of the contract (harness/report/payload.py puts it in the page's data):
    the fields the page shows (key, label, how), the keys stored once, and the axes (harness.axes)."""
    from . import axes
    shown = [dict(name=f.name, key=f.key, label=f.label, show=f.show, outputs=list(f.outputs))
             for f in _all() if f.key]
    return {"fields": shown, "panel": [[name, list(labels)] for name, labels in PANEL_SECTIONS],
            "panel_join": PANEL_JOIN,
            "shared": list(shared_keys()), "saveload_shared": list(saveload_shared_keys()),
            "axes": axes.as_data()}
