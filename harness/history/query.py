"""Questions asked of the history, answered by DuckDB over the Parquet files.

Host side. Every answer is a pandas DataFrame (or plain values):

    latest_cells   the newest result of every (case, environment): what the table shows;
                   a cell whose newest run holds several records that disagree is flaky
    env_events     whole-environment records (env_error / not_run), newest per environment
    timelines      every run's result of every cell, oldest first (the report's history strips)
    rowruns        per row run: the environment it saw (env.json), its packages, timing
    audits         the newest audit of each audited record
    fresh_cases    the cells of a row whose newest result can be reused (nothing it depends on changed)
    planning_cells the newest cell of each case of a row, from the local history and the
                   published index (published/cells.parquet) alike: planning without the history
    latest_index   that index itself (what `publish` writes to the data branch's latest/)
    artifact_writers  per (writer case, writer environment): the newest record that saved an artifact
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time

import duckdb
import pandas as pd

from .. import hashes, outcomes, records
from .ingest import AUDIT_COLUMNS, RECORD_COLUMNS, ROWRUN_COLUMNS, record_columns
from .layout import CELLS_FILE, ResultsSet


# What the questions about many runs need (timelines, flaky cells, planning): read once into
# memory; the large texts (tracebacks, output) are read only for the records a cell shows.
# Any record field about the limits a case ran under joins them: planning may depend on it.
SLIM = ("case_id", "env_id", "run_id", "line", "outcome", "error_type", "started_at", "repeat",
        "case_hash", "runner_hash", "env_hash", "artifact") + tuple(n for n in RECORD_COLUMNS if "limit" in n)


# The same-result rule (records.SAME_RESULT: the outcome, then the error class), once, as the SQL
# every question about flaky cells, timelines and changes uses: a run's records of one cell that
# disagree make the cell flaky there.
_OUTCOME, _DETAILS = records.SAME_RESULT[0], records.SAME_RESULT[1:]
DISAGREE = "count(DISTINCT %s) > 1" % " || '|' || ".join("coalesce(%s, '')" % n for n in records.SAME_RESULT)
RESULT_WORDS = _OUTCOME + "".join(" || coalesce(' ' || %s, '')" % n for n in _DETAILS)   # 'error ValueError'
RUN_OUTCOME = "CASE WHEN %s THEN '%s' ELSE arg_max(%s, line) END" % (DISAGREE, outcomes.FLAKY, _OUTCOME)
RUN_RESULT = "%s AS %s, %s" % (RUN_OUTCOME, _OUTCOME, ", ".join("arg_max(%s, line) AS %s" % (n, n) for n in _DETAILS))
RUN_WORDS = RUN_OUTCOME + "".join(" || coalesce(' (' || arg_max(%s, line) || ')', '')" % n for n in _DETAILS)
# What a result was made from (hashes.INPUTS), per run and as changes between runs.
_INPUT_OF = {name: name.rsplit("_", 1)[0] for name in hashes.INPUTS}     # case_hash -> case
_FMT = {"disagree": DISAGREE, "result_words": RESULT_WORDS, "run_result": RUN_RESULT, "run_words": RUN_WORDS,
        "newest_outcome": "arg_max(%s, line) AS %s" % (_OUTCOME, _OUTCOME), "result_lists": ", ".join("list(%s ORDER BY run_rank)" % n for n in records.SAME_RESULT),
        "inputs": ", ".join(hashes.INPUTS), "h_inputs": ", ".join("h." + n for n in hashes.INPUTS),
        "run_inputs": ", ".join("arg_max(%s, line) AS %s" % (n, n) for n in hashes.INPUTS),
        "lag_inputs": ", ".join("lag(%s) OVER p AS %s_before" % (n, k) for n, k in _INPUT_OF.items()),
        "input_changes": ", ".join("%s_before != %s AS %s_changed" % (k, n, k) for n, k in _INPUT_OF.items())}


def _sql(text: str) -> str:
    """A query with the rule's fragments ({disagree}, {run_result}, ...) filled in."""
    return text.format(**_FMT)


ARTIFACT = "artifact"         # the record field naming what a writer saved / a reader loaded
PUBLISHED_ROWRUNS = ("run_id", "env_id", "complete", "records", hashes.INPUTS[2])   # latest/rowruns.parquet

