"""What the table says: claim verdicts per case, outcome counts per environment,
and where outcomes change along the version axis."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from harness import claims, outcomes

from .columns import Column, short_version
from .table import Row, Table, present

# Outcomes that say nothing about the case itself: skipped when looking for transitions.
_NOT_ABOUT_THE_CASE = (outcomes.ENV_ERROR, outcomes.NOT_RUN)


@dataclass
class ClaimVerdict:
    row: Row
    envs: dict[str, list[str]]          # verdict -> env ids, in column order
    why: dict[str, str]                 # env id -> why it is refuted / inconclusive

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.envs.values())

    def sentence(self) -> str:
        """'seed 004 claims "grad_1 is None" (ex3_tape_as_written): refuted in 5/6, inconclusive in 1/6'"""
        parts = [f"{verdict} in {len(self.envs[verdict])}/{self.total}"
                 for verdict in (claims.HOLDS, claims.REFUTED, claims.INCONCLUSIVE) if self.envs.get(verdict)]
        return (f"{self.row.source_label} claims \"{self.row.claim['text']}\" ({self.row.variant}): "
                + ", ".join(parts))


def claim_verdicts(table: Table) -> list[ClaimVerdict]:
    verdicts = []
    env_ids = [c.env_id for c in table.columns]
    by_case = table.cells[["verdict", "why"]]
    for row in table.rows:
        if not row.claim:
            continue
        cells = by_case.loc[row.case_id].reindex(env_ids)
        envs: dict[str, list[str]] = {}
        why = {}
        for env_id, verdict, reason in zip(env_ids, cells["verdict"], cells["why"]):
            if verdict == claims.NO_CLAIM:
                continue
            envs.setdefault(verdict, []).append(env_id)
            if reason:
                why[env_id] = reason
        if envs:
            verdicts.append(ClaimVerdict(row, envs, why))
    return verdicts


def env_summary(table: Table) -> pd.DataFrame:
    """Counts per outcome (every outcome of harness.outcomes.OUTCOMES) per environment."""
    counts = table.cells.groupby(level="env_id")["outcome"].value_counts().unstack(fill_value=0)
    counts = counts.reindex(index=[c.env_id for c in table.columns], columns=list(outcomes.OUTCOMES),
                            fill_value=0)
    counts["total"] = counts.sum(axis=1)
    return counts.astype(int)


def signature(cell: dict) -> str:
    """What a cell says, compactly: 'ok', 'error (ValueError: A KerasTensor cannot...)'."""
    outcome = cell["outcome"]
    error_type = present(cell.get("error_type"))
    if error_type:
        message = present(cell.get("error_message")) or ""
        message = message if len(message) <= 60 else message[:57] + "..."
        return f"{outcome} ({error_type}: {message})" if message else f"{outcome} ({error_type})"
    if outcome == outcomes.GRAD_DROPPED and present(cell.get("reason")):
        return f"{outcome} ({cell['reason']})"
    return outcome


@dataclass
class Segment:
    signature: str
    columns: list[Column] = field(default_factory=list)


@dataclass
class Transition:
    case_id: str
    line: str                    # the Keras flavour line, e.g. "keras3 cpu"
    before: Column
    after: Column
    was: str                     # signatures
    becomes: str


def flavour_line(column: Column) -> str:
    """'keras3', 'keras3 cuda', 'keras3 jax': Keras 3 on JAX or PyTorch is a line of its
    own, so those rows do not interrupt the TensorFlow-backed keras3 line."""
    line = column.flavour or "?"
    if column.backend and column.backend != "tensorflow":
        line += f" {column.backend}"
    return line + ("" if column.device in (None, "cpu") else f" {column.device}")


def _segments(columns: list[Column], cells: dict[str, dict]) -> list[Segment]:
    segments: list[Segment] = []
    for column in columns:
        cell = cells[column.env_id]
        if cell["outcome"] in _NOT_ABOUT_THE_CASE:
            continue
        sig = signature(cell)
        if segments and segments[-1].signature == sig:
            segments[-1].columns.append(column)
        else:
            segments.append(Segment(sig, [column]))
    return segments


def _name(column: Column, line: list[Column]) -> str:
    """'TF 2.16'; 'the jax backend' for a row without TensorFlow; plus the Keras or
    Python version where the line has several columns with that name."""
    name = column.tf_short if column.tensorflow else f"the {column.backend or '?'} backend"
    same = [c for c in line if (c.tf_short if c.tensorflow else c.backend) ==
            (column.tf_short if column.tensorflow else column.backend)]
    if len({c.keras for c in same}) > 1:
        name += f" keras {column.keras}"
    elif len(same) > 1:
        name += f" py{short_version(column.python)}"
    return name


def _describe_line(segments: list[Segment], line: list[Column]) -> str:
    """'ok up to TF 2.15; error (ValueError: ...) from TF 2.16'."""
    if len(segments) == 1:
        return f"{segments[0].signature} in all {len(segments[0].columns)}"
    parts = []
    for i, seg in enumerate(segments):
        first, last = _name(seg.columns[0], line), _name(seg.columns[-1], line)
        if i == 0:
            parts.append(f"{seg.signature} up to {last}")
        elif i == len(segments) - 1:
            parts.append(f"{seg.signature} from {first}")
        elif first == last:
            parts.append(f"{seg.signature} in {first}")
        else:
            parts.append(f"{seg.signature} from {first} to {last}")
    return "; ".join(parts)


@dataclass
class CaseHistory:
    row: Row
    lines: dict[str, str]                 # flavour line -> sentence
    transitions: list[Transition]

    def sentence(self) -> str:
        return " | ".join(f"{line}: {text}" for line, text in self.lines.items())


def transitions(table: Table) -> list[CaseHistory]:
    """For every case whose outcome changes along some flavour line, where it changes.

    Environments of one flavour line (same Keras flavour and device) are taken
    in column order (TensorFlow version, then Python); env_error / not_run cells
    are skipped since they say nothing about the case.
    """
    lines: dict[str, list[Column]] = {}
    for column in table.columns:
        lines.setdefault(flavour_line(column), []).append(column)
    fields = ["outcome", "error_type", "error_message", "reason"]
    histories = []
    for row in table.rows:
        cells = table.cells.loc[row.case_id, fields]
        cell_of = {env_id: dict(zip(fields, values)) for env_id, values in
                   zip(cells.index, cells.itertuples(index=False, name=None))}
        described, found, signatures = {}, [], set()
        for line, columns in lines.items():
            segments = _segments(columns, cell_of)
            if not segments:
                continue
            described[line] = _describe_line(segments, columns)
            signatures.update(seg.signature for seg in segments)
            for before, after in zip(segments, segments[1:]):
                found.append(Transition(row.case_id, line, before.columns[-1], after.columns[0],
                                        before.signature, after.signature))
        # Listed when the outcome changes along a line, or differs between lines.
        if found or len(signatures) > 1:
            histories.append(CaseHistory(row, described, found))
    return histories
