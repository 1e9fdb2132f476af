"""Load landing files into typed ``raw.*`` tables, quarantining every row that breaks the contract.

Guarantees, per file:
- idempotent: the file's sha256 is the key of ``raw.load_ledger``; a file already there is skipped;
- atomic: rows, quarantine rows and the ledger entry commit in one transaction;
- complete: ``rows_read = rows_loaded + rows_quarantined`` or the transaction is rolled back;
- contained: no file stops the run. Whatever is inside a file or in its name, it ends in the
  ledger as loaded, empty or rejected (with a reason code), or, if it is not complete yet or
  cannot be read right now, it is left ``pending`` (no ledger row) for a later run
  (``intake`` decides which files are complete and reads a private copy of each).
All parsing and validation is vectorised SQL inside DuckDB; Python only walks files.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from journey_warehouse.settings import landing_date_window, landing_settle_seconds

from .contract import DATASETS, Dataset
from .intake import (
    Entry,
    Pending,
    complete_files,
    content_hash,
    copy_folder,
    entry_for,
    private_copy,
    remove_stale_copies,
    scan,
)
from .sql import (
    BOM,
    LEDGER_ADDED_COLUMNS,
    LEDGER_DDL,
    SNAPSHOT_COLUMNS,
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
QUARANTINE_COLUMNS = (
    "(reason_code, reason_column, _file_name, _file_hash, _line_number, raw_text, _quarantined_at)"
)
CHUNK = 8 * 1024 * 1024


class UnreadableFile(ValueError):
    """The file cannot be what its name says (e.g. binary content in a .csv)."""


# errors that mean "this file's content is unreadable": the loader reads a private copy, so a
# read error here is the content's, never the landing folder's (those leave the file pending)
FILE_PROBLEMS = (
    UnreadableFile,
    duckdb.IOException,
    duckdb.InvalidInputException,
    duckdb.ConversionException,
    UnicodeError,
)
# statuses of a file that is not taken in this run and is tried again by the next one
PENDING = "pending"
# pending reasons an operator must see (the others, e.g. a file still being written, are normal)
PENDING_PROBLEMS = ("read_error", "loader_error")


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


class HeaderProblem(ValueError):
    """The CSV header cannot be mapped to the contract: every row is quarantined with the reason."""

    def __init__(self, reason_code: str, column: str | None, message: str) -> None:
        super().__init__(message)
        self.reason_code, self.column = reason_code, column


@dataclass
class FileResult:
    file_name: str
    dataset: str
    file_hash: str
    status: str  # loaded | empty | rejected | skipped | pending (not taken yet, no ledger row)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    source_encoding: str | None = None
    unknown_columns: list[str] = field(default_factory=list)
    missing_optional_columns: list[str] = field(default_factory=list)
    error: str | None = None
    duration_ms: int = 0
    batch_id: str | None = None
    reason_code: str | None = None  # why the file was rejected or is pending
    # of rows_quarantined: identical rows loaded by an earlier file, or (snapshots) rows of keys
    # a newer extract already loaded
    rows_already_loaded: int = 0
    extracted_at: datetime | None = None  # snapshots: the extract time (see extract_time)
    # snapshots: keys of older extracts this one no longer has (None: deletions not applied)
    rows_deleted: int | None = None
    path: str | None = None  # printable path below the landing folder

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def needs_attention(self) -> bool:
        """Rejected now, or left pending by an error someone has to look at."""
        return self.status == "rejected" or (
            self.status == PENDING and self.reason_code in PENDING_PROBLEMS
        )


def problem_files(results: Iterable[FileResult]) -> list[FileResult]:
    """The files an alert must name: rejected in this run, or pending on a read or loader error."""
    return [r for r in results if r.needs_attention]


@dataclass(frozen=True)
class Rules:
    """The run-time knobs of the contract: JW_LANDING_SETTLE_SECONDS, JW_LANDING_EARLIEST_DATE and
    JW_LANDING_LATEST_DATE."""

    settle_seconds: float
    date_window: tuple[date, date]

    @classmethod
    def from_env(cls) -> Rules:
        return cls(landing_settle_seconds(), landing_date_window())


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    con.execute(LEDGER_DDL)
    for column, sql_type in LEDGER_ADDED_COLUMNS.items():
        con.execute(f"alter table raw.load_ledger add column if not exists {column} {sql_type}")
    for dataset in DATASETS.values():
        con.execute(raw_table_ddl(dataset))
        con.execute(quarantine_table_ddl(dataset))
        con.execute(f"alter table raw.quarantine_{dataset.name} "
                    "add column if not exists _replayed_into varchar")  # fmt: skip
        if dataset.mode == "snapshot":  # rows loaded before extract times: their load time
            for column, sql_type in SNAPSHOT_COLUMNS.items():
                con.execute(f"alter table raw.{dataset.name} add column if not exists "
                            f"{column} {sql_type}")  # fmt: skip
            con.execute(f"update raw.{dataset.name} set _extracted_at = _loaded_at "
                        "where _extracted_at is null")  # fmt: skip


# a date, optionally with a time, in a snapshot's file name: 2025-03-02, 20250302T0600(00)
_EXTRACT_STAMP = re.compile(
    r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?:[T_-]?(\d{2})-?(\d{2})(?:-?(\d{2}))?)?(?!\d)"
)


def extract_time(entry: Entry) -> datetime:
    """When a snapshot file was extracted: the last date (and time, UTC) in its name, else the
    file's modification time. Snapshots apply in this order, whatever order they arrive in."""
    for match in reversed(list(_EXTRACT_STAMP.finditer(entry.name))):
        try:
            return datetime(*(int(part or 0) for part in match.groups()), tzinfo=UTC)
        except ValueError:  # 2025-13-45: not a date
            continue
    return datetime.fromtimestamp(entry.mtime_ns / 1e9, UTC)


