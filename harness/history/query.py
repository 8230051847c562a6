"""Questions asked of the history, answered by DuckDB over the Parquet files.

Host side. Every answer is a pandas DataFrame (or plain values):

    latest_cells   the newest result of every (case, environment): what the table shows;
                   a cell whose newest run holds several records that disagree is flaky
    env_events     whole-environment records (env_error / not_run), newest per environment
    timelines      every run's result of every cell, oldest first (the report's history strips)
    rowruns        per row run: the environment it saw (env.json), its packages, timing
    audits         the newest audit of each audited record
    fresh_cases    the cells of a row whose newest result can be reused (nothing it depends on changed)
    artifact_writers  per (writer case, writer environment): the newest record that saved an artifact
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os

import duckdb
import pandas as pd

from .. import outcomes
from .ingest import AUDIT_COLUMNS, RECORD_COLUMNS, ROWRUN_COLUMNS
from .layout import ResultsSet


# What the questions about many runs need (timelines, flaky cells, planning): read once into
# memory; the large texts (tracebacks, output) are read only for the records a cell shows.
SLIM = ("case_id", "env_id", "run_id", "line", "outcome", "error_type", "started_at", "repeat",
        "case_hash", "runner_hash", "env_hash", "artifact")


INDEX = ".index.duckdb"      # a derived index of the Parquet files (rebuilt whenever in doubt)
INDEX_VERSION = 2   # 2: records carry the artifact a writer saved / a reader loaded
_TABLES = (("records", "records", {k: RECORD_COLUMNS[k] for k in SLIM}), ("rowruns", "rowrun", ROWRUN_COLUMNS),
           ("audits", "audit-*", AUDIT_COLUMNS))


class History:
    """A read-only view of one results set's history.

    The Parquet files are the history. Reading thousands of small files costs about a
    millisecond each, so what the questions need of them is kept in a derived index,
    history/.index.duckdb, that learns only the files it has not seen (or that changed):
    a build after one more run reads that run's files only. The index is never the source
    of truth: deleted, damaged or locked, it is rebuilt or bypassed from the files."""

    def __init__(self, results: ResultsSet | str, use_index: bool = True):
        self.results = results if isinstance(results, ResultsSet) else ResultsSet(results)
        self.con = duckdb.connect()
        self.problems: list[str] = []     # history files that cannot be read (skipped, named)
        folder = self.results.root.joinpath("history")
        self._files = {kind: sorted(str(p) for p in folder.glob("run=*/*.%s.parquet" % kind))
                       for _, kind, _ in _TABLES}
        loaded = False
        if use_index and folder.is_dir():
            with _locked(str(folder / ".index.lock")):
                try:
                    loaded = self._load_indexed(folder)
                except (duckdb.Error, OSError) as exc:   # a damaged index: read the files, rebuild it next time
                    self.problems.append("the history index could not be used (%s); it will be rebuilt"
                                         % str(exc)[:160])
                    for name in ("records", "rowruns", "audits"):
                        self.con.execute("DROP TABLE IF EXISTS %s" % name)
                    try:
                        os.remove(str(folder / INDEX))
                    except OSError:
                        pass
        if not loaded:
            for view, kind, columns in _TABLES:
                self._files[kind] = self._create(self.con, view, columns, self._files[kind], temp=True)

    def _create(self, con, table, columns, files, temp=False, insert=False, with_file=False):
        """Fill `table` from `files` (skipping, and naming, any that cannot be read); returns
        the files read."""
        select = ", ".join('CAST("%s" AS %s) AS "%s"' % (n, k, n) for n, k in columns.items())
        if with_file:
            select += ", filename AS _file"
        head = ("INSERT INTO %s " % table) if insert else ("CREATE %sTABLE %s AS " % ("TEMP " if temp else "", table))
        if files:
            try:
                con.execute(head + "SELECT %s FROM read_parquet(%s, union_by_name=true, filename=true)"
                            % (select, _sql_list(files)))
                return files
            except duckdb.Error:   # a damaged file: find it, name it, read the others
                files = self._readable(files)
        if files:
            con.execute(head + "SELECT %s FROM read_parquet(%s, union_by_name=true, filename=true)"
                        % (select, _sql_list(files)))
        elif not insert:
            empty = ", ".join('CAST(NULL AS %s) AS "%s"' % (k, n) for n, k in columns.items())
            con.execute(head + "SELECT %s%s WHERE false" % (empty, ", CAST(NULL AS VARCHAR) AS _file" if with_file
                                                              else ""))
        return files

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
        files = [f for f in self._files["records"] if _run_env(f) in wanted]
        select = ", ".join('"%s"' % name for name in RECORD_COLUMNS)
        self.con.register("wanted_keys", keys[["env_id", "run_id", "line"]])
        try:
            return self.df("SELECT f.* FROM (SELECT %s FROM read_parquet(%s, union_by_name=true)) f "
                           "JOIN wanted_keys USING (env_id, run_id, line)" % (select, _sql_list(files)))
        finally:
            self.con.unregister("wanted_keys")

    def _readable(self, files: list[str]) -> list[str]:
        good = []
        for path in files:
            try:
                self.con.execute("SELECT count(*) FROM read_parquet(%s)" % _sql_list([path])).fetchall()
            except duckdb.Error as exc:
                self.problems.append("%s: not a readable history file, skipped (%s)" % (path, str(exc)[:160]))
            else:
                good.append(path)
        return good

    def close(self):
        self.con.close()

    def df(self, sql: str, *params) -> pd.DataFrame:
        return self.con.execute(sql, list(params)).df()

    # ------------------------------------------------------------------ cells ----
    def latest_cells(self) -> pd.DataFrame:
        """One row per (case_id, env_id): the last record of the newest run holding that
        cell, plus `runs_n` (records in that run) and `flaky` (their outcomes differ:
        outcome becomes flaky, `flaky_counts` says how often each was seen)."""
        keys = self.df("""
            WITH r AS (SELECT * FROM records WHERE case_id IS NOT NULL),
            newest AS (SELECT case_id, env_id, max(run_id) AS run_id FROM r GROUP BY case_id, env_id),
            inrun AS (SELECT r.* FROM r JOIN newest USING (case_id, env_id, run_id)),
            stats AS (SELECT case_id, env_id, count(*) AS runs_n,
                             count(DISTINCT coalesce(outcome, '') || '|' || coalesce(error_type, '')) AS kinds,
                             string_agg(outcome || coalesce(' ' || error_type, ''), '; ' ORDER BY line) AS seen
                      FROM inrun GROUP BY case_id, env_id)
            SELECT inrun.env_id, inrun.run_id, inrun.line, stats.runs_n, stats.kinds > 1 AS flaky, stats.seen
            FROM inrun JOIN stats USING (case_id, env_id)
            QUALIFY row_number() OVER (PARTITION BY inrun.case_id, inrun.env_id ORDER BY line DESC) = 1""")
        full = self._full(keys)
        cells = full.merge(keys, on=["env_id", "run_id", "line"], how="inner") if len(full) else \
            full.assign(runs_n=None, flaky=None, seen=None)
        if len(cells):
            flaky = cells["flaky"].fillna(False).astype(bool)
            cells.loc[flaky, "reason"] = cells.loc[flaky, "runs_n"].astype(str) + " runs disagree: " + \
                cells.loc[flaky, "seen"].map(_count_words)
            cells.loc[flaky, "outcome"] = outcomes.FLAKY
        return cells

    def env_events(self) -> pd.DataFrame:
        """The newest whole-environment record (env_error / not_run) of each environment."""
        return self._full(self.df("""
            SELECT env_id, run_id, line FROM records WHERE case_id IS NULL
            QUALIFY row_number() OVER (PARTITION BY env_id ORDER BY run_id DESC, line DESC) = 1"""))

    def timelines(self) -> pd.DataFrame:
        """Per (case_id, env_id, run_id), oldest run first: the run's outcome (flaky when its
        records disagree), error type, when."""
        return self.df("""
            SELECT case_id, env_id, run_id, min(started_at) AS started_at,
                   CASE WHEN count(DISTINCT coalesce(outcome, '') || '|' || coalesce(error_type, '')) > 1
                        THEN 'flaky' ELSE arg_max(outcome, line) END AS outcome,
                   arg_max(error_type, line) AS error_type, count(*) AS n
            FROM records WHERE case_id IS NOT NULL
            GROUP BY case_id, env_id, run_id ORDER BY case_id, env_id, run_id""")

    def timeline_lists(self) -> dict:
        """timelines() as plain lists: (case_id, env_id) -> [(run_id, outcome, error_type), ...]
        oldest first (what the page draws; no DataFrame of every run of every cell)."""
        rows = self.con.execute("""
            WITH t AS (SELECT case_id, env_id, run_id,
                              CASE WHEN count(DISTINCT coalesce(outcome, '') || '|' || coalesce(error_type, '')) > 1
                                   THEN 'flaky' ELSE arg_max(outcome, line) END AS outcome,
                              arg_max(error_type, line) AS error_type
                       FROM records WHERE case_id IS NOT NULL GROUP BY case_id, env_id, run_id)
            SELECT case_id, env_id, list(run_id ORDER BY run_id), list(outcome ORDER BY run_id),
                   list(error_type ORDER BY run_id)
            FROM t GROUP BY case_id, env_id""").fetchall()
        return {(c, e): list(zip(r, o, t)) for c, e, r, o, t in rows}

    def changes(self) -> pd.DataFrame:
        """Every cell whose result (outcome, error type) differs from its previous run's,
        newest first: case_id, env_id, run_before, run_after, started_at, was, becomes, and
        for each of case / runner / env: whether its hash differs between the two runs
        (True / False; None when either record lacks it): what changed, if anything."""
        return self.df("""
            WITH t AS (SELECT case_id, env_id, run_id, min(started_at) AS started_at,
                              CASE WHEN count(DISTINCT coalesce(outcome, '') || '|' || coalesce(error_type, '')) > 1
                                   THEN 'flaky' ELSE arg_max(outcome, line) END
                              || coalesce(' (' || arg_max(error_type, line) || ')', '') AS sig,
                              arg_max(case_hash, line) AS case_hash, arg_max(runner_hash, line) AS runner_hash,
                              arg_max(env_hash, line) AS env_hash
                       FROM records WHERE case_id IS NOT NULL GROUP BY case_id, env_id, run_id),
                 w AS (SELECT *, lag(run_id) OVER p AS run_before, lag(sig) OVER p AS was,
                              lag(case_hash) OVER p AS case_before, lag(runner_hash) OVER p AS runner_before,
                              lag(env_hash) OVER p AS env_before
                       FROM t WINDOW p AS (PARTITION BY case_id, env_id ORDER BY run_id))
            SELECT case_id, env_id, run_before, run_id AS run_after, started_at, was, sig AS becomes,
                   case_before != case_hash AS case_changed, runner_before != runner_hash AS runner_changed,
                   env_before != env_hash AS env_changed
            FROM w WHERE run_before IS NOT NULL AND was != sig
            ORDER BY run_after DESC, case_id DESC, env_id DESC""")

    def package_versions(self, pairs) -> dict:
        """(run_id, env_id) -> {package: version} from those row runs' env.json (read only for them)."""
        wanted = set(pairs)
        if not wanted:
            return {}
        files = [f for f in self._files["rowrun"] if _run_env(f, ".rowrun.parquet") in wanted]
        found = {}
        if files:
            rows = self.con.execute("SELECT run_id, env_id, env_json FROM read_parquet(%s, union_by_name=true)"
                                    % _sql_list(files)).fetchall()
            for run_id, env_id, text in rows:
                try:
                    packages = (json.loads(text) or {}).get("packages") if text else None
                except ValueError:
                    packages = None
                found[(run_id, env_id)] = packages if isinstance(packages, dict) else {}
        return found

    def env_timelines(self) -> pd.DataFrame:
        """Whole-environment events of every run (env_error / not_run), to place in timelines."""
        return self.df("""SELECT env_id, run_id, min(started_at) AS started_at, arg_max(outcome, line) AS outcome
                          FROM records WHERE case_id IS NULL GROUP BY env_id, run_id""")

    # ------------------------------------------------------------ environments ----
    def rowruns(self) -> pd.DataFrame:
        """Every ingested row run (newest first)."""
        return self.df("SELECT * FROM rowruns ORDER BY run_id DESC, env_id")

    def latest_rowruns(self) -> pd.DataFrame:
        """Per environment, its newest row run that saw the environment (env.json present),
        else its newest row run at all."""
        return self.df("""SELECT * FROM rowruns
                          QUALIFY row_number() OVER (PARTITION BY env_id
                                  ORDER BY env_json IS NOT NULL DESC, run_id DESC) = 1""")

    def runs(self) -> pd.DataFrame:
        """One line per run id: when, which rows, how many records, complete or not."""
        return self.df("""SELECT run_id, min(started_at) AS started_at, count(*) AS rows,
                                 sum(records) AS records, bool_and(complete) AS complete,
                                 any_value(commit) AS commit
                          FROM rowruns GROUP BY run_id ORDER BY run_id""")

    def audits(self) -> pd.DataFrame:
        """The newest audit of each audited record (env_id, case_id, run_id)."""
        return self.df("""SELECT * FROM audits
                          QUALIFY row_number() OVER (PARTITION BY env_id, case_id, run_id
                                  ORDER BY audited_at DESC) = 1""")

    # ------------------------------------------------------------ incremental ----
    def fresh_cases(self, env_id: str, env_hash: str, runner_hash: str, case_hashes: dict[str, str],
                    artifacts: dict[str, str] | None = None, stored=None) -> set[str]:
        """Case ids of `env_id` whose newest result was produced by the same case code,
        runner and environment, with no whole-environment failure after it. A reader cell
        (in `artifacts`: case id -> the sha it must read) also needs that same artifact; a
        writer's cell whose artifact `stored(sha)` says is not in the store is stale."""
        artifacts = artifacts or {}
        newest = self.df("""
            SELECT case_id, run_id, case_hash, runner_hash, env_hash, artifact FROM records
            WHERE env_id = ? AND case_id IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY run_id DESC, line DESC) = 1""", env_id)
        event = self.df("SELECT max(run_id) AS run_id FROM records WHERE env_id = ? AND case_id IS NULL", env_id)
        after = event["run_id"].iloc[0] if len(event) else None
        fresh = set()
        for row in newest.itertuples(index=False):
            if (case_hashes.get(row.case_id) == row.case_hash and row.runner_hash == runner_hash
                    and row.env_hash == env_hash and (after is None or pd.isna(after) or row.run_id > after)):
                artifact = None if row.artifact is None or pd.isna(row.artifact) else row.artifact
                if row.case_id in artifacts and artifacts[row.case_id] != artifact:
                    continue   # a reader: its writer saved a new artifact since
                if artifact and row.case_id not in artifacts and stored is not None and not stored(artifact):
                    continue   # a writer whose artifact is not in this store: save it again
                fresh.add(row.case_id)
        return fresh

    def artifact_writers(self) -> pd.DataFrame:
        """Per (writer case, writer environment), the newest record that saved an artifact:
        case_id, env_id, run_id, artifact, case_hash, env_hash, started_at."""
        return self.df("""
            SELECT case_id, env_id, run_id, artifact, case_hash, env_hash, started_at FROM records
            WHERE artifact IS NOT NULL AND case_id IS NOT NULL AND NOT contains(case_id, '@')
            QUALIFY row_number() OVER (PARTITION BY case_id, env_id ORDER BY run_id DESC, line DESC) = 1""")


@contextlib.contextmanager
def _locked(path: str):
    """One process updates the index at a time (the others wait a moment, then read it)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _sql_list(paths: list[str]) -> str:
    return "[%s]" % ", ".join("'%s'" % p.replace("'", "''") for p in paths)


def _run_env(path: str, suffix: str = ".records.parquet") -> tuple[str, str]:
    """(run id, env id) of a history file .../run=<run>/<env><suffix>."""
    folder, name = path.rsplit("/", 2)[-2:]
    return folder[len("run="):], name[:-len(suffix)]


def _count_words(seen: str) -> str:
    """'ok; error ValueError; ok' -> 'ok x2, error ValueError x1'."""
    counts: dict[str, int] = {}
    for item in (seen or "").split("; "):
        counts[item] = counts.get(item, 0) + 1
    return ", ".join("%s x%d" % (k, v) for k, v in counts.items())
