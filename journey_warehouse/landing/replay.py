"""Replay quarantined rows once their cause is fixed (a setting, an allowed code, the window).

The quarantine keeps each parsed row's fields as a JSON object. ``replay`` checks the open
quarantined rows of a dataset (optionally of one reason or file) against today's contract and
settings, writes those that pass now as a new file in the dataset's format and loads it like
any landing file. Each replayed row is marked with the replay file's hash (never replayed
twice); the rows that still fail stay open where they are, so counts add up per file.

Not replayed: lines the parser could not read (the sender must re-deliver them), rows cut at
the quarantine's text limit, re-deliveries and duplicates (replaying cannot change them), and
CRM snapshots (a corrected extract is delivered as a new snapshot: a replay is not a full
extract and would apply at the wrong extract time).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from .contract import DATASETS, Dataset
from .loader import FileResult, Rules, check_json_lines, ensure_schema, load_file
from .sql import literal, q

# reasons a replay cannot change: the row is loaded already, or its key is
NOT_REPLAYABLE_REASONS = ("already_loaded", "superseded_snapshot", "duplicate_key")
# json functions only ever see valid JSON: DuckDB may evaluate them before a filter
DOCUMENT = "case when json_valid(raw_text) then raw_text else '[]' end"
IS_OBJECT = f"json_type({DOCUMENT}) = 'OBJECT'"


class ReplayError(ValueError):
    """The replay asked for cannot be done; the message says why."""


@dataclass
class ReplayResult:
    dataset: str
    rows_checked: int = 0  # open quarantined rows that could be replayed
    rows_not_replayable: int = 0  # lines the parser could not read, cut text
    still_failing: dict[str, int] = field(default_factory=dict)  # reason -> rows
    file: FileResult | None = None

    def as_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            "rows_checked": self.rows_checked,
            "rows_loaded": self.file.rows_loaded if self.file else 0,
            "rows_still_failing": sum(self.still_failing.values()),
            "still_failing_by_reason": self.still_failing,
            "rows_not_replayable": self.rows_not_replayable,
            "replay_file": self.file.file_name if self.file else None,
        }


def _open_rows(dataset: str, reason: str | None, file_name: str | None) -> str:
    where = [
        "_replayed_into is null",
        "_line_number is not null",
        "reason_code not in (" + ", ".join(map(literal, NOT_REPLAYABLE_REASONS)) + ")",
    ]
    if reason:
        where.append(f"reason_code = {literal(reason)}")
    if file_name:
        where.append(f"_file_name = {literal(file_name)}")
    return f"from raw.quarantine_{dataset} where {' and '.join(where)}"


def _passing(con, dataset: Dataset, candidates: Path) -> None:
    """``_replay`` (line_number, reason_code) of each candidate under today's rules."""
    check_json_lines(con, dataset, candidates, Rules.from_env(), datetime.now(UTC))
    con.execute("create or replace temp table _replay as select line_number, reason_code "
                "from _checked")  # fmt: skip


def replay(
    con: duckdb.DuckDBPyConnection,
    dataset_name: str,
    reason: str | None = None,
    file_name: str | None = None,
) -> ReplayResult:
    if dataset_name not in DATASETS:
        raise ReplayError(f"no dataset {dataset_name!r}: one of {', '.join(DATASETS)}")
    dataset = DATASETS[dataset_name]
    if dataset.mode == "snapshot":
        raise ReplayError(
            f"{dataset_name} is a CRM snapshot: deliver a corrected extract as a new file instead"
        )
    ensure_schema(con)
    result = ReplayResult(dataset_name)
    rows = _open_rows(dataset_name, reason, file_name)
    result.rows_not_replayable = con.execute(
        f"select count(*) {rows} and not {IS_OBJECT}"
    ).fetchone()[0]
    con.execute(
        f"""create or replace temp table _candidates as
        select row_number() over (order by _quarantined_at, _file_name, _line_number) as line,
               raw_text, _file_hash, _line_number
        {rows} and {IS_OBJECT}"""
    )
    result.rows_checked = con.execute("select count(*) from _candidates").fetchone()[0]
    if not result.rows_checked:
        return result
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    csv = any(p.endswith(".csv") for p in dataset.patterns)
    with tempfile.TemporaryDirectory(prefix="jw-replay-") as folder:
        candidates = Path(folder) / "candidates.jsonl"
        texts = con.execute("select raw_text from _candidates order by line").fetchall()
        candidates.write_text("".join(f"{text}\n" for (text,) in texts), encoding="utf-8")
        _passing(con, dataset, candidates)
        result.still_failing = dict(con.execute(
            "select reason_code, count(*) from _replay where reason_code is not null "
            "group by 1 order by 1"
        ).fetchall())  # fmt: skip
        passing = (
            "from _candidates join _replay on _candidates.line = _replay.line_number "
            "where _replay.reason_code is null"
        )
        if not con.execute(f"select count(*) {passing}").fetchone()[0]:
            return result
        path = Path(folder) / f"{dataset_name}_replay_{stamp}.{'csv' if csv else 'jsonl'}"
        if csv:
            fields = ", ".join(
                f"raw_text::json->>{literal(c.name)} as {q(c.name)}" for c in dataset.columns
            )
            query = f"select {fields} {passing} order by line"
            con.execute(f"copy ({query}) to {literal(str(path))} (header, delimiter ',')")
        else:  # JSON lines: the quarantined objects as they arrived
            texts = con.execute(f"select raw_text {passing} order by line").fetchall()
            path.write_text("".join(f"{text}\n" for (text,) in texts), encoding="utf-8")
        result.file = load_file(con, dataset, path, batch_id=f"replay-{stamp}")
    if result.file.status != "loaded":
        raise ReplayError(f"the replay file was not loaded: {result.file.status} "
                          f"{result.file.reason_code or ''} {result.file.error or ''}".strip())  # fmt: skip
    con.execute(
        f"""update raw.quarantine_{dataset_name} as quarantined
        set _replayed_into = $1
        from (select _file_hash, _line_number {passing}) as replayed
        where quarantined._file_hash = replayed._file_hash
          and quarantined._line_number = replayed._line_number
          and quarantined._replayed_into is null""",
        [result.file.file_hash],
    )
    return result