def discover(
    landing_dir: Path, dataset: Dataset, settle_seconds: float | None = None
) -> list[Path]:
    """The complete, plain files of one dataset the loader would read now, oldest name first so
    that nightly files load in order (the landing sensor fingerprints these)."""
    if settle_seconds is None:
        settle_seconds = landing_settle_seconds()
    return complete_files(landing_dir, dataset, settle_seconds)


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
        first = handle.readline(MAX_LINE_BYTES + 1)
        if len(first) > MAX_LINE_BYTES and handle.read(1):
            raise HeaderProblem(
                "line_too_long", None, f"the header line is longer than {MAX_LINE_BYTES} bytes"
            )
    return next(csv.reader([first]), []) if first.strip() else []


def _check_header(dataset: Dataset, header: list[str]) -> None:
    """A header the contract columns can be read from unambiguously, or HeaderProblem."""
    if empty := [i + 1 for i, name in enumerate(header) if not name.strip()]:
        raise HeaderProblem(
            "empty_column_name", None,
            f"header column(s) {', '.join(map(str, empty))} of {len(header)} have no name (a "
            "header ending in a delimiter?): name every column or remove the extra delimiter",
        )  # fmt: skip
    repeated = sorted({n for n in header if header.count(n) > 1 and n in dataset.names})
    if repeated:
        raise HeaderProblem(
            "duplicate_column", ",".join(repeated),
            f"header repeats the column(s) {', '.join(repeated)}: which one holds the value is "
            "ambiguous, deliver each column once",
        )  # fmt: skip
    if missing := [c for c in dataset.required if c not in header]:
        raise HeaderProblem(
            "missing_required_column", ",".join(missing),
            "missing required column(s): " + ", ".join(missing),
        )  # fmt: skip


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
    if col_type.startswith("TIMESTAMP") and "TIME ZONE" not in col_type:
        # a Parquet timestamp without time zone has no offset to check: its values are UTC
        return f"cast({q(name)} as varchar) || '+00'"
    return f"cast({q(name)} as varchar)"


def _repeated_key(keys: str) -> str:
    """The first key a list of JSON keys repeats, or NULL."""
    return f"list_filter({keys}, lambda k, i: list_position({keys}, k) < i)[1]"


def _key_lists(doc: str, dataset: Dataset) -> list[str]:
    """The top-level keys of a JSON object and those of its JSON columns."""
    return [f"json_keys({doc})"] + [
        f"coalesce(json_keys({doc}, {literal('$.' + c.name)}), [])"
        for c in dataset.columns
        if c.kind == "json"
    ]