INDEX = ".index.duckdb"      # a derived index of the Parquet files (rebuilt whenever in doubt)
INDEX_VERSION = 3   # 3: records carry the artifact a writer saved / a reader loaded
_TABLES = (("records", "records", {k: RECORD_COLUMNS[k] for k in SLIM}), ("rowruns", "rowrun", ROWRUN_COLUMNS),
           ("audits", "audit-*", AUDIT_COLUMNS))


class History:
    """A read-only view of one results set's history.

    The Parquet files are the history. Reading thousands of small files costs about a
    millisecond each, so what the questions need of them is kept in a derived index,
    history/.index.duckdb, that learns only the files it has not seen (or that changed):
    a build after one more run reads that run's files only. The index is never the source
    of truth: deleted, damaged or locked, it is rebuilt or bypassed from the files."""

    def __init__(self, results: ResultsSet | str, use_index: bool = True, say=None,
                 index_wait_s: float | None = None):
        self.results = results if isinstance(results, ResultsSet) else ResultsSet(results)
        self.con = duckdb.connect()
        self.problems: list[str] = []     # history files that cannot be read (skipped, named)
        folder = self.results.root.joinpath("history")
        self._files = {kind: [str(p) for p in self.results.history_files(kind, self.problems)]
                       for _, kind, _ in _TABLES}
        loaded = False
        if use_index and folder.is_dir():
            wait = index_wait_s if index_wait_s is not None else _index_wait_s()
            with _locked(str(folder / ".index.lock"), say or _say, wait) as got:
                if not got:   # someone holds the index longer than we wait: the files are the truth
                    self.problems.append("the history index was locked by another process for more than %.0f s; "
                                         "read the history files directly" % wait)
                else:
                    loaded = self._try_index(folder)
        if not loaded:
            for view, kind, columns in _TABLES:
                self._files[kind] = self._create(self.con, view, columns, self._files[kind], temp=True)
        self.con.execute(_RUN_ORDER)
        self._load_published()

    def _load_published(self):
        """published/cells.parquet (the data branch's planning index, when fetched) as the
        table published_cells; columns it lacks (an older index) read as NULL."""
        path = self.results.published / CELLS_FILE
        present: set = set()
        if path.is_file():
            try:
                present = {r[0] for r in self.con.execute(
                    "DESCRIBE SELECT * FROM read_parquet(%s)" % _sql_list([str(path)])).fetchall()}
            except duckdb.Error as exc:
                self.problems.append("%s: not a readable planning index, ignored (%s)" % (path, str(exc)[:160]))
        columns = dict({k: RECORD_COLUMNS[k] for k in SLIM}, flaky="BOOLEAN")
        select = ", ".join('CAST(%s AS %s) AS "%s"' % ('"%s"' % n if n in present else "NULL", k, n)
                           for n, k in columns.items())
        source = "FROM read_parquet(%s)" % _sql_list([str(path)]) if present else "WHERE false"
        self.con.execute("CREATE TEMP TABLE published_cells AS SELECT %s %s" % (select, source))

    def _try_index(self, folder) -> bool:
        """Read through the index (the caller holds its lock); False when it cannot be used."""
        try:
            return self._load_indexed(folder)
        except (duckdb.Error, OSError) as exc:   # a damaged index: read the files, rebuild it next time
            self.problems.append("the history index could not be used (%s); it will be rebuilt" % str(exc)[:160])
            for name in ("records", "rowruns", "audits"):
                self.con.execute("DROP TABLE IF EXISTS %s" % name)
            try:
                os.remove(str(folder / INDEX))
            except OSError:
                pass
            return False

    def _create(self, con, table, columns, files, temp=False, insert=False, with_file=False):
        """Fill `table` from `files` (skipping, and naming, any that cannot be read or whose
        columns have other types than ours); returns the files read."""
        head = ("INSERT INTO %s " % table) if insert else ("CREATE %sTABLE %s AS " % ("TEMP " if temp else "", table))
        extra = ", filename AS _file" if with_file else ""
        if files:
            schema = self._schema(files)
            if schema is None or _mismatch(schema, columns):   # find the file(s), name them, read the others
                files = self._usable(files, columns)
                schema = self._schema(files) if files else {}
            try:
                if files:
                    con.execute(head + "SELECT %s%s FROM read_parquet(%s, union_by_name=true, filename=true)"
                                % (_select(columns, schema), extra, _sql_list(files)))
                    return files
            except duckdb.Error:   # a damaged data page behind a readable footer
                files = self._usable(files, columns, read=True)
                if files:
                    con.execute(head + "SELECT %s%s FROM read_parquet(%s, union_by_name=true, filename=true)"
                                % (_select(columns, self._schema(files)), extra, _sql_list(files)))
                    return files
        if not insert:
            empty = ", ".join('CAST(NULL AS %s) AS "%s"' % (k, n) for n, k in columns.items())
            con.execute(head + "SELECT %s%s WHERE false" % (empty, ", CAST(NULL AS VARCHAR) AS _file" if with_file
                                                              else ""))
        return files

    def _schema(self, files: list[str]) -> dict | None:
        """{column: DuckDB type} of the files read together, None when they cannot be."""
        try:
            rows = self.con.execute("DESCRIBE SELECT * FROM read_parquet(%s, union_by_name=true)"
                                    % _sql_list(files)).fetchall()
        except duckdb.Error:
            return None
        return {row[0]: row[1] for row in rows}

    def _usable(self, files: list[str], columns: dict, read: bool = False) -> list[str]:
        """The files that can be read with our column types (each other one is named and
        skipped: damaged, or written by another writer or a future schema)."""
        good = []
        for path in files:
            schema = self._schema([path])
            if schema is None:
                why = "its footer cannot be read"
            else:
                why = _mismatch(schema, columns)
            if not why and read:
                try:
                    self.con.execute("CREATE OR REPLACE TEMP TABLE _probe AS SELECT %s FROM read_parquet(%s)"
                                     % (_select(columns, schema), _sql_list([path])))
                except duckdb.Error as exc:
                    why = str(exc)[:160]
                finally:
                    self.con.execute("DROP TABLE IF EXISTS _probe")
            if why:
                self.problems.append("%s: not a readable history file, skipped (%s)" % (path, why))
            else:
                good.append(path)
        return good

    def _load_indexed(self, folder) -> bool:
        """Bring the index up to date with the files, then copy it in (the caller holds the lock)."""
        path = str(folder / INDEX)
        index = duckdb.connect(path)
        try:
            version = index.execute("SELECT max(version) FROM meta").fetchone()[0] \
                if index.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
                                 ).fetchone()[0] else None
            if version != INDEX_VERSION:
                for table in ("meta", "files", "records", "rowruns", "audits"):
                    index.execute("DROP TABLE IF EXISTS %s" % table)
                index.execute("CREATE TABLE meta (version INTEGER)")
                index.execute("INSERT INTO meta VALUES (%d)" % INDEX_VERSION)
                index.execute("CREATE TABLE files (path VARCHAR, size BIGINT, mtime BIGINT)")
                for table, _, columns in _TABLES:
                    self._create(index, table, columns, [], with_file=True)
            known = {p: (s_, m) for p, s_, m in index.execute("SELECT path, size, mtime FROM files").fetchall()}
            current = {}
            for files in self._files.values():
                for f in files:
                    st = os.stat(f)
                    current[f] = (st.st_size, st.st_mtime_ns)
            gone = [f for f, sig in known.items() if current.get(f) != sig]
            if gone:
                index.execute("CREATE TEMP TABLE gone AS SELECT unnest(?::VARCHAR[]) AS path", [gone])
                for table, _, _ in _TABLES:
                    index.execute("DELETE FROM %s WHERE _file IN (SELECT path FROM gone)" % table)
                index.execute("DELETE FROM files WHERE path IN (SELECT path FROM gone)")
            for table, kind, columns in _TABLES:
                new = [f for f in self._files[kind] if f not in known or f in gone]
                for start in range(0, len(new), 2000):
                    read = self._create(index, table, columns, new[start:start + 2000], insert=True,
                                        with_file=True)
                    if read:
                        index.execute("INSERT INTO files SELECT * FROM (SELECT unnest(?::VARCHAR[]), "
                                      "unnest(?::BIGINT[]), unnest(?::BIGINT[]))",
                                      [read, [current[f][0] for f in read], [current[f][1] for f in read]])
        finally:
            index.close()
        self.con.execute("ATTACH '%s' AS idx (READ_ONLY)" % path.replace("'", "''"))
        try:
            for table, kind, columns in _TABLES:
                cols = ", ".join('"%s"' % n for n in columns)
                self.con.execute("CREATE TEMP TABLE %s AS SELECT %s FROM idx.%s" % (table, cols, table))
                indexed = {r[0] for r in self.con.execute("SELECT path FROM idx.files").fetchall()}
                self._files[kind] = [f for f in self._files[kind] if f in indexed]   # damaged ones: not
        finally:
            self.con.execute("DETACH idx")
        return True

    def _full(self, keys: pd.DataFrame) -> pd.DataFrame:
        """Every field of the records named by keys (env_id, run_id, line), read only from
        the files of those row runs."""
        if not len(keys):
            return self.df("SELECT %s FROM records WHERE false" % ", ".join('"%s"' % c for c in SLIM))
        wanted = set(zip(keys["run_id"], keys["env_id"]))
        files = [f for f in self._files["records"] if _wanted(_run_env(f), wanted)]
        query = "SELECT f.* FROM (SELECT %s FROM read_parquet(%s, union_by_name=true)) f JOIN wanted_keys " \
                "USING (env_id, run_id, line)"
        self.con.register("wanted_keys", keys[["env_id", "run_id", "line"]])
        columns = record_columns()
        try:
            try:   # (these files were read once already: their types are ours)
                return self.df(query % (_select(columns, columns), _sql_list(files)))
            except duckdb.BinderException:   # a column none of them has (written before it existed)
                return self.df(query % (_select(columns, self._schema(files) or {}), _sql_list(files)))
        finally:
            self.con.unregister("wanted_keys")

    def close(self):
        self.con.close()

    def df(self, sql: str, *params) -> pd.DataFrame:
        return self.con.execute(sql, list(params)).df()

    # ------------------------------------------------------------------ cells ----
    # "Newest" is by when a row's run started (its records' started_at), never by comparing
    # run ids as strings: KMATRIX_RUN_ID=myrun or a bisection's run id is no timestamp.
    # run_rank (from run_order) is that order: (start, run id) of each (environment, run).
    def latest_cells(self) -> pd.DataFrame:
        """One row per (case_id, env_id): the last record of the newest run holding that
        cell, plus `runs_n` (records in that run), `flaky` (their outcomes differ:
        outcome becomes flaky, `flaky_counts` says how often each was seen) and `run_rank`."""
        keys = self.df(_sql("""
            WITH r AS (SELECT * FROM ranked WHERE case_id IS NOT NULL),
            newest AS (SELECT case_id, env_id, run_id FROM r
                       QUALIFY row_number() OVER (PARTITION BY case_id, env_id ORDER BY run_rank DESC, line DESC) = 1),
            inrun AS (SELECT r.* FROM r JOIN newest USING (case_id, env_id, run_id)),
            stats AS (SELECT case_id, env_id, count(*) AS runs_n, {disagree} AS flaky,
                             string_agg({result_words}, '; ' ORDER BY line) AS seen
                      FROM inrun GROUP BY case_id, env_id)
            SELECT inrun.env_id, inrun.run_id, inrun.line, inrun.run_rank, stats.runs_n, stats.flaky, stats.seen
            FROM inrun JOIN stats USING (case_id, env_id)
            QUALIFY row_number() OVER (PARTITION BY inrun.case_id, inrun.env_id ORDER BY line DESC) = 1"""))
        full = self._full(keys)
        cells = full.merge(keys, on=["env_id", "run_id", "line"], how="inner") if len(full) else \
            full.assign(run_rank=None, runs_n=None, flaky=None, seen=None)
        if len(cells):
            flaky = cells["flaky"].fillna(False).astype(bool)
            cells.loc[flaky, "reason"] = cells.loc[flaky, "runs_n"].astype(str) + " runs disagree: " + \
                cells.loc[flaky, "seen"].map(_count_words)
            cells.loc[flaky, "outcome"] = outcomes.FLAKY
        return cells

    def env_events(self) -> pd.DataFrame:
        """The whole-environment record (env_error / not_run) of each environment's newest run, if it
        left one (with run_rank). A later run of the row that recorded cells says the environment
        runs again: an older run's env_error (a run killed mid-way: "pytest exited -15") must not
        cover the cells that later run reused."""
        keys = self.df("""
            WITH newest AS (SELECT env_id, max(run_rank) AS top FROM ranked GROUP BY env_id)
            SELECT r.env_id, r.run_id, r.line, r.run_rank FROM ranked r
            JOIN newest n ON r.env_id = n.env_id AND r.run_rank = n.top
            WHERE r.case_id IS NULL
            QUALIFY row_number() OVER (PARTITION BY r.env_id ORDER BY r.line DESC) = 1""")
        full = self._full(keys)
        return full.merge(keys, on=["env_id", "run_id", "line"], how="inner") if len(full) else \
            full.assign(run_rank=None)

    def timelines(self) -> pd.DataFrame:
        """Per (case_id, env_id, run_id), oldest run first: the run's outcome (flaky when its
        records disagree), error type, when."""
        return self.df(_sql("""
            SELECT case_id, env_id, run_id, min(started_at) AS started_at, {run_result}, count(*) AS n
            FROM ranked WHERE case_id IS NOT NULL
            GROUP BY case_id, env_id, run_id ORDER BY case_id, env_id, min(run_rank)"""))

    def timeline_lists(self) -> dict:
        """timelines() as plain lists: (case_id, env_id) -> [(run_id, outcome, error_type), ...]
        oldest first (what the page draws; no DataFrame of every run of every cell)."""
        rows = self.con.execute(_sql("""
            WITH t AS (SELECT case_id, env_id, run_id, min(run_rank) AS run_rank, {run_result}
                       FROM ranked WHERE case_id IS NOT NULL GROUP BY case_id, env_id, run_id)
            SELECT case_id, env_id, list(run_id ORDER BY run_rank), {result_lists}
            FROM t GROUP BY case_id, env_id""")).fetchall()
        return {(row[0], row[1]): list(zip(*row[2:])) for row in rows}

    def changes(self) -> pd.DataFrame:
        """Every cell whose result (outcome, error type) differs from its previous run's,
        newest first: case_id, env_id, run_before, run_after, started_at, was, becomes, and
        for each of case / runner / env: whether its hash differs between the two runs
        (True / False; None when either record lacks it): what changed, if anything."""
        return self.df(_sql("""
            WITH t AS (SELECT case_id, env_id, run_id, min(run_rank) AS run_rank, min(started_at) AS started_at,
                              {run_words} AS sig, {run_inputs}
                       FROM ranked WHERE case_id IS NOT NULL GROUP BY case_id, env_id, run_id),
                 w AS (SELECT *, lag(run_id) OVER p AS run_before, lag(sig) OVER p AS was, {lag_inputs}
                       FROM t WINDOW p AS (PARTITION BY case_id, env_id ORDER BY run_rank))
            SELECT case_id, env_id, run_before, run_id AS run_after, started_at, was, sig AS becomes, {input_changes}
            FROM w WHERE run_before IS NOT NULL AND was != sig
            ORDER BY run_rank DESC, case_id DESC, env_id DESC"""))

    def package_versions(self, pairs) -> dict:
        """(run_id, env_id) -> {package: version} from those row runs' env.json (read only for them)."""
        wanted = set(pairs)
        if not wanted:
            return {}
        files = [f for f in self._files["rowrun"] if _wanted(_run_env(f, ".rowrun.parquet"), wanted)]
        found = {}
        if files:
            rows = self.con.execute("SELECT run_id, env_id, env_json FROM read_parquet(%s, union_by_name=true)"
                                    % _sql_list(files)).fetchall()
            for run_id, env_id, text in rows:
                if (run_id, env_id) not in wanted:   # a compacted file holds other row runs too
                    continue
                try:
                    packages = (records.loads(text) or {}).get("packages") if text else None
                except (ValueError, RecursionError, AttributeError):
                    packages = None
                found[(run_id, env_id)] = packages if isinstance(packages, dict) else {}
        return found

    def env_timelines(self) -> pd.DataFrame:
        """Whole-environment events of every run (env_error / not_run), to place in timelines."""
        return self.df(_sql("""SELECT env_id, run_id, min(started_at) AS started_at, {newest_outcome}
                               FROM records WHERE case_id IS NULL GROUP BY env_id, run_id"""))

    # ------------------------------------------------------------ environments ----
    def rowruns(self) -> pd.DataFrame:
        """Every ingested row run (newest first)."""
        return self.df("""SELECT r.* FROM rowruns r LEFT JOIN run_order o ON o.env_id = r.env_id AND o.run_id = r.run_id
                          ORDER BY o.run_rank DESC NULLS LAST, r.env_id""")

    def latest_rowruns(self) -> pd.DataFrame:
        """Per environment, its newest row run that saw the environment (env.json present),
        else its newest row run at all."""
        return self.df("""SELECT r.* FROM rowruns r LEFT JOIN run_order o ON o.env_id = r.env_id AND o.run_id = r.run_id
                          QUALIFY row_number() OVER (PARTITION BY r.env_id
                                  ORDER BY r.env_json IS NOT NULL DESC, o.run_rank DESC NULLS LAST) = 1""")

    def runs(self) -> pd.DataFrame:
        """One line per run id, oldest first: when, which rows, how many records, complete or not."""
        return self.df("""SELECT r.run_id, min(r.started_at) AS started_at, count(*) AS rows,
                                 sum(r.records) AS records, bool_and(r.complete) AS complete,
                                 any_value(r.commit) AS commit
                          FROM rowruns r LEFT JOIN run_order o ON o.env_id = r.env_id AND o.run_id = r.run_id
                          GROUP BY r.run_id ORDER BY min(o.run_rank) NULLS FIRST, r.run_id""")

    def audits(self) -> pd.DataFrame:
        """The newest audit of each audited record (env_id, case_id, run_id), with the audited
        record's hashes (case_hash, runner_hash, env_hash: its last line in that run), so an
        audit can be carried forward to a later record made from the same inputs (audit/carry.py)."""
        return self.df(_sql("""
            WITH a AS (SELECT * FROM audits
                       QUALIFY row_number() OVER (PARTITION BY env_id, case_id, run_id
                               ORDER BY audited_at DESC) = 1),
            h AS (SELECT env_id, case_id, run_id, {inputs} FROM records
                  WHERE case_id IS NOT NULL
                  QUALIFY row_number() OVER (PARTITION BY env_id, case_id, run_id ORDER BY line DESC) = 1)
            SELECT a.*, {h_inputs} FROM a LEFT JOIN h USING (env_id, case_id, run_id)"""))

    # ------------------------------------------------------------ incremental ----
    def _newest(self, where: str, params: list, events: bool) -> pd.DataFrame:
        sql, params = self._newest_sql(where, params, events)
        return self.df(sql, *params)

    def _newest_sql(self, where: str, params: list, events: bool) -> tuple[str, list]:
        """Per (case, env) the newest record (`flaky`: its run's records disagree), from the
        local history and the published index together (the newer run wins: runs ordered by
        when they started, as everywhere; `run_start`); with `events` also the newest
        whole-environment record per env (case_id NULL)."""
        cols = ", ".join('"%s"' % n for n in SLIM)
        sql = """
            WITH src0 AS (SELECT {cols}, CAST(NULL AS BOOLEAN) AS flaky FROM records WHERE {where}
                          UNION ALL SELECT {cols}, flaky FROM published_cells WHERE {where}),
            starts AS (SELECT env_id, run_id, min(TRY_CAST(rtrim(started_at, 'Z') AS TIMESTAMP)) AS run_start
                       FROM src0 GROUP BY env_id, run_id),
            src AS (SELECT src0.*, starts.run_start FROM src0 JOIN starts USING (env_id, run_id)),
            kinds AS (SELECT case_id, env_id, run_id, bool_or(coalesce(flaky, false)) OR {disagree} AS flaky
                      FROM src WHERE case_id IS NOT NULL GROUP BY case_id, env_id, run_id),
            cells AS (SELECT src.* EXCLUDE (flaky), kinds.flaky FROM src JOIN kinds USING (case_id, env_id, run_id)
                      QUALIFY row_number() OVER (PARTITION BY case_id, env_id
                                                 ORDER BY run_start DESC NULLS LAST, run_id DESC, line DESC) = 1)
            SELECT * FROM cells""".format(cols=cols, where=where, **_FMT)
        if events:
            sql += """ UNION ALL SELECT * FROM (SELECT src.* EXCLUDE (flaky), false AS flaky FROM src
                       WHERE case_id IS NULL
                       QUALIFY row_number() OVER (PARTITION BY env_id
                                                  ORDER BY run_start DESC NULLS LAST, run_id DESC, line DESC) = 1)"""
        return sql + " ORDER BY env_id, case_id NULLS FIRST", params * 2

    def planning_cells(self, env_id: str) -> pd.DataFrame:
        """The newest record of each case of `env_id` (SLIM columns, `flaky`, `run_start`), and
        its newest whole-environment record (case_id NULL): all that planning reads."""
        return self._newest("env_id = ?", [env_id], events=True)

    def latest_index(self) -> pd.DataFrame:
        """planning_cells of every env at once: the data branch's latest/cells.parquet."""
        return self._newest("true", [], events=True)

    def write_index(self, cells: str, rowruns: str) -> None:
        """The planning index as Parquet files: latest_index(), and every (run, row) held."""
        sql, _ = self._newest_sql("true", [], events=True)
        self.con.execute("COPY (%s) TO %s (FORMAT parquet, COMPRESSION zstd)" % (sql, _sql_str(cells)))
        self.con.execute("COPY (SELECT %s FROM rowruns " % ", ".join(PUBLISHED_ROWRUNS) +
                         "ORDER BY run_id, env_id) TO %s (FORMAT parquet, COMPRESSION zstd)" % _sql_str(rowruns))

    def fresh_cases(self, env_id: str, env_hash: str, runner_hash: str, case_hashes: dict[str, str],
                    limits: dict | None = None, artifacts: dict[str, str] | None = None,
                    stored=None) -> set[str]:
        """Case ids of `env_id` whose latest record can be reused (hashes.reusable: the same
        case code, runner, environment and limits, not a timeout or a crash), with no
        whole-environment failure after it. `limits`: the run's (default: the runner's defaults).
        A reader cell (in `artifacts`: case id -> the sha it must read) also needs that same
        artifact; a writer's cell whose artifact `stored(sha)` says is not in the store is stale.
        Works from the local history, the published index, or both."""
        artifacts = artifacts or {}
        from ..runner import options
        limits = limits if limits is not None else options.limits(options.DEFAULT_CASE_TIMEOUT_S,
                                                                   options.DEFAULT_CASE_MEMORY_MB)
        newest = self.planning_cells(env_id)
        events = newest[newest["case_id"].isna()].to_dict("records")
        after = _run_key(events[0]) if events else None     # the newest whole-environment failure
        fresh = set()
        for row in newest[newest["case_id"].notna()].to_dict("records"):
            if (after is None or _run_key(row) > after) and hashes.reusable(
                    row, case_hashes.get(row["case_id"]), runner_hash, env_hash, limits)[0]:
                artifact = row.get("artifact")
                artifact = None if artifact is None or pd.isna(artifact) else artifact
                if row["case_id"] in artifacts and artifacts[row["case_id"]] != artifact:
                    continue   # a reader: its writer saved a new artifact since
                if artifact and row["case_id"] not in artifacts and stored is not None and not stored(artifact):
                    continue   # a writer whose artifact is not in this store: save it again
                fresh.add(row["case_id"])
        return fresh

    def artifact_writers(self) -> pd.DataFrame:
        """Per (writer case, writer environment), the newest record that saved an artifact:
        case_id, env_id, run_id, artifact, case_hash, env_hash, started_at."""
        return self.df("""
            SELECT case_id, env_id, run_id, {art}, {made_from}, started_at FROM records
            WHERE {art} IS NOT NULL AND case_id IS NOT NULL AND NOT contains(case_id, '@')
            QUALIFY row_number() OVER (PARTITION BY case_id, env_id ORDER BY run_id DESC, line DESC) = 1""".format(
            art=ARTIFACT, made_from=", ".join((hashes.INPUTS[0], hashes.INPUTS[2]))))


