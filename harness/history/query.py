"""Questions asked of the history, answered by DuckDB over the Parquet files.

Host side. Every answer is a pandas DataFrame (or plain values):

    latest_cells   the newest result of every (case, environment): what the table shows;
                   a cell whose newest run holds several records that disagree is flaky
    env_events     whole-environment records (env_error / not_run), newest per environment
    timelines      every run's result of every cell, oldest first (the report's history strips)
    rowruns        per row run: the environment it saw (env.json), its packages, timing
    audits         the newest audit of each audited record
    fresh_cases    the cells of a row whose newest result can be reused (nothing it depends on changed)
"""
from __future__ import annotations

import duckdb
import pandas as pd

from .. import outcomes
from .ingest import AUDIT_COLUMNS, RECORD_COLUMNS, ROWRUN_COLUMNS
from .layout import ResultsSet


# What the questions about many runs need (timelines, flaky cells, planning): read once into
# memory; the large texts (tracebacks, output) are read only for the records a cell shows.
SLIM = ("case_id", "env_id", "run_id", "line", "outcome", "error_type", "started_at", "repeat",
        "case_hash", "runner_hash", "env_hash")


class History:
    """A read-only view of one results set's history."""

    def __init__(self, results: ResultsSet | str):
        self.results = results if isinstance(results, ResultsSet) else ResultsSet(results)
        self.con = duckdb.connect()
        self._files = {}
        self.problems: list[str] = []     # history files that cannot be read (skipped, named)
        for view, kind, columns in (("records", "records", {k: RECORD_COLUMNS[k] for k in SLIM}),
                                    ("rowruns", "rowrun", ROWRUN_COLUMNS), ("audits", "audit-*", AUDIT_COLUMNS)):
            self._files[kind] = sorted(str(p) for p in self.results.root.joinpath("history").glob(
                "run=*/*.%s.parquet" % kind))
            select = ", ".join('"%s"' % name for name in columns)
            sql = "CREATE TEMP TABLE %s AS SELECT %s FROM read_parquet(%%s, union_by_name=true)" % (view, select)
            if self._files[kind]:
                try:
                    self.con.execute(sql % _sql_list(self._files[kind]))
                except duckdb.Error:   # a damaged file: find it, name it, read the others
                    self._files[kind] = self._readable(self._files[kind])
            if self._files[kind]:
                self.con.execute("CREATE TEMP TABLE IF NOT EXISTS %s AS SELECT %s FROM read_parquet(%s, "
                                 "union_by_name=true)" % (view, select, _sql_list(self._files[kind])))
            else:
                cols = ", ".join('CAST(NULL AS %s) AS "%s"' % (kind_, name) for name, kind_ in columns.items())
                self.con.execute("CREATE TEMP TABLE %s AS SELECT %s WHERE false" % (view, cols))

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
    def fresh_cases(self, env_id: str, env_hash: str, runner_hash: str, case_hashes: dict[str, str]) -> set[str]:
        """Case ids of `env_id` whose newest result was produced by the same case code,
        runner and environment, with no whole-environment failure after it."""
        newest = self.df("""
            SELECT case_id, run_id, case_hash, runner_hash, env_hash FROM records
            WHERE env_id = ? AND case_id IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY case_id ORDER BY run_id DESC, line DESC) = 1""", env_id)
        event = self.df("SELECT max(run_id) AS run_id FROM records WHERE env_id = ? AND case_id IS NULL", env_id)
        after = event["run_id"].iloc[0] if len(event) else None
        fresh = set()
        for row in newest.itertuples(index=False):
            if (case_hashes.get(row.case_id) == row.case_hash and row.runner_hash == runner_hash
                    and row.env_hash == env_hash and (after is None or pd.isna(after) or row.run_id > after)):
                fresh.add(row.case_id)
        return fresh


def _sql_list(paths: list[str]) -> str:
    return "[%s]" % ", ".join("'%s'" % p.replace("'", "''") for p in paths)


def _run_env(path: str) -> tuple[str, str]:
    """(run id, env id) of a history file .../run=<run>/<env>.records.parquet."""
    folder, name = path.rsplit("/", 2)[-2:]
    return folder[len("run="):], name[:-len(".records.parquet")]


def _count_words(seen: str) -> str:
    """'ok; error ValueError; ok' -> 'ok x2, error ValueError x1'."""
    counts: dict[str, int] = {}
    for item in (seen or "").split("; "):
        counts[item] = counts.get(item, 0) + 1
    return ", ".join("%s x%d" % (k, v) for k, v in counts.items())
