"""Load landing files into typed ``raw.*`` tables, quarantining every row that breaks the contract.

Guarantees, per file:
- idempotent: the file's sha256 is the key of ``raw.load_ledger``; a file already there is skipped;
- atomic: rows, quarantine rows and the ledger entry commit in one transaction;
- complete: ``rows_read = rows_loaded + rows_quarantined`` or the transaction is rolled back.
All parsing and validation is vectorised SQL inside DuckDB; Python only walks files.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import tempfile
import time
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from .contract import DATASETS, Dataset
from .sql import (
    LEDGER_DDL,
    literal,
    q,
    quarantine_table_ddl,
    raw_table_ddl,
    reason_case,
    typed,
)

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 1024 * 1024  # longer records are quarantined as line_too_long
QUARANTINE_TEXT_CHARS = 65536  # raw text kept per quarantined row
CHUNK = 8 * 1024 * 1024


class UnreadableFile(ValueError):
    """The file cannot be what its name says (e.g. binary content in a .csv)."""


# errors that mean "this file is unreadable", as opposed to bugs, which must propagate
FILE_PROBLEMS = (
    UnreadableFile,
    duckdb.IOException,
    duckdb.InvalidInputException,
    duckdb.ConversionException,
    UnicodeError,
    OSError,
)


class LandingDirMissing(FileNotFoundError):
    """The landing folder does not exist: a wrong JW_LANDING_DIR or an unmounted share, which
    must not pass as "no new files"."""

    def __init__(self, landing_dir: Path) -> None:
        super().__init__(
            f"landing folder {landing_dir} does not exist "
            "(JW_LANDING_DIR names the folder the nightly files arrive in)"
        )


class ReconciliationError(RuntimeError):
    """Rows read did not equal rows loaded plus rows quarantined."""


@dataclass
class FileResult:
    file_name: str
    dataset: str
    file_hash: str
    status: str  # loaded | empty | rejected | skipped
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    source_encoding: str | None = None
    unknown_columns: list[str] = field(default_factory=list)
    missing_optional_columns: list[str] = field(default_factory=list)
    error: str | None = None
    duration_ms: int = 0
    batch_id: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    con.execute(LEDGER_DDL)
    con.execute("alter table raw.load_ledger add column if not exists load_batch_id varchar")
    for dataset in DATASETS.values():
        con.execute(raw_table_ddl(dataset))
        con.execute(quarantine_table_ddl(dataset))


def discover(landing_dir: Path, dataset: Dataset) -> list[Path]:
    """Files of one dataset, oldest name first so that nightly files load in order."""
    found: set[Path] = set()
    for pattern in dataset.patterns:
        found.update(p for p in landing_dir.rglob(pattern) if p.is_file())
    return sorted(found, key=lambda p: (p.name, str(p)))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _as_utf8(path: Path, workdir: Path) -> tuple[Path, str]:
    """Text files must be UTF-8; a non-UTF-8 file is read as Windows-1252 (a superset of Latin-1
    for printable text, which is what legacy exports use) and recorded as such in the ledger."""
    with path.open("rb") as handle:
        if b"\x00" in handle.read(65536):
            raise UnreadableFile(f"{path.name}: binary content (NUL bytes) in a text file")
    if _is_utf8(path):
        return path, "utf-8"
    target = workdir / (path.name + ".utf8")
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        reader = io.TextIOWrapper(src, encoding="cp1252", errors="replace", newline="")
        while chunk := reader.read(CHUNK):
            dst.write(chunk)
    return target, "cp1252"


def _csv_header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", newline="", errors="replace") as handle:
        first = handle.readline(MAX_LINE_BYTES)
    return next(csv.reader([first]), []) if first.strip() else []


def _parquet_columns(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, str]:
    rows = con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()
    return {name: col_type for name, col_type, *_ in rows}


def _value_sql(name: str, present: dict[str, str]) -> str:
    """A source column as VARCHAR (nested Parquet values as JSON text), or NULL if absent."""
    if name not in present:
        return "null::varchar"
    col_type = present[name].upper()
    if col_type == "VARCHAR":
        return q(name)
    if col_type.startswith(("STRUCT", "MAP")) or col_type.endswith("]"):
        return f"to_json({q(name)})::varchar"
    return f"cast({q(name)} as varchar)"


def _stage_jsonl(con, path: Path, dataset: Dataset) -> None:
    fields = []
    for c in dataset.columns:
        getter = "json_extract" if c.kind == "json" else "json_extract_string"
        fields.append(f"{getter}(doc, {literal('$.' + c.name)})::varchar as v_{c.name}")
    con.execute(
        f"""
        create or replace temp table _stage as
        with lines as (
            select generate_subscripts(parts, 1) as line_number, unnest(parts) as raw_text
            from (select string_split(content, chr(10)) as parts from read_text(?))
        ),
        cleaned as (
            select
                line_number,
                regexp_replace(
                    case when line_number = 1 then ltrim(raw_text, chr(65279)) else raw_text end,
                    '\\r$', ''
                ) as raw_text
            from lines
        ),
        parsed as (
            select
                line_number,
                raw_text,
                strlen(raw_text) > {MAX_LINE_BYTES} as is_long,
                case
                    when json_valid(raw_text) then json_type(raw_text) = 'OBJECT' else false
                end as is_object
            from cleaned
            where trim(raw_text) <> ''
        ),
        -- json functions only ever see valid objects: DuckDB may evaluate both branches of a case
        documents as (
            select *, case when is_object and not is_long then raw_text else '{{}}' end as doc
            from parsed
        )
        select line_number, raw_text, not is_object as is_malformed, {", ".join(fields)}
        from documents
        """,
        [str(path)],
    )


def _stage_parquet(con, path: Path, dataset: Dataset, present: dict[str, str]) -> None:
    values = ", ".join(f"{_value_sql(c.name, present)} as v_{c.name}" for c in dataset.columns)
    con.execute(
        f"""
        create or replace temp table _stage as
        select file_row_number + 1 as line_number, null::varchar as raw_text,
               false as is_malformed, {values}
        from read_parquet(?, file_row_number = true)
        """,
        [str(path)],
    )


def _stage_csv(con, path: Path, dataset: Dataset, header: list[str]) -> int:
    """Stage parsed CSV rows; rows the parser rejects go straight to quarantine. Returns their count.

    Line numbers of parsed rows are exact unless a quoted field spans several lines.
    """
    columns = "{" + ", ".join(f"{literal(h)}: 'varchar'" for h in header) + "}"
    con.execute("drop table if exists _csv_rejects")
    con.execute("drop table if exists _csv_scans")
    con.execute(
        f"""
        create or replace temp table _csv as
        select * from read_csv(
            ?, header = true, auto_detect = false, columns = {columns},
            delim = ',', quote = '"', escape = '"', max_line_size = {MAX_LINE_BYTES * 2},
            store_rejects = true, rejects_table = '_csv_rejects', rejects_scan = '_csv_scans'
        )""",
        [str(path)],
    )
    con.execute(
        "create or replace temp table _rejected as "
        "select line, min(csv_line) as csv_line from _csv_rejects group by line"
    )
    values = ", ".join(
        f"{q(c.name) if c.name in header else 'null::varchar'} as v_{c.name}"
        for c in dataset.columns
    )
    # physical line of the n-th parsed row = n-th line after the header that was not rejected
    con.execute(
        f"""
        create or replace temp table _stage as
        with parsed as (select row_number() over (order by rowid) as ordinal, * from _csv),
        good_lines as (
            select row_number() over (order by line) as ordinal, line
            from (select unnest(range(2, (select count(*) from _csv)
                                         + (select count(*) from _rejected) + 2)) as line)
            where line not in (select line from _rejected)
        )
        select good_lines.line as line_number, null::varchar as raw_text,
               false as is_malformed, {values}
        from parsed left join good_lines using (ordinal)
        """
    )
    return con.execute("select count(*) from _rejected").fetchone()[0]


def _lineage(file_name: str, file_hash: str) -> str:
    return f"{literal(file_name)}, {literal(file_hash)}"


def load_file(
    con: duckdb.DuckDBPyConnection,
    dataset: Dataset,
    path: Path,
    as_of: datetime | None = None,
    batch_id: str | None = None,
) -> FileResult:
    """Load one file in one transaction. Whole-file problems end as a ``rejected`` ledger entry."""
    started = time.monotonic()
    file_hash = file_sha256(path)
    result = FileResult(path.name, dataset.name, file_hash, "loaded", batch_id=batch_id)
    if con.execute("select 1 from raw.load_ledger where file_hash = ?", [file_hash]).fetchone():
        result.status = "skipped"
        return result
    as_of = as_of or datetime.now(UTC)
    try:
        with tempfile.TemporaryDirectory() as workdir:
            con.execute("begin transaction")
            _load_rows(con, dataset, path, Path(workdir), result, as_of)
            _write_ledger(con, path, result, started)
            con.execute("commit")
    except FILE_PROBLEMS as exc:
        con.execute("rollback")
        log.warning("rejected %s: %s", path.name, exc)
        result = FileResult(
            path.name, dataset.name, file_hash, "rejected", error=str(exc)[:2000],
            batch_id=batch_id,
        )  # fmt: skip
        con.execute("begin transaction")
        con.execute(
            f"insert into raw.quarantine_{dataset.name} values "
            f"('unreadable_file', null, {_lineage(path.name, file_hash)}, null, ?, now())",
            [result.error],
        )
        _write_ledger(con, path, result, started)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    else:  # one line per file, so a long load shows progress
        log.log(
            logging.WARNING if result.status == "rejected" else logging.INFO,
            "%s %s: %s, %d read, %d loaded, %d quarantined (%d ms)", dataset.name, path.name,
            result.status, result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.duration_ms,
        )  # fmt: skip
    return result


def _load_rows(con, dataset: Dataset, path: Path, workdir: Path, result: FileResult, as_of) -> None:
    suffix = path.suffix.lower()
    rejected_by_parser = 0
    if path.stat().st_size == 0:
        result.status = "empty"
        return
    if suffix == ".parquet":
        present = _parquet_columns(con, path)
        _stage_parquet(con, path, dataset, present)
        header = list(present)
    else:
        text_path, result.source_encoding = _as_utf8(path, workdir)
        if suffix == ".csv":
            header = _csv_header(text_path)
            if not header:
                result.status = "empty"
                return
            rejected_by_parser = _stage_csv(con, text_path, dataset, header)
        else:
            _stage_jsonl(con, text_path, dataset)
            header = _jsonl_keys(con)
    result.unknown_columns = sorted(set(header) - set(dataset.names))
    result.missing_optional_columns = [
        c.name for c in dataset.columns if not c.required and c.name not in header
    ]
    missing_required = [c for c in dataset.required if c not in header]
    if suffix != ".jsonl" and missing_required:
        # the file cannot satisfy the contract: every row goes to quarantine with one clear reason
        result.status = "rejected"
        result.error = "missing required column(s): " + ", ".join(missing_required)
        reason = ("'missing_required_column'", literal(",".join(missing_required)))
    else:
        reason = reason_case(dataset, MAX_LINE_BYTES)
    _validate(con, dataset, reason, as_of)
    _insert(con, dataset, result)
    if rejected_by_parser:
        con.execute(
            f"""insert into raw.quarantine_{dataset.name}
            select 'malformed_record', null, {_lineage(result.file_name, result.file_hash)}, line,
                   left(csv_line, {QUARANTINE_TEXT_CHARS}), now()
            from _rejected"""
        )
    result.rows_read += rejected_by_parser
    result.rows_quarantined += rejected_by_parser
    if result.rows_read == 0:
        result.status = "empty"
    if result.rows_read != result.rows_loaded + result.rows_quarantined:
        raise ReconciliationError(f"{path.name}: counts do not reconcile: {result}")


def _jsonl_keys(con) -> list[str]:
    """Distinct top-level keys over all JSON objects of the file (for the unknown-column report)."""
    rows = con.execute(
        "select distinct unnest(json_keys(case when not is_malformed and strlen(raw_text) <= "
        f"{MAX_LINE_BYTES} then raw_text else '{{}}' end)) from _stage"
    ).fetchall()
    return [r[0] for r in rows]


def _validate(con, dataset: Dataset, reason: tuple[str, str], as_of: datetime) -> None:
    code, column = reason
    key = ", ".join(typed(dataset.column(k)) for k in dataset.key)
    matches_raw = " and ".join(f"raw_row.{k} = {typed(dataset.column(k))}" for k in dataset.key)
    existing = (
        f"exists (select 1 from raw.{dataset.name} as raw_row where {matches_raw})"
        if dataset.mode == "append"
        else "false"
    )
    con.execute(
        f"""
        create or replace temp table _checked as
        with ruled as (
            select *, {code} as reason_pre, {column} as column_pre from _stage
        ),
        ranked as (
            select
                *,
                case
                    when reason_pre is null
                        then row_number() over (partition by reason_pre is null, {key}
                                                order by line_number)
                end as key_rank
            from ruled
        )
        select
            *,
            coalesce(
                reason_pre,
                case when key_rank > 1 or {existing} then 'duplicate_key' end
            ) as reason_code,
            case when reason_pre is not null then column_pre
                 when key_rank > 1 or {existing} then {literal(",".join(dataset.key))} end
                 as reason_column
        from ranked
        """.replace("$as_of", f"{literal(as_of.isoformat())}::timestamptz")
    )


def _insert(con, dataset: Dataset, result: FileResult) -> None:
    lineage = _lineage(result.file_name, result.file_hash)
    if dataset.mode == "upsert":
        replaced = " and ".join(
            f"raw.{dataset.name}.{k} = {typed(dataset.column(k))}" for k in dataset.key
        )
        con.execute(
            f"delete from raw.{dataset.name} using _checked "
            f"where _checked.reason_code is null and {replaced}"
        )
    cols = ", ".join(c.name for c in dataset.columns)
    values = ", ".join(typed(c) for c in dataset.columns)
    con.execute(
        f"""insert into raw.{dataset.name} ({cols}, _file_name, _file_hash, _line_number, _loaded_at)
        select {values}, {lineage}, line_number, now() from _checked where reason_code is null"""
    )
    fields = ", ".join(f"{literal(c.name)}: v_{c.name}" for c in dataset.columns)
    con.execute(
        f"""insert into raw.quarantine_{dataset.name}
        select reason_code, reason_column, {lineage}, line_number,
               left(coalesce(raw_text, to_json({{{fields}}})::varchar), {QUARANTINE_TEXT_CHARS}),
               now()
        from _checked where reason_code is not null"""
    )
    read, loaded = con.execute(
        "select count(*), count(*) filter (where reason_code is null) from _checked"
    ).fetchone()
    result.rows_read, result.rows_loaded, result.rows_quarantined = read, loaded, read - loaded


def _write_ledger(con, path: Path, result: FileResult, started: float) -> None:
    result.duration_ms = int((time.monotonic() - started) * 1000)
    con.execute(
        """insert into raw.load_ledger (file_hash, file_name, dataset, file_bytes, status,
            rows_read, rows_loaded, rows_quarantined, source_encoding, unknown_columns,
            missing_optional_columns, error, duration_ms, loaded_at, load_batch_id)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)""",
        [
            result.file_hash, result.file_name, result.dataset, path.stat().st_size,
            result.status, result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.source_encoding, result.unknown_columns, result.missing_optional_columns,
            result.error, result.duration_ms, result.batch_id,
        ],
    )  # fmt: skip


def load_dataset(
    con: duckdb.DuckDBPyConnection, dataset: Dataset, landing_dir: Path
) -> list[FileResult]:
    """Load every new file of one dataset; returns one result per file found."""
    if not landing_dir.is_dir():
        raise LandingDirMissing(landing_dir)
    ensure_schema(con)
    batch_id = uuid.uuid4().hex  # the files of this call form one delivery batch
    return [
        load_file(con, dataset, path, batch_id=batch_id) for path in discover(landing_dir, dataset)
    ]


def load_all(
    con: duckdb.DuckDBPyConnection, landing_dir: Path, names: Iterable[str] | None = None
) -> list[FileResult]:
    return [
        r for name in (names or DATASETS) for r in load_dataset(con, DATASETS[name], landing_dir)
    ]