# When each (environment, run) started: its records' first started_at (else its row run's
# ingestion time), and the order that gives (ties: the run id).
_RUN_ORDER = """
    CREATE OR REPLACE TEMP TABLE run_order AS
    SELECT env_id, run_id, start, row_number() OVER (ORDER BY start NULLS FIRST, run_id, env_id) AS run_rank
    FROM (SELECT env_id, run_id, min(ts) AS start FROM (
              SELECT env_id, run_id, TRY_CAST(rtrim(started_at, 'Z') AS TIMESTAMP) AS ts FROM records
              UNION ALL
              SELECT env_id, run_id, TRY_CAST(rtrim(coalesce(started_at, ingested_at), 'Z') AS TIMESTAMP) FROM rowruns)
          GROUP BY env_id, run_id);
    CREATE OR REPLACE TEMP VIEW ranked AS
    SELECT records.*, run_order.run_rank FROM records JOIN run_order USING (env_id, run_id);
"""


INDEX_WAIT_S = 30.0   # how long a build or a row's planning waits for another process's index update


def _index_wait_s() -> float:
    try:
        return max(0.0, float(os.environ.get(records.ENV_INDEX_WAIT, INDEX_WAIT_S)))
    except ValueError:
        return INDEX_WAIT_S


def _say(text: str) -> None:
    print("kmatrix: " + text, file=sys.stderr, flush=True)