def _stage_jsonl(con, path: Path, dataset: Dataset) -> None:
    fields = []
    for c in dataset.columns:
        getter = "json_extract" if c.kind == "json" else "json_extract_string"
        fields.append(f"{getter}(doc, {literal('$.' + c.name)})::varchar as v_{c.name}")
    # JSON keeps the first of two equal keys silently: top-level keys and those of JSON columns;
    # a cheap test on every row, the repeated key's name only for the rows that have one
    repeats = " or ".join(f"len({k}) <> list_unique({k})" for k in _key_lists("doc", dataset))
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
                line_number > 1 and starts_with(raw_text, {BOM}) as has_bom,
                regexp_replace(
                    case when line_number = 1 then ltrim(raw_text, {BOM}) else raw_text end,
                    '\\r$', ''
                ) as raw_text
            from lines
        ),
        parsed as (
            select
                line_number,
                has_bom,
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
        select line_number, raw_text, not is_object as is_malformed, has_bom,
               {repeats} as has_repeated_keys, null::varchar as duplicate_json_key,
               {", ".join(fields)}
        from documents
        """,
        [str(path)],
    )
    named = ", ".join(_repeated_key(k) for k in _key_lists("raw_text", dataset))
    con.execute(f"update _stage set duplicate_json_key = coalesce({named}) where has_repeated_keys")


def _stage_parquet(con, path: Path, dataset: Dataset, present: dict[str, str]) -> None:
    values = ", ".join(f"{_value_sql(c.name, present)} as v_{c.name}" for c in dataset.columns)
    con.execute(
        f"""
        create or replace temp table _stage as
        select file_row_number + 1 as line_number, null::varchar as raw_text,
               false as is_malformed, false as has_bom, null::varchar as duplicate_json_key,
               {values}
        from read_parquet(?, file_row_number = true)
        """,
        [str(path)],
    )


MAX_REPARSES = 100  # unterminated quotes per file whose swallowed lines are parsed again


def _read_csv(con, path: Path, columns: str, header: bool) -> None:
    """Parse ``path`` into ``_csv_pass`` (records in file order) and ``_csv_rejects``."""
    con.execute("drop table if exists _csv_rejects")
    con.execute("drop table if exists _csv_scans")
    con.execute(
        f"""
        create or replace temp table _csv_pass as
        select * from read_csv(
            ?, header = {str(header).lower()}, auto_detect = false, columns = {columns},
            delim = ',', quote = '"', escape = '"', max_line_size = {MAX_LINE_BYTES},
            store_rejects = true, rejects_table = '_csv_rejects', rejects_scan = '_csv_scans'
        )""",
        [str(path)],
    )


def _parse_pass(
    con, source: Path, columns: str, cells: str, lines: list[int] | None
) -> list[tuple[int, str]]:
    """Parse ``source`` into ``_csv`` and ``_rejected``; returns the (line, text) of the lines
    unterminated quotes swallowed. ``lines``: the landing file's line of each line of a
    re-parsed file (None: ``source`` is the landing file, with its header)."""

    def physical(line: str) -> str:  # a line of this file as a line of the landing file
        return line if lines is None else f"(?::bigint[])[{line}]"

    params = [] if lines is None else [lines]
    _read_csv(con, source, columns, header=lines is None)
    first = 2 if lines is None else 1  # the first record's line in this file
    con.execute(
        """
        create or replace temp table _pass_rejects as
        select line::bigint as line, csv_line, is_long,
               len(string_split(rtrim(csv_line, chr(10)), chr(10)))::bigint as spanned
        from (
            select line, min(csv_line) as csv_line,
                   bool_or(error_type = 'LINE SIZE OVER MAXIMUM') as is_long
            from _csv_rejects group by line
        )
        """
    )
    # the n-th parsed record is on the n-th line no rejected record covers
    con.execute(
        f"""
        create or replace temp table _pass_lines as
        with covered as (
            select unnest(range(line, line + case when is_long then 1 else spanned end)) as line
            from _pass_rejects
        )
        select row_number() over (order by line) as ordinal, line
        from (select unnest(range({first}, {first} + (select count(*) from _csv_pass)
                                          + (select count(*) from covered))) as line)
        where line not in (select line from covered)
        """
    )
    con.execute(
        f"""insert into _csv
        select {physical("good.line")}, {cells}
        from (select row_number() over (order by rowid) as ordinal, * from _csv_pass)
        join _pass_lines as good using (ordinal)""",
        params,
    )
    swallowing = "not is_long and spanned > 1"
    # or an odd number of quotes on the line (k quotes split it into k + 1 parts)
    first_line = "split_part(csv_line, chr(10), 1)"
    open_quote = f"{swallowing} or len(string_split({first_line}, '\"')) % 2 = 0"
    con.execute(
        f"""insert into _rejected
        select {physical("line")},
               case when {open_quote} then {first_line} else csv_line end,
               case when is_long then 'line_too_long'
                    when {open_quote} then 'unterminated_quote' else 'malformed_record' end
        from _pass_rejects""",
        params,
    )
    return con.execute(
        f"""select {physical("line + i")} as physical_line,
                   string_split(rtrim(csv_line, chr(10)), chr(10))[i + 1] as text
        from _pass_rejects, range(1, spanned) as lines_after(i)
        where {swallowing} order by physical_line""",
        params,
    ).fetchall()


def _stage_csv(con, path: Path, dataset: Dataset, header: list[str], whole_file: bool) -> int:
    """Stage parsed CSV rows; rows the parser rejects go to ``_rejected``. Returns their count.

    Columns are read by position (``c0``, ``c1``, ...), so no name from the file reaches SQL and a
    header the contract cannot use still has every row counted. Line numbers of parsed rows are
    exact unless a quoted field spans several lines.

    An unterminated quote makes the parser read on into the next lines until it gives up: that
    line is rejected as ``unterminated_quote`` and the lines it swallowed are parsed again, so the
    good rows among them load and every physical line is counted once.
    """
    names = [f"c{i}" for i in range(len(header))]
    columns = "{" + ", ".join(f"'{n}': 'varchar'" for n in names) + "}"
    cells = ", ".join(names)
    con.execute(
        "create or replace temp table _csv (line bigint, "
        + ", ".join(f"{n} varchar" for n in names) + ")"
    )  # fmt: skip
    con.execute(
        "create or replace temp table _rejected (line bigint, csv_line varchar, reason varchar)"
    )
    source, lines = path, None  # lines: the physical line of each line of a re-parsed file
    for attempt in range(MAX_REPARSES + 1):
        swallowed = _parse_pass(con, source, columns, cells, lines)
        if not swallowed:
            break
        if attempt == MAX_REPARSES:  # a file of broken quotes: the rest is quarantined as is
            con.execute(
                "insert into _rejected select unnest(?::bigint[]), unnest(?::varchar[]), "
                "'unterminated_quote'",
                [[line for line, _ in swallowed], [text for _, text in swallowed]],
            )
            break
        lines = [line for line, _ in swallowed]
        source = path.with_name(f"{path.name}.reparse{attempt}")
        source.write_text("\n".join(text for _, text in swallowed) + "\n", encoding="utf-8")
    position = {}
    for i, name in enumerate(header):
        position.setdefault(name, i)
    values = ", ".join(
        f"c{position[c.name]} as v_{c.name}"
        if c.name in position
        else f"null::varchar as v_{c.name}"
        for c in dataset.columns
    )
    # a header the contract cannot use: keep each row's fields in file order
    raw_text = f"to_json([{cells}])::varchar" if whole_file else "null::varchar"
    con.execute(
        f"""
        create or replace temp table _stage as
        select line as line_number, {raw_text} as raw_text,
               false as is_malformed, coalesce(starts_with(c0, {BOM}), false) as has_bom,
               null::varchar as duplicate_json_key, {values}
        from _csv
        """
    )
    return con.execute("select count(*) from _rejected").fetchone()[0]


def _lineage(file_name: str, file_hash: str) -> str:
    return f"{literal(file_name)}, {literal(file_hash)}"


def _already_in_ledger(con, file_hash: str, result: FileResult) -> bool:
    if con.execute("select 1 from raw.load_ledger where file_hash = ?", [file_hash]).fetchone():
        result.status = "skipped"
        return True
    return False


def load_file(
    con: duckdb.DuckDBPyConnection,
    dataset: Dataset,
    path: Path,
    as_of: datetime | None = None,
    batch_id: str | None = None,
    *,
    entry: Entry | None = None,
    rules: Rules | None = None,
) -> FileResult:
    """Load one file in one transaction. Whole-file problems end as a ``rejected`` ledger entry;
    a file that cannot be read now (or changes while it is read) is left ``pending``."""
    started = time.monotonic()
    entry = entry or entry_for(path)
    rules = rules or Rules.from_env()
    result = FileResult(entry.name, dataset.name, "", "loaded", batch_id=batch_id,
                        path=entry.relative)  # fmt: skip
    if entry.problem is not None:
        return _reject_entry(con, dataset, entry, result, started)
    if dataset.mode == "snapshot":
        result.extracted_at = extract_time(entry)
    as_of = as_of or datetime.now(UTC)
    try:
        # hash in place first: a file loaded before is not copied again
        result.file_hash = content_hash(entry)
        if _already_in_ledger(con, result.file_hash, result):
            return result
        with copy_folder() as workdir:
            copy = Path(workdir) / ("landing" + path.suffix.lower())
            private_copy(entry, copy, expected_hash=result.file_hash)
            try:
                con.execute("begin transaction")
                _load_rows(con, dataset, copy, Path(workdir), result, as_of, rules)
                _write_ledger(con, result, entry.size, started)
                con.execute("commit")
            except FILE_PROBLEMS as exc:
                con.execute("rollback")
                return _reject_content(con, dataset, entry, result, exc, started)
            except BaseException:
                con.execute("rollback")
                raise
    except Pending as pending:
        result.status, result.reason_code = PENDING, pending.reason_code
        result.error = pending.message
        log.warning("%s %s: pending (%s): %s", dataset.name, entry.relative, pending.reason_code,
                    pending.message)  # fmt: skip
        return result
    except Exception as exc:  # a loader bug or a resource problem: never stop the whole run
        log.exception("%s %s: not loaded, left for the next run", dataset.name, entry.relative)
        result = FileResult(entry.name, dataset.name, result.file_hash, PENDING, batch_id=batch_id,
                            path=entry.relative, reason_code="loader_error",
                            error=f"{type(exc).__name__}: {exc}"[:2000])  # fmt: skip
        return result
    # one line per file, so a long load shows progress
    log.log(
        logging.WARNING if result.status == "rejected" else logging.INFO,
        "%s %s: %s, %d read, %d loaded, %d quarantined (%d ms)%s", dataset.name, entry.name,
        result.status, result.rows_read, result.rows_loaded, result.rows_quarantined,
        result.duration_ms, f" {result.reason_code}: {result.error}" if result.reason_code else "",
    )  # fmt: skip
    return result


def _reject_content(con, dataset: Dataset, entry: Entry, result: FileResult, exc, started):
    """The file cannot be read as what its name says: one ledger row, one quarantine row."""
    log.warning("rejected %s: %s", entry.relative, exc)
    rejected = FileResult(
        entry.name, dataset.name, result.file_hash, "rejected", error=str(exc)[:2000],
        batch_id=result.batch_id, reason_code="unreadable_file", path=entry.relative,
    )  # fmt: skip
    _record_rejection(con, dataset, rejected, entry.size, started)
    return rejected


def _reject_entry(con, dataset: Dataset, entry: Entry, result: FileResult, started) -> FileResult:
    """A symlink, special or hidden file or an unusable name: rejected without being opened,
    keyed by its path, size and mtime (the content is never read)."""
    result.file_hash = entry.entry_key
    if _already_in_ledger(con, result.file_hash, result):
        return result
    result.status = "rejected"
    result.reason_code, result.error = entry.problem
    log.warning("%s %s: rejected (%s): %s", dataset.name, entry.name, *entry.problem)
    _record_rejection(con, dataset, result, entry.size, started)
    return result


def _record_rejection(con, dataset: Dataset, result: FileResult, size: int, started) -> None:
    con.execute("begin transaction")
    try:
        con.execute(
            f"insert into raw.quarantine_{dataset.name} {QUARANTINE_COLUMNS} values "
            f"(?, null, {_lineage(result.file_name, result.file_hash)}, null, ?, now())",
            [result.reason_code, result.error],
        )
        _write_ledger(con, result, size, started)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _load_rows(
    con, dataset: Dataset, path: Path, workdir: Path, result: FileResult, as_of, rules: Rules
) -> None:
    suffix = path.suffix.lower()
    rejected_by_parser = 0
    header_problem: HeaderProblem | None = None
    con.execute("drop table if exists _rejected")  # a previous CSV's parser rejects
    if path.stat().st_size == 0:
        result.status = "empty"
        return
    if suffix == ".parquet":
        present = _parquet_columns(con, path)
        _stage_parquet(con, path, dataset, present)
        header = list(present)
        missing = [c for c in dataset.required if c not in header]
        if missing:
            header_problem = HeaderProblem(
                "missing_required_column", ",".join(missing),
                "missing required column(s): " + ", ".join(missing),
            )  # fmt: skip
    else:
        text_path, result.source_encoding = _as_utf8(path, workdir)
        if suffix == ".csv":
            try:
                header = _csv_header(text_path)
            except HeaderProblem as problem:  # nothing can be parsed: count the lines
                _reject_unparsed(con, text_path, result, problem)
                return
            if not header:
                result.status = "empty"
                return
            try:
                _check_header(dataset, header)
            except HeaderProblem as problem:
                header_problem = problem
            rejected_by_parser = _stage_csv(
                con, text_path, dataset, header, whole_file=header_problem is not None
            )
        else:
            _stage_jsonl(con, text_path, dataset)
            header = _jsonl_keys(con)
    result.unknown_columns = sorted(set(header) - set(dataset.names))
    result.missing_optional_columns = [
        c.name for c in dataset.columns if not c.required and c.name not in header
    ]
    if header_problem is not None:
        # the file cannot satisfy the contract: every row goes to quarantine with one clear reason
        result.status = "rejected"
        result.reason_code, result.error = header_problem.reason_code, str(header_problem)
        column = literal(header_problem.column) if header_problem.column else "null"
        reason = ("1", literal(header_problem.reason_code), column)
    else:
        reason = reason_case(dataset, MAX_LINE_BYTES, rules.date_window)
    _validate(con, dataset, reason, as_of, result.extracted_at)
    _insert(con, dataset, result)
    if rejected_by_parser:
        con.execute(
            f"""insert into raw.quarantine_{dataset.name} {QUARANTINE_COLUMNS}
            select reason, null, {_lineage(result.file_name, result.file_hash)}, line,
                   left(csv_line, {QUARANTINE_TEXT_CHARS}), now()
            from _rejected"""
        )
    if dataset.mode == "snapshot" and result.status == "loaded":
        _record_deletions(con, dataset, result, unreadable_lines=rejected_by_parser)
    result.rows_read += rejected_by_parser
    result.rows_quarantined += rejected_by_parser
    if result.rows_read == 0:
        result.status = "empty"
    elif result.status == "loaded" and result.rows_loaded == 0 and _only_malformed(con, dataset):
        result.status, result.reason_code = "rejected", "unreadable_file"
        result.error = (
            f"no line of the file is a {'CSV record' if suffix == '.csv' else 'JSON object'}: "
            f"it is not the {suffix} file its name says (every line quarantined as malformed)"
        )
    if result.rows_read != result.rows_loaded + result.rows_quarantined:
        raise ReconciliationError(f"{path.name}: counts do not reconcile: {result}")


def _only_malformed(con, dataset: Dataset) -> bool:
    """Every quarantined row of this file was one the parser could not read."""
    staged = con.execute(
        "select count(*) filter (where reason_code <> 'malformed_record') from _checked"
    ).fetchone()[0]
    if staged:
        return False
    if con.execute("select count(*) from information_schema.tables where table_name = '_rejected'"
                   ).fetchone()[0]:  # fmt: skip
        return not con.execute(
            "select count(*) from _rejected where reason <> 'malformed_record'"
        ).fetchone()[0]
    return True


def _reject_unparsed(con, path: Path, result: FileResult, problem: HeaderProblem) -> None:
    """A CSV whose header line itself cannot be read: every line, the header included, is
    quarantined unparsed with the reason (the rows cannot be told from the header)."""
    con.execute(
        """
        create or replace temp table _lines as
        select * from (
            select generate_subscripts(parts, 1) as line_number, unnest(parts) as raw_text
            from (select string_split(content, chr(10)) as parts from read_text(?))
        ) where trim(raw_text) <> ''
        """,
        [str(path)],
    )
    con.execute(
        f"""insert into raw.quarantine_{result.dataset} {QUARANTINE_COLUMNS}
        select ?, null, {_lineage(result.file_name, result.file_hash)}, line_number,
               left(raw_text, {QUARANTINE_TEXT_CHARS}), now()
        from _lines""",
        [problem.reason_code],
    )
    result.status, result.reason_code, result.error = "rejected", problem.reason_code, str(problem)
    result.rows_read = result.rows_quarantined = con.execute(
        "select count(*) from _lines"
    ).fetchone()[0]


def _jsonl_keys(con) -> list[str]:
    """Distinct top-level keys over all JSON objects of the file (for the unknown-column report)."""
    rows = con.execute(
        "select distinct unnest(json_keys(case when not is_malformed and strlen(raw_text) <= "
        f"{MAX_LINE_BYTES} then raw_text else '{{}}' end)) from _stage"
    ).fetchall()
    return [r[0] for r in rows]


def _validate(
    con, dataset: Dataset, reason: tuple[str, str, str], as_of: datetime, extracted_at
) -> None:
    rule_no, code, column = reason
    typed_values = ", ".join(f"{typed(c)} as t_{c.name}" for c in dataset.columns)
    key = ", ".join(f"t_{k}" for k in dataset.key)
    matches_raw = " and ".join(f"raw_row.{k} = t_{k}" for k in dataset.key)
    same_values = " and ".join(
        f"raw_row.{c.name} is not distinct from t_{c.name}" for c in dataset.columns
    )
    if dataset.mode == "append":
        key_loaded = f"exists (select 1 from raw.{dataset.name} as raw_row where {matches_raw})"
        # the same key with the same values: a re-delivered row, harmless, not a bad row
        row_loaded = (
            f"exists (select 1 from raw.{dataset.name} as raw_row "
            f"where {matches_raw} and {same_values})"
        )
    else:  # upserts and snapshots: a later file replaces the rows with the same key
        key_loaded = row_loaded = "false"
    superseded = "false"
    if dataset.mode == "snapshot":  # ... unless a newer extract already spoke about the key
        superseded = (
            f"exists (select 1 from raw.{dataset.name} as raw_row where {matches_raw} and "
            f"coalesce(raw_row._deleted_at, raw_row._extracted_at) > $extracted_at)"
        )
    con.execute(
        f"""
        create or replace temp table _checked as
        with typed_stage as (
            select *, {typed_values} from _stage
        ),
        numbered as (
            select *, {rule_no} as rule_no from typed_stage
        ),
        ruled as (
            select *, {code} as reason_pre, {column} as column_pre from numbered
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
        ),
        matched as (
            select
                *,
                reason_pre is null and {row_loaded} as is_row_loaded,
                reason_pre is null and {superseded} as is_superseded,
                reason_pre is null and (key_rank > 1 or {key_loaded}) as is_duplicate
            from ranked
        )
        select
            *,
            coalesce(
                reason_pre,
                case when is_row_loaded then 'already_loaded'
                     when is_superseded then 'superseded_snapshot'
                     when is_duplicate then 'duplicate_key' end
            ) as reason_code,
            case when reason_pre is not null then column_pre
                 when is_row_loaded or is_superseded or is_duplicate then {literal(",".join(dataset.key))} end
                 as reason_column
        from matched
        """.replace("$as_of", f"{literal(as_of.isoformat())}::timestamptz").replace(
            "$extracted_at", f"{literal(str(extracted_at))}::timestamptz"
        )
    )


def check_json_lines(con, dataset: Dataset, path: Path, rules: Rules, as_of: datetime) -> None:
    """Check a JSON-lines file of the dataset's rows against the contract without loading it:
    ``_checked`` gets each line's ``line_number`` and ``reason_code`` (NULL: it would load)."""
    _stage_jsonl(con, path, dataset)
    _validate(con, dataset, reason_case(dataset, MAX_LINE_BYTES, rules.date_window), as_of, None)


def _insert(con, dataset: Dataset, result: FileResult) -> None:
    lineage = _lineage(result.file_name, result.file_hash)
    if dataset.mode != "append":
        replaced = " and ".join(f"raw.{dataset.name}.{k} = _checked.t_{k}" for k in dataset.key)
        con.execute(
            f"delete from raw.{dataset.name} using _checked "
            f"where _checked.reason_code is null and {replaced}"
        )
    cols = ", ".join(c.name for c in dataset.columns)
    values = ", ".join(f"t_{c.name}" for c in dataset.columns)
    if dataset.mode == "snapshot":
        cols += ", _extracted_at"
        values += f", {literal(str(result.extracted_at))}::timestamptz"
    con.execute(
        f"""insert into raw.{dataset.name} ({cols}, _file_name, _file_hash, _line_number, _loaded_at)
        select {values}, {lineage}, line_number, now() from _checked where reason_code is null"""
    )
    fields = ", ".join(f"{literal(c.name)}: v_{c.name}" for c in dataset.columns)
    con.execute(
        f"""insert into raw.quarantine_{dataset.name} {QUARANTINE_COLUMNS}
        select reason_code, reason_column, {lineage}, line_number,
               left(coalesce(raw_text, to_json({{{fields}}})::varchar), {QUARANTINE_TEXT_CHARS}),
               now()
        from _checked where reason_code is not null"""
    )
    read, loaded, already = con.execute(
        "select count(*), count(*) filter (where reason_code is null), "
        "count(*) filter (where reason_code in ('already_loaded', 'superseded_snapshot')) "
        "from _checked"
    ).fetchone()
    result.rows_read, result.rows_loaded, result.rows_quarantined = read, loaded, read - loaded
    result.rows_already_loaded = already


def _record_deletions(con, dataset: Dataset, result: FileResult, unreadable_lines: int) -> None:
    """A snapshot is a full extract: a key an older extract had and this one lacks was deleted
    in the source; its row stays, with ``_deleted_at`` set to this extract's time. A key only a
    late-arriving older extract has is deleted as of the first newer extract applied before.
    A file with no rows, or with lines whose key cannot be read, deletes nothing (the key may
    be there): its ``rows_deleted`` stays NULL."""
    unkeyed = con.execute(
        "select count(*) from _checked where "
        + " or ".join(f"t_{k} is null" for k in dataset.key)
    ).fetchone()[0] + unreadable_lines  # fmt: skip
    if result.rows_read == 0 or unkeyed:
        if unkeyed:
            result.error = f"deletions not applied: {unkeyed} line(s) without a readable key"
        return
    in_file = " and ".join(f"_checked.t_{k} = raw_row.{k}" for k in dataset.key)
    extracted = f"{literal(str(result.extracted_at))}::timestamptz"
    result.rows_deleted = con.execute(
        f"""update raw.{dataset.name} as raw_row set _deleted_at = {extracted}
        where _deleted_at is null and _extracted_at < {extracted}
          and not exists (select 1 from _checked where {in_file})"""
    ).fetchone()[0]  # DuckDB returns the number of rows updated
    con.execute(
        f"""update raw.{dataset.name} set _deleted_at = newer.extracted_at
        from (select min(extracted_at) as extracted_at from raw.load_ledger
              where dataset = ? and extracted_at > {extracted} and rows_deleted is not null
             ) as newer
        where _file_hash = ? and newer.extracted_at is not null""",
        [dataset.name, result.file_hash],
    )


def _write_ledger(con, result: FileResult, file_bytes: int, started: float) -> None:
    result.duration_ms = int((time.monotonic() - started) * 1000)
    con.execute(
        """insert into raw.load_ledger (file_hash, file_name, dataset, file_bytes, status,
            reason_code, rows_read, rows_loaded, rows_quarantined, rows_already_loaded,
            source_encoding, unknown_columns, missing_optional_columns, error, duration_ms,
            loaded_at, load_batch_id, extracted_at, rows_deleted)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?)""",
        [
            result.file_hash, result.file_name, result.dataset, file_bytes, result.status,
            result.reason_code, result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_already_loaded, result.source_encoding, result.unknown_columns,
            result.missing_optional_columns, result.error, result.duration_ms, result.batch_id,
            result.extracted_at, result.rows_deleted,
        ],
    )  # fmt: skip


def load_dataset(
    con: duckdb.DuckDBPyConnection,
    dataset: Dataset,
    landing_dir: Path,
    *,
    rules: Rules | None = None,
    as_of: datetime | None = None,
) -> list[FileResult]:
    """Load every new, complete file of one dataset; returns one result per file found
    (``pending`` for one that is not complete yet or could not be read now)."""
    if not landing_dir.is_dir():
        raise LandingDirMissing(landing_dir)
    ensure_schema(con)
    remove_stale_copies()
    rules = rules or Rules.from_env()
    batch_id = uuid.uuid4().hex  # the files of this call form one delivery batch
    results = []
    for entry in scan(landing_dir, dataset, rules.settle_seconds):
        if not entry.complete:  # judged once it has settled, whatever it is
            results.append(_incomplete(dataset, entry, rules, batch_id))
            continue
        results.append(
            load_file(con, dataset, entry.path, as_of, batch_id, entry=entry, rules=rules)
        )
    return results


def _incomplete(dataset: Dataset, entry: Entry, rules: Rules, batch_id: str) -> FileResult:
    age = max(0.0, time.time() - entry.changed_ns / 1e9)
    message = (
        f"{entry.relative} changed {age:.0f} s ago: it is taken once it has not changed for "
        f"JW_LANDING_SETTLE_SECONDS={rules.settle_seconds:g} s or a _SUCCESS file in its folder "
        "is newer than it"
    )
    log.info("%s %s: pending (incomplete): %s", dataset.name, entry.relative, message)
    return FileResult(entry.name, dataset.name, "", PENDING, batch_id=batch_id, path=entry.relative,
                      reason_code="incomplete", error=message)  # fmt: skip


def load_all(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    names: Iterable[str] | None = None,
    *,
    rules: Rules | None = None,
    as_of: datetime | None = None,
) -> list[FileResult]:
    rules = rules or Rules.from_env()
    return [
        r
        for name in (names or DATASETS)
        for r in load_dataset(con, DATASETS[name], landing_dir, rules=rules, as_of=as_of)
    ]