def lock_holder(path: str) -> str:
    """Who holds the flock on `path`, as far as /proc/locks tells: 'pid N (command line)'."""
    try:
        inode = os.stat(path).st_ino
        with open("/proc/locks") as handle:
            pids = [int(f[4]) for f in (line.split() for line in handle)
                    if len(f) > 5 and f[1] == "FLOCK" and f[5].rsplit(":", 1)[-1] == str(inode)]
    except (OSError, ValueError, IndexError):
        pids = []
    if not pids:
        return "another process"
    try:
        with open("/proc/%d/cmdline" % pids[0], "rb") as handle:
            command = records.decode(handle.read()).replace("\0", " ").strip()[:160]
    except OSError:
        command = ""
    return "pid %d%s" % (pids[0], " (%s)" % command if command else "")


@contextlib.contextmanager
def _locked(path: str, say=_say, wait_s: float = INDEX_WAIT_S):
    """One process updates the index at a time. The others wait, saying for whom, at most
    `wait_s` (then yield False: read the files without the index); yields True when held."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            got = True
        except BlockingIOError:
            say("the history index (%s) is locked by %s; waiting up to %.0f s, then reading the files "
                "without it" % (path, lock_holder(path), wait_s))
            started, got = time.monotonic(), False
            while not got and time.monotonic() - started < wait_s:
                time.sleep(0.1)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    got = True
                except BlockingIOError:
                    pass
            if got:
                say("got the history index after %.0f s" % (time.monotonic() - started))
        yield got
    finally:
        os.close(fd)


def _select(columns: dict, schema: dict) -> str:
    """Our columns, typed as declared; a column none of the files has (written before it
    existed) reads as null."""
    return ", ".join(('CAST("%s" AS %s) AS "%s"' % (n, k, n)) if n in schema else
                     ('CAST(NULL AS %s) AS "%s"' % (k, n)) for n, k in columns.items())


def _mismatch(schema: dict, columns: dict) -> str:
    """Why a file's columns cannot be read as ours ('' when they can): a column of ours
    with another type. Columns we do not know (a newer writer's) are left alone."""
    wrong = ["%s is %s, not %s" % (n, schema[n], k) for n, k in columns.items() if n in schema and schema[n] != k]
    return ("column " + "; ".join(wrong)) if wrong else ""


def _sql_list(paths: list[str]) -> str:
    return "[%s]" % ", ".join(_sql_str(p) for p in paths)


def _sql_str(text: str) -> str:
    return "'%s'" % str(text).replace("'", "''")


def _run_env(path: str, suffix: str = ".records.parquet"):
    """(run id, env id) of a history file .../run=<run>/<env><suffix>; ANY for a compacted
    file (it holds many row runs: always read, the join picks the rows)."""
    folder, name = path.rsplit("/", 2)[-2:]
    if not folder.startswith("run="):
        return ANY
    return folder[len("run="):], name[:-len(suffix)]


ANY = ("*", "*")


def _run_key(row: dict) -> tuple:
    """A run's place in time: when it started (unknown: oldest), then its id (as run_order)."""
    start = row.get("run_start")
    return (0, "", row["run_id"]) if start is None or pd.isna(start) else (1, str(start), row["run_id"])


def _wanted(key, wanted) -> bool:
    return key is ANY or key in wanted


def _count_words(seen: str) -> str:
    """'ok; error ValueError; ok' -> 'ok x2, error ValueError x1'."""
    counts: dict[str, int] = {}
    for item in (seen or "").split("; "):
        counts[item] = counts.get(item, 0) + 1
    return ", ".join("%s x%d" % (k, v) for k, v in counts.items())
